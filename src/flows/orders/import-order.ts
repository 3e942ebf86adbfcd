/**
 * The orders step: one Shopify order becomes one BC sales order, exactly once.
 *
 * Exactly-once rests on the ledger. Before creating, the record moves to `posting` with the
 * deterministic reference; a record found in `posting` (a crash, a timeout, a lost response)
 * first looks the order up in BC and adopts what it finds. Only a clean miss creates.
 */
import { isConnectorError, type ConnectorError } from '../../core/errors.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesOrder, SalesOrderDraft } from '../../core/domain/erp.ts';
import {
  getRecord,
  receiveRecord,
  syncRecordExceptions,
  transitionRecord,
  type ExceptionInput,
  type LedgerRecord,
} from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { handlePostedOrder } from './after-import.ts';
import { summariseOrder, type PostedSummary } from './changes.ts';
import { noteCustomerOfOrder } from './customer.ts';
import { ORDERS_FLOW, SHOPIFY, type ImportJob, type OrdersFlowDeps } from './deps.ts';
import { ordersException, whereFixShows } from './exceptions.ts';
import { applyOverrides } from './overrides.ts';
import type { ReadOrderOptions } from './ports.ts';
import { findOrderProblems, prepareOrder, type PreparedOrder } from './prepare-order.ts';
import { integrationFieldsOf, recordPosted } from './record-posted.ts';
import { buildOrderReference } from './reference.ts';

const ACTOR = 'orders-flow';

export type ImportOutcome =
  'posted' | 'adopted' | 'already-posted' | 'exception' | 'waiting' | 'skipped' | 'updated' | 'cancelled' | 'conflict';

export async function importOrder(deps: OrdersFlowDeps, job: ImportJob): Promise<ImportOutcome> {
  let record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`orders: there is no record ${job.recordId}`);
  if (record.state === 'skipped') return 'skipped';
  if (job.recheck && (await stillHeld(deps, record))) return 'exception';

  const read = await snapshotFor(deps, job, record);
  if (job.snapshot !== undefined && (await heldOnItsBody(deps, record, read[0]))) return 'exception';
  const fetched = await deps.channel.getOrder(record.sourceId, ...read);
  if (!fetched) {
    if (record.state === 'posted') return 'already-posted';
    await raise(deps, record, [
      ordersException('order_not_found', `Shopify order ${record.sourceRef ?? record.sourceId} could not be read from Shopify.`, {
        id: record.sourceId,
      }),
    ]);
    return 'exception';
  }
  if (record.state === 'posted') {
    const outcome = await handlePostedOrder(deps, record, fetched);
    return outcome === 'reopened' ? importOrder(deps, job) : outcome;
  }
  record = await keepRead(deps, fetched);

  // A doubtful earlier attempt: settle it before anything else. What BC holds is what was sent
  // then; if Shopify changed the order since (an edit while the hub was down), that change is
  // made now, as for any order already in BC.
  if (record.state === 'posting' && (await adoptExisting(deps, record, fetched))) {
    const adopted = await getRecord(deps.db, record.id);
    const outcome = await handlePostedOrder(deps, adopted!, fetched);
    if (outcome === 'reopened') return importOrder(deps, job);
    return outcome === 'already-posted' ? 'adopted' : outcome;
  }

  if (fetched.cancelledAt && record.state !== 'posting') {
    await transitionRecord(deps.db, record.id, {
      to: 'skipped',
      actor: ACTOR,
      reason: 'cancelled_before_posting',
      detail: { cancelledAt: fetched.cancelledAt },
    });
    return 'skipped';
  }

  const { order, issues } = applyOverrides(fetched, record.overrides);
  const preparation = await prepareOrder(deps, order, record.id, issues);
  if (!preparation.ok) {
    await raise(deps, record, preparation.problems);
    return 'exception';
  }

  if (record.state !== 'posting') {
    if (record.state !== 'validated' && record.state !== 'waiting')
      record = await transitionRecord(deps.db, record.id, { to: 'validated', actor: ACTOR, reason: 'validated' });
    if (deps.config.posting.mode === 'scheduled' && !job.windowOpen) {
      if (record.state !== 'waiting')
        await transitionRecord(deps.db, record.id, { to: 'waiting', actor: ACTOR, reason: 'waiting_for_posting_window' });
      return 'waiting';
    }
  }
  return create(deps, record, order, preparation.prepared);
}

