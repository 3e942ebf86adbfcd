/**
 * For benchmarks that run the real hub process: the Shopify and BC emulators in this process
 * (and, when asked, the warehouse as the sandbox runs it, "Scend"), a hub configuration (the
 * sandbox's, with the warehouse section only when the world has a warehouse) pointing at them,
 * and the hub started as `ledgerbridge start` in a child process.
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
import { startWarehouseEmulator, type FloorSettings, type RunningWarehouseEmulator } from '../../emulators/warehouse/index.ts';
import { levelOpeningStock, sandboxSecrets } from '../../src/sandbox/run-sandbox.ts';

export const projectRoot = resolve(import.meta.dirname, '../..');

export interface EmulatorWorld {
  shopify: ShopifyEmulator;
  shopifyUrl: string;
  bc: RunningBcEmulator;
  /** Scend, when the world was started with a warehouse floor. */
  warehouse?: RunningWarehouseEmulator;
  /** Shopify's actual cost points, summed from the emulator's own answers since the last reset. */
  shopifyPoints(): number;
  /** Actual points per GraphQL operation name, since the last reset. */
  shopifyPointsByOperation(): Map<string, number>;
  resetShopifyPoints(): void;
  close(): Promise<void>;
}

export async function startEmulatorWorld(options: {
  shopifyPlan: 'standard' | 'unlimited';
  bcLimits: boolean;
  /** Start the warehouse too, with this floor (the sandbox's identities and API key). */
  warehouseFloor?: Partial<FloorSettings>;
  seed?: number;
}): Promise<EmulatorWorld> {
  const plan = options.shopifyPlan === 'standard' ? 'standard' : { maximumAvailable: 10_000_000, restoreRate: 10_000_000 };
  const shopify = createShopifyEmulator({ plan, seed: options.seed ?? 20261207 });
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
  const warehouse = options.warehouseFloor
    ? await startWarehouseEmulator({
        port: 0,
        apiKey: sandboxSecrets.WAREHOUSE_API_KEY,
        floor: options.warehouseFloor,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      })
    : undefined;
  if (warehouse) levelOpeningStock(warehouse, bc, 'SCEND');
  return {
    shopify,
    shopifyUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bc,
    ...(warehouse ? { warehouse } : {}),
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
      await warehouse?.close();
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
  /** Wait for /health/ready before returning (default true); the port is reused when given. */
  waitReady?: boolean;
  port?: number;
  /** Leave out the start-up banner and the stop notice on stderr (errors still show). */
  quiet?: boolean;
}): Promise<HubProcess> {
  const { world } = options;
  const config = parseYaml(readFileSync(join(projectRoot, 'config/sandbox.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  if (world.warehouse) config.warehouse = { ...config.warehouse, baseUrl: world.warehouse.url };
  else delete config.warehouse;
  const port = options.port ?? (await freePort());
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
    stdio: ['ignore', 'ignore', options.quiet ? 'pipe' : 'inherit'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split('\n')
      .filter((line) => line && !/^LedgerBridge is running at |^SIGTERM: stopping/.test(line))
      .join('\n');
    if (text) process.stderr.write(`${text}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  if (options.waitReady ?? true)
    await waitUntil(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true, 120_000);
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
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
