/**
 * The `ledgerbridge` command. Operator commands talk to a running hub's API when the hub
 * holds the embedded store, or open the store themselves; `start` runs the hub; `sandbox`
 * runs the hub against local emulators; `emulate` runs one emulator alone.
 *
 * Arguments are checked before anything is opened or sent (cli-arguments.ts), and text from
 * the ledger is printed with its control characters made visible: an order name carrying an
 * escape sequence cannot rewrite the operator's terminal.
 */
import { Command, CommanderError, Option } from 'commander';
import { currentUserName } from '../config/user-name.ts';
import { exceptionOwners } from '../ledger/types.ts';
import { attentionKinds, type Attention } from '../operations/attention.ts';
import { parseConnectionId, parseCount, parseExceptionId, parseOverride, parseSearchTerm, parseText, printable } from './cli-arguments.ts';
import type { ConnectOptions, Connected } from './connect-operations.ts';
import { formatExceptionList, formatExceptionView, formatRecordView, formatStatus } from './format.ts';
import { registerReconcileCommands } from './reconcile-commands.ts';
import { registerStockCommands } from './stock-commands.ts';
import { registerRunCommands } from './run-commands.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The environment the command reads its secrets from (tests); the process's own otherwise. */
  env?: NodeJS.ProcessEnv;
}

