/**
 * BC notifications on a hub of several connections (issue 16): each is stored in the inbox of
 * the connection its company routes it to (of each, when two shops share the company), wakes
 * that connection's flows, and a repeat is a repeat for that connection only; one no connection
 * takes is kept under `default`, ignored. On both store backends.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import { bcRoutesByCompany } from '../composition/bc-webhooks.ts';
import type { BcConnector } from '../connectors/bc/index.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { listen, type Listening } from './listen.ts';

const clientState = 'a-client-state-long-enough-to-be-a-secret';
const company = { uk: 'aaaa-1', eu: 'bbbb-2' } as const;

function notification(companyId: string, path: string, at: string) {
  return {
    subscriptionId: `sub-${companyId}`,
    clientState,
    expirationDateTime: '2026-12-10T00:00:00Z',
    resource: `api/v2.0/companies(${companyId})/${path}`,
    changeType: 'updated',
    lastModifiedDateTime: at,
  };
}

describeEachBackend('BC notifications routed by company', (backend) => {
  let store: Store;
  let server: Listening;
  const woken: string[] = [];

  beforeAll(async () => {
    store = await backend.open();
    const connection = (id: string, companyId: string) => ({
      id,
      connectors: { bc: { client: { resolveCompanyId: async () => companyId.toUpperCase() } } as unknown as BcConnector },
      flows: { bcTriggers: { items: async () => void woken.push(`${id}:items`) } },
    });
    server = await listen(
      createServer({
        store,
        operations: createLocalOperations({ store, hubName: 'test', clock: systemClock, queueCounts: async () => [], retriers: {} }),
        apiToken: undefined,
        isReady: () => true,
        logger: silentLogger,
        shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
        bcWebhooks: {
          clientState,
          triggers: {},
          connection: 'default',
          // default (the pound shop) and us share a company; eu has its own.
          routesFor: bcRoutesByCompany([connection('default', company.uk), connection('eu', company.eu), connection('us', company.uk)]),
          maxBodyBytes: 100_000,
        },
      }),
      '127.0.0.1',
      0,
    );
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await backend.cleanup();
  });

  const post = (value: object[]) =>
    fetch(`${server.url}/webhooks/bc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value }),
    });
  const inbox = async () =>
    (
      await store.db
        .selectFrom('lb_inbox')
        .select(['connection_id', 'status', 'business_key'])
        .where('source', '=', 'bc')
        .orderBy('connection_id')
        .orderBy('business_key')
        .execute()
    ).map((row) => `${row.connection_id} ${row.status} ${row.business_key}`);

  it('stores each notification under the connections on its company and wakes theirs', async () => {
    // The company no connection is on comes first: it must not take the default connection's flows away.
    const answer = await post([
      notification('cccc-3', 'items(3)', '2026-12-07T10:00:00Z'),
      notification(company.eu, 'items(1)', '2026-12-07T10:00:00Z'),
      notification(company.uk, 'items(2)', '2026-12-07T10:00:00Z'),
    ]);
    expect(answer.status).toBe(202);
    expect(await inbox()).toEqual([
      'default processed api/v2.0/companies(aaaa-1)/items(2)',
      'default ignored api/v2.0/companies(cccc-3)/items(3)',
      'eu processed api/v2.0/companies(bbbb-2)/items(1)',
      'us processed api/v2.0/companies(aaaa-1)/items(2)',
    ]);
    expect(woken.sort()).toEqual(['default:items', 'eu:items', 'us:items']);
  });

  it('takes a repeat as a repeat of the same connection', async () => {
    woken.length = 0;
    const answer = await post([notification(company.eu, 'items(1)', '2026-12-07T10:00:00Z')]);
    expect(answer.status).toBe(202);
    // Already processed for eu: nothing is stored again and nothing wakes.
    expect((await inbox()).filter((row) => row.startsWith('eu '))).toHaveLength(1);
    expect(woken).toEqual([]);
  });
});
