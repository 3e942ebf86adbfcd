/**
 * The emulator's control surface: plain methods for in-process tests, and the same under
 * `/_emulator/...` over HTTP (routes in control-routes.ts) for the sandbox and scripts.
 * Trigger any floor event now, inject faults, reset, inspect. Loopback use only: no auth.
 */
import type { CallbackFaults, DeliveryRecord } from './callbacks.ts';
import { MintsoftHttpError, notFound, statusIdOf, statusNameOf, type EmulatorDeps, type RequestLogEntry } from './deps.ts';
import type { FaultInput, FaultRule } from './faults.ts';
import { tickFloor } from './floor.ts';
import { bookInAsn, inspectReturn, markAsnDelivered, receiveReturn, type NewReturn } from './inbound.ts';
import { adjustStock, available, productOrThrow } from './inventory.ts';
import { cancelOrder, deliverOrder, despatchOrder, splitOrder, startPicking } from './order-actions.ts';
import { allocateBackorders, setStatus } from './orders.ts';
import type { Grade } from './reference-data.ts';
import type { FloorSettings } from './settings.ts';
import type { AsnRecord, OrderRecord, ReturnRecord } from './state.ts';
import { asnToWire, orderToWire, returnToWire } from './wire.ts';

export interface WarehouseControl {
  reset(): void;
  /** Runs the floor once at the emulator clock's now. */
  tick(): void;
  setFloor(settings: Partial<FloorSettings>): FloorSettings;
  addFault(fault: FaultInput): FaultRule;
  listFaults(): FaultRule[];
  clearFaults(): void;
  setCallbackFaults(faults: Partial<CallbackFaults>): CallbackFaults;
  deliveries(): DeliveryRecord[];
  /** Rotates the accepted key: the old one then gets 401. */
  setApiKey(apiKey: string): void;
  /** Every part of an order, by id or by order number. */
  orderParts(idOrNumber: string | number): OrderRecord[];
  pick(orderId: number): OrderRecord;
  despatch(orderId: number, options?: { parcels?: number; trackingNumbers?: string[] }): OrderRecord;
  split(orderId: number, lines: { sku: string; quantity: number }[]): OrderRecord;
  deliver(orderId: number): OrderRecord;
  /** A status set by a warehouse user (hold, query, pack-and-hold…). */
  setOrderStatus(orderId: number, name: string): OrderRecord;
  cancel(orderId: number): { success: boolean; message: string };
  writeOff(sku: string, quantity: number, reason?: string): void;
  damage(sku: string, quantity: number): void;
  find(sku: string, quantity: number, reason?: string): void;
  /** A stock count: books the difference to `counted` as a count correction. */
  count(sku: string, counted: number): void;
  stock(sku: string): { onHand: number; allocated: number; available: number; quarantine: number };
  receiveReturn(input: NewReturn): ReturnRecord;
  inspectReturn(returnId: number, grades: Grade[]): ReturnRecord;
  arriveAsn(asnId: number): AsnRecord;
  bookInAsn(asnId: number, lines: { sku: string; quantity: number }[], complete?: boolean): AsnRecord;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  describe(): Record<string, unknown>;
}

