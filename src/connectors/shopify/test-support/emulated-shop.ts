/**
 * A Shopify connector wired in-process to the emulator, both on one virtual clock: waits
 * (cost bucket, retries, bulk polling) take no real time. Every request the connector sends
 * is recorded with its operation name, variables and the cost the emulator reported.
 */
import { createShopifyEmulator, type ShopifyEmulatorOptions } from '../../../../emulators/shopify/app.ts';
import { VirtualClock } from '../../../../emulators/shopify/testing/virtual-clock.ts';
import { CostBuckets } from '../cost-bucket.ts';
import { createShopifyConnector } from '../index.ts';

export interface SentRequest {
  operationName: string | undefined;
  variables: Record<string, unknown>;
  query: string;
  status: number;
  actualQueryCost: number | null;
  requestedQueryCost: number | null;
}

export function emulatedShop(options: ShopifyEmulatorOptions = {}) {
  const clock = new VirtualClock();
  const emulator = createShopifyEmulator({ clock, seed: 5, ...options });
  const sent: SentRequest[] = [];
  /** Set by a test to fail a request before it reaches the emulator (throw to fail it). */
  const hooks: { beforeSend?: (operationName: string | undefined) => void } = {};
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/graphql.json'))
      hooks.beforeSend?.((JSON.parse(String(init?.body ?? '{}')) as { operationName?: string }).operationName);
    const response = await emulator.app.request(`${url.pathname}${url.search}`, init);
    if (url.pathname.endsWith('/graphql.json')) {
      const request = JSON.parse(String(init?.body ?? '{}')) as {
        operationName?: string;
        variables?: Record<string, unknown>;
        query: string;
      };
      const body = (await response
        .clone()
        .json()
        .catch(() => ({}))) as { extensions?: { cost?: { actualQueryCost: number | null; requestedQueryCost: number } } };
      sent.push({
        operationName: request.operationName,
        variables: request.variables ?? {},
        query: request.query,
        status: response.status,
        actualQueryCost: body.extensions?.cost?.actualQueryCost ?? null,
        requestedQueryCost: body.extensions?.cost?.requestedQueryCost ?? null,
      });
    }
    return response;
  }) as typeof globalThis.fetch;
  const connector = createShopifyConnector({
    shopDomain: emulator.shopDomain,
    adminUrl: 'http://shopify.test',
    auth: { kind: 'token', accessToken: emulator.accessToken },
    fetch,
    clock,
    costBuckets: new CostBuckets(clock),
    random: () => 0,
  });
  const location = (index = 0) => `gid://shopify/Location/${emulator.shop.locations[index]!.id}`;
  const itemOf = (sku: string) => `gid://shopify/InventoryItem/${emulator.shop.variantBySku(sku)!.inventoryItemId}`;
  const levelOf = (sku: string, index = 0) =>
    emulator.shop.inventoryLevel(emulator.shop.variantBySku(sku)!.inventoryItemId, emulator.shop.locations[index]!.id)!;
  return { clock, emulator, connector, sent, fetch, hooks, location, itemOf, levelOf };
}

/** Adds `count` tracked items stocked at every location, to page through and write to in bulk. */
export function addSyntheticItems(emulator: ReturnType<typeof emulatedShop>['emulator'], count: number, available = 10): bigint[] {
  const { shop } = emulator;
  return Array.from({ length: count }, (_, index) => {
    const id = shop.nextId();
    shop.inventoryItems.set(id, {
      id,
      sku: `SYN-${String(index).padStart(4, '0')}`,
      tracked: true,
      requiresShipping: true,
      harmonizedSystemCode: null,
      countryCodeOfOrigin: null,
    });
    for (const location of shop.locations) {
      shop.inventoryLevels.set(`${id}:${location.id}`, {
        id: shop.nextId(),
        inventoryItemId: id,
        locationId: location.id,
        available,
        committed: 0,
        updatedAt: shop.openedAt,
      });
    }
    return id;
  });
}
