/**
 * What happens to an order after intake: amendments and cancellation (by the API, with
 * Mintsoft's cut-offs), and the floor's work — picking, despatch with carrier and tracking,
 * splitting, delivery. Every change stamps `LastUpdated` and fires the callbacks.
 */
import type { OrderUpdateBody, ToolkitResult } from './mintsoft-models.ts';
import { MintsoftHttpError, statusIdOf, statusNameOf, type EmulatorDeps } from './deps.ts';
import { adjustStock, release } from './inventory.ts';
import { fireOrderCallback, fireSplitCallback } from './order-events.ts';
import { setStatus } from './orders.ts';
import { countryIdOf, courierServiceFor, courierServices } from './reference-data.ts';
import type { OrderRecord } from './state.ts';

type Toolkit = ToolkitResult;

const amendableStatuses = [
  'NEW',
  'ONBACKORDER',
  'HOLDING',
  'AWAITINGCONFIRMATION',
  'AWAITINGPAYMENT',
  'AWAITINGDOCUMENTATION',
  'AWAITINGADDITIONALITEM',
  'QUERYRAISED',
];
const uncancellableStatuses = ['PICKINGSTARTED', 'DESPATCHED', 'INVOICED', 'INVOICEDFAILED'];
const despatchableStatuses = ['NEW', 'PRINTED', 'AWAITINGPICKING', 'PICKINGSTARTED', 'PACKANDHOLD'];

const statusOf = (deps: EmulatorDeps, order: OrderRecord) => statusNameOf(deps, order.statusId);

export function cancelOrder(deps: EmulatorDeps, order: OrderRecord): Toolkit {
  const status = statusOf(deps, order);
  if (status === 'CANCELLED') return { ID: order.id, Success: true, Message: 'Order already cancelled' };
  if (uncancellableStatuses.includes(status))
    return { ID: order.id, Success: false, Message: `Order ${order.id} cannot be cancelled at status ${status}` };
  for (const item of order.items) {
    release(deps, item.productId, item.allocated);
    item.allocated = 0;
  }
  order.dueAt = null;
  setStatus(deps, order, 'CANCELLED');
  return { ID: order.id, Success: true, Message: 'Order cancelled' };
}

export function updateOrder(deps: EmulatorDeps, order: OrderRecord, body: OrderUpdateBody): Toolkit {
  const status = statusOf(deps, order);
  if (!amendableStatuses.includes(status))
    return { ID: order.id, Success: false, Message: `Order ${order.id} cannot be amended at status ${status}` };
  if (body.Country !== undefined) {
    const countryId = countryIdOf(body.Country);
    if (countryId === undefined) return { ID: order.id, Success: false, Message: `Country '${body.Country}' not recognised` };
    order.countryId = countryId;
  }
  if (body.CourierService !== undefined) {
    const service = courierServiceFor(body.CourierService, order.countryId);
    if (!service) return { ID: order.id, Success: false, Message: `Courier service '${body.CourierService}' not recognised` };
    order.courierService = service.name;
  }
  const fields = {
    FirstName: 'firstName',
    LastName: 'lastName',
    CompanyName: 'companyName',
    Address1: 'address1',
    Address2: 'address2',
    Town: 'town',
    County: 'county',
    PostCode: 'postCode',
    Email: 'email',
    Phone: 'phone',
  } as const;
  for (const [wire, field] of Object.entries(fields)) {
    const value = body[wire as keyof typeof fields];
    if (value !== undefined) order[field] = value ?? null;
  }
  if (body.RequiredDespatchDate !== undefined) order.requiredDespatchDate = body.RequiredDespatchDate ?? null;
  if (body.DeliveryNotes !== undefined) order.deliveryNotes = body.DeliveryNotes ?? null;
  order.lastUpdated = deps.state.stamp();
  return { ID: order.id, Success: true, Message: 'Order updated' };
}

export function startPicking(deps: EmulatorDeps, order: OrderRecord): void {
  order.dueAt = deps.settings.clock.now() + deps.settings.floor.despatchAfterMs;
  setStatus(deps, order, 'PICKINGSTARTED');
}

function trackingNumber(deps: EmulatorDeps, prefix: string): string {
  const digits = String(deps.dice.between(10_000_000, 99_999_999));
  return prefix === 'RM' ? `RM${digits}${deps.dice.between(0, 9)}GB` : `${prefix}${digits}${deps.dice.between(100, 999)}`;
}

