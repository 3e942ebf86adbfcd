/**
 * The warehouse (Scend) in the configuration file: the connection (which adapter, where,
 * who we are at the 3PL, courier mapping, where callbacks arrive) and one section per
 * warehouse flow. Secrets never live here: the API key comes from WAREHOUSE_API_KEY and the
 * callback secret from WAREHOUSE_CALLBACK_SECRET (env.ts). Without a `warehouse` section
 * the hub runs without a warehouse and these flows are not started.
 */
import { z } from 'zod';

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression, e.g. "*/5 * * * *"');
const code = (max: number) => z.string().min(1).max(max);
const httpUrl = z.url({ protocol: /^https?$/ });
const prefix = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9-]*$/, 'letters, digits and dashes only');

const courierSchema = z.strictObject({
  /** The hub's shipping method: the BC shipment method code of the order (e.g. STANDARD). */
  shippingMethod: z.string().min(1),
  /** What the WMS gets: a service name, a generic term the 3PL maps, or AUTO. */
  courierService: z.string().min(1),
  /** How the carrier and service are named back on despatch (and matched to BC shipping agents). */
  carrier: z.string().min(1),
  service: z.string().min(1),
});

export const warehouseConnectionSchema = z.strictObject({
  /** Shown to operators: the 3PL's name. */
  name: z.string().min(1).default('Scend'),
  /** Which WMS adapter speaks to the warehouse. Mintsoft's REST API is the first. */
  adapter: z.enum(['mintsoft']).default('mintsoft'),
  baseUrl: httpUrl.default('https://api.mintsoft.co.uk'),
  /** The brand's client id at the 3PL (needed with an admin-level key). */
  clientId: z.number().int().positive().optional(),
  /** The WMS warehouse orders, ASNs and stock belong to. */
  warehouseId: z.number().int().positive(),
  /** The Business Central location code of the warehouse: stock, receipts and restocked returns are booked there. */
  locationCode: code(10).default('SCEND'),
  couriers: z.array(courierSchema).default([]),
  /** Used for a shipping method without a mapping; AUTO lets the 3PL's rules choose. */
  defaultCourierService: z.string().min(1).default('AUTO'),
  callback: z
    .strictObject({
      /** Where the hub's server receives warehouse callbacks. */
      path: z
        .string()
        .regex(/^\/[A-Za-z0-9/_-]*$/, 'a path such as "/webhooks/warehouse"')
        .default('/webhooks/warehouse'),
      /** The address the warehouse reaches that path on; defaults to server.publicUrl + path. */
      publicUrl: httpUrl.optional(),
    })
    .prefault({}),
  /** The WMS publishes no limit; null = no pacing. */
  requestsPerSecond: z.number().positive().max(100).nullable().default(2),
  requestTimeoutSeconds: z.number().int().positive().max(300).default(30),
  /** Adapter-specific settings passed through as they are (e.g. Mintsoft's statusOverrides, returnReasons, movementReasons); the adapter validates them at start. */
  adapterOptions: z.record(z.string(), z.unknown()).default({}),
  /** Retries of every warehouse flow's jobs. */
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).default(8),
      baseDelaySeconds: z.number().positive().default(5),
      maxDelaySeconds: z.number().positive().default(900),
    })
    .prefault({}),
});

export const itemsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** BC items changed since the last look (lastModifiedDateTime) are sent to the warehouse. */
  pollCron: cron.default('*/5 * * * *'),
  pollOverlapMinutes: z.number().int().min(0).max(1440).default(5),
  /** BC item types that are physical stock; others (Service, Non-Inventory) stay out of the warehouse. */
  itemTypes: z.array(z.string().min(1)).default(['Inventory']),
  /** Weight sent when BC does not give one (kilograms, decimal string); null = the item is refused without a weight. */
  defaultWeightKg: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'kilograms as a decimal, e.g. "0.25"')
    .nullable()
    .default('0'),
  /** Characters a SKU may have: WMS look-ups break on quotes and slashes. */
  skuPattern: z.string().default('^[A-Za-z0-9._-]{1,40}$'),
});

export const releaseFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * The hub releases the BC orders it posted itself when nothing holds them (no open tax
   * mismatch or change after release). Off for tenants who release in BC; the sandbox turns it on.
   */
  autoRelease: z.boolean().default(false),
  /** Released BC orders (status Open in the API) are looked for this often. */
  pollCron: cron.default('*/5 * * * *'),
  pollOverlapMinutes: z.number().int().min(0).max(1440).default(10),
  /** The warehouse order's reference = prefix + BC sales order number; immutable once sent. */
  referencePrefix: prefix(10).default(''),
  /** A released order the warehouse has not acknowledged after this long raises an alert. */
  ackTimeoutMinutes: z.number().int().min(1).max(10_080).default(30),
  /** How often released-but-not-acknowledged orders are looked for. */
  watchCron: cron.default('*/5 * * * *'),
  /** Shipping method when the order names none the hub can map (a BC shipment method code). */
  defaultShippingMethod: code(10).default('STANDARD'),
  /** Currency of BC documents without one (BC leaves the local currency blank). */
  localCurrency: z.string().length(3).default('GBP'),
  /** BC locations whose lines the warehouse ships; default: the warehouse's location. Lines without a location ship from the warehouse. */
  locationCodes: z.array(code(10)).optional(),
});

