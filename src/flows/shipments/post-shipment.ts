/**
 * The shipments step: one warehouse shipment becomes, exactly once each,
 *   1. a BC shipment of exactly the lines and units the warehouse shipped (with carrier and tracking),
 *   2. an invoice, as configured (none, when the order has shipped completely, or per shipment),
 *   3. a Shopify fulfilment of the same units with tracking — the customer is told only now.
 *
 * Each step writes its marker (`shipment.step`) to the record before calling out, and its
 * result after. A record found with a marker but no result is in doubt: the step first
 * looks for what an earlier attempt left (a BC shipment or invoice no other shipment
 * claims; Shopify units fulfilled beyond what the hub booked) and adopts it. A repeated or
 * late confirmation of a finished shipment changes nothing.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { WarehouseShipment } from '../../core/domain/warehouse.ts';
import { isConnectorError } from '../../core/errors.ts';
import { addLink, findRecord, transitionRecord, type ExceptionInput, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import type { ReleaseSource } from '../release/deps.ts';
import { nonStockItems } from '../shared/non-stock-items.ts';
import { holdRecord, listRecordsByRef } from '../shared/warehouse-records.ts';
import { SHIPMENTS_FLOW, shipmentSteps, type ShipmentJob, type ShipmentStep, type ShipmentsFlowDeps } from './deps.ts';
import { shipmentsException, type ShipmentsExceptionCode } from './exceptions.ts';
import {
  alreadyCovered,
  bcShipmentMatches,
  bcTrackingNumber,
  fulfilledBySku,
  hasUninvoiced,
  invoiceLinePatches,
  isFullyShipped,
  planBcShipment,
  planFulfilments,
  trackingOf,
  unitsBySku,
} from './plan.ts';

const ACTOR = 'shipments-flow';

export type ShipmentOutcome = 'posted' | 'orphan' | 'exception';

/** Posts every unfinished shipment of one warehouse order, oldest despatch first. */
export async function postShipments(deps: ShipmentsFlowDeps, job: ShipmentJob): Promise<Map<number, ShipmentOutcome>> {
  const release = await findRecord(deps.db, { flow: 'release', sourceSystem: 'bc', sourceId: job.reference });
  const pending = (await listRecordsByRef(deps.db, SHIPMENTS_FLOW, job.reference))
    .filter((record) => record.state !== 'posted' && record.state !== 'skipped')
    .sort((a, b) => despatched(a).localeCompare(despatched(b)) || a.id - b.id);
  const outcomes = new Map<number, ShipmentOutcome>();
  for (const record of pending) outcomes.set(record.id, await postShipment(deps, record, release));
  return outcomes;
}

const despatched = (record: LedgerRecord) => (record.payload as WarehouseShipment).despatchedAt;
type Step = LedgerRecord | 'held';

async function postShipment(deps: ShipmentsFlowDeps, record: LedgerRecord, release: LedgerRecord | undefined): Promise<ShipmentOutcome> {
  const shipment = record.payload as WarehouseShipment;
  if (!release) {
    await holdRecord(
      deps.db,
      record,
      [
        shipmentsException(
          'orphan_shipment',
          `The warehouse confirmed shipment ${shipment.id} (part ${shipment.partNumber} of ${shipment.partCount}, tracking ${shipment.trackingNumbers.join(', ') || 'none'}) for order reference ${shipment.orderReference}, which the hub never sent to the warehouse.`,
          { shipment },
        ),
      ],
      ACTOR,
    );
    return 'orphan';
  }
  const source = release.payload as ReleaseSource;
  let step: Step = record;
  if (!step.targetIds['bc.shipment.id']) step = await shipInBc(deps, step, source, shipment);
  if (step !== 'held' && !step.targetIds['bc.invoice']) step = await invoiceInBc(deps, step, source);
  if (step !== 'held' && !step.targetIds['shopify.fulfillment']) step = await fulfilInShopify(deps, step, source, shipment);
  if (step === 'held') return 'exception';
  await finish(deps, step, release, shipment);
  return 'posted';
}

/** Records the step's result (or its marker) and keeps the record `posting`. */
function advance(
  deps: ShipmentsFlowDeps,
  record: LedgerRecord,
  targetIds: Record<string, string>,
  reason: string,
  detail: Record<string, unknown> = {},
): Promise<LedgerRecord> {
  return transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason,
    targetIds,
    detail,
    countAttempt: record.state !== 'posting',
  });
}

