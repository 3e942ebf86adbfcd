// A hub process for crash tests: the orders and refunds flows with the real connectors
// against the emulators, over an embedded store in a directory. With a crash point it kills
// itself (SIGKILL, no clean-up) at that step boundary; without one it runs until the order
// (or the refund) is posted. `twoStepCreate` creates orders as with companion extension 1.0:
// the standard deep insert, then the integration fields in a second request.
import { createQueue } from '../../src/app.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createBcConnector } from '../../src/connectors/bc/index.ts';
import type { SalesOrderDraft } from '../../src/core/domain/erp.ts';
import { createShopifyConnector } from '../../src/connectors/shopify/index.ts';
import type { OrdersFlowDeps } from '../../src/flows/orders/deps.ts';
import { takeInOrder } from '../../src/flows/orders/intake.ts';
import type { RefundsFlowDeps } from '../../src/flows/refunds/deps.ts';
import { takeInRefund } from '../../src/flows/refunds/intake.ts';
import { defineRefundsJobs } from '../../src/flows/refunds/jobs.ts';
import { refundsFlowSchema } from '../../src/config/orders-schema.ts';
import { defineOrdersJobs } from '../../src/flows/orders/jobs.ts';
import { findRecord } from '../../src/ledger/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testOrdersConfig } from './orders-config.ts';

interface Args {
  dataDir: string;
  shopify: { url: string; shopDomain: string; accessToken: string };
  bc: { url: string; tenantId: string; environment: string; companyId: string; clientId: string; clientSecret: string };
  order: { id: string; legacyId: string; name: string; updatedAt: string };
  refund?: { id: string; legacyId: string; orderId: string };
  crashAt?: string;
  twoStepCreate?: boolean;
  /** As with companion extension 1.2 or older: the hub matches and creates customers itself. */
  customersByHub?: boolean;
}

const args = JSON.parse(process.argv[2]!) as Args;

/** Where a crash may happen: before or after each call that changes BC. */
function withCrashPoint<T extends object>(erp: T, crashAt: string | undefined): T {
  const crash = (point: string) => {
    if (point !== crashAt) return;
    process.stdout.write(`crash-point:${point}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
  return new Proxy(erp, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = String(property);
      return async (...params: unknown[]) => {
        crash(`before:${name}`);
        const result = await (value as (...inner: unknown[]) => Promise<unknown>).apply(target, params);
        crash(`after:${name}`);
        return result;
      };
    },
  });
}

const store = await openStore({ backend: 'embedded', dataDir: args.dataDir });
const queue = createQueue(store, { logger: silentLogger, pollingIntervalSeconds: 0.5 });
const shopify = createShopifyConnector({
  shopDomain: args.shopify.shopDomain,
  adminUrl: args.shopify.url,
  auth: { kind: 'token', accessToken: args.shopify.accessToken },
});
const connector = createBcConnector({
  config: {
    baseUrl: args.bc.url,
    authorityHost: args.bc.url,
    tenantId: args.bc.tenantId,
    environment: args.bc.environment,
    company: { id: args.bc.companyId },
    clientId: args.bc.clientId,
  },
  clientSecret: args.bc.clientSecret,
});
const withoutIntegration = (draft: SalesOrderDraft): SalesOrderDraft => {
  const plain = { ...draft };
  delete plain.integration;
  return plain;
};
// Without the 1.3 create the flow resolves customers itself (the two-step create is older still).
const { createSalesOrderResolvingCustomer: _resolving, ...olderConnector } = connector;
const older = args.customersByHub || args.twoStepCreate ? olderConnector : connector;
const bc = args.twoStepCreate
  ? { ...older, createSalesOrder: (draft: SalesOrderDraft) => connector.createSalesOrder(withoutIntegration(draft)) }
  : older;
const deps: OrdersFlowDeps = {
  db: store.db,
  channel: shopify,
  erp: withCrashPoint(bc, args.crashAt),
  queue,
  config: testOrdersConfig({
    shippingMethods: { 'FREE-UK': 'STANDARD', 'RM-T48': 'STANDARD', '*': 'STANDARD' },
    locations: { 'Scend Warehouse': 'SCEND', 'London Shop': 'LONDON' },
    giftCards: { liabilityAccountNumber: '22100', taxCode: 'ZERO' },
  }),
  clock: systemClock,
  logger: silentLogger,
};
const refundsDeps: RefundsFlowDeps = {
  db: store.db,
  channel: shopify,
  erp: withCrashPoint(bc, args.crashAt),
  queue,
  config: refundsFlowSchema.parse({ post: true, refundAccountNumber: '40400' }),
  orders: deps.config,
  clock: systemClock,
  logger: silentLogger,
};
defineOrdersJobs(queue, deps);
defineRefundsJobs(queue, refundsDeps, { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1000 }, '0 0 1 1 *');
await queue.start();
const target = args.refund
  ? { flow: 'refunds', sourceSystem: 'shopify', sourceId: args.refund.id }
  : { flow: 'orders', sourceSystem: 'shopify', sourceId: args.order.id };
if (args.refund) await takeInRefund(refundsDeps, { ...args.refund, processedAt: null }, 'crash-test');
else await takeInOrder(deps, args.order, 'crash-test');
for (;;) {
  const record = await findRecord(store.db, target);
  if (record && (record.state === 'posted' || record.state === 'exception')) {
    process.stdout.write(`finished:${record.state}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await queue.stop();
await store.close();
