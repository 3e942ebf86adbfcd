/**
 * Mintsoft callbacks ("Connect Actions"). Registered per order after it is created
 * (`PUT /api/Order/{id}/ConnectActions`) and per ASN, with one URL per event; the event is
 * therefore named in the URL (`?event=despatched`), because the body is just the order (or
 * ASN) as `GET` returns it. Mintsoft signs nothing: the hub's secret travels as the
 * `Authorization` header value Mintsoft sends (`ExtraCode4`); a `token` query parameter
 * is accepted too. Callbacks are hints with facts: polling sees the same facts, under the
 * same event keys.
 */
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { CallbackParseResult, CallbackRequest, WarehouseEvent } from '../port.ts';
import { eventKeys } from '../port.ts';
import type { MintsoftConfig } from './config.ts';
import type { MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { parseMintsoftJson, toIsoOrNull } from './json.ts';
import { mapAsn } from './map-asn.ts';
import { mapShipment } from './map-order.ts';
import { asnWire, orderSplitWire, orderWire, type AsnConnectActionBody, type OrderConnectActionBody, type OrderWire } from './schemas.ts';
import type { OrderStatusBook } from './statuses.ts';

export const callbackKinds = ['despatched', 'cancelled', 'delivered', 'split', 'asn_booked_in'] as const;
export type CallbackKind = (typeof callbackKinds)[number];

export function callbackUrl(base: string, kind: CallbackKind): string {
  const url = new URL(base);
  url.searchParams.set('event', kind);
  return url.toString();
}

export function orderConnectAction(config: MintsoftConfig, reference: string): OrderConnectActionBody | null {
  if (!config.callback) return null;
  const { url, secret } = config.callback;
  return {
    Type: 'API',
    SourceOrderId: reference,
    Complete: false,
    ExtraCode1: callbackUrl(url, 'despatched'),
    ExtraCode2: callbackUrl(url, 'cancelled'),
    ExtraCode3: callbackUrl(url, 'delivered'),
    ExtraCode4: `Bearer ${secret}`,
    ExtraCode5: callbackUrl(url, 'split'),
  };
}

export function asnConnectAction(config: MintsoftConfig, reference: string): AsnConnectActionBody | null {
  if (!config.callback) return null;
  return {
    Type: 'API',
    SourceASNId: reference,
    ExtraCode1: callbackUrl(config.callback.url, 'asn_booked_in'),
    ExtraCode4: `Bearer ${config.callback.secret}`,
  };
}

/** A failed registration is logged, not thrown: the order exists, and polling will hear of it. */
export async function registerOrderCallbacks(ctx: MintsoftContext, reference: string, wmsOrderIds: string[]): Promise<void> {
  const body = orderConnectAction(ctx.config, reference);
  if (!body) return;
  for (const id of wmsOrderIds) {
    try {
      await ctx.client.request(endpoints.registerOrderCallbacks, { params: { id }, body });
    } catch (error) {
      ctx.logger.warn({ err: error, reference, wmsOrderId: id }, 'Mintsoft callback registration failed: polling will cover this order');
    }
  }
}

export async function registerAsnCallbacks(ctx: MintsoftContext, reference: string, wmsAsnId: string): Promise<void> {
  const body = asnConnectAction(ctx.config, reference);
  if (!body) return;
  try {
    await ctx.client.request(endpoints.registerAsnCallbacks, { params: { id: wmsAsnId }, body });
  } catch (error) {
    ctx.logger.warn({ err: error, reference, wmsAsnId }, 'Mintsoft ASN callback registration failed: polling will cover this ASN');
  }
}

type HeaderSource = CallbackRequest['headers'];

function headerOf(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface ParseDeps {
  config: MintsoftConfig;
  statuses: OrderStatusBook;
  now: () => number;
}

export function parseMintsoftCallback(request: CallbackRequest, deps: ParseDeps): CallbackParseResult {
  const callback = deps.config.callback;
  if (!callback) return { ok: false, code: 'unauthorised', reason: 'callbacks are not configured for this warehouse connection' };
  const url = new URL(request.url, 'http://callback.invalid');
  const authorised =
    sameSecret(headerOf(request.headers, 'authorization'), `Bearer ${callback.secret}`) ||
    sameSecret(url.searchParams.get('token') ?? undefined, callback.secret);
  if (!authorised)
    return { ok: false, code: 'unauthorised', reason: 'the callback carries no valid secret (Authorization header or token)' };
  const kind = url.searchParams.get('event') as CallbackKind | null;
  if (kind === null || !callbackKinds.includes(kind))
    return { ok: false, code: 'unknown_callback', reason: `unknown callback event ${JSON.stringify(kind)}` };
  let json: unknown;
  try {
    json = parseMintsoftJson(typeof request.rawBody === 'string' ? request.rawBody : Buffer.from(request.rawBody).toString('utf8'));
  } catch {
    return { ok: false, code: 'malformed', reason: 'the callback body is not JSON' };
  }
  const fallbackTime = new Date(deps.now()).toISOString();
  const read = <S extends z.ZodType>(schema: S): z.output<S> | string => {
    const parsed = schema.safeParse(json);
    return parsed.success
      ? parsed.data
      : parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ');
  };
  if (kind === 'asn_booked_in') {
    const asn = read(asnWire);
    if (typeof asn === 'string') return { ok: false, code: 'malformed', reason: `ASN callback: ${asn}` };
    const mapped = mapAsn(asn);
    return {
      ok: true,
      events: [{ type: 'asn.updated', key: eventKeys.asn(mapped), occurredAt: mapped.updatedAt ?? fallbackTime, asn: mapped }],
    };
  }
  if (kind === 'split') {
    const split = read(orderSplitWire);
    if (typeof split === 'string') return { ok: false, code: 'malformed', reason: `split callback: ${split}` };
    const reference = split.Order?.OrderNumber ?? split.SplitOrder?.OrderNumber;
    if (!reference) return { ok: false, code: 'malformed', reason: 'split callback without the orders' };
    const occurredAt = toIsoOrNull(split.LastUpdated ?? split.SplitOrder?.LastUpdated) ?? fallbackTime;
    const events: WarehouseEvent[] = [
      {
        type: 'order.split',
        key: eventKeys.orderSplit(String(split.OrderId), String(split.SplitOrderId)),
        occurredAt,
        orderReference: reference,
        wmsOrderId: String(split.OrderId),
        newWmsOrderId: String(split.SplitOrderId),
      },
    ];
    for (const part of [split.Order, split.SplitOrder]) if (part) events.push(...statusEvents(part, deps, undefined));
    return { ok: true, events };
  }
  const order = read(orderWire);
  if (typeof order === 'string') return { ok: false, code: 'malformed', reason: `${kind} callback: ${order}` };
  if (kind === 'delivered') {
    const occurredAt = toIsoOrNull(order.LastUpdated) ?? fallbackTime;
    const id = String(order.ID);
    return {
      ok: true,
      events: [
        {
          type: 'shipment.delivered',
          key: eventKeys.delivered(id),
          occurredAt,
          orderReference: order.OrderNumber,
          wmsOrderId: id,
          shipmentId: id,
        },
      ],
    };
  }
  const events = statusEvents(order, deps, kind === 'despatched' ? 'despatched' : 'cancelled');
  if (kind === 'despatched') {
    const name = events[0]?.type === 'order.status_changed' ? events[0].wmsStatus : 'DESPATCHED';
    const shipment = mapShipment(order, () => ({ name, status: 'despatched' }), deps.config);
    if (shipment)
      events.push({ type: 'shipment.despatched', key: eventKeys.shipment(shipment.id), occurredAt: shipment.despatchedAt, shipment });
  }
  return { ok: true, events };
}

/** The status event an order body implies; the callback's own kind wins over an unloaded status table. */
function statusEvents(order: OrderWire, deps: ParseDeps, implied: 'despatched' | 'cancelled' | undefined): WarehouseEvent[] {
  const known = deps.statuses.resolveKnown(order.OrderStatusId);
  const unknownId = known.name.startsWith('#');
  if (implied === undefined && unknownId) return [];
  const status = implied ?? known.status;
  const wmsStatus = unknownId || known.status !== status ? implied!.toUpperCase() : known.name;
  const id = String(order.ID);
  const occurredAt = toIsoOrNull(order.LastUpdated) ?? new Date(deps.now()).toISOString();
  return [
    {
      type: 'order.status_changed',
      key: eventKeys.orderStatus(id, status),
      occurredAt,
      orderReference: order.OrderNumber,
      wmsOrderId: id,
      status,
      wmsStatus,
    },
  ];
}