export function despatchOrder(
  deps: EmulatorDeps,
  order: OrderRecord,
  options: { parcels?: number; trackingNumbers?: string[] } = {},
): OrderRecord {
  const status = statusOf(deps, order);
  if (!despatchableStatuses.includes(status))
    throw new MintsoftHttpError(400, `Order ${order.id} cannot be despatched at status ${status}`);
  const service = courierServices.find((candidate) => candidate.name === order.courierService) ?? courierServices[0]!;
  const parcels = options.trackingNumbers?.length ?? options.parcels ?? (deps.dice.chance(deps.settings.floor.multiParcelRate) ? 2 : 1);
  const numbers = options.trackingNumbers ?? Array.from({ length: parcels }, () => trackingNumber(deps, service.trackingPrefix));
  for (const item of order.items) {
    const product = deps.state.products.get(item.productId)!;
    release(deps, item.productId, item.allocated);
    adjustStock(deps, product, -item.quantity, 'Order Despatched', { orderId: order.id });
    item.allocated = 0;
  }
  order.numberOfParcels = parcels;
  order.trackingNumber = numbers.join(',');
  order.trackingUrl = service.trackingUrl.replace('{n}', encodeURIComponent(numbers[0]!));
  order.despatchDate = deps.state.stamp();
  order.dueAt = null;
  setStatus(deps, order, 'DESPATCHED');
  return order;
}

export function deliverOrder(deps: EmulatorDeps, order: OrderRecord): void {
  if (statusOf(deps, order) !== 'DESPATCHED') throw new MintsoftHttpError(400, `Order ${order.id} is not despatched`);
  order.lastUpdated = deps.state.stamp();
  fireOrderCallback(deps, order, 'delivered');
}

/** Moves the given quantities to a new part that despatches separately ("Part 2 of 2"). */
export function splitOrder(deps: EmulatorDeps, order: OrderRecord, lines: { sku: string; quantity: number }[]): OrderRecord {
  const status = statusOf(deps, order);
  if (['DESPATCHED', 'INVOICED', 'INVOICEDFAILED', 'CANCELLED'].includes(status))
    throw new MintsoftHttpError(400, `Order ${order.id} cannot be split at status ${status}`);
  const moved = lines.map(({ sku, quantity }) => {
    const item = order.items.find((candidate) => candidate.sku.toUpperCase() === sku.toUpperCase());
    if (!item || quantity <= 0 || quantity > item.quantity)
      throw new MintsoftHttpError(400, `cannot split ${quantity} of ${sku} from order ${order.id}`);
    return { item, quantity };
  });
  const left = order.items.reduce((sum, item) => sum + item.quantity, 0) - moved.reduce((sum, m) => sum + m.quantity, 0);
  if (left <= 0) throw new MintsoftHttpError(400, 'a split must leave something on the original order');
  const stamp = deps.state.stamp();
  const part: OrderRecord = {
    ...order,
    id: deps.state.nextId('order'),
    items: [],
    createdAt: deps.settings.clock.now(),
    lastUpdated: stamp,
    returnChecked: false,
  };
  for (const { item, quantity } of moved) {
    const allocated = Math.min(quantity, item.allocated);
    part.items.push({ ...item, id: deps.state.nextId('item'), quantity, allocated, onBackOrder: quantity - allocated });
    item.quantity -= quantity;
    item.allocated -= allocated;
    item.onBackOrder = item.quantity - item.allocated;
  }
  order.items = order.items.filter((item) => item.quantity > 0);
  part.statusId = statusIdOf(deps, part.items.every((item) => item.onBackOrder === 0) ? 'NEW' : 'ONBACKORDER');
  part.dueAt = statusOf(deps, part) === 'NEW' ? deps.settings.clock.now() + deps.settings.floor.pickAfterMs : null;
  deps.state.orders.set(part.id, part);
  const registration = deps.state.connectActions.get(order.id);
  if (registration) deps.state.connectActions.set(part.id, registration);
  const siblings = deps.state.partsOf(order.orderNumber).sort((a, b) => a.id - b.id);
  siblings.forEach((sibling, index) => {
    sibling.part = index + 1;
    sibling.numberOfParts = siblings.length;
    sibling.lastUpdated = deps.state.stamp();
  });
  const split = { id: deps.state.nextId('split'), orderId: order.id, splitOrderId: part.id, lastUpdated: deps.state.stamp() };
  deps.state.splits.push(split);
  fireSplitCallback(deps, split);
  return part;
}
