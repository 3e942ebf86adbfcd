/**
 * Where money to apply enters: Shopify Payments charges and refunds when their payout is
 * posted (the cash really arrived), and other gateways' payments and refunds from the
 * orders and refunds the hub posted (PayPal, manual payments settle outside Shopify).
 * Gift-card money is never cash to apply: the invoice already takes it off (both policies).
 */
import { sameConnection } from '../../store/connection-scope.ts';
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { ChannelOrder, ChannelTransaction } from '../../core/domain/channel-order.ts';
import type { ChannelRefund } from '../../core/domain/channel-refund.ts';
import { dec } from '../../core/money.ts';
import { findRecord, getCursor, receiveRecord, setCursor } from '../../ledger/index.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import type { Executor } from '../../store/open-store.ts';
import { inIntakeTransaction, type Enqueuer } from '../shared/flow-deps.ts';
import { CASH_FLOW, cashJobs, type CashApplicationDeps, type CashMovement } from './deps.ts';

const NOT_CASH = new Set(['gift_card']);
const SHOPIFY_PAYMENTS = 'shopify_payments';

export async function takeInCashMovement(
  deps: { db: Executor; queue: Enqueuer },
  id: string,
  movement: CashMovement,
  actor: string,
): Promise<'new' | 'known'> {
  const order = await findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: movement.orderId });
  const { record, created } = await receiveRecord(deps.db, {
    flow: CASH_FLOW,
    sourceSystem: 'shopify',
    sourceId: id,
    sourceRef: `${movement.orderName ?? movement.orderId} ${movement.kind} ${movement.amount} ${movement.gateway}`,
    payload: movement,
    actor,
    ...(order ? { linkGroup: order.linkGroup } : {}),
  });
  if (record.state !== 'posted' && record.state !== 'skipped') await deps.queue.enqueue(cashJobs.apply, {}, { key: 'cash' });
  return created ? 'new' : 'known';
}

/** A paid payout's charges and refunds (those of orders) as movements to apply. */
export function cashMovementsOfPayout(payout: ChannelPayout, transactions: readonly ChannelBalanceTransaction[]): [string, CashMovement][] {
  return transactions
    .filter((transaction) => (transaction.type === 'CHARGE' || transaction.type === 'REFUND') && transaction.orderId)
    .map((transaction) => [
      transaction.id,
      {
        kind: transaction.type === 'CHARGE' ? 'payment' : 'refund',
        gateway: SHOPIFY_PAYMENTS,
        amount: dec(transaction.amount).abs().toFixed(2),
        currency: transaction.currency,
        orderId: transaction.orderId!,
        orderName: transaction.orderName,
        orderTransactionId: transaction.orderTransactionId,
        payoutId: payout.id,
        settledAt: payout.issuedAt,
      },
    ]);
}

/** Called by the payouts flow in the transaction that records the payout. */
export async function takeInPayoutCash(
  deps: { db: Executor; queue: Enqueuer },
  payout: ChannelPayout,
  transactions: readonly ChannelBalanceTransaction[],
): Promise<void> {
  for (const [id, movement] of cashMovementsOfPayout(payout, transactions)) await takeInCashMovement(deps, id, movement, 'payouts-flow');
}

function otherGatewayMovement(order: ChannelOrder, transaction: ChannelTransaction, kind: CashMovement['kind']): CashMovement {
  return {
    kind,
    gateway: transaction.gateway,
    amount: dec(transaction.amount).toFixed(2),
    currency: order.currency,
    orderId: order.id,
    orderName: order.name,
    orderTransactionId: transaction.id,
    payoutId: null,
    settledAt: transaction.processedAt ?? order.createdAt,
  };
}

const settles = (transaction: ChannelTransaction) =>
  transaction.status === 'SUCCESS' &&
  !NOT_CASH.has(transaction.gateway) &&
  transaction.gateway !== SHOPIFY_PAYMENTS &&
  dec(transaction.amount).gt(0);

const CURSOR = 'cash-application.ledger';

/** Other gateways' money, from orders and refunds posted (or changed) since the cursor. */
export async function pollOtherGateways(deps: CashApplicationDeps): Promise<number> {
  const since = (await getCursor(deps.db, CURSOR)) ?? '1970-01-01T00:00:00.000Z';
  const rows = await deps.db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(deps.db))
    .where('flow', 'in', ['orders', 'refunds'])
    .where('state', 'in', ['posted', 'skipped'])
    .where('updated_at', '>=', new Date(Date.parse(since) - 60_000))
    .orderBy('updated_at')
    .limit(2000)
    .execute();
  let taken = 0;
  let highWater = since;
  for (const record of rows.map(mapRecordRow)) {
    highWater = record.updatedAt.toISOString() > highWater ? record.updatedAt.toISOString() : highWater;
    if (record.flow === 'orders' && record.state === 'posted') {
      const order = record.payload as ChannelOrder | null;
      if (!order?.transactions) continue;
      for (const transaction of order.transactions.filter((t) => settles(t) && (t.kind === 'SALE' || t.kind === 'CAPTURE')))
        await inIntakeTransaction(deps, (tx) =>
          takeInCashMovement(tx, transaction.id, otherGatewayMovement(order, transaction, 'payment'), 'cash-poll'),
        );
      taken += 1;
    }
    if (record.flow === 'refunds' && record.payload) {
      const refund = record.payload as ChannelRefund;
      if (!refund.transactions) continue;
      const order = (await findRecord(deps.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: refund.orderId }))?.payload as
        ChannelOrder | undefined;
      if (!order) continue;
      for (const transaction of refund.transactions.filter((t) => settles(t) && t.kind === 'REFUND'))
        await inIntakeTransaction(deps, (tx) =>
          takeInCashMovement(tx, transaction.id, otherGatewayMovement(order, transaction, 'refund'), 'cash-poll'),
        );
    }
  }
  await setCursor(deps.db, CURSOR, highWater);
  return taken;
}
