/**
 * Serves the emulator on loopback. Port 0 picks a free port (tests); the answer carries
 * everything a BC connector configuration needs: base URL and authority host (both the
 * emulator), tenant, environment, company and the app registration's credentials.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import type { BcEmulatorOptions } from './settings.ts';

export interface StartBcEmulatorOptions extends BcEmulatorOptions {
  host?: string;
  port?: number;
}

export interface RunningBcEmulator {
  /** Use as both `baseUrl` and `authorityHost` of the BC connector. */
  url: string;
  tenantId: string;
  environment: string;
  companyId: string;
  companyName: string;
  /** The company's local currency (LCY): a sales order in it carries no currency code of its own. */
  localCurrency: string;
  clientId: string;
  clientSecret: string;
  /** The in-process emulator, for inspection and control. */
  emulator: BcEmulator;
  close(): Promise<void>;
}

export async function startBcEmulator(options: StartBcEmulatorOptions = {}): Promise<RunningBcEmulator> {
  const { host = '127.0.0.1', port = 0, ...rest } = options;
  const emulator = createBcEmulator(rest);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: emulator.app.fetch, hostname: host, port }, () => resolve(instance));
    instance.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const { settings } = emulator;
  return {
    url: `http://${shownHost}:${address.port}`,
    tenantId: settings.tenantId,
    environment: settings.environment,
    companyId: settings.companyId,
    companyName: settings.companyName,
    localCurrency: settings.localCurrency,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        emulator.releaseHangs();
        const http = server as ServerType & { closeAllConnections?: () => void };
        server.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections?.();
      }),
  };
}
