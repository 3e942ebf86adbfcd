// A hub process for crash tests: the orders and refunds flows with the real connectors
// against the emulators, over an embedded store in a directory. With a crash point it kills
// itself (SIGKILL, no clean-up) at that step boundary; without one it runs until the order
// (or the refund) is posted. `twoStepCreate` creates orders as with companion extension 1.0:
// the standard deep insert, then the integration fields in a second request.
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { SalesOrderDraft } from '../../src/core/domain/erp.ts';
import type { OrdersFlowDeps } from '../../src/flows/orders/deps.ts';
import { takeInOrder } from '../../src/flows/orders/intake.ts';
import type { RefundsFlowDeps } from '../../src/flows/refunds/deps.ts';
import { takeInRefund } from '../../src/flows/refunds/intake.ts';
import { defineRefundsJobs } from '../../src/flows/refunds/jobs.ts';
import { refundsFlowSchema } from '../../src/config/orders-schema.ts';
import { defineOrdersJobs } from '../../src/flows/orders/jobs.ts';
import { findRecord } from '../../src/ledger/index.ts';
import { openCrashHub, readCrashHubArgs, withCrashPoints, type CrashHubArgs } from './crash-hub.ts';
import { testOrdersConfig } from './orders-config.ts';

interface Args extends CrashHubArgs {
  order: { id: string; legacyId: string; name: string; updatedAt: string };
  refund?: { id: string; legacyId: string; orderId: string };
  twoStepCreate?: boolean;
  /** As with companion extension 1.2 or older: the hub matches and creates customers itself. */
  customersByHub?: boolean;
}

const args = readCrashHubArgs<Args>();
const { store, queue, shopify, bc: connector } = await openCrashHub(args);
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
  erp: withCrashPoints(bc, args.crashAt),
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
  erp: withCrashPoints(bc, args.crashAt),
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
