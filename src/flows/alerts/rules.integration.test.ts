/**
 * How alert rules decide what to send and when: digests collect what came up and send it once
 * per period; quiet hours hold a message until they end (a critical one, when allowed, goes at
 * once); a monitoring threshold alerts once when crossed and follows up once when cleared.
 * The delivery itself is covered by alerts.integration.test.ts; here the queued deliveries and
 * their ledger records are read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { alertsSchema } from '../../config/alerts-schema.ts';
import { silentLogger } from '../../core/logger.ts';
import { getRecord, raiseException, receiveRecord, transitionRecord } from '../../ledger/index.ts';
import { connectionStore } from '../../store/connection-scope.ts';
import type { Store } from '../../store/open-store.ts';
import { ordersException } from '../orders/exceptions.ts';
import type { AlertSenders } from './channels.ts';
import type { AlertsFlowDeps, DeliverJob } from './deps.ts';
import { evaluateAlerts } from './evaluate.ts';
import type { AlertMessage } from './message.ts';

interface Queued {
  name: string;
  data: DeliverJob;
  delayMs: number;
}

/** Records what was queued, with its delay (the hold for quiet hours). */
class DelayRecordingQueue {
  readonly jobs: Queued[] = [];
  async enqueue<T>(name: string, data: T, options: { delayMs?: number } = {}) {
    this.jobs.push({ name, data: data as DeliverJob, delayMs: options.delayMs ?? 0 });
    return String(this.jobs.length);
  }
  drain() {
    return this.jobs.splice(0);
  }
}

const noSenders = {} as AlertSenders;

