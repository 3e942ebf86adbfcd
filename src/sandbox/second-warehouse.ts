/**
 * `ledgerbridge sandbox --shops 2 --warehouses 2`: the euro shop ships through a warehouse of
 * its own, a second warehouse emulator ("Berlin 3PL") with its own API key and callback secret,
 * calling back on `/webhooks/warehouse/eu` (decision 0029). Two warehouses are not taken into one
 * BC company, so the euro shop then posts into its own company.
 */
import type { RunningBcEmulator } from '../../emulators/bc/index.ts';
import { startWarehouseEmulator, type FloorSettings, type RunningWarehouseEmulator } from '../../emulators/warehouse/index.ts';
import { warehouseCallbackPathOf } from '../config/connections.ts';
import type { LoadedConfig, Secrets } from '../config/load-config.ts';

type WarehouseConfig = NonNullable<LoadedConfig['config']['warehouse']>;

/** The euro shop's warehouse: its name and its sandbox secrets (a real one's come from WAREHOUSE_API_KEY_EU...). */
export const SECOND_WAREHOUSE = {
  name: 'Berlin 3PL',
  apiKey: 'berlin-3pl-sandbox-ms-apikey',
  callbackSecret: 'ledgerbridge-sandbox-eu-warehouse-callbacks',
};

/** Starts the second warehouse emulator, its opening stock levelled with the euro company's at the same location. */
export async function startSecondWarehouse(options: {
  like: WarehouseConfig;
  bc: RunningBcEmulator;
  floor: Partial<FloorSettings>;
  seed?: number;
  level(warehouse: RunningWarehouseEmulator, bc: RunningBcEmulator, locationCode: string): void;
}): Promise<RunningWarehouseEmulator> {
  const warehouse = await startWarehouseEmulator({
    host: '127.0.0.1',
    port: 0,
    apiKey: SECOND_WAREHOUSE.apiKey,
    ...(options.like.clientId === undefined ? {} : { clientId: options.like.clientId }),
    warehouseId: options.like.warehouseId,
    warehouseName: `${SECOND_WAREHOUSE.name} Warehouse`,
    floor: options.floor,
    ...(options.seed === undefined ? {} : { seed: options.seed + 1 }),
  });
  options.level(warehouse, options.bc, options.like.locationCode);
  return warehouse;
}

/** The euro connection's warehouse section and secrets, for the emulator that runs it. */
export function secondWarehouseOf(
  like: WarehouseConfig,
  running: RunningWarehouseEmulator,
  secrets: Secrets,
): { warehouse: WarehouseConfig; secrets: Secrets } {
  return {
    warehouse: {
      ...like,
      name: SECOND_WAREHOUSE.name,
      baseUrl: running.url,
      callback: { path: warehouseCallbackPathOf('eu') },
    },
    secrets: { ...secrets, warehouseApiKey: SECOND_WAREHOUSE.apiKey, warehouseCallbackSecret: SECOND_WAREHOUSE.callbackSecret },
  };
}
