/**
 * Rules Shopify enforces at run time that no schema validation can catch, checked on every
 * document the hub sends; and a check that the emulator serves every one of them.
 */
import { Kind, parse, validate, visit, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSubsetSchema } from '../../../emulators/shopify/schema/subset-schema.ts';
import { allDocuments } from './documents.ts';
import { define } from './graphql-document.ts';
import { maxQuantitiesPerCall, splitIntoParts } from './inventory-write.ts';

/** Mutations that fail at run time without `@idempotent(key:)` since 2026-04. */
const mustBeIdempotent = new Set(['inventorySetQuantities', 'inventoryAdjustQuantities', 'refundCreate']);

function idempotencyProblems(document: ReturnType<typeof define>): string[] {
  const problems: string[] = [];
  const ast: DocumentNode = parse(document.text);
  const stringVariables = new Set<string>();
  visit(ast, {
    VariableDefinition(node) {
      if (node.type.kind === Kind.NON_NULL_TYPE && node.type.type.kind === Kind.NAMED_TYPE && node.type.type.name.value === 'String')
        stringVariables.add(node.variable.name.value);
    },
  });
  visit(ast, {
    Field(node) {
      if (!mustBeIdempotent.has(node.name.value)) return;
      const directive = node.directives?.find((candidate) => candidate.name.value === 'idempotent');
      const key = directive?.arguments?.find((argument) => argument.name.value === 'key')?.value;
      if (!key) problems.push(`${node.name.value} has no @idempotent(key:)`);
      else if (key.kind !== Kind.VARIABLE || !stringVariables.has(key.name.value))
        problems.push(`${node.name.value}: the key must be a String! variable, one per logical write`);
      if (!document.idempotent)
        problems.push(`${document.name} is not marked idempotent, so the client would not resend it after a lost answer`);
    },
  });
  if (document.idempotent && !/@idempotent\(key:/.test(document.text))
    problems.push(`${document.name} is marked idempotent without the directive`);
  return problems;
}

function longestListLiteral(text: string): number {
  let longest = 0;
  visit(parse(text), { ListValue: (node) => void (longest = Math.max(longest, node.values.length)) });
  return longest;
}

describe('runtime rules on every document', () => {
  it.each(allDocuments.map((document) => [document.name, document] as const))(
    '%s: inventory and refund mutations carry @idempotent(key: $variable)',
    (_name, document) => {
      expect(idempotencyProblems(document)).toEqual([]);
    },
  );

  it('the check catches a mutation without the key, or with a key written into the document', () => {
    const bare = define(
      'Bare',
      'mutation',
      10,
      'mutation Bare($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }',
    );
    const fixed = define(
      'Fixed',
      'mutation',
      10,
      'mutation Fixed($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "same-forever") { userErrors { message } } }',
      { idempotent: true },
    );
    expect(idempotencyProblems(bare)).toEqual(expect.arrayContaining(['inventorySetQuantities has no @idempotent(key:)']));
    expect(idempotencyProblems(fixed)).toEqual([expect.stringContaining('must be a String! variable')]);
  });

  it.each(allDocuments.map((document) => [document.name, document] as const))(
    '%s: no input list above 250 items written into it',
    (_name, document) => {
      expect(longestListLiteral(document.text)).toBeLessThanOrEqual(250);
    },
  );

  it('the stock write sends its entries in parts of at most 250', () => {
    expect(maxQuantitiesPerCall).toBe(250);
    expect(splitIntoParts(Array.from({ length: 501 }, (_, index) => index)).map((part) => part.length)).toEqual([250, 250, 1]);
    expect(splitIntoParts([])).toEqual([]);
  });

  it.each(allDocuments.map((document) => [document.name, document] as const))('%s is served by the emulator', (_name, document) => {
    expect(validate(loadSubsetSchema(), parse(document.text)).map((error) => error.message)).toEqual([]);
  });
});