describeEachBackend('alert rules', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  /** A hub whose clock the test sets, with one webhook channel and the rules given. */
  function world(rules: unknown[], startAt: string, connections?: string[]) {
    let now = Date.parse(startAt);
    const queue = new DelayRecordingQueue();
    const config = alertsSchema.parse({
      channels: [{ name: 'ops-hook', type: 'webhook', url: 'https://alerts.brand.example/hook' }],
      rules,
    });
    const deps: AlertsFlowDeps = {
      db: store.db,
      queue,
      clock: { now: () => now, sleep: async () => undefined },
      logger: silentLogger,
      config,
      timeZone: 'Europe/London',
      dashboardUrl: undefined,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      senders: noSenders,
      ...(connections ? { connections } : {}),
    };
    const messages = async () => {
      const out: { message: AlertMessage; delayMs: number; state: string }[] = [];
      for (const job of queue.drain()) {
        const record = (await getRecord(store.db, job.data.recordId))!;
        out.push({ message: (record.payload as { message: AlertMessage }).message, delayMs: job.delayMs, state: record.state });
      }
      return out;
    };
    return { deps, messages, advance: (minutes: number) => (now += minutes * 60_000) };
  }

  it('sends a digest once per period, listing everything kept since the last one', async () => {
    const { deps, messages, advance } = world(
      [{ name: 'ops-digest', channels: ['ops-hook'], exceptions: { flows: ['digest-test'] }, delivery: 'digest', digestEveryMinutes: 60 }],
      '2026-12-07T09:00:00Z',
    );
    await evaluateAlerts(deps); // the first look starts from now
    const raise = (n: number) =>
      raiseException(store.db, {
        ...ordersException('unknown_sku', `Order #${n}: SKU DIGEST-${n} is not an item.`),
        flow: 'digest-test',
        fingerprint: `digest-${n}`,
      });
    await raise(1);
    await raise(2);
    await evaluateAlerts(deps);
    const first = await messages();
    expect(first).toHaveLength(1);
    expect(first[0]!.message).toMatchObject({ rule: 'ops-digest', digest: true });
    expect(first[0]!.message.items.map((item) => item.text.split('\n')[0])).toEqual([
      'Order #1: SKU DIGEST-1 is not an item.',
      'Order #2: SKU DIGEST-2 is not an item.',
    ]);

    await raise(3);
    advance(10);
    await evaluateAlerts(deps);
    expect(await messages(), 'the period is not up: kept, not sent').toEqual([]);
    advance(51);
    await evaluateAlerts(deps);
    const second = await messages();
    expect(second.map((sent) => sent.message.items.map((item) => item.text.split('\n')[0]))).toEqual([
      ['Order #3: SKU DIGEST-3 is not an item.'],
    ]);
    advance(61);
    await evaluateAlerts(deps);
    expect(await messages(), 'nothing new: no empty digest').toEqual([]);
  });

  it('holds a message in quiet hours until they end, and lets a critical one through', async () => {
    // 22:30 in London in December (GMT): the quiet hours end at 07:00, in 8 h 30 min.
    const { deps, messages } = world(
      [{ name: 'night', channels: ['ops-hook'], exceptions: { flows: ['quiet-test'] }, quietHours: { from: '20:00', to: '07:00' } }],
      '2026-12-07T22:30:00Z',
    );
    await evaluateAlerts(deps);
    await raiseException(store.db, {
      ...ordersException('unknown_sku', 'Order #7: SKU NIGHT is not an item.'),
      flow: 'quiet-test',
      fingerprint: 'night-error',
    });
    await raiseException(store.db, {
      ...ordersException('unknown_sku', 'The BC connection has failed for an hour.'),
      severity: 'critical',
      flow: 'quiet-test',
      fingerprint: 'night-critical',
    });
    await evaluateAlerts(deps);
    const sent = await messages();
    expect(sent.map((item) => [item.message.items[0]!.severity, item.delayMs, item.state])).toEqual([
      ['error', 8.5 * 3_600_000, 'validated'],
      ['critical', 0, 'received'],
    ]);
  });

  it('keeps digests in quiet hours and sends them when the hours end', async () => {
    const { deps, messages, advance } = world(
      [
        {
          name: 'night-digest',
          channels: ['ops-hook'],
          exceptions: { flows: ['quiet-digest-test'] },
          delivery: 'digest',
          quietHours: { from: '20:00', to: '07:00' },
        },
      ],
      '2026-12-07T23:00:00Z',
    );
    await evaluateAlerts(deps);
    await raiseException(store.db, { ...ordersException('unknown_sku', 'Order #8: SKU LATE is not an item.'), flow: 'quiet-digest-test' });
    await evaluateAlerts(deps);
    expect(await messages()).toEqual([]);
    advance(8 * 60 + 1); // 07:01
    await evaluateAlerts(deps);
    expect((await messages()).map((sent) => sent.message.items.length)).toEqual([1]);
  });

  it('alerts once when a monitor crosses its threshold and follows up once when it is back within it', async () => {
    const { deps, messages } = world(
      [{ name: 'backlog', channels: ['ops-hook'], monitors: [{ monitor: 'backlog', flow: 'monitor-test', above: 1 }] }],
      '2026-12-07T10:00:00Z',
    );
    const records = [];
    for (const n of [1, 2])
      records.push(
        (await receiveRecord(store.db, { flow: 'monitor-test', sourceSystem: 'shopify', sourceId: `m-${n}`, actor: 'test' })).record,
      );
    await evaluateAlerts(deps);
    await evaluateAlerts(deps);
    const crossed = await messages();
    expect(crossed.map((sent) => sent.message.items[0]!.title)).toEqual(['monitor-test: 2 unfinished records']);
    expect(crossed[0]!.message.items[0]!.kind).toBe('opened');

    for (const record of records) {
      const validated = await transitionRecord(store.db, record.id, { to: 'validated', actor: 'test' });
      const posting = await transitionRecord(store.db, validated.id, { to: 'posting', actor: 'test' });
      await transitionRecord(store.db, posting.id, { to: 'posted', actor: 'test' });
    }
    await evaluateAlerts(deps);
    await evaluateAlerts(deps);
    const cleared = await messages();
    expect(cleared.map((sent) => [sent.message.items[0]!.kind, sent.message.items[0]!.title])).toEqual([
      ['resolved', 'Back within its limit: monitor-test: 0 unfinished records'],
    ]);
  });

  it('watches a threshold per shop on a hub of several, naming the shop that crossed it', async () => {
    const { deps, messages } = world(
      [{ name: 'backlog', channels: ['ops-hook'], monitors: [{ monitor: 'backlog', flow: 'monitor-shops', above: 1 }] }],
      '2026-12-07T10:00:00Z',
      ['uk', 'eu'],
    );
    // Three unfinished in all, but only eu's two are above the limit of one.
    for (const [connection, id] of [
      ['uk', 'u-1'],
      ['eu', 'e-1'],
      ['eu', 'e-2'],
    ] as const)
      await receiveRecord(connectionStore(store, connection).db, {
        flow: 'monitor-shops',
        sourceSystem: 'shopify',
        sourceId: id,
        actor: 'test',
      });
    await evaluateAlerts(deps);
    await evaluateAlerts(deps);
    const crossed = await messages();
    expect(crossed.map((sent) => sent.message.items[0]!.title)).toEqual(['eu: monitor-shops: 2 unfinished records']);
    expect(crossed[0]!.message.items[0]!.facts).toContainEqual({ name: 'Shop', value: 'eu' });

    // uk crosses too: its own alert, eu's is not sent again.
    await receiveRecord(connectionStore(store, 'uk').db, {
      flow: 'monitor-shops',
      sourceSystem: 'shopify',
      sourceId: 'u-2',
      actor: 'test',
    });
    await evaluateAlerts(deps);
    expect((await messages()).map((sent) => sent.message.items[0]!.title)).toEqual(['uk: monitor-shops: 2 unfinished records']);
  });
});
