/**
 * After BC has the order: the companion fields (Shopify order id, payment transaction id)
 * are written while the record is still `posting` — so a failure retries them — unless the
 * create already wrote them in the same request; then the record is marked posted with its
 * trail, and BC's totals are compared with Shopify's.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesOrder, SalesOrderIntegrationFields } from '../../core/domain/erp.ts';
import { addLink, raiseException, transitionRecord, type LedgerRecord } from '../../ledger/index.ts';
import type { Transaction } from 'kysely';
import { inTransaction } from '../../store/open-store.ts';
import type { Database } from '../../store/schema.ts';
import { summariseOrder, type PostedSummary } from './changes.ts';
import type { OrdersFlowDeps } from './deps.ts';
import { ordersException } from './exceptions.ts';
import type { PlannedLine } from './lines.ts';
import { capturingTransaction } from './payments.ts';
import { compareTotals, describeMismatch } from './tax-check.ts';

const ACTOR = 'orders-flow';

export interface PostedHow {
  how: 'created' | 'adopted';
  /** The lines as planned; known when this run created the order. */
  planned?: PlannedLine[];
  /** The order as BC got it, when that is not `order` (an adopted create, sent before a later change). */
  postedSnapshot?: PostedSummary;
  /** More to record with the order, in the same transaction (the customer BC made with it). */
  alsoRecord?: (trx: Transaction<Database>) => Promise<void>;
}

/** The companion fields of an order: the Shopify order id and the capturing payment's id. */
export function integrationFieldsOf(order: ChannelOrder): SalesOrderIntegrationFields {
  const payment = capturingTransaction(order);
  return { shopifyOrderId: order.id, ...(payment?.paymentId ? { paymentTransactionId: payment.paymentId } : {}) };
}

export async function recordPosted(
  deps: OrdersFlowDeps,
  record: LedgerRecord,
  order: ChannelOrder,
  salesOrder: ErpSalesOrder,
  options: PostedHow,
): Promise<void> {
  const payment = capturingTransaction(order);
  // An adopted order (found after a lost answer) is written again: the create may not have.
  if (deps.erp.setSalesOrderIntegrationFields && !salesOrder.integrationWritten) {
    await deps.erp.setSalesOrderIntegrationFields(salesOrder.id, integrationFieldsOf(order));
  }
  const comparison = options.planned
    ? compareTotals(options.planned, salesOrder, order.currency, deps.config.taxTolerancePerLine)
    : undefined;
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: options.how === 'created' ? 'sales_order_created' : 'sales_order_adopted',
      targetIds: {
        'bc.salesOrder.id': salesOrder.id,
        'bc.salesOrder.number': salesOrder.number,
        'bc.customer.number': salesOrder.customerNumber,
        ...(payment?.paymentId ? { 'shopify.paymentId': payment.paymentId } : {}),
      },
      postedSnapshot: options.postedSnapshot ?? summariseOrder(order),
      detail: {
        bcTotal: salesOrder.totalAmountIncludingTax,
        shopifyTotal: order.totals.total,
        ...(comparison ? { taxComparison: comparison } : {}),
      },
    });
    await addLink(trx, record.linkGroup, { system: 'shopify', kind: 'order', externalId: order.id, label: order.name });
    if (payment?.paymentId)
      await addLink(trx, record.linkGroup, { system: 'shopify', kind: 'payment', externalId: payment.paymentId, label: payment.gateway });
    await addLink(trx, record.linkGroup, { system: 'bc', kind: 'salesOrder', externalId: salesOrder.id, label: salesOrder.number });
    if (comparison && !comparison.withinTolerance) {
      await raiseException(
        trx,
        {
          ...ordersException('tax_mismatch', describeMismatch(order.name, comparison), { comparison, salesOrder: salesOrder.number }),
          recordId: record.id,
        },
        ACTOR,
      );
    }
    await options.alsoRecord?.(trx);
  });
  deps.logger.info({ order: order.name, salesOrder: salesOrder.number, how: options.how }, 'order posted to Business Central');
}
