/**
 * A "hub process" that takes every in-flight slot of a shared budget and then hangs, for a
 * test to kill with SIGKILL. Arguments: the database URL and the budget's limits as JSON.
 */
import { openBudgetLedger } from '../../src/store/budget-ledger.ts';

const [url, limitsJson] = process.argv.slice(2);
const limits = JSON.parse(limitsJson!) as { name: string; maxInFlight: number; windowMs: number; maxRequestsPerWindow: number };
const ledger = openBudgetLedger({ url: url!, applicationName: 'lb-test-holder' });
for (let i = 0; i < limits.maxInFlight; i += 1) await ledger.acquireRequest(limits, 1);
process.stdout.write('held\n');
setInterval(() => undefined, 60_000);
