import { beforeEach, describe, expect, it } from 'vitest';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import { connectTestApi, num, type TestApi } from './test-api.ts';

let emulator: BcEmulator;
let api: TestApi;
let companion: TestApi;

beforeEach(async () => {
  emulator = createBcEmulator({ limits: false });
  api = await connectTestApi(emulator);
  companion = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
});

const scend = () => emulator.rows('locations').find((l) => l.code === 'SCEND')!.id;

async function createOrder(
  lines: Record<string, unknown>[] = [
    { lineObjectNumber: 'TEE-ORG-M', quantity: 3, locationId: scend() },
    { lineType: 'Account', lineObjectNumber: '40250', quantity: 1, unitPrice: 3.99 },
  ],
) {
  const created = await api.post('{company}/salesOrders?$expand=salesOrderLines', {
    externalDocumentNumber: 'SHOP-2001',
    customerNumber: 'WEB-GUEST',
    salesOrderLines: lines,
  });
  expect(created.status).toBe(201);
  return created.body;
}

const stockAt = async (item: string, location: string) => {
  const { body } = await companion.get(
    `{company}/stockLevels?$filter=${encodeURIComponent(`itemNumber eq '${item}' and locationCode eq '${location}'`)}`,
  );
  return body.value.length ? num(body.value[0].quantity) : '0';
};

describe('shipAndInvoice', () => {
  it('posts shipment and invoice, carries orderNumber, and deletes the fully posted order', async () => {
    const order = await createOrder();
    expect(await stockAt('TEE-ORG-M', 'SCEND')).toBe('400');
    const posted = await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`);
    expect(posted.status).toBe(204);
    expect((await api.get(`{company}/salesOrders(${order.id})`)).status).toBe(404);
    const invoices = (
      await api.get(`{company}/salesInvoices?$filter=${encodeURIComponent(`orderNumber eq '${order.number}'`)}&$expand=salesInvoiceLines`)
    ).body.value;
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ number: 'PS-INV103001', status: 'Open', orderId: order.id, externalDocumentNumber: 'SHOP-2001' });
    expect(num(invoices[0].totalAmountIncludingTax)).toBe(num(order.totalAmountIncludingTax));
    expect(num(invoices[0].remainingAmount)).toBe(num(order.totalAmountIncludingTax));
    const shipments = (
      await api.get(`{company}/salesShipments?$filter=${encodeURIComponent(`orderNumber eq '${order.number}'`)}&$expand=salesShipmentLines`)
    ).body.value;
    expect(
      shipments[0].salesShipmentLines.map((l: { lineObjectNumber: string; quantity: unknown }) => [l.lineObjectNumber, num(l.quantity)]),
    ).toEqual([
      ['TEE-ORG-M', '3'],
      ['40250', '1'],
    ]);
    expect(await stockAt('TEE-ORG-M', 'SCEND')).toBe('397');
    const entries = (
      await api.get(`{company}/itemLedgerEntries?$filter=${encodeURIComponent(`documentNumber eq '${shipments[0].number}'`)}`)
    ).body.value;
    expect(
      entries.map((e: { entryType: string; documentType: string; quantity: unknown }) => [e.entryType, e.documentType, num(e.quantity)]),
    ).toEqual([['Sale', 'Sales Shipment', '-3']]);
  });

  it('posts partial quantities and keeps the order until everything is shipped and invoiced', async () => {
    const order = await createOrder();
    const [tee] = order.salesOrderLines;
    await api.patch(
      `{company}/salesOrders(${order.id})/salesOrderLines(${tee.id})`,
      { shipQuantity: 1, invoiceQuantity: 1 },
      tee['@odata.etag'],
    );
    await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`);
    const after = (await api.get(`{company}/salesOrders(${order.id})?$expand=salesOrderLines`)).body;
    expect(after.status).toBe('Open');
    expect(
      after.salesOrderLines.map((l: Record<string, unknown>) => [
        num(l.shippedQuantity),
        num(l.invoicedQuantity),
        num(l.shipQuantity),
        num(l.invoiceQuantity),
      ]),
    ).toEqual([
      ['1', '1', '2', '2'],
      ['1', '1', '0', '0'],
    ]);
    const refused = await api.patch(`{company}/salesOrders(${order.id})/salesOrderLines(${tee.id})`, { shipQuantity: 5 });
    expect(refused.body.error.message).toContain('cannot ship more than 2');
    await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`);
    expect(emulator.rows('salesOrders')).toHaveLength(0);
    expect(emulator.rows('salesInvoices').map((i) => i.orderNumber)).toEqual([order.number, order.number]);
  });

  it('refuses an order with nothing to post', async () => {
    const order = await createOrder([{ lineObjectNumber: 'TEE-ORG-M', quantity: 1, shipQuantity: 0, invoiceQuantity: 0 }]);
    const { status, body } = await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`);
    expect([status, body.error.code, body.error.message]).toEqual([
      400,
      'Application_DialogException',
      expect.stringContaining('nothing to post'),
    ]);
  });
});

