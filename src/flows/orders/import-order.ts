/**
 * The orders step: one Shopify order becomes one BC sales order, exactly once.
 *
 * Exactly-once rests on the ledger. Before creating, the record moves to `posting` with the
 * deterministic reference; a record found in `posting` (a crash, a timeout, a lost response)
 * first looks that reference up in BC and adopts what it finds. Only a clean miss creates.
 */
import { isConnectorError } from '../../core/errors.js';
import type { ChannelOrder } from '../../core/domain/channel-order.js';
import type { ErpCustomer, ErpItem, ErpSalesOrder } from '../../core/domain/erp.js';
import type { Issue } from '../../core/issues.js';
import { addLink, getRecord, receiveRecord, syncRecordExceptions, transitionRecord, type LedgerRecord } from '../../ledger/index.js';
import { inTransaction } from '../../store/open-store.js';
import { ORDERS_FLOW, SHOPIFY, type ImportJob, type OrdersFlowDeps } from './deps.js';
import { ordersException, type OrdersExceptionCode } from './exceptions.js';
import { mapOrderToSalesOrder } from './map.js';
import { buildOrderReference } from './reference.js';
import { skusToResolve, validateOrderItems } from './validate.js';

const ACTOR = 'orders-flow';

export type ImportOutcome = 'posted' | 'adopted' | 'already-posted' | 'exception' | 'waiting' | 'skipped';

export async function importOrder(deps: OrdersFlowDeps, job: ImportJob): Promise<ImportOutcome> {
  let record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`orders: there is no record ${job.recordId}`);
  if (record.state === 'posted') return 'already-posted';

  const order = await deps.channel.getOrder(record.sourceId);
  if (!order) {
    await raise(deps, record, [ordersException('order_not_found', `Shopify order ${record.sourceRef ?? record.sourceId} could not be read from Shopify.`, { id: record.sourceId })]);
    return 'exception';
  }
  ({ record } = await receiveRecord(deps.db, { flow: ORDERS_FLOW, sourceSystem: SHOPIFY, sourceId: order.id, sourceRef: order.name, payload: order, actor: ACTOR }));

  // A doubtful earlier attempt: settle it before anything else.
  if (record.state === 'posting') {
    const adopted = await adoptExisting(deps, record, order);
    if (adopted) return 'adopted';
  }

  if (order.cancelledAt && record.state !== 'posting') {
    await transitionRecord(deps.db, record.id, { to: 'skipped', actor: ACTOR, reason: 'cancelled_before_posting', detail: { cancelledAt: order.cancelledAt } });
    return 'skipped';
  }

  const items = await resolveItems(deps, order);
  const itemIssues = validateOrderItems(order, items);
  if (itemIssues.length > 0) {
    await raise(deps, record, exceptionsFromIssues(order, itemIssues));
    return 'exception';
  }
  const customer = await resolveCustomer(deps, order);
  if (!customer) {
    await raise(deps, record, [
      ordersException('no_customer', `Order ${order.name}: no Business Central customer has the e-mail ${order.email ?? '(none)'} and no default web customer is configured.`, { email: order.email }),
    ]);
    return 'exception';
  }

  if (record.state !== 'posting') {
    if (record.state !== 'validated' && record.state !== 'waiting') record = await moveTo(deps, record, 'validated', 'validated');
    if (deps.config.posting.mode === 'scheduled' && !job.windowOpen) {
      if (record.state !== 'waiting') await moveTo(deps, record, 'waiting', 'waiting_for_posting_window');
      return 'waiting';
    }
  }

  const reference = buildOrderReference(order, deps.config.referencePrefix);
  const draft = mapOrderToSalesOrder(order, { reference, customerNumber: customer.number, items });
  // Intent first: from here on, any doubt is settled by looking the reference up.
  record = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'posting',
    externalRef: reference,
    countAttempt: true,
    detail: { customerNumber: customer.number, lines: draft.lines.length },
  });
  let created: ErpSalesOrder;
  try {
    created = await deps.erp.createSalesOrder(draft);
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown && (await adoptExisting(deps, record, order))) return 'adopted';
    if (isConnectorError(error) && !error.retryable) {
      await raise(deps, record, [
        ordersException('bc_rejected', `Business Central refused order ${order.name}: ${error.message}`, { error: error.toJSON(), draft }),
      ]);
      return 'exception';
    }
    throw error;
  }
  await recordPosted(deps, record, order, created, 'created');
  return 'posted';
}

