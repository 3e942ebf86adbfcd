import {
  Kind,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxQueryCost, computeQueryCost } from '../../../emulators/shopify/cost.ts';
import { loadOfficialSchema } from '../../../emulators/shopify/schema/official-schema.ts';
import { allDocuments } from './documents.ts';

let official: GraphQLSchema;
beforeAll(() => {
  official = loadOfficialSchema();
});

const rules = [...specifiedRules, NoDeprecatedCustomRule];

function costOf(text: string): number {
  const document = parse(text);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return computeQueryCost(official, operation, fragments, {});
}

describe('every GraphQL document the hub sends', () => {
  it.each(allDocuments.map((document) => [document.name, document] as const))(
    '%s validates against the official 2026-10 schema, deprecated fields forbidden',
    (_name, document) => {
      const errors = validate(official, parse(document.text), rules).map((error) => error.message);
      expect(errors).toEqual([]);
    },
  );

  it.each(allDocuments.map((document) => [document.name, document] as const))(
    '%s is one named operation of the declared kind',
    (_name, document) => {
      const operations = parse(document.text).definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      expect(operations).toHaveLength(1);
      expect(operations[0]!.name?.value).toBe(document.name);
      expect(operations[0]!.operation).toBe(document.kind);
    },
  );

  it.each(allDocuments.map((document) => [document.name, document] as const))(
    '%s requests well under the 1,000-point cap and its estimate covers the cost',
    (_name, document) => {
      const cost = costOf(document.text);
      expect(cost).toBeLessThanOrEqual(maxQueryCost * 0.6);
      expect(document.estimatedCost).toBeGreaterThanOrEqual(cost);
    },
  );

  it('document names are unique', () => {
    expect(new Set(allDocuments.map((document) => document.name)).size).toBe(allDocuments.length);
  });

  it('the same check rejects a deprecated field and an unknown one', () => {
    const deprecated = validate(
      official,
      parse('query Q($id: ID!) { order(id: $id) { transactions(first: 1) { authorizationCode } } }'),
      rules,
    );
    const unknown = validate(official, parse('query Q($id: ID!) { order(id: $id) { shoeSize } }'), rules);
    expect(deprecated.map((error) => error.message).join()).toMatch(/authorizationCode.*deprecated/);
    expect(unknown.map((error) => error.message).join()).toMatch(/shoeSize/);
  });
});