describe('companion ship, release and reopen', () => {
  it("refuses a tracking number longer than BC 24's Text[30] Package Tracking No.", async () => {
    const order = await createOrder();
    const refused = await companion.patch(`{company}/salesOrders(${order.id})`, { packageTrackingNumber: 'X'.repeat(31) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/less than or equal to 30 characters/);
  });

  it('ships part of an order without invoicing, copying agent and tracking to the shipment', async () => {
    const order = await createOrder();
    expect((await companion.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.release`)).status).toBe(204);
    expect((await companion.get(`{company}/salesOrders(${order.id})`)).body.status).toBe('Released');
    const fields = await companion.patch(`{company}/salesOrders(${order.id})`, {
      shippingAgentCode: 'dpd',
      packageTrackingNumber: '15501234567890',
      shopifyOrderId: 'gid://shopify/Order/42',
    });
    expect(fields.body).toMatchObject({ shippingAgentCode: 'DPD', packageTrackingNumber: '15501234567890', status: 'Released' });
    const [tee, shipping] = order.salesOrderLines;
    await api.patch(`{company}/salesOrders(${order.id})/salesOrderLines(${tee.id})`, { shipQuantity: 2 });
    await api.patch(`{company}/salesOrders(${order.id})/salesOrderLines(${shipping.id})`, { shipQuantity: 0 });
    expect((await companion.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.ship`)).status).toBe(204);
    const [shipment] = emulator.rows('salesShipments');
    expect(shipment).toMatchObject({
      orderNumber: order.number,
      _shippingAgentCode: 'DPD',
      _packageTrackingNumber: '15501234567890',
      _shopifyOrderId: 'gid://shopify/Order/42',
    });
    expect(emulator.rows('salesInvoices')).toHaveLength(0);
    const line = (await api.get(`{company}/salesOrders(${order.id})/salesOrderLines(${tee.id})`)).body;
    expect([num(line.shippedQuantity), num(line.invoicedQuantity), num(line.invoiceQuantity)]).toEqual(['2', '0', '3']);
    expect(await stockAt('TEE-ORG-M', 'SCEND')).toBe('398');
    expect((await companion.patch(`{company}/salesOrders(${order.id})`, { shippingAgentCode: 'PIGEON' })).body.error.code).toBe(
      'Internal_RecordNotFound',
    );
  });

  it('reopens a released order so it can be changed again', async () => {
    const order = await createOrder();
    await companion.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.release`);
    expect((await api.patch(`{company}/salesOrders(${order.id})`, { shipToCity: 'York' })).status).toBe(400);
    await companion.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.reopen`);
    expect((await api.patch(`{company}/salesOrders(${order.id})`, { shipToCity: 'York' })).status).toBe(200);
    expect((await companion.get(`{company}/salesOrders?$filter=${encodeURIComponent(`status eq 'Open'`)}`)).body.value).toHaveLength(1);
  });
});

