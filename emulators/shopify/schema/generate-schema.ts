/**
 * Writes admin-2026-10.subset.graphql from the official schema and the selection.
 * Run after changing selection.ts: `node emulators/shopify/schema/generate-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { loadOfficialSchema } from './official-schema.ts';
import { pruneSchema } from './prune-schema.ts';
import { emulatorSelection } from './selection.ts';
import { subsetSchemaPath } from './subset-schema.ts';

writeFileSync(subsetSchemaPath, pruneSchema(loadOfficialSchema(), emulatorSelection));
console.log(`wrote ${subsetSchemaPath}`);
