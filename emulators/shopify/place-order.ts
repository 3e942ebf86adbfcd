/**
 * Places an order in the emulated shop, the one path for `orderCreate` and the generator's
 * checkout: resolves variants, prices the order, claims stock at a location (Shopify lowers
 * `available` and raises `committed` when an order is placed), opens fulfilment orders,
 * upserts the customer by e-mail and announces `orders/create`.
 */
import { Decimal, dec, formatMoney, sum } from '../shared/money.ts';
import { priceOrder, type DraftDiscountCode, type DraftTaxLine } from './pricing.ts';
import type {
  AddressRecord,
  FulfillmentOrderRecord,
  LineRecord,
  LocationRecord,
  OrderRecord,
  TransactionRecord,
  VariantRecord,
} from './records.ts';
import type { EmulatedShop } from './shop.ts';

export interface DraftLine {
  variantId?: bigint | null;
  sku?: string | null;
  title?: string | null;
  variantTitle?: string | null;
  vendor?: string | null;
  quantity: number;
  unitPrice?: string;
  taxable?: boolean;
  requiresShipping?: boolean;
  giftCard?: boolean;
  taxLines?: DraftTaxLine[];
  /** A checkout's automatic line discount; `orderCreate` cannot express one. */
  automaticDiscount?: { title: string; percentage: number };
}

export interface DraftTransaction {
  kind?: string;
  status?: string;
  gateway?: string;
  amount: string;
  paymentId?: string | null;
  processedAt?: string | null;
  test?: boolean;
  receipt?: Record<string, unknown> | null;
}

export type InventoryBehaviour = 'BYPASS' | 'DECREMENT_IGNORING_POLICY' | 'DECREMENT_OBEYING_POLICY';

export interface OrderDraft {
  email?: string | null;
  phone?: string | null;
  customer?: { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null } | null;
  shippingAddress?: AddressRecord | null;
  billingAddress?: AddressRecord | null;
  lines: DraftLine[];
  shippingLines?: { title: string; code?: string | null; source?: string | null; price: string; taxLines?: DraftTaxLine[] }[];
  discountCode?: DraftDiscountCode;
  orderTaxLines?: DraftTaxLine[];
  /** The checkout charges the catalogue's VAT; `orderCreate` takes the tax lines it is given. */
  computeTaxes?: boolean;
  taxesIncluded?: boolean;
  transactions?: DraftTransaction[];
  /**
   * A tip the buyer added at checkout (`orderCreate` has no input for one). Shopify adds it to
   * the order total and reports it as `totalTipReceivedSet`; it carries no tax.
   */
  tip?: string;
  /** A checkout pays the whole total: a gift card first (up to its balance), the gateway the rest. */
  checkoutPayment?: { gateway: string; giftCard?: { id: bigint; balance: string; lastCharacters: string } };
  financialStatus?: string | null;
  inventoryBehaviour?: InventoryBehaviour;
  /** Ship from this location when given; otherwise the first with stock for every line. */
  locationName?: string;
  tags?: string[];
  note?: string | null;
  /** Extra checkout fields (Shopify's custom attributes, REST `note_attributes`), e.g. a buyer's EORI number. */
  attributes?: { key: string; value: string }[];
  sourceName?: string | null;
  test?: boolean;
  processedAt?: string | null;
  buyerAcceptsMarketing?: boolean;
}

export interface PlaceOrderError {
  field: string[];
  message: string;
  code: 'INVALID' | 'INVENTORY_CLAIM_FAILED';
}

export type PlaceOrderResult = { order: OrderRecord; errors?: undefined } | { order?: undefined; errors: PlaceOrderError[] };

