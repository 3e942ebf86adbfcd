/** What every Mintsoft operation shares, passed explicitly. */
import { z } from 'zod';
import type { Clock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import type { MintsoftClient } from './client.ts';
import type { MintsoftConfig } from './config.ts';
import { endpoints } from './endpoints.ts';
import type { StatusResolver } from './map-order.ts';
import { orderItemWire, orderWire, type CountryWire, type OrderWire, type ReturnReasonWire } from './schemas.ts';
import type { OrderStatusBook } from './statuses.ts';

export interface MintsoftContext {
  client: MintsoftClient;
  config: MintsoftConfig;
  statuses: OrderStatusBook;
  clock: Clock;
  logger: Logger;
  /** Reference data and look-ups worth keeping for the adapter's life. */
  caches: {
    asnIds: Map<string, number>;
    countries?: Promise<CountryWire[]>;
    returnReasons?: Promise<ReturnReasonWire[]>;
  };
}

/** Loads reference data once; a failure is forgotten so the next call tries again. */
export function cached<T>(
  get: () => Promise<T> | undefined,
  set: (value: Promise<T> | undefined) => void,
  load: () => Promise<T>,
): Promise<T> {
  const existing = get();
  if (existing) return existing;
  const loading = load().catch((error: unknown) => {
    set(undefined);
    throw error;
  });
  set(loading);
  return loading;
}

/** Resolves every status id the orders carry (reading the table if needed), then answers without I/O. */
export async function statusResolverFor(ctx: MintsoftContext, orders: readonly OrderWire[]): Promise<StatusResolver> {
  for (const id of new Set(orders.map((order) => order.OrderStatusId))) await ctx.statuses.resolve(id);
  return (id) => ctx.statuses.resolveKnown(id);
}

/** Orders of this client only: an admin key sees every client of the 3PL. */
export function ownOrders(ctx: MintsoftContext, orders: OrderWire[]): OrderWire[] {
  const clientId = ctx.config.clientId;
  return clientId === undefined ? orders : orders.filter((order) => order.ClientId == null || order.ClientId === clientId);
}

export async function getOrderWire(ctx: MintsoftContext, id: number | string): Promise<OrderWire> {
  return withItems(ctx, await ctx.client.request(endpoints.getOrder, { params: { id }, schema: orderWire }));
}

/** Lists may leave out the lines; a shipment needs them. */
export async function withItems(ctx: MintsoftContext, order: OrderWire): Promise<OrderWire> {
  if (order.OrderItems && order.OrderItems.length > 0) return order;
  const items = await ctx.client.request(endpoints.orderItems, { params: { id: order.ID }, schema: z.array(orderItemWire) });
  return { ...order, OrderItems: items };
}
