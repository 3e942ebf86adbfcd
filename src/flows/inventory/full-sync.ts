/**
 * The full sync: BC's figures for every item, variant and location (paged, within the BC
 * budget), Shopify's levels in one bulk operation, demand BC has not seen from the ledger;
 * then the plan, the guard rails, and the deltas pushed 250 to a call. SKUs that cannot be
 * written safely (untracked, duplicated, unknown to BC) become owned exceptions and are left
 * as they are. What an earlier run left half done is settled first.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import { listRecords, receiveRecord, resolveOpenExceptionsForRecord, transitionRecord, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import { matchCatalogue, type CatalogueIssue, type ShopifyLevel, type StockPair } from './catalogue.ts';
import { readUnseenDemand } from './demand.ts';
import { INVENTORY_FLOW, type FullSyncJob, type InventoryFlowDeps } from './deps.ts';
import { inventoryException } from './exceptions.ts';
import { takeFastPathBaseline } from './fast-path-cursors.ts';
import { checkGuardRails, planChanges, previewOf } from './plan.ts';
import { newRunId, pushRecord, pushRun, type PushEntry, type PushSummary } from './push.ts';
import { indexFigures, needsReservations, prepareContext, recomputeEntries, type SyncContext } from './sync-context.ts';

const ACTOR = 'inventory-flow';

export interface FullSyncResult {
  run: string;
  bcRows: number;
  pairs: number;
  changes: number;
  held: boolean;
  issues: number;
  push: PushSummary | null;
  /** Wall time per phase; `computeCpuMs` is the CPU time of matching, the formula, the diff and the guard rails. */
  timings: { readMs: number; computeMs: number; computeCpuMs: number; pushMs: number };
}

export async function runFullSync(deps: InventoryFlowDeps, job: FullSyncJob = {}): Promise<FullSyncResult> {
  const ctx = await prepareContext(deps);
  await settleUnfinishedPushes(deps, ctx);
  await supersedeHeldPushes(deps);
  const run = newRunId('full', deps.clock.now());
  if (deps.config.fastPath.enabled) await takeFastPathBaseline(deps);
  const started = performance.now();
  const rows = await deps.erp.readStockAvailability({ pageSize: deps.config.pageSize, reserved: needsReservations(deps) });
  const { figures, itemOf } = indexFigures(rows, deps.config.variantSeparator);
  const levels: ShopifyLevel[] = [];
  for await (const level of deps.channel.readAllLevels()) levels.push(level);
  const demand = await readUnseenDemand({ db: deps.db, getOrder: (id) => deps.channel.getOrder(id) }, ctx.locations.codeOf);
  const read = performance.now();
  const cpu = process.cpuUsage();

  const catalogue = matchCatalogue(levels, ctx.locations.codeOf);
  const { pairs, missing } = await keepSkusKnownToBc(deps, catalogue.pairs, itemOf);
  const issues = [...catalogue.issues, ...missing];
  const plan = planChanges({ pairs, figures, demand, rules: ctx.rules, basis: deps.config.basis });
  const verdict = checkGuardRails(plan, pairs, deps.config.guardRails);
  const computed = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  const computeCpuMs = (user + system) / 1000;
  const result = { run, bcRows: rows.length, pairs: pairs.length, changes: plan.changes.length, issues: issues.length };

  await recordCatalogueIssues(deps, issues, pairs);
  const approved = job.approvedRecordId === undefined ? undefined : await approvedRun(deps, job.approvedRecordId);
  if (verdict.hold && !approved) {
    const { record } = await receiveRecord(deps.db, {
      flow: INVENTORY_FLOW,
      sourceSystem: 'hub',
      sourceId: run,
      sourceRef: `stock sync ${run} held by the guard rails`,
      payload: previewOf(plan, verdict),
      actor: ACTOR,
    });
    await holdRecord(
      deps.db,
      record,
      [
        inventoryException(
          'mass_drop_held',
          `The stock sync ${run} was not pushed: ${verdict.reasons.join('; ')}.`,
          previewOf(plan, verdict),
        ),
      ],
      ACTOR,
    );
    deps.logger.warn({ run, reasons: verdict.reasons }, 'stock sync held by the guard rails');
    return { ...result, held: true, push: null, timings: { readMs: read - started, computeMs: computed - read, computeCpuMs, pushMs: 0 } };
  }
  const entries: PushEntry[] = plan.changes.map(({ available: _available, ...change }) => ({
    ...change,
    itemNumber: itemOf.get(change.sku) ?? change.sku,
  }));
  const push = await pushRun(deps, { id: run, kind: 'full' }, entries, recomputeEntries(deps, ctx));
  if (approved)
    await transitionRecord(deps.db, approved.id, {
      to: 'posted',
      actor: ACTOR,
      reason: 'approved_and_pushed',
      detail: { run, pushed: push.pushed },
    });
  const pushed = performance.now();
  deps.logger.info({ run, pairs: pairs.length, changes: plan.changes.length, calls: push.calls, held: push.held }, 'stock sync pushed');
  return {
    ...result,
    held: false,
    push,
    timings: { readMs: read - started, computeMs: computed - read, computeCpuMs, pushMs: pushed - computed },
  };
}

