/**
 * Where released orders enter the flow. Two feeds converge on `takeInRelease`, keyed by the
 * BC order number, so both finding one order make one record and one warehouse order:
 *  - the BC poll: sales orders changed since the cursor whose status is released (`Open`);
 *  - auto-release (flows.release.autoRelease): orders the hub posted itself, once nothing
 *    holds them (an open exception whose code is in `releaseHoldCodes` keeps them back).
 */
import { sameConnection } from '../../store/connection-scope.ts';
import { sql } from 'kysely';
import {
  findRecord,
  getCursor,
  listExceptions,
  receiveRecord,
  setCursor,
  transitionRecord,
  type LedgerRecord,
} from '../../ledger/index.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import type { Executor } from '../../store/open-store.ts';
import { releaseHoldCodes } from '../orders/exceptions.ts';
import { RELEASE_FLOW, releaseJobs, type ReleaseFlowDeps, type ReleaseJob, type ReleaseSource } from './deps.ts';
import type { ErpSalesOrderHeader } from './ports.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export const RELEASE_CURSOR = 'bc.salesOrders.released.lastModifiedDateTime';
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60_000;

/** The orders-flow record that posted this BC order (its target ids name the order). */
export async function findOrdersRecordFor(db: Executor, salesOrderNumber: string): Promise<LedgerRecord | undefined> {
  const row = await db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(db))
    .where('flow', '=', 'orders')
    .where(sql<boolean>`upper(target_ids->>'bc.salesOrder.number') = ${salesOrderNumber.trim().toUpperCase()}`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? mapRecordRow(row) : undefined;
}

/** Codes of the open exceptions that keep an order from the warehouse. */
export async function openHoldCodes(db: Executor, ordersRecordId: number): Promise<string[]> {
  const open = await listExceptions(db, { recordId: ordersRecordId, status: 'open' });
  return open.map((exception) => exception.code).filter((code) => (releaseHoldCodes as readonly string[]).includes(code));
}

/**
 * Whether a finished (skipped) release is worth another look: only when BC says the order
 * changed after the hub last decided. A poll re-reads every
 * order changed within its overlap window (10 minutes by default); reopening on each read
 * made an order with nothing for the warehouse loop `released_again` → `nothing_for_the_warehouse`
 * on every poll for the whole window.
 */
export function changedSinceDecision(changedAt: string | undefined, decidedAt: Date): boolean {
  const changed = changedAt ? Date.parse(changedAt) : Number.NaN;
  return Number.isFinite(changed) && changed > decidedAt.getTime();
}

/** Codes that keep a record out of the flow until BC changes the order (or an operator retries). */
export const stuckCodes = ['release_not_progressing'] as const;

async function isStuck(db: Executor, record: LedgerRecord): Promise<boolean> {
  if (record.state === 'skipped') return true;
  if (record.state !== 'exception') return false;
  const open = await listExceptions(db, { recordId: record.id, status: 'open' });
  return open.some((exception) => (stuckCodes as readonly string[]).includes(exception.code));
}

export function takeInRelease(
  deps: Pick<ReleaseFlowDeps, 'db' | 'queue'>,
  source: ReleaseSource,
  actor: string,
  /** When BC last changed the order (the poll's lastModifiedDateTime); absent for auto-release. */
  changedAt?: string,
): Promise<'new' | 'requeued' | 'finished'> {
  return inIntakeTransaction(deps, async (tx) => {
    const number = source.number.trim().toUpperCase();
    const ordersRecord = source.channelOrderId
      ? await findRecord(tx.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: source.channelOrderId })
      : await findOrdersRecordFor(tx.db, number);
    const payload: ReleaseSource = { ...source, channelOrderId: source.channelOrderId ?? ordersRecord?.sourceId ?? null };
    const existing = await findRecord(tx.db, { flow: RELEASE_FLOW, sourceSystem: 'bc', sourceId: number });
    // What the hub already sent stays as it was; a header read again only refreshes an unsent record.
    const { record, created } = await receiveRecord(tx.db, {
      flow: RELEASE_FLOW,
      sourceSystem: 'bc',
      sourceId: number,
      sourceRef: source.number,
      actor,
      ...(existing?.state === 'posted' ? {} : { payload }),
      ...(ordersRecord ? { linkGroup: ordersRecord.linkGroup } : {}),
    });
    if (record.state === 'posted') return 'finished';
    if (await isStuck(tx.db, record)) {
      // Any change to the order in BC moves its lastModifiedDateTime; a header merely read again does not.
      if (!changedSinceDecision(changedAt, (existing ?? record).updatedAt)) return 'finished';
      if (record.state === 'skipped') await transitionRecord(tx.db, record.id, { to: 'received', actor, reason: 'released_again' });
    }
    await tx.queue.enqueue<ReleaseJob>(releaseJobs.send, { recordId: record.id }, { key: String(record.id) });
    return created ? 'new' : 'requeued';
  });
}

