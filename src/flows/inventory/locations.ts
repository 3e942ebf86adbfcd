/**
 * Which Shopify location each BC location feeds: flows.inventory.locations (BC code →
 * Shopify name or GID), or else flows.orders.locations read backwards (the orders flow maps
 * Shopify → BC). A name that matches no Shopify location is reported, not guessed.
 */
import type { ChannelLocation } from '../../core/domain/channel-inventory.ts';

export interface LocationMap {
  /** Shopify location GID → BC location code. */
  codeOf: Map<string, string>;
  /** BC location code → Shopify location GID. */
  idOf: Map<string, string>;
  /** Names or GIDs in the configuration that match no Shopify location. */
  unknown: string[];
}

export function resolveLocations(
  configured: Record<string, string>,
  orderLocations: Record<string, string>,
  locations: readonly ChannelLocation[],
): LocationMap {
  const pairs: [code: string, shopify: string][] =
    Object.keys(configured).length > 0
      ? Object.entries(configured)
      : Object.entries(orderLocations).map(([shopify, code]) => [code, shopify]);
  const codeOf = new Map<string, string>();
  const idOf = new Map<string, string>();
  const unknown: string[] = [];
  for (const [code, shopify] of pairs) {
    const location = locations.find((candidate) => candidate.id === shopify || candidate.name === shopify);
    if (!location) {
      unknown.push(shopify);
      continue;
    }
    codeOf.set(location.id, code.toUpperCase());
    idOf.set(code.toUpperCase(), location.id);
  }
  return { codeOf, idOf, unknown };
}
