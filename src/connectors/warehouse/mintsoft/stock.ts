/**
 * Stock at the warehouse. The snapshot (`GET /api/Product/StockLevels`) feeds
 * reconciliation: `Level` is Mintsoft's "On Hand", `TotalStockLevel` its "Stock Level"
 * (on hand less allocated), and quarantined stock appears only in the breakdown. Movements
 * come from the per-product stock flow, read only for products whose level changed since
 * the cursor (`StockLevels/UpdatedSince`), so polling cost follows activity, not catalogue
 * size. Allocation flows are not movements; order and return flows are left out.
 */
import { z } from 'zod';
import type { StockLevel, StockMovement, StockSnapshot } from '../../../core/domain/warehouse.ts';
import type { CursorPage } from '../port.ts';
import { lookupIgnoringCase } from './config.ts';
import type { MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { formatWmsDate, toIsoOrNull } from './json.ts';
import { encodeCursor, decodeCursor, newestOf } from './paging.ts';
import { stockFlowWire, stockLevelWire, type StockFlowWire, type StockLevelWire } from './schemas.ts';

/** A breakdown bucket: its total; 0 when Mintsoft reports the breakdown without it (if `knownBucket`), else null. */
function bucket(level: StockLevelWire, pattern: RegExp, knownBucket: boolean): number | null {
  if (!level.Breakdown) return null;
  const entries = level.Breakdown.filter((entry) => pattern.test(entry.Type ?? ''));
  if (entries.length === 0) return knownBucket ? 0 : null;
  return entries.reduce((sum, entry) => sum + entry.Quantity, 0);
}

export function mapStockLevel(level: StockLevelWire, warehouse: string): StockLevel {
  return {
    sku: level.SKU,
    warehouse,
    onHand: level.Level,
    allocated: Math.max(0, level.Level - level.TotalStockLevel),
    available: level.TotalStockLevel,
    quarantine: bucket(level, /quarantin/i, true),
    // Mintsoft has no damaged bucket of its own; a 3PL may add one as a breakdown type.
    damaged: bucket(level, /damage/i, false),
  };
}

export async function getStockSnapshot(ctx: MintsoftContext, options: { skus?: string[] } = {}): Promise<StockSnapshot> {
  const asOf = new Date(ctx.clock.now()).toISOString();
  const query = { WarehouseId: ctx.config.warehouseId, Breakdown: true };
  const schema = z.array(stockLevelWire);
  const rows = options.skus
    ? (
        await Promise.all(options.skus.map((sku) => ctx.client.request(endpoints.stockLevels, { query: { ...query, SKU: sku }, schema })))
      ).flat()
    : await ctx.client.request(endpoints.stockLevels, { query, schema });
  const levels = rows
    .filter((row) => row.WarehouseId == null || row.WarehouseId === ctx.config.warehouseId)
    .map((row) => mapStockLevel(row, ctx.config.warehouseCode));
  return { warehouse: ctx.config.warehouseCode, asOf, complete: options.skus === undefined, levels };
}

const signByFlow: Record<string, number> = { IN: 1, OUT: -1, SCRAP: -1 };

export function mapStockFlow(ctx: Pick<MintsoftContext, 'config'>, flow: StockFlowWire, sku: string): StockMovement | null {
  const kind = flow.Flow.trim().toUpperCase();
  const sign = kind === 'TRANSFER' ? Math.sign(flow.Quantity) : signByFlow[kind];
  const occurredAt = toIsoOrNull(flow.LastUpdated);
  if (!sign || flow.Quantity === 0 || occurredAt === null) return null;
  const mapped = lookupIgnoringCase(ctx.config.movementReasons, flow.Reason);
  const fallback =
    kind === 'SCRAP'
      ? { reason: 'write_off' as const, source: 'adjustment' as const }
      : { reason: 'other' as const, source: 'adjustment' as const };
  const { reason, source } = mapped ?? fallback;
  return {
    id: String(flow.ID),
    sku: flow.SKU ?? sku,
    warehouse: ctx.config.warehouseCode,
    delta: sign * Math.abs(flow.Quantity),
    reason,
    // A flow tied to an order was booked by the order itself.
    source: flow.OrderId ? 'order' : source,
    wmsReason: flow.Reason ?? null,
    occurredAt,
  };
}

export async function listStockMovementsSince(ctx: MintsoftContext, cursor: string | null): Promise<CursorPage<StockMovement>> {
  const now = ctx.clock.now();
  const current = decodeCursor(cursor, now, ctx.config.initialLookbackMs);
  const from = formatWmsDate(current.since - ctx.config.pollOverlapMs);
  const changed = await ctx.client.request(endpoints.stockLevelsUpdatedSince, {
    query: { FromDate: from, WarehouseId: ctx.config.warehouseId },
    schema: z.array(stockLevelWire),
  });
  const products = [...new Map(changed.map((level) => [level.ProductId, level.SKU])).entries()].sort(([a], [b]) => a - b);
  // `page` is the offset into this window's products when a poll stopped early.
  const offset = (current.page ?? 1) - 1;
  const budget = ctx.config.maxPagesPerPoll * 5;
  const slice = products.slice(offset, offset + budget);
  const movements: StockMovement[] = [];
  const seen: (string | null | undefined)[] = changed.map((level) => level.LastUpdated);
  for (const [productId, sku] of slice) {
    const flows = await ctx.client.request(endpoints.stockFlow, {
      params: { id: productId },
      // Date filters have one-second precision: round the end up so this second is included.
      query: {
        FromDate: from,
        ToDate: formatWmsDate(now + 1_000),
        WarehouseId: ctx.config.warehouseId,
        Types: 'IN;OUT;SCRAP;TRANSFER',
        IncludeOrders: false,
        IncludeReturns: false,
      },
      schema: z.array(stockFlowWire),
    });
    for (const flow of flows) {
      seen.push(flow.LastUpdated);
      const movement = mapStockFlow(ctx, flow, sku);
      if (movement) movements.push(movement);
    }
  }
  movements.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Number(a.id) - Number(b.id));
  const high = Math.max(current.high ?? current.since, newestOf(seen) ?? current.since);
  if (offset + budget < products.length) {
    return { items: movements, cursor: encodeCursor({ since: current.since, page: offset + budget + 1, high }), hasMore: true };
  }
  return { items: movements, cursor: encodeCursor({ since: high }), hasMore: false };
}