/** The BC poll: released sales orders changed since the cursor. */
export async function pollReleasedOrders(deps: ReleaseFlowDeps): Promise<{ seen: number; released: number }> {
  const stored = await getCursor(deps.db, RELEASE_CURSOR);
  const cursorMs = stored ? Date.parse(stored) : deps.clock.now() - FIRST_POLL_LOOKBACK_MS;
  const since = new Date(cursorMs - deps.config.pollOverlapMinutes * 60_000).toISOString();
  let highWater = cursorMs;
  let seen = 0;
  let released = 0;
  for await (const header of deps.erp.listSalesOrdersChangedSince(since)) {
    seen += 1;
    const modified = Date.parse(header.lastModifiedDateTime);
    if (Number.isFinite(modified)) highWater = Math.max(highWater, modified);
    if (header.status !== 'Open') continue;
    released += 1;
    await takeInRelease(
      deps,
      { salesOrderId: header.id, number: header.number, releasedBy: 'bc', channelOrderId: null, header: withoutTimestamp(header) },
      'release-poll',
      header.lastModifiedDateTime,
    );
  }
  await setCursor(deps.db, RELEASE_CURSOR, new Date(highWater).toISOString());
  return { seen, released };
}

/** The header without its modification time, so reading it again is not a change. */
function withoutTimestamp(header: ErpSalesOrderHeader): ErpSalesOrderHeader {
  return { ...header, lastModifiedDateTime: '' };
}

/**
 * Auto-release: orders the hub posted to BC that have no release record yet. Held orders
 * (an open tax mismatch, a change after release) are left out until the hold is resolved.
 */
export async function releasePostedOrders(deps: ReleaseFlowDeps, limit = 200): Promise<number> {
  if (!deps.config.autoRelease) return 0;
  const rows = await deps.db
    .selectFrom('lb_record as o')
    .selectAll('o')
    .where(sameConnection(deps.db, 'o.connection_id'))
    .where('o.flow', '=', 'orders')
    .where('o.state', '=', 'posted')
    .where(sql<boolean>`o.target_ids->>'bc.salesOrder.number' is not null`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('lb_record as r')
            .select('r.id')
            .where('r.flow', '=', RELEASE_FLOW)
            // Two companies may both have an order S-ORD1001: only this connection's release counts.
            .whereRef('r.connection_id', '=', 'o.connection_id')
            .where(sql<boolean>`r.source_id = upper(o.target_ids->>'bc.salesOrder.number')`),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('lb_exception as e')
            .select('e.id')
            .whereRef('e.record_id', '=', 'o.id')
            .where('e.status', '=', 'open')
            .where('e.code', 'in', [...releaseHoldCodes]),
        ),
      ),
    )
    .orderBy('o.id')
    .limit(limit)
    .execute();
  let taken = 0;
  for (const record of rows.map(mapRecordRow)) {
    const number = record.targetIds['bc.salesOrder.number']!;
    const salesOrderId = record.targetIds['bc.salesOrder.id'];
    if (!salesOrderId) continue;
    await takeInRelease(deps, { salesOrderId, number, releasedBy: 'hub', channelOrderId: record.sourceId, header: null }, 'release-auto');
    taken += 1;
  }
  return taken;
}
