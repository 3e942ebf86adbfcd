/**
 * Pushing stock to Shopify, exactly once. Each call of at most 250 quantities is one ledger
 * record holding its inputs (every term of every value). Before the call the record moves to
 * `posting` with the exact request (idempotency key, quantities, compare-and-set values) as
 * its snapshot; after a crash or a lost answer the same request is sent again under the same
 * key, and Shopify answers the first result without applying it twice.
 *
 * A compare-and-set failure means Shopify sold (or someone set) a unit since it was read:
 * the pairs are read again on both sides, recomputed, and sent under a new key. Nothing is
 * written over a value the hub did not read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isConnectorError } from '../../core/errors.ts';
import { addLinks, receiveRecord, transitionRecord, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import type { AvailabilityTerms } from './available.ts';
import { INVENTORY_FLOW, type InventoryFlowDeps } from './deps.ts';
import { inventoryException } from './exceptions.ts';
import { savePositions } from './positions.ts';

const ACTOR = 'inventory-flow';
export const maxPerCall = 250;
/** Conflicts in a row before the pairs are left for the next sync. */
const maxAttempts = 4;
const refreshCodes = new Set(['CHANGE_FROM_QUANTITY_STALE', 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED']);

/** One value to write, with everything it was computed from. */
export interface PushEntry {
  sku: string;
  itemNumber: string;
  locationCode: string;
  inventoryItemId: string;
  locationId: string;
  /** What Shopify showed when read: the compare-and-set value. */
  from: number;
  to: number;
  terms: AvailabilityTerms;
}

export interface PushPayload {
  run: string;
  kind: 'full' | 'fast';
  entries: PushEntry[];
}

/** The request as sent: resent verbatim after a crash. */
export interface SentRequest {
  key: string;
  attempt: number;
  entries: PushEntry[];
}

/** Reads the pairs again (Shopify and BC) and recomputes; returns the ones that still differ. */
export type Recompute = (entries: PushEntry[]) => Promise<PushEntry[]>;

export type PushOutcome = 'pushed' | 'unchanged' | 'held' | 'done-before';

export interface PushSummary {
  calls: number;
  records: number;
  pushed: number;
  held: number;
  conflicts: number;
}

/** A run's id: its kind and start, and a random tail so two runs in the same millisecond stay apart. */
export function newRunId(kind: PushPayload['kind'], now: number): string {
  return `${kind}-${new Date(now).toISOString()}-${randomUUID().slice(0, 8)}`;
}

export function idempotencyKeyOf(sourceId: string, attempt: number): string {
  const hex = createHash('sha256').update(`ledgerbridge:inventory:${sourceId}:${attempt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function pushRun(
  deps: InventoryFlowDeps,
  run: { id: string; kind: PushPayload['kind'] },
  entries: readonly PushEntry[],
  recompute: Recompute,
): Promise<PushSummary> {
  const summary: PushSummary = { calls: 0, records: 0, pushed: 0, held: 0, conflicts: 0 };
  const parts = Math.ceil(entries.length / maxPerCall);
  for (let index = 0; index < parts; index += 1) {
    const part = entries.slice(index * maxPerCall, (index + 1) * maxPerCall);
    const { record } = await receiveRecord(deps.db, {
      flow: INVENTORY_FLOW,
      sourceSystem: 'hub',
      sourceId: `${run.id}/${index + 1}`,
      sourceRef: `stock ${run.kind === 'full' ? 'sync' : 'update'} ${run.id} part ${index + 1} of ${parts} (${part.length} SKU-locations)`,
      payload: { run: run.id, kind: run.kind, entries: part } satisfies PushPayload,
      actor: ACTOR,
    });
    summary.records += 1;
    const outcome = await pushRecord(deps, record, recompute, summary);
    if (outcome === 'held') summary.held += 1;
  }
  return summary;
}

export async function pushRecord(
  deps: InventoryFlowDeps,
  record: LedgerRecord,
  recompute: Recompute,
  summary: PushSummary = { calls: 0, records: 0, pushed: 0, held: 0, conflicts: 0 },
): Promise<PushOutcome> {
  if (record.state === 'posted' || record.state === 'skipped') return 'done-before';
  const payload = record.payload as PushPayload;
  let current = record;
  let sent: SentRequest;
  if (record.state === 'posting' && record.postedSnapshot) sent = record.postedSnapshot as SentRequest;
  else ({ record: current, sent } = await begin(deps, record, payload.entries, 1));
  for (;;) {
    try {
      summary.calls += 1;
      const result = await deps.channel.setInventoryQuantities({
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: `gid://ledgerbridge/InventoryPush/${record.id}`,
        idempotencyKey: sent.key,
        quantities: sent.entries.map((entry) => ({
          inventoryItemId: entry.inventoryItemId,
          locationId: entry.locationId,
          quantity: entry.to,
          changeFromQuantity: entry.from,
        })),
      });
      await finish(deps, current, sent, result.adjustmentGroupIds[0] ?? null);
      summary.pushed += sent.entries.length;
      return 'pushed';
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      if (error.upstreamCode && refreshCodes.has(error.upstreamCode)) {
        summary.conflicts += 1;
        if (sent.attempt >= maxAttempts) {
          await holdRecord(
            deps.db,
            current,
            [
              inventoryException(
                'stock_kept_changing',
                `Shopify stock changed under ${sent.entries.length} SKU-locations ${sent.attempt} times in a row (${skuList(sent.entries)}); nothing was overwritten.`,
                { entries: sent.entries.map(({ terms: _terms, ...entry }) => entry), error: error.toJSON() },
              ),
            ],
            ACTOR,
          );
          return 'held';
        }
        const fresh = await recompute(sent.entries);
        if (fresh.length === 0) {
          await finish(deps, current, { ...sent, entries: [] }, null);
          return 'unchanged';
        }
        ({ record: current, sent } = await begin(deps, current, fresh, sent.attempt + 1));
        continue;
      }
      if (!error.retryable) {
        await holdRecord(
          deps.db,
          current,
          [
            inventoryException('shopify_rejected', `Shopify refused the stock write for ${skuList(sent.entries)}: ${error.message}`, {
              error: error.toJSON(),
            }),
          ],
          ACTOR,
        );
        return 'held';
      }
      // Unreachable or throttled: the job runs again and resends this request under this key.
      throw error;
    }
  }
}

