import { describe, expect, it } from 'vitest';
import { createShopifyEmulator } from './app.ts';
import { parseSearchAlternatives } from './search-query.ts';
import { graphqlCaller } from './testing/order-create.ts';
import { VirtualClock } from './testing/virtual-clock.ts';

describe("the emulator's search for inventory", () => {
  it('splits alternatives on OR outside quotes, AND binding tighter', () => {
    expect(parseSearchAlternatives('sku:"A OR B" OR sku:C id:1')).toEqual([
      [{ field: 'sku', op: ':', value: 'A OR B' }],
      [
        { field: 'sku', op: ':', value: 'C' },
        { field: 'id', op: ':', value: '1' },
      ],
    ]);
    expect(parseSearchAlternatives(null)).toEqual([[]]);
  });

  it('finds items by several SKUs; a location lists its levels whatever `sku:` says (a filter the schema does not document there)', async () => {
    const emulator = createShopifyEmulator({ clock: new VirtualClock(), seed: 3 });
    const call = graphqlCaller((path, init) => emulator.app.request(path, init), emulator.graphqlPath, emulator.accessToken);
    const items = await call('query { inventoryItems(first: 10, query: "sku:\\"TEE-ORG-S\\" OR sku:\\"TEE-ORG-M\\"") { nodes { sku } } }');
    expect(items.body.data.inventoryItems.nodes.map((node: { sku: string }) => node.sku).sort()).toEqual(['TEE-ORG-M', 'TEE-ORG-S']);
    const location = `gid://shopify/Location/${emulator.shop.locations[0]!.id}`;
    const levels = await call(
      'query L($id: ID!) { location(id: $id) { inventoryLevels(first: 250, query: "sku:TEE-ORG-S") { nodes { item { sku } } } } }',
      {
        id: location,
      },
    );
    const atLocation = [...emulator.shop.inventoryLevels.values()].filter((level) => level.locationId === emulator.shop.locations[0]!.id);
    expect(levels.body.data.location.inventoryLevels.nodes).toHaveLength(Math.min(250, atLocation.length));
    expect(atLocation.length).toBeGreaterThan(1);
  });
});
