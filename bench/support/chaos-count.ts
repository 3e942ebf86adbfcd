/**
 * What the chaos run counts at the emulators once the hub is quiet: per flow, the pieces of
 * work the source system shows (expected), those the target system shows once (done), those
 * the hub holds in its ledger instead (held: an open exception, a deliberate skip, or waiting
 * on a held parent), the extra copies in the target (duplicates) and the rest (lost: work
 * the source shows, the target lacks and the ledger does not account for).
 *
 * The input is plain data taken from the emulators and the ledger (`ChaosSnapshot`), so the
 * counting can be checked on a hand-made state.
 */

export interface ChaosSnapshot {
  shopify: {
    orders: {
      id: string;
      name: string;
      cancelled: boolean;
      /** Tags the chaos workload added after checkout (an `orders/updated` edit). */
      edited: boolean;
      lines: { sku: string | null; quantity: number }[];
      refunds: { id: string; legacyId: string; lines: { sku: string | null; quantity: number; restockType: string }[] }[];
      fulfillments: { status: string; lines: { sku: string | null; quantity: number }[] }[];
    }[];
    payouts: { id: string; legacyId: string; status: string }[];
  };
  bc: {
    salesOrders: { number: string; externalDocumentNumber: string; lines: { sku: string; quantity: number }[] }[];
    salesInvoices: { number: string; externalDocumentNumber: string }[];
    salesShipments: { number: string; orderNumber: string; externalDocumentNumber: string; lines: { sku: string; quantity: number }[] }[];
    salesCreditMemos: { number: string; externalDocumentNumber: string }[];
    /** Item ledger entries and item journal lines not yet posted, by document number. */
    itemEntries: { documentNumber: string; posted: boolean }[];
    /** G/L entries on the payout bank's G/L account, and general journal lines not yet posted. */
    bankEntries: { documentNumber: string }[];
    unpostedJournalLines: { documentNumber: string }[];
    /** Customers made during the run (not the seed's). */
    newCustomers: { number: string; email: string }[];
  };
  warehouse: {
    orders: { orderNumber: string; despatched: boolean; items: { sku: string; quantity: number }[] }[];
    returns: { id: string; confirmed: boolean }[];
    /** Stock adjustments and counts the hub books in BC (other movements BC books itself). */
    movements: { id: string }[];
  };
  /** Each record's state and how many open exceptions it has (a posted order may have one: a change BC could not take). */
  ledger: { flow: string; sourceId: string; sourceRef: string | null; state: string; openExceptions?: number }[];
}

export interface FlowCount {
  flow: string;
  expected: number;
  done: number;
  held: number;
  duplicates: number;
  lost: number;
  /** A few of the duplicated or lost ones, for the report. */
  examples: string[];
}

export interface ChaosPrefixes {
  orders: string;
  refunds: string;
  returns: string;
  movements: string;
  payouts: string;
}

export const sandboxPrefixes: ChaosPrefixes = { orders: 'SHOP-', refunds: 'SHOPR-', returns: 'RET-', movements: 'WMS-', payouts: 'SP' };

/** Ledger states that account for work not done in the target: the operator sees it. */
const heldStates = new Set(['exception', 'skipped', 'waiting']);

function tally<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function unitsBySku(lines: { sku: string | null; quantity: number }[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of lines) if (line.sku) units.set(line.sku.toUpperCase(), (units.get(line.sku.toUpperCase()) ?? 0) + line.quantity);
  return units;
}

class Counter {
  readonly row: FlowCount;
  constructor(flow: string) {
    this.row = { flow, expected: 0, done: 0, held: 0, duplicates: 0, lost: 0, examples: [] };
  }
  /** One piece of work: `copies` found in the target; `held` when the ledger accounts for a miss. */
  add(label: string, copies: number, held: boolean, extra = 0, ledgerState?: string): void {
    this.row.expected += 1;
    const duplicates = Math.max(0, copies - 1) + extra;
    this.row.duplicates += duplicates;
    if (duplicates > 0) this.example(`${label}: ${duplicates} duplicate(s)`);
    if (copies > 0) this.row.done += 1;
    else if (held) this.row.held += 1;
    else {
      this.row.lost += 1;
      this.example(`${label}: lost (ledger: ${ledgerState ?? 'no record'})`);
    }
  }
  example(text: string): void {
    if (this.row.examples.length < 8) this.row.examples.push(text);
  }
}

