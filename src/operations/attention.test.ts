import { describe, expect, it } from 'vitest';
import { ordersExceptionCatalogue } from '../flows/orders/exceptions.ts';
import { attentionOf, severitiesFor } from './attention.ts';

describe('needs action or for review', () => {
  it('puts a customer the hub created for information among the reviews, never among the things to fix', () => {
    expect(attentionOf(ordersExceptionCatalogue.customer_created)).toBe('review');
  });

  it('counts warnings, errors and critical problems as needing action', () => {
    expect(['warning', 'error', 'critical'].map((severity) => attentionOf({ severity: severity as 'warning' }))).toEqual([
      'action',
      'action',
      'action',
    ]);
    expect(severitiesFor('review')).toEqual(['info']);
    expect(severitiesFor('action')).toEqual(['warning', 'error', 'critical']);
  });
});