function mark(
  deps: ShipmentsFlowDeps,
  record: LedgerRecord,
  step: ShipmentStep,
  extra: Record<string, string> = {},
): Promise<LedgerRecord> {
  return advance(deps, record, { 'shipment.step': step, ...extra }, `starting_${step}`);
}

async function hold(
  deps: ShipmentsFlowDeps,
  record: LedgerRecord,
  code: ShipmentsExceptionCode,
  message: string,
  evidence: unknown,
): Promise<'held'> {
  const exception: ExceptionInput = shipmentsException(code, message, evidence);
  await holdRecord(deps.db, record, [exception], ACTOR);
  return 'held';
}

async function siblingsOf(deps: ShipmentsFlowDeps, record: LedgerRecord): Promise<LedgerRecord[]> {
  return (await listRecordsByRef(deps.db, SHIPMENTS_FLOW, record.sourceRef ?? '')).filter((other) => other.id !== record.id);
}

function describe(shipment: WarehouseShipment): string {
  return `shipment ${shipment.id} of ${shipment.orderReference}${shipment.partCount > 1 ? ` (part ${shipment.partNumber} of ${shipment.partCount})` : ''}`;
}

// --- 1. BC shipment ---------------------------------------------------------------

async function shipInBc(deps: ShipmentsFlowDeps, record: LedgerRecord, source: ReleaseSource, shipment: WarehouseShipment): Promise<Step> {
  const siblings = await siblingsOf(deps, record);
  if (record.targetIds['shipment.step'] === shipmentSteps.bcShipment) {
    const adopted = await adoptBcShipment(deps, record, source, shipment, siblings);
    if (adopted) return adopted;
  }
  const order = await deps.erp.getSalesOrder(source.salesOrderId, { expandLines: true });
  if (!order)
    return hold(
      deps,
      record,
      'shipment_mismatch',
      `Business Central order ${source.number} no longer exists, so ${describe(shipment)} cannot be posted against it.`,
      { shipment },
    );
  const plan = planBcShipment(shipment.lines, order.lines ?? [], {
    nonStockItems: await nonStockItems(deps.erp, order),
    firstShipment: !siblings.some((other) => other.targetIds['bc.shipment.id']),
  });
  if (plan.issues.length > 0) {
    return hold(
      deps,
      record,
      'shipment_mismatch',
      `The warehouse's ${describe(shipment)} does not fit BC order ${order.number}: ${plan.issues.map((issue) => issue.message).join('; ')}.`,
      { shipment, issues: plan.issues },
    );
  }
  const marked = await mark(deps, record, shipmentSteps.bcShipment, { 'bc.salesOrder.number': order.number });
  const agent = shipment.carrier
    ? Object.entries(deps.config.shippingAgents).find(([carrier]) => carrier.toLowerCase() === shipment.carrier!.toLowerCase())?.[1]
    : undefined;
  const tracking = bcTrackingNumber(shipment.trackingNumbers);
  try {
    const result = await deps.erp.shipSalesOrder(order.id, {
      lines: plan.lines,
      ...(agent ? { shippingAgentCode: agent } : {}),
      ...(tracking ? { trackingNumber: tracking } : {}),
    });
    const posted = result.shipments[0];
    if (!posted) throw new Error(`Business Central posted no shipment for order ${order.number}`);
    return advance(deps, marked, { 'bc.shipment.id': posted.id, 'bc.shipment.number': posted.number }, 'bc_shipment_posted', {
      lines: plan.lines.length,
      shippingAgentCode: agent ?? null,
    });
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown) {
      const adopted = await adoptBcShipment(deps, marked, source, shipment, siblings);
      if (adopted) return adopted;
    }
    if (isConnectorError(error) && !error.retryable)
      return hold(
        deps,
        marked,
        'bc_shipment_refused',
        `Business Central refused the shipment of order ${order.number} for ${describe(shipment)}: ${error.message}`,
        { shipment, plan: plan.lines, error: error.toJSON() },
      );
    throw error;
  }
}

