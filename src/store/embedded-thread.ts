/**
 * Starts the embedded store's engine in a worker thread (embedded-engine.ts) and talks to it:
 * the socket directory to connect to, snapshots, and a clean close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineOptions, EngineReply, EngineRequest } from './embedded-engine.ts';

/** pg connects to a Unix socket named `.s.PGSQL.<port>` in a directory. */
export const SOCKET_PORT = 5432;

/**
 * PostgreSQL's WebAssembly functions stay on V8's baseline compiler (Liftoff) and are never
 * recompiled by its optimizing one (TurboFan). Recompiling a hot function is how V8 normally
 * tiers up, but one of PGlite's is the SQL grammar (`raw_parser`, 107 KB of WebAssembly), and
 * optimizing it took 614 MB of compiler memory for about a second, soon after every start: that
 * was the embedded hub's peak RSS (decision 0028). The flag names the one function allowed to
 * tier up; no function has this index, so none does. It is process-wide and read as each
 * function is compiled, so the engine sets it before PGlite compiles its module.
 */
export const NO_WASM_TIER_UP = '--wasm-tier-up-filter=2147483647';

/**
 * PostgreSQL settings, on top of PGlite's own start parameters. shared_buffers: PostgreSQL's
 * buffer pool lives in PGlite's WebAssembly memory, which fills as pages are read and is never
 * given back; at PGlite's default of 128 MB it held 163 MB resident during a 2,000-order run, at
 * 16 MB about 40 MB. The operating system's page cache still holds the data files
 * (decision 0028).
 */
export const ENGINE_SETTINGS = ['shared_buffers=16MB'];

/**
 * The engine thread's V8 young generation, in MB (two semi-spaces of 8 MB and room to promote).
 * Left to V8, it grows to 128 MB of semi-spaces on a machine with memory to spare, for a thread
 * that only passes protocol messages between the socket and PGlite (decision 0028). A process
 * started with `--max-semi-space-size` (the hub's `start` is, bin/ledgerbridge.js) uses that instead.
 */
export const ENGINE_YOUNG_GENERATION_MB = 24;

export interface EmbeddedThread {
  /** The private directory holding the socket (only this user can open it). */
  socketDir: string;
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

export async function startEmbeddedThread(options: {
  pgdata: string | null;
  snapshot?: Blob;
  maxConnections: number;
}): Promise<EmbeddedThread> {
  const socketDir = mkdtempSync(join(tmpdir(), 'lb-store-'));
  const engineOptions: EngineOptions = {
    pgdata: options.pgdata,
    snapshot: options.snapshot ? await options.snapshot.arrayBuffer() : null,
    socketPath: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
    maxConnections: options.maxConnections,
    v8Options: [NO_WASM_TIER_UP],
    settings: ENGINE_SETTINGS,
  };
  const worker = new Worker(new URL('./embedded-engine.ts', import.meta.url), {
    workerData: engineOptions,
    resourceLimits: { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB },
    ...(engineOptions.snapshot ? { transferList: [engineOptions.snapshot] } : {}),
  });
  const waiting = new Map<number, { resolve(reply: EngineReply): void; reject(error: Error): void }>();
  let nextId = 1;
  let closing: ((reply: EngineReply) => void) | undefined;
  let stopped: Error | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: EngineReply) => {
      if (reply.type === 'ready') resolve();
      else if (reply.type === 'dumped') waiting.get(reply.id)?.resolve(reply);
      else if (reply.type === 'closed') closing?.(reply);
      else {
        const error = Object.assign(new Error(`embedded store: ${reply.message}`), { stack: reply.stack });
        reject(error);
        for (const pending of waiting.values()) pending.reject(error);
      }
    });
    worker.on('error', (error) => {
      stopped = error;
      reject(error);
      for (const pending of waiting.values()) pending.reject(error);
    });
    worker.on('exit', (code) => {
      stopped ??= new Error(`the embedded store's thread stopped (exit code ${code})`);
      reject(stopped);
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }

  const send = (request: EngineRequest) => {
    if (stopped) throw stopped;
    worker.postMessage(request);
  };
  return {
    socketDir,
    async dump() {
      const id = nextId++;
      const reply = await new Promise<EngineReply>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        send({ type: 'dump', id });
      }).finally(() => waiting.delete(id));
      return new Blob([(reply as Extract<EngineReply, { type: 'dumped' }>).data]);
    },
    async close() {
      if (!stopped) {
        const closed = new Promise<EngineReply>((resolve) => (closing = resolve));
        send({ type: 'close' });
        await closed;
      }
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
