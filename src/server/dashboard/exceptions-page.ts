/** Exceptions: a team's (or a flow's) list, filtered by status, and one exception on its own. */
import { z } from 'zod';
import { exceptionOwners } from '../../ledger/types.ts';
import { attentionKinds, attentionWords, type Attention } from '../../operations/attention.ts';
import type { ExceptionList, ExceptionView, HubStatus, OperatorException } from '../../operations/types.ts';
import { describeSource, ownerName, stateWord } from '../../operations/wording.ts';
import { connectionIdSchema } from '../../config/connections-schema.ts';
import { renderExceptionCard } from './exception-card.ts';
import { html, humanise, plural, type Html } from './html.ts';
import type { PageContext } from './layout.ts';
import { option, shopSelect } from './shop-select.ts';

const statuses = ['open', 'resolved', 'ignored', 'all'] as const;
const statusWords: Record<(typeof statuses)[number], string> = {
  open: 'Open',
  resolved: 'Resolved',
  ignored: 'Ignored',
  all: 'Any status',
};

/** Unknown values fall back to "any" rather than failing: a stale bookmark still opens. */
export const exceptionsQuery = z.object({
  owner: z.enum(exceptionOwners).optional().catch(undefined),
  flow: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z][a-z0-9_.-]*$/)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined),
  status: z.enum(statuses).default('open').catch('open'),
  attention: z.enum(attentionKinds).optional().catch(undefined),
  /** One connection (shop); offered only when the hub has several. */
  connection: connectionIdSchema.optional().catch(undefined),
});
export type ExceptionsQuery = z.infer<typeof exceptionsQuery>;

export const listLimit = 200;

function renderFilters(query: ExceptionsQuery, status: HubStatus): Html {
  const flows = [...new Set([...status.flows.map((flow) => flow.flow), ...(query.flow ? [query.flow] : [])])].sort();
  return html`<form class="filters panel" method="get" action="/dashboard/exceptions" aria-label="Filter exceptions">
    <div>
      <label for="filter-owner">Team</label>
      <select id="filter-owner" name="owner">
        ${option('', 'All teams', !query.owner)}
        ${exceptionOwners.map((owner) => option(owner, `${ownerName(owner)} (${status.needsActionByOwner[owner] ?? 0} to act on, ${status.forReviewByOwner[owner] ?? 0} for review)`, query.owner === owner))}
      </select>
    </div>
    <div>
      <label for="filter-flow">Flow</label>
      <select id="filter-flow" name="flow">
        ${option('', 'All flows', !query.flow)} ${flows.map((flow) => option(flow, humanise(flow), query.flow === flow))}
      </select>
    </div>
    ${status.connections ? html`<div>${shopSelect('filter-connection', status.connections, query.connection, 'All shops')}</div>` : ''}
    <div>
      <label for="filter-attention">Kind</label>
      <select id="filter-attention" name="attention">
        ${option('', 'Needing action and for review', !query.attention)}
        ${attentionKinds.map((kind) => option(kind, attentionWords[kind], query.attention === kind))}
      </select>
    </div>
    <div>
      <label for="filter-status">Status</label>
      <select id="filter-status" name="status">
        ${statuses.map((value) => option(value, statusWords[value], query.status === value))}
      </select>
    </div>
    <div><button type="submit">Show</button></div>
  </form>`;
}

function describeFilter(query: ExceptionsQuery, count: number): string {
  const what = query.status === 'all' ? plural(count, 'exception') : `${count} ${query.status} ${count === 1 ? 'exception' : 'exceptions'}`;
  const team = query.owner ? ` for ${ownerName(query.owner)}` : '';
  const flow = query.flow ? ` in ${humanise(query.flow)}` : '';
  const shop = query.connection ? ` of connection ${query.connection}` : '';
  const kind = query.attention === 'review' ? ' (for review)' : query.attention === 'action' ? ' (needing action)' : '';
  return `${what}${kind}${team}${flow}${shop}`;
}

function renderGroup(kind: Attention, exceptions: OperatorException[], page: PageContext): Html {
  const items = exceptions.filter((exception) => exception.attention === kind);
  if (items.length === 0) return html``;
  return html`<section class="group ${kind}" aria-labelledby="group-${kind}">
    <h3 id="group-${kind}">${attentionWords[kind]} (${items.length})</h3>
    ${kind === 'review' ? html`<p class="hint">The hub did its work; these tell the team what it did. Resolve each with a note once looked at.</p>` : ''}
    ${items.map((exception) => renderExceptionCard(exception, page, { level: 4, linkRecord: true }))}
  </section>`;
}

export function renderExceptionsPage(query: ExceptionsQuery, list: ExceptionList, status: HubStatus, page: PageContext): Html {
  const { exceptions } = list;
  const heading = describeFilter(query, exceptions.length);
  return html`<h1>Exceptions</h1>
    <p class="lead">Each exception is one record the hub could not finish, with the team that can fix it and what to do.</p>
    ${renderFilters(query, status)}
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">${heading.charAt(0).toUpperCase()}${heading.slice(1)}</h2>
      ${list.truncated ? html`<p class="notice warn">Showing the ${list.limit} most recently seen; more match. Choose a team, flow or kind to narrow the list.</p>` : ''}
      ${
        exceptions.length === 0
          ? html`<p class="panel">${query.status === 'open' ? 'Nothing to do here: no open exception matches.' : 'No exception matches.'}</p>`
          : attentionKinds.map((kind) => renderGroup(kind, exceptions, page))
      }
    </section>`;
}

export function renderExceptionPage(view: ExceptionView, page: PageContext): Html {
  const { exception, record } = view;
  return html`<h1>Exception #${exception.id}</h1>
    <p class="lead">
      ${
        record
          ? html`${describeSource(record)}, ${humanise(record.flow)} flow: ${stateWord(record.state, record.flow)}.
            <a href="/dashboard/records/${record.id}">Open the record, its trail and history</a>.`
          : 'This exception is not tied to one record.'
      }
      <a href="/dashboard/exceptions?owner=${exception.owner}">All ${ownerName(exception.owner)} exceptions</a>.
    </p>
    ${renderExceptionCard(exception, page, { level: 2, linkRecord: false })}`;
}
