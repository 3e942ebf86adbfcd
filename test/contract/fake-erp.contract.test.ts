/**
 * The orders flow's fake BC (test/support/fake-orders-world.ts) holds BC behaviour of its own:
 * VAT per line and in total, the order's totals, the reference upper-cased. This contract runs
 * the same sales-order drafts through the fake and through the real BC connector against the BC
 * emulator, and requires the same answer, so the flow tests that use the fake cannot pass on BC
 * behaviour the emulator (checked against Microsoft's sources) does not have.
 */
import { describe, expect, it } from 'vitest';
import { createInProcessBc } from '../../src/connectors/bc/test-support/emulated-bc.ts';
import type { ErpSalesOrder, SalesOrderDraft } from '../../src/core/domain/erp.ts';
import { dec } from '../../src/core/money.ts';
import { FakeErp } from '../support/fake-orders-world.ts';

const base = { customerNumber: 'WEB-GUEST', orderDate: '2026-12-01' };
const tee = (quantity: string, unitPrice: string, discountAmount?: string) => ({
  lineType: 'Item' as const,
  lineObjectNumber: 'TEE-ORG-M',
  quantity,
  unitPrice,
  ...(discountAmount ? { discountAmount } : {}),
});
const shipping = (unitPrice: string) => ({ lineType: 'Account' as const, lineObjectNumber: '40250', quantity: '1', unitPrice });

const drafts: [string, Omit<SalesOrderDraft, 'customerNumber' | 'orderDate'>][] = [
  [
    'VAT-inclusive prices with a discount and shipping',
    {
      externalDocumentNumber: 'shop-c1',
      pricesIncludeTax: true,
      lines: [
        tee('2', '24.00', '7.20'),
        { lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: '1', unitPrice: '18.50', discountAmount: '1.85' },
        shipping('3.99'),
      ],
    },
  ],
  [
    'prices without VAT, five-decimal unit prices',
    {
      externalDocumentNumber: 'shop-c2',
      pricesIncludeTax: false,
      lines: [
        tee('3', '20.00'),
        { lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: '1', unitPrice: '15.41667' },
        shipping('8.29167'),
      ],
    },
  ],
  [
    'a gift-card payment: quantity 1 at a negative price on a zero-rated account',
    {
      externalDocumentNumber: 'shop-c3',
      pricesIncludeTax: true,
      lines: [tee('2', '24.00'), { lineType: 'Account', lineObjectNumber: '22100', quantity: '1', unitPrice: '-20.00', taxCode: 'ZERO' }],
    },
  ],
  [
    'odd pennies that round per line',
    {
      externalDocumentNumber: 'shop-c4',
      pricesIncludeTax: true,
      lines: [tee('1', '0.05'), tee('1', '0.05'), tee('1', '0.05'), shipping('0.07')],
    },
  ],
];

const money = (order: Pick<ErpSalesOrder, 'totalAmountIncludingTax' | 'totalTaxAmount' | 'externalDocumentNumber' | 'lines'>) => ({
  externalDocumentNumber: order.externalDocumentNumber,
  total: dec(order.totalAmountIncludingTax).toFixed(2),
  tax: dec(order.totalTaxAmount).toFixed(2),
  lines: (order.lines ?? []).map((line) => [dec(line.amountIncludingTax).toFixed(2), dec(line.totalTaxAmount).toFixed(2)]),
});

describe('the fake BC agrees with the BC emulator', () => {
  it.each(drafts)('%s', async (_name, draft) => {
    const fake = new FakeErp();
    fake.accountVat.set('22100', '0');
    const fromFake = await fake.createSalesOrder({ ...base, ...draft });
    const bc = createInProcessBc({ emulator: { limits: false } });
    const fromEmulator = await bc.connector.createSalesOrder({ ...base, ...draft });
    expect(money(fromFake)).toEqual(money(fromEmulator));
  });
});
