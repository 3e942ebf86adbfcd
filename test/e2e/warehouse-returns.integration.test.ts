/**
 * Returns through the emulators: a shipped and invoiced order comes back to Scend; while it
 * waits for inspection nothing is credited; once inspected with mixed grades, one draft BC
 * credit memo is made, applied to the invoice and in the order's trail — the as-new unit
 * back to stock at the warehouse, the damaged one written off to the configured account —
 * and left unposted for finance. A return for an order the hub never sent is an exception.
 */
import { describe, expect, it } from 'vitest';
import { listExceptions, listLinks } from '../../src/ledger/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { placeAndRelease, recordOf, runNow, ukOrder, useWarehouseSandbox } from '../support/warehouse-sandbox.ts';

describe('returns through the emulators', () => {
  const world = useWarehouseSandbox();
  const { bcRows } = world;

  it('drafts one credit memo for an inspected return with mixed grades, restocking and writing off per grade', async () => {
    const { sandbox, scend } = world;
    const { salesOrder, release } = await placeAndRelease(
      sandbox,
      ukOrder([
        ['TEE-ORG-M', 2],
        ['SOCK-WOOL-3PK', 1],
      ]),
    );
    const [part] = scend.control.orderParts(salesOrder);
    scend.control.despatch(part!.id, { trackingNumbers: ['RM200000001GB'] });
    await waitFor(async () => (await recordOf(sandbox, 'shipments', 'warehouse', String(part!.id)))?.state === 'posted', {
      timeoutMs: 30_000,
      what: 'the shipment to be posted',
    });
    const invoice = bcRows('salesInvoices').find((row) => row.orderNumber === salesOrder)!;
    expect(invoice).toBeDefined();

    // Arrived, not yet inspected: nothing is credited.
    const arrived = scend.control.receiveReturn({
      orderNumber: salesOrder,
      reference: 'RMA-1',
      lines: [
        { sku: 'TEE-ORG-M', quantity: 1 },
        { sku: 'SOCK-WOOL-3PK', quantity: 1 },
      ],
    });
    await runNow(sandbox, 'returns.poll');
    expect((await recordOf(sandbox, 'returns', 'warehouse', String(arrived.id)))?.state).toBe('waiting');
    expect(bcRows('salesCreditMemos')).toHaveLength(0);

    // Inspected: the tee as new (A), the socks damaged (C).
    scend.control.inspectReturn(arrived.id, ['A', 'C']);
    await runNow(sandbox, 'returns.poll');
    await runNow(sandbox, 'returns.poll');
    const record = await recordOf(sandbox, 'returns', 'warehouse', String(arrived.id));
    expect(record?.state).toBe('posted');
    const memos = bcRows('salesCreditMemos');
    expect(memos).toHaveLength(1);
    const memo = memos[0]!;
    expect(memo).toMatchObject({
      externalDocumentNumber: `RET-${arrived.id}`,
      status: 'Draft',
      invoiceId: invoice.id,
      customerNumber: 'C00010',
    });
    const lines = bcRows('salesCreditMemoLines').filter((line) => line.documentId === memo.id);
    const scendLocation = bcRows('locations').find((location) => location.code === 'SCEND')!;
    expect(lines.map((line) => [line.lineType, line.lineObjectNumber, String(line.quantity)])).toEqual([
      ['Item', 'TEE-ORG-M', '1'],
      ['Account', '40400', '1'],
    ]);
    expect(lines[0]!.locationId).toBe(scendLocation.id);
    expect(record!.targetIds['bc.creditMemo.number']).toBe(memo.number);
    const trail = (await listLinks(sandbox.hub.store.db, release.linkGroup)).map((link) => `${link.system}:${link.kind}`);
    expect(trail).toEqual(expect.arrayContaining(['warehouse:return', 'bc:creditMemo', 'bc:salesInvoice']));
  }, 90_000);

  it('holds a return for an order the hub never sent as an exception, keeping the grades', async () => {
    const { sandbox, scend } = world;
    const stray = scend.control.receiveReturn({
      reference: 'NO-ORDER',
      lines: [{ sku: 'CAP-CANVAS', quantity: 1, grade: 'B' }],
      inspect: true,
    });
    await runNow(sandbox, 'returns.poll');
    const record = await recordOf(sandbox, 'returns', 'warehouse', String(stray.id));
    expect(record?.state).toBe('exception');
    const [exception] = await listExceptions(sandbox.hub.store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'return_unknown_order', category: 'orphan', owner: 'operations' });
    expect(exception!.message).toContain('1 × CAP-CANVAS grade B');
    expect(bcRows('salesCreditMemos')).toHaveLength(1);
  }, 60_000);
});
