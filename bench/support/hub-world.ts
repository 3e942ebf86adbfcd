/**
 * For benchmarks that run the real hub process: the Shopify and BC emulators in this process
 * (and, when asked, the warehouse as the sandbox runs it, "Scend"), a hub configuration (the
 * sandbox's, with the warehouse section only when the world has a warehouse) pointing at them,
 * and the hub started as `ledgerbridge start` in a child process.
 */
import { serve, type ServerType } from '@hono/node-server';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
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
  /** THROTTLED answers Shopify gave, since the last reset. */
  shopifyThrottled(): number;
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
  let throttled = 0;
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
            const body = (await response.clone().json()) as {
              extensions?: { cost?: { actualQueryCost?: number | null } };
              errors?: { extensions?: { code?: string } }[];
            };
            if (Array.isArray(body.errors) && body.errors.some((error) => error.extensions?.code === 'THROTTLED')) throttled += 1;
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
    shopifyThrottled: () => throttled,
    shopifyPointsByOperation: () => new Map(pointsByOperation),
    resetShopifyPoints: () => {
      points = 0;
      throttled = 0;
      pointsByOperation.clear();
    },
    async close() {
      await shopify.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      // BC's notifications wait ~30 s to be sent, and retry for hours when the hub is gone: drop them.
      bc.emulator.notifier.clear();
      await bc.close();
      await warehouse?.close();
    },
  };
}

