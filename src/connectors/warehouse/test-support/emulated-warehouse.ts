/**
 * The warehouse emulator on port 0, a Mintsoft adapter configured for it, and a callback
 * receiver (another loopback server) that keeps every callback as the hub's HTTP server
 * would receive it. For integration tests; close it in `afterEach`.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import {
  startWarehouseEmulator,
  type RunningWarehouseEmulator,
  type StartWarehouseEmulatorOptions,
} from '../../../../emulators/warehouse/index.ts';
import type { Clock } from '../../../core/clock.ts';
import type { ConnectorError } from '../../../core/errors.ts';
import { createMintsoftAdapter, type MintsoftAdapter } from '../mintsoft/index.ts';
import type { MintsoftConfigInput } from '../mintsoft/config.ts';
import type { CallbackRequest } from '../port.ts';

export const callbackSecret = 'test-callback-secret-0123456789';

export interface EmulatedWarehouse {
  warehouse: RunningWarehouseEmulator;
  adapter: MintsoftAdapter;
  config: MintsoftConfigInput;
  /** Callbacks received so far, as the hub's server would hand them to `parseCallback`. */
  received: CallbackRequest[];
  /** `METHOD path` of every API request the emulator answered. */
  requests(): string[];
  /** Requests with this method and path: exactly equal for a string, matching for a RegExp. */
  count(method: string, path: string | RegExp): number;
  authFailures: ConnectorError[];
  close(): Promise<void>;
}

export async function startEmulatedWarehouse(
  options: { emulator?: StartWarehouseEmulatorOptions; config?: Partial<MintsoftConfigInput>; clock?: Clock; callbacks?: boolean } = {},
): Promise<EmulatedWarehouse> {
  const received: CallbackRequest[] = [];
  const receiver = new Hono();
  receiver.post('/hooks/warehouse', async (c) => {
    received.push({ url: c.req.url, headers: Object.fromEntries(c.req.raw.headers), rawBody: await c.req.text() });
    return c.body(null, 204);
  });
  const hooks = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: receiver.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    started.once('error', reject);
  });
  const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks/warehouse`;
  const warehouse = await startWarehouseEmulator({ ...options.emulator });
  const config: MintsoftConfigInput = {
    baseUrl: warehouse.url,
    clientId: warehouse.clientId,
    warehouseId: warehouse.warehouseId,
    requestsPerSecond: null,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    couriers: [
      { shippingMethod: 'STANDARD', courierService: 'Royal Mail Tracked 48', carrier: 'Royal Mail', service: 'Tracked 48' },
      { shippingMethod: 'EXPRESS', courierService: 'DPD Next Day', carrier: 'DPD', service: 'Next Day' },
    ],
    ...(options.callbacks === false ? {} : { callback: { url: hookUrl, secret: callbackSecret } }),
    ...options.config,
  };
  const authFailures: ConnectorError[] = [];
  const adapter = createMintsoftAdapter({
    config,
    apiKey: warehouse.apiKey,
    clock: options.clock,
    random: () => 0.5,
    onAuthFailed: (error) => authFailures.push(error),
  });
  const requests = () => warehouse.emulator.control.requests().map((entry) => `${entry.method} ${entry.path}`);
  return {
    warehouse,
    adapter,
    config,
    received,
    requests,
    count: (method, path) =>
      warehouse.emulator.control
        .requests()
        .filter((entry) => entry.method === method && (typeof path === 'string' ? entry.path === path : path.test(entry.path))).length,
    authFailures,
    async close() {
      await warehouse.close();
      await new Promise<void>((resolve) => {
        hooks.close(() => resolve());
        (hooks as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
