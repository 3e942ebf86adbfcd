/**
 * Overview: open exceptions by owning team, each flow's backlog and oldest unposted record,
 * and the monitoring figures, with the ones above their threshold marked as needing attention.
 */
import { exceptionOwners, type ExceptionOwner } from '../../ledger/types.ts';
import type { FlowStatus, HubStatus, MonitorFigure } from '../../operations/types.ts';
import { ownerName } from '../../operations/wording.ts';
import { ageText, dashboardUrl, html, humanise, plural, timeTag, type Html } from './html.ts';

function renderTeams(counts: Partial<Record<ExceptionOwner, number>>): Html {
  return html`<ul class="teams">
    ${exceptionOwners.map((owner) => {
      const count = counts[owner] ?? 0;
      return html`<li class="${count > 0 ? 'has-open' : ''}">
        <a href="${dashboardUrl('/exceptions', { owner })}">
          <span class="team">${ownerName(owner)}</span>
          <span class="count">${count}</span>
          <span>${count === 1 ? 'open exception' : 'open exceptions'}</span>
        </a>
      </li>`;
    })}
  </ul>`;
}

function renderOwnerLinks(flow: FlowStatus): Html {
  const entries = exceptionOwners.filter((owner) => (flow.openExceptionsByOwner[owner] ?? 0) > 0);
  if (entries.length === 0) return html`none`;
  return html`${entries.map(
    (owner, index) =>
      html`${index > 0 ? ', ' : ''}<a href="${dashboardUrl('/exceptions', { owner, flow: flow.flow })}">${ownerName(owner)} ${flow.openExceptionsByOwner[owner] ?? 0}</a>`,
  )}`;
}

function renderFlows(flows: FlowStatus[]): Html {
  if (flows.length === 0)
    return html`<p class="panel">No flow has run yet. Records appear here as soon as the first order or refund arrives.</p>`;
  return html`<table>
    <caption>Unfinished means received but not yet posted: held as an exception, waiting on purpose (orders for their posting window, refunds for the money to settle, returns for the inspection), or in progress.</caption>
    <thead>
      <tr>
        <th scope="col">Flow</th>
        <th scope="col">Last run</th>
        <th scope="col" class="num">Unfinished</th>
        <th scope="col" class="num">Held as exceptions</th>
        <th scope="col" class="num">Waiting</th>
        <th scope="col" class="num">Posted</th>
        <th scope="col">Oldest unposted</th>
        <th scope="col">Open exceptions by team</th>
      </tr>
    </thead>
    <tbody>
      ${flows.map(
        (flow) => html`<tr>
          <th scope="row">${humanise(flow.flow)}</th>
          <td>${flow.lastRunAt ? timeTag(flow.lastRunAt) : 'not yet'}${flow.lastRunOutcome && flow.lastRunOutcome !== 'ok' ? html` <span class="badge warn">${flow.lastRunOutcome}</span>` : ''}</td>
          <td class="num">${flow.backlog}</td>
          <td class="num">${flow.inException}</td>
          <td class="num">${flow.waiting}</td>
          <td class="num">${flow.posted}</td>
          <td>${flow.oldestUnpostedAt ? html`${ageText(flow.oldestUnpostedAgeSeconds)} old (${timeTag(flow.oldestUnpostedAt)})` : 'none'}</td>
          <td>${renderOwnerLinks(flow)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function needsAttention(figure: MonitorFigure): boolean {
  return figure.threshold !== undefined && figure.value > figure.threshold;
}

function renderMonitors(monitors: MonitorFigure[]): Html {
  if (monitors.length === 0) return html`<p class="panel">No flow reports monitoring figures yet.</p>`;
  const attention = monitors.filter(needsAttention).length;
  return html`<p>${attention === 0 ? 'Every figure is within its limit.' : `${plural(attention, 'figure')} ${attention === 1 ? 'needs' : 'need'} attention.`}</p>
    <table>
      <thead>
        <tr>
          <th scope="col">Flow</th>
          <th scope="col">What is counted</th>
          <th scope="col" class="num">Now</th>
          <th scope="col" class="num">Limit</th>
          <th scope="col">Oldest</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        ${monitors.map(
          (figure) => html`<tr class="${needsAttention(figure) ? 'attention' : ''}">
            <td>${humanise(figure.flow)}</td>
            <td>${figure.label}</td>
            <td class="num">${figure.value}</td>
            <td class="num">${figure.threshold ?? '—'}</td>
            <td>${figure.oldestAgeSeconds ? ageText(figure.oldestAgeSeconds) : '—'}</td>
            <td>${needsAttention(figure) ? html`<span class="badge bad">Needs attention</span>` : html`<span class="badge good">OK</span>`}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}

function renderQueues(status: HubStatus): Html {
  const busy = status.queues.filter((queue) => queue.queued + queue.active + queue.failed > 0);
  if (busy.length === 0) return html`<p class="muted">The work queue is empty.</p>`;
  return html`<p class="muted">
    Work queue: ${busy.map((queue, index) => html`${index > 0 ? '; ' : ''}${queue.name} ${queue.queued} waiting, ${queue.active} running${queue.failed ? `, ${queue.failed} failed` : ''}`)}
  </p>`;
}

export function renderOverview(status: HubStatus): Html {
  return html`<h1>Overview</h1>
    <p class="lead">Hub “${status.hub}”, figures as of ${timeTag(status.generatedAt)}. Ledger: ${status.store.backend} store.</p>
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">Open exceptions by team</h2>
      ${renderTeams(status.openExceptionsByOwner)}
    </section>
    <section aria-labelledby="flows-heading">
      <h2 id="flows-heading">Flows</h2>
      ${renderFlows(status.flows)} ${renderQueues(status)}
    </section>
    <section aria-labelledby="monitors-heading">
      <h2 id="monitors-heading">Monitoring and reconciliation</h2>
      ${renderMonitors(status.monitors)}
    </section>`;
}
