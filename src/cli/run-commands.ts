/** The long-running commands: the hub, the sandbox, and an emulator on its own. */
import type { Command } from 'commander';
import { registerSandboxCommands } from './sandbox-commands.ts';

export function registerRunCommands(program: Command): void {
  program
    .command('start')
    .description('run the hub: webhooks, polling, flows, the operator API')
    .option('-c, --config <file>', 'configuration file (default: $LEDGERBRIDGE_CONFIG or ./ledgerbridge.yaml)')
    .action(async (options: { config?: string }) => {
      // Loaded when the command runs, so the rest of the CLI starts without the hub's modules.
      const [{ startHub }, { readEnv }, { loadConfigFile, secretValues }, { createLogger }, { resolveConfigPath }, { stopOnSignals }] =
        await Promise.all([
          import('../app.ts'),
          import('../config/env.ts'),
          import('../config/load-config.ts'),
          import('../core/logger.ts'),
          import('./config-path.ts'),
          import('./shutdown.ts'),
        ]);
      const env = readEnv();
      const loaded = loadConfigFile(resolveConfigPath(options.config, { allowSandbox: false, fromEnv: env.LEDGERBRIDGE_CONFIG }), env);
      const logger = createLogger({ level: loaded.logLevel, secrets: secretValues(loaded.secrets) });
      const hub = await startHub({ loaded, logger });
      console.error(`LedgerBridge is running at ${hub.url} (store: ${hub.store.location}). Ctrl-C stops it.`);
      stopOnSignals(() => hub.stop());
    });
  registerSandboxCommands(program);
}
