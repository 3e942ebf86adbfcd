/**
 * "Why does Shopify show 3?": one SKU at every mapped location, term by term — BC's
 * inventory, outstanding and reserved quantities, Shopify orders BC has not seen (in flight,
 * held), the buffer rule applied, the value pushed last and when (from which push record),
 * and what Shopify shows now. Live figures when the hub can reach both systems; the last
 * push from the ledger otherwise.
 */
import { listRecords } from '../../ledger/index.ts';
import type { Executor } from '../../store/open-store.ts';
import type { AvailabilityTerms } from './available.ts';
import { pairKey } from './catalogue.ts';
import { readUnseenDemand } from './demand.ts';
import { INVENTORY_FLOW, type InventoryFlowDeps } from './deps.ts';
import { listPositions } from './positions.ts';
import { termsOf } from './plan.ts';
import { indexFigures, needsReservations, prepareContext } from './sync-context.ts';

export interface StockLocationExplanation {
  locationCode: string;
  shopifyLocationId: string | null;
  /** The formula with today's figures; absent when the hub could not read them. */
  now?: AvailabilityTerms;
  /** Shopify's `available` now, when read; null when the SKU has no level there. */
  shopifyShows?: number | null;
  lastPush?: { quantity: number; previous: number | null; at: string; recordId: number | null; terms: AvailabilityTerms };
}

export interface StockExplanation {
  sku: string;
  /** True when BC and Shopify were read for this answer. */
  live: boolean;
  /** Why the figures are not live, when they are not. */
  note?: string;
  locations: StockLocationExplanation[];
  /** Open problems with this SKU (untracked, duplicate, not in BC). */
  problems: { code: string; message: string; recordId: number }[];
}

export async function explainStock(deps: InventoryFlowDeps, rawSku: string): Promise<StockExplanation> {
  const sku = rawSku.trim().toUpperCase();
  const ctx = await prepareContext(deps);
  const separator = deps.config.variantSeparator;
  const cut = separator ? sku.lastIndexOf(separator) : -1;
  const itemNumbers = cut > 0 ? [sku, sku.slice(0, cut)] : [sku];
  const rows = await deps.erp.readStockAvailability({ itemNumbers, reserved: needsReservations(deps) });
  const { figures } = indexFigures(rows, separator);
  const demand = await readUnseenDemand({ db: deps.db, getOrder: (id) => deps.channel.getOrder(id) }, ctx.locations.codeOf, new Set([sku]));
  const pushed = new Map((await listPositions(deps.db, sku)).map((position) => [position.locationCode, position]));
  const locations: StockLocationExplanation[] = [];
  for (const [locationCode, locationId] of ctx.locations.idOf) {
    const levels = (await deps.channel.readLevels(locationId, [sku])).filter((level) => level.sku?.trim().toUpperCase() === sku);
    const last = pushed.get(locationCode);
    locations.push({
      locationCode,
      shopifyLocationId: locationId,
      now: termsOf({ figures, demand, rules: ctx.rules, basis: deps.config.basis }, sku, locationCode),
      shopifyShows: levels.length === 1 ? levels[0]!.available : null,
      ...(last ? { lastPush: lastPushOf(last) } : {}),
    });
  }
  const known = figures.has(pairKey(sku, [...ctx.locations.idOf.keys()][0] ?? ''));
  return {
    sku,
    live: true,
    ...(known || rows.length > 0 ? {} : { note: `Business Central has no stock figures for ${sku}.` }),
    locations,
    problems: await problemsOf(deps.db, sku),
  };
}

/** Without the systems (the CLI on a stopped hub): the last push of each location, from the ledger. */
export async function explainStockFromLedger(db: Executor, rawSku: string): Promise<StockExplanation> {
  const sku = rawSku.trim().toUpperCase();
  return {
    sku,
    live: false,
    note: 'The hub is not running, so BC and Shopify were not read: this is the last push from the ledger.',
    locations: (await listPositions(db, sku)).map((position) => ({
      locationCode: position.locationCode,
      shopifyLocationId: position.shopifyLocationId,
      lastPush: lastPushOf(position),
    })),
    problems: await problemsOf(db, sku),
  };
}

function lastPushOf(position: Awaited<ReturnType<typeof listPositions>>[number]) {
  return {
    quantity: position.pushedQuantity,
    previous: position.previousQuantity,
    at: position.pushedAt.toISOString(),
    recordId: position.recordId,
    terms: position.terms,
  };
}

async function problemsOf(db: Executor, sku: string) {
  const held = (await listRecords(db, { flow: INVENTORY_FLOW, states: ['exception'], limit: 10_000 })).filter(
    (record) => record.sourceId === `sku:${sku}`,
  );
  if (held.length === 0) return [];
  const exceptions = await db
    .selectFrom('lb_exception')
    .select(['code', 'message', 'record_id'])
    .where(
      'record_id',
      'in',
      held.map((record) => record.id),
    )
    .where('status', '=', 'open')
    .execute();
  return exceptions.map((exception) => ({ code: exception.code, message: exception.message, recordId: Number(exception.record_id) }));
}
