/**
 * The warehouse connector: the WMS port and its adapters. Flows receive a `WarehousePort`
 * and nothing else; which adapter stands behind it is configuration (`adapter`), decided
 * once by the composition root. A new WMS (or an SFTP/CSV exchange) is a new adapter folder
 * and a new case here — the flows do not change.
 */
import type { Clock } from '../../core/clock.js';
import type { ConnectorError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { createMintsoftAdapter, type MintsoftConfigInput } from './mintsoft/index.js';
import type { FetchLike } from './mintsoft/transport.js';
import type { WarehousePort } from './port.js';

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

export * from './port.js';
export { createMintsoftAdapter, type MintsoftAdapter, type MintsoftAdapterOptions } from './mintsoft/index.js';
