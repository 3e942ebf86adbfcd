/**
 * The warehouse as the hub understands it, whatever WMS runs it (Mintsoft today, a file
 * exchange or another API tomorrow). Flows read and write only these shapes; each adapter
 * maps its wire format to them in one place. Quantities are integers (units); weights and
 * money are decimal strings, never floats. Times are ISO 8601 UTC strings.
 */

/** A product as the warehouse must know it before an order may carry it. BC is the master. */
export interface WarehouseProduct {
  sku: string;
  /** GTIN/EAN/UPC the warehouse scans; null when the item has none. */
  barcode: string | null;
  description: string;
  /** Kilograms, decimal string, e.g. `"0.18"`. */
  weightKg: string;
  customs: WarehouseCustoms | null;
}

export interface WarehouseCustoms {
  /** Commodity (HS) code, e.g. `610910`. */
  hsCode: string | null;
  /** ISO 3166-1 alpha-2 country of origin. */
  countryOfOrigin: string | null;
  /** Plain-words description for the customs declaration. */
  description: string | null;
}

/** A product as the warehouse holds it: the hub's fields plus the WMS's own id. */
export interface WarehouseProductRecord extends WarehouseProduct {
  wmsProductId: string;
}

export interface UpsertProductResult {
  outcome: 'created' | 'updated';
  product: WarehouseProductRecord;
}

/** The hub's vocabulary for where an order (or one part of it) stands in the warehouse. */
export const warehouseOrderStatuses = [
  'released',
  'picking',
  'packed',
  'despatched',
  'backordered',
  'on_hold',
  'exception',
  'rejected',
  'cancelled',
] as const;
export type WarehouseOrderStatus = (typeof warehouseOrderStatuses)[number];

export interface WarehouseAddress {
  name: string;
  company: string | null;
  address1: string;
  address2: string | null;
  address3: string | null;
  city: string;
  county: string | null;
  postCode: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  email: string | null;
  phone: string | null;
}

export interface WarehouseOrderLine {
  /** The hub's line key (e.g. the BC sales line no.), echoed nowhere by most WMSs. */
  lineRef: string;
  sku: string;
  quantity: number;
  /** Unit price incl. VAT in the order currency, decimal string; for customs and insurance. */
  unitPrice: string | null;
}

/** What the release flow sends. `reference` is immutable and unique: the key of exactly-once. */
export interface WarehouseOrder {
  reference: string;
  /** A second, human reference (Shopify order name or BC order no.); matched as a fallback. */
  externalReference: string | null;
  /** The hub's shipping method code; the adapter maps it to a carrier service. */
  shippingMethod: string;
  shipTo: WarehouseAddress;
  currency: string;
  /** Goods value incl. VAT, decimal string. */
  orderValue: string | null;
  lines: WarehouseOrderLine[];
  /** Customs identifiers for shipments leaving the UK. */
  eoriNumber: string | null;
  vatNumber: string | null;
  iossNumber: string | null;
  /** `YYYY-MM-DD`. */
  requiredDespatchDate: string | null;
  deliveryNotes: string | null;
  giftMessage: string | null;
}

/** Changes allowed after release, and only before picking starts. */
export interface WarehouseOrderAmendment {
  shipTo?: WarehouseAddress;
  shippingMethod?: string;
  requiredDespatchDate?: string | null;
  deliveryNotes?: string | null;
}

export interface WarehouseOrderPartLine {
  sku: string;
  quantity: number;
  allocated: number;
  backordered: number;
}

/**
 * One WMS order. A warehouse that splits an order (Mintsoft: part 1 of 2 …) returns several
 * parts for one reference, each with its own id, status and, later, its own shipment.
 */
export interface WarehouseOrderPart {
  wmsOrderId: string;
  /** 1-based; `partCount` 1 for an order that was never split. */
  partNumber: number;
  partCount: number;
  status: WarehouseOrderStatus;
  /** The WMS's own status name, kept for operators (e.g. `PICKINGSTARTED`). */
  wmsStatus: string;
  lines: WarehouseOrderPartLine[];
  updatedAt: string | null;
}

export interface WarehouseOrderState {
  reference: string;
  externalReference: string | null;
  /** The order as a whole (see `summariseOrderStatus`). */
  status: WarehouseOrderStatus;
  parts: WarehouseOrderPart[];
}

export type CreateOrderResult =
  /** `adopted`: the order was already at the warehouse (a retry, a lost answer, a duplicate). */
  | { outcome: 'created' | 'adopted'; order: WarehouseOrderState }
  /** The warehouse refused it; the issues say why (`unknown_sku`, `invalid_address`, …). */
  | { outcome: 'rejected'; issues: WarehouseIssue[] };

export type CancelOrderResult =
  | { outcome: 'cancelled'; order: WarehouseOrderState }
  /** Some or all of it is past the point of no return; keep listening for shipments. */
  | { outcome: 'too_late'; order: WarehouseOrderState; reason: string }
  | { outcome: 'not_found' };

export type AmendOrderResult =
  | { outcome: 'amended'; order: WarehouseOrderState }
  | { outcome: 'too_late'; order: WarehouseOrderState; reason: string }
  | { outcome: 'not_found' };

/** Same shape as the core `Issue`: `{ code, path, message }`, message in business words. */
export interface WarehouseIssue {
  code: string;
  path: string;
  message: string;
}

export interface WarehouseParcel {
  trackingNumber: string | null;
  trackingUrl: string | null;
}

export interface WarehouseShipmentLine {
  sku: string;
  quantity: number;
}

