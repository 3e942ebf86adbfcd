import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { payoutsFlowSchema } from '../../config/money-schema.ts';
import { silentLogger } from '../../core/logger.ts';
import { dec, sum } from '../../core/money.ts';
import { createInProcessBc } from '../../connectors/bc/test-support/emulated-bc.ts';
import { emulatedShop } from '../../connectors/shopify/test-support/emulated-shop.ts';
import { findRecord, listExceptions, listLinks } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { PAYOUTS_FLOW, type PayoutsFlowDeps } from './deps.ts';
import { pollPayouts } from './intake.ts';
import { postPayouts } from './post-payouts.ts';

const accounts = { clearing: '18100', fees: '65400', adjustments: '65420', chargebacks: '65410', reserves: '18300' };

describe('payouts flow against the Shopify and BC emulators', () => {
  let store: Store;
  let shop: ReturnType<typeof emulatedShop>;
  let bc: ReturnType<typeof createInProcessBc>;
  let deps: PayoutsFlowDeps;
  let posted: { payout: string; transactions: number }[];

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    await store.db.deleteFrom('lb_exception').execute();
    await store.db.deleteFrom('lb_record').execute();
    shop = emulatedShop();
    bc = createInProcessBc();
    posted = [];
    deps = {
      db: store.db,
      channel: shop.connector,
      erp: bc.connector,
      queue: new RecordingQueue(),
      clock: shop.clock,
      logger: silentLogger,
      config: payoutsFlowSchema.parse({ post: true, bank: { accountNumber: 'BANK-GBP' }, accounts }),
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      orderReferencePrefix: 'SHOP-',
      onPayoutPosted: async (_db, payout, transactions) => void posted.push({ payout: payout.id, transactions: transactions.length }),
    };
  });

  const control = async (path: string, body: object = {}) => {
    const response = await shop.emulator.app.request(`/_emulator${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return (await response.json()) as Record<string, unknown>;
  };
  const glEntries = (documentNumber: string) =>
    bc.emulator.rows('generalLedgerEntries').filter((row) => row.documentNumber === documentNumber);
  const journalLines = () => bc.emulator.rows('journalLines');

  it('posts a paid payout of charges, a refund, a won dispute and a reserve as one balanced journal, once', async () => {
    const orders = Array.from({ length: 25 }, () => shop.emulator.placeOrder(undefined, { paypalRate: 0, giftCardRedemptionRate: 0 }));
    await control(`/orders/${orders[0]!.legacyId}/refunds`, { shipping: true });
    await control(`/orders/${orders[1]!.legacyId}/dispute`, { outcome: 'won' });
    await control('/payments/reserve', { amount: '120.00' });
    const payout = (await control('/payouts', { status: 'SCHEDULED' })) as { id: string; net: string; legacyId: string };

    expect(await pollPayouts(deps)).toEqual({ seen: 1, taken: 0 });
    await control(`/payouts/${payout.legacyId}/status`, { status: 'PAID' });
    expect(await pollPayouts(deps)).toEqual({ seen: 1, taken: 1 });
    expect(await postPayouts(deps)).toEqual({ posted: 1, 'in-batch': 0, held: 0 });

    const record = (await findRecord(store.db, { flow: PAYOUTS_FLOW, sourceSystem: 'shopify', sourceId: payout.id }))!;
    expect(record).toMatchObject({ state: 'posted', externalRef: `SP${payout.legacyId}` });
    const entries = glEntries(`SP${payout.legacyId}`);
    const debit = sum(entries.map((entry) => String(entry.debitAmount)));
    expect(debit.equals(sum(entries.map((entry) => String(entry.creditAmount))))).toBe(true);
    // The bank's posting-group account received the payout's net; the reserve has its own account; a won dispute nets
    // to nothing on the chargebacks account (summed per payout: no line), and its fee joins the processing fees.
    const on = (account: string) =>
      sum(
        entries
          .filter((entry) => entry.accountNumber === account)
          .map((entry) => dec(String(entry.debitAmount)).minus(String(entry.creditAmount)).toFixed()),
      );
    expect(on('18200').toFixed(2)).toBe(payout.net);
    expect(on('18300').toFixed(2)).toBe('120.00');
    expect(on('65410').toFixed(2)).toBe('0.00');
    const charged = shop.emulator.shop.balanceTransactions.filter((row) => row.type !== 'TRANSFER');
    expect(on('65400').toFixed(2)).toBe(sum(charged.map((row) => row.fee)).toFixed(2));
    expect(journalLines()).toHaveLength(0);
    expect(posted).toEqual([{ payout: payout.id, transactions: expect.any(Number) }]);
    expect((await listLinks(store.db, record.linkGroup)).map((link) => link.kind)).toEqual(['payout', 'journal']);

    // Seen again (the next poll): nothing more is written.
    expect(await pollPayouts(deps)).toEqual({ seen: 1, taken: 0 });
    expect(await postPayouts(deps)).toEqual({ posted: 0, 'in-batch': 0, held: 0 });
    expect(glEntries(`SP${payout.legacyId}`)).toHaveLength(entries.length);

    // The bank sends it back: Shopify marks the payout failed after its journal was posted.
    await control(`/payouts/${payout.legacyId}/status`, { status: 'FAILED' });
    await pollPayouts(deps);
    expect(await listExceptions(store.db, { flow: PAYOUTS_FLOW })).toEqual([
      expect.objectContaining({ code: 'payout_reversed', severity: 'critical', recordId: record.id }),
    ]);
  });

  it('holds a payout with an unknown transaction type: an exception for finance, nothing posted', async () => {
    shop.emulator.placeOrder(undefined, { paypalRate: 0 });
    await control('/payments/movements', { type: 'SHIPPING_LABEL', amount: '-6.40' });
    const payout = (await control('/payouts')) as { id: string; legacyId: string };
    await pollPayouts(deps);
    expect(await postPayouts(deps)).toEqual({ posted: 0, 'in-batch': 0, held: 1 });
    const [exception] = await listExceptions(store.db, { flow: PAYOUTS_FLOW });
    expect(exception).toMatchObject({ code: 'unknown_transaction_type', owner: 'finance', autoRetry: true });
    expect(exception!.message).toContain('SHIPPING_LABEL');
    expect(journalLines()).toHaveLength(0);
    expect(glEntries(`SP${payout.legacyId}`)).toHaveLength(0);

    // Finance maps the type; the next run posts the payout and closes the exception.
    deps.config = { ...deps.config, accounts: { ...deps.config.accounts, byType: { SHIPPING_LABEL: '65420' } } };
    expect(await postPayouts(deps)).toEqual({ posted: 1, 'in-batch': 0, held: 0 });
    expect(await listExceptions(store.db, { flow: PAYOUTS_FLOW })).toEqual([]);
  });

  it('adopts lines an interrupted attempt left in the batch and leaves the batch for review when told to', async () => {
    for (let n = 0; n < 6; n += 1) shop.emulator.placeOrder(undefined, { paypalRate: 0 });
    const payout = (await control('/payouts')) as { id: string; legacyId: string };
    deps.config = { ...deps.config, post: false, detail: 'per-transaction' };
    await pollPayouts(deps);
    // An earlier run got as far as sending half of the lines.
    const record = (await findRecord(store.db, { flow: PAYOUTS_FLOW, sourceSystem: 'shopify', sourceId: payout.id }))!;
    const journal = (await bc.connector.findJournalByCode('SHOPIFY'))!;
    let firstHalf = 0;
    const halfway = {
      ...deps,
      erp: {
        ...bc.connector,
        createJournalLines: async (id: string, lines: Parameters<typeof bc.connector.createJournalLines>[1]) => {
          firstHalf = Math.ceil(lines.length / 2);
          await bc.connector.createJournalLines(id, lines.slice(0, firstHalf));
          throw Object.assign(new Error('connection reset'), { retryable: true });
        },
      },
    };
    await expect(postPayouts(halfway)).rejects.toThrow('connection reset');
    expect((await findRecord(store.db, { flow: PAYOUTS_FLOW, sourceSystem: 'shopify', sourceId: payout.id }))!.state).toBe('posting');
    expect(await bc.connector.listJournalLines(journal.id)).toHaveLength(firstHalf);

    expect(await postPayouts(deps)).toEqual({ posted: 0, 'in-batch': 1, held: 0 });
    const lines = await bc.connector.listJournalLines(journal.id);
    expect(lines.length).toBeGreaterThan(firstHalf);
    expect(sum(lines.map((line) => line.amount)).isZero()).toBe(true);
    expect(new Set(lines.map((line) => line.documentNumber))).toEqual(new Set([`SP${payout.legacyId}`]));
    expect((await findRecord(store.db, { flow: PAYOUTS_FLOW, sourceSystem: 'shopify', sourceId: payout.id }))!.targetIds).toMatchObject({
      'bc.journal.posted': 'false',
    });
    expect(record.id).toBeGreaterThan(0);
  });
});