async function begin(
  deps: InventoryFlowDeps,
  record: LedgerRecord,
  entries: PushEntry[],
  attempt: number,
): Promise<{ record: LedgerRecord; sent: SentRequest }> {
  const sent: SentRequest = { key: idempotencyKeyOf(record.sourceId, attempt), attempt, entries };
  const moved = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: attempt === 1 ? 'pushing' : 'recomputed_after_conflict',
    externalRef: sent.key,
    postedSnapshot: sent,
    countAttempt: true,
    detail: { pairs: entries.length, attempt },
  });
  return { record: moved, sent };
}

async function finish(deps: InventoryFlowDeps, record: LedgerRecord, sent: SentRequest, adjustmentGroupId: string | null): Promise<void> {
  const at = new Date(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: sent.entries.length > 0 ? 'stock_pushed' : 'nothing_left_to_push',
      targetIds: adjustmentGroupId ? { 'shopify.inventoryAdjustmentGroup': adjustmentGroupId } : {},
      postedSnapshot: sent,
      detail: { pairs: sent.entries.length, attempt: sent.attempt },
    });
    await addLinks(
      trx,
      record.linkGroup,
      [...new Set(sent.entries.map((entry) => entry.sku))].map((sku) => ({ system: 'shopify', kind: 'sku', externalId: sku, label: sku })),
    );
    await savePositions(
      trx,
      sent.entries.map((entry) => ({
        sku: entry.sku,
        locationCode: entry.locationCode,
        shopifyLocationId: entry.locationId,
        inventoryItemId: entry.inventoryItemId,
        pushedQuantity: entry.to,
        previousQuantity: entry.from,
        terms: entry.terms,
        recordId: record.id,
        pushedAt: at,
      })),
    );
  });
}

function skuList(entries: readonly PushEntry[]): string {
  const skus = [...new Set(entries.map((entry) => `${entry.sku} at ${entry.locationCode}`))];
  return skus.length > 5 ? `${skus.slice(0, 5).join(', ')} and ${skus.length - 5} more` : skus.join(', ');
}