export function createControl(deps: EmulatorDeps, reseed: () => void): WarehouseControl {
  const { state } = deps;
  const orderOf = (id: number) => state.orders.get(id) ?? raise(notFound(`Order ${id}`));
  const asnOf = (id: number) => state.asns.get(id) ?? raise(notFound(`ASN ${id}`));

  return {
    reset() {
      for (const release of deps.hangs) release();
      deps.hangs.clear();
      deps.faults.clear();
      deps.callbacks.reset();
      deps.requests.length = 0;
      reseed();
    },
    tick: () => tickFloor(deps),
    setFloor: (settings) => Object.assign(deps.settings.floor, settings),
    addFault: (fault) => deps.faults.add(fault),
    listFaults: () => deps.faults.list(),
    clearFaults: () => deps.faults.clear(),
    setCallbackFaults: (faults) => Object.assign(deps.callbacks.faults, faults),
    deliveries: () => deps.callbacks.deliveries.map((delivery) => ({ ...delivery })),
    setApiKey(apiKey) {
      deps.settings.apiKey = apiKey;
    },
    orderParts(idOrNumber) {
      const byId = /^\d+$/.test(String(idOrNumber)) ? state.orders.get(Number(idOrNumber)) : undefined;
      return byId ? state.partsOf(byId.orderNumber) : state.partsOf(String(idOrNumber));
    },
    pick(orderId) {
      const order = orderOf(orderId);
      if (statusNameOf(deps, order.statusId) !== 'NEW') throw new MintsoftHttpError(400, `Order ${orderId} is not NEW`);
      startPicking(deps, order);
      return order;
    },
    despatch: (orderId, options) => despatchOrder(deps, orderOf(orderId), options),
    split: (orderId, lines) => splitOrder(deps, orderOf(orderId), lines),
    deliver(orderId) {
      const order = orderOf(orderId);
      deliverOrder(deps, order);
      return order;
    },
    setOrderStatus(orderId, name) {
      const order = orderOf(orderId);
      const wanted = name.toUpperCase();
      if (['DESPATCHED', 'CANCELLED'].includes(wanted)) throw new MintsoftHttpError(400, `use despatch or cancel for ${wanted}`);
      statusIdOf(deps, wanted);
      setStatus(deps, order, wanted);
      return order;
    },
    cancel(orderId) {
      const result = cancelOrder(deps, orderOf(orderId));
      return { success: result.Success, message: result.Message ?? '' };
    },
    writeOff: (sku, quantity, reason = 'Write Off') =>
      void adjustStock(deps, productOrThrow(deps, sku), -quantity, reason, { scrap: true }),
    damage: (sku, quantity) => void adjustStock(deps, productOrThrow(deps, sku), -quantity, 'Damaged'),
    find(sku, quantity, reason = 'Found') {
      adjustStock(deps, productOrThrow(deps, sku), quantity, reason);
      allocateBackorders(deps);
    },
    count(sku, counted) {
      const product = productOrThrow(deps, sku);
      const delta = counted - state.stockOf(product.id).onHand;
      if (delta !== 0) adjustStock(deps, product, delta, 'Stock Count');
      allocateBackorders(deps);
    },
    stock(sku) {
      const stock = state.stockOf(productOrThrow(deps, sku).id);
      return { onHand: stock.onHand, allocated: stock.allocated, available: available(stock), quarantine: stock.quarantine };
    },
    receiveReturn: (input) => receiveReturn(deps, input),
    inspectReturn: (returnId, grades) => inspectReturn(deps, state.returns.get(returnId) ?? raise(notFound(`Return ${returnId}`)), grades),
    arriveAsn(asnId) {
      const asn = asnOf(asnId);
      markAsnDelivered(deps, asn);
      return asn;
    },
    bookInAsn: (asnId, lines, complete) => bookInAsn(deps, asnOf(asnId), lines, complete),
    requests: () => deps.requests.map((entry) => ({ ...entry })),
    clearRequests() {
      deps.requests.length = 0;
    },
    describe: () => ({
      clientId: deps.settings.clientId,
      warehouseId: deps.settings.warehouseId,
      warehouse: deps.settings.warehouseName,
      floor: deps.settings.floor,
      counts: {
        products: state.products.size,
        orders: state.orders.size,
        asns: state.asns.size,
        returns: state.returns.size,
        stockFlows: state.flows.length,
      },
      orders: [...state.orders.values()].map((order) => orderToWire(deps, order, false)),
      asns: [...state.asns.values()].map((asn) => asnToWire(deps, asn)),
      returns: [...state.returns.values()].map((ret) => returnToWire(deps, ret)),
      faults: deps.faults.list(),
      callbackFaults: deps.callbacks.faults,
      requests: deps.requests.length,
    }),
  };
}

function raise(error: Error): never {
  throw error;
}
