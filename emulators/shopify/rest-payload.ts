/**
 * An order as Shopify's webhooks carry it: the REST representation, snake_case, money as
 * strings and ids as 64-bit JSON integers (serialised exactly, via bigint). Where Shopify's
 * published schema for 2026-07 declares a string, a missing value is sent as "" so payloads
 * validate against `shopify-webhook-schemas`; the hub re-reads orders by GraphQL anyway.
 */
import { stringify } from 'lossless-json';
import { dec, formatMoney, sum } from '../shared/money.ts';
import { gid, type AddressRecord, type AllocationRecord, type LineRecord, type OrderRecord, type TaxLineRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string | null): string {
  if (!code) return '';
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function moneySet(amount: string, currency: string) {
  const money = { amount, currency_code: currency };
  return { shop_money: money, presentment_money: money };
}

function restAddress(address: AddressRecord | null) {
  const a = address ?? ({} as Partial<AddressRecord>);
  return {
    first_name: a.firstName ?? '',
    last_name: a.lastName ?? '',
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    company: a.company ?? null,
    address1: a.address1 ?? '',
    address2: a.address2 ?? null,
    city: a.city ?? '',
    province: a.province ?? '',
    province_code: a.provinceCode ?? '',
    zip: a.zip ?? '',
    country: countryName(a.countryCode ?? null),
    country_code: a.countryCode ?? '',
    phone: a.phone ?? '',
    latitude: null,
    longitude: null,
  };
}

export function restTaxLines(lines: TaxLineRecord[], currency: string) {
  return lines.map((line) => ({
    channel_liable: line.channelLiable,
    price: line.amount,
    price_set: moneySet(line.amount, currency),
    rate: Number(line.rate),
    title: line.title,
  }));
}

function restAllocations(allocations: AllocationRecord[], currency: string) {
  return allocations.map((allocation) => ({
    amount: allocation.amount,
    amount_set: moneySet(allocation.amount, currency),
    discount_application_index: allocation.applicationIndex,
  }));
}

function discountApplicationType(typename: string): string {
  return typename === 'DiscountCodeApplication' ? 'discount_code' : typename === 'AutomaticDiscountApplication' ? 'automatic' : 'manual';
}

/** A line item as REST payloads (orders, refunds) carry it. */
export function restLineItem(line: LineRecord, currency: string) {
  const set = (amount: string) => moneySet(amount, currency);
  const discount = formatMoney(sum(line.allocations.map((a) => a.amount)), currency);
  return {
    id: line.id,
    admin_graphql_api_id: gid('LineItem', line.id),
    attributed_staffs: [],
    current_quantity: line.currentQuantity,
    discount_allocations: restAllocations(line.allocations, currency),
    duties: [],
    fulfillable_quantity: line.requiresShipping ? line.currentQuantity : 0,
    fulfillment_service: 'manual',
    fulfillment_status: null,
    gift_card: line.isGiftCard,
    grams: line.grams,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    price: line.unitPrice,
    price_set: set(line.unitPrice),
    product_exists: line.productId !== null,
    product_id: line.productId,
    properties: [],
    quantity: line.quantity,
    requires_shipping: line.requiresShipping,
    sku: line.sku ?? '',
    tax_lines: restTaxLines(line.taxLines, currency),
    taxable: line.taxable,
    title: line.title,
    total_discount: discount,
    total_discount_set: set(discount),
    variant_id: line.variantId,
    variant_inventory_management: line.variantId === null ? null : 'shopify',
    variant_title: line.variantTitle,
    vendor: line.vendor,
  };
}

export function buildRestOrder(shop: EmulatedShop, order: OrderRecord): Record<string, unknown> {
  const c = order.currency;
  const set = (amount: string) => moneySet(amount, c);
  const zero = formatMoney(0, c);
  const customer = order.customerId === null ? undefined : shop.customers.get(order.customerId);
  const shipping = order.shippingAddress ?? order.billingAddress;
  const payload: Record<string, unknown> = {
    id: order.id,
    admin_graphql_api_id: gid('Order', order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: order.buyerAcceptsMarketing,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: order.cancelledAt,
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: order.closedAt,
    confirmation_number: order.token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: order.email ?? '',
    created_at: order.createdAt,
    currency: c,
    current_shipping_price_set: set(order.totals.shipping),
    current_subtotal_price: order.totals.subtotal,
    current_subtotal_price_set: set(order.totals.subtotal),
    current_total_additional_fees_set: null,
    current_total_discounts: order.totals.discounts,
    current_total_discounts_set: set(order.totals.discounts),
    current_total_duties_set: null,
    current_total_price: order.totals.total,
    current_total_price_set: set(order.totals.total),
    current_total_tax: order.totals.tax,
    current_total_tax_set: set(order.totals.tax),
    customer_locale: 'en-GB',
    device_id: null,
    discount_applications: order.discountApplications.map((application) => ({
      type: discountApplicationType(application.typename),
      ...(application.code ? { code: application.code } : { title: application.title }),
      value: application.value.type === 'fixed_amount' ? application.value.amount : dec(application.value.percentage).toFixed(1),
      value_type: application.value.type,
      allocation_method: application.allocationMethod.toLowerCase(),
      target_selection: application.targetSelection.toLowerCase(),
      target_type: application.targetType.toLowerCase(),
    })),
    discount_codes: order.discountApplications
      .filter((application) => application.code)
      .map((application) => ({
        code: application.code!,
        type: application.targetType === 'SHIPPING_LINE' ? 'shipping' : application.value.type,
        amount: formatMoney(
          sum(
            [...order.lines, ...order.shippingLines]
              .flatMap((line) => line.allocations)
              .filter((a) => a.applicationIndex === application.index)
              .map((a) => a.amount),
          ),
          c,
        ),
      })),
    duties_included: false,
    email: order.email ?? '',
    estimated_taxes: false,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: null,
    fulfillments: [],
    landing_site: null,
    landing_site_ref: null,
    line_item_groups: [],
    line_items: order.lines.map((line) => restLineItem(line, c)),
    location_id: null,
    merchant_business_entity_id: Buffer.from(shop.shopDomain).toString('base64url').slice(0, 14),
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: order.attributes.map((attribute) => ({ name: attribute.key, value: attribute.value })),
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${shop.shopDomain}/orders/${order.token}/authenticate?key=${order.token}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [...new Set(order.transactions.map((transaction) => transaction.gateway))],
    payment_terms: null,
    phone: order.phone,
    po_number: null,
    presentment_currency: c,
    processed_at: order.processedAt,
    reference: null,
    referring_site: null,
    refunds: [],
    returns: [],
    billing_address: restAddress(order.billingAddress ?? shipping),
    shipping_address: restAddress(shipping),
    shipping_lines: order.shippingLines.map((line) => {
      const discounted = formatMoney(dec(line.price).minus(sum(line.allocations.map((a) => a.amount))), c);
      return {
        id: line.id,
        carrier_identifier: null,
        code: line.code,
        current_discounted_price_set: set(discounted),
        discount_allocations: restAllocations(line.allocations, c),
        discounted_price: discounted,
        discounted_price_set: set(discounted),
        is_removed: false,
        phone: null,
        price: line.price,
        price_set: set(line.price),
        requested_fulfillment_service_id: null,
        source: line.source,
        tax_lines: restTaxLines(line.taxLines, c),
        title: line.title,
      };
    }),
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: order.totals.subtotal,
    subtotal_price_set: set(order.totals.subtotal),
    tags: order.tags.join(', '),
    tax_exempt: order.taxExempt,
    tax_lines: restTaxLines(order.taxLines, c),
    taxes_included: order.taxesIncluded,
    test: order.test,
    token: order.token,
    total_cash_rounding_payment_adjustment_set: set(zero),
    total_cash_rounding_refund_adjustment_set: set(zero),
    total_discounts: order.totals.discounts,
    total_discounts_set: set(order.totals.discounts),
    total_line_items_price: order.totals.lineItems,
    total_line_items_price_set: set(order.totals.lineItems),
    total_outstanding: order.totals.outstanding,
    total_price: order.totals.total,
    total_price_set: set(order.totals.total),
    total_shipping_price_set: set(order.totals.shipping),
    total_tax: order.totals.tax,
    total_tax_set: set(order.totals.tax),
    total_tip_received: order.totals.tip ?? zero,
    total_weight: order.lines.reduce((total, line) => total + line.grams * line.quantity, 0),
    updated_at: order.updatedAt,
    user_id: null,
  };
  if (customer) {
    payload.customer = {
      id: customer.id,
      admin_graphql_api_id: gid('Customer', customer.id),
      created_at: customer.createdAt,
      updated_at: customer.updatedAt,
      currency: c,
      email: customer.email ?? '',
      first_name: customer.firstName ?? '',
      last_name: customer.lastName ?? '',
      multipass_identifier: null,
      note: null,
      phone: customer.phone,
      state: 'disabled',
      tax_exempt: false,
      tax_exemptions: [],
      verified_email: true,
      default_address: {
        ...restAddress(shipping),
        id: customer.id + 1n,
        customer_id: customer.id,
        country_name: countryName(shipping?.countryCode ?? null),
        default: true,
      },
    };
  }
  return payload;
}

/** The exact bytes a webhook carries: bigint ids become JSON integers without rounding. */
export function serializeWebhookBody(payload: unknown): string {
  return stringify(payload) ?? 'null';
}
