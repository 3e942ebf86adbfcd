/**
 * `$filter` as BC understands it, for the operators the hub uses: eq ne gt ge lt le, and,
 * or (one property only, as BC requires), not, parentheses, tolower/toupper/trim,
 * startswith/endswith/contains; string literals with doubled quotes; bare GUIDs, dates,
 * date-times and numbers. Properties and their types come from the metadata.
 */
import { Decimal } from '../shared/money.ts';
import { badRequest, unknownProperty } from './http-error.ts';
import type { EntityTypeDef } from './metadata.ts';

type Literal = { type: 'string' | 'number' | 'bool' | 'null' | 'guid' | 'date' | 'datetime'; text: string };
type Operand = { kind: 'prop'; name: string } | { kind: 'lit'; value: Literal } | { kind: 'fn'; name: string; arg: Operand };
export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'cmp'; op: string; left: Operand; right: Operand }
  | { kind: 'call'; name: string; target: Operand; value: Operand };

const comparisons = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const stringFunctions = new Set(['tolower', 'toupper', 'trim']);
const boolFunctions = new Set(['startswith', 'endswith', 'contains']);
const guidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Token {
  text: string;
  pos: number;
  quoted?: boolean;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) i += 1;
    else if ('(),'.includes(ch)) tokens.push({ text: ch, pos: i++ });
    else if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw syntax(input, i);
        if (input[j] === "'" && input[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (input[j] === "'") {
          break;
        } else {
          value += input[j++];
        }
      }
      tokens.push({ text: value, pos: i, quoted: true });
      i = j + 1;
    } else {
      const match = /^[A-Za-z0-9_.:+\-/]+/.exec(input.slice(i));
      if (!match) throw syntax(input, i);
      tokens.push({ text: match[0], pos: i });
      i += match[0].length;
    }
  }
  return tokens;
}

const syntax = (input: string, pos: number) => badRequest(`Syntax error at position ${pos} in '${input}'.`);

