/**
 * Cuts the emulator's SDL out of Shopify's official schema: each selected type keeps
 * Shopify's own field types, argument types, defaults and enum values, and nothing that is
 * not selected. A selected name the official schema lacks, a deprecated field, or a field
 * whose type was not selected is an error, so the subset cannot drift into fiction.
 */
import {
  valueToLiteral,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { Selection } from './selection.ts';

interface FieldPick {
  name: string;
  args: Set<string>;
}

function parsePick(entry: string): FieldPick {
  const match = /^(\w+)(?:\(([^)]*)\))?$/.exec(entry.trim());
  if (!match) throw new Error(`cannot read selection entry "${entry}"`);
  const args = (match[2] ?? '')
    .split(',')
    .map((arg) => arg.trim())
    .filter(Boolean);
  return { name: match[1]!, args: new Set(args) };
}

/** A directive as Shopify declares it; every listed argument must be one of its own. */
function printDirective(official: GraphQLSchema, name: string, args: readonly string[], problems: string[]): string[] {
  const directive = official.getDirective(name);
  if (!directive) {
    problems.push(`@${name} is not in the official schema`);
    return [];
  }
  for (const arg of args)
    if (!directive.args.some((candidate) => candidate.name === arg)) problems.push(`@${name}(${arg}) is not in the official schema`);
  const kept = directive.args.filter((arg) => args.includes(arg.name) || isRequiredArgument(arg));
  const argText = kept.length ? `(${kept.map((arg) => `${arg.name}: ${String(arg.type)}`).join(', ')})` : '';
  return [`directive @${name}${argText}${directive.isRepeatable ? ' repeatable' : ''} on ${directive.locations.join(' | ')}`];
}

export function pruneSchema(official: GraphQLSchema, selection: Selection): string {
  const problems: string[] = [];
  const selected = (type: GraphQLNamedType) => isSpecifiedScalarType(type) || Object.hasOwn(selection, type.name);
  const blocks: string[] = [];

  // A schema read from introspection carries defaults as literals; one built in code, as values.
  const defaultOf = (item: GraphQLArgument | GraphQLInputField) => {
    if (item.default === undefined) return '';
    const ast = item.default.literal ?? valueToLiteral(item.default.value, item.type);
    return ast ? ` = ${print(ast)}` : '';
  };
  const checkRef = (owner: string, type: GraphQLNamedType) => {
    if (!selected(type)) problems.push(`${owner} refers to ${type.name}, which is not selected`);
  };

  for (const [typeName, entries] of Object.entries(selection)) {
    if (typeName.startsWith('@')) {
      blocks.push(...printDirective(official, typeName.slice(1), entries, problems));
      continue;
    }
    const type = official.getType(typeName);
    if (!type) {
      problems.push(`${typeName} is not in the official schema`);
      continue;
    }
    if (isObjectType(type) || isInterfaceType(type)) {
      const fields = type.getFields();
      const lines: string[] = [];
      for (const pick of entries.map(parsePick)) {
        const field = fields[pick.name];
        if (!field) {
          problems.push(`${typeName}.${pick.name} is not in the official schema`);
          continue;
        }
        if (field.deprecationReason) problems.push(`${typeName}.${pick.name} is deprecated`);
        for (const arg of pick.args) {
          if (!field.args.some((candidate) => candidate.name === arg))
            problems.push(`${typeName}.${pick.name}(${arg}) is not in the official schema`);
        }
        const args = field.args.filter((arg) => pick.args.has(arg.name) || isRequiredArgument(arg));
        args.forEach((arg) => checkRef(`${typeName}.${pick.name}(${arg.name})`, getNamedType(arg.type)));
        checkRef(`${typeName}.${pick.name}`, getNamedType(field.type));
        const argText = args.length ? `(${args.map((arg) => `${arg.name}: ${String(arg.type)}${defaultOf(arg)}`).join(', ')})` : '';
        lines.push(`  ${field.name}${argText}: ${String(field.type)}`);
      }
      // A type keeps an interface only where it serves every field the interface is cut to
      // (a MailingAddress served without its id is no Node here).
      const served = new Set(entries.map((entry) => parsePick(entry).name));
      const interfaces = type
        .getInterfaces()
        .filter(selected)
        .filter((item) => (selection[item.name] ?? []).every((entry) => served.has(parsePick(entry).name)))
        .map((item) => item.name);
      const implementsText = interfaces.length ? ` implements ${interfaces.join(' & ')}` : '';
      blocks.push(`${isObjectType(type) ? 'type' : 'interface'} ${typeName}${implementsText} {\n${lines.join('\n')}\n}`);
    } else if (isInputObjectType(type)) {
      const fields = type.getFields();
      const names = new Set(entries);
      for (const name of names) if (!fields[name]) problems.push(`${typeName}.${name} is not in the official schema`);
      const kept = Object.values(fields).filter((field) => names.has(field.name) || isRequiredInputField(field));
      kept.forEach((field) => checkRef(`${typeName}.${field.name}`, getNamedType(field.type)));
      const lines = kept.map((field) => `  ${field.name}: ${String(field.type)}${defaultOf(field)}`);
      blocks.push(`input ${typeName} {\n${lines.join('\n')}\n}`);
    } else if (isEnumType(type)) {
      const all = type.getValues().filter((value) => !value.deprecationReason);
      const names = entries.includes('*') ? all.map((value) => value.name) : [...entries];
      for (const name of names) if (!all.some((value) => value.name === name)) problems.push(`${typeName}.${name} is not a current value`);
      blocks.push(`enum ${typeName} {\n${names.map((name) => `  ${name}`).join('\n')}\n}`);
    } else if (isUnionType(type)) {
      const members = type
        .getTypes()
        .filter(selected)
        .map((member) => member.name);
      if (!members.length) problems.push(`union ${typeName} has no selected member`);
      blocks.push(`union ${typeName} = ${members.join(' | ')}`);
    } else if (isScalarType(type)) {
      blocks.push(`scalar ${typeName}`);
    }
  }
  if (problems.length) throw new Error(`the emulator selection does not fit the official schema:\n- ${problems.join('\n- ')}`);

  const root = `schema {\n  query: ${official.getQueryType()!.name}\n  mutation: ${official.getMutationType()!.name}\n}`;
  const header =
    "# Generated by emulators/shopify/schema/generate-schema.ts from Shopify's official Admin API 2026-10 schema\n# (ISC licence, see shopify-admin-graphql-schema.LICENSE beside this file). Do not edit by hand.";
  return `${header}\n\n${root}\n\n${blocks.join('\n\n')}\n`;
}
