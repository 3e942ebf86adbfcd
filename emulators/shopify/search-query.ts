/**
 * The part of Shopify's search syntax the emulator understands: terms `field:value`,
 * `field:>value`, `>=`, `<`, `<=`, values bare or quoted, joined by spaces or AND, and (where a
 * resolver asks for it, parseSearchAlternatives) alternatives joined by OR. Shopify ignores
 * terms it cannot use; so does the emulator.
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

/**
 * `a:1 OR b:2 c:3` as its alternatives, each a list of terms that must all match (AND binds
 * tighter than OR, as in Shopify's search syntax). An OR inside quotes is part of a value.
 */
export function parseSearchAlternatives(query: string | null | undefined): SearchTerm[][] {
  if (!query) return [[]];
  const alternatives: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let index = 0; index < query.length; index += 1) {
    const character = query[index]!;
    if (quote) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") {
      quote = character;
    } else {
      const separator = /^\s+OR\s+/.exec(query.slice(index));
      if (separator) {
        alternatives.push(query.slice(start, index));
        start = index + separator[0].length;
        index = start - 1;
      }
    }
  }
  alternatives.push(query.slice(start));
  return alternatives.map((alternative) => parseSearchQuery(alternative));
}
