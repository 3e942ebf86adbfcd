/**
 * Records: the search box (any id of the trail finds the record), and each record with its
 * state in words, its exceptions, the trail across systems and what happened to it, in order.
 */
import type { RecordState } from '../../ledger/types.ts';
import type { RecordView } from '../../operations/types.ts';
import {
  actorWords,
  describeHistoryEntry,
  describeSource,
  describeTargetKey,
  ownerName,
  stateWord,
  systemName,
} from '../../operations/wording.ts';
import { renderExceptionCard } from './exception-card.ts';
import { html, humanise, plural, timeTag, type Html } from './html.ts';
import type { PageContext } from './layout.ts';

const stateTone: Partial<Record<RecordState, string>> = { posted: 'good', exception: 'bad', waiting: 'warn' };

export function renderSearchForm(term: string): Html {
  return html`<form class="search" role="search" method="get" action="/dashboard/records">
    <label for="record-search">Order number or any id</label>
    <input type="search" id="record-search" name="q" value="${term}" required maxlength="200" aria-describedby="record-search-hint" />
    <button type="submit">Search</button>
  </form>
  <p class="hint" id="record-search-hint">
    A Shopify order number (1042 or #1042) or its gid://shopify/Order/… id, a Business Central document number (a sales order such as
    S-ORD101005, an invoice, a credit memo), a warehouse order, a payment or refund id, or the hub's record number.
  </p>`;
}

interface HistoryItem {
  at: Date;
  what: string;
  by: string;
}

