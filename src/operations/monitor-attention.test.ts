import { describe, expect, it } from 'vitest';
import { needsAttention } from './monitor-attention.ts';

const shippedNotInBc = { flow: 'shipments', name: 'shipped_not_in_bc', label: 'shipped at the warehouse, not shipped in BC', threshold: 0 };

describe('monitoring figures and their grace periods', () => {
  it('does not ask for attention for a despatch 21 seconds old: it is within the few minutes the guide allows', () => {
    expect(needsAttention({ ...shippedNotInBc, value: 1, oldestAgeSeconds: 21, graceSeconds: 300, overdue: 0 })).toBe(false);
  });

  it('asks for attention once a despatch is older than its grace period', () => {
    expect(needsAttention({ ...shippedNotInBc, value: 2, oldestAgeSeconds: 400, graceSeconds: 300, overdue: 1 })).toBe(true);
  });

  it('holds a figure without a grace period against its threshold at once', () => {
    expect(needsAttention({ ...shippedNotInBc, value: 1 })).toBe(true);
    expect(needsAttention({ ...shippedNotInBc, value: 0 })).toBe(false);
  });
});