/** Pushes cut off by a crash or a lost answer are resent as they were; plans never sent are superseded by this run. */
export async function settleUnfinishedPushes(deps: InventoryFlowDeps, ctx: SyncContext): Promise<void> {
  const unfinished = await deps.db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(deps.db))
    .where('flow', '=', INVENTORY_FLOW)
    .where('source_system', '=', 'hub')
    .where('state', 'in', ['received', 'posting'])
    .orderBy('id')
    .execute();
  for (const record of unfinished.map(mapRecordRow)) {
    if (record.state === 'posting') await pushRecord(deps, record, recomputeEntries(deps, ctx));
    else await transitionRecord(deps.db, record.id, { to: 'skipped', actor: ACTOR, reason: 'superseded_by_a_later_run' });
  }
}

/**
 * Pushes held earlier (stock kept changing, Shopify refused) are not sent again as they were:
 * this run computes their pairs afresh. Their records are closed as superseded, with their
 * exceptions, so the queue shows only what is still wrong.
 */
async function supersedeHeldPushes(deps: InventoryFlowDeps): Promise<void> {
  const held = await deps.db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(deps.db))
    .where('flow', '=', INVENTORY_FLOW)
    .where('source_system', '=', 'hub')
    .where('state', '=', 'exception')
    .execute();
  for (const record of held.map(mapRecordRow)) {
    if (!record.sourceId.includes('/')) continue; // a held run waits for a person, not for the next run
    await inTransaction(deps.db, async (trx) => {
      await transitionRecord(trx, record.id, { to: 'skipped', actor: ACTOR, reason: 'superseded_by_a_later_run' });
      await resolveOpenExceptionsForRecord(trx, record.id, { by: ACTOR, note: 'A later full sync computed these pairs again.' });
    });
  }
}

export async function keepSkusKnownToBc(
  deps: InventoryFlowDeps,
  pairs: StockPair[],
  itemOf: Map<string, string>,
): Promise<{ pairs: StockPair[]; missing: CatalogueIssue[] }> {
  const unknown = new Map<string, boolean>();
  for (const pair of pairs) if (!itemOf.has(pair.sku)) unknown.set(pair.sku, false);
  const separator = deps.config.variantSeparator;
  for (const sku of unknown.keys()) {
    // An item with no stock and no demand has no row; it still exists in BC.
    const cut = separator ? sku.lastIndexOf(separator) : -1;
    const itemNumber = cut > 0 ? sku.slice(0, cut) : sku;
    const item = await deps.erp
      .findItemByNumber(sku)
      .then((found) => found ?? (cut > 0 ? deps.erp.findItemByNumber(itemNumber) : undefined));
    if (item) {
      itemOf.set(sku, item.number);
      unknown.delete(sku);
    }
  }
  const missing = [...unknown.keys()].map((sku) => ({
    code: 'sku_not_in_bc' as const,
    sku,
    message: `Shopify sells SKU ${sku}, but Business Central has no item${separator ? ' or item variant' : ''} with that number; its Shopify stock is left as it is.`,
    evidence: { sku },
  }));
  return { pairs: pairs.filter((pair) => !unknown.has(pair.sku)), missing };
}

/**
 * One record per SKU with a catalogue problem (`sku:<SKU>`), held with its exception; a SKU
 * that is fine again has its record closed, which closes the exception.
 */
async function recordCatalogueIssues(deps: InventoryFlowDeps, issues: CatalogueIssue[], pairs: readonly StockPair[]): Promise<void> {
  const held = new Map<string, LedgerRecord>();
  for (const record of await listRecords(deps.db, { flow: INVENTORY_FLOW, states: ['exception'], limit: 10_000 }))
    if (record.sourceSystem === 'shopify') held.set(record.sourceId, record);
  for (const issue of issues) {
    const { record } = await receiveRecord(deps.db, {
      flow: INVENTORY_FLOW,
      sourceSystem: 'shopify',
      sourceId: `sku:${issue.sku}`,
      sourceRef: issue.sku,
      payload: { sku: issue.sku },
      actor: ACTOR,
    });
    held.delete(record.sourceId);
    // Already held: its exception stays open; no new occurrence every hour.
    if (record.state === 'exception') continue;
    const current =
      record.state === 'posted'
        ? await transitionRecord(deps.db, record.id, { to: 'received', actor: ACTOR, reason: 'problem_again' })
        : record;
    await holdRecord(deps.db, current, [inventoryException(issue.code, issue.message, issue.evidence)], ACTOR);
  }
  const fine = new Set(pairs.map((pair) => `sku:${pair.sku}`));
  for (const record of held.values())
    if (fine.has(record.sourceId)) await transitionRecord(deps.db, record.id, { to: 'posted', actor: ACTOR, reason: 'sku_synced_again' });
}

async function approvedRun(deps: InventoryFlowDeps, recordId: number): Promise<LedgerRecord | undefined> {
  const [row] = await deps.db.selectFrom('lb_record').selectAll().where('id', '=', recordId).where('flow', '=', INVENTORY_FLOW).execute();
  const record = row && mapRecordRow(row);
  return record?.state === 'exception' && record.sourceId.startsWith('full-') ? record : undefined;
}
