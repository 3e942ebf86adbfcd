/**
 * Order intake as Mintsoft does it for a 3PL client: the whole order is refused when a SKU
 * is unknown, the country or courier service is not recognised, or its `OrderNumber` and
 * `ExternalOrderReference` were already used (a duplicate is refused, never answered with
 * the existing order). Stock is allocated at once; a shortfall splits the order into a NEW
 * part and an ONBACKORDER part sharing the `OrderNumber` (the "back-order" holding policy),
 * and the floor may split a fully allocated order too (stock in two locations).
 */
import { decimalText } from './mintsoft-json.ts';
import type { NewOrderBody, NewOrderResult } from './mintsoft-models.ts';
import { statusIdOf, statusNameOf, type EmulatorDeps } from './deps.ts';
import { allocate, available } from './inventory.ts';
import { fireOrderCallback } from './order-events.ts';
import { countryIdOf, courierServiceFor } from './reference-data.ts';
import type { OrderItemRecord, OrderRecord } from './state.ts';

type NewOrder = NewOrderBody;
type Result = NewOrderResult;

const refuse = (orderNumber: string, message: string): Result[] => [
  { OrderId: null, OrderNumber: orderNumber, Success: false, OrderStatusId: null, OrderStatus: null, Message: message },
];

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();

interface PlannedLine {
  productId: number;
  sku: string;
  price: string | null;
  allocated: number;
  short: number;
}

export function createOrders(deps: EmulatorDeps, body: NewOrder): Result[] {
  const { state, settings } = deps;
  if (body.ClientId !== undefined && body.ClientId !== settings.clientId)
    return refuse(body.OrderNumber, `Invalid ClientId ${body.ClientId}`);
  if (body.WarehouseId !== settings.warehouseId) return refuse(body.OrderNumber, `Warehouse ${body.WarehouseId} not found`);
  const countryId = countryIdOf(body.Country);
  if (countryId === undefined) return refuse(body.OrderNumber, `Country '${body.Country}' not recognised`);
  const service = courierServiceFor(body.CourierService, countryId);
  if (!service) return refuse(body.OrderNumber, `Courier service '${body.CourierService}' not recognised`);
  const externalRef = body.ExternalOrderReference ?? null;
  if ([...state.orders.values()].some((order) => same(order.orderNumber, body.OrderNumber) && same(order.externalRef, externalRef))) {
    return refuse(
      body.OrderNumber,
      `Duplicate order: OrderNumber '${body.OrderNumber}' and ExternalOrderReference '${externalRef ?? ''}' already exist for this client`,
    );
  }
  const planned: PlannedLine[] = [];
  const taken = new Map<number, number>();
  for (const item of body.OrderItems) {
    const product = state.productBySku(item.SKU);
    if (!product) return refuse(body.OrderNumber, `Product with SKU '${item.SKU}' not found`);
    const free = available(state.stockOf(product.id)) - (taken.get(product.id) ?? 0);
    const allocated = Math.max(0, Math.min(item.Quantity, free));
    taken.set(product.id, (taken.get(product.id) ?? 0) + allocated);
    planned.push({
      productId: product.id,
      sku: product.sku,
      price: item.UnitPrice === undefined ? null : decimalText(item.UnitPrice),
      allocated,
      short: item.Quantity - allocated,
    });
  }

  const partsLines = planParts(deps, planned);
  const now = state.stamp();
  const parts: OrderRecord[] = partsLines.map(({ lines, backorder }, index) => {
    const record: OrderRecord = {
      id: state.nextId('order'),
      orderNumber: body.OrderNumber,
      externalRef,
      statusId: statusIdOf(deps, backorder ? 'ONBACKORDER' : 'NEW'),
      firstName: body.FirstName ?? null,
      lastName: body.LastName ?? null,
      companyName: body.CompanyName ?? null,
      address1: body.Address1 ?? null,
      address2: body.Address2 ?? null,
      town: body.Town ?? null,
      county: body.County ?? null,
      postCode: body.PostCode ?? null,
      countryId,
      email: body.Email ?? null,
      phone: body.Phone ?? null,
      courierService: service.name,
      currency: body.Currency ?? 'GBP',
      orderValue: body.OrderValue === undefined ? null : decimalText(body.OrderValue),
      requiredDespatchDate: body.RequiredDespatchDate ?? null,
      deliveryNotes: body.DeliveryNotes ?? null,
      part: index + 1,
      numberOfParts: partsLines.length,
      items: lines,
      numberOfParcels: null,
      trackingNumber: null,
      trackingUrl: null,
      despatchDate: null,
      // Clock time for the floor's schedule; the stamp (strictly increasing) for "updated since".
      createdAt: settings.clock.now(),
      lastUpdated: now,
      dueAt: backorder ? null : settings.clock.now() + settings.floor.pickAfterMs,
      returnChecked: false,
    };
    for (const item of lines) if (item.allocated > 0) allocate(deps, item.productId, item.allocated);
    state.orders.set(record.id, record);
    return record;
  });
  for (const part of parts.slice(1))
    state.splits.push({ id: state.nextId('split'), orderId: parts[0]!.id, splitOrderId: part.id, lastUpdated: now });
  return parts.map((part) => ({
    OrderId: part.id,
    OrderNumber: part.orderNumber,
    Success: true,
    OrderStatusId: part.statusId,
    OrderStatus: statusNameOf(deps, part.statusId),
    Message: null,
  }));
}

