// A hub process for the payouts crash test: the payouts flow with the real connectors against
// the emulators, over an embedded store in a directory. With a crash point it kills itself
// (SIGKILL, no clean-up) there: before or after a BC call, or in the middle of sending the
// journal lines (after the first `$batch` of lines got its answer). Without one it runs until
// the payout is posted.
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { payoutsFlowSchema } from '../../src/config/money-schema.ts';
import type { PayoutsFlowDeps } from '../../src/flows/payouts/deps.ts';
import { pollPayouts } from '../../src/flows/payouts/intake.ts';
import { definePayoutsJobs } from '../../src/flows/payouts/jobs.ts';
import { findRecord } from '../../src/ledger/index.ts';
import { crashIfAt, openCrashHub, readCrashHubArgs, withCrashPoints, type CrashHubArgs } from './crash-hub.ts';

const args = readCrashHubArgs<CrashHubArgs & { payoutId: string }>();
let batches = 0;
const { store, queue, shopify, bc } = await openCrashHub(args, {
  bcFetch: async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith('/$batch') && (batches += 1) === 1) crashIfAt('mid:createJournalLines', args.crashAt);
    return response;
  },
});
const erp = withCrashPoints(bc, args.crashAt);
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
