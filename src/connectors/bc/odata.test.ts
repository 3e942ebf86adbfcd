import { describe, expect, it } from 'vitest';
import { and, buildQuery, date, decimal, eq, ge, guid, or, quoteString, renderLiteral, startsWith, tolower } from './odata.ts';

/** What BC sees after decoding the query string. */
function decoded(query: string, name: string): string | null {
  return new URLSearchParams(query.slice(1)).get(name);
}

describe('OData string literals', () => {
  it('doubles a single quote inside a value', () => {
    expect(quoteString("O'Brien Ltd")).toBe("'O''Brien Ltd'");
    expect(quoteString("''")).toBe("''''''");
  });

  it("finds o'brien@example.com: quotes doubled first, then the whole value percent-encoded", () => {
    const query = buildQuery({ filter: eq(tolower('email'), "o'brien@example.com") });
    expect(query).toBe("?$filter=tolower(email)%20eq%20'o''brien%40example.com'");
    expect(decoded(query, '$filter')).toBe("tolower(email) eq 'o''brien@example.com'");
  });

  it('keeps an injection attempt inside the literal', () => {
    const filter = eq('email', "x' or 1 eq 1 or email eq 'y");
    expect(filter.text).toBe("email eq 'x'' or 1 eq 1 or email eq ''y'");
    // Outside quotes the expression has exactly one operator: the literal swallowed the rest.
    const outside = filter.text.replace(/'(?:[^']|'')*'/g, "''");
    expect(outside).toBe("email eq ''");
  });

  it('survives &, #, +, % and spaces in a value', () => {
    const value = 'a&b=c #1 + 50% off';
    const query = buildQuery({ filter: eq('displayName', value) });
    expect(query).not.toMatch(/[ #+&](?!\$)/);
    expect(decoded(query, '$filter')).toBe(`displayName eq '${value}'`);
    expect(new URLSearchParams(query.slice(1)).getAll('$filter')).toHaveLength(1);
  });
});

describe('typed literals', () => {
  it('leaves GUIDs and dates bare but validates them', () => {
    expect(eq('customerId', guid('5d115c9c-44e3-ea11-bb43-000d3a2feca1')).text).toBe('customerId eq 5d115c9c-44e3-ea11-bb43-000d3a2feca1');
    expect(ge('postingDate', date('2026-11-01')).text).toBe('postingDate ge 2026-11-01');
    expect(() => guid("1 or 'a' eq 'a'")).toThrow(/GUID/);
    expect(() => date('2026-11-01 or 1 eq 1')).toThrow(/date/);
  });

  it('writes decimals from strings and refuses fractional numbers', () => {
    expect(renderLiteral(decimal('12.50'))).toBe('12.50');
    expect(() => renderLiteral(0.1)).toThrow(/integer/);
    expect(renderLiteral(42)).toBe('42');
    expect(renderLiteral(true)).toBe('true');
    expect(renderLiteral(null)).toBe('null');
  });

  it('refuses property names that are not identifiers', () => {
    expect(() => eq("email eq 'a' or number", 'x')).toThrow(/property name/);
    expect(() => buildQuery({ select: ['id', 'number,blocked'] })).toThrow(/property name/);
  });
});

describe('query options', () => {
  it('combines filters with parentheses', () => {
    expect(and(eq('a', 'x'), or(eq('b', 1), eq('b', 2))).text).toBe("(a eq 'x') and ((b eq 1) or (b eq 2))");
    expect(startsWith('number', "TEE'")).toEqual({ text: "startswith(number,'TEE''')" });
  });

  it('builds $select, $expand with nested $select and $top', () => {
    const query = buildQuery({
      select: ['id', 'number'],
      expand: [{ property: 'salesOrderLines', select: ['sequence', 'quantity'] }],
      top: 5,
    });
    expect(decoded(query, '$select')).toBe('id,number');
    expect(decoded(query, '$expand')).toBe('salesOrderLines($select=sequence,quantity)');
    expect(decoded(query, '$top')).toBe('5');
    expect(buildQuery({})).toBe('');
    expect(() => buildQuery({ top: 0 })).toThrow(/\$top/);
  });
});
