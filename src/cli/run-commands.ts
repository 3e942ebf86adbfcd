/** The long-running commands: the hub, the sandbox, and an emulator on its own. */
import type { Command } from 'commander';
import { startHub } from '../app.js';
import { readEnv } from '../config/env.js';
import { loadConfigFile } from '../config/load-config.js';
import { createLogger } from '../core/logger.js';
import { resolveConfigPath } from './config-path.js';
import { registerSandboxCommands } from './sandbox-commands.js';
import { stopOnSignals } from './shutdown.js';

export function registerRunCommands(program: Command): void {
  program
    .command('start')
    .description('run the hub: webhooks, polling, flows, the operator API')
    .option('-c, --config <file>', 'configuration file (default: $LEDGERBRIDGE_CONFIG or ./ledgerbridge.yaml)')
    .action(async (options: { config?: string }) => {
      const loaded = loadConfigFile(resolveConfigPath(options.config, { allowSandbox: false }), readEnv());
      const logger = createLogger({ level: loaded.logLevel });
      const hub = await startHub({ loaded, logger });
      console.error(`LedgerBridge is running at ${hub.url} (store: ${hub.store.location}). Ctrl-C stops it.`);
      stopOnSignals(() => hub.stop());
    });
  registerSandboxCommands(program);
}
