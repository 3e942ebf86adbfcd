/**
 * The receipts step for one purchase order:
 *  - no ASN yet: the ASN is created at the warehouse with the PO number as reference (the
 *    port looks it up first and adopts an earlier attempt's), exactly once;
 *  - ASN at the warehouse: what it booked in is received in BC, as a difference to BC's own
 *    received quantities (so a repeat receives nothing twice); over-, under- and unexpected
 *    receipts are explained as exceptions, never forced.
 */
import { isConnectorError } from '../../core/errors.ts';
import type { ErpPurchaseOrder } from '../../core/domain/erp.ts';
import type { WarehouseAsn } from '../../core/domain/warehouse.ts';
import { addLink, getRecord, raiseException, transitionRecord, type ExceptionInput, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { bcLocations } from '../orders/reference-data.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import { RECEIPTS_FLOW, type AsnSnapshot, type PurchaseOrderSource, type ReceiptJob, type ReceiptsFlowDeps } from './deps.ts';
import { receiptsException } from './exceptions.ts';
import { planAsn, planReceipt, totalReceived, type ReceiptPlan } from './plan.ts';

const ACTOR = 'receipts-flow';

export type ReceiptOutcome = 'asn-created' | 'asn-adopted' | 'received' | 'nothing-to-receive' | 'skipped' | 'exception' | 'done';

export async function syncReceipt(deps: ReceiptsFlowDeps, job: ReceiptJob): Promise<ReceiptOutcome> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`${RECEIPTS_FLOW}: there is no record ${job.recordId}`);
  if (record.state === 'posted' || record.state === 'skipped') return 'done';
  if (record.sourceSystem === 'warehouse') {
    const asn = record.payload as WarehouseAsn;
    await holdRecord(
      deps.db,
      record,
      [
        receiptsException(
          'asn_unknown',
          `The warehouse booked in ASN ${asn.reference} (${asn.lines.map((line) => `${line.received} × ${line.sku}`).join(', ')}), which the hub did not create from a purchase order.`,
          { asn },
        ),
      ],
      ACTOR,
    );
    return 'exception';
  }
  const source = record.payload as PurchaseOrderSource;
  const order = await deps.erp.getPurchaseOrder(source.purchaseOrderId, { expandLines: true });
  if (!order) {
    if (record.state === 'posting' || record.targetIds['warehouse.asn.id']) {
      await holdRecord(
        deps.db,
        record,
        [
          receiptsException(
            'purchase_order_invalid',
            `Purchase order ${source.number} no longer exists in Business Central, but its ASN is (or may be) at the warehouse: cancel the ASN there or receive the goods another way.`,
            { source },
          ),
        ],
        ACTOR,
      );
      return 'exception';
    }
    await transitionRecord(deps.db, record.id, { to: 'skipped', actor: ACTOR, reason: 'purchase_order_gone' });
    return 'skipped';
  }
  return record.targetIds['warehouse.asn.id'] ? receive(deps, record, order) : createAsn(deps, record, order);
}

async function createAsn(deps: ReceiptsFlowDeps, record: LedgerRecord, order: ErpPurchaseOrder): Promise<ReceiptOutcome> {
  const locations = new Map((await bcLocations(deps.erp, deps.clock)).map((location) => [location.id, location.code]));
  const { draft, snapshot, issues } = planAsn(order, {
    locationCodes: locations,
    warehouseLocation: deps.locationCode,
    today: new Date(deps.clock.now()).toISOString().slice(0, 10),
  });
  if (issues.length > 0) {
    await holdRecord(
      deps.db,
      record,
      [
        receiptsException(
          'purchase_order_invalid',
          `Purchase order ${order.number} cannot go to the warehouse: ${issues.map((issue) => issue.message).join('; ')}.`,
          { issues },
        ),
      ],
      ACTOR,
    );
    return 'exception';
  }
  if (!draft) {
    if (record.state !== 'posting')
      await transitionRecord(deps.db, record.id, { to: 'skipped', actor: ACTOR, reason: 'nothing_due_at_the_warehouse' });
    return 'skipped';
  }
  const posting = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'creating_asn',
    externalRef: draft.reference,
    countAttempt: true,
    detail: { lines: draft.lines.length },
  });
  try {
    const result = await deps.warehouse.createAsn(draft);
    if (result.outcome === 'rejected') {
      await holdRecord(
        deps.db,
        posting,
        [
          receiptsException(
            'asn_rejected',
            `The warehouse refused the ASN for purchase order ${order.number}: ${result.issues.map((issue) => issue.message).join('; ')}`,
            { issues: result.issues, draft },
          ),
        ],
        ACTOR,
      );
      return 'exception';
    }
    await inTransaction(deps.db, async (trx) => {
      await transitionRecord(trx, posting.id, {
        to: 'posted',
        actor: ACTOR,
        reason: result.outcome === 'created' ? 'asn_created' : 'asn_adopted',
        targetIds: {
          'warehouse.asn.id': result.asn.wmsAsnId,
          'warehouse.asn.reference': result.asn.reference,
          'bc.purchaseOrder.number': order.number,
        },
        postedSnapshot: snapshot,
      });
      await addLink(trx, posting.linkGroup, { system: 'bc', kind: 'purchaseOrder', externalId: order.id, label: order.number });
      await addLink(trx, posting.linkGroup, {
        system: 'warehouse',
        kind: 'asn',
        externalId: `asn:${result.asn.wmsAsnId}`,
        label: order.number,
      });
    });
    return result.outcome === 'created' ? 'asn-created' : 'asn-adopted';
  } catch (error) {
    if (isConnectorError(error) && !error.retryable) {
      await holdRecord(
        deps.db,
        posting,
        [
          receiptsException('asn_rejected', `The warehouse refused the ASN for purchase order ${order.number}: ${error.message}`, {
            error: error.toJSON(),
            draft,
          }),
        ],
        ACTOR,
      );
      return 'exception';
    }
    throw error;
  }
}

