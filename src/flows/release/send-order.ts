/**
 * The release step: one released BC order becomes one warehouse order, exactly once.
 *
 * The record moves to `posting` with the immutable reference before the warehouse is asked;
 * the warehouse port looks the reference up before any create and adopts what it finds, so
 * a repeat after a timeout, a crash or a lost answer never makes a second order. Nothing is
 * sent while the order is held, while a SKU is unknown at the warehouse, or without a
 * complete ship-to.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesOrder } from '../../core/domain/erp.ts';
import type { WarehouseOrder, WarehouseOrderState } from '../../core/domain/warehouse.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { Issue } from '../../core/issues.ts';
import {
  addLink,
  findRecord,
  getRecord,
  resolveOpenExceptionsForRecord,
  transitionRecord,
  type ExceptionInput,
  type LedgerRecord,
} from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { confirmedSkus } from '../items/confirmed.ts';
import { bcLocations } from '../orders/reference-data.ts';
import { nonStockItems } from '../shared/non-stock-items.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import { RELEASE_FLOW, type ReleaseFlowDeps, type ReleaseJob, type ReleaseSource } from './deps.ts';
import { releaseException, type ReleaseExceptionCode } from './exceptions.ts';
import { openHoldCodes } from './intake.ts';
import { buildReleaseReference, mapReleaseToWarehouseOrder } from './map.ts';

const ACTOR = 'release-flow';

export type ReleaseOutcome = 'sent' | 'adopted' | 'already-sent' | 'exception' | 'skipped';

/** What the shipments and returns flows read back from a sent order. */
export interface ReleasedSnapshot {
  customerNumber: string;
  currencyCode: string;
  pricesIncludeTax: boolean;
  lines: { sequence: number; sku: string; quantity: string; unitPrice: string; discountAmount: string; locationId: string | null }[];
}

export async function sendOrder(deps: ReleaseFlowDeps, job: ReleaseJob): Promise<ReleaseOutcome> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`${RELEASE_FLOW}: there is no record ${job.recordId}`);
  if (record.state === 'posted') return 'already-sent';
  if (record.state === 'skipped') return 'skipped';
  const source = record.payload as ReleaseSource;
  const ordersRecord = source.channelOrderId
    ? await findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: source.channelOrderId })
    : undefined;

  const holds = ordersRecord ? await openHoldCodes(deps.db, ordersRecord.id) : [];
  if (holds.length > 0 && record.state !== 'posting') {
    await hold(deps, record, [
      releaseException(
        'release_held',
        `Order ${source.number} is released in Business Central but held by the hub (${holds.join(', ')}): it is not sent to the warehouse until that is resolved.`,
        { holds },
      ),
    ]);
    return 'exception';
  }

  const order = await deps.erp.getSalesOrder(source.salesOrderId, { expandLines: true });
  if (!order) return skip(deps, record, 'bc_order_gone', { salesOrderId: source.salesOrderId });
  if (order.status !== 'Open') {
    if (source.releasedBy === 'bc' && record.state !== 'posting') return skip(deps, record, 'reopened_in_bc', { status: order.status });
    if (!deps.erp.releaseSalesOrder) {
      await hold(deps, record, [
        releaseException(
          'cannot_release_in_bc',
          `Order ${order.number} cannot be released in Business Central: the companion extension's release action is missing.`,
        ),
      ]);
      return 'exception';
    }
    await deps.erp.releaseSalesOrder(order.id);
  }

  const reference = buildReleaseReference(order.number, deps.config.referencePrefix);
  const channelOrder = (ordersRecord?.payload as ChannelOrder | undefined) ?? null;
  const plan = mapReleaseToWarehouseOrder({
    reference,
    order,
    header: source.header,
    channelOrder,
    locationCodes: new Map((await bcLocations(deps.erp, deps.clock)).map((location) => [location.id, location.code])),
    warehouseLocations: new Set((deps.config.locationCodes ?? [deps.locationCode]).map((code) => code.toUpperCase())),
    nonStockItems: await nonStockItems(deps.erp, order),
    defaultShippingMethod: deps.config.defaultShippingMethod,
    localCurrency: deps.config.localCurrency,
    orders: deps.orders,
  });
  if (!plan.order && plan.issues.length === 0) return skip(deps, record, 'nothing_for_the_warehouse', { salesOrder: order.number });
  const issues = plan.order ? [...plan.issues, ...(await unknownSkus(deps, plan.order))] : plan.issues;
  if (issues.length > 0 || !plan.order) {
    await hold(deps, record, exceptionsFromIssues(order.number, issues));
    return 'exception';
  }

  const posting = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'sending_to_warehouse',
    externalRef: reference,
    countAttempt: true,
    detail: { lines: plan.order.lines.length },
  });
  try {
    const result = await deps.warehouse.createOrder(plan.order);
    if (result.outcome === 'rejected') {
      await hold(deps, posting, exceptionsFromIssues(order.number, result.issues, true));
      return 'exception';
    }
    await markSent(deps, posting, source, order, plan.order, result.order, result.outcome);
    return result.outcome === 'created' ? 'sent' : 'adopted';
  } catch (error) {
    if (isConnectorError(error) && !error.retryable) {
      await hold(deps, posting, [
        releaseException('warehouse_rejected', `The warehouse refused order ${order.number}: ${error.message}`, {
          error: error.toJSON(),
          order: plan.order,
        }),
      ]);
      return 'exception';
    }
    throw error;
  }
}

