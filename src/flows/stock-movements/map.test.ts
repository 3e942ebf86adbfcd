import { describe, expect, it } from 'vitest';
import { stockMovementsFlowSchema } from '../../config/warehouse-schema.ts';
import type { StockMovement } from '../../core/domain/warehouse.ts';
import { mapMovementToJournalLine, shouldBook } from './map.ts';

const config = stockMovementsFlowSchema.parse({});
const movement = (overrides: Partial<StockMovement> = {}): StockMovement => ({
  id: '90012',
  sku: 'TEE-ORG-S',
  warehouse: 'SCEND',
  delta: -3,
  reason: 'write_off',
  source: 'adjustment',
  wmsReason: 'Write Off',
  occurredAt: '2026-11-23T10:15:00.000Z',
  ...overrides,
});
const context = { config, locationCode: 'SCEND', warehouseName: 'Scend' };

describe('stock movements: journal adjustments', () => {
  it('books a write-off as a negative adjustment of the units, with the reason code and the hub reference', () => {
    expect(mapMovementToJournalLine(movement(), context)).toEqual({
      line: {
        documentNumber: 'WMS-90012',
        entryType: 'Negative Adjmt.',
        itemNumber: 'TEE-ORG-S',
        locationCode: 'SCEND',
        quantity: '3',
        postingDate: '2026-11-23',
        externalDocumentNumber: 'Scend-90012',
        description: '[WRITEOFF] Write Off - Scend movement 90012',
      },
      issues: [],
    });
  });

  it('books found stock as a positive adjustment, with the configured reason code', () => {
    const { line } = mapMovementToJournalLine(movement({ delta: 2, reason: 'found', wmsReason: null }), {
      ...context,
      config: { ...config, reasonCodes: { found: 'STKFOUND' } },
    });
    expect(line).toMatchObject({ entryType: 'Positive Adjmt.', quantity: '2', description: '[STKFOUND] found - Scend movement 90012' });
  });

  it('refuses what cannot be a journal line, naming the movement', () => {
    const { line, issues } = mapMovementToJournalLine(movement({ id: '1234567890123456789', delta: 0 }), context);
    expect(line).toBeUndefined();
    expect(issues.map((issue) => issue.path)).toEqual(['id', 'delta']);
  });

  it("books adjustments and counts; orders, receipts and returns are BC's own", () => {
    expect(
      ['adjustment', 'count', 'order', 'receipt', 'return', 'transfer'].filter((source) =>
        shouldBook({ source: source as StockMovement['source'] }, config),
      ),
    ).toEqual(['adjustment', 'count']);
  });
});
