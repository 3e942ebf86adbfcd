import { beforeEach, describe, expect, it } from 'vitest';
import type { JournalLineDraft, SalesCreditMemoDraft } from '../../core/domain/erp.ts';
import { sendBatch } from './batch.ts';
import { companyPath } from './context.ts';
import { createInProcessBc, type InProcessBc } from './test-support/emulated-bc.ts';

let bc: InProcessBc;
beforeEach(() => {
  bc = createInProcessBc({ emulator: { limits: false } });
});

const memo = (reference: string): SalesCreditMemoDraft => ({
  externalDocumentNumber: reference,
  customerNumber: 'WEB-GUEST',
  pricesIncludeTax: true,
  lines: [
    { lineType: 'Item', lineObjectNumber: 'TEE-ORG-S', quantity: '1', unitPrice: '24.00' },
    { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping refund', quantity: '1', unitPrice: '3.99' },
  ],
});

describe('shipAndInvoice', () => {
  it('posts the order, returns the invoice carrying orderNumber, and reports the order gone', async () => {
    const order = await bc.connector.createSalesOrder({
      externalDocumentNumber: 'SHOP-8001',
      customerNumber: 'WEB-GUEST',
      orderDate: '2026-11-22',
      pricesIncludeTax: true,
      lines: [{ lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: '2', unitPrice: '22.00' }],
    });
    const result = await bc.connector.shipAndInvoice(order.id);
    expect(result.order).toBeUndefined();
    expect(result.invoices).toMatchObject([
      {
        orderNumber: order.number,
        orderId: order.id,
        status: 'Open',
        totalAmountIncludingTax: order.totalAmountIncludingTax,
        remainingAmount: order.totalAmountIncludingTax,
      },
    ]);
    expect(result.invoices[0]!.lines?.map((l) => [l.lineObjectNumber, l.quantity])).toEqual([['CAP-CANVAS', '2']]);
    expect(await bc.connector.findSalesShipmentsByOrderNumber(order.number)).toHaveLength(1);
  });

  it('settles a lost answer by looking for the invoice, never posting twice', async () => {
    const order = await bc.connector.createSalesOrder({
      externalDocumentNumber: 'SHOP-8002',
      customerNumber: 'WEB-GUEST',
      orderDate: '2026-11-22',
      pricesIncludeTax: true,
      lines: [{ lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: '1', unitPrice: '22.00' }],
    });
    bc.emulator.control.addFault({ kind: 'drop-response', method: 'POST', path: 'shipAndInvoice' });
    expect((await bc.connector.shipAndInvoice(order.id)).invoices).toHaveLength(1);
    expect(bc.emulator.rows('salesInvoices')).toHaveLength(1);
  });
});

describe('credit memos and invoices', () => {
  it('creates a credit memo once, adopting it after a lost answer, then posts it', async () => {
    bc.emulator.control.addFault({ kind: 'drop-response', method: 'POST', path: 'salesCreditMemos' });
    const first = await bc.connector.createSalesCreditMemo(memo('refund-9001'));
    expect(first).toMatchObject({ outcome: 'adopted', value: { externalDocumentNumber: 'REFUND-9001', status: 'Draft' } });
    const again = await bc.connector.createSalesCreditMemo(memo('refund-9001'));
    expect(again.outcome).toBe('adopted');
    expect(bc.emulator.rows('salesCreditMemos')).toHaveLength(1);
    const posted = await bc.connector.postSalesCreditMemo(first.value.id);
    expect(posted).toMatchObject({ status: 'Open', number: 'PS-CR104001' });
    expect(posted.lines?.map((l) => l.lineObjectNumber)).toEqual(['TEE-ORG-S', '40250']);
    expect((await bc.connector.postSalesCreditMemo(first.value.id)).number).toBe('PS-CR104001');
    expect(await bc.connector.findSalesCreditMemosByExternalDocumentNumber('Refund-9001')).toHaveLength(1);
  });

  it('finds the credit memos of many references together, and only those', async () => {
    for (const reference of ['refund-9101', 'refund-9102', 'refund-9103']) await bc.connector.createSalesCreditMemo(memo(reference));
    const found = await bc.connector.findSalesCreditMemosByExternalDocumentNumbers(['Refund-9101', 'REFUND-9103', 'REFUND-9999', '']);
    expect(found.map((one) => one.externalDocumentNumber).sort()).toEqual(['REFUND-9101', 'REFUND-9103']);
    expect(await bc.connector.findSalesCreditMemosByExternalDocumentNumbers([])).toEqual([]);
  });

  it('creates and posts a sales invoice, and applies a credit memo to it', async () => {
    const created = await bc.connector.createSalesInvoice({
      externalDocumentNumber: 'INV-77',
      customerNumber: 'C00010',
      pricesIncludeTax: false,
      lines: [{ lineType: 'Item', lineObjectNumber: 'BOOK-CARE', quantity: '3', unitPrice: '12.49' }],
    });
    expect(created.outcome).toBe('created');
    const invoice = await bc.connector.postSalesInvoice(created.value.id);
    expect(invoice).toMatchObject({ status: 'Open', remainingAmount: '37.47' });
    const refund = await bc.connector.createSalesCreditMemo({
      ...memo('refund-77'),
      customerNumber: 'C00010',
      pricesIncludeTax: false,
      invoiceId: invoice.id,
      lines: [{ lineType: 'Item', lineObjectNumber: 'BOOK-CARE', quantity: '1', unitPrice: '12.49' }],
    });
    expect(refund.value.invoiceNumber).toBe(invoice.number);
    await bc.connector.postSalesCreditMemo(refund.value.id);
    expect((await bc.connector.getSalesInvoice(invoice.id))?.remainingAmount).toBe('24.98');
  });
});

describe('general journals', () => {
  const payout = (n: number): JournalLineDraft[] =>
    Array.from({ length: n }, (_, i) => ({
      accountNumber: i === n - 1 ? '18100' : '65400',
      postingDate: '2026-11-23',
      documentNumber: 'PAYOUT-55',
      externalDocumentNumber: `TXN-${i}`,
      amount: i === n - 1 ? `-${n - 1}` : '1',
      description: `Line ${i}`,
    }));

  it('creates a payout batch once through $batch calls of at most 100, then posts it', async () => {
    const journal = (await bc.connector.findJournalByCode('shopify'))!;
    const lines = payout(130);
    const first = await bc.connector.createJournalLines(journal.id, lines);
    expect(first.created).toHaveLength(130);
    expect(bc.requests().filter((r) => r === 'POST $batch')).toHaveLength(2);
    const again = await bc.connector.createJournalLines(journal.id, lines);
    expect([again.created.length, again.adopted.length]).toEqual([0, 130]);
    await bc.connector.postJournal(journal.id);
    expect(await bc.connector.listJournalLines(journal.id)).toEqual([]);
    const afterPosting = await bc.connector.createJournalLines(journal.id, lines);
    expect([afterPosting.created.length, afterPosting.alreadyPosted.length]).toEqual([0, 130]);
  });

  it('surfaces BC refusing an unbalanced batch', async () => {
    const journal = (await bc.connector.findJournalByCode('SHOPIFY'))!;
    await bc.connector.createJournalLines(journal.id, payout(3).slice(0, 2));
    await expect(bc.connector.postJournal(journal.id)).rejects.toMatchObject({
      code: 'invalid_request',
      upstreamCode: 'Application_DialogException',
      message: expect.stringContaining('out of balance'),
    });
  });
});

describe('$batch helper', () => {
  it('surfaces each result, and marks an isolated batch that rolled back as untrusted', async () => {
    const journal = (await bc.connector.findJournalByCode('SHOPIFY'))!;
    const path = await companyPath({ client: bc.connector.client, lane: 'default' } as never, `journals(${journal.id})/journalLines`);
    const good = { method: 'POST' as const, path, body: { accountNumber: '18200', documentNumber: 'B1' } };
    const bad = { method: 'POST' as const, path, body: { accountNumber: '99999', documentNumber: 'B1' } };
    const plain = await sendBatch(bc.connector.client, [good, bad, good]);
    expect(plain.map((r) => [r.status, r.ok, r.executed, r.trusted])).toEqual([
      [201, true, true, true],
      [404, false, true, true],
      [undefined, false, false, true],
    ]);
    expect(plain[1]!.error).toMatchObject({ code: 'not_found', upstreamCode: 'Internal_RecordNotFound' });
    const isolated = await sendBatch(bc.connector.client, [good, bad], { isolation: true });
    expect(isolated.map((r) => [r.status, r.trusted])).toEqual([
      [201, false],
      [404, false],
    ]);
    expect(bc.emulator.rows('journalLines')).toHaveLength(1);
    await expect(
      sendBatch(
        bc.connector.client,
        Array.from({ length: 101 }, () => good),
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
