import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isSpecifiedDirective,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialSchema } from './official-schema.ts';
import { pruneSchema } from './prune-schema.ts';
import { emulatorSelection } from './selection.ts';
import { loadSubsetSchema, subsetSchemaPath } from './subset-schema.ts';

/** Everything the emulator serves that Shopify's official schema lacks or types differently. */
function findSubsetProblems(served: GraphQLSchema, official: GraphQLSchema): string[] {
  const problems: string[] = [];
  const kind = (type: GraphQLNamedType) => type.constructor.name;
  if (served.getQueryType()?.name !== official.getQueryType()?.name) problems.push('query root differs');
  if (served.getMutationType()?.name !== official.getMutationType()?.name) problems.push('mutation root differs');
  for (const directive of served.getDirectives().filter((candidate) => !isSpecifiedDirective(candidate))) {
    const theirs = official.getDirective(directive.name);
    if (!theirs) {
      problems.push(`directive @${directive.name} is not official`);
      continue;
    }
    if (directive.locations.join() !== theirs.locations.join()) problems.push(`@${directive.name} locations differ from the official ones`);
    for (const arg of directive.args) {
      const officialArg = theirs.args.find((candidate) => candidate.name === arg.name);
      if (!officialArg || String(officialArg.type) !== String(arg.type))
        problems.push(`@${directive.name}(${arg.name}) differs from the official argument`);
    }
  }
  for (const type of Object.values(served.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const theirs = official.getType(type.name);
    if (!theirs) {
      problems.push(`type ${type.name} is not official`);
      continue;
    }
    if (kind(type) !== kind(theirs)) problems.push(`${type.name} is a ${kind(type)}, officially a ${kind(theirs)}`);
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(theirs) || isInterfaceType(theirs))) {
      const officialFields = theirs.getFields();
      for (const field of Object.values(type.getFields())) {
        const match = officialFields[field.name];
        if (!match) {
          problems.push(`${type.name}.${field.name} is not official`);
          continue;
        }
        if (String(field.type) !== String(match.type))
          problems.push(`${type.name}.${field.name}: ${String(field.type)}, officially ${String(match.type)}`);
        for (const arg of field.args) {
          const officialArg = match.args.find((candidate) => candidate.name === arg.name);
          if (!officialArg) problems.push(`${type.name}.${field.name}(${arg.name}) is not official`);
          else if (
            String(arg.type) !== String(officialArg.type) ||
            JSON.stringify(arg.defaultValue) !== JSON.stringify(officialArg.defaultValue)
          ) {
            problems.push(`${type.name}.${field.name}(${arg.name}) differs from the official argument`);
          }
        }
        for (const required of match.args.filter(isRequiredArgument)) {
          if (!field.args.some((arg) => arg.name === required.name))
            problems.push(`${type.name}.${field.name} lacks required argument ${required.name}`);
        }
      }
      const officialInterfaces = theirs.getInterfaces().map((item) => item.name);
      for (const item of type.getInterfaces())
        if (!officialInterfaces.includes(item.name)) problems.push(`${type.name} implements ${item.name}, not officially`);
    }
    if (isInputObjectType(type) && isInputObjectType(theirs)) {
      const officialFields = theirs.getFields();
      for (const field of Object.values(type.getFields())) {
        const match = officialFields[field.name];
        if (!match) problems.push(`${type.name}.${field.name} is not official`);
        else if (String(field.type) !== String(match.type))
          problems.push(`${type.name}.${field.name}: ${String(field.type)}, officially ${String(match.type)}`);
      }
      for (const required of Object.values(officialFields).filter(isRequiredInputField)) {
        if (!type.getFields()[required.name]) problems.push(`${type.name} lacks required field ${required.name}`);
      }
    }
    if (isEnumType(type) && isEnumType(theirs)) {
      const values = theirs.getValues().map((value) => value.name);
      for (const value of type.getValues()) if (!values.includes(value.name)) problems.push(`${type.name}.${value.name} is not official`);
    }
    if (isUnionType(type) && isUnionType(theirs)) {
      const members = theirs.getTypes().map((member) => member.name);
      for (const member of type.getTypes())
        if (!members.includes(member.name)) problems.push(`${member.name} is not officially in ${type.name}`);
    }
    if (isScalarType(type) !== isScalarType(theirs)) problems.push(`${type.name} scalar mismatch`);
  }
  return problems;
}

let official: GraphQLSchema;
beforeAll(() => {
  official = loadOfficialSchema();
});

describe("the emulator's schema", () => {
  it('is a subset of the official Admin API 2026-10 schema', () => {
    expect(findSubsetProblems(loadSubsetSchema(), official)).toEqual([]);
  });

  it('is exactly what the selection cuts from the official schema (regenerate after editing selection.ts)', () => {
    expect(readFileSync(subsetSchemaPath, 'utf8')).toBe(pruneSchema(official, emulatorSelection));
  });

  it('the subset check catches an invented field, a changed type, an extra argument and an unknown enum value', () => {
    const sdl = readFileSync(subsetSchemaPath, 'utf8');
    const mutated = sdl
      .replace('type Order implements Node {\n', 'type Order implements Node {\n  loyaltyPoints: Int\n')
      .replace('  quantity: Int!\n', '  quantity: Int\n')
      .replace('order(id: ID!): Order', 'order(id: ID!, includeArchived: Boolean): Order')
      .replace('enum OrderCancelReason {\n', 'enum OrderCancelReason {\n  BORED\n')
      .replace('directive @idempotent(key: String!) on FIELD', 'directive @idempotent(key: String!, ttl: Int) on FIELD');
    expect(findSubsetProblems(buildSchema(mutated), official)).toEqual(
      expect.arrayContaining([
        'Order.loyaltyPoints is not official',
        'LineItem.quantity: Int, officially Int!',
        'QueryRoot.order(includeArchived) is not official',
        'OrderCancelReason.BORED is not official',
        '@idempotent(ttl) differs from the official argument',
      ]),
    );
  });

  it('cannot be cut with a field Shopify lacks or has deprecated', () => {
    expect(() => pruneSchema(official, { ...emulatorSelection, Order: ['id', 'shoeSize'] })).toThrow(
      /Order\.shoeSize is not in the official schema/,
    );
    expect(() => pruneSchema(official, { ...emulatorSelection, OrderTransaction: ['id', 'authorizationCode'] })).toThrow(
      /authorizationCode is deprecated/,
    );
  });
});