function planParts(deps: EmulatorDeps, planned: PlannedLine[]): { lines: OrderItemRecord[]; backorder: boolean }[] {
  const item = (line: PlannedLine, quantity: number, allocated: number): OrderItemRecord => ({
    id: deps.state.nextId('item'),
    productId: line.productId,
    sku: line.sku,
    quantity,
    allocated,
    onBackOrder: quantity - allocated,
    price: line.price,
  });
  const allocatedLines = planned.filter((line) => line.allocated > 0);
  const shortLines = planned.filter((line) => line.short > 0);
  if (shortLines.length === 0) {
    // Fully allocated; the floor may still split it (stock picked from two places).
    if (planned.length >= 2 && deps.dice.chance(deps.settings.floor.splitRate)) {
      const [last] = planned.slice(-1);
      return [
        { lines: planned.slice(0, -1).map((line) => item(line, line.allocated, line.allocated)), backorder: false },
        { lines: [item(last!, last!.allocated, last!.allocated)], backorder: false },
      ];
    }
    return [{ lines: planned.map((line) => item(line, line.allocated, line.allocated)), backorder: false }];
  }
  if (allocatedLines.length === 0) return [{ lines: planned.map((line) => item(line, line.short, 0)), backorder: true }];
  return [
    { lines: allocatedLines.map((line) => item(line, line.allocated, line.allocated)), backorder: false },
    { lines: shortLines.map((line) => item(line, line.short, 0)), backorder: true },
  ];
}

/** Back-ordered parts whose stock has arrived become NEW, oldest first. */
export function allocateBackorders(deps: EmulatorDeps): void {
  const backorder = statusIdOf(deps, 'ONBACKORDER');
  const waiting = [...deps.state.orders.values()].filter((order) => order.statusId === backorder).sort((a, b) => a.id - b.id);
  for (const order of waiting) {
    const ready = order.items.every((line) => available(deps.state.stockOf(line.productId)) >= line.onBackOrder);
    if (!ready) continue;
    for (const line of order.items) {
      allocate(deps, line.productId, line.onBackOrder);
      line.allocated += line.onBackOrder;
      line.onBackOrder = 0;
    }
    order.dueAt = deps.settings.clock.now() + deps.settings.floor.pickAfterMs;
    setStatus(deps, order, 'NEW');
  }
}

export function setStatus(deps: EmulatorDeps, order: OrderRecord, name: string): void {
  order.statusId = statusIdOf(deps, name);
  order.lastUpdated = deps.state.stamp();
  if (name === 'DESPATCHED') fireOrderCallback(deps, order, 'despatched');
  if (name === 'CANCELLED') fireOrderCallback(deps, order, 'cancelled');
}
