/**
 * Settings of the orders flow: the ready-to-fulfil contract, customer and item matching,
 * mappings (shipping methods, locations), money policies (shipping, gift cards, prices
 * including VAT) and the tax tolerance. Defaults are what a UK brand shipping from one
 * warehouse would choose; every one can be changed.
 */
import { z } from 'zod';

const amount = z.string().regex(/^\d+(\.\d{1,4})?$/, 'a decimal amount such as "135.00"');
const code = (max: number) => z.string().min(1).max(max);

/** EU member states (ISO 3166-1 alpha-2), for the IOSS rule. */
export const euCountryCodes = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

export const customsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Every shipped line needs an HS commodity code and a country of origin. */
  requireCommodityCodes: z.boolean().default(true),
  /** Business orders (a company on the address) need the buyer's EORI number. */
  eoriForBusinessOrders: z.boolean().default(true),
  /** Any order above this value (shop currency) needs an EORI number; null turns the rule off. */
  eoriValueThreshold: amount.nullable().default(null),
  /** Order attributes (Shopify note attributes) that may carry the buyer's EORI number. */
  eoriAttributeKeys: z.array(z.string().min(1)).default(['eori', 'eori_number', 'EORI']),
  /** The shop's IOSS number, for EU consumer orders up to the threshold. */
  iossNumber: z
    .string()
    .regex(/^IM\d{10}$/, 'an IOSS number looks like IM1234567890')
    .optional(),
  /** EU consumer consignments at or below this value (shop currency; €150 is about £135) use IOSS. */
  iossThreshold: amount.default('135.00'),
  /**
   * G/L account for the EU VAT Shopify collects on IOSS orders (owed to the EU, not UK VAT).
   * When set, such orders post their lines net of that VAT plus one line on this account, so
   * BC's revenue and UK VAT stay right; when not set, BC's totals are compared as they are.
   */
  iossVatAccountNumber: code(20).optional(),
  /** VAT product posting group for that line: one that carries no UK VAT (e.g. ZERO). */
  iossVatTaxCode: code(20).optional(),
  euCountries: z.array(z.string().length(2)).default(euCountryCodes),
});

export const readyToFulfilSchema = z.strictObject({
  requireShippingMethod: z.boolean().default(true),
  requireCompleteAddress: z.boolean().default(true),
  /** A phone number or an e-mail address, so the carrier can reach the recipient. */
  requireContact: z.boolean().default(true),
  /** Destinations that need no customs data (the warehouse's own country). */
  domesticCountries: z.array(z.string().length(2)).default(['GB']),
  customs: customsSchema.prefault({}),
});

export const customersSchema = z.strictObject({
  /** Create a BC customer when no customer has the order's e-mail (each creation is flagged for review). */
  createMissing: z.boolean().default(true),
  /** Fields for new customers; BC applies its own configuration template on insert too. */
  template: z
    .strictObject({
      type: z.enum(['Person', 'Company']).default('Person'),
      currencyCode: code(10).optional(),
      paymentTermsId: z.uuid().optional(),
      paymentMethodId: z.uuid().optional(),
      shipmentMethodId: z.uuid().optional(),
      taxAreaId: z.uuid().optional(),
      taxLiable: z.boolean().optional(),
    })
    .prefault({}),
  /** Orders without any e-mail: post to one default customer, or raise an exception. */
  guests: z
    .discriminatedUnion('rule', [
      z.strictObject({ rule: z.literal('default-customer'), customerNumber: code(20) }),
      z.strictObject({ rule: z.literal('exception') }),
    ])
    .default({ rule: 'exception' }),
});

export const itemsSchema = z.strictObject({
  /** How a Shopify variant finds its BC item: by SKU = item number, then optionally by barcode = GTIN. */
  matchBy: z
    .array(z.enum(['sku', 'barcode']))
    .min(1)
    .default(['sku']),
  /** When SKUs are "<item>-<variant>" (e.g. "TEE-M"), the separator that splits them into BC item and variant codes. */
  variantSeparator: z.string().min(1).max(3).optional(),
});