export function placeOrder(shop: EmulatedShop, draft: OrderDraft): PlaceOrderResult {
  if (!draft.lines.length)
    return { errors: [{ field: ['order', 'lineItems'], message: 'An order needs at least one line item', code: 'INVALID' }] };
  const variants: (VariantRecord | undefined)[] = [];
  for (const [index, line] of draft.lines.entries()) {
    const variant = line.variantId != null ? shop.variants.get(line.variantId) : undefined;
    if (line.variantId != null && !variant)
      return {
        errors: [{ field: ['order', 'lineItems', String(index), 'variantId'], message: 'Variant does not exist', code: 'INVALID' }],
      };
    if (!variant && !line.title)
      return {
        errors: [
          { field: ['order', 'lineItems', String(index), 'title'], message: 'A line without a variant needs a title', code: 'INVALID' },
        ],
      };
    if (line.quantity < 1)
      return {
        errors: [{ field: ['order', 'lineItems', String(index), 'quantity'], message: 'Quantity must be at least 1', code: 'INVALID' }],
      };
    variants.push(variant);
  }

  const behaviour = draft.inventoryBehaviour ?? 'BYPASS';
  const location = chooseLocation(shop, draft, variants);
  if (behaviour === 'DECREMENT_OBEYING_POLICY') {
    for (const [index, line] of draft.lines.entries()) {
      const variant = variants[index];
      const level = variant && shop.inventoryLevel(variant.inventoryItemId, location.id);
      if (variant && level && variant.inventoryPolicy === 'DENY' && level.available < line.quantity) {
        const message = `${variant.sku} has ${level.available} available at ${location.name}, ${line.quantity} ordered`;
        return { errors: [{ field: ['order', 'lineItems', String(index), 'quantity'], message, code: 'INVENTORY_CLAIM_FAILED' }] };
      }
    }
  }

  const currency = shop.currency;
  const taxesIncluded = draft.taxesIncluded ?? false;
  const priced = priceOrder({
    currency,
    taxesIncluded,
    computeTaxes: draft.computeTaxes ?? false,
    shippingVatRate: '0.2',
    discountCode: draft.discountCode,
    orderTaxLines: draft.orderTaxLines,
    lines: draft.lines.map((line, index) => ({
      unitPrice: line.unitPrice ?? variants[index]?.price ?? '0',
      quantity: line.quantity,
      taxable: line.taxable ?? variants[index]?.taxable ?? true,
      vatRate: variants[index]?.vatRate ?? null,
      taxLines: line.taxLines,
      automaticDiscount: line.automaticDiscount,
      discountable: !(line.giftCard ?? (variants[index] && shop.products.get(variants[index].productId)?.isGiftCard) ?? false),
    })),
    shippingLines: (draft.shippingLines ?? []).map((line) => ({ price: line.price, taxLines: line.taxLines })),
  });

  const now = shop.timestamp();
  const lines: LineRecord[] = draft.lines.map((line, index) => {
    const variant = variants[index];
    const product = variant && shop.products.get(variant.productId);
    const isGiftCard = line.giftCard ?? product?.isGiftCard ?? false;
    return {
      id: shop.nextId(),
      variantId: variant?.id ?? null,
      productId: product?.id ?? null,
      sku: line.sku ?? variant?.sku ?? null,
      title: line.title ?? product?.title ?? 'Custom item',
      variantTitle: line.variantTitle ?? (variant && variant.title !== 'Default Title' ? variant.title : null),
      vendor: line.vendor ?? product?.vendor ?? null,
      quantity: line.quantity,
      currentQuantity: line.quantity,
      unitPrice: formatMoney(line.unitPrice ?? variant?.price ?? '0', currency),
      allocations: priced.lines[index]!.allocations,
      taxLines: priced.lines[index]!.taxLines,
      isGiftCard,
      requiresShipping: line.requiresShipping ?? (variant ? !isGiftCard : false),
      taxable: line.taxable ?? variant?.taxable ?? true,
      grams: variant?.grams ?? 0,
    };
  });

  if (behaviour !== 'BYPASS') {
    lines.forEach((line, index) => {
      const variant = variants[index];
      const level = variant && shop.inventoryLevel(variant.inventoryItemId, location.id);
      if (!level) return;
      level.available -= line.quantity;
      level.committed += line.quantity;
    });
  }

  const number = shop.nextOrderNumber();
  const tip = formatMoney(draft.tip ?? '0', currency);
  const totals = { ...priced.totals, total: formatMoney(dec(priced.totals.total).plus(tip), currency) };
  const requested = draft.checkoutPayment
    ? checkoutTransactions(draft.checkoutPayment, totals.total, currency)
    : (draft.transactions ?? []);
  const transactions: TransactionRecord[] = requested.map((transaction, index) => ({
    id: shop.nextId(),
    kind: transaction.kind ?? 'SALE',
    status: transaction.status ?? 'SUCCESS',
    gateway: transaction.gateway ?? 'manual',
    // Shopify gives every payment an id finance can reconcile; the emulator's look like `c1001.1`.
    paymentId: transaction.paymentId ?? `c${number}.${index + 1}`,
    amount: formatMoney(transaction.amount, currency),
    processedAt: transaction.processedAt ?? now,
    createdAt: now,
    test: transaction.test ?? false,
    parentId: null,
    receipt: transaction.receipt ?? null,
  }));
  const paid = sum(transactions.filter((t) => t.status === 'SUCCESS' && (t.kind === 'SALE' || t.kind === 'CAPTURE')).map((t) => t.amount));
  const total = dec(totals.total);
  const authorized = transactions.some((t) => t.status === 'SUCCESS' && t.kind === 'AUTHORIZATION');
  const financialStatus =
    draft.financialStatus ??
    (paid.gte(total) && transactions.length ? 'PAID' : paid.gt(0) ? 'PARTIALLY_PAID' : authorized ? 'AUTHORIZED' : 'PENDING');

  const customerId = upsertCustomer(shop, draft, now);
  const shipped = lines.filter((line) => line.requiresShipping);
  const fulfillmentOrders: FulfillmentOrderRecord[] = shipped.length
    ? [
        {
          id: shop.nextId(),
          status: 'OPEN',
          requestStatus: 'UNSUBMITTED',
          locationId: location.id,
          createdAt: now,
          updatedAt: now,
          lines: shipped.map((line) => ({
            id: shop.nextId(),
            lineId: line.id,
            totalQuantity: line.quantity,
            remainingQuantity: line.quantity,
          })),
        },
      ]
    : [];

  const order: OrderRecord = {
    id: shop.nextId(),
    number,
    name: `#${number}`,
    token: `${number.toString(16)}${shop.nextId().toString(36)}`,
    createdAt: now,
    updatedAt: now,
    processedAt: draft.processedAt ?? now,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    test: draft.test ?? false,
    tags: draft.tags ?? [],
    note: draft.note ?? null,
    sourceName: draft.sourceName ?? 'web',
    currency,
    taxesIncluded,
    taxExempt: false,
    email: draft.email ?? draft.customer?.email ?? null,
    phone: draft.phone ?? null,
    buyerAcceptsMarketing: draft.buyerAcceptsMarketing ?? false,
    customerId,
    shippingAddress: draft.shippingAddress ?? null,
    billingAddress: draft.billingAddress ?? draft.shippingAddress ?? null,
    lines,
    shippingLines: (draft.shippingLines ?? []).map((line, index) => ({
      id: shop.nextId(),
      title: line.title,
      code: line.code ?? line.title,
      source: line.source ?? 'shopify',
      price: formatMoney(line.price, currency),
      allocations: priced.shippingLines[index]!.allocations,
      taxLines: priced.shippingLines[index]!.taxLines,
    })),
    discountApplications: priced.applications,
    discountCodes: draft.discountCode ? [draft.discountCode.code] : [],
    transactions,
    fulfillmentOrders,
    refunds: [],
    fulfillments: [],
    attributes: draft.attributes ?? [],
    taxLines: priced.taxLines,
    totals: { ...totals, tip, outstanding: formatMoney(atLeastZero(total.minus(paid)), currency) },
    financialStatus,
    fulfillmentStatus: 'UNFULFILLED',
  };
  shop.orders.set(order.id, order);
  shop.emit('orders/create', order);
  // Assumed: the checkout's payments are announced after the order; each delivery travels on its own.
  shop.announceTransactions(order, transactions);
  return { order };
}