export interface HubProcess {
  /** This process's own address (its health, API and metrics). */
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Writes the hub's configuration into `dir` (as `configName`, default hub.yaml) and starts
 * `ledgerbridge start` on it. `publicUrl` is the address Shopify and BC are told to call back
 * (webhooks; the warehouse is left out): the process's own by default, a proxy's when several
 * processes stand behind one.
 */
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
  publicUrl?: string;
  configName?: string;
  /** Where the hub's standard output (its log, errors only) goes; by default nowhere. */
  logFile?: string;
  /** Share BC's request budget and Shopify's cost bucket through the store with the other processes (store.sharedBudgets). */
  sharedBudgets?: boolean;
}): Promise<HubProcess> {
  const { world } = options;
  const config = parseYaml(readFileSync(join(projectRoot, 'config/sandbox.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  if (world.warehouse) config.warehouse = { ...config.warehouse, baseUrl: world.warehouse.url };
  else delete config.warehouse;
  const port = options.port ?? (await freePort());
  config.server = { ...config.server, port, publicUrl: options.publicUrl ?? `http://127.0.0.1:${port}` };
  config.store =
    options.store.backend === 'postgres'
      ? { backend: 'postgres', sharedBudgets: options.sharedBudgets ?? false }
      : { backend: 'embedded', dataDir: options.store.dataDir };
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
  const configPath = join(options.dir, options.configName ?? 'hub.yaml');
  writeFileSync(configPath, stringifyYaml(config));
  const log = options.logFile ? openSync(options.logFile, 'a') : undefined;
  const child = spawn(process.execPath, [join(projectRoot, 'bin/ledgerbridge.js'), 'start', '--config', configPath], {
    env: {
      ...process.env,
      ...sandboxSecrets,
      SHOPIFY_ACCESS_TOKEN: world.shopify.accessToken,
      SHOPIFY_WEBHOOK_SECRETS: world.shopify.appSecret,
      LOG_LEVEL: 'error',
      ...(options.store.backend === 'postgres' ? { LEDGERBRIDGE_DATABASE_URL: options.store.url } : {}),
    },
    stdio: ['ignore', log ?? 'ignore', options.quiet ? 'pipe' : 'inherit'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split('\n')
      .filter((line) => line && !/^LedgerBridge is running at |^SIGTERM: stopping/.test(line))
      .join('\n');
    if (text) process.stderr.write(`${text}\n`);
  });
  if (log !== undefined) closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  if (options.waitReady ?? true) {
    try {
      await waitUntil(async () => {
        // A process that stopped (a port taken meanwhile, a failed migration) must not pass for ready
        // because something else answers on its port.
        if (gone()) throw new Error(`the hub on port ${port} stopped before it was ready (${child.exitCode ?? child.signalCode})`);
        return (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true;
      }, 120_000);
    } catch (error) {
      if (!gone()) child.kill('SIGKILL');
      throw error;
    }
  }
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

export interface RoundRobinProxy {
  url: string;
  /** The hub processes behind it, in turn; a target is added before its process listens. */
  targets: string[];
  /** Requests forwarded per target, since the last reset. */
  forwarded: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The one address in front of several hub processes, as a real deployment's load balancer: each
 * request (method, path with query, headers, body) goes to the next target in turn, and the
 * answer comes back as it is. A target that refuses the connection (not listening yet, or gone)
 * is skipped for the next; nothing was sent to it, so that is safe. With no target answering the
 * request waits up to 10 s, then gets a 502.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  const targets: string[] = [];
  const forwarded = new Map<string, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const send = (target: string, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((done, fail) => {
      const upstream = httpRequest(`${target}${path}`, { method, headers, agent }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => done({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
        answer.on('error', fail);
      });
      upstream.on('error', fail);
      upstream.end(body.length ? body : undefined);
    });
  const server = createHttpServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers = { ...incoming.headers };
      delete headers.connection;
      delete headers['keep-alive'];
      const deadline = Date.now() + 10_000;
      while (true) {
        const target = targets.length ? targets[next++ % targets.length]! : undefined;
        try {
          if (!target) throw Object.assign(new Error('no target'), { code: 'ECONNREFUSED' });
          const answer = await send(target, incoming.method ?? 'GET', incoming.url ?? '/', headers, body);
          forwarded.set(target, (forwarded.get(target) ?? 0) + 1);
          const answerHeaders = { ...answer.headers };
          delete answerHeaders.connection;
          delete answerHeaders['keep-alive'];
          delete answerHeaders['transfer-encoding'];
          outgoing.writeHead(answer.status, answerHeaders);
          outgoing.end(answer.body);
          return;
        } catch (error) {
          const refused = (error as { code?: string }).code === 'ECONNREFUSED';
          if (!refused || Date.now() > deadline) {
            outgoing.writeHead(502, { 'content-type': 'text/plain' });
            outgoing.end(`proxy: ${String(error)}`);
            return;
          }
          if (!targets.length || next % targets.length === 0) await new Promise((done) => setTimeout(done, 100));
        }
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    forwarded,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}

export interface HubCluster {
  /** The proxy's address: what Shopify and BC call back, and any process's API. */
  url: string;
  proxy: RoundRobinProxy;
  /** The processes by slot; `restart` replaces a slot's entry. */
  processes: HubProcess[];
  /**
   * Starts slot `index` (0-based) again, on its port, configuration and log, as after a crash:
   * the proxy's target for the slot stays, so requests reach it once it listens.
   */
  restart(index: number, options?: { waitReady?: boolean }): Promise<HubProcess>;
  stop(): Promise<void>;
}

/**
 * N hub processes on one PostgreSQL database behind one round-robin proxy. Every process gets
 * the same configuration but its port, and the proxy's address as `server.publicUrl`, so each
 * Shopify topic has one subscription (to the proxy) and each webhook is delivered once and lands
 * on one process; BC's notification URL is the proxy's too. They start one after the other, each
 * ready (`/health/ready`) before the next starts, so the first one migrates and subscribes.
 */
export async function startHubCluster(options: {
  count: number;
  dir: string;
  world: EmulatorWorld;
  databaseUrl: string;
  ordersConcurrency?: number;
  /** Leave out each process's start-up banner and stop notice on stderr (errors still show). */
  quiet?: boolean;
  /** store.sharedBudgets in every process (default true: several processes are meant to share). */
  sharedBudgets?: boolean;
}): Promise<HubCluster> {
  const proxy = await startRoundRobinProxy();
  const processes: HubProcess[] = [];
  const ports: number[] = [];
  const startSlot = (index: number, waitReady: boolean) =>
    startHubProcess({
      dir: options.dir,
      world: options.world,
      store: { backend: 'postgres', url: options.databaseUrl },
      port: ports[index]!,
      waitReady,
      publicUrl: proxy.url,
      // Several processes share BC's request budget and Shopify's bucket through the store (decision 0024).
      sharedBudgets: options.sharedBudgets ?? true,
      configName: `hub-${index + 1}.yaml`,
      logFile: join(options.dir, `hub-${index + 1}.log`),
      ...(options.quiet ? { quiet: true } : {}),
      ...(options.ordersConcurrency ? { ordersConcurrency: options.ordersConcurrency } : {}),
    });
  const stop = async () => {
    await Promise.all(processes.map((hub) => hub.stop()));
    await proxy.close();
  };
  try {
    for (let i = 0; i < options.count; i += 1) {
      ports.push(await freePort());
      proxy.targets.push(`http://127.0.0.1:${ports[i]}`);
      processes.push(await startSlot(i, true));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: proxy.url,
    proxy,
    processes,
    async restart(index, restartOptions) {
      const hub = await startSlot(index, restartOptions?.waitReady ?? true);
      processes[index] = hub;
      return hub;
    },
    stop,
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

/** The generator's mix with the cases the hub holds on purpose turned off: every order is expected in BC. */
export const cleanMix = { unknownSkuRate: 0, incompleteInternationalRate: 0, eoriMissingRate: 0 };

/** The BC reference of a generated order (the sandbox's prefix), as the watcher below sees it. */
const referenceOf = (name: string) => `SHOP-${name.replace(/^#/, '')}`.toUpperCase();

/** When each sales order first shows in the BC emulator, by external document number; polled every 50 ms. */
export function watchBcOrders(bc: RunningBcEmulator): { seenAt: Map<string, number>; stop(): void } {
  const seenAt = new Map<string, number>();
  const watcher = setInterval(() => {
    for (const row of bc.emulator.rows('salesOrders')) {
      const reference = String(row.externalDocumentNumber ?? '');
      if (reference && !seenAt.has(reference)) seenAt.set(reference, performance.now());
    }
  }, 50);
  return { seenAt, stop: () => clearInterval(watcher) };
}

/**
 * Places `count` orders in the Shopify emulator: at once (`ordersPerMinute` 0, yielding now and
 * then so webhooks go out), or each at its time from the start, so the pace does not drift with
 * the waits. Returns the start and when each order was placed, by its BC reference.
 */
export async function placeOrders(
  shopify: ShopifyEmulator,
  count: number,
  ordersPerMinute: number,
  mix: Parameters<ShopifyEmulator['placeOrder']>[1],
): Promise<{ started: number; placedAt: Map<string, number> }> {
  const placedAt = new Map<string, number>();
  const started = performance.now();
  const perOrderMs = ordersPerMinute > 0 ? 60_000 / ordersPerMinute : 0;
  for (let i = 0; i < count; i += 1) {
    const order = shopify.placeOrder(undefined, mix);
    placedAt.set(referenceOf(order.name), performance.now());
    if (perOrderMs > 0) await new Promise((done) => setTimeout(done, Math.max(0, started + (i + 1) * perOrderMs - performance.now())));
    else if (i % 50 === 49) await new Promise((done) => setImmediate(done));
  }
  return { started, placedAt };
}