/** The record's own audit trail with its exceptions' openings and closings woven in. */
export function collectHistory(view: RecordView): HistoryItem[] {
  const items: HistoryItem[] = view.history.map((entry) => {
    // The sentence carries who did it in brackets; the table has its own column for that.
    const sentence = describeHistoryEntry(entry, view.record).replace(/ \([^()]*\)$/, '');
    return { at: entry.at, what: sentence, by: actorWords(entry.actor) };
  });
  for (const exception of view.exceptions) {
    items.push({
      at: exception.firstSeenAt,
      what: `Exception #${exception.id} opened: ${humanise(exception.code)} (${ownerName(exception.owner)})`,
      by: 'hub',
    });
    if (exception.closedAt) {
      const verb = exception.status === 'ignored' ? 'ignored' : 'resolved';
      items.push({
        at: exception.closedAt,
        what: `Exception #${exception.id} ${verb}${exception.closeNote ? `: “${exception.closeNote}”` : ''}`,
        by: exception.closedBy ?? 'unknown',
      });
    }
  }
  return items.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

function renderProgress(view: RecordView): Html {
  if (view.progress.length === 0) return html``;
  return html`<ol class="progress" aria-label="How far it got across the systems">
    ${view.progress.map(
      (step) =>
        html`<li class="${step.done ? 'done' : 'todo'}"><span aria-hidden="true">${step.done ? '✓' : '○'}</span> ${step.label}${step.reference ? html` <code>${step.reference}</code>` : ''}</li>`,
    )}
  </ol>`;
}

function renderFacts(view: RecordView, zone: string): Html {
  const { record } = view;
  const targets = Object.entries(record.targetIds);
  const overrides = Object.entries(record.overrides ?? {});
  return html`<dl class="facts">
    <dt>State</dt>
    <dd><span class="badge ${Object.hasOwn(stateTone, record.state) ? stateTone[record.state] : ''}">${stateWord(record.state, record.flow)}</span>${view.stateSince ? html` since ${timeTag(view.stateSince, zone)}` : ''}, after ${plural(record.attempts, 'attempt')}</dd>
    ${view.progress.length > 0 ? html`<dt>Progress</dt><dd>${renderProgress(view)}</dd>` : ''}
    <dt>Received</dt>
    <dd>${timeTag(record.createdAt, zone)} from ${systemName(record.sourceSystem)} (${record.sourceId})</dd>
    ${record.postedAt ? html`<dt>Posted</dt><dd>${timeTag(record.postedAt, zone)}</dd>` : ''}
    ${record.externalRef ? html`<dt>Reference</dt><dd>${record.externalRef}</dd>` : ''}
    ${record.connectionId !== 'default' ? html`<dt>Connection</dt><dd>${record.connectionId}</dd>` : ''}
    ${
      targets.length > 0
        ? html`<dt>Created</dt>
          <dd>
            <ul class="plain">
              ${targets.map(([key, value]) => html`<li>${describeTargetKey(key)}: <code>${value}</code></li>`)}
            </ul>
          </dd>`
        : ''
    }
    ${overrides.length > 0 ? html`<dt>Corrections</dt><dd>${overrides.map(([path, value], index) => html`${index > 0 ? ', ' : ''}<code>${path}=${value}</code>`)}</dd>` : ''}
  </dl>`;
}

function renderTrail(view: RecordView, id: number, zone: string): Html {
  if (view.trail.length === 0) return html`<p class="muted">Nothing has been created in another system yet.</p>`;
  return html`<table aria-labelledby="trail-${id}">
    <thead>
      <tr><th scope="col">System</th><th scope="col">What</th><th scope="col">Number</th><th scope="col">Id</th><th scope="col">Linked</th></tr>
    </thead>
    <tbody>
      ${view.trail.map(
        (link) => html`<tr>
          <td>${systemName(link.system)}</td>
          <td>${humanise(link.kind)}</td>
          <td>${link.label ?? '—'}</td>
          <td><code>${link.externalId}</code></td>
          <td>${timeTag(link.createdAt, zone)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function renderHistory(view: RecordView, id: number, zone: string): Html {
  const items = collectHistory(view);
  return html`<table aria-labelledby="history-${id}">
    <thead><tr><th scope="col">When</th><th scope="col">What happened</th><th scope="col">By</th></tr></thead>
    <tbody>
      ${items.map((item) => html`<tr><td>${timeTag(item.at, zone)}</td><td>${item.what}</td><td>${item.by}</td></tr>`)}
    </tbody>
  </table>`;
}

export function renderRecord(view: RecordView, page: PageContext): Html {
  const { record } = view;
  const id = record.id;
  const open = view.exceptions.filter((exception) => exception.status === 'open');
  const closed = view.exceptions.filter((exception) => exception.status !== 'open');
  return html`<article class="panel" aria-labelledby="record-${id}">
    <h2 id="record-${id}">${describeSource(record)}</h2>
    <p class="muted">Record ${id} in the ${humanise(record.flow)} flow.</p>
    ${renderFacts(view, page.timeZone)}
    <h3 id="open-${id}">Open exceptions</h3>
    ${open.length === 0 ? html`<p>None.</p>` : open.map((exception) => renderExceptionCard(exception, page, { level: 4, linkRecord: false }))}
    ${
      closed.length > 0
        ? html`<details>
          <summary>Closed exceptions (${closed.length})</summary>
          ${closed.map((exception) => renderExceptionCard(exception, page, { level: 4, linkRecord: false }))}
        </details>`
        : ''
    }
    <h3 id="trail-${id}">Trail across systems</h3>
    <div class="scroll">${renderTrail(view, id, page.timeZone)}</div>
    <h3 id="history-${id}">History</h3>
    <div class="scroll">${renderHistory(view, id, page.timeZone)}</div>
  </article>`;
}

export function renderRecordsPage(term: string, views: RecordView[], page: PageContext): Html {
  return html`<h1>Find a record</h1>
    ${renderSearchForm(term)}
    ${
      term
        ? html`<section aria-label="Search results">
          <p role="status">${views.length === 0 ? `Nothing matches “${term}”. Check the number, or try another id from the same order.` : `${plural(views.length, 'record')} ${views.length === 1 ? 'matches' : 'match'} “${term}”.`}</p>
          ${views.map((view) => renderRecord(view, page))}
        </section>`
        : ''
    }`;
}

export function renderRecordPage(view: RecordView, page: PageContext): Html {
  return html`<h1>Find a record</h1>
    ${renderSearchForm('')} ${renderRecord(view, page)}`;
}