describe('invoices and credit memos', () => {
  it('posts a draft invoice in place and applies a credit memo to it', async () => {
    const draft = (
      await api.post('{company}/salesInvoices?$expand=salesInvoiceLines', {
        externalDocumentNumber: 'INV-7',
        customerNumber: 'C00010',
        salesInvoiceLines: [{ lineObjectNumber: 'CAP-CANVAS', quantity: 2, locationId: scend() }],
      })
    ).body;
    expect(draft).toMatchObject({ status: 'Draft', number: 'S-INV102001' });
    expect((await api.post(`{company}/salesInvoices(${draft.id})/Microsoft.NAV.post`)).status).toBe(204);
    const invoice = (await api.get(`{company}/salesInvoices(${draft.id})`)).body;
    expect(invoice).toMatchObject({ status: 'Open', number: 'PS-INV103001' });
    expect((await api.post(`{company}/salesInvoices(${draft.id})/Microsoft.NAV.post`)).body.error.message).toContain('already been posted');
    const memo = (
      await api.post('{company}/salesCreditMemos', {
        externalDocumentNumber: 'REFUND-7',
        customerNumber: 'C00010',
        invoiceId: draft.id,
        salesCreditMemoLines: [{ lineObjectNumber: 'CAP-CANVAS', quantity: 2, locationId: scend() }],
      })
    ).body;
    expect(memo).toMatchObject({ status: 'Draft', invoiceNumber: 'PS-INV103001' });
    expect((await api.post(`{company}/salesCreditMemos(${memo.id})/Microsoft.NAV.post`)).status).toBe(204);
    expect((await api.get(`{company}/salesCreditMemos(${memo.id})`)).body).toMatchObject({ number: 'PS-CR104001', status: 'Paid' });
    expect((await api.get(`{company}/salesInvoices(${draft.id})`)).body.status).toBe('Paid');
    expect(await stockAt('CAP-CANVAS', 'SCEND')).toBe('200');
    expect((await api.patch(`{company}/salesCreditMemos(${memo.id})`, { externalDocumentNumber: 'X' })).body.error.message).toContain(
      'posted',
    );
  });

  it('refuses to post an empty credit memo', async () => {
    const memo = (await api.post('{company}/salesCreditMemos', { customerNumber: 'C00010' })).body;
    expect((await api.post(`{company}/salesCreditMemos(${memo.id})/Microsoft.NAV.post`)).body.error.message).toContain('nothing to post');
  });
});

describe('journals', () => {
  const journal = () => emulator.rows('journals').find((j) => j.code === 'SHOPIFY')!;

  it('refuses an empty batch and an unbalanced one, posts a balanced one to the G/L', async () => {
    expect((await api.post(`{company}/journals(${journal().id})/Microsoft.NAV.post`)).body.error.message).toContain('nothing to post');
    const line = (body: Record<string, unknown>) =>
      api.post(`{company}/journals(${journal().id})/journalLines`, { postingDate: '2026-11-23', documentNumber: 'PAYOUT-881', ...body });
    const first = (await line({ accountNumber: '18200', amount: 95.4, description: 'Payout to bank' })).body;
    expect([num(first.lineNumber), first.journalDisplayName]).toEqual(['10000', 'SHOPIFY']);
    await line({ accountNumber: '65400', amount: 4.6, description: 'Fees' });
    const unbalanced = await api.post(`{company}/journals(${journal().id})/Microsoft.NAV.post`);
    expect(unbalanced.body.error.message).toContain('out of balance by 100');
    const clearing = await line({ accountNumber: '18100', amount: -100, lineNumber: 30000 });
    expect(clearing.status).toBe(201);
    expect((await line({ accountNumber: '18100', amount: -1, lineNumber: 30000 })).body.error.code).toBe(
      'Internal_EntityWithSameKeyExists',
    );
    expect((await api.post(`{company}/journals(${journal().id})/Microsoft.NAV.post`)).status).toBe(204);
    expect((await api.get(`{company}/journals(${journal().id})/journalLines`)).body.value).toHaveLength(0);
    const entries = (await api.get(`{company}/generalLedgerEntries?$filter=${encodeURIComponent("documentNumber eq 'PAYOUT-881'")}`)).body
      .value;
    expect(entries.map((e: Record<string, unknown>) => [e.accountNumber, num(e.debitAmount), num(e.creditAmount)])).toEqual([
      ['18200', '95.4', '0'],
      ['65400', '4.6', '0'],
      ['18100', '0', '100'],
    ]);
  });
});

