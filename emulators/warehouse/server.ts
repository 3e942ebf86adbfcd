/**
 * Serves the warehouse emulator on loopback: what the sandbox runs as "Scend". Port 0 picks
 * a free port (tests). The answer carries what a Mintsoft adapter configuration needs.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createWarehouseEmulator, type WarehouseEmulator } from './emulator.ts';
import type { WarehouseEmulatorOptions } from './settings.ts';

export interface StartWarehouseEmulatorOptions extends WarehouseEmulatorOptions {
  host?: string;
  port?: number;
}

export interface RunningWarehouseEmulator {
  /** The adapter's `baseUrl`; the API is under `${url}/api`, the control surface under `${url}/_emulator`. */
  url: string;
  apiKey: string;
  clientId: number;
  warehouseId: number;
  emulator: WarehouseEmulator;
  close(): Promise<void>;
}

export async function startWarehouseEmulator(options: StartWarehouseEmulatorOptions = {}): Promise<RunningWarehouseEmulator> {
  const { host = '127.0.0.1', port = 0, ...rest } = options;
  const emulator = createWarehouseEmulator(rest);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: emulator.app.fetch, hostname: host, port }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    apiKey: emulator.settings.apiKey,
    clientId: emulator.settings.clientId,
    warehouseId: emulator.settings.warehouseId,
    emulator,
    async close() {
      await emulator.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of clients would hold the server open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