export function countChaos(snapshot: ChaosSnapshot, prefixes: ChaosPrefixes = sandboxPrefixes): FlowCount[] {
  const { shopify, bc, warehouse } = snapshot;
  const ledger = new Map(snapshot.ledger.map((record) => [`${record.flow}|${record.sourceId}`, record]));
  // Held: the ledger accounts for the miss — the record waits, was skipped, or has an open
  // exception (an order posted before an edit BC could no longer take names the edit in one).
  const isHeld = (flow: string, sourceId: string) => {
    const record = ledger.get(`${flow}|${sourceId}`);
    return heldStates.has(record?.state ?? '') || (record?.openExceptions ?? 0) > 0;
  };
  const stateOf = (flow: string, sourceId: string) => ledger.get(`${flow}|${sourceId}`)?.state;

  const openOrders = tally(bc.salesOrders, (order) => order.externalDocumentNumber.toUpperCase());
  const invoices = tally(bc.salesInvoices, (invoice) => invoice.externalDocumentNumber.toUpperCase());
  const referenceOf = (order: { name: string }) => `${prefixes.orders}${order.name.replace(/^#/, '')}`.toUpperCase().slice(0, 35);

  // Orders: one BC sales order (or, once shipped and invoiced, one invoice) per Shopify order.
  const orders = new Counter('orders');
  for (const order of shopify.orders) {
    const reference = referenceOf(order);
    const copies = (openOrders.get(reference) ?? 0) + (invoices.get(reference) ?? 0);
    if (order.cancelled) {
      // Cancelled: no BC order is the right outcome once the ledger says so.
      const state = stateOf('orders', order.id);
      const settled = state === 'posted' || state === 'skipped';
      orders.add(`Shopify order ${order.name} (cancelled)`, settled ? Math.max(1, copies) : copies, state === 'exception', 0, state);
    } else orders.add(`Shopify order ${order.name}`, copies, isHeld('orders', order.id), 0, stateOf('orders', order.id));
  }

  // Edits: an order changed after checkout (tags; units cancelled by a CANCEL refund) has one BC
  // order, and while it is still open its item quantities are Shopify's less the cancelled units.
  const edits = new Counter('edits');
  const openByReference = new Map(bc.salesOrders.map((order) => [order.externalDocumentNumber.toUpperCase(), order]));
  for (const order of shopify.orders) {
    const cancelledUnits = order.refunds.flatMap((refund) => refund.lines.filter((line) => line.restockType === 'CANCEL'));
    if (order.cancelled || (!order.edited && cancelledUnits.length === 0)) continue;
    const reference = referenceOf(order);
    const copies = (openOrders.get(reference) ?? 0) + (invoices.get(reference) ?? 0);
    const open = openByReference.get(reference);
    let matches = copies > 0;
    if (open && cancelledUnits.length > 0) {
      const wanted = unitsBySku(order.lines);
      for (const [sku, quantity] of unitsBySku(cancelledUnits)) wanted.set(sku, (wanted.get(sku) ?? 0) - quantity);
      const inBc = unitsBySku(open.lines);
      matches = [...wanted].every(([sku, quantity]) => quantity <= 0 || inBc.get(sku) === quantity || !inBc.has(sku));
    }
    const held = isHeld('orders', order.id);
    if (copies > 0 && !matches && !held) edits.example(`Shopify order ${order.name}: BC order ${open?.number} does not show the edit`);
    edits.add(`edited Shopify order ${order.name}`, matches ? copies : 0, held, 0, stateOf('orders', order.id));
  }

  // Refunds: one credit memo per Shopify refund.
  const memos = tally(bc.salesCreditMemos, (memo) => memo.externalDocumentNumber.toUpperCase());
  const refunds = new Counter('refunds');
  for (const order of shopify.orders)
    for (const refund of order.refunds) {
      const reference = `${prefixes.refunds}${refund.legacyId}`.toUpperCase().slice(0, 35);
      refunds.add(
        `refund ${refund.legacyId} of ${order.name}`,
        memos.get(reference) ?? 0,
        isHeld('refunds', refund.id),
        0,
        stateOf('refunds', refund.id),
      );
    }

  // Shipments, per warehouse order: the units despatched are shipped in BC and fulfilled in
  // Shopify, no more and no less.
  const shipments = new Counter('shipments');
  const shopifyByReference = new Map(shopify.orders.map((order) => [referenceOf(order), order]));
  const referenceByBcNumber = new Map<string, string>(
    [...bc.salesOrders, ...bc.salesShipments.map((shipment) => ({ ...shipment, number: shipment.orderNumber }))].map((order) => [
      order.number,
      order.externalDocumentNumber.toUpperCase(),
    ]),
  );
  const bcShipmentsByOrder = new Map<string, ChaosSnapshot['bc']['salesShipments']>();
  for (const shipment of bc.salesShipments)
    bcShipmentsByOrder.set(shipment.orderNumber, [...(bcShipmentsByOrder.get(shipment.orderNumber) ?? []), shipment]);
  const heldShipments = new Set(
    snapshot.ledger.filter((record) => record.flow === 'shipments' && heldStates.has(record.state)).map((record) => record.sourceRef),
  );
  const despatched = new Map<string, ChaosSnapshot['warehouse']['orders']>();
  for (const part of warehouse.orders.filter((candidate) => candidate.despatched))
    despatched.set(part.orderNumber, [...(despatched.get(part.orderNumber) ?? []), part]);
  for (const [orderNumber, parts] of despatched) {
    const shippedAtWarehouse = unitsBySku(parts.flatMap((part) => part.items));
    const bcShipments = bcShipmentsByOrder.get(orderNumber) ?? [];
    const shippedInBc = unitsBySku(bcShipments.flatMap((shipment) => shipment.lines));
    const reference = referenceByBcNumber.get(orderNumber);
    const channel = reference ? shopifyByReference.get(reference) : undefined;
    const fulfilled = unitsBySku(
      (channel?.fulfillments ?? []).filter((fulfilment) => fulfilment.status === 'SUCCESS').flatMap((fulfilment) => fulfilment.lines),
    );
    let missing = false;
    let extra = 0;
    for (const [sku, units] of shippedAtWarehouse) {
      const inBc = shippedInBc.get(sku) ?? 0;
      const inShopify = channel ? (fulfilled.get(sku) ?? 0) : units;
      if (inBc < units || inShopify < units) missing = true;
      if (inBc > units || inShopify > units) extra += 1;
    }
    const states = snapshot.ledger
      .filter((record) => record.flow === 'shipments' && record.sourceRef === orderNumber.toUpperCase())
      .map((record) => `shipment ${record.sourceId} ${record.state}`);
    shipments.add(
      `warehouse order ${orderNumber}`,
      missing ? 0 : 1,
      heldShipments.has(orderNumber.toUpperCase()),
      extra,
      states.join(', ') || undefined,
    );
  }

  // Returns: one draft credit memo per inspected return.
  const returns = new Counter('returns');
  for (const ret of warehouse.returns.filter((candidate) => candidate.confirmed)) {
    const reference = `${prefixes.returns}${ret.id}`.toUpperCase();
    returns.add(`return ${ret.id}`, memos.get(reference) ?? 0, isHeld('returns', ret.id), 0, stateOf('returns', ret.id));
  }

  // Stock movements: one item journal line (posted: one item ledger entry) per adjustment.
  const itemEntries = tally(bc.itemEntries, (entry) => entry.documentNumber.toUpperCase());
  const movements = new Counter('stock-movements');
  for (const movement of warehouse.movements) {
    const reference = `${prefixes.movements}${movement.id}`.toUpperCase();
    movements.add(
      `warehouse movement ${movement.id}`,
      itemEntries.get(reference) ?? 0,
      isHeld('stock-movements', movement.id),
      0,
      stateOf('stock-movements', movement.id),
    );
  }

  // Payouts: one bank line per paid payout's journal document, posted once.
  const bankEntries = tally(bc.bankEntries, (entry) => entry.documentNumber.toUpperCase());
  const unposted = tally(bc.unpostedJournalLines, (line) => line.documentNumber.toUpperCase());
  const payouts = new Counter('payouts');
  for (const payout of shopify.payouts.filter((candidate) => candidate.status === 'PAID')) {
    const reference = `${prefixes.payouts}${payout.legacyId}`.toUpperCase();
    const posted = bankEntries.get(reference) ?? 0;
    // Lines of a document already posted, left in the batch, would post it a second time.
    payouts.add(
      `payout ${payout.legacyId}`,
      posted,
      isHeld('payouts', payout.id),
      posted > 0 && unposted.has(reference) ? 1 : 0,
      stateOf('payouts', payout.id),
    );
  }

  // Customers: every customer made for an order is recorded and flagged for review (a posted
  // `customers` record), and no e-mail gets two.
  const customers = new Counter('customers');
  const byEmail = tally(bc.newCustomers, (customer) => customer.email.toLowerCase());
  for (const [email, copies] of byEmail) {
    const state = snapshot.ledger.find((record) => record.flow === 'customers' && record.sourceId.toLowerCase() === email)?.state;
    customers.add(`BC customer for ${email}`, state === 'posted' ? copies : 0, state === 'exception', 0, state);
    if (state !== 'posted' && copies > 1) customers.row.duplicates += copies - 1;
  }

  return [orders.row, edits.row, refunds.row, shipments.row, returns.row, movements.row, payouts.row, customers.row];
}

export function formatChaosTable(rows: FlowCount[]): string {
  const header = ['flow', 'expected', 'done', 'held', 'duplicates', 'lost'];
  const body = rows.map((row) => [row.flow, row.expected, row.done, row.held, row.duplicates, row.lost].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width, column) => (column === 0 ? '-' : '-').repeat(width + 1) + (column === 0 ? '-' : ':')).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}
