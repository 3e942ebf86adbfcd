import { describe, expect, it } from 'vitest';
import { describeSource, describeTargetKey, formatAge, ownerName, stateWord, systemName } from './wording.ts';

describe('operator wording', () => {
  it('names teams, states and systems in plain words, and leaves unknown values as they are', () => {
    expect(ownerName('ecommerce')).toBe('E-commerce');
    expect(stateWord('exception')).toBe('held: needs attention');
    expect(systemName('bc')).toBe('Business Central');
    for (const odd of ['constructor', 'toString', 'marketing']) {
      expect(ownerName(odd)).toBe(odd);
      expect(stateWord(odd)).toBe(odd);
      expect(systemName(odd)).toBe(odd);
    }
  });

  it('says what a waiting record waits for, by its flow', () => {
    expect(stateWord('waiting', 'orders')).toBe('waiting for the next posting window');
    expect(stateWord('waiting', 'refunds')).toBe('waiting for the refunded money to settle');
    expect(stateWord('waiting', 'returns')).toBe('waiting for the warehouse inspection');
    expect(stateWord('waiting', 'constructor')).toBe('waiting');
    expect(stateWord('posted', 'refunds')).toBe('posted');
  });

  it('says what a record is and what it created', () => {
    expect(describeSource({ flow: 'orders', sourceSystem: 'shopify', sourceRef: '#1042', sourceId: 'gid://shopify/Order/1' })).toBe(
      'Shopify order #1042',
    );
    expect(describeSource({ flow: 'refunds', sourceSystem: 'shopify', sourceRef: null, sourceId: 'gid://shopify/Refund/9' })).toBe(
      'Shopify gid://shopify/Refund/9',
    );
    expect(describeTargetKey('bc.salesOrder.number')).toBe('Business Central sales order number');
    expect(describeTargetKey('shopify.paymentId')).toBe('Shopify payment id');
    expect(describeTargetKey('creditMemo')).toBe('Credit memo');
    expect(describeTargetKey('constructor.x')).toBe('Constructor x');
  });

  it('rounds ages to the unit people use', () => {
    expect([formatAge(null), formatAge(45), formatAge(600), formatAge(7200), formatAge(259_200)]).toEqual([
      '—',
      '45 s',
      '10 min',
      '2 h',
      '3 days',
    ]);
  });
});