export function parseFilter(input: string): FilterExpr {
  const tokens = tokenize(input);
  let at = 0;
  const peek = () => tokens[at];
  const take = (text?: string): Token => {
    const token = tokens[at];
    if (!token || (text !== undefined && (token.quoted || token.text !== text))) throw syntax(input, token?.pos ?? input.length);
    at += 1;
    return token;
  };
  const isWord = (token: Token | undefined, word: string) => token !== undefined && !token.quoted && token.text === word;

  function operand(): Operand {
    const token = take();
    if (token.quoted) return { kind: 'lit', value: { type: 'string', text: token.text } };
    const word = token.text;
    if (stringFunctions.has(word) && isWord(peek(), '(')) {
      take('(');
      const arg = operand();
      take(')');
      return { kind: 'fn', name: word, arg };
    }
    if (word === 'true' || word === 'false') return { kind: 'lit', value: { type: 'bool', text: word } };
    if (word === 'null') return { kind: 'lit', value: { type: 'null', text: word } };
    if (guidRe.test(word)) return { kind: 'lit', value: { type: 'guid', text: word.toLowerCase() } };
    if (/^\d{4}-\d{2}-\d{2}T/.test(word)) return { kind: 'lit', value: { type: 'datetime', text: word } };
    if (/^\d{4}-\d{2}-\d{2}$/.test(word)) return { kind: 'lit', value: { type: 'date', text: word } };
    if (/^-?\d+(\.\d+)?$/.test(word)) return { kind: 'lit', value: { type: 'number', text: word } };
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) return { kind: 'prop', name: word };
    throw syntax(input, token.pos);
  }

  function primary(): FilterExpr {
    const token = peek();
    if (isWord(token, '(')) {
      take('(');
      const inner = or();
      take(')');
      return inner;
    }
    if (isWord(token, 'not')) {
      take();
      return { kind: 'not', expr: primary() };
    }
    if (token && !token.quoted && boolFunctions.has(token.text) && isWord(tokens[at + 1], '(')) {
      take();
      take('(');
      const target = operand();
      take(',');
      const value = operand();
      take(')');
      return { kind: 'call', name: token.text, target, value };
    }
    const left = operand();
    const op = take();
    if (op.quoted || !comparisons.has(op.text)) throw syntax(input, op.pos);
    return { kind: 'cmp', op: op.text, left, right: operand() };
  }

  function and(): FilterExpr {
    let left = primary();
    while (isWord(peek(), 'and')) {
      take();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  }

  function or(): FilterExpr {
    let left = and();
    while (isWord(peek(), 'or')) {
      take();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }

  const expr = or();
  if (at < tokens.length) throw syntax(input, tokens[at]!.pos);
  return expr;
}

function propertiesOf(node: FilterExpr | Operand, into = new Set<string>()): Set<string> {
  const children: (FilterExpr | Operand)[] =
    node.kind === 'prop'
      ? []
      : node.kind === 'lit'
        ? []
        : node.kind === 'fn'
          ? [node.arg]
          : node.kind === 'not'
            ? [node.expr]
            : node.kind === 'call'
              ? [node.target, node.value]
              : [node.left, node.right];
  if (node.kind === 'prop') into.add(node.name);
  for (const child of children) propertiesOf(child, into);
  return into;
}

/** Rejects what BC rejects before any row is read: unknown properties, `or` across properties. */
export function checkFilter(expr: FilterExpr, type: EntityTypeDef): void {
  for (const name of propertiesOf(expr)) if (!type.properties.has(name)) throw unknownProperty(name, type.name);
  const visit = (node: FilterExpr): void => {
    if (node.kind === 'or') {
      const left = [...propertiesOf(node.left)].sort().join();
      const right = [...propertiesOf(node.right)].sort().join();
      if (left !== right) throw badRequest(`The 'or' operator is only supported between conditions on the same field.`);
    }
    if (node.kind === 'and' || node.kind === 'or') {
      visit(node.left);
      visit(node.right);
    }
    if (node.kind === 'not') visit(node.expr);
  };
  visit(expr);
}

type Value = { type: string; value: unknown };

function resolve(operand: Operand, row: Record<string, unknown>, type: EntityTypeDef): Value {
  if (operand.kind === 'lit') return { type: operand.value.type, value: operand.value.type === 'null' ? null : operand.value.text };
  if (operand.kind === 'prop') return { type: type.properties.get(operand.name)!.type, value: row[operand.name] ?? null };
  const inner = resolve(operand.arg, row, type);
  const text = inner.value == null ? '' : String(inner.value);
  return {
    type: 'Edm.String',
    value: operand.name === 'tolower' ? text.toLowerCase() : operand.name === 'toupper' ? text.toUpperCase() : text.trim(),
  };
}

function order(a: Value, b: Value): number | undefined {
  if (a.value == null || b.value == null) return a.value == null && b.value == null ? 0 : undefined;
  const numeric = (v: Value) =>
    v.type === 'number' || v.type.startsWith('Edm.Decimal') || v.type.startsWith('Edm.Int') || v.type === 'Edm.Double';
  if (numeric(a) || numeric(b)) return new Decimal(String(a.value)).comparedTo(new Decimal(String(b.value)));
  if (a.type === 'Edm.DateTimeOffset' || b.type === 'Edm.DateTimeOffset')
    return Math.sign(Date.parse(String(a.value)) - Date.parse(String(b.value)));
  if (a.type === 'Edm.Guid' || b.type === 'Edm.Guid')
    return String(a.value).toLowerCase() === String(b.value).toLowerCase() ? 0 : String(a.value) < String(b.value) ? -1 : 1;
  const x = String(a.value);
  const y = String(b.value);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function evaluateFilter(expr: FilterExpr, row: Record<string, unknown>, type: EntityTypeDef): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluateFilter(expr.left, row, type) && evaluateFilter(expr.right, row, type);
    case 'or':
      return evaluateFilter(expr.left, row, type) || evaluateFilter(expr.right, row, type);
    case 'not':
      return !evaluateFilter(expr.expr, row, type);
    case 'call': {
      const target = String(resolve(expr.target, row, type).value ?? '');
      const value = String(resolve(expr.value, row, type).value ?? '');
      return expr.name === 'startswith'
        ? target.startsWith(value)
        : expr.name === 'endswith'
          ? target.endsWith(value)
          : target.includes(value);
    }
    case 'cmp': {
      const result = order(resolve(expr.left, row, type), resolve(expr.right, row, type));
      if (result === undefined) return expr.op === 'ne';
      return { eq: result === 0, ne: result !== 0, gt: result > 0, ge: result >= 0, lt: result < 0, le: result <= 0 }[expr.op as 'eq'];
    }
  }
}
