/**
 * The part of Shopify's search syntax the emulator understands for `orders(query:)`:
 * terms `field:value`, `field:>value`, `>=`, `<`, `<=`, values bare or quoted, joined by
 * spaces or AND. Shopify ignores terms it cannot use; so does the emulator.
 */
export interface SearchTerm {
  field: string;
  op: ':' | '>' | '>=' | '<' | '<=';
  value: string;
}

export function parseSearchQuery(query: string | null | undefined): SearchTerm[] {
  if (!query) return [];
  const terms: SearchTerm[] = [];
  const pattern = /(\w+):(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|(\S+))/g;
  for (const match of query.matchAll(pattern)) {
    terms.push({
      field: match[1]!.toLowerCase(),
      op: (match[2] as SearchTerm['op'] | undefined) ?? ':',
      value: match[3] ?? match[4] ?? match[5] ?? '',
    });
  }
  return terms;
}

/** Compares a timestamp field with a term; an unreadable date matches nothing. */
export function matchesTime(actual: string, term: SearchTerm): boolean {
  const left = Date.parse(actual);
  const right = Date.parse(term.value);
  if (Number.isNaN(right)) return false;
  switch (term.op) {
    case '>':
      return left > right;
    case '>=':
    case ':':
      return term.op === ':' ? left === right : left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}