function checkoutTransactions(payment: NonNullable<OrderDraft['checkoutPayment']>, total: string, currency: string): DraftTransaction[] {
  const transactions: DraftTransaction[] = [];
  let due = dec(total);
  if (payment.giftCard && due.gt(0)) {
    const amount = Decimal.min(due, dec(payment.giftCard.balance));
    transactions.push({
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'gift_card',
      amount: formatMoney(amount, currency),
      receipt: { gift_card_id: String(payment.giftCard.id), gift_card_last_characters: payment.giftCard.lastCharacters },
    });
    due = due.minus(amount);
  }
  if (due.gt(0)) transactions.push({ kind: 'SALE', status: 'SUCCESS', gateway: payment.gateway, amount: formatMoney(due, currency) });
  return transactions;
}

function atLeastZero(value: Decimal): Decimal {
  return value.isNegative() ? dec(0) : value;
}

function chooseLocation(shop: EmulatedShop, draft: OrderDraft, variants: (VariantRecord | undefined)[]): LocationRecord {
  const named = draft.locationName && shop.locations.find((location) => location.name === draft.locationName);
  if (named) return named;
  const stocked = shop.locations.find((location) =>
    draft.lines.every((line, index) => {
      const variant = variants[index];
      const level = variant && shop.inventoryLevel(variant.inventoryItemId, location.id);
      return !level || level.available >= line.quantity;
    }),
  );
  return stocked ?? shop.locations[0]!;
}

/** Shopify keeps one customer per e-mail, whatever its case or surrounding spaces. */
function upsertCustomer(shop: EmulatedShop, draft: OrderDraft, now: string): bigint | null {
  const raw = draft.customer?.email ?? draft.email;
  const key = raw?.trim().toLowerCase();
  if (!key) return null;
  for (const customer of shop.customers.values()) {
    if (customer.email?.toLowerCase() === key) return customer.id;
  }
  const id = shop.nextId();
  const address = draft.shippingAddress ?? draft.billingAddress;
  shop.customers.set(id, {
    id,
    email: raw!.trim(),
    firstName: draft.customer?.firstName ?? address?.firstName ?? null,
    lastName: draft.customer?.lastName ?? address?.lastName ?? null,
    phone: draft.customer?.phone ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
