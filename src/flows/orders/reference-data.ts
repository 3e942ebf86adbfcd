/**
 * BC's code lists (locations, shipment methods) and the shop's locations change rarely and every order needs them:
 * they are read once and kept for a few minutes per connector, instead of once per order.
 */
import type { Clock } from '../../core/clock.ts';
import type { ErpCodeRef } from '../../core/domain/erp.ts';
import type { OrdersChannel, OrdersErp } from './ports.ts';

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>();

function cached<T>(erp: object, clock: Clock, key: string, load: () => Promise<T>): Promise<T> {
  let entries = cache.get(erp);
  if (!entries) cache.set(erp, (entries = new Map()));
  const hit = entries.get(key);
  if (hit && clock.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load().catch((error: unknown) => {
    entries.delete(key);
    throw error;
  });
  entries.set(key, { at: clock.now(), value });
  return value;
}

export function bcLocations(erp: Pick<OrdersErp, 'listLocations'>, clock: Clock): Promise<ErpCodeRef[]> {
  return cached(erp, clock, 'locations', () => erp.listLocations());
}

export function bcShipmentMethods(erp: Pick<OrdersErp, 'listShipmentMethods'>, clock: Clock): Promise<ErpCodeRef[]> {
  return cached(erp, clock, 'shipmentMethods', () => erp.listShipmentMethods());
}

/** The shop's locations (id → name), to read location names in the configuration. */
export function shopLocations(
  channel: Pick<OrdersChannel, 'listLocations'>,
  clock: Clock,
): Promise<{ id: string; name: string }[] | undefined> {
  if (!channel.listLocations) return Promise.resolve(undefined);
  return cached(channel, clock, 'shopLocations', () => channel.listLocations!());
}
