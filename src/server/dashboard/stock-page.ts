/**
 * The Stock page: one SKU at every mapped location, term by term — BC's figures, the Shopify
 * orders BC has not seen, the buffer rule, what was pushed and when (with a link to the push
 * record's trail), and what Shopify shows now — so "why does Shopify show 3?" has an answer.
 */
import type { Hono } from 'hono';
import { describeTerms } from '../../flows/inventory/describe-terms.ts';
import type { Operations, StockExplanation } from '../../operations/types.ts';
import type { DashboardEnv } from './auth.ts';
import { html, timeTag, type Html } from './html.ts';
import { connectionIdSchema } from '../../config/connections-schema.ts';
import { shopSelect } from './shop-select.ts';
import { renderPage, type PageContext } from './layout.ts';

function renderSkuForm(sku: string, connections: readonly string[] | undefined, connection: string | undefined): Html {
  return html`<form class="search" role="search" method="get" action="/dashboard/stock">
    <label for="stock-sku">SKU</label>
    <input type="search" id="stock-sku" name="sku" value="${sku}" required maxlength="100" />
    ${shopSelect('stock-connection', connections, connection)}
    <button type="submit">Explain</button>
  </form>`;
}

export function renderStockPage(
  explanation: StockExplanation | undefined,
  page: PageContext,
  shops: { connections?: readonly string[]; connection?: string } = {},
): Html {
  const intro = html`<h1>Stock</h1>
    <p>
      What the hub pushes to Shopify's <em>available</em> for a SKU: Business Central's available-to-sell, less Shopify orders BC has not
      seen yet, less the safety buffer, never below zero.
    </p>
    ${renderSkuForm(explanation?.sku ?? '', shops.connections, shops.connection)}`;
  if (!explanation) return intro;
  return html`${intro}
    <h2>${explanation.sku}</h2>
    ${explanation.note ? html`<p class="notice info">${explanation.note}</p>` : ''}
    ${explanation.problems.map(
      (problem) =>
        html`<p class="notice error">
          ${problem.message} <a href="/dashboard/records/${problem.recordId}">Record ${problem.recordId}</a>
        </p>`,
    )}
    ${explanation.locations.length === 0 ? html`<p class="notice info">No mapped location has this SKU.</p>` : ''}
    ${explanation.locations.map(
      (location) =>
        html`<table>
          <caption>
            At ${location.locationCode}
          </caption>
          <tbody>
            ${(location.now ? describeTerms(location.now) : []).map(
              (term) => html`<tr>
                <th scope="row">${term.label}</th>
                <td class="number">${term.value}</td>
              </tr>`,
            )}
            <tr>
              <th scope="row">Last pushed</th>
              <td>
                ${
                  location.lastPush
                    ? html`${location.lastPush.quantity} (was ${location.lastPush.previous ?? '—'}), ${timeTag(location.lastPush.at, page.timeZone)}
                    ${
                      location.lastPush.recordId
                        ? html`— <a href="/dashboard/records/${location.lastPush.recordId}">push record ${location.lastPush.recordId}</a>`
                        : ''
                    }`
                    : 'never: Shopify already showed the right figure, or no sync has run'
                }
              </td>
            </tr>
            ${
              location.shopifyShows !== undefined
                ? html`<tr>
                  <th scope="row">Shopify shows now</th>
                  <td class="number">${location.shopifyShows === null ? 'no stock level here' : String(location.shopifyShows)}</td>
                </tr>`
                : ''
            }
          </tbody>
        </table>`,
    )}`;
}

export function registerStockPage(app: Hono<DashboardEnv>, operations: Operations): void {
  app.get('/stock', async (c) => {
    const sku = (c.req.query('sku') ?? '').trim().slice(0, 100);
    const asked = connectionIdSchema.safeParse(c.req.query('connection'));
    const connection = asked.success ? asked.data : undefined;
    const { connections } = await operations.status();
    const explanation = sku && (!connections || connection) ? await operations.explainStock(sku, connection) : undefined;
    return c.html(
      renderPage(
        c.get('page'),
        sku ? `Stock of ${sku.toUpperCase()}` : 'Stock',
        'stock',
        renderStockPage(explanation, c.get('page'), { ...(connections ? { connections } : {}), ...(connection ? { connection } : {}) }),
      ),
    );
  });
}
