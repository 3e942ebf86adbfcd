/**
 * Checks a value against the JSON Schema subset `shopify-webhook-schemas` uses (`type`,
 * `properties`, `required`, `items`, `format`), returning every problem with its path.
 * Integers may be bigint, as webhook bodies parsed without loss give them. As JSON Schema
 * 2020-12 says, `format` is an annotation; `date-time` and `uri` are asserted anyway
 * because the hub reads those fields.
 *
 * The package infers its schemas from Shopify's example payloads, so an array that was empty
 * in the example gets `items: false` ("no element allowed"). That records what the example
 * lacked, not what Shopify forbids (a free-shipping code does allocate to a shipping line),
 * so such arrays are checked as arrays with elements of unknown shape.
 */
type Schema =
  boolean | { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; format?: string };

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (typeof value === 'bigint') return ['integer', 'number'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  if (Array.isArray(value)) return ['array'];
  return [typeof value];
}

const formats: Record<string, (value: string) => boolean> = {
  'date-time': (value) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  uri: (value) => {
    try {
      return Boolean(new URL(value).protocol);
    } catch {
      return false;
    }
  },
};

export function checkJsonSchema(schema: unknown, value: unknown, path = '$'): string[] {
  const s = schema as Schema;
  if (s === true || s === undefined) return [];
  if (s === false) return [`${path}: no value is allowed here`];
  const problems: string[] = [];
  if (s.type !== undefined) {
    const allowed = Array.isArray(s.type) ? s.type : [s.type];
    if (!typeOf(value).some((type) => allowed.includes(type))) return [`${path}: expected ${allowed.join('|')}, got ${typeOf(value)[0]}`];
  }
  if (typeof value === 'string' && s.format && formats[s.format] && !formats[s.format]!(value))
    problems.push(`${path}: not a ${s.format}: ${JSON.stringify(value)}`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in record)) problems.push(`${path}.${key}: required`);
    for (const [key, inner] of Object.entries(s.properties ?? {})) {
      if (key in record) problems.push(...checkJsonSchema(inner, record[key], `${path}.${key}`));
    }
  }
  if (Array.isArray(value) && s.items !== undefined && s.items !== false)
    value.forEach((item, index) => problems.push(...checkJsonSchema(s.items, item, `${path}[${index}]`)));
  return problems;
}
