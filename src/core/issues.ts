/**
 * Pure functions report problems as a list rather than throwing, so one bad line does not
 * hide the others and every issue can become text an operator reads.
 */
export interface Issue {
  /** Stable snake_case code, e.g. `unknown_sku`. */
  code: string;
  /** Where in the record, e.g. `lineItems[2].sku`. */
  path: string;
  /** Business words: what is wrong and what to do. */
  message: string;
}

export type Result<T> = { ok: true; value: T; issues: Issue[] } | { ok: false; issues: Issue[] };

export function ok<T>(value: T, issues: Issue[] = []): Result<T> {
  return { ok: true, value, issues };
}

export function fail<T>(issues: Issue[]): Result<T> {
  return { ok: false, issues };
}
