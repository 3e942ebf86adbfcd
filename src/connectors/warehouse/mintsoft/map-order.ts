/**
 * Orders between the hub and Mintsoft, pure. The hub reference goes in `OrderNumber` (what
 * `GET /api/Order/Search` finds, and what split parts share); the human reference in
 * `ExternalOrderReference`. One Mintsoft order (part) despatches at most once, so a
 * despatched part *is* a shipment, and its id is the shipment id.
 */
import type {
  WarehouseAddress,
  WarehouseOrder,
  WarehouseOrderAmendment,
  WarehouseOrderPart,
  WarehouseOrderState,
  WarehouseParcel,
  WarehouseShipment,
} from '../../../core/domain/warehouse.ts';
import { summariseOrderStatus } from '../../../core/domain/warehouse.ts';
import type { MintsoftConfig } from './config.ts';
import { toIsoOrNull, wireDecimal } from './json.ts';
import type { NewOrderBody, OrderWire, UpdateOrderBody } from './schemas.ts';
import type { ResolvedStatus } from './statuses.ts';

export type StatusResolver = (id: number) => ResolvedStatus;

/** Mintsoft wants first and last names; the hub has one name line. */
export function splitName(name: string): { FirstName: string; LastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length <= 1) return { FirstName: parts[0] ?? '', LastName: '' };
  return { FirstName: parts.slice(0, -1).join(' '), LastName: parts[parts.length - 1]! };
}

function addressFields(address: WarehouseAddress) {
  const optional = (value: string | null) => (value === null || value.trim() === '' ? undefined : value);
  return {
    ...splitName(address.name),
    CompanyName: optional(address.company),
    Address1: address.address1,
    Address2: optional(address.address2),
    Address3: optional(address.address3),
    Town: address.city,
    County: optional(address.county),
    PostCode: address.postCode,
    Country: address.countryCode,
    Email: optional(address.email),
    Phone: optional(address.phone),
  };
}

export function courierServiceFor(shippingMethod: string, config: MintsoftConfig): string {
  const wanted = shippingMethod.trim().toUpperCase();
  return config.couriers.find((c) => c.shippingMethod.trim().toUpperCase() === wanted)?.courierService ?? config.defaultCourierService;
}

export function carrierOf(
  courierServiceName: string | null | undefined,
  config: MintsoftConfig,
): { carrier: string | null; service: string | null } {
  if (!courierServiceName) return { carrier: null, service: null };
  const wanted = courierServiceName.trim().toUpperCase();
  const mapped = config.couriers.find((c) => c.courierService.trim().toUpperCase() === wanted);
  return mapped ? { carrier: mapped.carrier, service: mapped.service } : { carrier: courierServiceName, service: null };
}

export function buildNewOrderBody(order: WarehouseOrder, config: MintsoftConfig): NewOrderBody {
  const optional = (value: string | null) => (value === null || value.trim() === '' ? undefined : value);
  return {
    OrderNumber: order.reference,
    ExternalOrderReference: order.externalReference ?? order.reference,
    ...addressFields(order.shipTo),
    WarehouseId: config.warehouseId,
    CourierService: courierServiceFor(order.shippingMethod, config),
    Currency: order.currency,
    ClientId: config.clientId,
    OrderValue: order.orderValue === null ? undefined : wireDecimal(order.orderValue),
    RequiredDespatchDate: optional(order.requiredDespatchDate),
    DeliveryNotes: optional(order.deliveryNotes),
    GiftMessages: optional(order.giftMessage),
    VATNumber: optional(order.vatNumber),
    EORINumber: optional(order.eoriNumber),
    IOSSNumber: optional(order.iossNumber),
    OrderItems: order.lines.map((line) => ({
      SKU: line.sku,
      Quantity: line.quantity,
      UnitPrice: line.unitPrice === null ? undefined : wireDecimal(line.unitPrice),
    })),
  };
}

