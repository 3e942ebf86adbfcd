/**
 * One exception as a card: what went wrong, what to do, how often, the record it belongs to,
 * the evidence, and (while open) the form to retry, resolve or ignore it.
 */
import type { ExceptionSeverity, LedgerException } from '../../ledger/types.ts';
import { attentionOf, attentionWords } from '../../operations/attention.ts';
import { categoryWord, formatAge, ownerName, severityWord } from '../../operations/wording.ts';
import { ageSince, html, humanise, plural, timeTag, type Html } from './html.ts';
import type { PageContext } from './layout.ts';

const severityTone: Record<ExceptionSeverity, string> = { info: 'review', warning: 'warn', error: 'bad', critical: 'bad' };

export interface CardOptions {
  /** The heading level the card's title takes on its page. */
  level: 2 | 3 | 4;
  /** Link to the record page (not needed on the record page itself). */
  linkRecord: boolean;
}

function heading(level: 2 | 3 | 4, id: string, text: string): Html {
  if (level === 2) return html`<h2 id="${id}">${text}</h2>`;
  return level === 3 ? html`<h3 id="${id}">${text}</h3>` : html`<h4 id="${id}">${text}</h4>`;
}

function renderEvidence(evidence: unknown): Html {
  if (evidence === null || evidence === undefined) return html``;
  if (typeof evidence === 'object' && Object.keys(evidence).length === 0) return html``;
  return html`<details>
    <summary>Evidence (what the hub saw)</summary>
    <pre>${JSON.stringify(evidence, null, 2)}</pre>
  </details>`;
}

function renderClosed(exception: LedgerException, zone: string): Html {
  if (exception.status === 'open') return html``;
  const verb = exception.status === 'resolved' ? 'Resolved' : 'Ignored';
  return html`<p><strong>${verb}</strong> by ${exception.closedBy ?? 'unknown'} ${timeTag(exception.closedAt, zone)}${exception.closeNote ? html`: “${exception.closeNote}”` : ''}</p>`;
}

export function renderActionForm(exception: LedgerException, page: PageContext): Html {
  const id = exception.id;
  return html`<details class="act">
    <summary>Act on exception #${id}</summary>
    <form class="stack" method="post" action="/dashboard/exceptions/${id}">
      <input type="hidden" name="csrf" value="${page.csrf}" />
      <input type="hidden" name="back" value="${page.here}" />
      <div>
        <label for="by-${id}">Your name</label>
        <input type="text" id="by-${id}" name="by" value="${page.operatorName}" required maxlength="80" autocomplete="name" aria-describedby="by-${id}-hint" />
        <p class="hint" id="by-${id}-hint">The audit log records who acted. It is remembered on this computer.</p>
      </div>
      <div>
        <label for="note-${id}">Note</label>
        <textarea id="note-${id}" name="note" rows="2" maxlength="2000" aria-describedby="note-${id}-hint"></textarea>
        <p class="hint" id="note-${id}-hint">Needed to resolve or ignore: what you did, or why nothing needs doing.</p>
      </div>
      <div>
        <label for="overrides-${id}">Corrections for the retry (optional)</label>
        <textarea id="overrides-${id}" name="overrides" rows="2" maxlength="4000" aria-describedby="overrides-${id}-hint"></textarea>
        <p class="hint" id="overrides-${id}-hint">One per line as field=value, e.g. <code>shippingAddress.zip=LS1 1AA</code> or <code>attributes.eori=GB123456789000</code>. The hub keeps them on the record.</p>
      </div>
      <div class="buttons">
        <button type="submit" name="do" value="retry">Retry now</button>
        <button type="submit" name="do" value="resolve">Resolve with note</button>
        <button type="submit" name="do" value="ignore" class="secondary">Ignore with note</button>
      </div>
    </form>
  </details>`;
}

export function renderExceptionCard(exception: LedgerException, page: PageContext, options: CardOptions): Html {
  const titleId = `exception-${exception.id}-title`;
  const open = exception.status === 'open';
  const review = attentionOf(exception) === 'review';
  return html`<article class="exception${open ? '' : ' closed'}${review ? ' review' : ''}" id="exception-${exception.id}" aria-labelledby="${titleId}">
    ${heading(options.level, titleId, `#${exception.id} · ${humanise(exception.code)}`)}
    <div class="meta">
      <span class="badge ${review ? 'review' : 'bad'}">${attentionWords[attentionOf(exception)]}</span>
      <span class="badge">Team: ${ownerName(exception.owner)}</span>
      <span class="badge ${Object.hasOwn(severityTone, exception.severity) ? severityTone[exception.severity] : ''}">${severityWord(exception.severity)}</span>
      <span class="badge">Flow: ${humanise(exception.flow)}</span>
      <span class="badge">${categoryWord(exception.category)}</span>
      <span class="badge">${open ? 'Open' : exception.status === 'resolved' ? 'Resolved' : 'Ignored'}</span>
      ${exception.autoRetry && open ? html`<span class="badge">Retried automatically</span>` : ''}
    </div>
    <p class="message">${exception.message}</p>
    <p class="todo"><strong>What to do:</strong> ${exception.action}</p>
    <p class="muted">
      Seen ${plural(exception.occurrences, 'time')}: first ${timeTag(exception.firstSeenAt, page.timeZone)}, last ${timeTag(exception.lastSeenAt, page.timeZone)}
      (${formatAge(ageSince(exception.lastSeenAt, page.now))} ago).
      ${
        options.linkRecord && exception.recordId !== null
          ? html`<a href="/dashboard/records/${exception.recordId}">Open the record, its trail and history</a>`
          : options.linkRecord
            ? 'Not tied to one record.'
            : ''
      }
    </p>
    ${renderClosed(exception, page.timeZone)} ${renderEvidence(exception.evidence)} ${open ? renderActionForm(exception, page) : ''}
  </article>`;
}
