/**
 * Who is asking: the client's address and whether it came over HTTPS. Forwarded headers are
 * believed only from the reverse proxies named in `server.trustedProxies`; anyone else can
 * write them. Behind a trusted proxy the client is the right-most X-Forwarded-For address
 * that is not itself a trusted proxy (each proxy appends the address it saw), so a client
 * cannot pick its own key by sending the header.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { BlockList, isIP } from 'node:net';

export interface ClientInfo {
  /** The client's IP address; `local` for a request made inside this process (tests, no socket). */
  address: string;
  /** The address of the connection itself (the proxy, behind one). */
  peer: string;
  /** True when the address was read from X-Forwarded-For of a trusted proxy. */
  forwarded: boolean;
  https: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    client: ClientInfo;
  }
}

/** `::ffff:127.0.0.1` → `127.0.0.1`; `[::1]:8080` or `10.0.0.1:443` → the bare address. */
export function normaliseAddress(value: string): string {
  let text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(text);
  return mapped ? mapped[1]! : text.toLowerCase();
}

/** Reads `server.trustedProxies` (addresses or CIDR ranges); throws naming an entry it cannot read. */
export function parseTrustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix length`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function isLoopbackAddress(address: string): boolean {
  return address === 'local' || address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

function peerOf(c: Context): string | undefined {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? normaliseAddress(address) : undefined;
  } catch {
    return undefined; // not served by the Node server: a request made in this process
  }
}

export type ClientResolver = (c: Context) => ClientInfo;

export function createClientResolver(trustedProxies: readonly string[] = []): ClientResolver {
  const trusted = parseTrustedProxies(trustedProxies);
  return (c) => {
    const peer = peerOf(c) ?? 'local';
    const own = new URL(c.req.url).protocol === 'https:';
    if (!isTrusted(trusted, peer)) return { address: peer, peer, forwarded: false, https: own };
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => normaliseAddress(hop))
      .filter(Boolean);
    let address = peer;
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = hops[index]!;
      if (isIP(hop) === 0) break; // written by no proxy we trust: stop at the last trusted hop
      address = hop;
      if (!isTrusted(trusted, hop)) break;
    }
    const proto = c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase();
    return { address, peer, forwarded: address !== peer, https: proto ? proto === 'https' : own };
  };
}

/** Resolves the client once per request, for every later check to read with `clientOf`. */
export function identifyClients(resolve: ClientResolver): MiddlewareHandler {
  return async (c, next) => {
    c.set('client', resolve(c));
    await next();
  };
}

const direct = createClientResolver();

/** The request's client, as the server resolved it (or directly, for parts mounted alone in tests). */
export function clientOf(c: Context): ClientInfo {
  return c.get('client') ?? direct(c);
}
