/**
 * The emulated shop: catalogue, stock per location, customers, orders and webhook
 * subscriptions in memory, seeded from the sandbox's shared catalogue. Changes to orders are
 * announced to listeners (the webhook dispatcher) as Shopify topics.
 */
import type { Clock } from '../../src/core/clock.ts';
import { sandboxCatalogue, sandboxLocations, unknownSkus } from '../sandbox/catalogue.ts';
import type { BalanceTransactionRecord, BulkOperationRecord, IdempotencyRecord, PayoutRecord, RefundRecord } from './after-sale-records.ts';
import type {
  CustomerRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  TransactionRecord,
  VariantRecord,
  WebhookSubscriptionRecord,
} from './records.ts';

export type OrderTopic = 'orders/create' | 'orders/updated' | 'orders/cancelled';
export type ShopTopic = OrderTopic | 'refunds/create' | 'inventory_levels/update' | 'order_transactions/create';
export type ShopEvent =
  | { topic: OrderTopic; order: OrderRecord }
  | { topic: 'refunds/create'; order: OrderRecord; refund: RefundRecord }
  | { topic: 'order_transactions/create'; order: OrderRecord; transaction: TransactionRecord }
  | { topic: 'inventory_levels/update'; level: InventoryLevelRecord };
export type ShopListener = (event: ShopEvent) => void;

export interface ShopOptions {
  shopDomain: string;
  currency?: string;
  /**
   * Where the shop's ids start. Shopify's ids are unique across shops; two emulated shops side by
   * side give each its own range, so one shop's order id is never another's.
   */
  firstId?: bigint;
  clock: Clock;
}

/** Shopify ids are 64-bit; start above 2^53 so precision bugs cannot hide. */
const firstId = 9_007_199_254_740_993n;

/** Stock split between the sandbox locations: most in the warehouse, some in the shop. */
const stockShare = [0.8, 0.2];

export class EmulatedShop {
  readonly shopDomain: string;
  readonly currency: string;
  readonly clock: Clock;
  /** When the shop was set up: the creation time of its seeded records. */
  openedAt: string;
  products = new Map<bigint, ProductRecord>();
  variants = new Map<bigint, VariantRecord>();
  inventoryItems = new Map<bigint, InventoryItemRecord>();
  locations: LocationRecord[] = [];
  inventoryLevels = new Map<string, InventoryLevelRecord>();
  customers = new Map<bigint, CustomerRecord>();
  orders = new Map<bigint, OrderRecord>();
  webhookSubscriptions = new Map<bigint, WebhookSubscriptionRecord>();
  /** Shopify Payments: every movement on the balance, oldest first, and the payouts that settled them. */
  balanceTransactions: BalanceTransactionRecord[] = [];
  /** Order transactions already on the balance, so each is booked once. */
  bookedTransactionIds = new Set<bigint>();
  payouts = new Map<bigint, PayoutRecord>();
  /** Reserves the generated traffic held back, released one by one later. */
  reservesToRelease: string[] = [];
  bulkOperations = new Map<bigint, BulkOperationRecord>();
  /** `@idempotent` keys seen by inventory writes. */
  idempotencyKeys = new Map<string, IdempotencyRecord>();
  private readonly firstIdValue: bigint;
  private nextIdValue: bigint;
  private orderNumber = 1000;
  private lastTimestamp = 0;
  private readonly listeners = new Set<ShopListener>();

  constructor(options: ShopOptions) {
    this.shopDomain = options.shopDomain;
    this.currency = options.currency ?? 'GBP';
    this.firstIdValue = options.firstId ?? firstId;
    this.nextIdValue = this.firstIdValue;
    this.clock = options.clock;
    this.openedAt = new Date(this.clock.now()).toISOString();
    this.seed();
  }

  nextId(): bigint {
    // Spaced out so ids of different resources never look consecutive; an even step keeps
    // every id odd, and no odd integer above 2^53 survives JSON.parse exactly.
    this.nextIdValue += 15_838n;
    return this.nextIdValue;
  }

  nextOrderNumber(): number {
    this.orderNumber += 1;
    return this.orderNumber;
  }

  /** ISO time, strictly increasing, so `updated_at` cursors never see two changes at one instant. */
  timestamp(): string {
    const now = Math.max(this.clock.now(), this.lastTimestamp + 1);
    this.lastTimestamp = now;
    return new Date(now).toISOString();
  }

  reset(): void {
    for (const map of [
      this.products,
      this.variants,
      this.inventoryItems,
      this.inventoryLevels,
      this.customers,
      this.orders,
      this.webhookSubscriptions,
      this.payouts,
      this.bulkOperations,
      this.idempotencyKeys,
    ])
      map.clear();
    this.balanceTransactions = [];
    this.reservesToRelease = [];
    this.bookedTransactionIds.clear();
    this.locations = [];
    this.nextIdValue = this.firstIdValue;
    this.orderNumber = 1000;
    this.seed();
  }