async function receive(deps: ReceiptsFlowDeps, record: LedgerRecord, order: ErpPurchaseOrder): Promise<ReceiptOutcome> {
  const asn = await deps.warehouse.getAsn(record.targetIds['warehouse.asn.reference'] ?? order.number);
  const snapshot = record.postedSnapshot as AsnSnapshot | null;
  if (!asn || !snapshot) {
    await holdRecord(
      deps.db,
      record,
      [
        receiptsException('asn_unknown', `The ASN of purchase order ${order.number} is no longer at the warehouse.`, {
          asnId: record.targetIds['warehouse.asn.id'],
        }),
      ],
      ACTOR,
    );
    return 'exception';
  }
  const plan = planReceipt(asn, order, snapshot);
  const posting = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'receiving',
    countAttempt: true,
    detail: { receive: plan.receive, asnStatus: asn.status },
  });
  let receipts: string[] = [];
  if (plan.receive.length > 0) {
    try {
      receipts = (await deps.erp.receivePurchaseOrder(order.id, { lines: plan.receive })).map((receipt) => receipt.number);
    } catch (error) {
      if (isConnectorError(error) && !error.retryable) {
        await holdRecord(
          deps.db,
          posting,
          [
            receiptsException('bc_rejected', `Business Central refused to receive purchase order ${order.number}: ${error.message}`, {
              error: error.toJSON(),
              plan,
            }),
          ],
          ACTOR,
        );
        return 'exception';
      }
      throw error;
    }
  }
  const known = record.targetIds['bc.receipts'] ? record.targetIds['bc.receipts'].split(',') : [];
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, posting.id, {
      to: 'posted',
      actor: ACTOR,
      reason: receipts.length > 0 ? 'received_in_bc' : 'nothing_new_to_receive',
      targetIds: {
        'warehouse.asn.booked': `${asn.status}:${totalReceived(asn)}`,
        ...(receipts.length > 0 ? { 'bc.receipts': [...known, ...receipts].join(',') } : {}),
      },
      detail: { receipts, over: plan.over, under: plan.under, unexpected: plan.unexpected },
    });
    for (const number of receipts)
      await addLink(trx, posting.linkGroup, { system: 'bc', kind: 'purchaseReceipt', externalId: number, label: number });
    // Posting closed earlier variances; the ones still true are raised again, once each.
    for (const exception of variances(order, plan)) await raiseException(trx, { ...exception, recordId: posting.id }, ACTOR);
  });
  deps.logger.info(
    { purchaseOrder: order.number, receipts, over: plan.over.length, under: plan.under.length },
    'warehouse booking received in BC',
  );
  return receipts.length > 0 ? 'received' : 'nothing-to-receive';
}

function variances(order: ErpPurchaseOrder, plan: ReceiptPlan): ExceptionInput[] {
  const list = (entries: { sku: string; expected: number; received: number }[]) =>
    entries.map((entry) => `${entry.sku}: ${entry.received} booked in, ${entry.expected} expected`).join('; ');
  const exceptions: ExceptionInput[] = [];
  if (plan.over.length > 0)
    exceptions.push(
      receiptsException(
        'over_receipt',
        `Purchase order ${order.number} was over-delivered: ${list(plan.over)}. BC received the ordered quantity only.`,
        { over: plan.over },
      ),
    );
  if (plan.under.length > 0)
    exceptions.push(
      receiptsException(
        'under_receipt',
        `Purchase order ${order.number} was under-delivered and the ASN is closed: ${list(plan.under)}. The rest stays open in BC.`,
        { under: plan.under },
      ),
    );
  if (plan.unexpected.length > 0)
    exceptions.push(
      receiptsException(
        'unexpected_goods',
        `The warehouse booked in goods not on purchase order ${order.number}: ${plan.unexpected.map((entry) => `${entry.received} × ${entry.sku}`).join(', ')}.`,
        { unexpected: plan.unexpected },
      ),
    );
  return exceptions;
}
