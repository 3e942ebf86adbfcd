import { describe, expect, it } from 'vitest';
import {
  describeHistoryEntry,
  formatTimeIn,
  describeSource,
  describeTargetKey,
  formatAge,
  ownerName,
  stateWord,
  systemName,
} from './wording.ts';

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
    expect(stateWord('posted', 'constructor')).toBe('posted');
  });

  it('says which document a posted record made, so "posted" is never read as "shipped and invoiced"', () => {
    expect(stateWord('posted', 'orders')).toBe('in Business Central as a sales order');
    expect(stateWord('posted', 'refunds')).toBe('booked in Business Central as a credit memo');
  });

  it('tells every history entry as a sentence, never a raw or doubled code', () => {
    const record = { sourceSystem: 'shopify', flow: 'orders' };
    const entry = (
      action: string,
      fromState: string | null,
      toState: string | null,
      detail: Record<string, unknown> = {},
      actor = 'orders-flow',
    ) => ({
      action,
      fromState,
      toState,
      detail,
      actor,
    });
    expect(describeHistoryEntry(entry('received', null, 'received', {}, 'shopify-webhook:orders/create'), record)).toBe(
      'Received from Shopify. (Shopify webhook orders/create)',
    );
    expect(describeHistoryEntry(entry('payload_changed', null, null, { previousHash: null }), record)).toBe(
      'Full details read from Shopify. (orders flow)',
    );
    expect(describeHistoryEntry(entry('missing_customs_data', 'received', 'exception'), record)).toBe(
      'Held: missing customs data. (orders flow)',
    );
    expect(describeHistoryEntry(entry('still_failing', 'exception', 'exception'), record)).toBe(
      'Tried again: still held by the same problem. (orders flow)',
    );
    expect(describeHistoryEntry(entry('sales_order_created', 'posting', 'posted'), record)).toBe(
      'Sales order created in Business Central. Now in Business Central as a sales order. (orders flow)',
    );
  });

  it("shows a time in the shop's zone with the zone named", () => {
    expect(formatTimeIn('2026-07-01T09:05:00Z', 'Europe/London')).toBe('1 Jul 2026, 10:05 BST');
    expect(formatTimeIn('2026-12-07T09:05:00Z', 'Europe/London')).toBe('7 Dec 2026, 09:05 GMT');
    expect(formatTimeIn('2026-12-07T09:05:00Z', 'UTC')).toBe('7 Dec 2026, 09:05 UTC');
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
