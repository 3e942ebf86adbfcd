import { describe, expect, it } from 'vitest';
import { collectBulkTree, type BulkObject } from './bulk.ts';
import { emulatedShop } from './test-support/emulated-shop.ts';
import { failure } from '../../../test/support/failure.ts';

const levelsByLocation = `{
  locations {
    edges { node { id name inventoryLevels { edges { node { id item { sku } quantities(names: ["available"]) { name quantity } } } } } }
  }
}`;

async function all(iterable: AsyncIterable<BulkObject>): Promise<BulkObject[]> {
  const items: BulkObject[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('bulk queries', () => {
  it('starts the query, polls until it completes, and streams parents and their nested children', async () => {
    const { connector, emulator, clock, sent } = emulatedShop();
    const start = clock.now();
    const objects = await all(connector.runBulkQuery(levelsByLocation, { pollIntervalMs: 400 }));
    const locations = objects.filter((object) => object.typename === 'Location');
    const levels = objects.filter((object) => object.typename === 'InventoryLevel');
    expect(locations.map((object) => object.data.name).sort()).toEqual(['London Shop', 'Scend Warehouse']);
    expect(levels).toHaveLength(emulator.shop.inventoryLevels.size);
    expect(levels.every((level) => locations.some((location) => location.id === level.parentId))).toBe(true);
    expect(levels[0]!.data).toMatchObject({
      item: { sku: expect.any(String) },
      quantities: [{ name: 'available', quantity: expect.any(Number) }],
    });
    expect(levels[0]!.data).not.toHaveProperty('__parentId');
    // Not grouped: every parent first, children after (not next to their parent).
    expect(objects.findIndex((object) => object.typename === 'InventoryLevel')).toBe(2);
    const names = sent.map((request) => request.operationName);
    expect(names[0]).toBe('BulkOperationRunQuery');
    expect(names.filter((name) => name === 'BulkOperationStatus').length).toBeGreaterThanOrEqual(3);
    expect(clock.now() - start).toBeGreaterThanOrEqual(1000);
  });

  it('with groupObjects each parent is followed by its own children, and the tree helper nests them', async () => {
    const { connector } = emulatedShop();
    const objects = await all(connector.runBulkQuery(levelsByLocation, { groupObjects: true, pollIntervalMs: 500 }));
    expect(objects[0]!.typename).toBe('Location');
    expect(objects[1]!.parentId).toBe(objects[0]!.id);
    const tree = await collectBulkTree(
      (async function* () {
        yield* objects;
      })(),
    );
    expect(tree).toHaveLength(2);
    expect(tree.reduce((total, location) => total + (location.children.InventoryLevel?.length ?? 0), 0)).toBe(objects.length - 2);
  });

  it('back-fills orders with their lines through edges as well as nodes', async () => {
    const { connector, emulator } = emulatedShop();
    const placed = Array.from({ length: 12 }, () => emulator.placeOrder());
    const objects = await all(
      connector.runBulkQuery('{ orders { edges { node { id name lineItems { nodes { id sku quantity } } } } } }', { pollIntervalMs: 500 }),
    );
    const orders = objects.filter((object) => object.typename === 'Order');
    expect(orders.map((order) => order.id).sort()).toEqual(placed.map((order) => order.id).sort());
    const lines = objects.filter((object) => object.typename === 'LineItem');
    expect(lines.length).toBe([...emulator.shop.orders.values()].reduce((total, order) => total + order.lines.length, 0));
  });

  it('returns nothing for an empty result without downloading a file', async () => {
    const { connector, sent } = emulatedShop();
    expect(await all(connector.runBulkQuery('{ orders { edges { node { id } } } }', { pollIntervalMs: 500 }))).toEqual([]);
    expect(sent.every((request) => request.operationName?.startsWith('BulkOperation'))).toBe(true);
  });

  it('reports a query Shopify refuses and an operation that fails', async () => {
    const { connector, emulator } = emulatedShop();
    const noConnection = await failure(all(connector.runBulkQuery('{ location { id name } }')));
    expect(noConnection).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('at least one connection') });
    const tooDeep = await failure(
      all(connector.runBulkQuery('{ orders { nodes { id fulfillmentOrders { nodes { id lineItems { nodes { id } } } } } } }')),
    );
    expect(tooDeep.message).toMatch(/nested more than 2 levels/);
    emulator.setFaults({ bulkFailNext: 1 });
    const failed = await failure(all(connector.runBulkQuery(levelsByLocation, { pollIntervalMs: 500 })));
    expect(failed).toMatchObject({ code: 'upstream_unavailable', upstreamCode: 'INTERNAL_SERVER_ERROR', retryable: false });
  });
});
