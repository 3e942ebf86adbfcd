/** The emulator's schema: the committed subset of Shopify's official Admin API 2026-10. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

export const subsetSchemaPath = fileURLToPath(new URL('./admin-2026-10.subset.graphql', import.meta.url));

let cached: GraphQLSchema | undefined;

export function loadSubsetSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(subsetSchemaPath, 'utf8'));
  return cached;
}
