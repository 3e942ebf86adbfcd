/**
 * Pure mapping of a channel order to a BC sales order draft. Amounts stay decimal strings
 * in the shop currency; discounts are taken as Shopify allocated them, never recomputed.
 */
import type { ChannelOrder, PostalAddress } from '../../core/domain/channel-order.js';
import type { ErpItem, PostalAddressDraft, SalesOrderDraft, SalesOrderLineDraft } from '../../core/domain/erp.js';
import { dec, formatMoney } from '../../core/money.js';
import { activeLines, orderedQuantity } from './validate.js';

export interface SalesOrderContext {
  reference: string;
  customerNumber: string;
  items: ReadonlyMap<string, ErpItem | undefined>;
}

export function mapOrderToSalesOrder(order: ChannelOrder, context: SalesOrderContext): SalesOrderDraft {
  const lines: SalesOrderLineDraft[] = activeLines(order).map(({ line }) => {
    const item = context.items.get(line.sku!.trim())!;
    // A line reduced by an edit keeps the discount of the units that remain.
    const quantity = orderedQuantity(line);
    const discount = quantity === line.quantity ? dec(line.totalDiscount) : dec(line.totalDiscount).times(quantity).dividedBy(line.quantity);
    return {
      lineType: 'Item',
      lineObjectNumber: item.number,
      description: line.variantTitle ? `${line.title} - ${line.variantTitle}`.slice(0, 100) : line.title.slice(0, 100),
      quantity: String(quantity),
      unitPrice: formatMoney(line.unitPrice, order.currency),
      ...(discount.isZero() ? {} : { discountAmount: formatMoney(discount, order.currency) }),
    };
  });
  const contact = order.email ?? order.customer?.email ?? undefined;
  const phone = order.phone ?? order.shippingAddress?.phone ?? order.customer?.phone ?? undefined;
  return {
    externalDocumentNumber: context.reference,
    customerNumber: context.customerNumber,
    orderDate: (order.processedAt ?? order.createdAt).slice(0, 10),
    pricesIncludeTax: order.taxesIncluded,
    ...(contact ? { email: contact.trim() } : {}),
    ...(phone ? { phoneNumber: phone } : {}),
    ...(order.shippingAddress ? { shipTo: mapAddress(order.shippingAddress) } : {}),
    lines,
  };
}

function mapAddress(address: PostalAddress): PostalAddressDraft {
  const draft: PostalAddressDraft = {};
  const name = address.company ? `${address.name ?? ''}${address.name ? ', ' : ''}${address.company}` : address.name;
  if (name) draft.name = name;
  if (address.address1) draft.addressLine1 = address.address1;
  if (address.address2) draft.addressLine2 = address.address2;
  if (address.city) draft.city = address.city;
  if (address.provinceCode ?? address.province) draft.state = (address.provinceCode ?? address.province)!;
  if (address.zip) draft.postCode = address.zip;
  if (address.countryCode) draft.country = address.countryCode;
  return draft;
}