/** Holds the record; an order overdue at the warehouse keeps its alert among the exceptions. */
export async function hold(deps: ReleaseFlowDeps, record: LedgerRecord, exceptions: ExceptionInput[]): Promise<void> {
  const overdue = deps.clock.now() - record.createdAt.getTime() > deps.config.ackTimeoutMinutes * 60_000;
  const all = overdue ? [...exceptions, overdueAlert(deps, record)] : exceptions;
  await holdRecord(deps.db, record, all, ACTOR);
}

export function overdueAlert(deps: Pick<ReleaseFlowDeps, 'clock' | 'config'>, record: LedgerRecord): ExceptionInput {
  const minutes = Math.round((deps.clock.now() - record.createdAt.getTime()) / 60_000);
  return releaseException(
    'released_not_at_warehouse',
    `Order ${record.sourceRef ?? record.sourceId} was released ${minutes} minutes ago and is not at the warehouse yet (limit ${deps.config.ackTimeoutMinutes} minutes).`,
    { releasedAt: record.createdAt.toISOString(), state: record.state },
  );
}

/** Reopenings in a day after which a record that would be skipped again becomes an exception instead. */
export const MAX_REOPENINGS_PER_DAY = 3;

/** How often BC released the order again in the last day after the hub had finished with it. */
async function countRecentReopenings(deps: ReleaseFlowDeps, recordId: number): Promise<number> {
  const row = await deps.db
    .selectFrom('lb_audit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity', '=', 'record')
    .where('entity_id', '=', String(recordId))
    .where('action', '=', 'released_again')
    .where('at', '>', new Date(deps.clock.now() - 24 * 3_600_000))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function skip(deps: ReleaseFlowDeps, record: LedgerRecord, reason: string, detail: Record<string, unknown>): Promise<ReleaseOutcome> {
  const reopenings = record.state === 'posting' ? 0 : await countRecentReopenings(deps, record.id);
  if (reopenings >= MAX_REOPENINGS_PER_DAY) {
    // A record that cannot progress is an exception a person sees, never a silent loop.
    const number = record.sourceRef ?? record.sourceId;
    await hold(deps, record, [
      releaseException(
        'release_not_progressing',
        `Order ${number} was released in Business Central ${reopenings} times in the last day, and each time the hub found ${skipWords[reason] ?? reason}; it is not looked at again until the order changes in BC.`,
        { reason, reopenings, ...detail },
      ),
    ]);
    return 'exception';
  }
  if (record.state === 'posting') {
    // It may already be at the warehouse: a person must look, the hub does not guess.
    const message = `Order ${record.sourceRef ?? record.sourceId} changed in Business Central (${reason}) while it was being sent to the warehouse; check the warehouse order ${record.externalRef ?? ''} and cancel it there if it must not ship.`;
    await hold(deps, record, [releaseException('order_not_shippable', message, detail)]);
    return 'exception';
  }
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, { to: 'skipped', actor: ACTOR, reason, detail });
    await resolveOpenExceptionsForRecord(trx, record.id, { by: ACTOR, note: `nothing to send: ${reason}` });
  });
  return 'skipped';
}

