import { describe, expect, it } from 'vitest';
import { createShopifyEmulator } from './app.ts';
import { graphqlCaller } from './testing/order-create.ts';
import { VirtualClock } from './testing/virtual-clock.ts';

const run =
  'mutation Run($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status } userErrors { code message } } }';
const status = 'query Status($id: ID!) { bulkOperation(id: $id) { id status objectCount rootObjectCount url } }';
const query = '{ locations { edges { node { id inventoryLevels { edges { node { id } } } } } } }';

function setup() {
  const clock = new VirtualClock();
  const emulator = createShopifyEmulator({ clock, seed: 2, bulkOperationDurationMs: 3_000 });
  const call = graphqlCaller((path, init) => emulator.app.request(path, init), emulator.graphqlPath, emulator.accessToken);
  return { clock, emulator, call };
}

describe('bulk operations in the emulator', () => {
  it('runs for a while, then completes with a JSONL file served at its url', async () => {
    const { clock, emulator, call } = setup();
    const started = (await call(run, { query })).body.data.bulkOperationRunQuery;
    expect(started).toMatchObject({ bulkOperation: { status: 'CREATED' }, userErrors: [] });
    const running = (await call(status, { id: started.bulkOperation.id })).body.data.bulkOperation;
    expect(running).toMatchObject({ status: 'RUNNING', url: null, objectCount: '0' });
    const file = `/bulk-operation-results/${/(\d+)$/.exec(started.bulkOperation.id)![1]}.jsonl`;
    expect((await emulator.app.request(file)).status).toBe(404);

    clock.advance(3_000);
    const done = (await call(status, { id: started.bulkOperation.id })).body.data.bulkOperation;
    const levels = emulator.shop.inventoryLevels.size;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      objectCount: String(2 + levels),
      rootObjectCount: '2',
      url: `http://localhost${file}`,
    });
    const lines = (await (await emulator.app.request(file)).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; __parentId?: string });
    expect(lines).toHaveLength(2 + levels);
    expect(lines.slice(2).every((line) => line.__parentId === lines[0]!.id || line.__parentId === lines[1]!.id)).toBe(true);
  });

  it('refuses an invalid query as a user error and a sixth operation while five run', async () => {
    const { call } = setup();
    const invalid = (await call(run, { query: '{ orders { edges { node { shoeSize } } } }' })).body.data.bulkOperationRunQuery;
    expect(invalid.userErrors[0]).toMatchObject({ code: 'INVALID', message: expect.stringContaining('shoeSize') });
    const missingId = (await call(run, { query: '{ orders { nodes { name lineItems { nodes { id } } } } }' })).body.data
      .bulkOperationRunQuery;
    expect(missingId.userErrors[0].message).toMatch(/must select id/);
    for (let index = 0; index < 5; index += 1) expect((await call(run, { query })).body.data.bulkOperationRunQuery.userErrors).toEqual([]);
    expect((await call(run, { query })).body.data.bulkOperationRunQuery.userErrors[0].code).toBe('LIMIT_REACHED');
  });
});