/**
 * A scheduled retry of a held order first checks the order as the ledger kept it — its product
 * details read afresh when that is where the fix would show — and stops there when it is still
 * held for reasons whose fix would show on it (exceptions.ts, whereFixShows). Each retry then
 * costs a few points for the product details, or none, instead of a read of the order's
 * transactions and fulfilment orders; an order that may post is read afresh as before.
 */
async function stillHeld(deps: OrdersFlowDeps, record: LedgerRecord): Promise<boolean> {
  const kept = record.payload as ChannelOrder | null | undefined;
  if (record.state !== 'exception' || !Array.isArray(kept?.lines)) return false;
  let problems = await problemsOf(deps, kept, record);
  if (problems.some((problem) => fixShowsAt(problem) === 'product-details')) {
    if (!deps.channel.withFreshProductDetails) return false;
    problems = await problemsOf(deps, await deps.channel.withFreshProductDetails(kept), record);
  }
  if (problems.length === 0 || problems.some((problem) => !fixShowsAt(problem))) return false;
  await raise(deps, record, problems);
  return true;
}

const fixShowsAt = (problem: ExceptionInput) => whereFixShows[problem.code as keyof typeof whereFixShows];

/** Checks that need what a webhook body lacks (the fulfilment orders' locations): not judged on a body alone. */
const judgedOnlyOnWholeOrder = new Set<string>(['location_unmapped']);

/** What keeps the order from posting; for a body kept alone, what its body can tell. */
async function problemsOf(deps: OrdersFlowDeps, order: ChannelOrder, record: LedgerRecord): Promise<ExceptionInput[]> {
  const problems = await findOrderProblems(deps, ...withOverrides(order, record));
  return order.bodyOnly ? problems.filter((problem) => !judgedOnlyOnWholeOrder.has(problem.code)) : problems;
}

/**
 * A new order is judged on its webhook body first, with product details as recently read: one
 * held for what the body shows (an unknown SKU, an incomplete address, missing customs data) is
 * held at once, its transactions and fulfilment orders not read (about 6 Shopify points), and
 * kept as the body (bodyOnly). Its retries judge it the same way (stillHeld); once it may post,
 * it is read whole. An order with nothing the body shows wrong goes on to be read as before.
 */
async function heldOnItsBody(deps: OrdersFlowDeps, record: LedgerRecord, snapshot: unknown): Promise<boolean> {
  const body = snapshot as Omit<ChannelOrder, 'transactions' | 'fulfillmentOrders'> | undefined;
  if (record.state !== 'received' || !deps.channel.withProductDetails || !Array.isArray(body?.lines) || body.id !== record.sourceId)
    return false;
  if (body.cancelledAt) return false;
  const order = await deps.channel.withProductDetails({ ...body, transactions: [], fulfillmentOrders: [], bodyOnly: true });
  const problems = await problemsOf(deps, order, record);
  if (problems.length === 0 || problems.some((problem) => !fixShowsAt(problem))) return false;
  await raise(deps, await keepRead(deps, order), problems);
  return true;
}

/** The order as read (whole, or its body alone) becomes the record's payload: what retries and operators see. */
async function keepRead(deps: OrdersFlowDeps, order: ChannelOrder): Promise<LedgerRecord> {
  const { record } = await receiveRecord(deps.db, {
    flow: ORDERS_FLOW,
    sourceSystem: SHOPIFY,
    sourceId: order.id,
    sourceRef: order.name,
    payload: order,
    actor: ACTOR,
  });
  return record;
}

