/**
 * The warehouse connector: the WMS port and its adapters. Flows receive a `WarehousePort`
 * and nothing else; which adapter stands behind it is configuration (`adapter`), decided
 * once by the composition root. A new WMS (or an SFTP/CSV exchange) is a new adapter folder
 * and a new case here — the flows do not change.
 */
import type { Clock } from '../../core/clock.ts';
import type { ConnectorError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { createMintsoftAdapter, type MintsoftConfigInput } from './mintsoft/index.ts';
import type { FetchLike } from './mintsoft/transport.ts';
import type { WarehousePort } from './port.ts';

export type WarehouseConnection = { adapter: 'mintsoft'; config: MintsoftConfigInput; apiKey: string };

export interface WarehousePortOptions {
  connection: WarehouseConnection;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  onAuthFailed?: (error: ConnectorError) => void;
}

export function createWarehousePort(options: WarehousePortOptions): WarehousePort {
  const { connection, ...runtime } = options;
  switch (connection.adapter) {
    case 'mintsoft':
      return createMintsoftAdapter({ config: connection.config, apiKey: connection.apiKey, ...runtime });
  }
}

export * from './port.ts';
export { createMintsoftAdapter, type MintsoftAdapter, type MintsoftAdapterOptions } from './mintsoft/index.ts';
