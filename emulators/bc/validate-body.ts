/**
 * A POST or PATCH body checked against the entity type, the way BC's OData layer and AL
 * runtime check it: unknown properties refused, values of the wrong JSON type refused,
 * strings beyond MaxLength refused with `Application_StringExceededLength`, read-only
 * properties refused. Returns the values in the store's form.
 */
import { isLosslessNumber } from 'lossless-json';
import { Decimal } from '../shared/money.ts';
import { BcHttpError, badRequest } from './http-error.ts';
import type { EntityTypeDef, PropertyDef } from './metadata.ts';

export interface ValidatedBody {
  values: Record<string, unknown>;
  /** Navigation properties of a deep insert, e.g. `salesOrderLines`, still unvalidated. */
  nested: Record<string, Record<string, unknown>[]>;
}

export interface ValidateOptions {
  readOnly: ReadonlySet<string>;
  /** Navigation properties a deep insert may carry. */
  nested?: ReadonlySet<string>;
}

const guidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cannotConvert(value: unknown, property: PropertyDef): BcHttpError {
  const shown = isLosslessNumber(value) ? value.value : JSON.stringify(value);
  const type = property.enumMembers ? `Microsoft.NAV.${property.type}` : property.type;
  return badRequest(`Cannot convert the literal '${shown}' to the expected type '${type}'.`);
}

export function convertValue(property: PropertyDef, value: unknown): unknown {
  if (value === null) {
    if (!property.nullable)
      throw badRequest(
        `A null value was found for the property named '${property.name}', which has the expected type '${property.type}[Nullable=False]'.`,
      );
    return undefined;
  }
  if (property.enumMembers) {
    if (typeof value !== 'string' || !property.enumMembers.includes(value)) throw cannotConvert(value, property);
    return value;
  }
  switch (property.type) {
    case 'Edm.String':
      if (typeof value !== 'string') throw cannotConvert(value, property);
      if (property.maxLength !== undefined && value.length > property.maxLength) {
        throw new BcHttpError(
          400,
          'Application_StringExceededLength',
          `The length of the string is ${value.length}, but it must be less than or equal to ${property.maxLength} characters. Value: ${value}`,
        );
      }
      return value;
    case 'Edm.Decimal':
    case 'Edm.Double':
      if (!isLosslessNumber(value)) throw cannotConvert(value, property);
      return new Decimal(value.value).toFixed();
    case 'Edm.Int32':
    case 'Edm.Int64':
      if (!isLosslessNumber(value) || !/^-?\d+$/.test(value.value)) throw cannotConvert(value, property);
      return Number(value.value);
    case 'Edm.Boolean':
      if (typeof value !== 'boolean') throw cannotConvert(value, property);
      return value;
    case 'Edm.Guid':
      if (typeof value !== 'string' || !guidRe.test(value)) throw cannotConvert(value, property);
      return value.toLowerCase();
    case 'Edm.Date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        throw cannotConvert(value, property);
      return value;
    case 'Edm.DateTimeOffset':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw cannotConvert(value, property);
      return new Date(value).toISOString();
    default:
      throw badRequest(`The property '${property.name}' cannot be written through this emulator.`);
  }
}

export function validateBody(type: EntityTypeDef, body: unknown, options: ValidateOptions): ValidatedBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Invalid Request Body');
  const result: ValidatedBody = { values: {}, nested: {} };
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    // Instance annotations such as @odata.etag are ignored: the etag counts only in If-Match.
    if (name.startsWith('@')) continue;
    const property = type.properties.get(name);
    if (!property) {
      if (type.navigation.has(name) && options.nested?.has(name)) {
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v)))
          throw badRequest('Invalid Request Body');
        result.nested[name] = value as Record<string, unknown>[];
        continue;
      }
      throw badRequest(
        `The property '${name}' does not exist on type 'Microsoft.NAV.${type.name}'. Make sure to only use property names that are defined by the type.`,
      );
    }
    if (options.readOnly.has(name))
      throw badRequest(`The property '${name}' is read-only on type 'Microsoft.NAV.${type.name}' and cannot be set.`);
    result.values[name] = convertValue(property, value);
  }
  return result;
}
