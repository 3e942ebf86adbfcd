/** The dashboard's pages: each reads through `Operations`, the same calls the CLI and API make. */
import type { Context, Hono } from 'hono';
import type { Operations } from '../../operations/types.ts';
import { connectionIdSchema } from '../../config/connections-schema.ts';
import { hasControlCharacters } from '../../core/input-checks.ts';
import { isOperatorRefusal } from '../../operations/refusal.ts';
import { refuse, type DashboardEnv } from './auth.ts';
import { exceptionsQuery, listLimit, renderExceptionPage, renderExceptionsPage } from './exceptions-page.ts';
import { html, type Html } from './html.ts';
import { renderPage, type Section } from './layout.ts';
import { renderOverview } from './overview-page.ts';
import { renderRecordPage, renderRecordsPage } from './record-page.ts';

function positiveId(value: string): number | undefined {
  const digits = value.replace(/^#/, '');
  return /^[1-9][0-9]{0,14}$/.test(digits) ? Number(digits) : undefined;
}

export function renderNotFound(c: Context<DashboardEnv>, text: string) {
  const body = html`<h1>Not found</h1>
    <p class="notice warn">${text}</p>
    <p><a href="/dashboard">Back to the overview</a></p>`;
  return c.html(renderPage(c.get('page'), 'Not found', undefined, body), 404);
}

/** A shop the hub does not have (a stale link): undefined, for a not-found page; anything else goes on. */
function unknownShop(error: unknown): undefined {
  if (isOperatorRefusal(error) && error.code === 'not_found') return undefined;
  throw error;
}

function show(c: Context<DashboardEnv>, title: string, section: Section, body: Html) {
  return c.html(renderPage(c.get('page'), title, section, body));
}

export function registerPages(app: Hono<DashboardEnv>, operations: Operations): void {
  app.get('/', async (c) => {
    // `?connection=eu`: one shop's figures; every shop's together without it.
    const connection = connectionIdSchema.safeParse(c.req.query('connection') || undefined).data;
    const status = await operations.status(connection ? { connection } : {}).catch(unknownShop);
    if (!status) return renderNotFound(c, `This hub has no shop “${connection}”.`);
    return show(c, 'Overview', 'overview', renderOverview(status, c.get('page')));
  });

  app.get('/exceptions', async (c) => {
    const query = exceptionsQuery.parse(c.req.query());
    const [exceptions, status] = await Promise.all([
      operations.listExceptions({
        status: query.status,
        ...(query.owner ? { owner: query.owner } : {}),
        ...(query.flow ? { flow: query.flow } : {}),
        ...(query.attention ? { attention: query.attention } : {}),
        ...(query.connection ? { connection: query.connection } : {}),
        limit: listLimit,
      }),
      // The teams' counts in the filter are the chosen shop's.
      operations.status(query.connection ? { connection: query.connection } : {}).catch(unknownShop),
    ]);
    if (!status) return renderNotFound(c, `This hub has no shop “${query.connection}”.`);
    return show(c, 'Exceptions', 'exceptions', renderExceptionsPage(query, exceptions, status, c.get('page')));
  });

  app.get('/exceptions/:id', async (c) => {
    const id = positiveId(c.req.param('id'));
    const view = id === undefined ? undefined : await operations.showException(id);
    if (!view) return renderNotFound(c, `There is no exception ${c.req.param('id')}.`);
    return show(c, `Exception #${view.exception.id}`, 'exceptions', renderExceptionPage(view, c.get('page')));
  });

  app.get('/records', async (c) => {
    const term = (c.req.query('q') ?? '').trim().slice(0, 200);
    if (hasControlCharacters(term)) return refuse(c, 'A search cannot hold control characters. Type an order number or an id.', 400);
    // `?connection=eu`: one shop's records (order #1001 is another order in each shop).
    const connection = connectionIdSchema.safeParse(c.req.query('connection')).data;
    const views = term ? await operations.showRecords(term, connection ? { connection } : {}) : [];
    return show(c, term ? `Records matching ${term}` : 'Find a record', 'records', renderRecordsPage(term, views, c.get('page')));
  });

  app.get('/records/:id', async (c) => {
    const id = positiveId(c.req.param('id'));
    // A number also matches order numbers; keep only the record with this id.
    const view = id === undefined ? undefined : (await operations.showRecords(String(id))).find((candidate) => candidate.record.id === id);
    if (!view) return renderNotFound(c, `There is no record ${c.req.param('id')}.`);
    return show(c, `Record ${id}`, 'records', renderRecordPage(view, c.get('page')));
  });
}
