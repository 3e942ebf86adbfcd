/**
 * For benchmarks that run the real hub process: the Shopify and BC emulators in this process,
 * a hub configuration (the sandbox's, without the warehouse) pointing at them, and the hub
 * started as `ledgerbridge start` in a child process.
 */
import { serve, type ServerType } from '@hono/node-server';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.ts';
import { createShopifyEmulator, type ShopifyEmulator } from '../../emulators/shopify/index.ts';
import { sandboxSecrets } from '../../src/sandbox/run-sandbox.ts';

export const projectRoot = resolve(import.meta.dirname, '../..');

export interface EmulatorWorld {
  shopify: ShopifyEmulator;
  shopifyUrl: string;
  bc: RunningBcEmulator;
  /** Shopify's actual cost points, summed from the emulator's own answers since the last reset. */
  shopifyPoints(): number;
  /** Actual points per GraphQL operation name, since the last reset. */
  shopifyPointsByOperation(): Map<string, number>;
  resetShopifyPoints(): void;
  close(): Promise<void>;
}

export async function startEmulatorWorld(options: { shopifyPlan: 'standard' | 'unlimited'; bcLimits: boolean }): Promise<EmulatorWorld> {
  const plan = options.shopifyPlan === 'standard' ? 'standard' : { maximumAvailable: 10_000_000, restoreRate: 10_000_000 };
  const shopify = createShopifyEmulator({ plan, seed: 20261207 });
  let points = 0;
  const pointsByOperation = new Map<string, number>();
  const server = await new Promise<ServerType>((done) => {
    const started = serve(
      {
        port: 0,
        hostname: '127.0.0.1',
        fetch: async (request) => {
          const graphql = request.url.includes('/graphql.json');
          const query = graphql ? ((await request.clone().json()) as { query?: string }).query : undefined;
          const response = await shopify.app.fetch(request);
          if (graphql) {
            const body = (await response.clone().json()) as { extensions?: { cost?: { actualQueryCost?: number | null } } };
            const cost = body.extensions?.cost?.actualQueryCost ?? 0;
            points += cost;
            const operation = /(?:query|mutation)\s+(\w+)/.exec(query ?? '')?.[1] ?? '(anonymous)';
            pointsByOperation.set(operation, (pointsByOperation.get(operation) ?? 0) + cost);
          }
          return response;
        },
      },
      () => done(started),
    );
  });
  const bc = await startBcEmulator({
    port: 0,
    ...(options.bcLimits ? {} : { limits: false }),
    clientSecret: sandboxSecrets.BC_CLIENT_SECRET,
  });
  return {
    shopify,
    shopifyUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bc,
    shopifyPoints: () => points,
    shopifyPointsByOperation: () => new Map(pointsByOperation),
    resetShopifyPoints: () => {
      points = 0;
      pointsByOperation.clear();
    },
    async close() {
      await shopify.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await bc.close();
    },
  };
}

export interface HubProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Writes the hub's configuration into `dir` and starts `ledgerbridge start` on it. */
export async function startHubProcess(options: {
  dir: string;
  world: EmulatorWorld;
  store: { backend: 'embedded'; dataDir: string } | { backend: 'postgres'; url: string };
  ordersConcurrency?: number;
}): Promise<HubProcess> {
  const { world } = options;
  const config = parseYaml(readFileSync(join(projectRoot, 'config/sandbox.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  delete config.warehouse;
  const port = await freePort();
  config.server = { ...config.server, port, publicUrl: `http://127.0.0.1:${port}` };
  config.store = options.store.backend === 'postgres' ? { backend: 'postgres' } : { backend: 'embedded', dataDir: options.store.dataDir };
  config.shopify = { ...config.shopify, adminUrl: world.shopifyUrl };
  const { bc } = world;
  config.bc = {
    ...config.bc,
    baseUrl: bc.url,
    authorityHost: bc.url,
    tenantId: bc.tenantId,
    environment: bc.environment,
    clientId: bc.clientId,
  };
  config.bc.company = { name: bc.companyName };
  if (options.ordersConcurrency) (config.flows!.orders as Record<string, unknown>).concurrency = options.ordersConcurrency;
  writeFileSync(join(options.dir, 'hub.yaml'), stringifyYaml(config));
  const child = spawn(process.execPath, [join(projectRoot, 'bin/ledgerbridge.js'), 'start', '--config', join(options.dir, 'hub.yaml')], {
    env: {
      ...process.env,
      ...sandboxSecrets,
      SHOPIFY_ACCESS_TOKEN: world.shopify.accessToken,
      SHOPIFY_WEBHOOK_SECRETS: world.shopify.appSecret,
      LOG_LEVEL: 'error',
      ...(options.store.backend === 'postgres' ? { LEDGERBRIDGE_DATABASE_URL: options.store.url } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true, 120_000);
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    },
  };
}

/** A fresh PostgreSQL database for one run, dropped afterwards. */
export async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.LEDGERBRIDGE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `lb_bench_${Date.now().toString(36)}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** The user + system CPU of a process so far (ms) and its peak resident memory (MB), from /proc. */
export function readProc(pid: number): { cpuMs: number; peakRssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { cpuMs: ticks * 10, peakRssMb: Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 100));
  }
}
