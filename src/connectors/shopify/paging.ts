/**
 * Cursor pagination over Relay connections as async iterators: the caller sees a flat
 * stream of nodes; the next page is fetched only when the consumer asks for more.
 */
import { shopifyError } from './errors.ts';

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export type FetchPage<T> = (after: string | null) => Promise<Page<T>>;

export async function* paginate<T>(fetchPage: FetchPage<T>, firstPage?: Page<T>): AsyncGenerator<T, void, undefined> {
  let page = firstPage ?? (await fetchPage(null));
  for (;;) {
    yield* page.nodes;
    if (!page.pageInfo.hasNextPage) return;
    if (!page.pageInfo.endCursor)
      throw shopifyError('upstream_unavailable', 'Shopify reported another page without a cursor', { retryable: false });
    page = await fetchPage(page.pageInfo.endCursor);
  }
}

/** Reads every node: for connections known to be small, such as one order's lines. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
