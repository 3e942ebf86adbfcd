/** `/_emulator/...`: the control surface over HTTP (documented in README.md). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorEnv } from './deps.ts';
import type { WarehouseControl } from './control.ts';
import { faultSchema } from './faults.ts';

const grade = z.enum(['A', 'B', 'C']);
const lines = z.array(z.object({ sku: z.string().min(1), quantity: z.number().int() })).min(1);
const stockChange = z.object({ sku: z.string().min(1), quantity: z.number().int().positive(), reason: z.string().min(1).optional() });
const floorSchema = z
  .object({
    auto: z.boolean(),
    tickMs: z.number().int().positive(),
    pickAfterMs: z.number().int().nonnegative(),
    despatchAfterMs: z.number().int().nonnegative(),
    restockBackordersAfterMs: z.number().int().nonnegative().nullable(),
    splitRate: z.number().min(0).max(1),
    multiParcelRate: z.number().min(0).max(1),
    stockEventRate: z.number().min(0).max(1),
    returnRate: z.number().min(0).max(1),
    inspectReturnsAfterMs: z.number().int().nonnegative(),
    asnArriveAfterMs: z.number().int().nonnegative(),
    asnBookInAfterMs: z.number().int().nonnegative(),
    asnVarianceRate: z.number().min(0).max(1),
  })
  .partial()
  .strict();
const callbackFaultsSchema = z
  .object({
    dropNext: z.number().int().min(0),
    dropRate: z.number().min(0).max(1),
    duplicateNext: z.number().int().min(0),
    duplicateRate: z.number().min(0).max(1),
    delayMs: z.number().int().min(0),
    delayNextMs: z.number().int().min(0),
    reorderWindowMs: z.number().int().min(0),
  })
  .partial()
  .strict();

export const controlRouteList = [
  'GET /_emulator',
  'GET /_emulator/state',
  'POST /_emulator/reset',
  'POST /_emulator/tick',
  'POST /_emulator/floor',
  'GET|POST|DELETE /_emulator/faults',
  'GET /_emulator/callbacks',
  'POST|DELETE /_emulator/callbacks/faults',
  'POST /_emulator/api-key',
  'GET /_emulator/orders/:idOrNumber',
  'POST /_emulator/orders/:id/pick',
  'POST /_emulator/orders/:id/despatch',
  'POST /_emulator/orders/:id/split',
  'POST /_emulator/orders/:id/deliver',
  'POST /_emulator/orders/:id/status',
  'POST /_emulator/orders/:id/cancel',
  'GET /_emulator/stock/:sku',
  'POST /_emulator/stock/write-off',
  'POST /_emulator/stock/damage',
  'POST /_emulator/stock/found',
  'POST /_emulator/stock/count',
  'POST /_emulator/returns',
  'POST /_emulator/returns/:id/inspect',
  'POST /_emulator/asns/:id/arrive',
  'POST /_emulator/asns/:id/book-in',
  'GET|DELETE /_emulator/requests',
];

async function body<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await request.text();
  return schema.parse(text.trim() ? JSON.parse(text) : {});
}

export function controlRoutes(control: WarehouseControl): Hono<EmulatorEnv> {
  const routes = new Hono<EmulatorEnv>();
  const id = (value: string) => Number(value);

  routes.get('/', (c) => c.json({ routes: controlRouteList }));
  routes.get('/state', (c) => c.json(JSON.parse(JSON.stringify(control.describe())) as unknown));
  routes.post('/reset', (c) => (control.reset(), c.json({ reset: true })));
  routes.post('/tick', (c) => (control.tick(), c.json({ ticked: true })));
  routes.post('/floor', async (c) => c.json(control.setFloor(await body(c.req.raw, floorSchema))));

  routes.get('/faults', (c) => c.json({ faults: control.listFaults() }));
  routes.post('/faults', async (c) => c.json(control.addFault(await body(c.req.raw, faultSchema)), 201));
  routes.delete('/faults', (c) => (control.clearFaults(), c.json({ faults: [] })));
  routes.get('/callbacks', (c) => c.json({ deliveries: control.deliveries() }));
  routes.post('/callbacks/faults', async (c) => c.json(control.setCallbackFaults(await body(c.req.raw, callbackFaultsSchema))));
  routes.delete('/callbacks/faults', (c) =>
    c.json(
      control.setCallbackFaults({
        dropNext: 0,
        dropRate: 0,
        duplicateNext: 0,
        duplicateRate: 0,
        delayMs: 0,
        delayNextMs: 0,
        reorderWindowMs: 0,
      }),
    ),
  );
  routes.post(
    '/api-key',
    async (c) => (control.setApiKey((await body(c.req.raw, z.object({ apiKey: z.string().min(1) }))).apiKey), c.json({ rotated: true })),
  );

  routes.get('/orders/:ref', (c) => c.json({ parts: control.orderParts(c.req.param('ref')) }));
  routes.post('/orders/:id/pick', (c) => c.json(control.pick(id(c.req.param('id')))));
  routes.post('/orders/:id/despatch', async (c) => {
    const options = await body(
      c.req.raw,
      z.object({ parcels: z.number().int().positive().optional(), trackingNumbers: z.array(z.string().min(1)).min(1).optional() }),
    );
    return c.json(control.despatch(id(c.req.param('id')), options));
  });
  routes.post('/orders/:id/split', async (c) =>
    c.json(control.split(id(c.req.param('id')), (await body(c.req.raw, z.object({ lines }))).lines)),
  );
  routes.post('/orders/:id/deliver', (c) => c.json(control.deliver(id(c.req.param('id')))));
  routes.post('/orders/:id/status', async (c) =>
    c.json(control.setOrderStatus(id(c.req.param('id')), (await body(c.req.raw, z.object({ status: z.string().min(1) }))).status)),
  );
  routes.post('/orders/:id/cancel', (c) => c.json(control.cancel(id(c.req.param('id')))));

  routes.get('/stock/:sku', (c) => c.json(control.stock(c.req.param('sku'))));
  routes.post('/stock/write-off', async (c) => {
    const { sku, quantity, reason } = await body(c.req.raw, stockChange);
    control.writeOff(sku, quantity, reason);
    return c.json(control.stock(sku));
  });
  routes.post('/stock/damage', async (c) => {
    const { sku, quantity } = await body(c.req.raw, stockChange);
    control.damage(sku, quantity);
    return c.json(control.stock(sku));
  });
  routes.post('/stock/found', async (c) => {
    const { sku, quantity, reason } = await body(c.req.raw, stockChange);
    control.find(sku, quantity, reason);
    return c.json(control.stock(sku));
  });
  routes.post('/stock/count', async (c) => {
    const { sku, counted } = await body(c.req.raw, z.object({ sku: z.string().min(1), counted: z.number().int().min(0) }));
    control.count(sku, counted);
    return c.json(control.stock(sku));
  });

  routes.post('/returns', async (c) => {
    const input = await body(
      c.req.raw,
      z.object({
        orderId: z.number().int().optional(),
        orderNumber: z.string().optional(),
        reference: z.string().nullish(),
        lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive(), grade: grade.optional() })).min(1),
        inspect: z.boolean().optional(),
      }),
    );
    return c.json(control.receiveReturn(input), 201);
  });
  routes.post('/returns/:id/inspect', async (c) =>
    c.json(control.inspectReturn(id(c.req.param('id')), (await body(c.req.raw, z.object({ grades: z.array(grade).min(1) }))).grades)),
  );
  routes.post('/asns/:id/arrive', (c) => c.json(control.arriveAsn(id(c.req.param('id')))));
  routes.post('/asns/:id/book-in', async (c) => {
    const input = await body(
      c.req.raw,
      z.object({
        lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().min(0) })).min(1),
        complete: z.boolean().optional(),
      }),
    );
    return c.json(control.bookInAsn(id(c.req.param('id')), input.lines, input.complete));
  });

  routes.get('/requests', (c) => c.json({ requests: control.requests() }));
  routes.delete('/requests', (c) => (control.clearRequests(), c.json({ cleared: true })));
  return routes;
}
