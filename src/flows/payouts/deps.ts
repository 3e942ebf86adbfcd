/** What the payouts flow's steps are given, and its job names. */
import type { PayoutsFlowConfig } from '../../config/money-schema.ts';
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { LedgerRecord } from '../../ledger/types.ts';
import type { Executor } from '../../store/open-store.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';
import type { PayoutsChannel, PayoutsErp } from './ports.ts';

export interface PayoutsFlowDeps extends FlowBaseDeps {
  channel: PayoutsChannel;
  erp: PayoutsErp;
  config: PayoutsFlowConfig;
  retry: RetryPolicy;
  /** The orders flow's reference prefix (`SHOP-`): per-transaction lines carry the order's BC reference. */
  orderReferencePrefix: string;
  /**
   * Told, in the transaction that records a payout as posted, which balance transactions it
   * settled: the cash-application flow takes its charges and refunds in there.
   */
  onPayoutPosted?(
    db: Executor,
    payout: ChannelPayout,
    transactions: readonly ChannelBalanceTransaction[],
    record: LedgerRecord,
  ): Promise<void>;
}

export const PAYOUTS_FLOW = 'payouts';

export const payoutsJobs = {
  poll: 'payouts.poll',
  /** Posts every payout waiting, one at a time (a journal batch is posted whole). */
  post: 'payouts.post',
  retryOpen: 'payouts.retry-open',
} as const;
