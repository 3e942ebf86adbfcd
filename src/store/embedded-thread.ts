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
  };
  const worker = new Worker(new URL('./embedded-engine.ts', import.meta.url), {
    workerData: engineOptions,
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
