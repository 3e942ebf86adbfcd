/**
 * The month-end reconciliation in the dashboard: the runs (newest first) with a form to
 * reconcile a month now, and one run's report — differences grouped by kind, each with both
 * sides' amounts, what changed since the last run of the month, and a link to the record's
 * trail — with what the run did not compare, and its CSV for the month-end file.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { categoryWords, differenceCategories } from '../../flows/reconciliation/deps.ts';
import type { Operations, RunReport, SavedRun } from '../../operations/types.ts';
import type { DashboardEnv } from './auth.ts';
import { cleanName, rememberOperatorName, setFlash } from './cookies.ts';
import { html, plural, timeTag, type Html } from './html.ts';
import { connectionIdSchema } from '../../config/connections-schema.ts';
import { isOperatorRefusal } from '../../operations/refusal.ts';
import { shopSelect } from './shop-select.ts';
import { renderPage, type PageContext } from './layout.ts';

const total = (run: SavedRun) => Object.values(run.counts).reduce((sum, count) => sum + (count ?? 0), 0);
const periodWords = (run: SavedRun) => `${run.period.from} to ${run.period.to} (exclusive)`;

function previousMonth(now: number): string {
  const date = new Date(now);
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - 1);
  return date.toISOString().slice(0, 7);
}

export function renderReconciliationsPage(runs: SavedRun[], page: PageContext, connections?: readonly string[]): Html {
  return html`<h1>Reconciliation</h1>
    <p>
      Shopify's orders, refunds and payouts against Business Central, the warehouse's stock against BC, and Shopify's stock against the
      hub's figure. Each run is kept, so a month can be reopened and compared with the run before it.
    </p>
    <form class="action" method="post" action="/dashboard/reconciliation">
      <input type="hidden" name="csrf" value="${page.csrf}" />
      <label for="month">Month</label>
      <input id="month" name="month" type="month" required value="${previousMonth(page.now)}" />
      ${shopSelect('run-connection', connections, undefined)}
      <label for="by">Your name</label>
      <input id="by" name="by" required maxlength="80" value="${page.operatorName}" />
      <button type="submit">Reconcile now</button>
    </form>
    ${
      runs.length === 0
        ? html`<p class="notice info">No reconciliation has run yet.</p>`
        : html`<table>
            <caption>
              Runs, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Period</th>
                <th scope="col">When</th>
                <th scope="col">Started by</th>
                <th scope="col">Differences</th>
              </tr>
            </thead>
            <tbody>
              ${runs.map(
                (run) =>
                  html`<tr>
                    <td><a href="/dashboard/reconciliation/${run.id}">#${run.id}</a></td>
                    <td>${periodWords(run)}</td>
                    <td>${timeTag(run.startedAt, page.timeZone)}</td>
                    <td>${run.trigger}</td>
                    <td>${total(run) === 0 ? 'none' : plural(total(run), 'difference')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

export function renderReconciliationPage(report: RunReport, page: PageContext): Html {
  const compared = Object.entries(report.compared)
    .map(([what, count]) => `${count} ${what}`)
    .join(', ');
  return html`<h1>Reconciliation #${report.id}</h1>
    <p>
      ${periodWords(report)}, run ${timeTag(report.startedAt, page.timeZone)} (${report.trigger}); compared ${compared}.
      <a href="/dashboard/reconciliation/${report.id}/csv" download>Download CSV</a>
    </p>
    ${
      report.notes.length
        ? html`<section class="notice info">
            <p>Not compared in this run:</p>
            <ul>
              ${report.notes.map((note) => html`<li>${note}</li>`)}
            </ul>
          </section>`
        : ''
    }
    ${
      report.previous
        ? html`<p class="hint">
            Compared with run <a href="/dashboard/reconciliation/${report.previous.id}">#${report.previous.id}</a> of the same period:
            ${plural(report.differences.filter((difference) => difference.change === 'new').length, 'new difference')},
            ${plural(report.previous.resolved.length, 'difference')} resolved since.
          </p>`
        : html`<p class="hint">The first run of this period.</p>`
    }
    ${
      report.differences.length === 0
        ? html`<p class="notice ok">No differences: Shopify, Business Central and the warehouse agree for this period${report.notes.length ? ' (except for what was not compared, above)' : ''}.</p>`
        : differenceCategories.map((category) => {
            const rows = report.differences.filter((difference) => difference.category === category);
            if (rows.length === 0) return '';
            return html`<section>
              <h2>${categoryWords[category]} (${rows.length})</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Reference</th>
                    <th scope="col">Shopify</th>
                    <th scope="col">Business Central</th>
                    <th scope="col">What differs</th>
                    <th scope="col">Since last run</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (difference) =>
                      html`<tr>
                        <td>
                          ${
                            difference.recordId
                              ? html`<a href="/dashboard/records/${difference.recordId}">${difference.reference}</a>`
                              : html`<a href="/dashboard/records?q=${encodeURIComponent(difference.reference.split(' ')[0]!)}"
                                  >${difference.reference}</a
                                >`
                          }
                        </td>
                        <td>${difference.shopifyAmount ?? '—'}</td>
                        <td>${difference.bcAmount ?? '—'}</td>
                        <td>${difference.message}</td>
                        <td>${difference.change}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </section>`;
          })
    }
    ${
      report.previous?.resolved.length
        ? html`<section>
            <h2>Resolved since run #${report.previous.id}</h2>
            <ul>
              ${report.previous.resolved.map((difference) => html`<li>${categoryWords[difference.category]}: ${difference.reference}</li>`)}
            </ul>
          </section>`
        : ''
    }`;
}

const runForm = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), connection: connectionIdSchema.optional() });

export function registerReconciliationPages(
  app: Hono<DashboardEnv>,
  operations: Operations,
  notFound: (c: Context<DashboardEnv>, text: string) => Response | Promise<Response>,
): void {
  app.get('/reconciliation', async (c) =>
    c.html(
      renderPage(
        c.get('page'),
        'Reconciliation',
        'reconciliation',
        renderReconciliationsPage(await operations.listReconciliations(), c.get('page'), (await operations.status()).connections),
      ),
    ),
  );
  app.get('/reconciliation/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const report = Number.isSafeInteger(id) && id > 0 ? await operations.showReconciliation(id) : undefined;
    if (!report) return notFound(c, `There is no reconciliation run ${c.req.param('id')}.`);
    return c.html(renderPage(c.get('page'), `Reconciliation #${id}`, 'reconciliation', renderReconciliationPage(report, c.get('page'))));
  });
  app.get('/reconciliation/:id/csv', async (c) => {
    const id = Number(c.req.param('id'));
    const csv = Number.isSafeInteger(id) && id > 0 ? await operations.reconciliationCsv(id) : undefined;
    if (csv === undefined) return notFound(c, `There is no reconciliation run ${c.req.param('id')}.`);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="reconciliation-${id}.csv"`,
    });
  });
  app.post('/reconciliation', async (c) => {
    const body = await c.req.parseBody();
    const parsed = runForm.safeParse(body);
    const by = cleanName(body.by);
    if (!parsed.success || !by) {
      setFlash(c, { tone: 'error', text: 'Choose a month and write your name to run a reconciliation.' });
      return c.redirect('/dashboard/reconciliation', 303);
    }
    rememberOperatorName(c, by);
    try {
      const run = await operations.runReconciliation({ month: parsed.data.month }, by, parsed.data.connection);
      setFlash(c, { tone: 'ok', text: `Reconciliation #${run.id} of ${parsed.data.month} found ${plural(total(run), 'difference')}.` });
      return c.redirect(`/dashboard/reconciliation/${run.id}`, 303);
    } catch (error) {
      if (!(error instanceof Error) || (error.constructor !== Error && !isOperatorRefusal(error))) throw error;
      setFlash(c, { tone: 'error', text: `The reconciliation did not run: ${error.message}.` });
      return c.redirect('/dashboard/reconciliation', 303);
    }
  });
}
