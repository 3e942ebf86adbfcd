/**
 * Row types of the hub's own tables. Columns are snake_case here and nowhere else: the
 * ledger maps rows to domain types in one place.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type JsonNullable<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface RecordTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  id: Generated<number>;
  flow: string;
  source_system: string;
  source_id: string;
  /** Human reference, e.g. the Shopify order name `#1042`. */
  source_ref: string | null;
  state: string;
  payload: JsonNullable;
  payload_hash: string | null;
  attempts: Generated<number>;
  /** The deterministic reference written before any create in the target. */
  external_ref: string | null;
  target_ids: Json<Record<string, string>>;
  overrides: ColumnType<Record<string, string>, string | undefined, string>;
  posted_snapshot: JsonNullable;
  last_error: JsonNullable;
  link_group: string;
  /** Earliest time the next attempt may run (scheduled posting windows, backoff). */
  not_before: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  posted_at: Date | null;
}

export interface LinkTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  id: Generated<number>;
  link_group: string;
  system: string;
  kind: string;
  external_id: string;
  label: string | null;
  created_at: CreatedAt;
}

export interface ExceptionTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  id: Generated<number>;
  record_id: number | null;
  flow: string;
  code: string;
  category: string;
  severity: string;
  owner: string;
  status: string;
  message: string;
  action: string;
  evidence: Json;
  fingerprint: string;
  occurrences: Generated<number>;
  auto_retry: Generated<boolean>;
  first_seen_at: CreatedAt;
  last_seen_at: UpdatedAt;
  closed_at: Date | null;
  closed_by: string | null;
  close_note: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  detail: Json;
}

export interface CursorTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  name: string;
  value: string;
  updated_at: UpdatedAt;
}

export interface InboxTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  id: Generated<number>;
  source: string;
  topic: string;
  /** The sender's delivery id, e.g. `X-Shopify-Event-Id`; unique per source. */
  event_id: string;
  webhook_id: string | null;
  business_key: string | null;
  payload_hash: string;
  /** The delivery's bytes: as text, or base64 when `body_encoding` says so (see ledger/inbox.ts). */
  body: string;
  body_encoding: ColumnType<string, string | undefined, string>;
  status: string;
  received_at: CreatedAt;
  /** When a process took the delivery to hand it to its flow (migration 0012); null until then. */
  claimed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ReconciliationRunTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  id: Generated<number>;
  period_from: ColumnType<string, string, string>;
  period_to: ColumnType<string, string, string>;
  trigger: string;
  status: string;
  compared: Json<Record<string, number>>;
  /** What the run did not compare and why (migration 0008). */
  notes: ColumnType<string[], string | undefined, string>;
  error: string | null;
  started_at: CreatedAt;
  finished_at: Date | null;
}

export interface ReconciliationDifferenceTable {
  id: Generated<number>;
  run_id: number;
  category: string;
  /** What finance looks it up by: the order name, the refund, the payout, the SKU at a location. */
  reference: string;
  /** The same difference in another run of the period has the same fingerprint. */
  fingerprint: string;
  message: string;
  shopify_amount: string | null;
  bc_amount: string | null;
  record_id: number | null;
  link_group: string | null;
  detail: Json;
}

export interface Database {
  lb_record: RecordTable;
  lb_link: LinkTable;
  lb_exception: ExceptionTable;
  lb_audit: AuditTable;
  lb_cursor: CursorTable;
  lb_inbox: InboxTable;
  lb_reconciliation_run: ReconciliationRunTable;
  lb_reconciliation_difference: ReconciliationDifferenceTable;
  lb_record_count: RecordCountTable;
  lb_inventory_position: InventoryPositionTable;
  lb_operator_session: OperatorSessionTable;
  lb_throttle: ThrottleTable;
  lb_budget: BudgetTable;
  lb_budget_start: BudgetStartTable;
}

/** The inventory flow's last push per SKU and location (migration 0007). */
export interface InventoryPositionTable {
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub (migration 0011). */
  connection_id: Generated<string>;
  sku: string;
  location_code: string;
  shopify_location_id: string;
  inventory_item_id: string;
  pushed_quantity: number;
  previous_quantity: number | null;
  terms: Json;
  record_id: number | null;
  pushed_at: ColumnType<Date, Date | string, Date | string>;
}

/** A signed-in dashboard session (migration 0009): the cookie's value is never stored, only its keyed hash. */
export interface OperatorSessionTable {
  token_hash: string;
  /** The name the operator acts under, when the browser remembered one at sign-in. */
  user_name: string | null;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

/** One throttle count per key (say, a client address) and window (migration 0009). */
export interface ThrottleTable {
  key: string;
  hits: number;
  reset_at: ColumnType<Date, Date | string, Date | string>;
}

/** Records per flow and state, kept by a trigger (migration 0006). */
export interface RecordCountTable {
  connection_id: Generated<string>;
  flow: string;
  state: string;
  n: number;
}

/** A request budget shared by the hub processes on one PostgreSQL (migration 0010). */
export interface BudgetTable {
  name: string;
  paused_until: Date | null;
  bucket_maximum: number | null;
  bucket_available: number | null;
  bucket_restore_rate: number | null;
  bucket_at: Date | null;
}

/** Requests started in one slice of a budget's window (migration 0010). */
export interface BudgetStartTable {
  budget: string;
  slice: number;
  starts: number;
}

export type RecordRow = Selectable<RecordTable>;
export type NewRecordRow = Insertable<RecordTable>;
export type RecordRowUpdate = Updateable<RecordTable>;
export type LinkRow = Selectable<LinkTable>;
export type ExceptionRow = Selectable<ExceptionTable>;
export type AuditRow = Selectable<AuditTable>;
export type InboxRow = Selectable<InboxTable>;
