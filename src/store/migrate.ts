/** Shared migrations: one list, applied the same way to the embedded store and PostgreSQL. */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as m0001 from './migrations/0001-ledger.ts';
import * as m0002 from './migrations/0002-overrides-and-snapshots.ts';
import * as m0004 from './migrations/0004-money.ts';
import * as m0005 from './migrations/0005-security.ts';
import * as m0006 from './migrations/0006-ledger-at-scale.ts';
import * as m0007 from './migrations/0007-inventory.ts';
import * as m0008 from './migrations/0008-reconciliation-notes.ts';
import * as m0009 from './migrations/0009-operator-state.ts';
import * as m0010 from './migrations/0010-shared-budgets.ts';
import * as m0011 from './migrations/0011-connections.ts';
import * as m0012 from './migrations/0012-inbox-claims.ts';
import * as m0013 from './migrations/0013-cost-blocks.ts';
import * as m0014 from './migrations/0014-record-counts-by-connection.ts';

const migrations: Record<string, Migration> = {
  '0001-ledger': m0001,
  '0002-overrides-and-snapshots': m0002,
  '0004-money': m0004,
  '0005-security': m0005,
  '0006-ledger-at-scale': m0006,
  '0007-inventory': m0007,
  '0008-reconciliation-notes': m0008,
  '0009-operator-state': m0009,
  '0010-shared-budgets': m0010,
  '0011-connections': m0011,
  '0012-inbox-claims': m0012,
  '0013-cost-blocks': m0013,
  '0014-record-counts-by-connection': m0014,
};

/** Every migration, in the order they apply. */
export const migrationNames = Object.keys(migrations).sort();

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  // Migrations are numbered as they were written; branches may land in another order.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'lb_migration',
    migrationLockTableName: 'lb_migration_lock',
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`store migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
