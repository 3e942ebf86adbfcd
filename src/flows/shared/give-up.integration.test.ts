/**
 * When a job stops, the exception says what really happened: a defect in the hub is not
 * reported as "could not reach a system after repeated tries", and a passing failure that
 * outlasted its attempts is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { ConnectorError } from '../../core/errors.ts';
import { decideRetry } from '../../core/retry.ts';
import { listExceptions, receiveRecord } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { giveUpOnRecord } from './warehouse-records.ts';

const policy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 };
const options = {
  actor: 'test',
  what: (record: { sourceId: string }) => `Warehouse order ${record.sourceId}`,
  refused: () => {
    throw new Error('not this one');
  },
  unreachable: (message: string, evidence: unknown) => ({
    code: 'retries_exhausted',
    category: 'upstream' as const,
    severity: 'critical' as const,
    owner: 'integration' as const,
    action: 'check the connection',
    autoRetry: false,
    flow: 'release',
    message,
    evidence,
  }),
};

describe('giving up on a record', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  async function giveUp(sourceId: string, error: unknown, attempt: number) {
    const { record } = await receiveRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId, sourceRef: sourceId, actor: 'test' });
    await giveUpOnRecord(store.db, record.id, error, decideRetry({ error, attempt, policy, random: 0 }), options);
    const [exception] = await listExceptions(store.db, { recordId: record.id, status: 'open' });
    return exception!;
  }

  it('calls a defect in the hub a hub error, owned by integration, without claiming a system was unreachable', async () => {
    const exception = await giveUp('S-ORD1', new TypeError('cannot read properties of undefined'), 1);
    expect(exception).toMatchObject({ code: 'hub_error', category: 'internal', owner: 'integration', severity: 'critical' });
    expect(exception.message).toBe(
      'Warehouse order S-ORD1 stopped: not retried, an unexpected error in the hub: TypeError: cannot read properties of undefined.',
    );
  });

  it('calls a passing failure that outlasted its attempts what it was', async () => {
    const busy = new ConnectorError({ system: 'warehouse', code: 'upstream_unavailable', message: 'busy' });
    const exception = await giveUp('S-ORD2', busy, 3);
    expect(exception).toMatchObject({ code: 'retries_exhausted' });
    expect(exception.message).toBe(
      'Warehouse order S-ORD2 could not be completed: gave up after 3 attempts: warehouse upstream_unavailable.',
    );
  });
});
