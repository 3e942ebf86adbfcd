/**
 * Serves a Hono app on a host and port (0 picks a free port) and says where. A client gets
 * 20 s to send its headers and 60 s for the whole request: a slow one cannot hold a
 * connection for Node's default five minutes.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function listen(app: Hono, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is already in use; choose another in the configuration`) : error,
      );
    };
    server = serve(
      { fetch: app.fetch, hostname: host, port, serverOptions: { headersTimeout: 20_000, requestTimeout: 60_000 } },
      (info) => {
        server!.off('error', onError);
        const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
        resolve({
          url,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
              server!.close(() => done());
            }),
        });
      },
    );
    server.once('error', onError);
  });
}
