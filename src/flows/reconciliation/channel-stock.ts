/**
 * The Shopify leg of the stock reconciliation: for every SKU at every mapped location, what
 * Shopify's `available` shows now against what the inventory flow says it should show (BC
 * available-to-sell − Shopify orders BC has not seen − the buffer). The figures are read and
 * computed by the inventory flow's own code, so the two can never disagree about the
 * formula; nothing is pushed and no exception is raised (the flow's own runs do that).
 */
import { getRecord } from '../../ledger/records.ts';
import type { AvailabilityTerms } from '../inventory/available.ts';
import { compileBufferRules } from '../inventory/buffers.ts';
import { matchCatalogue, type ShopifyLevel } from '../inventory/catalogue.ts';
import { readUnseenDemand } from '../inventory/demand.ts';
import type { InventoryFlowDeps } from '../inventory/deps.ts';
import { keepSkusKnownToBc } from '../inventory/full-sync.ts';
import { resolveLocations } from '../inventory/locations.ts';
import { termsOf } from '../inventory/plan.ts';
import { listPositions } from '../inventory/positions.ts';
import { indexFigures, needsReservations } from '../inventory/sync-context.ts';

export interface ChannelStockLine {
  sku: string;
  locationCode: string;
  /** Shopify's `available` when read. */
  shopifyShows: number;
  /** The hub's figure, term by term (`quantity` is what it would push). */
  terms: AvailabilityTerms;
  /** The last push of this SKU here, when the hub has pushed it. */
  lastPush: { recordId: number | null; linkGroup: string | null; quantity: number; at: string } | null;
}

export interface ChannelStockCheck {
  /** SKU-locations compared. */
  compared: number;
  lines: ChannelStockLine[];
  /** What was left out, in words. */
  notes: string[];
}

export async function measureChannelStock(deps: InventoryFlowDeps): Promise<ChannelStockCheck> {
  const locations = resolveLocations(deps.config.locations, deps.orderLocations, await deps.channel.listLocations());
  const rows = await deps.erp.readStockAvailability({ pageSize: deps.config.pageSize, reserved: needsReservations(deps) });
  const { figures, itemOf } = indexFigures(rows, deps.config.variantSeparator);
  const levels: ShopifyLevel[] = [];
  for await (const level of deps.channel.readAllLevels()) levels.push(level);
  const demand = await readUnseenDemand({ db: deps.db, getOrder: (id) => deps.channel.getOrder(id) }, locations.codeOf);
  const catalogue = matchCatalogue(levels, locations.codeOf);
  const { pairs, missing } = await keepSkusKnownToBc(deps, catalogue.pairs, itemOf);
  const input = { figures, demand, rules: compileBufferRules(deps.config.buffers), basis: deps.config.basis };

  const lines: ChannelStockLine[] = [];
  for (const pair of pairs) {
    const terms = termsOf(input, pair.sku, pair.locationCode);
    if (terms.quantity === pair.available) continue;
    lines.push({ sku: pair.sku, locationCode: pair.locationCode, shopifyShows: pair.available, terms, lastPush: null });
  }
  await attachLastPushes(deps, lines);

  const notes: string[] = [];
  const left = [...catalogue.issues, ...missing];
  if (left.length > 0)
    notes.push(
      `${left.length} Shopify SKU${left.length === 1 ? ' was' : 's were'} not compared (untracked, shared by several variants, or not in Business Central: ${left
        .slice(0, 5)
        .map((issue) => issue.sku)
        .join(', ')}${left.length > 5 ? ', …' : ''}); the inventory flow holds each as an exception.`,
    );
  if (locations.unknown.length > 0)
    notes.push(`No Shopify location is called ${locations.unknown.join(', ')}: its stock was not compared.`);
  return { compared: pairs.length, lines, notes };
}

/** Each line's last push from lb_inventory_position, with its record's link group for the trail. */
async function attachLastPushes(deps: InventoryFlowDeps, lines: ChannelStockLine[]): Promise<void> {
  const bySku = new Map<string, ChannelStockLine[]>();
  for (const line of lines) bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
  for (const [sku, ofSku] of bySku) {
    const positions = new Map((await listPositions(deps.db, sku)).map((position) => [position.locationCode, position]));
    for (const line of ofSku) {
      const position = positions.get(line.locationCode);
      if (!position) continue;
      const record = position.recordId === null ? undefined : await getRecord(deps.db, position.recordId);
      line.lastPush = {
        recordId: position.recordId,
        linkGroup: record?.linkGroup ?? null,
        quantity: position.pushedQuantity,
        at: position.pushedAt.toISOString(),
      };
    }
  }
}

/**
 * The difference in finance's and e-commerce's words, e.g. "Shopify shows 7, the hub's
 * figure is 5 (BC available 8, 1 in orders not yet in BC, buffer 2)."
 */
export function describeChannelStock(line: Pick<ChannelStockLine, 'shopifyShows' | 'terms' | 'lastPush'>): string {
  const { terms } = line;
  const unseen = terms.inFlight + terms.held;
  const orders = `${unseen} in orders not yet in BC${terms.held > 0 ? ` (${terms.held} of them held as exceptions)` : ''}`;
  // The formula's floor: when it bites, the figure is not the plain subtraction.
  const floor =
    terms.bcAvailable - unseen - terms.bufferUnits === terms.quantity
      ? ''
      : terms.zeroBelow > 0
        ? `, shown as 0 below ${terms.zeroBelow}`
        : ', never below 0';
  const figure = `Shopify shows ${line.shopifyShows}, the hub's figure is ${terms.quantity} (BC available ${terms.bcAvailable}, ${orders}, buffer ${terms.bufferUnits}${floor}).`;
  const push = line.lastPush
    ? ` The hub last set ${line.lastPush.quantity} on ${line.lastPush.at.slice(0, 10)}${line.lastPush.recordId ? ` (record ${line.lastPush.recordId})` : ''}.`
    : ' The hub has not pushed this SKU here.';
  return figure + push;
}
