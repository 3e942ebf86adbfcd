/** What the payouts flow needs from Shopify (payouts and their balance transactions) and BC (general journals). */
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { ErpJournal, ErpJournalLine, JournalLineDraft } from '../../core/domain/erp.ts';

export interface PayoutsChannel {
  listPayouts(options: { since: string }): AsyncIterable<ChannelPayout>;
  listBalanceTransactions(payoutId: string): AsyncIterable<ChannelBalanceTransaction>;
}

export interface PayoutsErp {
  findJournalByCode(code: string): Promise<ErpJournal | undefined>;
  listJournalLines(journalId: string): Promise<ErpJournalLine[]>;
  /** Creates the lines not already in the batch; lines of a document already posted come back as `alreadyPosted`. */
  createJournalLines(
    journalId: string,
    lines: JournalLineDraft[],
  ): Promise<{ created: ErpJournalLine[]; adopted: ErpJournalLine[]; alreadyPosted: JournalLineDraft[] }>;
  /** Posts every line of the batch; BC refuses an empty or unbalanced batch. */
  postJournal(journalId: string): Promise<void>;
}