/** A posted BC shipment with exactly these units that no other warehouse shipment claims: an earlier attempt's. */
async function adoptBcShipment(
  deps: ShipmentsFlowDeps,
  record: LedgerRecord,
  source: ReleaseSource,
  shipment: WarehouseShipment,
  siblings: LedgerRecord[],
): Promise<LedgerRecord | undefined> {
  const claimed = new Set(siblings.map((other) => other.targetIds['bc.shipment.id']).filter(Boolean));
  const found = (await deps.erp.findSalesShipmentsByOrderNumber(source.number)).find(
    (candidate) => !claimed.has(candidate.id) && bcShipmentMatches(candidate, shipment.lines),
  );
  if (!found) return undefined;
  deps.logger.info({ shipment: shipment.id, bcShipment: found.number }, 'adopting the BC shipment an earlier attempt posted');
  return advance(deps, record, { 'bc.shipment.id': found.id, 'bc.shipment.number': found.number }, 'bc_shipment_adopted');
}

// --- 2. Invoice -------------------------------------------------------------------

async function invoiceInBc(deps: ShipmentsFlowDeps, record: LedgerRecord, source: ReleaseSource): Promise<Step> {
  if (deps.config.invoice === 'none') return advance(deps, record, { 'bc.invoice': 'none' }, 'invoice_not_configured');
  const siblings = await siblingsOf(deps, record);
  const claimed = new Set(siblings.map((other) => other.targetIds['bc.invoice.id']).filter(Boolean));
  const unclaimedInvoice = async () =>
    (await deps.erp.findSalesInvoicesByOrderNumber(source.number))
      .filter((invoice) => !claimed.has(invoice.id))
      .sort((a, b) => b.number.localeCompare(a.number))[0];
  if (record.targetIds['shipment.step'] === shipmentSteps.invoice) {
    const earlier = await unclaimedInvoice();
    if (earlier) return advance(deps, record, { 'bc.invoice': earlier.number, 'bc.invoice.id': earlier.id }, 'invoice_adopted');
  }
  const order = await deps.erp.getSalesOrder(source.salesOrderId, { expandLines: true });
  if (!order) {
    // BC deletes an order once fully shipped and invoiced: this shipment is on an invoice already.
    const last = (await deps.erp.findSalesInvoicesByOrderNumber(source.number)).sort((a, b) => b.number.localeCompare(a.number))[0];
    return advance(deps, record, { 'bc.invoice': last ? `covered-by ${last.number}` : 'covered' }, 'invoice_already_posted');
  }
  const lines = order.lines ?? [];
  if (deps.config.invoice === 'on-full-shipment' && !isFullyShipped(lines))
    return advance(deps, record, { 'bc.invoice': 'pending-full-shipment' }, 'invoice_waits_for_full_shipment');
  if (!hasUninvoiced(lines)) return advance(deps, record, { 'bc.invoice': 'nothing-to-invoice' }, 'nothing_to_invoice');
  const marked = await mark(deps, record, shipmentSteps.invoice);
  try {
    for (const { lineId, etag, patch } of invoiceLinePatches(lines)) await deps.erp.updateSalesOrderLine(order.id, lineId, etag, patch);
    const result = await deps.erp.shipAndInvoice(order.id);
    const invoice = result.invoices[0];
    if (!invoice) throw new Error(`Business Central posted no invoice for order ${order.number}`);
    return advance(deps, marked, { 'bc.invoice': invoice.number, 'bc.invoice.id': invoice.id }, 'invoice_posted', {
      total: invoice.totalAmountIncludingTax,
    });
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown) {
      const earlier = await unclaimedInvoice();
      if (earlier) return advance(deps, marked, { 'bc.invoice': earlier.number, 'bc.invoice.id': earlier.id }, 'invoice_adopted');
    }
    if (isConnectorError(error) && !error.retryable)
      return hold(deps, marked, 'invoice_refused', `Business Central refused to invoice order ${order.number}: ${error.message}`, {
        error: error.toJSON(),
      });
    throw error;
  }
}

// --- 3. Shopify fulfilment --------------------------------------------------------