export function buildUpdateOrderBody(amendment: WarehouseOrderAmendment, config: MintsoftConfig): UpdateOrderBody {
  return {
    ...(amendment.shipTo ? addressFields(amendment.shipTo) : {}),
    ...(amendment.shippingMethod ? { CourierService: courierServiceFor(amendment.shippingMethod, config) } : {}),
    ...(amendment.requiredDespatchDate !== undefined ? { RequiredDespatchDate: amendment.requiredDespatchDate } : {}),
    ...(amendment.deliveryNotes !== undefined ? { DeliveryNotes: amendment.deliveryNotes } : {}),
  };
}

export function mapOrderPart(wire: OrderWire, resolve: StatusResolver): WarehouseOrderPart {
  const { name, status } = resolve(wire.OrderStatusId);
  return {
    wmsOrderId: String(wire.ID),
    partNumber: wire.Part ?? 1,
    partCount: wire.NumberOfParts ?? 1,
    status,
    wmsStatus: name,
    lines: (wire.OrderItems ?? []).map((item) => ({
      sku: item.SKU,
      quantity: item.Quantity,
      allocated: item.Allocated ?? 0,
      backordered: item.OnBackOrder ?? 0,
    })),
    updatedAt: toIsoOrNull(wire.LastUpdated),
  };
}

/** The reference an order carries, compared without case or spaces. */
export function sameReference(a: string | null | undefined, b: string): boolean {
  return (a ?? '').trim().toUpperCase() === b.trim().toUpperCase();
}

export function buildOrderState(reference: string, wires: OrderWire[], resolve: StatusResolver): WarehouseOrderState | null {
  if (wires.length === 0) return null;
  const parts = wires
    .map((wire) => mapOrderPart(wire, resolve))
    .sort((a, b) => a.partNumber - b.partNumber || Number(a.wmsOrderId) - Number(b.wmsOrderId));
  return { reference, externalReference: wires[0]!.ExternalOrderReference ?? null, status: summariseOrderStatus(parts), parts };
}

/** Tracking numbers as Mintsoft may list them in one field: comma, semicolon or space separated. */
export function splitTrackingNumbers(value: string | null | undefined): string[] {
  return [...new Set((value ?? '').split(/[\s,;]+/).filter((part) => part !== ''))];
}

/**
 * The shipment a despatched part represents, or null when the part is not despatched or
 * its lines are not in the record. Callback and polling both build it here, so both give
 * the same shipment for the same part.
 */
export function mapShipment(wire: OrderWire, resolve: StatusResolver, config: MintsoftConfig): WarehouseShipment | null {
  if (resolve(wire.OrderStatusId).status !== 'despatched' || !wire.OrderItems?.length) return null;
  const numbers = splitTrackingNumbers(wire.TrackingNumber);
  const url = wire.TrackingURL?.trim() || null;
  const parcelCount = Math.max(wire.NumberOfParcels ?? 1, numbers.length, 1);
  const parcels: WarehouseParcel[] = Array.from({ length: parcelCount }, (_, index) => {
    // Fewer numbers than parcels: a consignment number covers the rest.
    const trackingNumber = numbers[Math.min(index, numbers.length - 1)] ?? null;
    const trackingUrl = url && (numbers.length <= 1 || (trackingNumber !== null && url.includes(trackingNumber))) ? url : null;
    return { trackingNumber, trackingUrl };
  });
  const despatchedAt = toIsoOrNull(wire.DespatchDate) ?? toIsoOrNull(wire.LastUpdated);
  if (despatchedAt === null) return null;
  return {
    id: String(wire.ID),
    orderReference: wire.OrderNumber,
    wmsOrderId: String(wire.ID),
    partNumber: wire.Part ?? 1,
    partCount: wire.NumberOfParts ?? 1,
    despatchedAt,
    ...carrierOf(wire.CourierServiceName, config),
    parcels,
    trackingNumbers: numbers,
    trackingUrls: url ? [url] : [],
    lines: wire.OrderItems.map((item) => ({ sku: item.SKU, quantity: item.Quantity - (item.OnBackOrder ?? 0) })).filter(
      (line) => line.quantity > 0,
    ),
  };
}
