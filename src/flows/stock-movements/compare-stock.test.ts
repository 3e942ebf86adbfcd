import { describe, expect, it } from 'vitest';
import type { StockSnapshot } from '../../core/domain/warehouse.ts';
import { compareStock } from './compare-stock.ts';

const snapshot = (levels: [string, number][], complete = true): StockSnapshot => ({
  warehouse: 'SCEND',
  asOf: '2026-11-23T05:30:00.000Z',
  complete,
  levels: levels.map(([sku, onHand]) => ({
    sku,
    warehouse: 'SCEND',
    onHand,
    allocated: 0,
    available: onHand,
    quarantine: 0,
    damaged: null,
  })),
});
const bc = (levels: [string, string, string?, string?][]) =>
  levels.map(([itemNumber, quantity, locationCode = 'SCEND', variantCode = '']) => ({ itemNumber, quantity, locationCode, variantCode }));
const none = { pending: new Map<string, number>(), inTransit: new Map<string, number>() };

describe('stock reconciliation', () => {
  it('finds drift per SKU at the warehouse location beyond the threshold, never elsewhere', () => {
    const result = compareStock(
      snapshot([
        ['TEE-ORG-S', 317],
        ['TEE-ORG-M', 400],
        ['CAP-CANVAS', 200],
      ]),
      bc([
        ['TEE-ORG-S', '320'],
        ['TEE-ORG-M', '400'],
        ['CAP-CANVAS', '201'],
        ['CAP-CANVAS', '50', 'LONDON'],
      ]),
      none,
      { locationCode: 'SCEND', threshold: 1 },
    );
    expect(result.drift).toEqual([
      { sku: 'TEE-ORG-S', location: 'SCEND', warehouse: 317, bc: 320, pendingAdjustments: 0, inTransit: 0, drift: -3 },
    ]);
    expect(result.compared).toBe(3);
  });

  it('explains the difference with adjustments not yet booked and despatches not yet shipped in BC', () => {
    const adjustments = { pending: new Map([['TEE-ORG-S', -3]]), inTransit: new Map([['TEE-ORG-M', 2]]) };
    expect(
      compareStock(
        snapshot([
          ['TEE-ORG-S', 317],
          ['TEE-ORG-M', 398],
        ]),
        bc([
          ['TEE-ORG-S', '320'],
          ['TEE-ORG-M', '400'],
        ]),
        adjustments,
        { locationCode: 'SCEND', threshold: 0 },
      ).drift,
    ).toEqual([]);
  });

  it('reads a SKU missing from a complete snapshot as zero, and from a partial one as unknown', () => {
    const levels = bc([
      ['HOOD-MRN-L', '80'],
      ['TEE-ORG-S', '320'],
    ]);
    expect(
      compareStock(snapshot([['TEE-ORG-S', 320]]), levels, none, { locationCode: 'SCEND', threshold: 0 }).drift.map((line) => [
        line.sku,
        line.drift,
      ]),
    ).toEqual([['HOOD-MRN-L', -80]]);
    expect(compareStock(snapshot([['TEE-ORG-S', 320]], false), levels, none, { locationCode: 'SCEND', threshold: 0 }).drift).toEqual([]);
  });

  it('leaves variants it cannot compare aside, and says which', () => {
    const result = compareStock(snapshot([]), bc([['BEANIE-MRN', '48', 'SCEND', 'NAVY']]), none, { locationCode: 'SCEND', threshold: 0 });
    expect(result).toEqual({ compared: 0, drift: [], notCompared: ['BEANIE-MRN/NAVY'] });
  });
});
