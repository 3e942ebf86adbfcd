/**
 * An `orders/create` (or `orders/updated`) webhook body — Shopify's REST order, snake_case,
 * money in `*_set.shop_money` — mapped to the parts of the hub's ChannelOrder it carries. What
 * REST bodies lack is read by GraphQL afterwards (order-supplements.ts): the transactions, the
 * fulfilment orders, and each variant's barcode, inventory item and customs data. Field names
 * follow Shopify's documented webhook payload for the Order resource.
 */
import { z } from 'zod';
import type { ChannelOrder, ChannelOrderLine, DiscountApplication, PostalAddress, TaxLine } from '../../core/domain/channel-order.ts';
import { dec } from '../../core/money.ts';
import { shopifyError } from './errors.ts';
import { normalizeAmount } from './map-order.ts';

/** What the webhook body gives; lines lack their variant's details (`variantDetails`). */
export type RestOrderPart = Omit<ChannelOrder, 'transactions' | 'fulfillmentOrders'>;

const id = z.union([z.number().int(), z.bigint()]);
const text = z.string().nullable().optional();
const money = z.object({ shop_money: z.object({ amount: z.string(), currency_code: z.string() }) });
const taxLine = z.object({ title: z.string(), rate: z.number().nullable(), price_set: money });
const address = z
  .object({
    name: text,
    company: text,
    address1: text,
    address2: text,
    city: text,
    province: text,
    province_code: text,
    zip: text,
    country_code: text,
    phone: text,
  })
  .nullable()
  .optional();

const restOrderSchema = z.object({
  admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/Order\/\d+$/),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  processed_at: text,
  cancelled_at: text,
  cancel_reason: text,
  test: z.boolean(),
  tags: z.string(),
  source_name: text,
  currency: z.string(),
  presentment_currency: z.string(),
  taxes_included: z.boolean(),
  tax_exempt: z.boolean(),
  email: text,
  phone: text,
  financial_status: text,
  fulfillment_status: text,
  customer: z
    .object({ admin_graphql_api_id: z.string(), email: text, phone: text, first_name: text, last_name: text })
    .nullable()
    .optional(),
  shipping_address: address,
  billing_address: address,
  line_items: z.array(
    z.object({
      admin_graphql_api_id: z.string(),
      sku: text,
      title: z.string(),
      variant_title: text,
      variant_id: id.nullable(),
      quantity: z.number().int(),
      current_quantity: z.number().int(),
      price_set: money,
      total_discount_set: money,
      discount_allocations: z.array(z.object({ amount_set: money, discount_application_index: z.number().int().nullable() })),
      tax_lines: z.array(taxLine),
      gift_card: z.boolean(),
      requires_shipping: z.boolean(),
      taxable: z.boolean(),
    }),
  ),
  shipping_lines: z.array(
    z.object({
      id: id.nullable(),
      title: z.string(),
      code: text,
      source: text,
      price_set: money,
      discounted_price_set: money,
      tax_lines: z.array(taxLine),
    }),
  ),
  discount_applications: z.array(
    z.object({
      type: z.string(),
      code: text,
      title: text,
      value: z.string(),
      value_type: z.enum(['fixed_amount', 'percentage']),
      allocation_method: z.string(),
      target_selection: z.string(),
      target_type: z.string(),
    }),
  ),
  tax_lines: z.array(taxLine),
  subtotal_price_set: money,
  total_discounts_set: money,
  total_shipping_price_set: money,
  total_tax_set: money,
  total_price_set: money,
  /** Tips added at checkout, shop currency (REST has no `_set` for it). */
  total_tip_received: z.string().nullish(),
  note_attributes: z.array(z.object({ name: z.string(), value: z.string().nullable() })),
});

type RestMoney = z.infer<typeof money>;
type RestAddress = z.infer<typeof address>;

const amountOf = (bag: RestMoney) => normalizeAmount(bag.shop_money.amount, bag.shop_money.currency_code);
/** REST sends "" where GraphQL answers null. */
const orNull = (value: string | null | undefined) => (value === undefined || value === null || value === '' ? null : value);
const upper = (value: string | null | undefined) => (orNull(value) === null ? null : value!.toUpperCase());

function mapTaxLines(lines: z.infer<typeof taxLine>[]): TaxLine[] {
  return lines.map((line) => ({
    title: line.title,
    rate: line.rate === null ? '0' : dec(line.rate).toFixed(),
    amount: amountOf(line.price_set),
  }));
}

function mapAddress(a: RestAddress): PostalAddress | null {
  if (!a) return null;
  return {
    name: orNull(a.name),
    company: orNull(a.company),
    address1: orNull(a.address1),
    address2: orNull(a.address2),
    city: orNull(a.city),
    province: orNull(a.province),
    provinceCode: orNull(a.province_code),
    zip: orNull(a.zip),
    countryCode: orNull(a.country_code),
    phone: orNull(a.phone),
  };
}

