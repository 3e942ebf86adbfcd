/**
 * The emulator's control endpoint, for tests and the sandbox (documented in README.md):
 * inspect state, inject faults, place generated orders, change orders, run the generator,
 * reset. Loopback only and unauthenticated, as befits a test double.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorCore } from './emulator-core.ts';
import { cancelOrder, cancelReasons, addOrderTags } from './order-changes.ts';
import { mountAfterSaleControl } from './control-after-sale.ts';
import { parseGid } from './records.ts';

const webhookFaultsSchema = z
  .object({
    dropRate: z.number().min(0).max(1),
    dropNext: z.number().int().min(0),
    duplicateRate: z.number().min(0).max(1),
    delayMs: z.number().int().min(0),
    reorderWindowMs: z.number().int().min(0),
  })
  .partial();

const faultsSchema = z
  .object({
    throttleNext: z.number().int().min(0),
    drainBucket: z.boolean(),
    http5xxNext: z.number().int().min(0),
    http5xxStatus: z.number().int().min(500).max(599),
    http5xxRate: z.number().min(0).max(1),
    latencyMs: z.number().int().min(0),
    loseMutationResponseNext: z.number().int().min(0),
    bulkFailNext: z.number().int().min(0),
    webhooks: webhookFaultsSchema,
  })
  .partial()
  .strict();

const mixSchema = z.record(z.string(), z.number().min(0).max(1)).optional();

async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  return text.trim() ? (JSON.parse(text) as unknown) : {};
}

export function controlRoutes(emulator: EmulatorCore): Hono {
  const control = new Hono();
  const findOrder = (id: string) => {
    const numeric = /^\d+$/.test(id) ? BigInt(id) : parseGid(decodeURIComponent(id), 'Order');
    return numeric === undefined ? undefined : emulator.shop.orders.get(numeric);
  };

  control.get('/', (c) =>
    c.json({
      routes: [
        'GET /_emulator/state',
        'GET /_emulator/stock/:sku',
        'GET /_emulator/webhooks',
        'POST /_emulator/faults',
        'DELETE /_emulator/faults',
        'POST /_emulator/orders',
        'POST /_emulator/orders/:id/tags',
        'POST /_emulator/orders/:id/cancel',
        'POST /_emulator/orders/:id/refunds',
        'POST /_emulator/orders/:id/refunds/:refundId/settle',
        'POST /_emulator/orders/:id/fulfill',
        'POST /_emulator/stock/:sku',
        'POST /_emulator/payouts',
        'POST /_emulator/payouts/:id/status',
        'POST /_emulator/payments/movements',
        'POST /_emulator/payments/reserve',
        'POST /_emulator/orders/:id/dispute',
        'GET /_emulator/payouts',
        'POST /_emulator/generator',
        'DELETE /_emulator/generator',
        'POST /_emulator/reset',
      ],
    }),
  );
  control.get('/state', (c) => c.json(emulator.describe()));
  control.get('/stock/:sku', (c) => c.json(emulator.shop.stockBySku(c.req.param('sku'))));
  control.get('/webhooks', (c) => c.json({ deliveries: emulator.dispatcher.deliveries }));

  control.post('/faults', async (c) => {
    const parsed = faultsSchema.safeParse(await jsonBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) }, 400);
    emulator.setFaults(parsed.data);
    return c.json(emulator.describe().faults);
  });
  control.delete('/faults', (c) => {
    emulator.clearFaults();
    return c.json(emulator.describe().faults);
  });

  control.post('/orders', async (c) => {
    const parsed = z
      .object({ count: z.number().int().min(1).max(500).default(1), mix: mixSchema })
      .safeParse(await jsonBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) }, 400);
    const orders = Array.from({ length: parsed.data.count }, () => emulator.placeOrder(undefined, parsed.data.mix));
    return c.json({ orders }, 201);
  });
  control.post('/orders/:id/tags', async (c) => {
    const order = findOrder(c.req.param('id'));
    const parsed = z.object({ tags: z.array(z.string()).min(1) }).safeParse(await jsonBody(c.req.raw).catch(() => null));
    if (!order) return c.json({ error: 'order not found' }, 404);
    if (!parsed.success) return c.json({ error: 'body must be {"tags": ["..."]}' }, 400);
    return c.json(emulator.summary(addOrderTags(emulator.shop, order, parsed.data.tags)));
  });
  control.post('/orders/:id/cancel', async (c) => {
    const order = findOrder(c.req.param('id'));
    const parsed = z
      .object({ reason: z.enum(cancelReasons).optional(), refund: z.boolean().optional() })
      .safeParse(await jsonBody(c.req.raw).catch(() => null));
    if (!order) return c.json({ error: 'order not found' }, 404);
    if (!parsed.success) return c.json({ error: `body is {"reason": one of ${cancelReasons.join(', ')}, "refund": true|false}` }, 400);
    return c.json(emulator.summary(cancelOrder(emulator.shop, order, parsed.data.reason, { refund: parsed.data.refund })));
  });
  mountAfterSaleControl(control, emulator, findOrder, jsonBody);

  control.post('/generator', async (c) => {
    const parsed = z
      .object({
        ratePerMinute: z.number().positive().max(6000).default(6),
        maxOrders: z.number().int().positive().optional(),
        mix: mixSchema,
        aftercare: mixSchema,
        payoutEveryMinutes: z.number().min(0).max(100_000).optional(),
      })
      .safeParse(await jsonBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) }, 400);
    await emulator.startGenerator(parsed.data);
    return c.json({ running: true, ...parsed.data });
  });
  control.delete('/generator', async (c) => {
    await emulator.stopGenerator();
    return c.json({ running: false });
  });
  control.post('/reset', async (c) => {
    await emulator.reset();
    return c.json(emulator.describe());
  });
  return control;
}
