/**
 * Records as Mintsoft sends them, typed by the emulator's own reading of Mintsoft's models
 * (mintsoft-models.ts). The contract test parses these answers with the adapter's schemas.
 * Decimals go out as exact JSON numbers; times as Mintsoft writes them, without a zone.
 */
import { LosslessNumber } from 'lossless-json';
import type * as Wire from './mintsoft-models.ts';
import type { EmulatorDeps } from './deps.ts';
import { statusNameOf } from './deps.ts';
import { available } from './inventory.ts';
import { countries, returnReasons } from './reference-data.ts';
import type { AsnRecord, OrderRecord, ProductRecord, ReturnRecord, StockFlowRecord, StockRecord } from './state.ts';

/** `2026-11-22T08:00:00.123`: UTC, no zone, as Mintsoft's API writes date-times. */
export const wmsTime = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString().slice(0, 23));
const decimal = (value: string | null) => (value === null ? null : new LosslessNumber(value));

export function orderToWire(deps: EmulatorDeps, order: OrderRecord, withItems = true): Wire.Order {
  const weight = order.items.reduce((sum, item) => sum + item.quantity * Number(deps.state.products.get(item.productId)?.weight ?? 0), 0);
  return {
    ID: order.id,
    ClientId: deps.settings.clientId,
    OrderNumber: order.orderNumber,
    ExternalOrderReference: order.externalRef,
    OrderDate: wmsTime(order.createdAt),
    DespatchDate: wmsTime(order.despatchDate),
    RequiredDespatchDate: order.requiredDespatchDate,
    FirstName: order.firstName,
    LastName: order.lastName,
    CompanyName: order.companyName,
    Address1: order.address1,
    Address2: order.address2,
    Town: order.town,
    County: order.county,
    PostCode: order.postCode,
    Email: order.email,
    Phone: order.phone,
    CountryId: order.countryId,
    OrderStatusId: order.statusId,
    NumberOfParcels: order.numberOfParcels,
    TotalWeight: new LosslessNumber(weight.toFixed(3)),
    OrderValue: decimal(order.orderValue),
    Part: order.part,
    NumberOfParts: order.numberOfParts,
    CourierServiceName: order.courierService,
    TrackingNumber: order.trackingNumber,
    TrackingURL: order.trackingUrl,
    WarehouseId: deps.settings.warehouseId,
    OrderItems: withItems ? order.items.map((item) => orderItemToWire(order, item)) : null,
    LastUpdated: wmsTime(order.lastUpdated),
    // Not read by the adapter; present so the body looks like Mintsoft's.
    OrderStatus: statusNameOf(deps, order.statusId),
  };
}

export function orderItemToWire(order: OrderRecord, item: OrderRecord['items'][number]): NonNullable<Wire.Order['OrderItems']>[number] {
  return {
    ID: item.id,
    OrderId: order.id,
    ProductId: item.productId,
    SKU: item.sku,
    Quantity: item.quantity,
    Allocated: item.allocated,
    OnBackOrder: item.onBackOrder,
    Price: decimal(item.price),
  };
}

export function productToWire(deps: EmulatorDeps, product: ProductRecord): Wire.Product {
  const country = countries.find((c) => c.ID === product.countryId);
  return {
    ID: product.id,
    SKU: product.sku,
    Name: product.name,
    Description: product.description,
    CustomsDescription: product.customsDescription,
    EAN: product.ean,
    UPC: null,
    CountryOfManufactureId: product.countryId,
    CountryOfManufacture: country ?? null,
    CommodityCode: product.commodityCode ? { Code: product.commodityCode } : null,
    Weight: new LosslessNumber(product.weight),
    ClientId: deps.settings.clientId,
    LastUpdated: wmsTime(product.lastUpdated),
  };
}

export function stockToWire(deps: EmulatorDeps, product: ProductRecord, stock: StockRecord, breakdown: boolean): Wire.StockLevel {
  return {
    ProductId: product.id,
    WarehouseId: deps.settings.warehouseId,
    ClientId: deps.settings.clientId,
    SKU: product.sku,
    Level: stock.onHand,
    TotalStockLevel: available(stock),
    Breakdown: breakdown
      ? [
          { Quantity: stock.onHand, BatchNo: null, SerialNo: null, BestBefore: null, Type: 'STOCK' },
          ...(stock.quarantine > 0
            ? [{ Quantity: stock.quarantine, BatchNo: null, SerialNo: null, BestBefore: null, Type: 'QUARANTINE' }]
            : []),
        ]
      : null,
    LastUpdated: wmsTime(stock.lastUpdated),
  };
}

export function flowToWire(deps: EmulatorDeps, flow: StockFlowRecord): Wire.StockFlow {
  return {
    ID: flow.id,
    ProductId: flow.productId,
    WarehouseId: deps.settings.warehouseId,
    SKU: flow.sku,
    Quantity: flow.quantity,
    Flow: flow.flow,
    Reason: flow.reason,
    StockLevel: flow.stockLevel,
    OnHand: flow.onHand,
    OrderId: flow.orderId,
    LastUpdated: wmsTime(flow.lastUpdated),
  };
}

export const asnStatusNames: Record<number, string> = {
  1: 'New',
  4: 'BookedIn',
  6: 'Complete',
  7: 'Part Booked',
  8: 'BookedIn-Partial',
  9: 'Delivered',
};

export function asnToWire(deps: EmulatorDeps, asn: AsnRecord, withItems = true): Wire.Asn {
  return {
    ID: asn.id,
    POReference: asn.poReference,
    Supplier: asn.supplier,
    EstimatedDelivery: asn.estimatedDelivery,
    BookedInDate: wmsTime(asn.bookedInDate),
    ASNStatusId: asn.statusId,
    ASNStatus: { ID: asn.statusId, Name: asnStatusNames[asn.statusId] ?? null },
    WarehouseId: deps.settings.warehouseId,
    ClientId: deps.settings.clientId,
    Items: withItems
      ? asn.items.map((item) => ({
          ID: item.id,
          ProductId: item.productId,
          SKU: item.sku,
          QuantityExpected: item.expected,
          QuantityReceieved: item.received,
          QuantityBooked: item.booked,
          Complete: item.booked >= item.expected,
          SourceLineId: item.sourceLineId,
        }))
      : null,
    LastUpdated: wmsTime(asn.lastUpdated),
  };
}

export function returnItemsToWire(ret: ReturnRecord): Wire.ReturnItem[] {
  return ret.items.map((item) => {
    const reason = returnReasons.find((candidate) => candidate.ID === item.reasonId);
    return {
      ID: item.id,
      ReturnId: ret.id,
      ProductId: item.productId,
      SKU: item.sku,
      Quantity: item.quantity,
      ReturnReasonId: item.reasonId,
      ReturnReasonName: reason?.Name ?? null,
      StockAction: reason?.StockAction ?? null,
      ReturnedToStock: item.returnedToStock,
      // The emulator puts restocked units away at once.
      LeftToPutAway: 0,
    };
  });
}

export function returnToWire(deps: EmulatorDeps, ret: ReturnRecord, withItems = true): Wire.Return {
  return {
    ID: ret.id,
    OrderId: ret.orderId,
    OrderNumber: ret.orderNumber,
    Reference: ret.reference,
    Confirmed: ret.confirmed,
    Refunded: false,
    Exchanged: false,
    ClientId: deps.settings.clientId,
    ReturnItems: withItems ? returnItemsToWire(ret) : null,
    LastUpdated: wmsTime(ret.lastUpdated),
  };
}
