/**
 * The append-only audit log: every state change, operator action and rejected input. What is
 * written is made storable first (storable.ts), so no hostile byte can make an entry fail.
 */
import type { Executor } from '../store/open-store.ts';
import { mapAuditRow } from './map-rows.ts';
import { toStorable, toStorableText } from './storable.ts';
import type { AuditEntry } from './types.ts';

export interface AuditInput {
  actor: string;
  entity: string;
  entityId: string | number;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  detail?: Record<string, unknown>;
}

export async function appendAudit(db: Executor, entry: AuditInput): Promise<void> {
  await db
    .insertInto('lb_audit')
    .values({
      actor: toStorableText(entry.actor),
      entity: entry.entity,
      entity_id: toStorableText(String(entry.entityId)),
      action: entry.action,
      from_state: entry.fromState ?? null,
      to_state: entry.toState ?? null,
      detail: JSON.stringify(toStorable(entry.detail ?? {})),
    })
    .execute();
}

export async function listAudit(
  db: Executor,
  filter: { entity?: string; entityId?: string | number; limit?: number } = {},
): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('lb_audit')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', String(filter.entityId));
  return (await query.execute()).map(mapAuditRow);
}
