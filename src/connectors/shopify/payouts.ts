/**
 * Shopify Payments payouts and their balance transactions, for the payouts flow. Before a
 * payout becomes a journal, `checkPayoutBalance` (src/core/domain/channel-payout.ts) must
 * find its transactions add up to it. A shop without Shopify Payments has no payouts.
 */
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { shopifyError } from './errors.ts';
import { normalizeAmount } from './map-order.ts';
import { paginate } from './paging.ts';
import { payoutBalanceTransactions, payouts } from './payout-documents.ts';
import { balanceTransactionsResponse, payoutsResponse, type BalanceTransaction, type Payout } from './payout-schemas.ts';

export interface PayoutReads {
  /** Payouts issued at or after `since` (ISO time), oldest first. */
  listPayouts(options: { since: string }): AsyncIterable<ChannelPayout>;
  /** The balance transactions the payout settles, transfers left out, page by page. */
  listBalanceTransactions(payoutId: string): AsyncIterable<ChannelBalanceTransaction>;
}

const money = (value: { amount: string; currencyCode: string }) => normalizeAmount(value.amount, value.currencyCode);

function mapPayout(node: Payout): ChannelPayout {
  const s = node.summary;
  return {
    id: node.id,
    legacyId: node.legacyResourceId,
    issuedAt: node.issuedAt,
    status: node.status,
    direction: node.transactionType,
    net: money(node.net),
    currency: node.net.currencyCode,
    externalTraceId: node.externalTraceId,
    summary: {
      chargesGross: money(s.chargesGross),
      chargesFee: money(s.chargesFee),
      refundsGross: money(s.refundsFeeGross),
      refundsFee: money(s.refundsFee),
      adjustmentsGross: money(s.adjustmentsGross),
      adjustmentsFee: money(s.adjustmentsFee),
      reservedFundsGross: money(s.reservedFundsGross),
      reservedFundsFee: money(s.reservedFundsFee),
      retriedPayoutsGross: money(s.retriedPayoutsGross),
      retriedPayoutsFee: money(s.retriedPayoutsFee),
      advanceGross: money(s.advanceGross),
      advanceFees: money(s.advanceFees),
    },
  };
}

function mapBalanceTransaction(node: BalanceTransaction): ChannelBalanceTransaction {
  return {
    id: node.id,
    type: node.type,
    sourceType: node.sourceType,
    test: node.test,
    transactionDate: node.transactionDate,
    amount: money(node.amount),
    fee: money(node.fee),
    net: money(node.net),
    currency: node.amount.currencyCode,
    // A numeric id (BigInt, as a string): the order transaction's GID is built from it.
    orderTransactionId: node.sourceOrderTransactionId ? `gid://shopify/OrderTransaction/${node.sourceOrderTransactionId}` : null,
    orderId: node.associatedOrder?.id ?? null,
    orderName: node.associatedOrder?.name ?? null,
    payoutId: node.associatedPayout.id,
    payoutStatus: node.associatedPayout.status,
    adjustmentReason: node.adjustmentReason,
  };
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

export function createPayoutReads(client: ShopifyGraphqlClient): PayoutReads {
  return {
    listPayouts({ since }) {
      if (!isoTimestamp.test(since))
        throw shopifyError('invalid_request', `listPayouts needs an ISO date or time, got ${JSON.stringify(since)}`);
      const query = `issued_at:>='${since}'`;
      return (async function* () {
        const nodes = paginate(async (after) => {
          const { data } = await client.request(payouts, { query, after }, payoutsResponse);
          return data.shopifyPaymentsAccount?.payouts ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
        });
        for await (const node of nodes) yield mapPayout(node);
      })();
    },

    listBalanceTransactions(payoutId) {
      const legacyId = /(\d+)$/.exec(payoutId)?.[1];
      if (!legacyId) throw shopifyError('invalid_request', `not a payout id: ${payoutId}`);
      const query = `payments_transfer_id:${legacyId}`;
      return (async function* () {
        const nodes = paginate(async (after) => {
          const { data } = await client.request(payoutBalanceTransactions, { query, after }, balanceTransactionsResponse);
          return data.shopifyPaymentsAccount?.balanceTransactions ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
        });
        for await (const node of nodes) {
          // Shopify ignores search terms it does not know: never trust the filter alone.
          if (!node.associatedPayout.id || /(\d+)$/.exec(node.associatedPayout.id)?.[1] !== legacyId) continue;
          yield mapBalanceTransaction(node);
        }
      })();
    },
  };
}
