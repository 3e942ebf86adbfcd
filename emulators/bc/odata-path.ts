/**
 * The resource path under `/api/v2.0/`: segments like `companies(<guid>)`, `salesOrders`,
 * `salesOrders(<guid>)`, `salesOrderLines`, `Microsoft.NAV.shipAndInvoice`, `$metadata`.
 */
import { badRequest } from './http-error.ts';

export interface PathSegment {
  name: string;
  /** The key inside the parentheses, unquoted: a GUID, or a string for `subscriptions('…')`. */
  key?: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return guid.test(value);
}

function parseKey(raw: string): string {
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replaceAll("''", "'");
  // `id=<guid>` is the long form of a single-key predicate.
  const bare = raw.startsWith('id=') ? raw.slice(3) : raw;
  if (!isGuid(bare)) throw badRequest(`Invalid key '${raw}': the key must be a GUID.`);
  return bare.toLowerCase();
}

export function parseResourcePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    const text = decodeURIComponent(raw);
    const open = text.indexOf('(');
    if (open < 0) {
      segments.push({ name: text });
      continue;
    }
    if (!text.endsWith(')')) throw badRequest(`Bad Request - Error in query syntax: '${text}'.`);
    segments.push({ name: text.slice(0, open), key: parseKey(text.slice(open + 1, -1)) });
  }
  return segments;
}
