// A hub process for the payouts crash test: the payouts flow with the real connectors against
// the emulators, over an embedded store in a directory. With a crash point it kills itself
// (SIGKILL, no clean-up) there: before or after a BC call, or in the middle of sending the
// journal lines (after the first `$batch` of lines got its answer). Without one it runs until
// the payout is posted.
import { createQueue } from '../../src/app.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createBcConnector } from '../../src/connectors/bc/index.ts';
import { createShopifyConnector } from '../../src/connectors/shopify/index.ts';
import { payoutsFlowSchema } from '../../src/config/money-schema.ts';
import type { PayoutsFlowDeps } from '../../src/flows/payouts/deps.ts';
import { pollPayouts } from '../../src/flows/payouts/intake.ts';
import { definePayoutsJobs } from '../../src/flows/payouts/jobs.ts';
import { findRecord } from '../../src/ledger/index.ts';
import { openStore } from '../../src/store/open-store.ts';

interface Args {
  dataDir: string;
  shopify: { url: string; shopDomain: string; accessToken: string };
  bc: { url: string; tenantId: string; environment: string; companyId: string; clientId: string; clientSecret: string };
  payoutId: string;
  crashAt?: string;
}

const args = JSON.parse(process.argv[2]!) as Args;
const crash = (point: string) => {
  if (point !== args.crashAt) return;
  process.stdout.write(`crash-point:${point}\n`);
  process.kill(process.pid, 'SIGKILL');
};

const store = await openStore({ backend: 'embedded', dataDir: args.dataDir });
const queue = createQueue(store, { logger: silentLogger, pollingIntervalSeconds: 0.5 });
const shopify = createShopifyConnector({
  shopDomain: args.shopify.shopDomain,
  adminUrl: args.shopify.url,
  auth: { kind: 'token', accessToken: args.shopify.accessToken },
});
let batches = 0;
const bc = createBcConnector({
  config: {
    baseUrl: args.bc.url,
    authorityHost: args.bc.url,
    tenantId: args.bc.tenantId,
    environment: args.bc.environment,
    company: { id: args.bc.companyId },
    clientId: args.bc.clientId,
  },
  clientSecret: args.bc.clientSecret,
  fetch: async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith('/$batch') && (batches += 1) === 1) crash('mid:createJournalLines');
    return response;
  },
});
const erp = new Proxy(bc, {
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
const deps: PayoutsFlowDeps = {
  db: store.db,
  channel: shopify,
  erp,
  queue,
  clock: systemClock,
  logger: silentLogger,
  config: payoutsFlowSchema.parse({
    post: true,
    detail: 'per-transaction',
    bank: { accountNumber: 'BANK-GBP' },
    accounts: { clearing: '18100', fees: '65400', adjustments: '65420', chargebacks: '65410', reserves: '18300' },
  }),
  retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1000 },
  orderReferencePrefix: 'SHOP-',
};
definePayoutsJobs(queue, deps, '0 0 1 1 *');
await queue.start();
await pollPayouts(deps);
for (;;) {
  const record = await findRecord(store.db, { flow: 'payouts', sourceSystem: 'shopify', sourceId: args.payoutId });
  if (record && (record.state === 'posted' || record.state === 'exception')) {
    process.stdout.write(`finished:${record.state}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await queue.stop();
await store.close();
