/**
 * What every part of the connector shares: the client (one app registration), the lane its
 * requests queue in, the company path, the caches, the companion capability probe, and small
 * helpers for the common request shapes. Built once per lane by index.ts.
 */
import type { Clock } from '../../core/clock.ts';
import type { EnsureResult } from '../../core/domain/erp.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { CapabilityProbe } from './capabilities.ts';
import type { TtlCache } from './cache.ts';
import type { BcApi, BcClient } from './client.ts';
import { invalidRequest, type HttpMethod } from './errors.ts';
import { guid } from './odata.ts';
import { collectEntities } from './paging.ts';

export interface BcCaches {
  items: TtlCache<unknown>;
  customers: TtlCache<unknown>;
  reference: TtlCache<unknown>;
}

export interface ConnectorContext {
  client: BcClient;
  lane: string;
  caches: BcCaches;
  capabilities: CapabilityProbe;
  /** Last etag seen per sales order id, so a follow-up change needs no extra read. */
  etags: Map<string, string>;
  logger: Logger;
  clock: Clock;
}

export function companyPath(ctx: ConnectorContext, path: string): Promise<string> {
  return ctx.client.companyPath(path, ctx.lane);
}

/** A GUID key for a path segment; anything else is refused before it reaches a URL. */
export function keyOf(id: string, what = 'id'): string {
  try {
    return guid(id).text;
  } catch {
    throw invalidRequest(`not a Business Central id: ${JSON.stringify(id)}`, [
      { code: 'not_a_guid', path: what, message: 'ids are GUIDs' },
    ]);
  }
}

/** Every entity of a collection under the company, across pages. */
export async function listUnderCompany<T>(ctx: ConnectorContext, path: string, api: BcApi = 'standard'): Promise<T[]> {
  return collectEntities<T>(ctx.client, { path: await companyPath(ctx, path), lane: ctx.lane, api });
}

/** One entity under the company, or undefined when BC says it does not exist. */
export async function getUnderCompany<T>(ctx: ConnectorContext, path: string, api: BcApi = 'standard'): Promise<T | undefined> {
  try {
    return (await ctx.client.request<T>({ method: 'GET', path: await companyPath(ctx, path), lane: ctx.lane, api })).body;
  } catch (error) {
    if (isConnectorError(error) && error.code === 'not_found') return undefined;
    throw error;
  }
}

export async function sendUnderCompany<T>(
  ctx: ConnectorContext,
  method: HttpMethod,
  path: string,
  options: { body?: unknown; ifMatch?: string; api?: BcApi } = {},
): Promise<T> {
  const response = await ctx.client.request<T>({ method, path: await companyPath(ctx, path), lane: ctx.lane, ...options });
  return response.body;
}

export function rememberEtag(ctx: ConnectorContext, id: string, etag: string | undefined): void {
  if (!etag) return;
  ctx.etags.delete(id);
  ctx.etags.set(id, etag);
  if (ctx.etags.size > 1_000) ctx.etags.delete(ctx.etags.keys().next().value!);
}

/**
 * The hub's exactly-once rule for one create: look for an earlier attempt by the hub's
 * reference and adopt it; otherwise create. A create whose outcome is unknown (timeout, lost
 * answer, gateway error) is looked up again, never repeated here: if it is still not found,
 * the error goes back to the job queue, whose next try looks up first again.
 */
export async function createOrAdopt<T>(steps: {
  lookup: () => Promise<T | undefined>;
  create: () => Promise<T>;
}): Promise<EnsureResult<T>> {
  const earlier = await steps.lookup();
  if (earlier !== undefined) return { outcome: 'adopted', value: earlier };
  try {
    return { outcome: 'created', value: await steps.create() };
  } catch (error) {
    const doubt = isConnectorError(error) && (error.outcomeUnknown || error.upstreamCode === 'Internal_EntityWithSameKeyExists');
    if (!doubt) throw error;
    const found = await steps.lookup();
    if (found !== undefined) return { outcome: 'adopted', value: found };
    throw error;
  }
}

/** After a posting action whose answer was lost: did it happen? Decided by reading, never by repeating. */
export async function settlePosting(post: () => Promise<unknown>, happened: () => Promise<boolean>): Promise<void> {
  try {
    await post();
  } catch (error) {
    if (isConnectorError(error) && error.outcomeUnknown && (await happened())) return;
    throw error;
  }
}

/** `a eq x or a eq y …` for one property, in chunks short enough for a URL. */
export function chunked<T>(values: T[], size = 20): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
