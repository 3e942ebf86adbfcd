/**
 * The emulator's control surface, under `/_emulator` on the same host and as plain methods
 * for in-process tests: reset, add or remove items at run time, inject faults, revoke
 * tokens, release an order, read the request log. Loopback use only: it has no auth.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { entityContext, type EmulatorDeps, type EmulatorEnv } from './deps.ts';
import { prepareValues } from './entities.ts';
import type { FaultInput, FaultRule } from './faults.ts';
import { BcHttpError, bcErrorBody } from './http-error.ts';
import type { DeliveryRecord } from './notifier.ts';
import type { RequestLogEntry } from './request-log.ts';
import { refreshDocument, salesKinds } from './sales-documents.ts';
import type { Row } from './store.ts';
import { projectRow } from './wire.ts';

export const controlItemSchema = z.object({
  number: z.string().min(1).max(20),
  displayName: z.string().max(100).optional(),
  unitPrice: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .default('0'),
  priceIncludesTax: z.boolean().default(true),
  gtin: z.string().max(14).optional(),
  taxGroupCode: z.string().default('STANDARD'),
  type: z.enum(['Inventory', 'Service', 'Non-Inventory']).default('Inventory'),
  blocked: z.boolean().default(false),
  inventory: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .default('0'),
  /** Defaults to the sandbox company. */
  companyId: z.string().optional(),
});

export type ControlItem = z.input<typeof controlItemSchema>;

export interface EmulatorControl {
  reset(): void;
  addItem(item: ControlItem): Record<string, unknown>;
  removeItem(number: string, companyId?: string): boolean;
  addFault(fault: FaultInput): FaultRule;
  listFaults(): FaultRule[];
  clearFaults(): void;
  revokeTokens(): number;
  /** Sets a sales order's status to `Open`, as releasing it in BC would. */
  releaseSalesOrder(number: string, companyId?: string): Row;
  requests(): { total: number; recent: RequestLogEntry[] };
  /** Sends the collected webhook notifications now instead of after BC's ~30 s. */
  flushWebhooks(): Promise<DeliveryRecord[]>;
  webhooks(): { subscriptions: Record<string, unknown>[]; pending: number; deliveries: DeliveryRecord[] };
  /** Peaks the limit enforcer saw (for limit tests and the benchmark). */
  limitPeaks(): { peakRunning: number; peakQueued: number; peakInWindow: number; rejected: number } | undefined;
}

export function createControl(deps: EmulatorDeps, reseed: () => void): EmulatorControl {
  const ctxFor = (companyId?: string) => entityContext(deps, companyId ?? deps.settings.companyId);
  return {
    reset() {
      for (const release of deps.hangs) release();
      deps.hangs.clear();
      deps.faults.clear();
      deps.limits?.reset();
      deps.log.clear();
      reseed();
    },
    addItem(input) {
      const item = controlItemSchema.parse(input);
      const ctx = ctxFor(item.companyId);
      const { companyId: _ignored, ...values } = item;
      const prepared: Record<string, unknown> = { ...values, displayName: values.displayName ?? values.number };
      prepareValues(ctx, 'items', prepared);
      const row = deps.store.insert(ctx.company, 'items', prepared);
      return projectRow(deps.model.entityTypes.get('item')!, row);
    },
    removeItem(number, companyId) {
      const ctx = ctxFor(companyId);
      const row = deps.store.findBy(ctx.company, 'items', 'number', number.toUpperCase());
      return row ? deps.store.remove(ctx.company, 'items', row.id) : false;
    },
    addFault: (fault) => deps.faults.add(fault),
    listFaults: () => deps.faults.list(),
    clearFaults: () => deps.faults.clear(),
    revokeTokens: () => deps.tokens.revokeAll(),
    releaseSalesOrder(number, companyId) {
      const ctx = ctxFor(companyId);
      const order = deps.store.findBy(ctx.company, 'salesOrders', 'number', number.toUpperCase());
      if (!order)
        throw new BcHttpError(
          404,
          'Internal_RecordNotFound',
          `The Sales Header does not exist. Identification fields and values: No.='${number}'`,
        );
      order.status = 'Open';
      refreshDocument(ctx, salesKinds.order, order);
      return order;
    },
    requests: () => ({ total: deps.log.total, recent: deps.log.recent() }),
    flushWebhooks: () => deps.notifier.flush(),
    webhooks: () => ({
      subscriptions: deps.subscriptions.active(deps.settings.clock.now()).map((row) => ({
        subscriptionId: row.subscriptionId,
        notificationUrl: row.notificationUrl,
        resource: row.resource,
        expirationDateTime: row.expirationDateTime,
      })),
      pending: deps.notifier.pendingCount(),
      deliveries: [...deps.notifier.deliveries],
    }),
    limitPeaks: () =>
      deps.limits
        ? {
            peakRunning: deps.limits.peakRunning,
            peakQueued: deps.limits.peakQueued,
            peakInWindow: deps.limits.peakInWindow,
            rejected: deps.limits.rejected,
          }
        : undefined,
  };
}

export function mountControl(app: Hono<EmulatorEnv>, deps: EmulatorDeps, control: EmulatorControl): void {
  app.onError((error, c) => {
    if (error instanceof BcHttpError) return c.json(bcErrorBody(error.code, error.message), error.status as 400);
    if (error instanceof z.ZodError) return c.json({ error: { code: 'BadRequest', message: z.prettifyError(error) } }, 400);
    deps.settings.logger.error({ err: error }, 'bc emulator control failed');
    return c.json({ error: { code: 'Internal_ServerError', message: String(error) } }, 500);
  });
  app.get('/_emulator', (c) => {
    const companies = [...deps.store.companies.values()].map((company) => ({
      id: company.id,
      name: company.name,
      rows: Object.fromEntries([...company.tables].map(([set, table]) => [set, table.size])),
    }));
    const { tenantId, environment, clientId, companyId, companyName } = deps.settings;
    return c.json({ tenantId, environment, clientId, companyId, companyName, companies, requests: deps.log.total });
  });
  app.post('/_emulator/reset', (c) => (control.reset(), c.body(null, 204)));
  app.post('/_emulator/items', async (c) => c.json(control.addItem(await c.req.json()), 201));
  app.delete('/_emulator/items/:number', (c) =>
    c.body(null, control.removeItem(c.req.param('number'), c.req.query('companyId')) ? 204 : 404),
  );
  app.get('/_emulator/faults', (c) => c.json({ value: control.listFaults() }));
  app.post('/_emulator/faults', async (c) => c.json(control.addFault(await c.req.json()), 201));
  app.delete('/_emulator/faults', (c) => (control.clearFaults(), c.body(null, 204)));
  app.delete('/_emulator/faults/:id', (c) => c.body(null, deps.faults.remove(Number(c.req.param('id'))) ? 204 : 404));
  app.post('/_emulator/tokens/revoke', (c) => c.json({ revoked: control.revokeTokens() }));
  app.post('/_emulator/sales-orders/:number/release', (c) => {
    const order = control.releaseSalesOrder(c.req.param('number'), c.req.query('companyId'));
    return c.json({ id: order.id, number: order.number, status: order.status });
  });
  app.get('/_emulator/requests', (c) => c.json(control.requests()));
  app.get('/_emulator/webhooks', (c) => c.json(control.webhooks()));
  app.post('/_emulator/webhooks/flush', async (c) => c.json({ deliveries: await control.flushWebhooks() }));
  app.get('/_emulator/limits', (c) => c.json(control.limitPeaks() ?? { enforced: false }));
  app.delete('/_emulator/requests', (c) => (deps.log.clear(), c.body(null, 204)));
}
