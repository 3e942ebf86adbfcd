/**
 * `ledgerbridge reconcile`: run the month-end reconciliation (in the hub), list its runs,
 * show one (differences, what changed since the last run) or write its CSV.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { currentUserName } from '../config/user-name.ts';
import { categoryWords, differenceCategories } from '../flows/reconciliation/deps.ts';
import type { RunReport, SavedRun } from '../operations/types.ts';
import { parseConnectionId } from './cli-arguments.ts';
import type { ConnectOptions, Connected } from './connect-operations.ts';

type WithOperations = <T>(options: ConnectOptions, work: (operations: Connected['operations']) => Promise<T>) => Promise<T>;

const total = (run: SavedRun) => Object.values(run.counts).reduce((sum, count) => sum + (count ?? 0), 0);

export function formatRun(run: SavedRun): string {
  const shop = run.connection && run.connection !== 'default' ? `  [${run.connection}]` : '';
  return `#${run.id}${shop}  ${run.period.from} .. ${run.period.to}  ${run.startedAt}  ${run.trigger}  ${total(run)} differences`;
}

export function formatReport(report: RunReport): string {
  const lines = [`Reconciliation #${report.id}: ${report.period.from} to ${report.period.to} (exclusive), run ${report.startedAt}`];
  lines.push(
    `Compared: ${Object.entries(report.compared)
      .map(([what, count]) => `${count} ${what}`)
      .join(', ')}`,
  );
  // A hub from before migration 0008 sends no notes.
  for (const note of report.notes ?? []) lines.push(`Not compared: ${note}`);
  if (report.previous)
    lines.push(
      `Since run #${report.previous.id}: ${report.differences.filter((d) => d.change === 'new').length} new, ${report.previous.resolved.length} resolved`,
    );
  if (report.differences.length === 0) lines.push('No differences.');
  for (const category of differenceCategories) {
    const rows = report.differences.filter((difference) => difference.category === category);
    if (rows.length === 0) continue;
    lines.push('', `${categoryWords[category]} (${rows.length})`);
    for (const row of rows)
      lines.push(
        `  ${row.change === 'new' ? '+' : ' '} ${row.reference}: ${row.message}${row.recordId ? ` [record ${row.recordId}]` : ''}`,
      );
  }
  return lines.join('\n');
}

export function registerReconcileCommands(
  program: Command,
  connectionOptions: (command: Command) => Command,
  withOperations: WithOperations,
): void {
  const reconcile = program
    .command('reconcile')
    .description("month-end reconciliation: Shopify against BC and the warehouse, Shopify's stock against the hub's figure");
  connectionOptions(reconcile.command('run').description('reconcile a month now (the hub runs it)'))
    .option('--month <YYYY-MM>', 'the month (default: last month)')
    .option('--by <name>', 'who asks', currentUserName())
    .option('--connection <id>', 'the connection (shop) to reconcile, e.g. eu; needed when the hub has several', parseConnectionId)
    .action(async (options: ConnectOptions & { month?: string; by: string; connection?: string }) => {
      const month =
        options.month ?? new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
      await withOperations(options, async (operations) => {
        const run = await operations.runReconciliation({ month }, options.by, options.connection);
        console.log(formatReport((await operations.showReconciliation(run.id))!));
      });
    });
  connectionOptions(reconcile.command('list').description('the runs, newest first'))
    .option('--json', 'print JSON')
    .option('--connection <id>', "only this connection's (shop's) runs, e.g. eu", parseConnectionId)
    .action(async (options: ConnectOptions & { json?: boolean; connection?: string }) => {
      await withOperations(options, async (operations) => {
        const runs = await operations.listReconciliations(options.connection ? { connection: options.connection } : {});
        console.log(
          options.json ? JSON.stringify(runs, null, 2) : runs.length ? runs.map(formatRun).join('\n') : 'No reconciliation has run yet.',
        );
      });
    });
  connectionOptions(reconcile.command('show <id>').description("one run's differences; --csv <file> writes them for the month-end file"))
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write the report as CSV to this file')
    .action(async (id: string, options: ConnectOptions & { json?: boolean; csv?: string }) => {
      await withOperations(options, async (operations) => {
        const runId = Number(id.replace(/^#/, ''));
        const report = Number.isSafeInteger(runId) ? await operations.showReconciliation(runId) : undefined;
        if (!report) throw new Error(`there is no reconciliation run ${id}`);
        if (options.csv) {
          writeFileSync(options.csv, (await operations.reconciliationCsv(runId))!);
          console.log(`Wrote ${report.differences.length + (report.previous?.resolved.length ?? 0)} rows to ${options.csv}.`);
          return;
        }
        console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      });
    });
}
