/**
 * The parts of Shopify's REST order (webhook bodies: `orders/create`, `orders/updated`) the hub
 * reads, with Shopify's documented field names; anything else in the body is ignored.
 */
import { z } from 'zod';

const id = z.union([z.number().int(), z.bigint()]);
const text = z.string().nullable().optional();
export const money = z.object({ shop_money: z.object({ amount: z.string(), currency_code: z.string() }) });
export const taxLine = z.object({ title: z.string(), rate: z.number().nullable(), price_set: money });
export const address = z
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

export const restOrderSchema = z.object({
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
  total_tip_received: z.string().optional(),
  note_attributes: z.array(z.object({ name: z.string(), value: z.string().nullable() })),
});