describe('item journals and purchase receipts (companion)', () => {
  it("refuses the hub's document numbers in a batch with a No. Series, as Item Jnl.-Post Batch does", async () => {
    const batch = (await companion.get(`{company}/itemJournals?$filter=${encodeURIComponent("code eq 'DEFAULT'")}`)).body.value[0];
    const lines = `{company}/itemJournals(${batch.id})/itemJournalLines`;
    const line = { entryType: 'Positive Adjmt.', itemNumber: 'BEANIE-MRN', variantCode: 'NAVY', locationCode: 'SCEND', quantity: 1 };
    const added = (await companion.post(lines, { ...line, documentNumber: 'WH-ADJ-10' })).body;
    const refused = await companion.post(`{company}/itemJournals(${batch.id})/Microsoft.NAV.post`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Document No\. must be equal to 'T00001'.*Current value is 'WH-ADJ-10'/);
    const fixed = await companion.patch(`{company}/itemJournalLines(${added.id})`, { documentNumber: 'T00001' });
    expect(fixed.status).toBe(200);
    expect((await companion.post(`{company}/itemJournals(${batch.id})/Microsoft.NAV.post`)).status).toBe(204);
  });

  it('posts an item journal batch into stock per location and variant', async () => {
    const batch = (await companion.get(`{company}/itemJournals?$filter=${encodeURIComponent("code eq 'LB-STOCK'")}`)).body.value[0];
    const lines = `{company}/itemJournals(${batch.id})/itemJournalLines`;
    const first = (
      await companion.post(lines, {
        entryType: 'Negative Adjmt.',
        itemNumber: 'BEANIE-MRN',
        variantCode: 'navy',
        locationCode: 'SCEND',
        quantity: 3,
        documentNumber: 'WH-ADJ-9',
      })
    ).body;
    expect([num(first.lineNumber), first.journalBatchName, first.variantCode]).toEqual(['10000', 'LB-STOCK', 'NAVY']);
    await companion.post(lines, {
      entryType: 'Positive Adjmt.',
      itemNumber: 'BEANIE-MRN',
      variantCode: 'OLIVE',
      locationCode: 'LONDON',
      quantity: 2,
      documentNumber: 'WH-ADJ-9',
    });
    expect((await companion.post(lines, { itemNumber: 'BEANIE-MRN', variantCode: 'RED', quantity: 1 })).body.error.code).toBe(
      'Internal_RecordNotFound',
    );
    expect((await companion.post(`{company}/itemJournals(${batch.id})/Microsoft.NAV.post`)).status).toBe(204);
    const levels = (await companion.get(`{company}/stockLevels?$filter=${encodeURIComponent("itemNumber eq 'BEANIE-MRN'")}`)).body.value;
    expect(levels.map((l: Record<string, unknown>) => `${String(l.variantCode)}@${String(l.locationCode)}=${num(l.quantity)}`)).toEqual([
      'NAVY@SCEND=57',
      'NAVY@LONDON=10',
      'OLIVE@SCEND=40',
      'OLIVE@LONDON=7',
      'CHARCOAL@SCEND=30',
    ]);
    expect((await companion.post(`{company}/itemJournals(${batch.id})/Microsoft.NAV.post`)).body.error.message).toContain(
      'nothing to post',
    );
    expect((await api.get(`{company}/items?$filter=${encodeURIComponent("number eq 'BEANIE-MRN'")}`)).body.value[0].inventory.value).toBe(
      '144',
    );
  });

  it('receives a purchase order without invoicing it', async () => {
    const order = (await companion.get('{company}/purchaseOrders')).body.value[0];
    expect(order).toMatchObject({ vendorNumber: 'V00010', status: 'Released' });
    const lines = (await api.get(`{company}/purchaseOrders(${order.id})/purchaseOrderLines`)).body.value;
    await api.patch(
      `{company}/purchaseOrders(${order.id})/purchaseOrderLines(${lines[1].id})`,
      { receiveQuantity: 0 },
      lines[1]['@odata.etag'],
    );
    expect((await companion.post(`{company}/purchaseOrders(${order.id})/Microsoft.NAV.receive`)).status).toBe(204);
    const receipts = (await api.get(`{company}/purchaseReceipts?$expand=purchaseReceiptLines`)).body.value;
    expect(receipts.map((r: Record<string, unknown>) => r.orderNumber)).toEqual([order.number]);
    expect(receipts[0].purchaseReceiptLines.map((l: Record<string, unknown>) => [l.lineObjectNumber, num(l.quantity)])).toEqual([
      ['HOOD-MRN-M', '40'],
    ]);
    expect(await stockAt('HOOD-MRN-M', 'SCEND')).toBe('136');
    const after = (await api.get(`{company}/purchaseOrders(${order.id})/purchaseOrderLines`)).body.value;
    expect(after.map((l: Record<string, unknown>) => [num(l.receivedQuantity), num(l.receiveQuantity)])).toEqual([
      ['40', '0'],
      ['0', '0'],
    ]);
  });
});

