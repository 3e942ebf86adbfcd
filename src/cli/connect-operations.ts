/**
 * Finds the hub's operations for a CLI command. A running hub that owns the embedded store
 * is reached through its API (it says where in the data directory's lock); otherwise the
 * command opens the store itself.
 */
import { createOperations, createQueue, openConfiguredStore } from '../app.ts';
import { readEnv } from '../config/env.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { silentLogger } from '../core/logger.ts';
import type { Operations } from '../operations/types.ts';
import { isHeldByLiveProcess, readLockOwner } from '../store/data-dir-lock.ts';
import { resolveConfigPath } from './config-path.ts';
import { createRemoteOperations } from './remote-operations.ts';

export interface ConnectOptions {
  config?: string;
  /** Talk to this hub URL instead of finding one. */
  api?: string;
}

export interface Connected {
  operations: Operations;
  via: string;
  close(): Promise<void>;
}

/** A hub URL as --api takes it: http or https, without user or password (the token comes from the environment). */
function checkApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--api takes the hub's URL, such as http://127.0.0.1:8080; "${value.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--api takes an http or https URL');
  if (url.username || url.password)
    throw new Error('--api takes no user or password: the operator token comes from LEDGERBRIDGE_API_TOKEN');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export async function connectOperations(options: ConnectOptions, source?: NodeJS.ProcessEnv): Promise<Connected> {
  const env = readEnv(source);
  if (options.api) {
    const api = checkApiUrl(options.api);
    return { operations: createRemoteOperations(api, env.LEDGERBRIDGE_API_TOKEN), via: api, close: async () => undefined };
  }
  const loaded = loadConfigFile(resolveConfigPath(options.config, { allowSandbox: true, fromEnv: env.LEDGERBRIDGE_CONFIG }), env, {
    requireSecrets: false,
  });
  if (loaded.config.store.backend === 'embedded') {
    const owner = readLockOwner(loaded.dataDir);
    if (isHeldByLiveProcess(owner)) {
      if (!owner.apiUrl)
        throw new Error(`the hub (process ${owner.pid}) holds ${loaded.dataDir} but serves no API; stop it or pass --api <url>`);
      return {
        operations: createRemoteOperations(owner.apiUrl, env.LEDGERBRIDGE_API_TOKEN),
        via: owner.apiUrl,
        close: async () => undefined,
      };
    }
  }
  const store = await openConfiguredStore(loaded);
  // This process only reads the ledger and enqueues: no workers, no schedules, no connectors.
  const queue = createQueue(store, { logger: silentLogger });
  const operations = createOperations(store, loaded, queue);
  await queue.start({ mode: 'client' });
  return {
    operations,
    via: store.location,
    async close() {
      await queue.stop();
      await store.close();
    },
  };
}
