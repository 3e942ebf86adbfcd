/**
 * Loads Shopify's official Admin API 2026-10 schema from the shared reference artifacts.
 * For tests and the schema generator only: the emulator itself serves the committed subset,
 * so it runs where `../shared` is absent.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

export const officialSchemaPath = fileURLToPath(
  new URL('../../../../shared/reference/artifacts/shopify-admin-graphql-2026-10.introspection.json.gz', import.meta.url),
);

export function loadOfficialSchema(path = officialSchemaPath): GraphQLSchema {
  const json = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { data: IntrospectionQuery };
  return buildClientSchema(json.data);
}
