import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulators/shopify/testing/virtual-clock.ts';
import { CostBuckets } from './cost-bucket.ts';
import { createShopifyConnector } from './index.ts';
import { partIdempotencyKey } from './inventory-write.ts';

const cost = {
  cost: {
    requestedQueryCost: 10,
    actualQueryCost: 10,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
  },
};
const answer = (payload: unknown) =>
  new Response(JSON.stringify({ data: { inventorySetQuantities: payload }, extensions: cost }), {
    headers: { 'content-type': 'application/json' },
  });
const applied = {
  inventoryAdjustmentGroup: {
    id: 'gid://shopify/InventoryAdjustmentGroup/1',
    createdAt: '2026-11-02T09:00:00Z',
    reason: 'correction',
    referenceDocumentUri: null,
    changes: [],
  },
  userErrors: [],
};
const concurrent = {
  inventoryAdjustmentGroup: null,
  userErrors: [{ field: ['input'], message: 'A request with this key is in progress', code: 'IDEMPOTENCY_CONCURRENT_REQUEST' }],
};

function setup(answers: unknown[]) {
  const clock = new VirtualClock();
  const keys: unknown[] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    keys.push((JSON.parse(String(init?.body)) as { variables: { idempotencyKey: string } }).variables.idempotencyKey);
    return answer(answers.shift());
  }) as typeof globalThis.fetch;
  const connector = createShopifyConnector({
    shopDomain: 'shop.myshopify.com',
    auth: { kind: 'token', accessToken: 't' },
    fetch,
    clock,
    costBuckets: new CostBuckets(clock),
  });
  const write = () =>
    connector.setInventoryQuantities({
      name: 'available',
      reason: 'correction',
      referenceDocumentUri: 'gid://ledgerbridge/SyncJob/9',
      idempotencyKey: 'job-9',
      quantities: [
        { inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: 'gid://shopify/Location/1', quantity: 4, changeFromQuantity: 3 },
      ],
    });
  return { clock, keys, write };
}

describe('setInventoryQuantities against answers Shopify can give', () => {
  it('waits and resends the same key while Shopify is still processing an earlier send of it', async () => {
    const { clock, keys, write } = setup([concurrent, concurrent, applied]);
    const start = clock.now();
    await expect(write()).resolves.toMatchObject({ adjustmentGroupIds: ['gid://shopify/InventoryAdjustmentGroup/1'] });
    expect(keys).toEqual(['job-9', 'job-9', 'job-9']);
    expect(clock.now() - start).toBeGreaterThanOrEqual(750);
  });

  it('gives up with a retryable conflict when the key stays busy', async () => {
    const { write } = setup(Array.from({ length: 6 }, () => concurrent));
    await expect(write()).rejects.toMatchObject({ code: 'conflict', upstreamCode: 'IDEMPOTENCY_CONCURRENT_REQUEST', retryable: true });
  });
});

describe('partIdempotencyKey', () => {
  it('is the caller’s key for a single part, and for several a stable, distinct UUID-shaped key per part', () => {
    expect(partIdempotencyKey('job-1', 0, 1)).toBe('job-1');
    const parts = [0, 1, 2].map((index) => partIdempotencyKey('job-1', index, 3));
    expect(new Set(parts).size).toBe(3);
    expect(parts).toEqual([0, 1, 2].map((index) => partIdempotencyKey('job-1', index, 3)));
    expect(parts.every((key) => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(key))).toBe(true);
    expect(partIdempotencyKey('job-2', 0, 3)).not.toBe(parts[0]);
  });
});