const skipWords: Record<string, string> = {
  nothing_for_the_warehouse: 'nothing in it for the warehouse (every line ships from elsewhere or is not stock)',
  reopened_in_bc: 'it reopened in BC',
  bc_order_gone: 'the order gone from BC',
};

/** SKUs the warehouse has not confirmed: checked against the items flow first, then asked of the warehouse. */
async function unknownSkus(deps: ReleaseFlowDeps, order: WarehouseOrder): Promise<Issue[]> {
  const skus = [...new Set(order.lines.map((line) => line.sku))];
  const confirmed = await confirmedSkus(deps.db, skus);
  const issues: Issue[] = [];
  for (const sku of skus.filter((candidate) => !confirmed.has(candidate.toUpperCase()))) {
    if (await deps.warehouse.getProduct(sku)) continue;
    issues.push({ code: 'unknown_sku_at_warehouse', path: `lines.${sku}`, message: `SKU ${sku} is not known at the warehouse yet` });
  }
  return issues;
}

const codeOfIssue: Record<string, ReleaseExceptionCode> = {
  unknown_sku: 'unknown_sku_at_warehouse',
  unknown_sku_at_warehouse: 'unknown_sku_at_warehouse',
  missing_ship_to: 'missing_ship_to',
  order_not_shippable: 'order_not_shippable',
};

function exceptionsFromIssues(number: string, issues: Issue[], fromWarehouse = false): ExceptionInput[] {
  const byCode = new Map<ReleaseExceptionCode, Issue[]>();
  for (const issue of issues) {
    const code = codeOfIssue[issue.code] ?? 'warehouse_rejected';
    byCode.set(code, [...(byCode.get(code) ?? []), issue]);
  }
  const said = fromWarehouse ? 'The warehouse refused order' : 'Order';
  return [...byCode].map(([code, list]) =>
    releaseException(
      code,
      `${said} ${number}${fromWarehouse ? '' : ' cannot go to the warehouse'}: ${list.map((issue) => issue.message).join('; ')}.`,
      { issues: list },
    ),
  );
}

async function markSent(
  deps: ReleaseFlowDeps,
  record: LedgerRecord,
  source: ReleaseSource,
  order: ErpSalesOrder,
  sent: WarehouseOrder,
  state: WarehouseOrderState,
  outcome: 'created' | 'adopted',
): Promise<void> {
  const snapshot: ReleasedSnapshot = {
    customerNumber: order.customerNumber,
    currencyCode: order.currencyCode,
    pricesIncludeTax: order.pricesIncludeTax,
    lines: (order.lines ?? [])
      .filter((line) => line.lineType === 'Item')
      .map((line) => ({
        sequence: line.sequence,
        sku: line.lineObjectNumber,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discountAmount: line.discountAmount,
        locationId: line.locationId ?? null,
      })),
  };
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: outcome === 'created' ? 'warehouse_order_created' : 'warehouse_order_adopted',
      targetIds: {
        'warehouse.order.reference': sent.reference,
        'warehouse.order.ids': state.parts.map((part) => part.wmsOrderId).join(','),
        'warehouse.status': state.status,
        'bc.salesOrder.id': order.id,
        'bc.salesOrder.number': order.number,
        'bc.customer.number': order.customerNumber,
        ...(source.channelOrderId ? { 'shopify.order.id': source.channelOrderId } : {}),
      },
      postedSnapshot: snapshot,
      detail: { lines: sent.lines.length, parts: state.parts.length, status: state.status },
    });
    await addLink(trx, record.linkGroup, { system: 'bc', kind: 'salesOrder', externalId: order.id, label: order.number });
    for (const part of state.parts)
      await addLink(trx, record.linkGroup, { system: 'warehouse', kind: 'order', externalId: part.wmsOrderId, label: sent.reference });
  });
  deps.logger.info({ salesOrder: order.number, reference: sent.reference, outcome }, 'order sent to the warehouse');
  await deps.afterRelease?.(sent.reference);
}
