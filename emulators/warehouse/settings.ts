/**
 * Options of the warehouse emulator and their defaults. Identities are fixed for the
 * sandbox (loopback only, not secrets); the floor's pace and randomness are tunable, and
 * everything random is seeded so runs repeat.
 */
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';

export interface FloorSettings {
  /** Run the floor on its own (sandbox); tests usually drive it through the control endpoint. */
  auto: boolean;
  /** How often the floor looks for work, on the emulator clock. */
  tickMs: number;
  /** NEW → PICKINGSTARTED. */
  pickAfterMs: number;
  /** PICKINGSTARTED → DESPATCHED. */
  despatchAfterMs: number;
  /** A back-ordered part gets its stock (a goods-in movement) this long after it was made. */
  restockBackordersAfterMs: number | null;
  /** Chance that a fully allocated order is split into two parts that despatch separately. */
  splitRate: number;
  /** Chance that a despatch goes in two parcels with two tracking numbers. */
  multiParcelRate: number;
  /** Chance per tick of a random write-off or found-stock movement. */
  stockEventRate: number;
  /** Chance per despatched order (checked once) that it comes back as a return. */
  returnRate: number;
  /** A random return is inspected (graded) this long after it arrives. */
  inspectReturnsAfterMs: number;
  /** New ASN → Delivered, and Delivered → booked in (by the floor). */
  asnArriveAfterMs: number;
  asnBookInAfterMs: number;
  /** Chance that a floor book-in is over or under the expected quantity on a line. */
  asnVarianceRate: number;
}

export interface WarehouseEmulatorOptions {
  apiKey?: string;
  clientId?: number;
  warehouseId?: number;
  warehouseName?: string;
  clock?: Clock;
  logger?: Logger;
  /** Seeds the floor's dice. */
  seed?: number;
  /** Load the sandbox catalogue with its initial stock (default true). */
  seedCatalogue?: boolean;
  /** Override Mintsoft status ids by name (NEW = 1 and ONBACKORDER = 5 are the documented ones). */
  statusIds?: Record<string, number>;
  floor?: Partial<FloorSettings>;
  /** Delivers callbacks; default global fetch. */
  fetch?: typeof globalThis.fetch;
  /**
   * A fault, off by default: waits between repeated callback deliveries after a failure.
   * Mintsoft documents a Connect Action as one POST and no retries, so by default a callback
   * the hub misses is gone (the hub's polling finds the change).
   */
  callbackRetryDelaysMs?: number[];
  /** `booked_or_partial` (newer Mintsoft article) or `booked` (older): when the ASN callback fires. */
  asnCallbackOn?: 'booked' | 'booked_or_partial';
}

export interface WarehouseEmulatorSettings {
  apiKey: string;
  clientId: number;
  warehouseId: number;
  warehouseName: string;
  clock: Clock;
  logger: Logger;
  seed: number;
  seedCatalogue: boolean;
  statusIds: Record<string, number>;
  floor: FloorSettings;
  fetch: typeof globalThis.fetch;
  callbackRetryDelaysMs: number[];
  asnCallbackOn: 'booked' | 'booked_or_partial';
}

export const sandboxWarehouse = {
  apiKey: 'scend-sandbox-ms-apikey',
  clientId: 12,
  warehouseId: 3,
  warehouseName: 'Scend Warehouse',
  warehouseCode: 'SCEND',
} as const;

/**
 * Ids by internal name. Only NEW = 1 and ONBACKORDER = 5 are documented; the rest are
 * deliberately out of any obvious order, so an adapter that guesses ids fails its tests.
 */
export const defaultStatusIds: Record<string, number> = {
  NEW: 1,
  PRINTED: 2,
  DESPATCHED: 3,
  HOLDING: 4,
  ONBACKORDER: 5,
  AWAITINGCONFIRMATION: 6,
  AWAITINGPAYMENT: 7,
  CANCELLED: 8,
  QUERYRAISED: 9,
  FAILED: 10,
  PICKINGSTARTED: 14,
  AWAITINGPICKING: 15,
  PACKANDHOLD: 16,
  AWAITINGDOCUMENTATION: 17,
  AWAITINGADDITIONALITEM: 18,
  INVOICED: 20,
  INVOICEDFAILED: 22,
};

export const defaultFloor: FloorSettings = {
  auto: false,
  tickMs: 1_000,
  pickAfterMs: 2 * 60_000,
  despatchAfterMs: 3 * 60_000,
  restockBackordersAfterMs: 30 * 60_000,
  splitRate: 0,
  multiParcelRate: 0,
  stockEventRate: 0,
  returnRate: 0,
  inspectReturnsAfterMs: 10 * 60_000,
  asnArriveAfterMs: 10 * 60_000,
  asnBookInAfterMs: 20 * 60_000,
  asnVarianceRate: 0,
};

/** What the sandbox runs as "Scend": a busy floor with the awkward cases switched on. */
export const sandboxFloor: Partial<FloorSettings> = {
  auto: true,
  splitRate: 0.1,
  multiParcelRate: 0.2,
  stockEventRate: 0.002,
  returnRate: 0.08,
  asnVarianceRate: 0.3,
};

export function resolveSettings(options: WarehouseEmulatorOptions): WarehouseEmulatorSettings {
  return {
    apiKey: options.apiKey ?? sandboxWarehouse.apiKey,
    clientId: options.clientId ?? sandboxWarehouse.clientId,
    warehouseId: options.warehouseId ?? sandboxWarehouse.warehouseId,
    warehouseName: options.warehouseName ?? sandboxWarehouse.warehouseName,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    seed: options.seed ?? 20_261_122,
    seedCatalogue: options.seedCatalogue ?? true,
    statusIds: { ...defaultStatusIds, ...options.statusIds },
    floor: { ...defaultFloor, ...options.floor },
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    callbackRetryDelaysMs: options.callbackRetryDelaysMs ?? [],
    asnCallbackOn: options.asnCallbackOn ?? 'booked_or_partial',
  };
}
