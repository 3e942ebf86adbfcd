/**
 * `orderCreate`'s input (OrderCreateOrderInput, already coerced by graphql-js) turned into
 * the emulator's order draft. Input that Shopify would refuse becomes a user error naming
 * the field.
 */
import type { DraftDiscountCode, DraftTaxLine } from './pricing.ts';
import type { InventoryBehaviour, OrderDraft, PlaceOrderError } from './place-order.ts';
import { parseGid, type AddressRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

type Money = { amount: string; currencyCode: string };
type MoneyBagInput = { shopMoney: Money; presentmentMoney?: Money | null };
type TaxLineInput = { title: string; rate: string; priceSet?: MoneyBagInput | null; channelLiable?: boolean | null };
type AddressInput = Partial<
  Record<
    'firstName' | 'lastName' | 'company' | 'address1' | 'address2' | 'city' | 'provinceCode' | 'zip' | 'countryCode' | 'phone',
    string | null
  >
>;

export interface OrderCreateInput {
  lineItems?:
    | {
        variantId?: string | null;
        sku?: string | null;
        title?: string | null;
        variantTitle?: string | null;
        vendor?: string | null;
        quantity: number;
        priceSet?: MoneyBagInput | null;
        taxLines?: TaxLineInput[] | null;
        taxable?: boolean | null;
        requiresShipping?: boolean | null;
        giftCard?: boolean | null;
      }[]
    | null;
  shippingLines?:
    { title: string; code?: string | null; source?: string | null; priceSet: MoneyBagInput; taxLines?: TaxLineInput[] | null }[] | null;
  transactions?:
    | {
        amountSet: MoneyBagInput;
        gateway?: string | null;
        kind?: string | null;
        status?: string | null;
        processedAt?: string | null;
        test?: boolean | null;
        receiptJson?: unknown;
        giftCardId?: string | null;
      }[]
    | null;
  discountCode?: {
    itemFixedDiscountCode?: { code: string; amountSet?: MoneyBagInput | null } | null;
    itemPercentageDiscountCode?: { code: string; percentage?: number | null } | null;
    freeShippingDiscountCode?: { code: string } | null;
  } | null;
  customer?: {
    toAssociate?: { id?: string | null; email?: string | null } | null;
    toUpsert?: { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null } | null;
  } | null;
  taxLines?: TaxLineInput[] | null;
  shippingAddress?: AddressInput | null;
  billingAddress?: AddressInput | null;
  currency?: string | null;
  presentmentCurrency?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  customAttributes?: { key: string; value?: string | null }[] | null;
  sourceName?: string | null;
  test?: boolean | null;
  processedAt?: string | null;
  taxesIncluded?: boolean | null;
  financialStatus?: string | null;
}

const taxLine = (line: TaxLineInput): DraftTaxLine => ({
  title: line.title,
  rate: line.rate,
  amount: line.priceSet?.shopMoney.amount,
  channelLiable: line.channelLiable ?? false,
});

function address(input: AddressInput | null | undefined): AddressRecord | null {
  if (!input) return null;
  return {
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    company: input.company ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: input.provinceCode ?? null,
    provinceCode: input.provinceCode ?? null,
    zip: input.zip ?? null,
    countryCode: input.countryCode ?? null,
    phone: input.phone ?? null,
  };
}

export function mapOrderCreateInput(
  shop: EmulatedShop,
  input: OrderCreateInput,
  inventoryBehaviour: InventoryBehaviour,
): OrderDraft | { errors: PlaceOrderError[] } {
  const errors: PlaceOrderError[] = [];
  for (const [field, currency] of [
    ['currency', input.currency],
    ['presentmentCurrency', input.presentmentCurrency],
  ] as const) {
    if (currency && currency !== shop.currency)
      errors.push({ field: ['order', field], message: `The emulated shop trades in ${shop.currency} only`, code: 'INVALID' });
  }
  const lines = (input.lineItems ?? []).map((line, index) => {
    const variantId = line.variantId ? parseGid(line.variantId, 'ProductVariant') : null;
    if (line.variantId && variantId === undefined)
      errors.push({ field: ['order', 'lineItems', String(index), 'variantId'], message: 'Invalid variant id', code: 'INVALID' });
    const variant = variantId ? shop.variants.get(variantId) : undefined;
    // graphql-js has already applied the input defaults (requiresShipping and giftCard false);
    // a line of a real variant follows the variant, as Shopify's does.
    const product = variant && shop.products.get(variant.productId);
    return {
      variantId: variantId ?? null,
      sku: line.sku,
      title: line.title,
      variantTitle: line.variantTitle,
      vendor: line.vendor,
      quantity: line.quantity,
      unitPrice: line.priceSet?.shopMoney.amount,
      taxLines: line.taxLines?.map(taxLine),
      taxable: line.taxable ?? undefined,
      requiresShipping: variant ? (line.requiresShipping ?? false) || !product?.isGiftCard : (line.requiresShipping ?? false),
      giftCard: variant ? (line.giftCard ?? false) || (product?.isGiftCard ?? false) : (line.giftCard ?? false),
    };
  });
  const code = input.discountCode;
  let discountCode: DraftDiscountCode | undefined;
  if (code?.itemFixedDiscountCode)
    discountCode = {
      code: code.itemFixedDiscountCode.code,
      type: 'fixed_amount',
      amount: code.itemFixedDiscountCode.amountSet?.shopMoney.amount ?? '0',
    };
  else if (code?.itemPercentageDiscountCode)
    discountCode = {
      code: code.itemPercentageDiscountCode.code,
      type: 'percentage',
      percentage: code.itemPercentageDiscountCode.percentage ?? 0,
    };
  else if (code?.freeShippingDiscountCode) discountCode = { code: code.freeShippingDiscountCode.code, type: 'free_shipping' };
  if (errors.length) return { errors };

  const upsert = input.customer?.toUpsert;
  return {
    email: input.email ?? input.customer?.toAssociate?.email ?? upsert?.email ?? null,
    phone: input.phone ?? null,
    customer: upsert ?? (input.customer?.toAssociate?.email ? { email: input.customer.toAssociate.email } : null),
    shippingAddress: address(input.shippingAddress),
    billingAddress: address(input.billingAddress),
    lines,
    discountCode,
    orderTaxLines: input.taxLines?.map(taxLine),
    shippingLines: (input.shippingLines ?? []).map((line) => ({
      title: line.title,
      code: line.code,
      source: line.source,
      price: line.priceSet.shopMoney.amount,
      taxLines: line.taxLines?.map(taxLine),
    })),
    transactions: (input.transactions ?? []).map((transaction) => {
      const giftCard = transaction.giftCardId ? parseGid(transaction.giftCardId, 'GiftCard') : undefined;
      return {
        kind: transaction.kind ?? undefined,
        status: transaction.status ?? undefined,
        gateway: transaction.gateway ?? undefined,
        amount: transaction.amountSet.shopMoney.amount,
        processedAt: transaction.processedAt,
        test: transaction.test ?? false,
        receipt: receiptOf(transaction.receiptJson, transaction.giftCardId ?? null, giftCard),
      };
    }),
    financialStatus: input.financialStatus,
    taxesIncluded: input.taxesIncluded ?? false,
    inventoryBehaviour,
    tags: input.tags ?? [],
    note: input.note,
    sourceName: input.sourceName,
    attributes: (input.customAttributes ?? []).map((attribute) => ({ key: attribute.key, value: attribute.value ?? '' })),
    test: input.test ?? false,
    processedAt: input.processedAt,
  };
}

function receiptOf(receiptJson: unknown, giftCardGid: string | null, giftCardId: bigint | undefined): Record<string, unknown> | null {
  const receipt =
    typeof receiptJson === 'string' ? safeObject(receiptJson) : ((receiptJson as Record<string, unknown> | null | undefined) ?? null);
  if (!giftCardGid) return receipt;
  return { ...receipt, gift_card_id: giftCardId === undefined ? giftCardGid : String(giftCardId) };
}

function safeObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
