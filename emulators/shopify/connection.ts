/**
 * Relay connections as Shopify serves them: `first` or `last` is required (at most 250),
 * cursors are opaque and encode the sort key, so a cursor stays valid when the item it
 * points at has moved (an order updated while a client pages by `updated_at`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { GraphQLError } from 'graphql';

/**
 * Set while a bulk operation runs its query: connections then serve every item, as bulk
 * queries page through everything and take no `first` (nor Shopify's 250 cap).
 */
export const unlimitedPaging = new AsyncLocalStorage<boolean>();

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const encode = (key: string) => Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');

function decode(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof value.k === 'string') return value.k;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST' } });
}

/** Pads a bigint so ids sort as strings in numeric order. */
export function sortableId(id: bigint): string {
  return id.toString().padStart(20, '0');
}

/**
 * Pages `items`, which must be sorted ascending by `keyOf` (unique keys). `reverse` serves
 * them descending, as Shopify's `reverse: true` does.
 */
export function buildConnection<T, N = T>(
  items: readonly T[],
  args: ConnectionArgs,
  keyOf: (item: T) => string,
  toNode: (item: T) => N = (item) => item as unknown as N,
): Connection<N> {
  if (unlimitedPaging.getStore()) {
    const edges = items.map((item) => ({ cursor: encode(keyOf(item)), node: toNode(item) }));
    const pageInfo = {
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo };
  }
  const { first, last } = args;
  if (first == null && last == null) {
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > 250)) {
      throw new GraphQLError(`The ${name} argument must be between 0 and 250.`, { extensions: { code: 'BAD_REQUEST' } });
    }
  }
  const ordered = args.reverse ? [...items].reverse() : [...items];
  const ahead = (a: string, b: string) => (args.reverse ? a < b : a > b);
  let window = ordered;
  if (args.after) {
    const after = decode(args.after);
    window = window.filter((item) => ahead(keyOf(item), after));
  }
  if (args.before) {
    const before = decode(args.before);
    window = window.filter((item) => ahead(before, keyOf(item)));
  }
  if (first != null) window = window.slice(0, first);
  if (last != null) window = window.slice(Math.max(0, window.length - last));
  const edges = window.map((item) => ({ cursor: encode(keyOf(item)), node: toNode(item) }));
  const firstIndex = window.length ? ordered.indexOf(window[0]!) : -1;
  const lastIndex = window.length ? ordered.indexOf(window[window.length - 1]!) : -1;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: window.length > 0 ? lastIndex < ordered.length - 1 : false,
      hasPreviousPage: window.length > 0 ? firstIndex > 0 : false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
