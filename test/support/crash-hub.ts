// What every crash-test hub process shares: its arguments (JSON in argv[2]), the embedded store
// and queue over its data directory, the real connectors pointed at the emulators, and the
// crash itself: SIGKILL with no clean-up, announced on stdout so the test knows it happened.
import { createQueue } from '../../src/app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createBcConnector } from '../../src/connectors/bc/index.ts';
import { createShopifyConnector } from '../../src/connectors/shopify/index.ts';
import { openStore } from '../../src/store/open-store.ts';

export interface CrashHubArgs {
  dataDir: string;
  shopify: { url: string; shopDomain: string; accessToken: string };
  bc: { url: string; tenantId: string; environment: string; companyId: string; clientId: string; clientSecret: string };
  crashAt?: string;
}

export function readCrashHubArgs<T extends CrashHubArgs>(): T {
  return JSON.parse(process.argv[2]!) as T;
}

/** Kills this process at `point` when it is the one the test asked for. */
export function crashIfAt(point: string, crashAt: string | undefined): void {
  if (point !== crashAt) return;
  process.stdout.write(`crash-point:${point}\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** The same object, with a crash point before and after each of its methods (`before:<name>`, `after:<name>`). */
export function withCrashPoints<T extends object>(target: T, crashAt: string | undefined): T {
  return new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = String(property);
      return async (...params: unknown[]) => {
        crashIfAt(`before:${name}`, crashAt);
        const result = await (value as (...args: unknown[]) => Promise<unknown>).apply(inner, params);
        crashIfAt(`after:${name}`, crashAt);
        return result;
      };
    },
  });
}

/** The store, queue and connectors of a crash-test hub; `bcFetch` lets a hub watch BC's wire. */
export async function openCrashHub(args: CrashHubArgs, options: { bcFetch?: typeof fetch } = {}) {
  const store = await openStore({ backend: 'embedded', dataDir: args.dataDir });
  const queue = createQueue(store, { logger: silentLogger, pollingIntervalSeconds: 0.5 });
  const shopify = createShopifyConnector({
    shopDomain: args.shopify.shopDomain,
    adminUrl: args.shopify.url,
    auth: { kind: 'token', accessToken: args.shopify.accessToken },
  });
  const bc = createBcConnector({
    config: {
      baseUrl: args.bc.url,
      authorityHost: args.bc.url,
      tenantId: args.bc.tenantId,
      environment: args.bc.environment,
      company: { id: args.bc.companyId },
      clientId: args.bc.clientId,
    },
    clientSecret: args.bc.clientSecret,
    ...(options.bcFetch ? { fetch: options.bcFetch } : {}),
  });
  return { store, queue, shopify, bc };
}
