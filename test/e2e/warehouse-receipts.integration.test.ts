/**
 * Inbound goods through the emulators: the released BC purchase order due at Scend becomes
 * one ASN (a draft one does not); Scend books in more of one line and less of another and
 * closes the ASN; BC receives what arrived up to what was ordered, and the over- and
 * under-receipt are explained as exceptions, not forced. Hearing the booking again (the
 * callback twice, the poll) receives nothing twice.
 */
import { describe, expect, it } from 'vitest';
import { listExceptions } from '../../src/ledger/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { recordOf, runNow, settle, useWarehouseSandbox } from '../support/warehouse-sandbox.ts';

describe('receipts through the emulators', () => {
  const world = useWarehouseSandbox();
  const { bcRows } = world;

  it('turns a released purchase order into one ASN and receives an over- and under-delivery as explained', async () => {
    const { sandbox, scend } = world;
    const released = bcRows('purchaseOrders').find((order) => order.status === 'Open')!;
    const draft = bcRows('purchaseOrders').find((order) => order.status === 'Draft')!;
    const number = String(released.number);

    await runNow(sandbox, 'receipts.poll');
    await runNow(sandbox, 'receipts.poll');
    const asns = [...scend.state.asns.values()];
    expect(asns.map((asn) => asn.poReference)).toEqual([number]);
    expect(asns[0]!.items.map((item) => `${item.sku}×${item.expected}`).sort()).toEqual(['HOOD-MRN-L×30', 'HOOD-MRN-M×40']);
    expect(await recordOf(sandbox, 'receipts', 'bc', String(draft.number))).toBeUndefined();
    const asnRecord = await recordOf(sandbox, 'receipts', 'bc', number);
    expect(asnRecord).toMatchObject({ state: 'posted', targetIds: { 'warehouse.asn.id': String(asns[0]!.id) } });

    // Two more of the medium, two fewer of the large; the ASN is closed. The callback comes twice.
    scend.control.setCallbackFaults({ duplicateNext: 1 });
    scend.control.arriveAsn(asns[0]!.id);
    scend.control.bookInAsn(
      asns[0]!.id,
      [
        { sku: 'HOOD-MRN-M', quantity: 42 },
        { sku: 'HOOD-MRN-L', quantity: 28 },
      ],
      true,
    );
    await scend.callbacksIdle();
    const receivedRecord = await waitFor(
      async () => {
        const record = await recordOf(sandbox, 'receipts', 'bc', number);
        return record?.state === 'posted' && record.targetIds['bc.receipts'] ? record : undefined;
      },
      { timeoutMs: 30_000, what: 'the booking to be received in BC' },
    );
    await settle(sandbox, 'receipts');

    const lines = bcRows('purchaseOrderLines').filter((line) => line.documentId === released.id);
    expect(
      lines.map((line) => `${String(line.lineObjectNumber)} ${String(line.receivedQuantity)}/${String(line.quantity)}`).sort(),
    ).toEqual(['HOOD-MRN-L 28/30', 'HOOD-MRN-M 40/40']);
    const receipts = bcRows('purchaseReceipts').filter((receipt) => receipt.orderNumber === number);
    expect(receipts).toHaveLength(1);
    expect(receivedRecord.targetIds['bc.receipts']).toBe(String(receipts[0]!.number));

    const open = await listExceptions(sandbox.hub.store.db, { flow: 'receipts', recordId: receivedRecord.id });
    expect(open.map((exception) => exception.code).sort()).toEqual(['over_receipt', 'under_receipt']);
    expect(open.find((exception) => exception.code === 'over_receipt')!.message).toContain('HOOD-MRN-M: 42 booked in, 40 expected');
    expect(open.find((exception) => exception.code === 'under_receipt')!.message).toContain('HOOD-MRN-L: 28 booked in, 30 expected');

    // The poll hears the same booking again: nothing more is received, the exceptions stay as they are.
    await runNow(sandbox, 'receipts.asn-poll', 'receipts');
    expect(bcRows('purchaseReceipts').filter((receipt) => receipt.orderNumber === number)).toHaveLength(1);
    const again = await listExceptions(sandbox.hub.store.db, { flow: 'receipts', recordId: receivedRecord.id });
    expect(again.map((exception) => [exception.id, exception.status])).toEqual(open.map((exception) => [exception.id, exception.status]));
  }, 90_000);
});
