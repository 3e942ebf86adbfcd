import { describe, expect, it } from 'vitest';
import { addSyntheticItems, emulatedShop } from './test-support/emulated-shop.ts';
import { failure } from '../../../test/support/failure.ts';

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('location and inventory reads', () => {
  it('lists the locations with what the hub needs to know of them', async () => {
    const { connector, location } = emulatedShop();
    const locations = await connector.listLocations();
    expect(locations.map((entry) => entry.name)).toEqual(['London Shop', 'Scend Warehouse']);
    expect(locations.find((entry) => entry.id === location(0))).toMatchObject({
      isActive: true,
      isFulfillmentService: false,
      fulfillsOnlineOrders: true,
      countryCode: 'GB',
    });
  });

  it('pages through every inventory level of a location with the quantities asked for', async () => {
    const { connector, emulator, location, itemOf, sent } = emulatedShop();
    addSyntheticItems(emulator, 130, 7);
    const levels = await all(connector.listInventoryLevels(location(0), { names: ['available', 'on_hand'] }));
    const expected = [...emulator.shop.inventoryLevels.values()].filter(
      (level) => `gid://shopify/Location/${level.locationId}` === location(0),
    );
    expect(levels).toHaveLength(expected.length);
    expect(sent.filter((request) => request.operationName === 'LocationInventoryLevels').length).toBeGreaterThanOrEqual(2);
    expect(levels.find((level) => level.inventoryItemId === itemOf('TEE-ORG-S'))).toMatchObject({
      sku: 'TEE-ORG-S',
      tracked: true,
      quantities: { available: 320, on_hand: 320 },
    });
    expect(levels.find((level) => level.sku === 'SYN-0129')!.quantities).toEqual({ available: 7, on_hand: 7 });
    await expect(all(connector.listInventoryLevels('gid://shopify/Location/1'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it("reads several SKUs' levels at a location in one query, through the items (the location's levels have no SKU filter)", async () => {
    const { connector, emulator, location, itemOf, sent } = emulatedShop();
    addSyntheticItems(emulator, 60, 4);
    const skus = [
      'TEE-ORG-S',
      'CAP-CANVAS',
      'NO-SUCH-SKU',
      ...Array.from({ length: 60 }, (_, index) => `SYN-${String(index).padStart(4, '0')}`),
    ];
    const levels = await connector.readLevelsBySku(location(0), skus, ['available']);
    // Two queries for 63 SKUs (50 a query); both items of the shared SKU; none for an unknown SKU.
    expect(sent.filter((request) => request.operationName === 'InventoryLevelsBySku')).toHaveLength(2);
    expect(levels.filter((level) => level.sku === 'CAP-CANVAS')).toHaveLength(2);
    expect(levels.filter((level) => level.sku?.startsWith('SYN-'))).toHaveLength(60);
    expect(levels.find((level) => level.inventoryItemId === itemOf('TEE-ORG-S'))).toMatchObject({
      locationId: location(0),
      sku: 'TEE-ORG-S',
      tracked: true,
      quantities: { available: 320 },
    });
    expect(levels.every((level) => level.locationId === location(0))).toBe(true);
  });

  it('finds items by SKU and flags a SKU two items share instead of picking one', async () => {
    const { connector } = emulatedShop();
    const duplicated = await connector.findInventoryItemsBySku('CAP-CANVAS');
    expect(duplicated.ambiguous).toBe(true);
    expect(duplicated.items).toHaveLength(2);
    expect(duplicated.items.map((item) => item.duplicateSkuCount)).toEqual([1, 1]);
    expect(duplicated.items.map((item) => item.variants[0]!.productTitle)).toEqual(['Canvas Cap', 'Canvas Cap (old listing)']);
    const single = await connector.findInventoryItemsBySku('TEE-ORG-S');
    expect(single).toMatchObject({
      ambiguous: false,
      items: [expect.objectContaining({ sku: 'TEE-ORG-S', tracked: true, duplicateSkuCount: 0 })],
    });
    expect(await connector.findInventoryItemsBySku('NO-SUCH-SKU')).toEqual({ sku: 'NO-SUCH-SKU', items: [], ambiguous: false });
  });
});

describe('setInventoryQuantities', () => {
  it('sets available stock with compare-and-swap and reports the change', async () => {
    const { connector, location, itemOf, levelOf, sent } = emulatedShop();
    const before = levelOf('HOOD-MRN-M').available;
    const result = await connector.setInventoryQuantities({
      name: 'available',
      reason: 'correction',
      referenceDocumentUri: 'gid://ledgerbridge/SyncJob/1',
      idempotencyKey: 'job-1',
      quantities: [{ inventoryItemId: itemOf('HOOD-MRN-M'), locationId: location(0), quantity: 40, changeFromQuantity: before }],
    });
    expect(levelOf('HOOD-MRN-M').available).toBe(40);
    expect(result.batches).toBe(1);
    expect(result.changes).toContainEqual({
      inventoryItemId: itemOf('HOOD-MRN-M'),
      locationId: location(0),
      name: 'available',
      delta: 40 - before,
      quantityAfterChange: 40,
    });
    expect(sent[0]!.variables.idempotencyKey).toBe('job-1');
    expect(sent[0]!.query).toMatch(/@idempotent\(key: \$idempotencyKey\)/);
  });

  it('splits a write of 600 entries into parts of at most 250, each with its own derived key, every entry saying changeFromQuantity', async () => {
    const { connector, emulator, location, sent } = emulatedShop();
    const items = addSyntheticItems(emulator, 300);
    const quantities = items.flatMap((item, index) =>
      [0, 1].map((at) => ({
        inventoryItemId: `gid://shopify/InventoryItem/${item}`,
        locationId: location(at),
        quantity: 20 + at,
        changeFromQuantity: index % 2 ? 10 : null,
      })),
    );
    const request = {
      name: 'available' as const,
      reason: 'cycle_count_available',
      referenceDocumentUri: 'gid://ledgerbridge/SyncJob/2',
      idempotencyKey: 'job-2',
      quantities,
    };
    const first = await connector.setInventoryQuantities(request);
    const writes = sent.filter((entry) => entry.operationName === 'InventorySetQuantities');
    const sizes = writes.map((entry) => (entry.variables.input as { quantities: unknown[] }).quantities.length);
    expect(sizes).toEqual([250, 250, 100]);
    expect(new Set(writes.map((entry) => entry.variables.idempotencyKey)).size).toBe(3);
    for (const entry of writes.flatMap((write) => (write.variables.input as { quantities: Record<string, unknown>[] }).quantities))
      expect(entry).toHaveProperty('changeFromQuantity');
    expect(first).toMatchObject({ batches: 3 });
    expect(first.adjustmentGroupIds).toHaveLength(3);

    // The job is retried whole (say, after a crash): same parts, same keys, nothing written twice.
    const again = await connector.setInventoryQuantities(request);
    const keys = (list: typeof writes) => list.map((entry) => entry.variables.idempotencyKey);
    expect(keys(sent.filter((entry) => entry.operationName === 'InventorySetQuantities').slice(3))).toEqual(keys(writes));
    expect(again.adjustmentGroupIds).toEqual(first.adjustmentGroupIds);
    expect(emulator.shop.inventoryLevel(items[0]!, emulator.shop.locations[1]!.id)!.available).toBe(21);
  });

  it('fails a stale compare-and-swap with a conflict callers can act on, naming their entry, and writes nothing', async () => {
    const { connector, location, itemOf, levelOf } = emulatedShop();
    const tee = levelOf('TEE-ORG-M').available;
    const request = (key: string, changeFromQuantity: number) => ({
      name: 'available' as const,
      reason: 'correction',
      referenceDocumentUri: 'gid://ledgerbridge/SyncJob/3',
      idempotencyKey: key,
      quantities: [
        { inventoryItemId: itemOf('SOCK-WOOL-3PK'), locationId: location(0), quantity: 5, changeFromQuantity: null },
        { inventoryItemId: itemOf('TEE-ORG-M'), locationId: location(0), quantity: 50, changeFromQuantity },
      ],
    });
    const error = await failure(connector.setInventoryQuantities(request('job-3', tee - 1)));
    expect(error).toMatchObject({ code: 'conflict', upstreamCode: 'CHANGE_FROM_QUANTITY_STALE', retryable: false });
    expect(error.message).toMatch(/quantities\[1\].*re-read the quantities and write again with a new idempotency key/);
    expect((error.upstreamBody as { userErrors: { entryIndex: number }[] }).userErrors[0]!.entryIndex).toBe(1);
    expect(levelOf('TEE-ORG-M').available).toBe(tee);
    expect(levelOf('SOCK-WOOL-3PK').available).not.toBe(5);
    // The same key again is a spent key, whatever the quantities: Shopify wants a new one.
    expect(await failure(connector.setInventoryQuantities(request('job-3', tee - 1)))).toMatchObject({
      upstreamCode: 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
      code: 'conflict',
    });
    expect(await failure(connector.setInventoryQuantities(request('job-3', tee)))).toMatchObject({
      upstreamCode: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
      code: 'invalid_request',
    });
    await connector.setInventoryQuantities(request('job-3b', tee));
    expect(levelOf('TEE-ORG-M').available).toBe(50);
  });

  it('resends a write whose answer was lost under the same key, and Shopify applies it once', async () => {
    const { connector, emulator, location, itemOf, levelOf, sent } = emulatedShop();
    const before = levelOf('KIDS-TEE-7Y').available;
    emulator.setFaults({ loseMutationResponseNext: 1 });
    const result = await connector.setInventoryQuantities({
      name: 'on_hand',
      reason: 'received',
      referenceDocumentUri: 'gid://ledgerbridge/SyncJob/4',
      idempotencyKey: 'job-4',
      quantities: [{ inventoryItemId: itemOf('KIDS-TEE-7Y'), locationId: location(0), quantity: before + 12, changeFromQuantity: before }],
    });
    const writes = sent.filter((entry) => entry.operationName === 'InventorySetQuantities');
    expect(writes.map((entry) => [entry.status, entry.variables.idempotencyKey])).toEqual([
      [502, 'job-4'],
      [200, 'job-4'],
    ]);
    // Had it been applied twice, the second compare-and-swap would have failed as stale.
    expect(levelOf('KIDS-TEE-7Y').available).toBe(before + 12);
    expect(result.changes).toContainEqual(expect.objectContaining({ name: 'on_hand', delta: 12 }));
  });

  it('refuses, before sending anything, an entry without changeFromQuantity or a write without a key', async () => {
    const { connector, location, itemOf, sent } = emulatedShop();
    const entry = { inventoryItemId: itemOf('TEE-ORG-L'), locationId: location(0), quantity: 3 };
    const missing = await failure(
      connector.setInventoryQuantities({
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: 'gid://ledgerbridge/SyncJob/5',
        idempotencyKey: 'job-5',
        quantities: [entry as never],
      }),
    );
    expect(missing).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('quantities[0].changeFromQuantity is missing'),
    });
    const keyless = await failure(
      connector.setInventoryQuantities({
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: 'x:y',
        idempotencyKey: ' ',
        quantities: [{ ...entry, changeFromQuantity: null }],
      }),
    );
    expect(keyless.message).toMatch(/idempotencyKey is required/);
    expect(sent).toEqual([]);
  });
});
