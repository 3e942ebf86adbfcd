/**
 * The WMS port: everything the warehouse flows may ask of a warehouse, and all they ever
 * see of one. Adapters (Mintsoft's API today; another WMS or an SFTP/CSV exchange later)
 * implement it; flows read `capabilities` instead of testing adapter names.
 *
 * Rules every adapter keeps:
 *  - Commands are idempotent on the hub's reference: `createOrder` looks the reference up
 *    before creating and adopts what it finds, so a repeated job never makes a second order.
 *  - Every fact that can arrive by callback can also be read by polling with a cursor;
 *    callbacks add speed, never data. Both paths give the same `key` for the same fact.
 *  - Events are at-least-once and unordered: the hub dedupes on `key` and applies status
 *    changes forward only.
 *  - Errors are `ConnectorError` with `system: 'warehouse'`.
 */
import type {
  AmendOrderResult,
  CancelOrderResult,
  CreateOrderResult,
  StockMovement,
  StockSnapshot,
  UpsertProductResult,
  WarehouseAsn,
  WarehouseAsnDraft,
  WarehouseIssue,
  WarehouseOrder,
  WarehouseOrderAmendment,
  WarehouseOrderPart,
  WarehouseOrderState,
  WarehouseOrderStatus,
  WarehouseProduct,
  WarehouseProductRecord,
  WarehouseReturn,
  WarehouseShipment,
} from '../../core/domain/warehouse.ts';

/**
 * One page of a polled feed. `cursor` is opaque: store it and pass it back next time
 * (null = start from the adapter's initial look-back). Feeds overlap on purpose, so an item
 * can come again: dedupe on its key. `hasMore` means "call again now with the new cursor".
 */
export interface CursorPage<T> {
  items: T[];
  cursor: string;
  hasMore: boolean;
}

export interface WarehouseCapabilities {
  /** For logs and operators only; flows must not branch on it. */
  adapter: string;
  /** Cancelling is possible after release (until picking starts). */
  cancelAfterRelease: boolean;
  /** Address, date and service can change after release (until picking starts). */
  amendAfterRelease: boolean;
  /** Which facts arrive by callback; all of them can also be polled. */
  callbacks: { despatch: boolean; cancel: boolean; split: boolean; delivered: boolean; asn: boolean; stock: boolean; returns: boolean };
  /** The warehouse splits orders into parts that despatch separately (it owns splitting; the hub never splits). */
  splitsOrders: boolean;
  /** A shipment can carry several parcels with their own tracking numbers. */
  multiParcel: boolean;
  /** One order part can despatch some of its lines and keep the rest (false: a part ships whole). */
  lineLevelShipments: boolean;
  /** Returns can be pre-advised (RMA) through the port. */
  returnAdvice: boolean;
  asn: boolean;
  /** Stock movements come as reason-coded deltas. */
  stockDeltas: boolean;
  /** Buckets the stock snapshot fills (others are null). */
  stockBuckets: readonly ('onHand' | 'allocated' | 'available' | 'quarantine' | 'damaged')[];
  maxPageSize: number;
  /** Sustained request rate the adapter keeps to; null when unlimited. */
  requestsPerSecond: number | null;
}

/** One WMS order part as seen by polling, with the hub reference it belongs to. */
export interface WarehouseOrderUpdate {
  key: string;
  orderReference: string;
  externalReference: string | null;
  part: WarehouseOrderPart;
}

interface EventBase {
  /** Same fact, same key: whether it came by callback, twice, late, or by polling. */
  key: string;
  occurredAt: string;
}

export type WarehouseEvent =
  | (EventBase & {
      type: 'order.status_changed';
      orderReference: string;
      wmsOrderId: string;
      status: WarehouseOrderStatus;
      wmsStatus: string;
    })
  | (EventBase & { type: 'order.split'; orderReference: string; wmsOrderId: string; newWmsOrderId: string })
  | (EventBase & { type: 'shipment.despatched'; shipment: WarehouseShipment })
  | (EventBase & { type: 'shipment.delivered'; orderReference: string; wmsOrderId: string; shipmentId: string })
  | (EventBase & { type: 'asn.updated'; asn: WarehouseAsn })
  | (EventBase & { type: 'stock.moved'; movement: StockMovement })
  | (EventBase & { type: 'return.updated'; return: WarehouseReturn });

export type WarehouseEventType = WarehouseEvent['type'];