const discountKinds: Record<string, string> = {
  discount_code: 'DISCOUNT_CODE',
  automatic: 'AUTOMATIC',
  manual: 'MANUAL',
  script: 'SCRIPT',
};

/** REST's fulfillment_status (null before any fulfilment) in GraphQL's displayFulfillmentStatus words. */
const fulfillmentStatuses: Record<string, string> = { partial: 'PARTIALLY_FULFILLED', fulfilled: 'FULFILLED', restocked: 'RESTOCKED' };

/** The body as the parts of a ChannelOrder it carries; a malformed body names its field. */
export function mapRestOrder(body: unknown): RestOrderPart {
  const result = restOrderSchema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `field \`${issue.path.join('.') || '(body)'}\`: ${issue.message}`);
    throw shopifyError('invalid_request', `order webhook body cannot stand for the order: ${problems.join('; ')}`, {
      upstreamCode: 'webhook_malformed',
    });
  }
  const o = result.data;
  const discountApplications: DiscountApplication[] = o.discount_applications.map((application, index) => ({
    index,
    kind: discountKinds[application.type] ?? application.type.toUpperCase(),
    code: orNull(application.code),
    title: orNull(application.title),
    allocationMethod: application.allocation_method.toUpperCase(),
    targetType: application.target_type.toUpperCase(),
    targetSelection: application.target_selection.toUpperCase(),
    value:
      application.value_type === 'fixed_amount'
        ? { type: 'fixed_amount', amount: normalizeAmount(application.value, o.currency) }
        : { type: 'percentage', percentage: dec(application.value).toFixed() },
  }));
  const lines: ChannelOrderLine[] = o.line_items.map((line) => ({
    id: line.admin_graphql_api_id,
    sku: orNull(line.sku),
    title: line.title,
    variantTitle: orNull(line.variant_title),
    variantId: line.variant_id === null ? null : `gid://shopify/ProductVariant/${String(line.variant_id)}`,
    // Not in REST bodies: filled from the variant (order-supplements.ts).
    inventoryItemId: null,
    barcode: null,
    quantity: line.quantity,
    currentQuantity: line.current_quantity,
    unitPrice: amountOf(line.price_set),
    totalDiscount: amountOf(line.total_discount_set),
    discountAllocations: line.discount_allocations.map((allocation) => ({
      amount: amountOf(allocation.amount_set),
      discountApplicationIndex: allocation.discount_application_index,
    })),
    taxLines: mapTaxLines(line.tax_lines),
    isGiftCard: line.gift_card,
    requiresShipping: line.requires_shipping,
    taxable: line.taxable,
    harmonizedSystemCode: null,
    countryOfOrigin: null,
  }));
  return {
    id: o.admin_graphql_api_id,
    legacyId: o.admin_graphql_api_id.slice('gid://shopify/Order/'.length),
    name: o.name,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    processedAt: orNull(o.processed_at),
    cancelledAt: orNull(o.cancelled_at),
    cancelReason: upper(o.cancel_reason),
    test: o.test,
    tags: o.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    sourceName: orNull(o.source_name),
    currency: o.currency,
    presentmentCurrency: o.presentment_currency,
    taxesIncluded: o.taxes_included,
    taxExempt: o.tax_exempt,
    email: orNull(o.email),
    phone: orNull(o.phone),
    customer: o.customer
      ? {
          id: o.customer.admin_graphql_api_id,
          email: orNull(o.customer.email),
          phone: orNull(o.customer.phone),
          firstName: orNull(o.customer.first_name),
          lastName: orNull(o.customer.last_name),
        }
      : null,
    shippingAddress: mapAddress(o.shipping_address),
    billingAddress: mapAddress(o.billing_address),
    lines,
    shippingLines: o.shipping_lines.map((line) => ({
      id: line.id === null ? null : `gid://shopify/ShippingLine/${String(line.id)}`,
      title: line.title,
      code: orNull(line.code),
      source: orNull(line.source),
      price: amountOf(line.price_set),
      discountedPrice: amountOf(line.discounted_price_set),
      taxLines: mapTaxLines(line.tax_lines),
    })),
    discountApplications,
    taxLines: mapTaxLines(o.tax_lines),
    totals: {
      subtotal: amountOf(o.subtotal_price_set),
      discounts: amountOf(o.total_discounts_set),
      shipping: amountOf(o.total_shipping_price_set),
      tax: amountOf(o.total_tax_set),
      total: amountOf(o.total_price_set),
      tip: normalizeAmount(o.total_tip_received ?? '0', o.total_price_set.shop_money.currency_code),
    },
    displayFinancialStatus: upper(o.financial_status),
    displayFulfillmentStatus: o.fulfillment_status
      ? (fulfillmentStatuses[o.fulfillment_status] ?? o.fulfillment_status.toUpperCase())
      : 'UNFULFILLED',
    attributes: o.note_attributes.map((attribute) => ({ key: attribute.name, value: attribute.value ?? '' })),
  };
}
