/** `ledgerbridge stock show <sku>`: why Shopify shows what it shows, term by term, at every mapped location. */
import type { Command } from 'commander';
import { describeTerms } from '../flows/inventory/describe-terms.ts';
import type { StockExplanation } from '../flows/inventory/explain.ts';
import { parseConnectionId } from './cli-arguments.ts';
import type { ConnectOptions, Connected } from './connect-operations.ts';

type WithOperations = <T>(options: ConnectOptions, work: (operations: Connected['operations']) => Promise<T>) => Promise<T>;

export function formatStock(explanation: StockExplanation): string {
  const lines = [`Stock of ${explanation.sku}${explanation.live ? '' : ' (from the ledger)'}`];
  if (explanation.note) lines.push(explanation.note);
  if (explanation.locations.length === 0) lines.push('No mapped location has this SKU.');
  for (const location of explanation.locations) {
    lines.push('', `At ${location.locationCode}:`);
    if (location.now) for (const term of describeTerms(location.now)) lines.push(`  ${term.label.padEnd(58)} ${term.value.padStart(8)}`);
    if (location.lastPush)
      lines.push(
        `  Last pushed: ${location.lastPush.quantity} (was ${location.lastPush.previous ?? '?'}) at ${location.lastPush.at}${
          location.lastPush.recordId ? `, push record ${location.lastPush.recordId}` : ''
        }`,
      );
    else lines.push('  Last pushed: never (Shopify already showed the right figure, or no sync has run)');
    if (location.shopifyShows !== undefined)
      lines.push(`  Shopify shows now: ${location.shopifyShows === null ? 'no stock level at this location' : location.shopifyShows}`);
  }
  for (const problem of explanation.problems) lines.push('', `Problem (exception on record ${problem.recordId}): ${problem.message}`);
  return lines.join('\n');
}

export function registerStockCommands(
  program: Command,
  connectionOptions: (command: Command) => Command,
  withOperations: WithOperations,
): void {
  const stock = program.command('stock').description('available-to-sell pushed to Shopify, explained');
  connectionOptions(stock.command('show').description('one SKU at every mapped location, term by term').argument('<sku>', 'the SKU'))
    .option('--json', 'print the explanation as JSON')
    .option('--connection <id>', 'the connection (shop) whose stock, e.g. eu; needed when the hub has several', parseConnectionId)
    .action(async (sku: string, options: ConnectOptions & { json?: boolean; connection?: string }) => {
      await withOperations(options, async (operations) => {
        const explanation = await operations.explainStock(sku, options.connection);
        console.log(options.json ? JSON.stringify(explanation, null, 2) : formatStock(explanation));
      });
    });
}
