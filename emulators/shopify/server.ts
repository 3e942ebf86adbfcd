/**
 * Serves the Shopify emulator on loopback: what `ledgerbridge emulate shopify` and the
 * sandbox start. Port 0 picks a free port; the returned `url` is the `adminUrl` a Shopify
 * connector points at.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createShopifyEmulator, type ShopifyEmulator, type ShopifyEmulatorOptions } from './app.ts';
import type { OrderStreamOptions } from './order-stream.ts';

export interface StartShopifyEmulatorOptions extends ShopifyEmulatorOptions {
  host?: string;
  port?: number;
}

export interface RunningShopifyEmulator {
  /** Base URL, e.g. `http://127.0.0.1:4010`; GraphQL is at `${url}/admin/api/2026-10/graphql.json`. */
  url: string;
  graphqlUrl: string;
  shopDomain: string;
  accessToken: string;
  clientId: string;
  appSecret: string;
  emulator: ShopifyEmulator;
  placeOrder: ShopifyEmulator['placeOrder'];
  startGenerator(options?: OrderStreamOptions): ReturnType<ShopifyEmulator['startGenerator']>;
  stopGenerator(): Promise<void>;
  close(): Promise<void>;
}

export async function startShopifyEmulator(options: StartShopifyEmulatorOptions = {}): Promise<RunningShopifyEmulator> {
  const { host = '127.0.0.1', port = 0, ...rest } = options;
  const emulator = createShopifyEmulator(rest);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: emulator.app.fetch, hostname: host, port }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    graphqlUrl: `${url}${emulator.graphqlPath}`,
    shopDomain: emulator.shopDomain,
    accessToken: emulator.accessToken,
    clientId: emulator.clientId,
    appSecret: emulator.appSecret,
    emulator,
    placeOrder: emulator.placeOrder,
    startGenerator: (streamOptions) => emulator.startGenerator(streamOptions),
    stopGenerator: () => emulator.stopGenerator(),
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
