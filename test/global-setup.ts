/**
 * Once per test run: build a migrated embedded store and snapshot it, so every test file
 * starts its in-memory stores from the snapshot instead of running initdb again; and say
 * plainly when the PostgreSQL half of the store contract is not running.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openStore } from '../src/store/open-store.ts';
import { postgresTestUrl } from './support/env.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  console.log(`\n[ledgerbridge] tests run on Node ${process.version} (${process.execPath})\n`);
  const dir = mkdtempSync(join(tmpdir(), 'lb-test-'));
  const store = await openStore({ backend: 'embedded', dataDir: null });
  const blob = await store.dumpSnapshot!();
  await store.close();
  const path = join(dir, 'embedded-snapshot.tar');
  writeFileSync(path, Buffer.from(await blob.arrayBuffer()));
  project.provide('embeddedSnapshotPath', path);
  if (!postgresTestUrl()) {
    console.warn(
      '\n[ledgerbridge] PostgreSQL half of the store contract SKIPPED: LEDGERBRIDGE_TEST_DATABASE_URL is not set (.ci/run sets it).\n',
    );
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedSnapshotPath: string;
  }
}
