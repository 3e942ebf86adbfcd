/**
 * Writes admin-2026-10.subset.graphql from the official schema and the selection.
 * Run after changing selection.ts: `npx tsx emulators/shopify/schema/generate-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { loadOfficialSchema } from './official-schema.js';
import { pruneSchema } from './prune-schema.js';
import { emulatorSelection } from './selection.js';
import { subsetSchemaPath } from './subset-schema.js';

writeFileSync(subsetSchemaPath, pruneSchema(loadOfficialSchema(), emulatorSelection));
console.log(`wrote ${subsetSchemaPath}`);
