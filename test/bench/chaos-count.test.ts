import { describe, expect, it } from 'vitest';
import { countChaos, type ChaosSnapshot } from '../../bench/support/chaos-count.ts';

function order(
  number: number,
  extra: Partial<ChaosSnapshot['shopify']['orders'][number]> = {},
): ChaosSnapshot['shopify']['orders'][number] {
  return {
    id: `gid://shopify/Order/${number}`,
    name: `#${number}`,
    cancelled: false,
    edited: false,
    lines: [{ sku: 'TEE-ORG-M', quantity: 2 }],
    refunds: [],
    fulfillments: [],
    ...extra,
  };
}

function snapshot(): ChaosSnapshot {
  return {
    shopify: {
      orders: [
        order(1001, { fulfillments: [{ status: 'SUCCESS', lines: [{ sku: 'TEE-ORG-M', quantity: 2 }] }] }),
        order(1002, {
          refunds: [
            { id: 'gid://shopify/Refund/7', legacyId: '7', lines: [] },
            { id: 'gid://shopify/Refund/8', legacyId: '8', lines: [] },
          ],
        }),
        order(1003),
        order(1004),
        order(1005, {
          edited: true,
          refunds: [{ id: 'gid://shopify/Refund/9', legacyId: '9', lines: [{ sku: 'TEE-ORG-M', quantity: 1, restockType: 'CANCEL' }] }],
        }),
      ],
      payouts: [
        { id: 'gid://shopify/ShopifyPaymentsPayout/50', legacyId: '50', status: 'PAID' },
        { id: 'gid://shopify/ShopifyPaymentsPayout/51', legacyId: '51', status: 'PAID' },
        { id: 'gid://shopify/ShopifyPaymentsPayout/52', legacyId: '52', status: 'SCHEDULED' },
      ],
    },
    bc: {
      salesOrders: [
        // #1002 twice: a duplicate. #1003 absent and held; #1004 absent and not held: lost.
        { number: 'S-2', externalDocumentNumber: 'SHOP-1002', lines: [] },
        { number: 'S-3', externalDocumentNumber: 'shop-1002', lines: [] },
        // #1005 still shows the unit Shopify cancelled: the edit did not reach BC.
        { number: 'S-5', externalDocumentNumber: 'SHOP-1005', lines: [{ sku: 'TEE-ORG-M', quantity: 2 }] },
      ],
      salesInvoices: [{ number: 'I-1', externalDocumentNumber: 'SHOP-1001' }],
      salesShipments: [
        { number: 'H-1', orderNumber: 'S-1', externalDocumentNumber: 'SHOP-1001', lines: [{ sku: 'TEE-ORG-M', quantity: 2 }] },
      ],
      salesCreditMemos: [
        { number: 'C-1', externalDocumentNumber: 'SHOPR-7' },
        { number: 'C-2', externalDocumentNumber: 'SHOPR-7' },
        { number: 'C-3', externalDocumentNumber: 'RET-701' },
      ],
      itemEntries: [
        { documentNumber: 'WMS-90001', posted: true },
        { documentNumber: 'WMS-90002', posted: false },
      ],
      bankEntries: [{ documentNumber: 'SP50' }, { documentNumber: 'SP50' }],
      unpostedJournalLines: [],
      newCustomers: [
        { number: 'C1', email: 'a@example.com' },
        { number: 'C2', email: 'B@example.com' },
        { number: 'C3', email: 'b@example.com' },
        { number: 'C4', email: 'c@example.com' },
      ],
    },
    warehouse: {
      orders: [
        { orderNumber: 'S-1', despatched: true, items: [{ sku: 'TEE-ORG-M', quantity: 2 }] },
        { orderNumber: 'S-2', despatched: true, items: [{ sku: 'TEE-ORG-M', quantity: 2 }] },
        { orderNumber: 'S-3', despatched: false, items: [{ sku: 'TEE-ORG-M', quantity: 2 }] },
      ],
      returns: [
        { id: '701', confirmed: true },
        { id: '702', confirmed: true },
        { id: '703', confirmed: false },
      ],
      movements: [{ id: '90001' }, { id: '90002' }, { id: '90003' }],
    },
    ledger: [
      { flow: 'orders', sourceId: 'gid://shopify/Order/1003', sourceRef: '#1003', state: 'exception' },
      { flow: 'orders', sourceId: 'gid://shopify/Order/1004', sourceRef: '#1004', state: 'posting' },
      { flow: 'refunds', sourceId: 'gid://shopify/Refund/8', sourceRef: null, state: 'waiting' },
      { flow: 'shipments', sourceId: '100002', sourceRef: 'S-2', state: 'exception' },
      { flow: 'returns', sourceId: '702', sourceRef: null, state: 'skipped' },
      { flow: 'customers', sourceId: 'a@example.com', sourceRef: null, state: 'posted' },
      { flow: 'customers', sourceId: 'b@example.com', sourceRef: null, state: 'posted' },
      { flow: 'customers', sourceId: 'c@example.com', sourceRef: null, state: 'received' },
    ],
  };
}

describe('countChaos', () => {
  it('counts done, held, duplicated and lost work per flow from the emulators and the ledger', () => {
    const rows = Object.fromEntries(countChaos(snapshot()).map((row) => [row.flow, row]));
    expect(rows.orders).toMatchObject({ expected: 5, done: 3, held: 1, duplicates: 1, lost: 1 });
    expect(rows.orders!.examples).toEqual(['Shopify order #1002: 1 duplicate(s)', 'Shopify order #1004: lost (ledger: posting)']);
    expect(rows.edits).toMatchObject({ expected: 1, done: 0, held: 0, lost: 1 });
    expect(rows.refunds).toMatchObject({ expected: 3, done: 1, held: 1, duplicates: 1, lost: 1 });
    // S-1 shipped in BC and fulfilled in Shopify; S-2 neither, but held; S-3 not despatched.
    expect(rows.shipments).toMatchObject({ expected: 2, done: 1, held: 1, duplicates: 0, lost: 0 });
    expect(rows.returns).toMatchObject({ expected: 2, done: 1, held: 1, lost: 0 });
    expect(rows['stock-movements']).toMatchObject({ expected: 3, done: 2, lost: 1 });
    expect(rows.payouts).toMatchObject({ expected: 2, done: 1, duplicates: 1, lost: 1 });
    // b@ twice in BC; c@ made but never recorded for review.
    expect(rows.customers).toMatchObject({ expected: 3, done: 2, duplicates: 1, lost: 1 });
    expect(rows.customers!.examples).toContain('BC customer for c@example.com: lost (ledger: received)');
  });

  it('counts an edit BC could no longer take as held when its posted order has an open exception saying so', () => {
    const withConflict = snapshot();
    withConflict.ledger.push({
      flow: 'orders',
      sourceId: 'gid://shopify/Order/1005',
      sourceRef: '#1005',
      state: 'posted',
      openExceptions: 1,
    });
    const rows = Object.fromEntries(countChaos(withConflict).map((row) => [row.flow, row]));
    expect(rows.edits).toMatchObject({ expected: 1, done: 0, held: 1, lost: 0 });
    withConflict.ledger.at(-1)!.openExceptions = 0;
    expect(Object.fromEntries(countChaos(withConflict).map((row) => [row.flow, row])).edits).toMatchObject({ held: 0, lost: 1 });
  });
});
