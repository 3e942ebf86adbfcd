/**
 * Inbound: ASNs made from BC purchase orders, idempotent on the reference (`POReference`).
 * Mintsoft has no search by PO reference, so recent ASNs are listed and matched; found ids
 * are remembered for the adapter's life. A create in doubt is looked up, never re-sent.
 */
import { readsAsUnknownSku, unknownSkus } from './refusals.ts';
import { z } from 'zod';
import type { WarehouseAsn, WarehouseAsnDraft } from '../../../core/domain/warehouse.ts';
import { isConnectorError } from '../../../core/errors.ts';
import type { CreateAsnResult, CursorPage } from '../port.ts';
import type { MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { messageOf, warehouseError } from './errors.ts';
import { formatWmsDate } from './json.ts';
import { buildNewAsnBody, mapAsn } from './map-asn.ts';
import { sameReference } from './map-order.ts';
import { advanceCursor, decodeCursor, newestOf, readPages } from './paging.ts';
import { asnWire, toolkitResultWire, type AsnWire } from './schemas.ts';
import { registerAsnCallbacks } from './webhooks.ts';

const day = 24 * 60 * 60_000;

function listAsnPage(ctx: MintsoftContext, since: number, pageNo: number): Promise<AsnWire[]> {
  return ctx.client.request(endpoints.listAsns, {
    query: {
      SinceLastUpdated: formatWmsDate(since),
      IncludeASNItems: true,
      WarehouseId: ctx.config.warehouseId,
      PageNo: pageNo,
      Limit: ctx.config.pageSize,
    },
    schema: z.array(asnWire),
  });
}

async function findAsnWire(ctx: MintsoftContext, reference: string): Promise<AsnWire | null> {
  const known = ctx.caches.asnIds.get(reference);
  if (known !== undefined) {
    try {
      return await ctx.client.request(endpoints.getAsn, { params: { id: known }, schema: asnWire });
    } catch (error) {
      if (!isConnectorError(error) || error.code !== 'not_found') throw error;
      ctx.caches.asnIds.delete(reference);
    }
  }
  const since = ctx.clock.now() - ctx.config.asnLookbackDays * day;
  const { items } = await readPages((pageNo) => listAsnPage(ctx, since, pageNo), { pageSize: ctx.config.pageSize, maxPages: 1_000 });
  const found = items.find(
    (asn) =>
      sameReference(asn.POReference, reference) &&
      (ctx.config.clientId === undefined || asn.ClientId == null || asn.ClientId === ctx.config.clientId),
  );
  if (found) ctx.caches.asnIds.set(reference, found.ID);
  return found ?? null;
}

export async function getAsn(ctx: MintsoftContext, reference: string): Promise<WarehouseAsn | null> {
  const wire = await findAsnWire(ctx, reference);
  return wire ? mapAsn(wire) : null;
}

export async function createAsn(ctx: MintsoftContext, draft: WarehouseAsnDraft): Promise<CreateAsnResult> {
  if (draft.lines.length === 0)
    return { outcome: 'rejected', issues: [{ code: 'no_lines', path: 'lines', message: 'The ASN has no lines.' }] };
  const existing = await findAsnWire(ctx, draft.reference);
  if (existing) return { outcome: 'adopted', asn: mapAsn(existing) };
  let id: number;
  try {
    const result = await ctx.client.request(endpoints.createAsn, { body: buildNewAsnBody(draft, ctx.config), schema: toolkitResultWire });
    if (!result.Success || !result.ID) return refused(ctx, draft, result.Message ?? 'refused without a reason');
    id = result.ID;
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    const message = messageOf(error.upstreamBody);
    if (error.code === 'invalid_request' && message !== undefined) return refused(ctx, draft, message);
    if (!error.outcomeUnknown) throw error;
    const found = await findAsnWire(ctx, draft.reference);
    if (found) return { outcome: 'adopted', asn: mapAsn(found) };
    throw warehouseError(
      error.code,
      `${error.message}; no ASN ${draft.reference} found yet: the next attempt looks again before creating`,
      { outcomeUnknown: true, retryable: true, cause: error },
    );
  }
  ctx.caches.asnIds.set(draft.reference, id);
  await registerAsnCallbacks(ctx, draft.reference, String(id));
  return { outcome: 'created', asn: mapAsn(await ctx.client.request(endpoints.getAsn, { params: { id }, schema: asnWire })) };
}

/** A refused create, explained by what the API can tell first, the wording last (refusals.ts). */
async function refused(ctx: MintsoftContext, draft: WarehouseAsnDraft, message: string): Promise<CreateAsnResult> {
  const found = await findAsnWire(ctx, draft.reference);
  if (found) return { outcome: 'adopted', asn: mapAsn(found) };
  const missing = await unknownSkus(
    ctx,
    draft.lines.map((line) => line.sku),
  );
  if (missing.length > 0) {
    return {
      outcome: 'rejected',
      issues: missing.map((sku) => ({
        code: 'unknown_sku',
        path: `lines[${draft.lines.findIndex((line) => line.sku === sku)}].sku`,
        message: `The warehouse does not know SKU ${sku}, on ASN ${draft.reference}: ${message}`,
      })),
    };
  }
  const unknown = readsAsUnknownSku(ctx, message) !== null;
  return {
    outcome: 'rejected',
    issues: [
      {
        code: unknown ? 'unknown_sku' : 'warehouse_rejected',
        path: unknown ? 'lines' : '',
        message: `The warehouse refused ASN ${draft.reference}: ${message}`,
      },
    ],
  };
}

export async function listAsnsSince(ctx: MintsoftContext, cursor: string | null): Promise<CursorPage<WarehouseAsn>> {
  const current = decodeCursor(cursor, ctx.clock.now(), ctx.config.initialLookbackMs);
  const since = current.since - ctx.config.pollOverlapMs;
  const { items, nextPage } = await readPages((pageNo) => listAsnPage(ctx, since, pageNo), {
    pageSize: ctx.config.pageSize,
    firstPage: current.page ?? 1,
    maxPages: ctx.config.maxPagesPerPoll,
  });
  const own = items.filter((asn) => ctx.config.clientId === undefined || asn.ClientId == null || asn.ClientId === ctx.config.clientId);
  for (const asn of own) ctx.caches.asnIds.set(asn.POReference, asn.ID);
  return { items: own.map(mapAsn), ...advanceCursor(current, newestOf(own.map((asn) => asn.LastUpdated)), nextPage) };
}
