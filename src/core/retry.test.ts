import { describe, expect, it } from 'vitest';
import { ConnectorError } from './errors.ts';
import { computeBackoffMs, decideRetry } from './retry.ts';

const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 10_000 };
const busy = new ConnectorError({ system: 'bc', code: 'upstream_unavailable', message: 'busy' });

describe('decideRetry', () => {
  it('backs off exponentially with jitter over the upper half of the window', () => {
    expect(computeBackoffMs(1, policy, 0)).toBe(500);
    expect(computeBackoffMs(1, policy, 0.998)).toBe(999);
    expect(computeBackoffMs(3, policy, 0)).toBe(2_000);
    expect(computeBackoffMs(3, policy, 1)).toBe(4_000);
  });

  it('caps the wait however many attempts there were', () => {
    expect(computeBackoffMs(50, policy, 1)).toBe(10_000);
    expect(computeBackoffMs(50, policy, 0)).toBe(5_000);
  });

  it('retries retryable connector errors and says why', () => {
    expect(decideRetry({ error: busy, attempt: 1, policy, random: 0 })).toEqual({
      retry: true,
      delayMs: 500,
      reason: 'bc upstream_unavailable, attempt 2 in 500 ms (backoff)',
    });
  });

  it('honours a longer Retry-After from the upstream', () => {
    const limited = new ConnectorError({ system: 'shopify', code: 'rate_limited', message: 'slow down', retryAfterMs: 7_000 });
    expect(decideRetry({ error: limited, attempt: 1, policy, random: 0 })).toMatchObject({ retry: true, delayMs: 7_000 });
  });

  it('stops after the last attempt, for non-retryable codes and for programming errors', () => {
    expect(decideRetry({ error: busy, attempt: 5, policy, random: 0 })).toMatchObject({
      retry: false,
      reason: 'gave up after 5 attempts: bc upstream_unavailable',
      stop: 'exhausted',
    });
    const invalid = new ConnectorError({ system: 'bc', code: 'invalid_request', message: 'blocked customer' });
    expect(decideRetry({ error: invalid, attempt: 1, policy })).toMatchObject({ retry: false });
    expect(decideRetry({ error: new TypeError('x is undefined'), attempt: 1, policy })).toMatchObject({
      retry: false,
      reason: 'not retried, an unexpected error in the hub: TypeError: x is undefined',
      stop: 'defect',
    });
  });

  it('retries passing store failures (lost connection, serialization conflict, failover) and says so', () => {
    const sqlState = (code: string, message = 'store failure') => Object.assign(new Error(message), { code });
    expect(decideRetry({ error: sqlState('40001', 'could not serialize access'), attempt: 1, policy, random: 0 })).toEqual({
      retry: true,
      delayMs: 500,
      reason: 'the store: serialization conflict (40001), attempt 2 in 500 ms (backoff)',
    });
    expect(decideRetry({ error: sqlState('57P01'), attempt: 2, policy, random: 0 })).toMatchObject({ retry: true });
    expect(decideRetry({ error: sqlState('08006'), attempt: 1, policy, random: 0 })).toMatchObject({ retry: true });
    expect(decideRetry({ error: sqlState('ECONNRESET', 'read ECONNRESET'), attempt: 1, policy, random: 0 })).toMatchObject({ retry: true });
    expect(decideRetry({ error: new Error('Connection terminated unexpectedly'), attempt: 1, policy, random: 0 })).toMatchObject({
      retry: true,
    });
    expect(decideRetry({ error: sqlState('40P01'), attempt: 5, policy, random: 0 })).toEqual({
      retry: false,
      delayMs: 0,
      reason: 'gave up after 5 attempts: the store: deadlock (40P01)',
      stop: 'exhausted',
    });
    // A constraint violation is a defect: the same statement fails the same way again.
    expect(decideRetry({ error: sqlState('23505', 'duplicate key value'), attempt: 1, policy })).toMatchObject({
      retry: false,
      stop: 'defect',
    });
  });

  it('lets a connector mark a normally retryable code as final', () => {
    const final = new ConnectorError({ system: 'warehouse', code: 'timeout', message: 'side-effecting GET', retryable: false });
    expect(decideRetry({ error: final, attempt: 1, policy })).toMatchObject({ retry: false });
  });
});
