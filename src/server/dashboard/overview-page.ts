/**
 * Overview: open exceptions by owning team, each flow's backlog and oldest unposted record,
 * and the monitoring figures, with the ones above their threshold marked as needing attention.
 */
import { exceptionOwners } from '../../ledger/types.ts';
import type { FlowStatus, HubStatus, MonitorFigure } from '../../operations/types.ts';
import { needsAttention } from '../../operations/monitor-attention.ts';
import { ownerName } from '../../operations/wording.ts';
import type { PageContext } from './layout.ts';
import { ageText, dashboardUrl, html, humanise, plural, timeTag, type Html } from './html.ts';
import { shopSelect } from './shop-select.ts';

/** Each team's card: what needs action in red, what is only for review beside it in neutral words. */
function renderTeams(status: HubStatus): Html {
  return html`<ul class="teams">
    ${exceptionOwners.map((owner) => {
      const count = status.needsActionByOwner[owner] ?? 0;
      const review = status.forReviewByOwner[owner] ?? 0;
      return html`<li class="${count > 0 ? 'has-open' : ''}">
        <a href="${dashboardUrl('/exceptions', { owner, attention: 'action', connection: status.connection })}">
          <span class="team">${ownerName(owner)}</span>
          <span class="count">${count}</span>
          <span>needing action</span>
        </a>
        ${
          review > 0
            ? html`<a class="review-link" href="${dashboardUrl('/exceptions', { owner, attention: 'review', connection: status.connection })}">${review} for review</a>`
            : ''
        }
      </li>`;
    })}
  </ul>`;
}

function renderOwnerLinks(flow: FlowStatus, connection: string | undefined): Html {
  const entries = exceptionOwners.filter((owner) => (flow.openExceptionsByOwner[owner] ?? 0) > 0);
  if (entries.length === 0) return html`none`;
  return html`${entries.map((owner, index) => {
    const action = flow.needsActionByOwner[owner] ?? 0;
    const review = flow.forReviewByOwner[owner] ?? 0;
    const words = [action > 0 ? `${action} to act on` : '', review > 0 ? `${review} for review` : ''].filter(Boolean).join(', ');
    return html`${index > 0 ? '; ' : ''}<a href="${dashboardUrl('/exceptions', { owner, flow: flow.flow, connection })}">${ownerName(owner)}: ${words}</a>`;
  })}`;
}

function renderFlows(flows: FlowStatus[], zone: string, connection: string | undefined): Html {
  if (flows.length === 0)
    return html`<p class="panel">No flow has run yet. Records appear here as soon as the first order or refund arrives.</p>`;
  return html`<div class="scroll"><table>
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
          <td>${flow.lastRunAt ? timeTag(flow.lastRunAt, zone) : flow.runsWith ? `with ${humanise(flow.runsWith)}` : 'not yet'}${flow.lastRunOutcome && flow.lastRunOutcome !== 'ok' ? html` <span class="badge warn">${flow.lastRunOutcome}</span>` : ''}</td>
          <td class="num">${flow.backlog}</td>
          <td class="num">${flow.inException}</td>
          <td class="num">${flow.waiting}</td>
          <td class="num">${flow.posted}</td>
          <td>${flow.oldestUnpostedAt ? html`${ageText(flow.oldestUnpostedAgeSeconds)} old (${timeTag(flow.oldestUnpostedAt, zone)})` : 'none'}</td>
          <td>${renderOwnerLinks(flow, connection)}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}

/** `byShop`: every shop's figures together, each row saying whose it is. */
function renderMonitors(monitors: MonitorFigure[], byShop: boolean): Html {
  if (monitors.length === 0) return html`<p class="panel">No flow reports monitoring figures yet.</p>`;
  const attention = monitors.filter(needsAttention).length;
  return html`<p>${attention === 0 ? 'Every figure is within its limit.' : `${plural(attention, 'figure')} ${attention === 1 ? 'needs' : 'need'} attention.`}</p>
    <div class="scroll"><table>
      <thead>
        <tr>
          ${byShop ? html`<th scope="col">Shop</th>` : ''}
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
            ${byShop ? html`<td>${figure.connection ?? ''}</td>` : ''}
            <td>${humanise(figure.flow)}</td>
            <td>${figure.label}</td>
            <td class="num">${figure.value}</td>
            <td class="num">${figure.threshold ?? '—'}</td>
            <td>${figure.oldestAgeSeconds ? ageText(figure.oldestAgeSeconds) : '—'}</td>
            <td>${
              needsAttention(figure)
                ? html`<span class="badge bad">Needs attention</span>`
                : figure.value > 0 && figure.graceSeconds !== undefined
                  ? html`<span class="badge good">OK, within ${ageText(figure.graceSeconds)}</span>`
                  : html`<span class="badge good">OK</span>`
            }</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
}

function renderQueues(status: HubStatus): Html {
  const busy = status.queues.filter((queue) => queue.queued + queue.active + queue.failed > 0);
  if (busy.length === 0) return html`<p class="muted">The work queue is empty.</p>`;
  return html`<p class="muted">
    Work queue: ${busy.map((queue, index) => html`${index > 0 ? '; ' : ''}${queue.name} ${queue.queued} waiting, ${queue.active} running${queue.failed ? `, ${queue.failed} failed` : ''}`)}
  </p>`;
}

/** On a hub of several shops: which shop's figures, or all of them together. */
function renderShopFilter(status: HubStatus): Html {
  if (!status.connections) return html``;
  return html`<form class="filters panel" method="get" action="/dashboard" aria-label="Choose the shop">
    <div>${shopSelect('overview-connection', status.connections, status.connection, 'All shops')}</div>
    <div><button type="submit">Show</button></div>
  </form>`;
}

export function renderOverview(status: HubStatus, page: PageContext): Html {
  const whose = status.connection ? ` Shop ${status.connection} only.` : status.connections ? ' Every shop together.' : '';
  return html`<h1>Overview</h1>
    <p class="lead">Hub “${status.hub}”, figures as of ${timeTag(status.generatedAt, page.timeZone)}.${whose} Times are in ${page.timeZone}. Ledger: ${status.store.backend} store.</p>
    ${renderShopFilter(status)}
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">Open exceptions by team</h2>
      <p class="hint">Red counts are waiting for someone to act; “for review” items are the hub telling a team what it did.</p>
      ${renderTeams(status)}
    </section>
    <section aria-labelledby="flows-heading">
      <h2 id="flows-heading">Flows</h2>
      ${renderFlows(status.flows, page.timeZone, status.connection)} ${renderQueues(status)}
    </section>
    <section aria-labelledby="monitors-heading">
      <h2 id="monitors-heading">Monitoring and reconciliation</h2>
      ${renderMonitors(status.monitors, Boolean(status.connections) && !status.connection)}
    </section>`;
}