export const shippingSchema = z.strictObject({
  /**
   * Shipping is a G/L account line. Item charges are not offered: BC cannot invoice an order whose
   * item charge is not assigned to item lines, and the standard API cannot assign one (decision 0022).
   */
  lineType: z
    .enum(['account'], { error: 'shipping can only be a G/L account line (item charges cannot be assigned through the API): use account' })
    .default('account'),
  accountNumber: code(20).optional(),
  description: z.string().max(100).default('Shipping'),
});

export const giftCardsSchema = z.strictObject({
  /**
   * `line-discount`: redemptions are spread over the lines as a discount, so the invoice equals
   * what was paid by other means. `payment`: the order keeps its full price and each redemption
   * becomes a line against the gift-card liability account. See docs/guides/finance.md.
   */
  policy: z.enum(['line-discount', 'payment']).default('line-discount'),
  /** G/L account for gift-card liability: gift cards sold, and redemptions under the payment policy. */
  liabilityAccountNumber: code(20).optional(),
  /** VAT product posting group for gift-card lines (outside the scope of VAT). */
  taxCode: code(20).optional(),
});

export const tipsSchema = z.strictObject({
  /** G/L account for tips received at checkout (they are part of what the buyer paid, not of any line). */
  accountNumber: code(20).optional(),
  /** VAT product posting group for the tip line: a voluntary tip is outside the scope of VAT. */
  taxCode: code(20).optional(),
  description: z.string().max(100).default('Tip'),
});

export const orderMappingsSchema = z.strictObject({
  readyToFulfil: readyToFulfilSchema.prefault({}),
  customers: customersSchema.prefault({}),
  items: itemsSchema.prefault({}),
  shipping: shippingSchema.prefault({}),
  giftCards: giftCardsSchema.prefault({}),
  tips: tipsSchema.prefault({}),
  /** Shopify shipping line code or title → BC shipment method code; "*" matches any other. */
  shippingMethods: z.record(z.string(), code(10)).default({}),
  /** Shopify location name or GID → BC location code; every line of an order gets its location. */
  locations: z.record(z.string(), code(10)).default({}),
  /** `channel`: prices as Shopify shows them (VAT-inclusive in a UK shop); `customer-type`: business customers get prices excluding VAT. */
  pricesIncludeTax: z.enum(['channel', 'customer-type']).default('channel'),
  /** Accepted difference between BC's and Shopify's totals, per line. */
  taxTolerancePerLine: amount.default('0.01'),
});

export type OrderMappings = z.infer<typeof orderMappingsSchema>;
export type ReadyToFulfilConfig = z.infer<typeof readyToFulfilSchema>;
export type CustomersConfig = z.infer<typeof customersSchema>;

export const refundsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * The polling safety net: refunds of orders changed since the last look. Used only with the
   * orders flow off; otherwise the orders poll's listing brings refunds too (one listing for both).
   */
  pollCron: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression')
    .default('*/15 * * * *'),
  /** Post each credit memo at once, or leave it as a draft for finance to review and post. */
  post: z.boolean().default(false),
  /** BC's externalDocumentNumber = prefix + Shopify refund id (at most 35 characters). */
  referencePrefix: z
    .string()
    .max(10)
    .regex(/^[A-Za-z0-9-]*$/, 'letters, digits and dashes only')
    .default('SHOPR-'),
  /** Location restocked units are credited to; default: the refund's Shopify location through flows.orders.locations. */
  returnLocationCode: code(10).optional(),
  /** G/L account for money refunded without goods coming back (NO_RESTOCK lines). */
  refundAccountNumber: code(20).optional(),
  /** G/L account for order-level adjustments (refund discrepancies); defaults to the refund account. */
  adjustmentAccountNumber: code(20).optional(),
  /** Accepted difference between the memo's total and the money refunded. */
  tolerance: amount.default('0.01'),
  /** How long to wait before looking again at a refund whose money is still pending. */
  pendingRecheckMinutes: z.number().int().min(1).max(1440).default(30),
});

export type RefundsFlowConfig = z.infer<typeof refundsFlowSchema>;
