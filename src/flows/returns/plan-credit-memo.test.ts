import { describe, expect, it } from 'vitest';
import { returnsFlowSchema } from '../../config/warehouse-schema.ts';
import type { WarehouseReturn } from '../../core/domain/warehouse.ts';
import { planReturnCreditMemo, type CreditMemoContext } from './plan-credit-memo.ts';

const ret = (lines: [sku: string, quantity: number, grade: WarehouseReturn['lines'][number]['grade']][]): WarehouseReturn => ({
  id: '701',
  orderReference: 'S-ORD101001',
  wmsOrderId: '100001',
  rmaReference: 'RMA-1',
  status: 'inspected',
  updatedAt: null,
  lines: lines.map(([sku, quantity, grade]) => ({
    sku,
    quantity,
    grade,
    disposition: 'restock',
    reason: grade === 'ungraded' ? 'Not Received' : `Grade ${grade}`,
  })),
});

const context = (overrides: Partial<CreditMemoContext> = {}): CreditMemoContext => ({
  reference: 'RET-701',
  customerNumber: 'C00010',
  currencyCode: '',
  localCurrency: 'GBP',
  pricesIncludeTax: true,
  invoiceId: 'inv-1',
  priced: [
    { sku: 'TEE-ORG-M', quantity: '2', unitPrice: '24', discountAmount: '4.80', taxCode: 'STANDARD' },
    { sku: 'SOCK-WOOL-3PK', quantity: '1', unitPrice: '18.5', discountAmount: '0' },
  ],
  alreadyCredited: new Map(),
  grades: returnsFlowSchema.parse({}).grades,
  writeOffAccountNumber: '40400',
  locationId: (code) => (code === 'SCEND' ? 'loc-scend' : undefined),
  defaultLocationCode: 'SCEND',
  ...overrides,
});

describe('returns: the draft credit memo', () => {
  it('restocks grade A at the warehouse and writes grade C off to the account, at the price paid, applied to the invoice', () => {
    const { plan, issues } = planReturnCreditMemo(
      ret([
        ['TEE-ORG-M', 1, 'A'],
        ['TEE-ORG-M', 1, 'C'],
        ['SOCK-WOOL-3PK', 1, 'B'],
      ]),
      context(),
    );
    expect(issues).toEqual([]);
    expect(plan).toEqual({
      restocked: 2,
      writtenOff: 1,
      draft: {
        externalDocumentNumber: 'RET-701',
        customerNumber: 'C00010',
        pricesIncludeTax: true,
        invoiceId: 'inv-1',
        lines: [
          {
            lineType: 'Item',
            lineObjectNumber: 'TEE-ORG-M',
            locationId: 'loc-scend',
            description: 'Return 701: TEE-ORG-M, grade A, back to stock',
            quantity: '1',
            unitPrice: '24',
            discountAmount: '2.40',
          },
          {
            lineType: 'Account',
            lineObjectNumber: '40400',
            description: 'Return 701: TEE-ORG-M, grade C, written off',
            taxCode: 'STANDARD',
            quantity: '1',
            unitPrice: '24',
            discountAmount: '2.40',
          },
          {
            lineType: 'Item',
            lineObjectNumber: 'SOCK-WOOL-3PK',
            locationId: 'loc-scend',
            description: 'Return 701: SOCK-WOOL-3PK, grade B, back to stock',
            quantity: '1',
            unitPrice: '18.5',
          },
        ],
      },
    });
  });

  it('holds what it must not credit by itself, and what the order never had', () => {
    const { plan, issues } = planReturnCreditMemo(
      ret([
        ['TEE-ORG-M', 1, 'ungraded'],
        ['CAP-CANVAS', 1, 'A'],
        ['SOCK-WOOL-3PK', 1, 'C'],
      ]),
      context({ writeOffAccountNumber: undefined, alreadyCredited: new Map([['SOCK-WOOL-3PK', 0]]) }),
    );
    expect(plan).toBeUndefined();
    expect(issues.map((issue) => issue.code)).toEqual(['return_needs_decision', 'return_line_not_on_order', 'account_not_configured']);
  });

  it('does not credit more units than the order had, counting earlier returns', () => {
    const { issues } = planReturnCreditMemo(ret([['TEE-ORG-M', 1, 'A']]), context({ alreadyCredited: new Map([['TEE-ORG-M', 2]]) }));
    expect(issues.map((issue) => issue.message)).toEqual(['1 × TEE-ORG-M came back, but the order has only 0 of it left to credit']);
  });

  it("restocks to a grade's own location when configured", () => {
    const grades = { ...returnsFlowSchema.parse({}).grades, B: { action: 'restock' as const, locationCode: 'SECONDS' } };
    const { issues } = planReturnCreditMemo(ret([['SOCK-WOOL-3PK', 1, 'B']]), context({ grades }));
    expect(issues.map((issue) => issue.message)).toEqual(['location SECONDS for restocked returns does not exist in Business Central']);
  });
});
