/** Which address counts: the connection's, unless it is a trusted proxy, then the one that proxy saw. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createClientResolver, normaliseAddress, parseTrustedProxies, type ClientInfo } from './client-address.ts';

/** Resolves the client of an in-process request as if it came from `peer` (the socket's address). */
async function resolveFrom(trusted: string[], peer: string, headers: Record<string, string> = {}, url = 'http://hub.test/api/status') {
  const resolve = createClientResolver(trusted);
  const app = new Hono();
  let seen: ClientInfo | undefined;
  app.get('*', (c) => {
    seen = resolve(c);
    return c.text('ok');
  });
  await app.request(url, { headers }, { incoming: { socket: { remoteAddress: peer, remotePort: 1234, remoteFamily: 'IPv4' } } });
  return seen!;
}

describe('client address', () => {
  it('is the connection itself when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await resolveFrom([], '198.51.100.7', { 'x-forwarded-for': '127.0.0.1' })).toMatchObject({
      address: '198.51.100.7',
      forwarded: false,
    });
    expect(await resolveFrom(['10.0.0.1'], '198.51.100.7', { 'x-forwarded-for': '127.0.0.1' })).toMatchObject({ address: '198.51.100.7' });
  });

  it('behind a trusted proxy, is the right-most address that is not itself a trusted proxy', async () => {
    const trusted = ['10.0.0.0/8', '192.168.1.10'];
    // The client claims to be 127.0.0.1; the proxy appended what it really saw.
    expect(await resolveFrom(trusted, '10.1.2.3', { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' })).toMatchObject({
      address: '203.0.113.9',
      peer: '10.1.2.3',
      forwarded: true,
    });
    // Two proxies in a row: the inner one is skipped too.
    expect(await resolveFrom(trusted, '10.1.2.3', { 'x-forwarded-for': '203.0.113.9, 192.168.1.10' })).toMatchObject({
      address: '203.0.113.9',
    });
    // A proxy that forwarded nothing: the proxy is the client.
    expect(await resolveFrom(trusted, '10.1.2.3')).toMatchObject({ address: '10.1.2.3', forwarded: false });
    // Garbage where an address should be stops the walk at the last hop a trusted proxy wrote.
    expect(await resolveFrom(trusted, '10.1.2.3', { 'x-forwarded-for': 'not-an-ip' })).toMatchObject({ address: '10.1.2.3' });
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    expect((await resolveFrom(['10.0.0.1'], '10.0.0.1', { 'x-forwarded-proto': 'https' })).https).toBe(true);
    expect((await resolveFrom([], '10.0.0.1', { 'x-forwarded-proto': 'https' })).https).toBe(false);
  });

  it('reads IPv6, IPv4 mapped into IPv6, and ports the way proxies write them', async () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('203.0.113.9:51234')).toBe('203.0.113.9');
    expect(await resolveFrom(['fd00::/8'], 'fd00::5', { 'x-forwarded-for': '[2001:db8::7]:5000' })).toMatchObject({
      address: '2001:db8::7',
    });
  });

  it('refuses a trusted-proxy entry it cannot read', () => {
    expect(() => parseTrustedProxies(['10.0.0.0/33'])).toThrow('"10.0.0.0/33" has an invalid prefix length');
    expect(() => parseTrustedProxies(['proxy.internal'])).toThrow('"proxy.internal" is not an IP address or CIDR range');
  });
});