function withOverrides(order: ChannelOrder, record: LedgerRecord): [ChannelOrder, ReturnType<typeof applyOverrides>['issues']] {
  const { order: overridden, issues } = applyOverrides(order, record.overrides);
  return [overridden, issues];
}

/**
 * What the channel may build on instead of reading the order whole: the announcing webhook's
 * body — or a later one for the same order, when Shopify updated it while the job waited (a
 * payment captured, a tag), so that a queue behind does not turn into whole reads — or, for a
 * record held or waiting since an earlier read, that read as the ledger kept it (a retry of a
 * held order then costs a few points, not a whole read). The channel still checks it against
 * Shopify's `updatedAt` and reads product details afresh, where a held order's fix usually lies.
 * The payments Shopify announced for the order (order_transactions/create) go with it: where they
 * are all the order's money, the channel does not ask for them again. A posted order found
 * changed is read whole: what it held is out of date.
 */
async function snapshotFor(
  deps: OrdersFlowDeps,
  job: ImportJob,
  record: LedgerRecord,
): Promise<[snapshot?: unknown, options?: ReadOrderOptions]> {
  if (job.snapshot !== undefined) {
    const [latest, announcedTransactions] = await Promise.all([
      deps.latestWebhookSnapshot?.(record.sourceId),
      deps.announcedTransactions?.(record.sourceId),
    ]);
    const snapshot = latest !== undefined && updatedAtOf(latest) > updatedAtOf(job.snapshot) ? latest : job.snapshot;
    return announcedTransactions?.length ? [snapshot, { announcedTransactions }] : [snapshot];
  }
  if (record.state === 'posted' || record.payload === null || record.payload === undefined) return [];
  const announcedTransactions = await deps.announcedTransactions?.(record.sourceId);
  return [record.payload, { freshDetails: true, ...(announcedTransactions?.length ? { announcedTransactions } : {}) }];
}

function updatedAtOf(snapshot: unknown): number {
  const at = Date.parse(String((snapshot as { updatedAt?: unknown } | null)?.updatedAt));
  return Number.isNaN(at) ? 0 : at;
}

async function create(deps: OrdersFlowDeps, record: LedgerRecord, order: ChannelOrder, prepared: PreparedOrder): Promise<ImportOutcome> {
  const reference = buildOrderReference(order, deps.config.referencePrefix);
  // The companion fields travel with the create; an ERP that can write them there does (one request).
  const draft = { ...prepared.draft, externalDocumentNumber: reference, integration: integrationFieldsOf(order) };
  // Intent first: from here on, any doubt is settled by looking the order up. What is sent is
  // kept with it, so an order adopted later is compared with what BC got, not with a newer read.
  const sent: SentOrder = { ...summariseOrder(order), ...(draft.customerByEmail ? { customerByEmail: draft.customerByEmail } : {}) };
  const posting = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'posting',
    externalRef: reference,
    countAttempt: true,
    postedSnapshot: sent,
    detail: { customerNumber: draft.customerNumber, customer: prepared.customerHow, lines: draft.lines.length },
  });
  let created: ErpSalesOrder;
  try {
    const { customerByEmail } = draft;
    created =
      customerByEmail && deps.erp.createSalesOrderResolvingCustomer
        ? await deps.erp.createSalesOrderResolvingCustomer({ ...draft, customerByEmail })
        : await deps.erp.createSalesOrder(draft);
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown && (await adoptExisting(deps, posting, order))) return 'adopted';
    const blocked = isConnectorError(error) && draft.customerByEmail ? blockedCustomerProblem(order, error) : undefined;
    if (blocked) {
      await raise(deps, posting, [blocked]);
      return 'exception';
    }
    if (isConnectorError(error) && !error.retryable) {
      await raise(deps, posting, [
        ordersException('bc_rejected', `Business Central refused order ${order.name}: ${error.message}`, { error: error.toJSON(), draft }),
      ]);
      return 'exception';
    }
    throw error;
  }
  // The customer BC made with the order is recorded (and flagged for review) with the order, in
  // one transaction: a stop between the two would leave a customer nobody is told about.
  const { customerByEmail } = draft;
  await recordPosted(deps, posting, order, created, {
    how: 'created',
    planned: prepared.planned,
    ...(customerByEmail ? { alsoRecord: (trx) => noteCustomerOfOrder({ ...deps, db: trx }, order, created, customerByEmail) } : {}),
  });
  return 'posted';
}

