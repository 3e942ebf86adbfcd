/**
 * Mintsoft lists page with `PageNo` (from 1) and `Limit`, with no total and no cursor: read
 * until a page comes back shorter than `Limit`. Feeds are "updated since" a time; the hub's
 * opaque cursor carries that time (the newest `LastUpdated` seen, never the local clock,
 * so clock skew cannot skip a change), plus the page to resume from when one poll stopped
 * early. Each poll looks back `pollOverlapMs` before the cursor: items come again by design.
 */
import { invalidRequest } from './errors.ts';
import { parseWmsDate } from './json.ts';

export interface FeedCursor {
  /** Epoch ms: changes at or after this (less the overlap) are read. */
  since: number;
  /** Resume at this page of the same window. */
  page?: number;
  /** Newest change seen so far in the window being paged. */
  high?: number;
}

export function encodeCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, ...cursor }), 'utf8').toString('base64url');
}

/** `null` starts `lookbackMs` before `now`. */
export function decodeCursor(cursor: string | null, now: number, lookbackMs: number): FeedCursor {
  if (cursor === null) return { since: now - lookbackMs };
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (value.v !== 1 || typeof value.since !== 'number' || !Number.isFinite(value.since)) throw new Error('not a cursor');
    const page = typeof value.page === 'number' && value.page >= 1 ? value.page : undefined;
    const high = typeof value.high === 'number' ? value.high : undefined;
    return { since: value.since, page, high };
  } catch {
    throw invalidRequest(`not a warehouse feed cursor: ${JSON.stringify(cursor.slice(0, 40))}; pass null to start again`);
  }
}

export interface PagesRead<T> {
  items: T[];
  /** The page to read next time, or null when the last page was read. */
  nextPage: number | null;
}

export async function readPages<T>(
  fetchPage: (pageNo: number) => Promise<T[]>,
  { pageSize, firstPage = 1, maxPages }: { pageSize: number; firstPage?: number; maxPages: number },
): Promise<PagesRead<T>> {
  const items: T[] = [];
  for (let pageNo = firstPage; pageNo < firstPage + maxPages; pageNo += 1) {
    const page = await fetchPage(pageNo);
    items.push(...page);
    if (page.length < pageSize) return { items, nextPage: null };
  }
  return { items, nextPage: firstPage + maxPages };
}

/**
 * The cursor after reading a window: the same window at the next page when paging stopped
 * early; otherwise a new window from the newest change seen (never moving backwards).
 */
export function advanceCursor(
  cursor: FeedCursor,
  newestSeen: number | null,
  nextPage: number | null,
): { cursor: string; hasMore: boolean } {
  const high = Math.max(cursor.high ?? cursor.since, newestSeen ?? cursor.since);
  if (nextPage !== null) return { cursor: encodeCursor({ since: cursor.since, page: nextPage, high }), hasMore: true };
  return { cursor: encodeCursor({ since: high }), hasMore: false };
}

/** The newest of some Mintsoft `LastUpdated` values, or null when none is readable. */
export function newestOf(dates: readonly (string | null | undefined)[]): number | null {
  let newest: number | null = null;
  for (const date of dates) {
    const at = parseWmsDate(date);
    if (at !== null && (newest === null || at > newest)) newest = at;
  }
  return newest;
}
