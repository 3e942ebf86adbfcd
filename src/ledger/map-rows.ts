/** The one place where snake_case rows become the ledger's domain types. */
import type { AuditRow, ExceptionRow, LinkRow, RecordRow } from '../store/schema.ts';
import type {
  AuditEntry,
  ExceptionCategory,
  ExceptionOwner,
  ExceptionSeverity,
  ExceptionStatus,
  LedgerException,
  LedgerRecord,
  Link,
  RecordState,
} from './types.ts';

export function mapRecordRow(row: RecordRow): LedgerRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    flow: row.flow,
    sourceSystem: row.source_system,
    sourceId: row.source_id,
    sourceRef: row.source_ref,
    state: row.state as RecordState,
    payload: row.payload,
    payloadHash: row.payload_hash,
    attempts: row.attempts,
    externalRef: row.external_ref,
    targetIds: row.target_ids ?? {},
    overrides: row.overrides ?? {},
    postedSnapshot: row.posted_snapshot,
    lastError: row.last_error,
    linkGroup: row.link_group,
    notBefore: row.not_before,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    postedAt: row.posted_at,
  };
}

export function mapExceptionRow(row: ExceptionRow): LedgerException {
  return {
    id: row.id,
    connectionId: row.connection_id,
    recordId: row.record_id,
    flow: row.flow,
    code: row.code,
    category: row.category as ExceptionCategory,
    severity: row.severity as ExceptionSeverity,
    owner: row.owner as ExceptionOwner,
    status: row.status as ExceptionStatus,
    message: row.message,
    action: row.action,
    evidence: row.evidence,
    fingerprint: row.fingerprint,
    occurrences: row.occurrences,
    autoRetry: row.auto_retry,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    closeNote: row.close_note,
  };
}

export function mapLinkRow(row: LinkRow): Link {
  return {
    linkGroup: row.link_group,
    system: row.system,
    kind: row.kind,
    externalId: row.external_id,
    label: row.label,
    createdAt: row.created_at,
  };
}

export function mapAuditRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    detail: (row.detail ?? {}) as Record<string, unknown>,
  };
}
