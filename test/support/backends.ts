/**
 * Runs a suite against every store backend, as the contract requires: the embedded store
 * always, PostgreSQL when LEDGERBRIDGE_TEST_DATABASE_URL is set. Each suite gets its own
 * fresh database (a cloned in-memory snapshot, or a new PostgreSQL database).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe } from 'vitest';
import { openStore, type Store, type StoreBackend } from '../../src/store/open-store.ts';
import { postgresTestUrl, snapshotPath } from './env.ts';

export interface BackendHandle {
  backend: StoreBackend;
  open(): Promise<Store>;
  /** Drops what `open` created (PostgreSQL databases); stores must be closed first. */
  cleanup(): Promise<void>;
}

let snapshot: Blob | undefined;
function embeddedSnapshot(): Blob | undefined {
  if (snapshot) return snapshot;
  const path = snapshotPath();
  if (!path) return undefined;
  snapshot = new Blob([readFileSync(path)]);
  return snapshot;
}

export function embeddedBackend(): BackendHandle {
  return {
    backend: 'embedded',
    open: () => openStore({ backend: 'embedded', dataDir: null, snapshot: embeddedSnapshot() }),
    cleanup: async () => undefined,
  };
}

export function postgresBackend(baseUrl: string): BackendHandle & { createDatabase(): Promise<string> } {
  const created: string[] = [];
  async function createDatabase(): Promise<string> {
    const name = `lb_test_${process.pid}_${Date.now().toString(36)}_${created.length}`;
    await adminQuery(baseUrl, `create database ${name}`);
    created.push(name);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  return {
    backend: 'postgres',
    createDatabase,
    async open() {
      return openStore({ backend: 'postgres', url: await createDatabase(), maxConnections: 5 });
    },
    async cleanup() {
      for (const name of created.splice(0)) await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** `describe` once per backend; the PostgreSQL run is reported as skipped when not configured. */
export function describeEachBackend(name: string, suite: (backend: BackendHandle) => void): void {
  describe(`${name} [embedded]`, () => suite(embeddedBackend()));
  const url = postgresTestUrl();
  if (url) describe(`${name} [postgres]`, () => suite(postgresBackend(url)));
  else describe.skip(`${name} [postgres] skipped: set LEDGERBRIDGE_TEST_DATABASE_URL to run it`, () => undefined);
}
