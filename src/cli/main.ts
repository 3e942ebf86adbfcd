/**
 * The `ledgerbridge` command. Operator commands talk to a running hub's API when the hub
 * holds the embedded store, or open the store themselves; `start` runs the hub; `sandbox`
 * runs the hub against local emulators; `emulate` runs one emulator alone.
 */
import { Command, Option } from 'commander';
import { currentUserName } from '../config/user-name.ts';
import { exceptionOwners } from '../ledger/types.ts';
import type { ConnectOptions, Connected } from './connect-operations.ts';
import { formatExceptionList, formatExceptionView, formatRecordView, formatStatus } from './format.ts';
import { registerReconcileCommands } from './reconcile-commands.ts';
import { registerRunCommands } from './run-commands.ts';

const program = new Command('ledgerbridge')
  .description('LedgerBridge: Shopify ↔ Business Central ↔ warehouse order-to-cash hub')
  .showHelpAfterError();

const connectionOptions = (command: Command) =>
  command
    .option('-c, --config <file>', 'configuration file (default: $LEDGERBRIDGE_CONFIG, ./ledgerbridge.yaml, or the sandbox)')
    .option('--api <url>', 'talk to the hub at this URL');

// Commands load the hub's modules only when they run, so `--help` answers at once.
async function withOperations<T>(options: ConnectOptions, work: (operations: Connected['operations']) => Promise<T>): Promise<T> {
  const { connectOperations } = await import('./connect-operations.ts');
  const connected = await connectOperations(options);
  try {
    return await work(connected.operations);
  } finally {
    await connected.close();
  }
}

function print(json: boolean | undefined, value: unknown, text: () => string) {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}

registerRunCommands(program);

connectionOptions(
  program.command('status').description('per flow: last run, backlog, age of the oldest unposted record, open exceptions by owner'),
)
  .option('--json', 'print JSON')
  .action(async (options: ConnectOptions & { json?: boolean }) => {
    await withOperations(options, async (operations) => {
      const status = await operations.status();
      print(options.json, status, () => formatStatus(status));
    });
  });

const exceptions = program.command('exceptions').description('problems someone must act on, by owning team');

connectionOptions(exceptions.command('list').description('list exceptions (open ones unless --status says otherwise)'))
  .addOption(new Option('--owner <team>', 'only this team').choices([...exceptionOwners]))
  .addOption(
    new Option('--status <status>', 'open, resolved, ignored or all').choices(['open', 'resolved', 'ignored', 'all']).default('open'),
  )
  .option('--flow <flow>', 'only this flow, e.g. orders')
  .option('--limit <n>', 'at most this many', (value) => Number.parseInt(value, 10), 100)
  .option('--json', 'print JSON')
  .action(
    async (
      options: ConnectOptions & { owner?: (typeof exceptionOwners)[number]; status: 'open'; flow?: string; limit: number; json?: boolean },
    ) => {
      await withOperations(options, async (operations) => {
        const list = await operations.listExceptions({
          status: options.status,
          owner: options.owner,
          flow: options.flow,
          limit: options.limit,
        });
        print(options.json, list, () => formatExceptionList(list));
      });
    },
  );

connectionOptions(exceptions.command('show <id>').description('one exception with its record and evidence'))
  .option('--json', 'print JSON')
  .action(async (id: string, options: ConnectOptions & { json?: boolean }) => {
    await withOperations(options, async (operations) => {
      const view = await operations.showException(parseId(id));
      if (!view) throw new Error(`there is no exception ${id}`);
      print(options.json, view, () => formatExceptionView(view));
    });
  });

connectionOptions(exceptions.command('retry <id>').description("put the exception's record back in its flow's queue"))
  .option('--by <name>', 'who asks', currentUserName())
  .option(
    '--set <path=value>',
    'override a field of the source record before retrying (repeatable), e.g. shippingAddress.zip="LS1 1AA"',
    collectOverride,
    {},
  )
  .action(async (id: string, options: ConnectOptions & { by: string; set: Record<string, string> }) => {
    const overrides = Object.keys(options.set).length > 0 ? options.set : undefined;
    await withOperations(options, async (operations) =>
      console.log((await operations.retryException(parseId(id), options.by, overrides)).message),
    );
  });

for (const [verb, description] of [
  ['resolve', 'close an exception that was dealt with, saying how'],
  ['ignore', 'close an exception that needs no action, saying why'],
] as const) {
  connectionOptions(exceptions.command(`${verb} <id>`).description(description))
    .requiredOption('-n, --note <text>', 'what was done, or why nothing is needed')
    .option('--by <name>', 'who closes it', currentUserName())
    .action(async (id: string, options: ConnectOptions & { note: string; by: string }) => {
      await withOperations(options, async (operations) => {
        const closed =
          verb === 'resolve'
            ? await operations.resolveException(parseId(id), options.by, options.note)
            : await operations.ignoreException(parseId(id), options.by, options.note);
        console.log(`Exception #${closed.id} is ${closed.status}.`);
      });
    });
}

const records = program.command('records').description('the ledger: one record per piece of work');
connectionOptions(records.command('show <id>').description('a record by any id: Shopify order id or number, BC document number, ledger id'))
  .option('--json', 'print JSON')
  .action(async (term: string, options: ConnectOptions & { json?: boolean }) => {
    await withOperations(options, async (operations) => {
      const views = await operations.showRecords(term);
      if (views.length === 0) throw new Error(`no record matches ${term}`);
      print(options.json, views, () => views.map(formatRecordView).join('\n\n'));
    });
  });

registerReconcileCommands(program, connectionOptions, withOperations);

function collectOverride(value: string, previous: Record<string, string>): Record<string, string> {
  const equals = value.indexOf('=');
  if (equals <= 0) throw new Error(`--set needs path=value, got "${value}"`);
  return { ...previous, [value.slice(0, equals).trim()]: value.slice(equals + 1) };
}

function parseId(value: string): number {
  const id = Number(value.replace(/^#/, ''));
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`"${value}" is not an exception id`);
  return id;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`ledgerbridge: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
