/**
 * Pure mapping of a released BC sales order to the warehouse order: which lines the
 * warehouse ships (item lines at the warehouse's locations, physical items only), the
 * ship-to (Shopify's address for web orders, else BC's), the shipping method and customs
 * identifiers. Problems come back as issues, all at once.
 */
import type { OrdersFlowConfig } from '../../config/schema.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesOrder } from '../../core/domain/erp.ts';
import type { WarehouseAddress, WarehouseOrder, WarehouseOrderLine } from '../../core/domain/warehouse.ts';
import type { Issue } from '../../core/issues.ts';
import { dec, formatMoney } from '../../core/money.ts';
import { shipmentMethodCodeFor } from '../orders/mappings.ts';
import { attributeValue, isIossOrder } from '../orders/ready-to-fulfil.ts';
import type { ErpSalesOrderHeader } from './ports.ts';

/** Countries whose addresses need no postcode. */
const withoutPostcode = new Set(['IE', 'HK', 'AE', 'QA']);

export interface ReleaseContext {
  reference: string;
  order: ErpSalesOrder;
  header: ErpSalesOrderHeader | null;
  channelOrder: ChannelOrder | null;
  /** BC location id → code. */
  locationCodes: ReadonlyMap<string, string>;
  /** Codes (upper case) of the locations the warehouse ships from. */
  warehouseLocations: ReadonlySet<string>;
  /** Item numbers (upper case) that are not physical stock (services, non-inventory). */
  nonStockItems: ReadonlySet<string>;
  defaultShippingMethod: string;
  localCurrency: string;
  orders: Pick<OrdersFlowConfig, 'shippingMethods' | 'readyToFulfil'>;
}

export interface ReleasePlan {
  /** Null when nothing of the order is for the warehouse (all lines elsewhere or not stock). */
  order: WarehouseOrder | null;
  issues: Issue[];
}

/** The warehouse order's reference: immutable once sent, unique per BC order. */
export function buildReleaseReference(salesOrderNumber: string, prefix: string): string {
  return `${prefix}${salesOrderNumber}`.trim().toUpperCase();
}

export function mapReleaseToWarehouseOrder(context: ReleaseContext): ReleasePlan {
  const issues: Issue[] = [];
  const lines = warehouseLines(context, issues);
  if (lines.length === 0 && issues.length === 0) return { order: null, issues };
  const shipTo = shipToOf(context, issues);
  if (issues.length > 0 || !shipTo) return { order: null, issues };
  const { channelOrder, order } = context;
  const customs = context.orders.readyToFulfil.customs;
  const ioss = channelOrder && customs.iossNumber && isIossOrder(channelOrder, context.orders.readyToFulfil) ? customs.iossNumber : null;
  return {
    order: {
      reference: context.reference,
      externalReference: channelOrder?.name ?? (order.externalDocumentNumber || null),
      shippingMethod: shippingMethodOf(context),
      shipTo,
      currency: order.currencyCode || context.localCurrency,
      orderValue: order.totalAmountIncludingTax,
      lines,
      eoriNumber: channelOrder ? (attributeValue(channelOrder, customs.eoriAttributeKeys) ?? null) : null,
      vatNumber: null,
      iossNumber: ioss,
      requiredDespatchDate: null,
      deliveryNotes: null,
      giftMessage: null,
    },
    issues,
  };
}

function warehouseLines(context: ReleaseContext, issues: Issue[]): WarehouseOrderLine[] {
  const lines: WarehouseOrderLine[] = [];
  for (const line of context.order.lines ?? []) {
    if (line.lineType !== 'Item' || dec(line.quantity).lessThanOrEqualTo(0)) continue;
    const location = line.locationId ? context.locationCodes.get(line.locationId) : undefined;
    if (location && !context.warehouseLocations.has(location.toUpperCase())) continue;
    if (context.nonStockItems.has(line.lineObjectNumber.toUpperCase())) continue;
    const path = `lines[${line.sequence}]`;
    if (line.itemVariantId) {
      issues.push({
        code: 'order_not_shippable',
        path: `${path}.itemVariantId`,
        message: `line ${line.sequence} (${line.lineObjectNumber}) is an item variant; the warehouse knows items by SKU only`,
      });
      continue;
    }
    const outstanding = dec(line.quantity).minus(dec(line.shippedQuantity ?? '0'));
    if (!outstanding.isInteger()) {
      issues.push({
        code: 'order_not_shippable',
        path: `${path}.quantity`,
        message: `line ${line.sequence} (${line.lineObjectNumber}) has ${outstanding.toFixed()} to ship; the warehouse ships whole units`,
      });
      continue;
    }
    if (outstanding.lessThanOrEqualTo(0)) continue;
    const unitPrice = dec(line.amountIncludingTax).dividedBy(dec(line.quantity));
    lines.push({
      lineRef: String(line.sequence),
      sku: line.lineObjectNumber,
      quantity: outstanding.toNumber(),
      unitPrice: formatMoney(unitPrice, context.order.currencyCode || context.localCurrency),
    });
  }
  return lines;
}

function shippingMethodOf(context: ReleaseContext): string {
  const fromChannel = context.channelOrder ? shipmentMethodCodeFor(context.channelOrder, context.orders.shippingMethods) : undefined;
  return fromChannel ?? context.header?.shipmentMethodCode ?? context.defaultShippingMethod;
}

function shipToOf(context: ReleaseContext, issues: Issue[]): WarehouseAddress | null {
  const text = (value: string | null | undefined) => (value && value.trim() !== '' ? value.trim() : null);
  const channel = context.channelOrder?.shippingAddress;
  const bc = context.header?.shipTo;
  const address: WarehouseAddress | null = channel
    ? {
        name: text(channel.name) ?? '',
        company: text(channel.company),
        address1: text(channel.address1) ?? '',
        address2: text(channel.address2),
        address3: null,
        city: text(channel.city) ?? '',
        county: text(channel.province),
        postCode: text(channel.zip) ?? '',
        countryCode: (text(channel.countryCode) ?? '').toUpperCase(),
        email: text(context.channelOrder?.email) ?? text(context.channelOrder?.customer?.email),
        phone: text(channel.phone) ?? text(context.channelOrder?.phone),
      }
    : bc
      ? {
          name: text(bc.name) ?? text(bc.contact) ?? '',
          company: null,
          address1: text(bc.address1) ?? '',
          address2: text(bc.address2),
          address3: null,
          city: text(bc.city) ?? '',
          county: text(bc.state),
          postCode: text(bc.postCode) ?? '',
          countryCode: (text(bc.country) ?? '').toUpperCase(),
          email: text(context.header?.email),
          phone: text(context.header?.phone),
        }
      : null;
  if (!address) {
    issues.push({ code: 'missing_ship_to', path: 'shipTo', message: 'the order has no ship-to address the hub can read' });
    return null;
  }
  const missing: string[] = (['name', 'address1', 'city', 'countryCode'] as const).filter((field) => address[field] === '');
  if (address.postCode === '' && !withoutPostcode.has(address.countryCode)) missing.push('postCode');
  if (missing.length > 0)
    issues.push({ code: 'missing_ship_to', path: 'shipTo', message: `the ship-to address lacks ${missing.join(', ')}` });
  return missing.length > 0 ? null : address;
}