describe('cash receipts', () => {
  async function postedInvoice() {
    const order = await createOrder();
    expect((await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`)).status).toBe(204);
    return emulator.rows('salesInvoices').find((row) => row.orderNumber === order.number)!;
  }
  const batch = () => emulator.rows('customerPaymentJournals').find((row) => row.code === 'SHOPIFY-CR')!;

  it('applies a standard customer payment to its invoice when the companion posts the batch, and refuses what BC refuses', async () => {
    const invoice = await postedInvoice();
    const total = String(invoice.totalAmountIncludingTax);
    const payment = await api.post(`{company}/customerPaymentJournals(${batch().id})/customerPayments`, {
      documentNumber: 'SC1',
      amount: -Number(total),
      appliesToInvoiceId: invoice.id,
    });
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({
      customerNumber: 'WEB-GUEST',
      appliesToInvoiceNumber: invoice.number,
      journalDisplayName: 'SHOPIFY-CR',
    });
    const lines = await companion.get(`{company}/cashReceiptJournals(${batch().id})/cashReceiptLines`);
    expect(lines.body.value).toEqual([
      expect.objectContaining({
        documentType: 'Payment',
        accountNumber: 'WEB-GUEST',
        balancingAccountNumber: '18100',
        appliesToDocumentType: 'Invoice',
      }),
    ]);
    expect((await companion.post(`{company}/cashReceiptJournals(${batch().id})/Microsoft.NAV.post`)).status).toBe(204);
    expect(emulator.rows('salesInvoices').find((row) => row.id === invoice.id)).toMatchObject({ status: 'Paid', remainingAmount: '0' });
    expect(emulator.rows('generalLedgerEntries').filter((row) => row.documentNumber === 'SC1')).toEqual([
      expect.objectContaining({ accountNumber: '18100', debitAmount: total }),
    ]);

    // A payment must credit the customer; a closed invoice takes nothing more; an empty batch has nothing to post.
    const positive = await companion.post('{company}/cashReceiptLines', {
      journalTemplateName: 'CASHRCPT',
      journalBatchName: 'SHOPIFY-CR',
      documentType: 'Payment',
      documentNumber: 'SC2',
      accountNumber: 'WEB-GUEST',
      amount: 5,
    });
    expect(positive.status).toBe(201);
    const refused = await companion.post(`{company}/cashReceiptJournals(${batch().id})/Microsoft.NAV.post`);
    expect([refused.status, refused.body.error.message]).toEqual([400, expect.stringContaining('Amount must be negative')]);
    await companion.remove(`{company}/cashReceiptLines(${positive.body.id})`, positive.body['@odata.etag']);
    await companion.post('{company}/cashReceiptLines', {
      journalTemplateName: 'CASHRCPT',
      journalBatchName: 'SHOPIFY-CR',
      documentType: 'Payment',
      documentNumber: 'SC3',
      accountNumber: 'WEB-GUEST',
      amount: -5,
      appliesToDocumentType: 'Invoice',
      appliesToDocumentNumber: invoice.number,
    });
    const closed = await companion.post(`{company}/cashReceiptJournals(${batch().id})/Microsoft.NAV.post`);
    expect(closed.body.error.message).toContain('The Cust. Ledger Entry does not exist');
  });
});

/**
 * The Sales Line table's Quantity validation (Microsoft's base application, SalesLine.Table.al)
 * refuses a quantity of the other sign to, or smaller than, what has shipped — with nothing
 * shipped a negative quantity passes — and CanShipQty / Qty. to Invoice check sign and size.
 */
describe('signed quantities on order lines, as BC checks them', () => {
  it('accepts a negative G/L line (nothing shipped yet) and posts it negative', async () => {
    const order = await createOrder([
      { lineObjectNumber: 'TEE-ORG-M', quantity: 1, locationId: scend() },
      { lineType: 'Account', lineObjectNumber: '40250', quantity: -1, unitPrice: 3.99 },
    ]);
    const line = order.salesOrderLines[1];
    expect([num(line.quantity), num(line.shipQuantity), num(line.invoiceQuantity)]).toEqual(['-1', '-1', '-1']);
    expect((await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`)).status).toBe(204);
  });

  it('accepts quantity 1 at a negative unit price, the form the hub sends for a gift-card payment', async () => {
    const order = await createOrder([
      { lineObjectNumber: 'TEE-ORG-M', quantity: 1, locationId: scend() },
      { lineType: 'Account', lineObjectNumber: '40250', quantity: 1, unitPrice: -5 },
    ]);
    expect(num(order.salesOrderLines[1].amountIncludingTax)).toBe('-5');
  });

  it('refuses a quantity to ship of the other sign than the line', async () => {
    const order = await createOrder();
    const [line] = order.salesOrderLines;
    const patched = await api.patch(
      `{company}/salesOrders(${order.id})/salesOrderLines(${line.id})`,
      { shipQuantity: -1 },
      line['@odata.etag'],
    );
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toMatch(/cannot ship more than 3 units/);
  });
});