  onChange(listener: ShopListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(topic: OrderTopic, order: OrderRecord): void {
    this.publish({ topic, order });
  }

  /**
   * `order_transactions/create` for each transaction made or whose status changed: Shopify's
   * schema documents the topic for transactions with a status of success, failure or error only.
   */
  announceTransactions(order: OrderRecord, transactions: readonly TransactionRecord[]): void {
    for (const transaction of transactions)
      if (['SUCCESS', 'FAILURE', 'ERROR'].includes(transaction.status))
        this.publish({ topic: 'order_transactions/create', order, transaction });
  }

  publish(event: ShopEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  findOrderOfRefund(refundId: bigint): { order: OrderRecord; refund: RefundRecord } | undefined {
    for (const order of this.orders.values()) {
      const refund = order.refunds.find((candidate) => candidate.id === refundId);
      if (refund) return { order, refund };
    }
    return undefined;
  }

  variantBySku(sku: string): VariantRecord | undefined {
    for (const variant of this.variants.values()) if (variant.sku === sku) return variant;
    return undefined;
  }

  inventoryLevel(inventoryItemId: bigint, locationId: bigint): InventoryLevelRecord | undefined {
    return this.inventoryLevels.get(`${inventoryItemId}:${locationId}`);
  }

  /** Available units of a SKU per location name: what tests and the control endpoint show. */
  stockBySku(sku: string): Record<string, { available: number; committed: number }> {
    const variant = this.variantBySku(sku);
    const out: Record<string, { available: number; committed: number }> = {};
    if (!variant) return out;
    for (const location of this.locations) {
      const level = this.inventoryLevel(variant.inventoryItemId, location.id);
      if (level) out[location.name] = { available: level.available, committed: level.committed };
    }
    return out;
  }

  private seed(): void {
    const seededAt = this.openedAt;
    this.locations = sandboxLocations.map((location) => ({
      id: this.nextId(),
      name: location.shopifyName,
      countryCode: 'GB',
      fulfillsOnlineOrders: true,
    }));
    const productsByTitle = new Map<string, ProductRecord>();
    // Unknown SKUs exist in Shopify (not in BC): sold like their catalogue siblings.
    const unknown = unknownSkus.map((sku, index) => ({
      sku,
      title: `New line ${sku}`,
      variantTitle: null,
      price: ['26.00', '35.00', '89.00'][index % 3]!,
      gtin: null,
      vatRate: '0.2',
      weightKg: '0.3',
      hsCode: null,
      countryOfOrigin: null,
      initialStock: 50,
    }));
    for (const item of [...sandboxCatalogue, ...unknown]) {
      const isGiftCard = item.sku.startsWith('GIFT-CARD');
      let product = productsByTitle.get(item.title);
      if (!product) {
        product = { id: this.nextId(), title: item.title, vendor: 'LedgerBridge Sandbox', isGiftCard };
        productsByTitle.set(item.title, product);
        this.products.set(product.id, product);
      }
      const inventoryItem: InventoryItemRecord = {
        id: this.nextId(),
        sku: item.sku,
        tracked: !isGiftCard,
        requiresShipping: !isGiftCard,
        harmonizedSystemCode: item.hsCode,
        countryCodeOfOrigin: item.countryOfOrigin,
      };
      this.inventoryItems.set(inventoryItem.id, inventoryItem);
      const variant: VariantRecord = {
        id: this.nextId(),
        productId: product.id,
        inventoryItemId: inventoryItem.id,
        sku: item.sku,
        barcode: item.gtin,
        title: item.variantTitle ?? 'Default Title',
        price: item.price,
        taxable: item.vatRate !== '0',
        vatRate: item.vatRate,
        inventoryPolicy: 'DENY',
        grams: Math.round(Number(item.weightKg) * 1000),
      };
      this.variants.set(variant.id, variant);
      if (!inventoryItem.tracked) continue;
      this.locations.forEach((location, index) => {
        const available = Math.floor(item.initialStock * (stockShare[index] ?? 0));
        const level: InventoryLevelRecord = {
          id: this.nextId(),
          inventoryItemId: inventoryItem.id,
          locationId: location.id,
          available,
          committed: 0,
          updatedAt: seededAt,
        };
        this.inventoryLevels.set(`${inventoryItem.id}:${location.id}`, level);
      });
    }
    this.seedDuplicateSku(seededAt);
  }

  /**
   * SKUs are not unique in Shopify: an old listing of the canvas cap, never deleted, shares
   * its SKU, with no stock. Matching items by SKU must notice.
   */
  private seedDuplicateSku(seededAt: string): void {
    const original = this.variantBySku('CAP-CANVAS');
    if (!original) return;
    const product: ProductRecord = {
      id: this.nextId(),
      title: 'Canvas Cap (old listing)',
      vendor: 'LedgerBridge Sandbox',
      isGiftCard: false,
    };
    this.products.set(product.id, product);
    const item: InventoryItemRecord = { ...this.inventoryItems.get(original.inventoryItemId)!, id: this.nextId() };
    this.inventoryItems.set(item.id, item);
    const variant: VariantRecord = { ...original, id: this.nextId(), productId: product.id, inventoryItemId: item.id };
    this.variants.set(variant.id, variant);
    for (const location of this.locations) {
      this.inventoryLevels.set(`${item.id}:${location.id}`, {
        id: this.nextId(),
        inventoryItemId: item.id,
        locationId: location.id,
        available: 0,
        committed: 0,
        updatedAt: seededAt,
      });
    }
  }

  /** Every item carrying this SKU: more than one is a duplicate Shopify lets merchants create. */
  inventoryItemsBySku(sku: string): InventoryItemRecord[] {
    return [...this.inventoryItems.values()].filter((item) => item.sku === sku);
  }
}
