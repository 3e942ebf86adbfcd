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
  // The schema is Shopify's own, served as it is: graphql-js 17 added a rule (an implementation
  // field may be deprecated only if the interface's is) that six of its fields break. That is
  // not ours to correct, so the schema is taken as valid and documents are checked against it.
  return buildClientSchema(json.data, { assumeValid: true });
}