/**
 * One despatch, append-only. `id` is stable across callback and polling, so the shipments
 * flow posts each shipment exactly once whichever way it heard of it.
 */
export interface WarehouseShipment {
  id: string;
  orderReference: string;
  /** The WMS order (part) that was despatched. */
  wmsOrderId: string;
  partNumber: number;
  partCount: number;
  despatchedAt: string;
  carrier: string | null;
  service: string | null;
  parcels: WarehouseParcel[];
  /** Every tracking number of the shipment, de-duplicated, in parcel order. */
  trackingNumbers: string[];
  trackingUrls: string[];
  lines: WarehouseShipmentLine[];
}

/** Levels of one SKU in one warehouse. `null` = the WMS does not report that bucket. */
export interface StockLevel {
  sku: string;
  warehouse: string;
  onHand: number;
  allocated: number;
  available: number;
  quarantine: number | null;
  damaged: number | null;
}

export interface StockSnapshot {
  warehouse: string;
  asOf: string;
  /** True when every SKU the warehouse holds is listed; a SKU missing from a partial snapshot is unknown, not zero. */
  complete: boolean;
  levels: StockLevel[];
}

export const stockMovementReasons = ['write_off', 'damaged', 'found', 'count_correction', 'other'] as const;
export type StockMovementReason = (typeof stockMovementReasons)[number];

/** What caused a movement. Only `adjustment` and `count` are news to the ERP: the rest it booked itself. */
export const stockMovementSources = ['adjustment', 'count', 'order', 'receipt', 'return', 'transfer'] as const;
export type StockMovementSource = (typeof stockMovementSources)[number];

/** A reason-coded delta with its own id: applied once, never as an absolute overwrite. */
export interface StockMovement {
  id: string;
  sku: string;
  warehouse: string;
  /** Signed units: negative for write-offs, positive for found stock. */
  delta: number;
  reason: StockMovementReason;
  source: StockMovementSource;
  /** The WMS's own reason text, for the operator and the journal description. */
  wmsReason: string | null;
  occurredAt: string;
}

export interface WarehouseAsnDraft {
  /** The hub's reference, normally the BC purchase order no.; unique. */
  reference: string;
  supplier: string;
  /** `YYYY-MM-DD`. */
  expectedDate: string;
  comments: string | null;
  lines: { lineRef: string; sku: string; quantity: number }[];
}

export const asnStatuses = ['expected', 'arrived', 'receiving', 'received', 'cancelled'] as const;
export type AsnStatus = (typeof asnStatuses)[number];

export interface AsnLine {
  lineRef: string | null;
  sku: string;
  expected: number;
  /** Booked into stock so far. */
  received: number;
  /** `received - expected`: positive is an over-receipt, negative an under-receipt. */
  variance: number;
}

export interface WarehouseAsn {
  reference: string;
  wmsAsnId: string;
  status: AsnStatus;
  wmsStatus: string;
  /** True once received with any line off its expected quantity. */
  hasVariance: boolean;
  bookedInAt: string | null;
  lines: AsnLine[];
  updatedAt: string | null;
}

/**
 * Condition grades, one per returned unit group. The hub's scale:
 *  - `A` as new: resaleable, back to stock;
 *  - `B` opened or lightly worn: resaleable after checks (the warehouse may restock or quarantine);
 *  - `C` damaged or unsaleable: written off, disposed of or sent back to the supplier;
 *  - `ungraded`: the warehouse gave no grade the hub recognises; an operator decides.
 */
export const returnGrades = ['A', 'B', 'C', 'ungraded'] as const;
export type ReturnGrade = (typeof returnGrades)[number];

export const returnDispositions = ['restock', 'quarantine', 'refurbish', 'return_to_supplier', 'dispose', 'missing', 'undecided'] as const;
export type ReturnDisposition = (typeof returnDispositions)[number];

export interface WarehouseReturnLine {
  sku: string;
  quantity: number;
  grade: ReturnGrade;
  disposition: ReturnDisposition;
  /** The WMS's return reason, as it names it. */
  reason: string | null;
}

/** `received`: booked at the door, not yet inspected; `inspected`: grades are final. */
export type WarehouseReturnStatus = 'received' | 'inspected';

export interface WarehouseReturn {
  id: string;
  /** The hub reference of the order it returns; null when the warehouse could not tie it to one. */
  orderReference: string | null;
  wmsOrderId: string | null;
  /** The RMA or customer reference, when there is one. */
  rmaReference: string | null;
  status: WarehouseReturnStatus;
  lines: WarehouseReturnLine[];
  updatedAt: string | null;
}

/** Precedence of part statuses when an order's parts stand in different places: the first that occurs wins. */
const openPrecedence: WarehouseOrderStatus[] = ['rejected', 'exception', 'on_hold', 'backordered', 'released', 'picking', 'packed'];

/**
 * The status of an order as a whole: while any part is open, the least advanced (or most
 * troubled) open part speaks for it; once all are closed, `despatched` if anything left,
 * else `cancelled`. Whether every unit shipped is read from shipment lines, not from this.
 */
export function summariseOrderStatus(parts: readonly Pick<WarehouseOrderPart, 'status'>[]): WarehouseOrderStatus {
  if (parts.length === 0) return 'rejected';
  for (const status of openPrecedence) if (parts.some((part) => part.status === status)) return status;
  return parts.some((part) => part.status === 'despatched') ? 'despatched' : 'cancelled';
}

/** Units shipped per SKU over a set of shipments, for "is the order fully despatched?". */
export function sumShippedBySku(shipments: readonly WarehouseShipment[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const shipment of shipments) {
    for (const line of shipment.lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  }
  return totals;
}