/** BC refused the customer the create resolved by e-mail because all of them are blocked (LBSalesOrderBufferMgt's AllBlockedErr). */
function blockedCustomerProblem(order: ChannelOrder, error: ConnectorError): ExceptionInput | undefined {
  const match = /Every customer with the e-mail (\S+) is blocked \(([^)]*)\)/.exec(error.message);
  if (!match) return undefined;
  return ordersException(
    'customer_blocked',
    `Order ${order.name}: every Business Central customer with the e-mail ${match[1]} is blocked (${match[2]!.split(' ').join(', ')}).`,
    { email: match[1], customers: match[2]!.split(' '), error: error.toJSON() },
  );
}

/** What a `posting` record keeps of the create it made: the order as sent, and the customer draft BC resolved by e-mail. */
type SentOrder = PostedSummary & { customerByEmail?: SalesOrderDraft['customerByEmail'] };

/**
 * Finds the order in BC and adopts it: first by the companion's exact Shopify order id, then
 * by the reference (a create that could not carry the companion fields writes them just after,
 * so an order whose answer was lost may carry only the reference). The order is recorded as it
 * was sent (kept on the `posting` record), and a customer its create made is recorded and
 * flagged as after a create whose answer came back.
 */
async function adoptExisting(deps: OrdersFlowDeps, record: LedgerRecord, order: ChannelOrder): Promise<boolean> {
  let found = deps.erp.findSalesOrdersByShopifyOrderId ? await deps.erp.findSalesOrdersByShopifyOrderId(order.id) : [];
  if (found.length === 0)
    found = await deps.erp.findSalesOrdersByExternalDocumentNumber(
      record.externalRef ?? buildOrderReference(order, deps.config.referencePrefix),
    );
  if (found.length === 0) return false;
  if (found.length > 1)
    deps.logger.warn({ order: order.name, count: found.length }, 'several BC orders carry one reference; adopting the oldest');
  const oldest = [...found].sort((a, b) => a.number.localeCompare(b.number))[0]!;
  const whole = (await deps.erp.getSalesOrder(oldest.id, { expandLines: true })) ?? oldest;
  const { customerByEmail, ...sentSummary } = (record.postedSnapshot ?? {}) as Partial<SentOrder>;
  const sentKept = Array.isArray(sentSummary.lines);
  await recordPosted(deps, record, order, whole, {
    how: 'adopted',
    ...(sentKept ? { postedSnapshot: sentSummary as PostedSummary } : {}),
    ...(customerByEmail && oldest.customerCreated
      ? {
          alsoRecord: (trx) => noteCustomerOfOrder({ ...deps, db: trx }, order, { ...whole, customerCreated: true }, customerByEmail),
        }
      : {}),
  });
  return true;
}

/** Puts the record in `exception` and makes its open exceptions exactly these. */
export async function raise(deps: OrdersFlowDeps, record: LedgerRecord, exceptions: ExceptionInput[]): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const reason = record.state === 'exception' ? 'still_failing' : exceptions.map((exception) => exception.code).join(',');
    await transitionRecord(trx, record.id, { to: 'exception', actor: ACTOR, reason, countAttempt: true });
    await syncRecordExceptions(trx, record.id, exceptions, ACTOR);
  });
}
