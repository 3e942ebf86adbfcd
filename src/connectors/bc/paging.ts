/**
 * Server-driven paging: BC answers a collection with at most one page and an
 * `@odata.nextLink` to the rest, which is followed verbatim until it is absent.
 * (`$top`/`$skip` paging is slower on BC and can skip rows that change meanwhile.)
 */
import type { BcClient, BcRequest, BcResponse } from './client.ts';

export interface ODataCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

export interface PageOptions {
  /** Ask for smaller pages than BC's 20,000 with `Prefer: odata.maxpagesize`. */
  pageSize?: number;
}

/** Every page of a collection, in order, as BC returns them. */
export async function* iteratePages<T>(
  client: BcClient,
  first: Omit<BcRequest, 'method' | 'body' | 'ifMatch'>,
  options: PageOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const headers = { ...first.headers };
  if (options.pageSize !== undefined) headers.prefer = `odata.maxpagesize=${options.pageSize}`;
  let path: string | undefined = first.path;
  const seen = new Set<string>();
  while (path !== undefined) {
    const response: BcResponse<ODataCollection<T>> = await client.request({ ...first, method: 'GET', path, headers });
    yield response.body.value ?? [];
    const next: string | undefined = response.body['@odata.nextLink'];
    // A server that hands back a link it already gave would loop forever.
    if (next !== undefined && seen.has(next)) throw new Error(`BC returned the same nextLink twice: ${next.split('?')[0]}`);
    if (next !== undefined) seen.add(next);
    path = next;
  }
}

/** Every entity of a collection, one at a time, across pages. */
export async function* iterateEntities<T>(
  client: BcClient,
  first: Omit<BcRequest, 'method' | 'body' | 'ifMatch'>,
  options: PageOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of iteratePages<T>(client, first, options)) yield* page;
}

export async function collectEntities<T>(
  client: BcClient,
  first: Omit<BcRequest, 'method' | 'body' | 'ifMatch'>,
  options: PageOptions = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of iteratePages<T>(client, first, options)) all.push(...page);
  return all;
}
