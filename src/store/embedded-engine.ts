/**
 * The embedded store's engine, run in a worker thread: PGlite (PostgreSQL in WebAssembly)
 * served over the PostgreSQL wire protocol on a private Unix socket by pglite-socket. The hub's
 * main thread reaches it through `pg`, as it reaches a PostgreSQL server, so PGlite's CPU work
 * never holds up the HTTP server, webhook intake or timers. pglite-socket's multiplexer lets
 * several connections take turns on PGlite's one session and keeps a transaction's statements
 * together.
 *
 * Messages from the main thread: `dump` (the whole database as a tarball, for test snapshots)
 * and `close`. Messages to it: `ready`, `dumped`, `closed`, `failed`.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

export interface EngineOptions {
  /** PGlite's data directory, or null for an in-memory database. */
  pgdata: string | null;
  /** An in-memory database starts from this tarball (made by `dump`). */
  snapshot: ArrayBuffer | null;
  socketPath: string;
  maxConnections: number;
  /** V8 options set before PGlite compiles its module (they are process-wide). */
  v8Options: string[];
  /** PostgreSQL settings (`name=value`), on top of PGlite's own start parameters. */
  settings: string[];
}

export type EngineRequest = { type: 'dump'; id: number } | { type: 'close' };
export type EngineReply =
  | { type: 'ready' }
  | { type: 'dumped'; id: number; data: ArrayBuffer }
  | { type: 'closed' }
  | { type: 'failed'; message: string; stack?: string };

const port = parentPort!;
const options = workerData as EngineOptions;

async function start(): Promise<void> {
  for (const option of options.v8Options) setFlagsFromString(option);
  const pglite = new PGlite({
    startParams: [...PGlite.defaultStartParams, ...options.settings.flatMap((setting) => ['-c', setting])],
    ...(options.pgdata ? { dataDir: options.pgdata } : {}),
    ...(options.snapshot && !options.pgdata ? { loadDataDir: new Blob([options.snapshot]) } : {}),
  });
  await pglite.waitReady;
  const server = new PGLiteSocketServer({ db: pglite, path: options.socketPath, maxConnections: options.maxConnections });
  await server.start();
  port.on('message', (request: EngineRequest) => {
    void answer(request, pglite, server).catch((error: unknown) => port.postMessage(failure(error)));
  });
  port.postMessage({ type: 'ready' } satisfies EngineReply);
}

async function answer(request: EngineRequest, pglite: PGlite, server: PGLiteSocketServer): Promise<void> {
  if (request.type === 'dump') {
    const blob = (await pglite.dumpDataDir('none')) as Blob;
    const data = await blob.arrayBuffer();
    port.postMessage({ type: 'dumped', id: request.id, data } satisfies EngineReply, [data]);
  } else {
    await server.stop();
    await pglite.close();
    port.postMessage({ type: 'closed' } satisfies EngineReply);
  }
}

function failure(error: unknown): EngineReply {
  return error instanceof Error
    ? { type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
    : { type: 'failed', message: String(error) };
}

start().catch((error: unknown) => port.postMessage(failure(error)));