async function fulfilInShopify(
  deps: ShipmentsFlowDeps,
  record: LedgerRecord,
  source: ReleaseSource,
  shipment: WarehouseShipment,
): Promise<Step> {
  if (!source.channelOrderId || !deps.channel) return advance(deps, record, { 'shopify.fulfillment': 'none' }, 'no_channel_order');
  const order = await deps.channel.getOrder(source.channelOrderId);
  if (!order)
    return hold(
      deps,
      record,
      'fulfilment_mismatch',
      `Shopify order ${source.channelOrderId} could not be read, so ${describe(shipment)} is not fulfilled there.`,
      { shipment },
    );
  if (record.targetIds['shipment.step'] === shipmentSteps.fulfilment) {
    const done = (await siblingsOf(deps, record)).filter(
      (other) => other.targetIds['shopify.fulfillment'] && other.targetIds['shopify.fulfillment'] !== 'none',
    );
    if (alreadyCovered(fulfilledBySku(order), unitsBySku(done.map((other) => other.payload as WarehouseShipment)), shipment.lines)) {
      return advance(deps, record, { 'shopify.fulfillment': 'adopted' }, 'fulfilment_adopted');
    }
  }
  const plan = planFulfilments(shipment.lines, order, {
    warehouseLocationIds: await warehouseLocationIds(deps, order),
    tracking: trackingOf(shipment),
    notifyCustomer: deps.config.notifyCustomer,
  });
  if (plan.issues.length > 0) {
    return hold(
      deps,
      record,
      'fulfilment_mismatch',
      `Shopify order ${order.name} cannot be fulfilled for ${describe(shipment)}: ${plan.issues.map((issue) => issue.message).join('; ')}.`,
      { shipment, issues: plan.issues },
    );
  }
  const marked = await mark(deps, record, shipmentSteps.fulfilment, { 'shopify.order.name': order.name });
  const ids: string[] = [];
  try {
    for (const request of plan.requests) ids.push((await deps.channel.createFulfillment(request)).id);
  } catch (error) {
    if (isConnectorError(error) && !error.retryable) {
      return hold(
        deps,
        marked,
        'fulfilment_mismatch',
        `Shopify refused the fulfilment of order ${order.name} for ${describe(shipment)}: ${error.message}`,
        { shipment, error: error.toJSON(), fulfilled: ids },
      );
    }
    throw error;
  }
  return advance(deps, marked, { 'shopify.fulfillment': ids.join(',') }, 'fulfilment_created', {
    notifyCustomer: deps.config.notifyCustomer,
  });
}

/** Shopify locations that are the warehouse, by the orders flow's location mapping (names or ids → BC code). */
async function warehouseLocationIds(deps: ShipmentsFlowDeps, order: ChannelOrder): Promise<Set<string>> {
  const mapped = Object.entries(deps.orders.locations)
    .filter(([, code]) => code.toUpperCase() === deps.locationCode.toUpperCase())
    .map(([key]) => key);
  const ids = new Set(mapped.filter((key) => key.startsWith('gid://')));
  const names = new Set(mapped.filter((key) => !key.startsWith('gid://')));
  if (names.size > 0 && deps.channel?.listLocations) {
    for (const location of await deps.channel.listLocations()) if (names.has(location.name)) ids.add(location.id);
  }
  if (ids.size === 0) for (const fo of order.fulfillmentOrders) if (fo.locationId) ids.add(fo.locationId);
  return ids;
}

// --- Done -------------------------------------------------------------------------

async function finish(deps: ShipmentsFlowDeps, record: LedgerRecord, release: LedgerRecord, shipment: WarehouseShipment): Promise<void> {
  const ids = record.targetIds;
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: 'shipment_posted',
      detail: { bcShipment: ids['bc.shipment.number'], invoice: ids['bc.invoice'], fulfilment: ids['shopify.fulfillment'] },
    });
    const trail = release.linkGroup;
    await addLink(trx, trail, {
      system: 'warehouse',
      kind: 'shipment',
      externalId: `shipment:${shipment.id}`,
      label: shipment.trackingNumbers.join(' ') || shipment.orderReference,
    });
    if (ids['bc.shipment.id'])
      await addLink(trx, trail, {
        system: 'bc',
        kind: 'salesShipment',
        externalId: ids['bc.shipment.id'],
        label: ids['bc.shipment.number'] ?? null,
      });
    if (ids['bc.invoice.id'])
      await addLink(trx, trail, { system: 'bc', kind: 'salesInvoice', externalId: ids['bc.invoice.id'], label: ids['bc.invoice'] ?? null });
    for (const id of (ids['shopify.fulfillment'] ?? '').split(',').filter((value) => value.startsWith('gid://'))) {
      await addLink(trx, trail, {
        system: 'shopify',
        kind: 'fulfillment',
        externalId: id,
        label: shipment.trackingNumbers.join(' ') || null,
      });
    }
  });
  deps.logger.info(
    { shipment: shipment.id, reference: shipment.orderReference, bcShipment: ids['bc.shipment.number'], invoice: ids['bc.invoice'] },
    'shipment posted to BC and Shopify',
  );
}