/** Keys shared by every adapter, so callbacks and polling agree on identity. */
export const eventKeys = {
  orderStatus: (wmsOrderId: string, status: WarehouseOrderStatus) => `order:${wmsOrderId}:status:${status}`,
  orderSplit: (wmsOrderId: string, newWmsOrderId: string) => `order:${wmsOrderId}:split:${newWmsOrderId}`,
  shipment: (shipmentId: string) => `shipment:${shipmentId}`,
  delivered: (shipmentId: string) => `shipment:${shipmentId}:delivered`,
  asn: (asn: Pick<WarehouseAsn, 'wmsAsnId' | 'status' | 'lines'>) =>
    `asn:${asn.wmsAsnId}:${asn.status}:${asn.lines.reduce((sum, line) => sum + line.received, 0)}`,
  stockMovement: (movementId: string) => `stock:${movementId}`,
  return: (ret: Pick<WarehouseReturn, 'id' | 'status'>) => `return:${ret.id}:${ret.status}`,
};

/** A callback as the hub's HTTP server received it: the full URL (query included), headers and raw body. */
export interface CallbackRequest {
  url: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  rawBody: string | Uint8Array;
}

/**
 * Parsing never throws: the receiver stores what it got and answers 2xx or 401 as told.
 * `unauthorised` → answer 401 and keep the body as evidence; `malformed`/`unknown_callback`
 * → answer 2xx (a WMS that sees errors may stop calling) and raise an exception.
 */
export type CallbackParseResult =
  { ok: true; events: WarehouseEvent[] } | { ok: false; code: 'unauthorised' | 'malformed' | 'unknown_callback'; reason: string };

export type HealthResult = { ok: true; message: string } | { ok: false; code: string; message: string };

export type CreateAsnResult = { outcome: 'created' | 'adopted'; asn: WarehouseAsn } | { outcome: 'rejected'; issues: WarehouseIssue[] };

export interface WarehousePort {
  readonly capabilities: WarehouseCapabilities;
  /** A cheap authenticated call; run at start. `auth_failed` is an alert, not a retry. */
  checkHealth(): Promise<HealthResult>;

  // Products (BC is the master; the items flow confirms each before the item is sold).
  upsertProduct(product: WarehouseProduct): Promise<UpsertProductResult>;
  getProduct(sku: string): Promise<WarehouseProductRecord | null>;

  // Orders, keyed by the hub's immutable reference.
  /** Idempotent: an order already carrying `order.reference` is adopted, never duplicated. */
  createOrder(order: WarehouseOrder): Promise<CreateOrderResult>;
  /** Every part (split parts included); null when the warehouse has no such order. */
  findOrderByReference(reference: string): Promise<WarehouseOrderState | null>;
  getOrderStatus(reference: string): Promise<WarehouseOrderStatus | null>;
  amendOrder(reference: string, amendment: WarehouseOrderAmendment): Promise<AmendOrderResult>;
  /** Cancels every part still cancellable; `too_late` when any part is past that point. */
  cancelOrder(reference: string): Promise<CancelOrderResult>;
  /** Order parts changed since the cursor: status changes and splits by polling. */
  listOrderUpdatesSince(cursor: string | null): Promise<CursorPage<WarehouseOrderUpdate>>;

  // Shipments: append-only, keyed by `shipment.id`.
  listShipments(orderReference: string): Promise<WarehouseShipment[]>;
  listShipmentsSince(cursor: string | null): Promise<CursorPage<WarehouseShipment>>;

  // Stock: snapshots for reconciliation, movements for adjustments.
  /** Complete for the configured warehouse unless `skus` narrows it. */
  getStockSnapshot(options?: { skus?: string[] }): Promise<StockSnapshot>;
  listStockMovementsSince(cursor: string | null): Promise<CursorPage<StockMovement>>;

  // Inbound.
  /** Idempotent on `asn.reference`. */
  createAsn(asn: WarehouseAsnDraft): Promise<CreateAsnResult>;
  getAsn(reference: string): Promise<WarehouseAsn | null>;
  listAsnsSince(cursor: string | null): Promise<CursorPage<WarehouseAsn>>;

  // Returns.
  listReturnsSince(cursor: string | null): Promise<CursorPage<WarehouseReturn>>;

  // Callbacks.
  parseCallback(request: CallbackRequest): CallbackParseResult;
}