function buildProgram(io: CliIo): Command {
  const program = new Command('ledgerbridge')
    .description('LedgerBridge: Shopify ↔ Business Central ↔ warehouse order-to-cash hub')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      // Commander's messages quote the argument it refused: shown, never acted on by the terminal.
      writeErr: (text) => io.err(printable(text.replace(/\n$/, ''))),
    });

  const connectionOptions = (command: Command) =>
    command
      .option('-c, --config <file>', 'configuration file (default: $LEDGERBRIDGE_CONFIG, ./ledgerbridge.yaml, or the sandbox)')
      .option('--api <url>', 'talk to the hub at this URL');

  // Commands load the hub's modules only when they run, so `--help` answers at once.
  async function withOperations<T>(options: ConnectOptions, work: (operations: Connected['operations']) => Promise<T>): Promise<T> {
    const { connectOperations } = await import('./connect-operations.ts');
    const connected = await connectOperations(options, io.env);
    try {
      return await work(connected.operations);
    } finally {
      await connected.close();
    }
  }

  function print(json: boolean | undefined, value: unknown, text: () => string) {
    io.out(json ? JSON.stringify(value, null, 2) : printable(text()));
  }

  registerRunCommands(program);
  registerReconcileCommands(program, connectionOptions, withOperations);
  registerStockCommands(program, connectionOptions, withOperations);

  connectionOptions(
    program
      .command('status')
      .description(
        'per flow: last run, backlog, age of the oldest unposted record, open exceptions by owner; the monitors and queues (every connection together unless --connection)',
      ),
  )
    .option('--connection <id>', "only this connection's (shop's) figures, e.g. eu", parseConnectionId)
    .option('--json', 'print JSON')
    .action(async (options: ConnectOptions & { json?: boolean; connection?: string }) => {
      await withOperations(options, async (operations) => {
        const status = await operations.status(options.connection ? { connection: options.connection } : {});
        print(options.json, status, () => formatStatus(status));
      });
    });

  const exceptions = program.command('exceptions').description('problems someone must act on, by owning team');

  connectionOptions(exceptions.command('list').description('list exceptions (open ones unless --status says otherwise)'))
    .addOption(new Option('--owner <team>', 'only this team').choices([...exceptionOwners]))
    .addOption(
      new Option('--status <status>', 'open, resolved, ignored or all').choices(['open', 'resolved', 'ignored', 'all']).default('open'),
    )
    .option('--flow <flow>', 'only this flow, e.g. orders', (value) =>
      parseText(value, 'flow', { max: 60, pattern: /^[a-z][a-z0-9_.-]*$/ }),
    )
    .option('--connection <id>', 'only this connection (shop), e.g. eu', parseConnectionId)
    .addOption(
      new Option('--attention <kind>', 'only those needing action, or only those for review (information the hub gives)').choices([
        ...attentionKinds,
      ]),
    )
    .option(
      '--limit <n>',
      'at most this many (1 to 1000); the output says when more match',
      (value) => parseCount(value, 'limit', 1000),
      100,
    )
    .option('--json', 'print JSON: { exceptions, truncated, limit }')
    .action(
      async (
        options: ConnectOptions & {
          owner?: (typeof exceptionOwners)[number];
          status: 'open';
          flow?: string;
          connection?: string;
          attention?: Attention;
          limit: number;
          json?: boolean;
        },
      ) => {
        await withOperations(options, async (operations) => {
          const list = await operations.listExceptions({
            status: options.status,
            owner: options.owner,
            flow: options.flow,
            ...(options.connection ? { connection: options.connection } : {}),
            attention: options.attention,
            limit: options.limit,
          });
          print(options.json, list, () => formatExceptionList(list));
          // Said on stderr too, so a script reading the JSON is told the list is not whole.
          if (list.truncated && options.json)
            io.err(
              `ledgerbridge: showing the first ${list.limit} exceptions; more match (raise --limit, up to 1000, or narrow the filter)`,
            );
        });
      },
    );

  connectionOptions(exceptions.command('show <id>').description('one exception with its record and evidence'))
    .option('--json', 'print JSON')
    .action(async (id: string, options: ConnectOptions & { json?: boolean }) => {
      const exceptionId = parseExceptionId(id);
      await withOperations(options, async (operations) => {
        const view = await operations.showException(exceptionId);
        if (!view) throw new Error(`there is no exception ${exceptionId}`);
        print(options.json, view, () => formatExceptionView(view));
      });
    });

  const byName = (value: string) => parseText(value, 'by', { max: 80 });

  connectionOptions(exceptions.command('retry <id>').description("put the exception's record back in its flow's queue"))
    .option('--by <name>', 'who asks', byName, currentUserName())
    .option(
      '--set <path=value>',
      'override a field of the source record before retrying (repeatable), e.g. shippingAddress.zip="LS1 1AA"',
      parseOverride,
      {},
    )
    .action(async (id: string, options: ConnectOptions & { by: string; set: Record<string, string> }) => {
      const exceptionId = parseExceptionId(id);
      const overrides = Object.keys(options.set).length > 0 ? options.set : undefined;
      await withOperations(options, async (operations) =>
        // A retry that did nothing is refused (and exits non-zero); both outcomes here put the record in its queue.
        io.out(printable((await operations.retryException(exceptionId, options.by, overrides)).message)),
      );
    });

  for (const [verb, description] of [
    ['resolve', 'close an exception that was dealt with, saying how'],
    ['ignore', 'close an exception that needs no action, saying why'],
  ] as const) {
    connectionOptions(exceptions.command(`${verb} <id>`).description(description))
      .requiredOption('-n, --note <text>', 'what was done, or why nothing is needed', (value) =>
        parseText(value, 'note', { max: 2000, lineBreaks: true }),
      )
      .option('--by <name>', 'who closes it', byName, currentUserName())
      .action(async (id: string, options: ConnectOptions & { note: string; by: string }) => {
        const exceptionId = parseExceptionId(id);
        await withOperations(options, async (operations) => {
          const closed =
            verb === 'resolve'
              ? await operations.resolveException(exceptionId, options.by, options.note)
              : await operations.ignoreException(exceptionId, options.by, options.note);
          io.out(`Exception #${closed.id} is ${closed.status}.`);
        });
      });
  }

  const records = program.command('records').description('the ledger: one record per piece of work');
  connectionOptions(
    records.command('show <id>').description('a record by any id: Shopify order id or number, BC document number, ledger id'),
  )
    .option('--json', 'print JSON')
    .option('--connection <id>', "only this connection's (shop's) records, e.g. eu", parseConnectionId)
    .action(async (term: string, options: ConnectOptions & { json?: boolean; connection?: string }) => {
      const search = parseSearchTerm(term);
      await withOperations(options, async (operations) => {
        const views = await operations.showRecords(search, options.connection ? { connection: options.connection } : {});
        if (views.length === 0) throw new Error(`no record matches ${printable(search)}`);
        print(options.json, views, () => views.map(formatRecordView).join('\n\n'));
      });
    });
  return program;
}

/** Runs one command line; resolves with the exit code. Errors are told in one line, never as a stack. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already said what was wrong with the command line (and --help exits this way too).
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`ledgerbridge: ${printable(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}
