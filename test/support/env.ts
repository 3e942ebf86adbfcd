import { inject } from 'vitest';

/** The test run's own settings, read in one place. */
export function postgresTestUrl(): string | undefined {
  return process.env.LEDGERBRIDGE_TEST_DATABASE_URL || undefined;
}

export function snapshotPath(): string | undefined {
  return inject('embeddedSnapshotPath') || undefined;
}
