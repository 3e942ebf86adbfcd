import { describe, expect, it } from 'vitest';
import { parseBcNotifications, readValidationToken } from './webhooks.ts';

const item = (clientState: string) => ({
  subscriptionId: 'orders-sub',
  clientState,
  expirationDateTime: '2026-11-25T08:00:00Z',
  resource: 'api/v2.0/companies(3f8e2d1c-0b9a-4c7d-a6e5-f4d3c2b1a098)/salesOrders(5d115c9c-44e3-ea11-bb43-000d3a2feca1)',
  changeType: 'updated',
  lastModifiedDateTime: '2026-11-22T08:00:00Z',
});

describe('BC webhook notifications', () => {
  it('echoes the handshake token', () => {
    expect(readValidationToken('https://hub.example.com/webhooks/bc?validationToken=abc%2B1')).toBe('abc+1');
    expect(readValidationToken('https://hub.example.com/webhooks/bc')).toBeUndefined();
  });

  it('accepts items carrying our clientState and rejects the others, never throwing', () => {
    const body = JSON.stringify({ value: [item('s3cret'), item('guess'), { ...item('s3cret'), changeType: 'renamed' }] });
    const parsed = parseBcNotifications(body, 's3cret');
    expect(parsed.accepted.map((n) => n.changeType)).toEqual(['updated']);
    expect(parsed.rejected.map((r) => [r.index, r.authentic])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(parseBcNotifications('not json', 's3cret')).toEqual({ accepted: [], rejected: [], unreadable: 'body is not JSON' });
  });
});
