/** One SKU's stock explained, in the operator API (behind the same bearer token as the rest of it). */
import type { Hono } from 'hono';
import type { Operations } from '../operations/types.ts';
import { connectionQuery } from './connection-query.ts';
import { HttpProblem } from './http-errors.ts';

export function mountStockApi(app: Hono, operations: Operations): void {
  app.get('/api/stock/:sku', async (c) => {
    const sku = c.req.param('sku').trim();
    if (!sku || sku.length > 100) throw new HttpProblem(400, 'invalid_request', 'a SKU of 1 to 100 characters is needed');
    return c.json(await operations.explainStock(sku, connectionQuery(c.req.query('connection'))));
  });
}
