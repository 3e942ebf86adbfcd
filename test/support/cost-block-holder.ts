/**
 * A "hub process" that takes a block of a shop bucket's points from the shared budget and then
 * hangs without giving it back, for a test to kill with SIGKILL. Arguments: the database URL,
 * the budget's name, the points to take and the block's life in milliseconds.
 */
import { openBudgetLedger } from '../../src/store/budget-ledger.ts';

const [url, name, points, lifeMs] = process.argv.slice(2);
const ledger = openBudgetLedger({ url: url!, applicationName: 'lb-test-block-holder' });
const grant = await ledger.grantCostBlock(name!, { minPoints: Number(points), wantPoints: Number(points), lifeMs: Number(lifeMs) });
if (grant.blockId === undefined) {
  process.stderr.write(`no block: ${JSON.stringify(grant)}\n`);
  process.exit(1);
}
process.stdout.write(`held ${grant.points}\n`);
setInterval(() => undefined, 60_000);
