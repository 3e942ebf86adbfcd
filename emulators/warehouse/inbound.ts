/**
 * Goods coming in: ASNs booked in with over- and under-receipts, and returns that arrive,
 * are inspected with a condition grade and go back to stock or to quarantine. Grades are
 * A (as new, back to stock), B (opened, back to stock) and C (damaged, quarantined); in
 * Mintsoft fashion the grade travels as the return reason.
 */
import type { NewAsnBody, ToolkitResult } from './mintsoft-models.ts';
import { MintsoftHttpError, type EmulatorDeps } from './deps.ts';
import { adjustStock, productOrThrow, quarantine } from './inventory.ts';
import { allocateBackorders } from './orders.ts';
import { reasonForGrade, type Grade } from './reference-data.ts';
import type { AsnRecord, ReturnRecord } from './state.ts';
import { asnToWire } from './wire.ts';

export function createAsn(deps: EmulatorDeps, body: NewAsnBody): ToolkitResult {
  const { state, settings } = deps;
  if (body.WarehouseId !== settings.warehouseId) return { Success: false, Message: `Warehouse ${body.WarehouseId} not found` };
  if ([...state.asns.values()].some((asn) => asn.poReference.toUpperCase() === body.POReference.toUpperCase())) {
    return { Success: false, Message: `An ASN with POReference '${body.POReference}' already exists` };
  }
  const items = [];
  for (const line of body.Items) {
    const product = state.productBySku(line.SKU);
    if (!product) return { Success: false, Message: `Product with SKU '${line.SKU}' not found` };
    items.push({
      id: state.nextId('item'),
      productId: product.id,
      sku: product.sku,
      expected: line.Quantity,
      received: 0,
      booked: 0,
      sourceLineId: line.SourceLineId ?? null,
    });
  }
  const now = state.stamp();
  const asn: AsnRecord = {
    id: state.nextId('asn'),
    poReference: body.POReference,
    supplier: body.Supplier,
    estimatedDelivery: body.EstimatedDelivery,
    comments: body.Comments ?? '',
    statusId: 1,
    bookedInDate: null,
    items,
    createdAt: now,
    lastUpdated: now,
    dueAt: settings.clock.now() + settings.floor.asnArriveAfterMs,
    connectAction: null,
  };
  state.asns.set(asn.id, asn);
  return { ID: asn.id, Success: true, Message: 'ASN created' };
}

export function markAsnDelivered(deps: EmulatorDeps, asn: AsnRecord): void {
  asn.statusId = 9;
  asn.lastUpdated = deps.state.stamp();
  asn.dueAt = deps.settings.clock.now() + deps.settings.floor.asnBookInAfterMs;
}

/**
 * Books quantities in (added to what was booked before). `complete` closes the ASN even if
 * short (BookedIn-Partial); otherwise it is BookedIn once every line reached its expected
 * quantity, else Part Booked. Over-receipts are booked as counted.
 */
export function bookInAsn(deps: EmulatorDeps, asn: AsnRecord, lines: { sku: string; quantity: number }[], complete = false): AsnRecord {
  if ([4, 6, 8].includes(asn.statusId)) throw new MintsoftHttpError(400, `ASN ${asn.id} is already booked in`);
  for (const { sku, quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity < 0) throw new MintsoftHttpError(400, `cannot book in ${quantity} of ${sku}`);
    const product = productOrThrow(deps, sku);
    let item = asn.items.find((candidate) => candidate.productId === product.id);
    if (!item) {
      // Goods that were not on the ASN: booked as a line with nothing expected.
      item = {
        id: deps.state.nextId('item'),
        productId: product.id,
        sku: product.sku,
        expected: 0,
        received: 0,
        booked: 0,
        sourceLineId: null,
      };
      asn.items.push(item);
    }
    if (quantity === 0) continue;
    item.received += quantity;
    item.booked += quantity;
    adjustStock(deps, product, quantity, 'ASN Booked In');
  }
  const allIn = asn.items.every((item) => item.booked >= item.expected);
  asn.statusId = allIn ? 4 : complete ? 8 : 7;
  if (allIn || complete) asn.bookedInDate = deps.state.stamp();
  asn.dueAt = null;
  asn.lastUpdated = deps.state.stamp();
  allocateBackorders(deps);
  const callback = asn.connectAction;
  const finished = asn.statusId !== 7;
  if (callback && (finished || deps.settings.asnCallbackOn === 'booked_or_partial')) {
    deps.callbacks.send('asn_booked_in', callback.ExtraCode1, callback.ExtraCode4, asnToWire(deps, asn), asn.id);
  }
  return asn;
}

export interface NewReturn {
  orderId?: number;
  orderNumber?: string;
  reference?: string | null;
  lines: { sku: string; quantity: number; grade?: Grade }[];
  /** Inspect at once with the lines' grades (every line needs one). */
  inspect?: boolean;
}

export function receiveReturn(deps: EmulatorDeps, input: NewReturn): ReturnRecord {
  const order =
    input.orderId !== undefined
      ? deps.state.orders.get(input.orderId)
      : input.orderNumber !== undefined
        ? deps.state.partsOf(input.orderNumber)[0]
        : undefined;
  if ((input.orderId !== undefined || input.orderNumber !== undefined) && !order) throw new MintsoftHttpError(404, 'Order not found');
  if (input.lines.length === 0) throw new MintsoftHttpError(400, 'a return needs at least one line');
  const now = deps.state.stamp();
  const ret: ReturnRecord = {
    id: deps.state.nextId('return'),
    orderId: order?.id ?? null,
    orderNumber: order?.orderNumber ?? null,
    reference: input.reference ?? null,
    confirmed: false,
    items: input.lines.map((line) => {
      const product = productOrThrow(deps, line.sku);
      if (!Number.isInteger(line.quantity) || line.quantity <= 0)
        throw new MintsoftHttpError(400, `cannot return ${line.quantity} of ${line.sku}`);
      return {
        id: deps.state.nextId('item'),
        productId: product.id,
        sku: product.sku,
        quantity: line.quantity,
        reasonId: null,
        returnedToStock: false,
      };
    }),
    createdAt: now,
    lastUpdated: now,
    pendingGrades: null,
    dueAt: null,
  };
  deps.state.returns.set(ret.id, ret);
  if (input.inspect) {
    const grades = input.lines.map((line) => line.grade);
    if (grades.some((grade) => grade === undefined)) throw new MintsoftHttpError(400, 'every line needs a grade to inspect');
    inspectReturn(deps, ret, grades as Grade[]);
  }
  return ret;
}

/** Grades each line (in order), restocks A and B, quarantines C, and confirms the return. */
export function inspectReturn(deps: EmulatorDeps, ret: ReturnRecord, grades: Grade[]): ReturnRecord {
  if (ret.confirmed) throw new MintsoftHttpError(400, `return ${ret.id} is already inspected`);
  if (grades.length !== ret.items.length)
    throw new MintsoftHttpError(400, `return ${ret.id} has ${ret.items.length} lines; got ${grades.length} grades`);
  ret.items.forEach((item, index) => {
    const reason = reasonForGrade(grades[index]!);
    item.reasonId = reason.ID;
    const product = deps.state.products.get(item.productId)!;
    if (reason.StockAction === 'Return To Stock') {
      adjustStock(deps, product, item.quantity, 'Return');
      item.returnedToStock = true;
    } else {
      quarantine(deps, item.productId, item.quantity);
    }
  });
  ret.confirmed = true;
  ret.pendingGrades = null;
  ret.dueAt = null;
  ret.lastUpdated = deps.state.stamp();
  allocateBackorders(deps);
  return ret;
}
