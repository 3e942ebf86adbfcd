/**
 * System query options: $filter, $select, $expand (with nested $select/$filter), $top,
 * $skip, $orderby and the server's own $skiptoken. Unknown `$` options are refused, as BC
 * refuses them, so a client typo fails here instead of silently returning everything.
 */
import { badRequest, unknownProperty } from './http-error.ts';
import type { EdmModel, EntityTypeDef } from './metadata.ts';
import { checkFilter, parseFilter, type FilterExpr } from './odata-filter.ts';

export interface ExpandOption {
  navigation: string;
  target: EntityTypeDef;
  options: QueryOptions;
}

export interface QueryOptions {
  filter?: FilterExpr;
  select?: Set<string>;
  expand: ExpandOption[];
  top?: number;
  skip?: number;
  orderBy: { property: string; descending: boolean }[];
  skipToken?: string;
}

const supported = new Set(['$filter', '$select', '$expand', '$top', '$skip', '$orderby', '$skiptoken', '$schemaversion', '$format']);

/** Splits on `sep` outside parentheses and quotes. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    else if (!quoted && depth === 0 && ch === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function integer(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid value '${value}' for ${name}: a non-negative integer is expected.`);
  return Number(value);
}

export function parseQueryOptions(params: Iterable<[string, string]>, type: EntityTypeDef, model: EdmModel): QueryOptions {
  const options: QueryOptions = { expand: [], orderBy: [] };
  for (const [name, value] of params) {
    if (!name.startsWith('$')) continue;
    if (!supported.has(name)) throw badRequest(`The query parameter '${name}' is not supported.`);
    applyOption(options, name, value, type, model);
  }
  return options;
}

function applyOption(options: QueryOptions, name: string, value: string, type: EntityTypeDef, model: EdmModel): void {
  switch (name) {
    case '$filter': {
      const filter = parseFilter(value);
      checkFilter(filter, type);
      options.filter = filter;
      break;
    }
    case '$select': {
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const property of names) if (!type.properties.has(property)) throw unknownProperty(property, type.name);
      options.select = new Set(names);
      break;
    }
    case '$expand':
      for (const item of splitTopLevel(value, ',')) options.expand.push(parseExpand(item, type, model));
      break;
    case '$top':
      options.top = integer(name, value);
      break;
    case '$skip':
      options.skip = integer(name, value);
      break;
    case '$orderby':
      for (const item of splitTopLevel(value, ',')) {
        const [property = '', direction = 'asc'] = item.split(/\s+/);
        if (!type.properties.has(property)) throw unknownProperty(property, type.name);
        if (direction !== 'asc' && direction !== 'desc') throw badRequest(`Invalid $orderby direction '${direction}'.`);
        options.orderBy.push({ property, descending: direction === 'desc' });
      }
      break;
    case '$skiptoken':
      options.skipToken = value;
      break;
  }
}

function parseExpand(item: string, type: EntityTypeDef, model: EdmModel): ExpandOption {
  const open = item.indexOf('(');
  const navigation = (open < 0 ? item : item.slice(0, open)).trim();
  const nav = type.navigation.get(navigation);
  if (!nav) throw unknownProperty(navigation, type.name);
  const target = model.entityTypes.get(nav.target);
  if (!target) throw badRequest(`Navigation '${navigation}' has no entity type.`);
  const options: QueryOptions = { expand: [], orderBy: [] };
  if (open >= 0) {
    if (!item.endsWith(')')) throw badRequest(`Bad Request - Error in query syntax: '${item}'.`);
    for (const part of splitTopLevel(item.slice(open + 1, -1), ';')) {
      const eq = part.indexOf('=');
      const name = part.slice(0, eq).trim();
      if (eq < 0 || !supported.has(name) || name === '$skiptoken')
        throw badRequest(`The query option '${part}' is not supported inside $expand.`);
      applyOption(options, name, part.slice(eq + 1), target, model);
    }
  }
  return { navigation, target, options };
}