export const shipmentsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The polling safety net behind despatch callbacks. */
  pollCron: cron.default('*/5 * * * *'),
  /** `none`: shipments only; `on-full-shipment`: one invoice when the order has shipped completely; `each-shipment`: an invoice per shipment. */
  invoice: z.enum(['none', 'on-full-shipment', 'each-shipment']).default('on-full-shipment'),
  /** Shopify tells the customer when the fulfilment is created (only ever after the warehouse despatched). */
  notifyCustomer: z.boolean().default(true),
  /** Carrier names as the warehouse reports them → BC shipping agent codes. Unmapped carriers ship without an agent. */
  shippingAgents: z.record(z.string(), code(10)).default({}),
});

const movementReasons = ['write_off', 'damaged', 'found', 'count_correction', 'other'] as const;

export const stockMovementsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  pollCron: cron.default('*/15 * * * *'),
  /** Movement sources booked in BC; orders, receipts and returns are booked by BC itself. */
  sources: z.array(z.enum(['adjustment', 'count', 'order', 'receipt', 'return', 'transfer'])).default(['adjustment', 'count']),
  /** The companion item journal batch the adjustments go to (template from the BC connector). */
  journalBatch: code(10).default('LB-STOCK'),
  /** Post the batch once the lines are in; false leaves them for a person to review and post. */
  postJournal: z.boolean().default(true),
  /** Journal document number = prefix + the warehouse's movement id (20 characters at most). */
  documentPrefix: prefix(8).default('WMS-'),
  /** The hub's movement reason → BC reason code. */
  reasonCodes: z
    .partialRecord(z.enum(movementReasons), code(10))
    .default({ write_off: 'WRITEOFF', damaged: 'DAMAGED', found: 'FOUND', count_correction: 'COUNT', other: 'ADJUST' }),
});

export const stockReconciliationSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The daily comparison of the warehouse's snapshot with BC, per SKU and location. */
  cron: cron.default('30 5 * * *'),
  /** Units of difference tolerated per SKU before it is an exception. */
  driftThreshold: z.number().int().min(0).default(0),
});

const gradeAction = z.discriminatedUnion('action', [
  /** Back to stock: the credit memo line is the item, at this location (default: the warehouse's). */
  z.strictObject({ action: z.literal('restock'), locationCode: code(10).optional() }),
  /** Written off: the credit memo line goes to the write-off account instead of stock. */
  z.strictObject({ action: z.literal('write-off'), accountNumber: code(20).optional() }),
  /** No automatic credit: an operator decides. */
  z.strictObject({ action: z.literal('hold') }),
]);

export const returnsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Returns are polled (most WMSs send no return callbacks). */
  pollCron: cron.default('*/15 * * * *'),
  /** The credit memo's externalDocumentNumber = prefix + the warehouse's return id. */
  referencePrefix: prefix(10).default('RET-'),
  /** What each condition grade means for the credit memo. */
  grades: z
    .strictObject({
      A: gradeAction.default({ action: 'restock' }),
      B: gradeAction.default({ action: 'restock' }),
      C: gradeAction.default({ action: 'write-off' }),
      ungraded: gradeAction.default({ action: 'hold' }),
    })
    .prefault({}),
  /** G/L account written-off returns are credited to (unless a grade names its own). */
  writeOffAccountNumber: code(20).optional(),
});

export const receiptsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Released BC purchase orders due at the warehouse are looked for this often and become ASNs. */
  pollCron: cron.default('*/15 * * * *'),
  /** Booked-in ASNs are polled this often (behind the booked-in callback). */
  asnPollCron: cron.default('*/10 * * * *'),
});

export type WarehouseConnectionConfig = z.infer<typeof warehouseConnectionSchema>;
export type ItemsFlowConfig = z.infer<typeof itemsFlowSchema>;
export type ReleaseFlowConfig = z.infer<typeof releaseFlowSchema>;
export type ShipmentsFlowConfig = z.infer<typeof shipmentsFlowSchema>;
export type StockMovementsFlowConfig = z.infer<typeof stockMovementsFlowSchema>;
export type StockReconciliationConfig = z.infer<typeof stockReconciliationSchema>;
export type ReturnsFlowConfig = z.infer<typeof returnsFlowSchema>;
export type GradeAction = z.infer<typeof gradeAction>;
export type ReceiptsFlowConfig = z.infer<typeof receiptsFlowSchema>;

/** The `flows.*` sections of the warehouse flows, spread into the flows schema. */
export const warehouseFlowsShape = {
  items: itemsFlowSchema.prefault({}),
  release: releaseFlowSchema.prefault({}),
  shipments: shipmentsFlowSchema.prefault({}),
  stockMovements: stockMovementsFlowSchema.prefault({}),
  stockReconciliation: stockReconciliationSchema.prefault({}),
  returns: returnsFlowSchema.prefault({}),
  receipts: receiptsFlowSchema.prefault({}),
};
