/**
 * Returns, polled: Mintsoft has no returns callback and searches returns only by date
 * (`GET /api/Return/SearchByDate?Date=`), so every poll re-reads the last
 * `returnsLookbackDays` days and the hub dedupes on the event key (return id + status).
 * Condition is expressed through the return reason (Mintsoft's separate stock-condition
 * field does not come through the API): the reason name maps to a grade and disposition by
 * configuration; an unmapped reason is `ungraded`, its disposition read from the reason's
 * stock action where possible.
 */
import { z } from 'zod';
import type { ReturnDisposition, WarehouseReturn, WarehouseReturnLine } from '../../../core/domain/warehouse.ts';
import type { CursorPage } from '../port.ts';
import { lookupIgnoringCase } from './config.ts';
import { cached, getOrderWire, type MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { formatWmsDay, toIsoOrNull } from './json.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { returnItemWire, returnReasonWire, returnWire, type ReturnReasonWire, type ReturnWire } from './schemas.ts';

const day = 24 * 60 * 60_000;
const maxDaysPerPoll = 366;

function dispositionOfStockAction(action: string | null | undefined): ReturnDisposition {
  const text = action ?? '';
  if (/quarantin/i.test(text)) return 'quarantine';
  if (/supplier/i.test(text)) return 'return_to_supplier';
  if (/scrap|dispos|destroy|write/i.test(text)) return 'dispose';
  if (/refurb|repair/i.test(text)) return 'refurbish';
  if (/stock/i.test(text)) return 'restock';
  return 'undecided';
}

async function reasons(ctx: MintsoftContext): Promise<ReturnReasonWire[]> {
  return cached(
    () => ctx.caches.returnReasons,
    (value) => (ctx.caches.returnReasons = value),
    () => ctx.client.request(endpoints.returnReasons, { schema: z.array(returnReasonWire) }),
  );
}

export async function mapReturn(ctx: MintsoftContext, wire: ReturnWire): Promise<WarehouseReturn> {
  const known = await reasons(ctx);
  const items =
    wire.ReturnItems ?? (await ctx.client.request(endpoints.returnItems, { params: { id: wire.ID }, schema: z.array(returnItemWire) }));
  const lines: WarehouseReturnLine[] = items.map((item) => {
    const reason = known.find((candidate) => candidate.ID === item.ReturnReasonId);
    const reasonName = item.ReturnReasonName ?? reason?.Name ?? null;
    const mapped = lookupIgnoringCase(ctx.config.returnReasons, reasonName);
    return {
      sku: item.SKU ?? '',
      quantity: item.Quantity,
      grade: mapped?.grade ?? 'ungraded',
      disposition: mapped?.disposition ?? dispositionOfStockAction(item.StockAction ?? reason?.StockAction),
      reason: reasonName,
    };
  });
  let orderReference = wire.OrderNumber ?? null;
  if (!orderReference && wire.OrderId) orderReference = (await getOrderWire(ctx, wire.OrderId)).OrderNumber;
  return {
    id: String(wire.ID),
    orderReference,
    wmsOrderId: wire.OrderId ? String(wire.OrderId) : null,
    rmaReference: wire.Reference ?? null,
    status: wire.Confirmed ? 'inspected' : 'received',
    lines,
    updatedAt: toIsoOrNull(wire.LastUpdated),
  };
}

export async function listReturnsSince(ctx: MintsoftContext, cursor: string | null): Promise<CursorPage<WarehouseReturn>> {
  const now = ctx.clock.now();
  const current = decodeCursor(cursor, now, ctx.config.initialLookbackMs);
  const start = Math.max(Math.min(current.since, now - ctx.config.returnsLookbackDays * day), now - maxDaysPerPoll * day);
  const found = new Map<number, ReturnWire>();
  for (let at = start; formatWmsDay(at) <= formatWmsDay(now); at += day) {
    const returns = await ctx.client.request(endpoints.returnsByDate, { query: { Date: formatWmsDay(at) }, schema: z.array(returnWire) });
    for (const ret of returns) {
      if (ctx.config.clientId === undefined || ret.ClientId == null || ret.ClientId === ctx.config.clientId) found.set(ret.ID, ret);
    }
  }
  const items: WarehouseReturn[] = [];
  for (const wire of [...found.values()].sort((a, b) => a.ID - b.ID)) items.push(await mapReturn(ctx, wire));
  // No "updated since" exists: the next poll starts from now and still re-reads the look-back days.
  return { items, cursor: encodeCursor({ since: now }), hasMore: false };
}
