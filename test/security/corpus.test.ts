/** The corpus itself: at least 250 distinct hostile inputs, and every surface well covered. */
import { describe, expect, it } from 'vitest';
import { corpus } from './corpus/index.ts';

describe('hostile-input corpus', () => {
  const all = Object.values(corpus).flat();

  it('holds at least 250 inputs, each named once', () => {
    expect(all.length).toBeGreaterThanOrEqual(250);
    expect(new Set(all.map((testCase) => testCase.name)).size).toBe(all.length);
  });

  it('covers every surface with at least 30 inputs', () => {
    for (const [surface, cases] of Object.entries(corpus)) expect(cases.length, surface).toBeGreaterThanOrEqual(30);
  });
});
