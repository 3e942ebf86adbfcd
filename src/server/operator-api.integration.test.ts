import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import { createRemoteOperations } from '../cli/remote-operations.ts';
import { formatExceptionList, formatRecordView, formatStatus } from '../cli/format.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { addLink, raiseException, receiveRecord, transitionRecord } from '../ledger/index.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { listen, type Listening } from './listen.ts';

describe('operator API through the CLI client', () => {
  let store: Store;
  let server: Listening;
  const retried: { id: number; overrides?: Record<string, string> }[] = [];
  let recordId: number;

  beforeAll(async () => {
    store = await embeddedBackend().open();
    const operations = createLocalOperations({
      store,
      hubName: 'test-hub',
      clock: systemClock,
      queueCounts: async () => [{ name: 'orders.import', queued: 1, active: 0, failed: 0 }],
      retriers: { orders: async (id, { overrides }) => (retried.push({ id, ...(overrides ? { overrides } : {}) }), true) },
    });
    const app = createServer({
      store,
      operations,
      apiToken: 'secret-token',
      isReady: () => true,
      logger: silentLogger,
      shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
    });
    server = await listen(app, '127.0.0.1', 0);
    const { record } = await receiveRecord(store.db, {
      flow: 'orders',
      sourceSystem: 'shopify',
      sourceId: 'gid://shopify/Order/77',
      sourceRef: '#1077',
      actor: 'test',
    });
    recordId = record.id;
    await addLink(store.db, record.linkGroup, { system: 'shopify', kind: 'order', externalId: record.sourceId, label: '#1077' });
    await transitionRecord(store.db, record.id, { to: 'exception', actor: 'test' });
    await raiseException(store.db, {
      recordId: record.id,
      flow: 'orders',
      code: 'unknown_sku',
      category: 'master_data',
      severity: 'error',
      owner: 'ecommerce',
      message: 'Order #1077 cannot be posted: line 1 (Tote) has SKU BAG-TOTE-NEW, which Business Central does not know.',
      action: 'Create the item in Business Central.',
      autoRetry: true,
    });
    await raiseException(store.db, {
      flow: 'orders',
      code: 'payout_gap',
      category: 'drift',
      severity: 'warning',
      owner: 'finance',
      message: 'x',
      action: 'y',
      fingerprint: 'finance-only',
    });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('refuses requests without the operator token', async () => {
    const response = await fetch(`${server.url}/api/status`);
    expect(response.status).toBe(401);
    await expect(createRemoteOperations(server.url, 'wrong').status()).rejects.toThrow(/bearer token/);
  });

  it('lists, shows, retries and closes exceptions, and shows records in business words', async () => {
    const operations = createRemoteOperations(server.url, 'secret-token');
    const { exceptions: ecommerce } = await operations.listExceptions({ owner: 'ecommerce' });
    expect(ecommerce).toHaveLength(1);
    expect(formatExceptionList({ exceptions: ecommerce, truncated: false, limit: 100 })).toMatch(
      /E-commerce .*orders\/unknown_sku[\s\S]*BAG-TOTE-NEW[\s\S]*What to do: Create the item/,
    );
    const id = ecommerce[0]!.id;
    expect((await operations.showException(id))?.record?.id).toBe(recordId);
    expect(await operations.showException(999_999)).toBeUndefined();

    expect(await operations.retryException(id, 'ana')).toMatchObject({ queued: true });
    expect(await operations.retryException(id, 'ana', { 'shippingAddress.zip': 'LS1 1AA' })).toMatchObject({ queued: true });
    expect(retried).toEqual([{ id: recordId }, { id: recordId, overrides: { 'shippingAddress.zip': 'LS1 1AA' } }]);

    await expect(operations.resolveException(id, 'ana', '')).rejects.toThrow(/note/);
    const resolved = await operations.resolveException(id, 'ana', 'item created in BC');
    expect(resolved).toMatchObject({ status: 'resolved', closedBy: 'ana' });
    await expect(operations.ignoreException(id, 'ana', 'again')).rejects.toThrow(/already resolved/);

    const [view] = await operations.showRecords('1077');
    expect(formatRecordView(view!)).toMatch(
      /Record \d+ — orders: shopify #1077[\s\S]*held: needs attention[\s\S]*unknown_sku resolved[\s\S]*Trail:\n {4}shopify order #1077/,
    );

    const status = await operations.status();
    expect(formatStatus(status)).toMatch(/orders\n {2}last run:[\s\S]*backlog: +1 unfinished \(1 held as exceptions/);
    expect(status.openExceptionsByOwner).toEqual({ finance: 1 });
  });

  it('shows customers, which have no jobs of their own, as running with the orders flow that makes them', async () => {
    await receiveRecord(store.db, { flow: 'customers', sourceSystem: 'shopify', sourceId: 'gid://shopify/Customer/5', actor: 'test' });
    const { flows } = await createRemoteOperations(server.url, 'secret-token').status();
    expect(flows.find((flow) => flow.flow === 'customers')).toMatchObject({ runsWith: 'orders', backlog: 1 });
    expect(flows.find((flow) => flow.flow === 'orders')?.runsWith).toBeUndefined();
  });
});
