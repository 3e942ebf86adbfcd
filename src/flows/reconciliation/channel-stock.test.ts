import { describe, expect, it } from 'vitest';
import { computeAvailableToSell } from '../inventory/available.ts';
import { describeChannelStock } from './channel-stock.ts';

const terms = (figures: { inventory: string; outstanding: string }, inFlight: number, held: number, units: number, zeroBelow = 0) =>
  computeAvailableToSell({
    figures: { ...figures, reserved: '0' },
    basis: 'inventory-less-outstanding',
    inFlight,
    held,
    buffer: { source: 'default', units },
    zeroBelow,
  });

describe("the Shopify stock difference in finance's words", () => {
  it('names both figures and every term of the formula, and the last push with its record', () => {
    const line = { shopifyShows: 7, terms: terms({ inventory: '10', outstanding: '2' }, 1, 0, 2), lastPush: null };
    expect(describeChannelStock(line)).toBe(
      "Shopify shows 7, the hub's figure is 5 (BC available 8, 1 in orders not yet in BC, buffer 2). The hub has not pushed this SKU here.",
    );
    const pushed = { ...line, lastPush: { recordId: 42, linkGroup: 'g', quantity: 5, at: '2026-11-28T03:00:00.000Z' } };
    expect(describeChannelStock(pushed)).toMatch(/The hub last set 5 on 2026-11-28 \(record 42\)\.$/);
  });

  it('counts held orders with the unseen ones, rounds BC down to whole units, and says when the floor bites', () => {
    const held = { shopifyShows: 4, terms: terms({ inventory: '6.5', outstanding: '0' }, 1, 2, 1), lastPush: null };
    expect(describeChannelStock(held)).toContain(
      "the hub's figure is 2 (BC available 6, 3 in orders not yet in BC (2 of them held as exceptions), buffer 1)",
    );
    const oversold = { shopifyShows: 1, terms: terms({ inventory: '2', outstanding: '1' }, 3, 0, 0), lastPush: null };
    expect(describeChannelStock(oversold)).toContain(
      "the hub's figure is 0 (BC available 1, 3 in orders not yet in BC, buffer 0, never below 0)",
    );
    const low = { shopifyShows: 2, terms: terms({ inventory: '4', outstanding: '0' }, 0, 0, 2, 3), lastPush: null };
    expect(describeChannelStock(low)).toContain(
      "the hub's figure is 0 (BC available 4, 0 in orders not yet in BC, buffer 2, shown as 0 below 3)",
    );
  });
});
