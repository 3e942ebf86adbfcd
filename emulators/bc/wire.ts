/**
 * Rows to BC's JSON. Every entity is written property by property from the metadata, in
 * metadata order, with BC's defaults for values never set; so a response can only carry
 * properties the real service declares. Decimals go out as exact JSON numbers.
 */
import { LosslessNumber, parse, stringify } from 'lossless-json';
import type { EntityTypeDef, PropertyDef } from './metadata.ts';
import type { Row } from './store.ts';

const zeroGuid = '00000000-0000-0000-0000-000000000000';

function defaultFor(property: PropertyDef): unknown {
  if (property.collection) return [];
  if (property.enumMembers) return property.enumMembers[0] ?? '';
  switch (property.type) {
    case 'Edm.String':
      return '';
    case 'Edm.Guid':
      return zeroGuid;
    case 'Edm.Boolean':
      return false;
    case 'Edm.Decimal':
    case 'Edm.Double':
    case 'Edm.Int32':
    case 'Edm.Int64':
      return new LosslessNumber('0');
    case 'Edm.Date':
      return '0001-01-01';
    case 'Edm.DateTimeOffset':
      return '0001-01-01T00:00:00Z';
    default:
      return null;
  }
}

function toJsonValue(property: PropertyDef, value: unknown): unknown {
  if (value === undefined || value === null) return defaultFor(property);
  if (['Edm.Decimal', 'Edm.Double', 'Edm.Int32', 'Edm.Int64'].includes(property.type)) return new LosslessNumber(String(value));
  return value;
}

/** A weak etag that changes whenever the row does, in BC's `W/"…"` form. */
export function etagOf(row: Row): string {
  return `W/"${Buffer.from(`'${row._seq};${row._version};'`).toString('base64')}"`;
}

export function projectRow(type: EntityTypeDef, row: Row, select?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  for (const property of type.properties.values()) {
    if (select && !select.has(property.name)) continue;
    out[property.name] = toJsonValue(property, row[property.name]);
  }
  return out;
}

export function serializeJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** Request bodies keep numbers exact: every number becomes a LosslessNumber. */
export function parseJsonBody(text: string): unknown {
  return parse(text, null, (value) => new LosslessNumber(value));
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(serializeJson(body), {
    status,
    headers: {
      'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8',
      'odata-version': '4.0',
      ...headers,
    },
  });
}