async function adoptExisting(deps: OrdersFlowDeps, record: LedgerRecord, order: ChannelOrder): Promise<boolean> {
  const reference = record.externalRef ?? buildOrderReference(order, deps.config.referencePrefix);
  const found = await deps.erp.findSalesOrdersByExternalDocumentNumber(reference);
  if (found.length === 0) return false;
  if (found.length > 1) deps.logger.warn({ reference, count: found.length }, 'several BC orders carry one reference; adopting the oldest');
  const oldest = [...found].sort((a, b) => a.number.localeCompare(b.number))[0]!;
  await recordPosted(deps, record, order, oldest, 'adopted');
  return true;
}

async function recordPosted(deps: OrdersFlowDeps, record: LedgerRecord, order: ChannelOrder, salesOrder: ErpSalesOrder, how: 'created' | 'adopted') {
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: how === 'created' ? 'sales_order_created' : 'sales_order_adopted',
      targetIds: { 'bc.salesOrder.id': salesOrder.id, 'bc.salesOrder.number': salesOrder.number },
      detail: { total: salesOrder.totalAmountIncludingTax, shopifyTotal: order.totals.total },
    });
    await addLink(trx, record.linkGroup, { system: 'shopify', kind: 'order', externalId: order.id, label: order.name });
    await addLink(trx, record.linkGroup, { system: 'bc', kind: 'salesOrder', externalId: salesOrder.id, label: salesOrder.number });
  });
  deps.logger.info({ order: order.name, salesOrder: salesOrder.number, how }, 'order posted to Business Central');
}

async function resolveItems(deps: OrdersFlowDeps, order: ChannelOrder): Promise<Map<string, ErpItem | undefined>> {
  const items = new Map<string, ErpItem | undefined>();
  for (const sku of skusToResolve(order)) items.set(sku, await deps.erp.findItemByNumber(sku));
  return items;
}

async function resolveCustomer(deps: OrdersFlowDeps, order: ChannelOrder): Promise<Pick<ErpCustomer, 'number'> | undefined> {
  const email = (order.email ?? order.customer?.email)?.trim();
  if (email) {
    const matches = await deps.erp.findCustomersByEmail(email);
    const usable = matches.filter((customer) => !customer.blocked || customer.blocked.trim() === '');
    if (usable.length > 0) return [...usable].sort((a, b) => a.number.localeCompare(b.number))[0];
  }
  return deps.config.defaultCustomerNumber ? { number: deps.config.defaultCustomerNumber } : undefined;
}

function exceptionsFromIssues(order: ChannelOrder, issues: Issue[]) {
  const byCode = new Map<OrdersExceptionCode, Issue[]>();
  for (const issue of issues) {
    const code = issue.code as OrdersExceptionCode;
    byCode.set(code, [...(byCode.get(code) ?? []), issue]);
  }
  return [...byCode.entries()].map(([code, grouped]) =>
    ordersException(code, `Order ${order.name} cannot be posted: ${grouped.map((issue) => issue.message).join('; ')}.`, {
      order: { id: order.id, name: order.name },
      issues: grouped,
    }),
  );
}

async function moveTo(deps: OrdersFlowDeps, record: LedgerRecord, to: 'validated' | 'waiting', reason: string): Promise<LedgerRecord> {
  return transitionRecord(deps.db, record.id, { to, actor: ACTOR, reason });
}

/** Puts the record in `exception` and makes its open exceptions exactly these. */
export async function raise(deps: OrdersFlowDeps, record: LedgerRecord, exceptions: ReturnType<typeof ordersException>[]): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    if (record.state !== 'exception') {
      await transitionRecord(trx, record.id, { to: 'exception', actor: ACTOR, reason: exceptions.map((exception) => exception.code).join(','), countAttempt: true });
    } else {
      await transitionRecord(trx, record.id, { to: 'exception', actor: ACTOR, reason: 'still_failing', countAttempt: true });
    }
    await syncRecordExceptions(trx, record.id, exceptions, ACTOR);
  });
}
