/**
 * The daily stock reconciliation: the warehouse's complete snapshot against BC's stock at
 * the warehouse location, per SKU. Each SKU drifting beyond the threshold is one open
 * exception (seen again: one more occurrence); a SKU that agrees again closes its own.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import type { ErpItemJournalLine } from '../../core/domain/erp.ts';
import type { StockMovement, WarehouseShipment } from '../../core/domain/warehouse.ts';
import { dec } from '../../core/money.ts';
import { listExceptions, raiseException, resolveException, setCursor } from '../../ledger/index.ts';
import type { MonitorFigure } from '../../operations/types.ts';
import type { Executor } from '../../store/open-store.ts';
import { compareStock, type DriftLine, type StockComparison } from './compare-stock.ts';
import { STOCK_FLOW, type StockFlowDeps } from './deps.ts';
import { stockException } from './exceptions.ts';

const ACTOR = 'stock-reconciliation';
export const RECONCILIATION_CURSOR = 'stock.reconciliation.last';

const driftFingerprint = (location: string, sku: string) => `${STOCK_FLOW}:drift:${location}:${sku}`;

function addTo(map: Map<string, number>, sku: string, quantity: number): void {
  map.set(sku.toUpperCase(), (map.get(sku.toUpperCase()) ?? 0) + quantity);
}

/** Adjustments reported by the warehouse that BC has not booked yet: unbooked records and lines waiting in the journal batch. */
async function pendingAdjustments(deps: StockFlowDeps): Promise<Map<string, number>> {
  const pending = new Map<string, number>();
  const rows = await deps.db
    .selectFrom('lb_record')
    .select('payload')
    .where(sameConnection(deps.db))
    .where('flow', '=', STOCK_FLOW)
    .where('state', 'in', ['received', 'validated', 'exception'])
    .execute();
  for (const row of rows) {
    const movement = row.payload as StockMovement;
    addTo(pending, movement.sku, movement.delta);
  }
  let lines: ErpItemJournalLine[] = [];
  try {
    lines = await deps.erp.listItemJournalLines(deps.config.journalBatch);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the item journal batch; unposted adjustments are not counted');
  }
  for (const line of lines)
    addTo(pending, line.itemNumber, (line.entryType === 'Negative Adjmt.' ? -1 : 1) * dec(line.quantity).toNumber());
  return pending;
}

/** Units the warehouse despatched that BC has not shipped yet. */
async function unitsInTransit(db: Executor): Promise<Map<string, number>> {
  const inTransit = new Map<string, number>();
  const rows = await db
    .selectFrom('lb_record')
    .select(['payload', 'target_ids'])
    .where(sameConnection(db))
    .where('flow', '=', 'shipments')
    .where('state', 'not in', ['posted', 'skipped'])
    .execute();
  for (const row of rows) {
    if (row.target_ids?.['bc.shipment.id']) continue;
    for (const line of (row.payload as WarehouseShipment).lines) addTo(inTransit, line.sku, line.quantity);
  }
  return inTransit;
}

/** The warehouse's count against what BC expects, per SKU, now: read only (the month-end report uses it too). */
export async function measureStockDrift(deps: StockFlowDeps): Promise<{ comparison: StockComparison; asOf: string }> {
  const [snapshot, levels] = await Promise.all([
    deps.warehouse.getStockSnapshot(),
    deps.erp.getStockByLocation({ locationCodes: [deps.locationCode] }),
  ]);
  const comparison = compareStock(
    snapshot,
    levels,
    { pending: await pendingAdjustments(deps), inTransit: await unitsInTransit(deps.db) },
    { locationCode: deps.locationCode, threshold: deps.reconciliation.driftThreshold },
  );
  return { comparison, asOf: snapshot.asOf };
}

export async function reconcileStock(deps: StockFlowDeps): Promise<StockComparison> {
  const { comparison, asOf } = await measureStockDrift(deps);
  const snapshot = { asOf };
  const current = new Set<string>();
  for (const line of comparison.drift) {
    const fingerprint = driftFingerprint(line.location, line.sku);
    current.add(fingerprint);
    await raiseException(
      deps.db,
      { ...stockException('stock_drift', describeDrift(line), { ...line, snapshotAsOf: snapshot.asOf }), fingerprint },
      ACTOR,
    );
  }
  for (const open of await listExceptions(deps.db, { flow: STOCK_FLOW, status: 'open', limit: 10_000 })) {
    if (open.code === 'stock_drift' && !current.has(open.fingerprint)) {
      await resolveException(deps.db, open.id, { by: ACTOR, note: `the reconciliation of ${snapshot.asOf} found the SKU in agreement` });
    }
  }
  await setCursor(
    deps.db,
    RECONCILIATION_CURSOR,
    JSON.stringify({
      at: snapshot.asOf,
      compared: comparison.compared,
      drift: comparison.drift.length,
      notCompared: comparison.notCompared.length,
    }),
  );
  deps.logger.info({ compared: comparison.compared, drift: comparison.drift.length }, 'stock reconciled with the warehouse');
  return comparison;
}

export function describeDrift(line: DriftLine): string {
  return `${line.sku} at ${line.location}: ${describeDriftFigures(line)}`;
}

/** The figures of a drift line, for lists that already name the SKU and location. */
export function describeDriftFigures(line: DriftLine): string {
  const expected = line.bc + line.pendingAdjustments - line.inTransit;
  const parts = [`BC has ${line.bc}`];
  if (line.pendingAdjustments)
    parts.push(`${line.pendingAdjustments > 0 ? '+' : ''}${line.pendingAdjustments} in adjustments not yet booked`);
  if (line.inTransit) parts.push(`${line.inTransit} despatched but not yet shipped in BC`);
  return `the warehouse counts ${line.warehouse}, Business Central expects ${expected} (${parts.join(', ')}); ${line.drift > 0 ? '+' : ''}${line.drift} unexplained.`;
}

/** Stock drift lines open now, and the age of the oldest. */
export async function stockMonitors(db: Executor, now: number): Promise<MonitorFigure[]> {
  const open = (await listExceptions(db, { flow: STOCK_FLOW, status: 'open', limit: 10_000 })).filter(
    (exception) => exception.code === 'stock_drift',
  );
  const oldest = open.reduce<number | null>(
    (min, exception) => (min === null ? exception.firstSeenAt.getTime() : Math.min(min, exception.firstSeenAt.getTime())),
    null,
  );
  return [
    {
      flow: STOCK_FLOW,
      name: 'stock_drift_lines',
      label: 'SKUs whose warehouse stock drifts from BC',
      value: open.length,
      oldestAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
      threshold: 0,
    },
  ];
}
