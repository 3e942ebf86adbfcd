/**
 * Callbacks and the polling safety net, end to end through the emulator: callbacks that
 * come, come twice, come late, come out of order or never come all lead to the same facts
 * under the same keys, and polling alone finds every shipment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WarehouseEvent } from '../port.ts';
import { eventKeys } from '../port.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import { callbackSecret, startEmulatedWarehouse, type EmulatedWarehouse } from '../test-support/emulated-warehouse.ts';
import { warehouseOrder } from '../test-support/orders.ts';

let env: EmulatedWarehouse | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function released(reference: string, lines: [string, number][] = [['TEE-ORG-M', 2]]): Promise<number> {
  const result = await env!.adapter.createOrder(warehouseOrder(reference, lines));
  if (result.outcome !== 'created') throw new Error(`not created: ${result.outcome}`);
  return Number(result.order.parts[0]!.wmsOrderId);
}

function parseAll(): WarehouseEvent[] {
  return env!.received.flatMap((request) => {
    const parsed = env!.adapter.parseCallback(request);
    if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.reason}`);
    return parsed.events;
  });
}

describe('despatch callbacks backed by polling', () => {
  it('a despatch callback gives the same shipment, under the same key, as polling', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-7001');
    env.warehouse.emulator.control.despatch(id, { trackingNumbers: ['RM123456785GB'] });
    await env.warehouse.emulator.callbacksIdle();

    const events = parseAll();
    expect(events.map((event) => [event.type, event.key])).toEqual([
      ['order.status_changed', `order:${id}:status:despatched`],
      ['shipment.despatched', `shipment:${id}`],
    ]);
    const fromCallback = events.find((event) => event.type === 'shipment.despatched');
    const polled = await env.adapter.listShipmentsSince(null);
    expect(polled.items).toHaveLength(1);
    expect(fromCallback).toMatchObject({ shipment: polled.items[0] });
    expect(polled.items[0]).toMatchObject({
      id: String(id),
      orderReference: 'SO-7001',
      carrier: 'Royal Mail',
      service: 'Tracked 48',
      trackingNumbers: ['RM123456785GB'],
      parcels: [{ trackingNumber: 'RM123456785GB', trackingUrl: expect.stringContaining('RM123456785GB') }],
      lines: [{ sku: 'TEE-ORG-M', quantity: 2 }],
    });
  });

  it('a dropped callback is still seen by polling', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-7002');
    env.warehouse.emulator.control.setCallbackFaults({ dropNext: 1 });
    env.warehouse.emulator.control.despatch(id);
    await env.warehouse.emulator.callbacksIdle();
    expect(env.received).toHaveLength(0);
    expect(env.warehouse.emulator.control.deliveries()).toMatchObject([{ event: 'despatched', status: 'dropped' }]);
    const polled = await env.adapter.listShipmentsSince(null);
    expect(polled.items.map((shipment) => [shipment.id, shipment.orderReference])).toEqual([[String(id), 'SO-7002']]);
  });

  it('a callback delivered twice parses to the same events', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-7003');
    env.warehouse.emulator.control.setCallbackFaults({ duplicateNext: 1 });
    env.warehouse.emulator.control.despatch(id);
    await env.warehouse.emulator.callbacksIdle();
    expect(env.received).toHaveLength(2);
    const [first, second] = env.received.map((request) => env!.adapter.parseCallback(request));
    expect(first).toEqual(second);
    expect(new Set(parseAll().map((event) => event.key)).size).toBe(2);
  });

  it('a late split callback arriving after the despatch of the new part: same keys as in order, and polling agrees', async () => {
    const clock = new FakeClock();
    env = await startEmulatedWarehouse({ emulator: { clock }, config: { initialLookbackMs: 10 * 365 * 86_400_000 } });
    const id = await released('SO-7004', [
      ['TEE-ORG-S', 2],
      ['CAP-CANVAS', 1],
    ]);
    const control = env.warehouse.emulator.control;
    control.setCallbackFaults({ delayNextMs: 60_000 });
    const part = control.split(id, [{ sku: 'CAP-CANVAS', quantity: 1 }]);
    control.despatch(part.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 200 && env.received.length < 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await clock.advance(60_000);
    await env.warehouse.emulator.callbacksIdle();

    expect(env.received.map((request) => new URL(request.url).searchParams.get('event'))).toEqual(['despatched', 'split']);
    const keys = parseAll().map((event) => event.key);
    // The late split callback carries the parts as they were when split: the new part still
    // "released". A stale fact under its own key; flows apply statuses forward only.
    expect(keys).toEqual([
      `order:${part.id}:status:despatched`,
      `shipment:${part.id}`,
      `order:${id}:split:${part.id}`,
      `order:${id}:status:released`,
      `order:${part.id}:status:released`,
    ]);

    const updates = await env.adapter.listOrderUpdatesSince(null);
    const polledKeys = updates.items.map((update) => update.key);
    expect(polledKeys).toEqual(expect.arrayContaining([`order:${id}:status:released`, `order:${part.id}:status:despatched`]));
    expect(updates.items.every((update) => update.orderReference === 'SO-7004')).toBe(true);
    const shipments = await env.adapter.listShipmentsSince(null);
    expect(shipments.items.map((shipment) => eventKeys.shipment(shipment.id))).toEqual([`shipment:${part.id}`]);
    expect(shipments.items[0]).toMatchObject({ partNumber: 2, partCount: 2, lines: [{ sku: 'CAP-CANVAS', quantity: 1 }] });
  });

  it('cancel and delivered callbacks become status and delivery events', async () => {
    env = await startEmulatedWarehouse();
    const cancelled = await released('SO-7005');
    const delivered = await released('SO-7006');
    await env.adapter.cancelOrder('SO-7005');
    env.warehouse.emulator.control.despatch(delivered);
    env.warehouse.emulator.control.deliver(delivered);
    await env.warehouse.emulator.callbacksIdle();
    expect(
      parseAll()
        .map((event) => event.key)
        .sort(),
    ).toEqual(
      [
        `order:${cancelled}:status:cancelled`,
        `order:${delivered}:status:despatched`,
        `shipment:${delivered}`,
        `shipment:${delivered}:delivered`,
      ].sort(),
    );
  });

  it('two parcels: two tracking numbers, the tracking URL on the parcel it names', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-7007', [['HOOD-MRN-L', 2]]);
    env.warehouse.emulator.control.despatch(id, { trackingNumbers: ['RM000000011GB', 'RM000000022GB'] });
    const [shipment] = await env.adapter.listShipments('SO-7007');
    expect(shipment).toMatchObject({
      trackingNumbers: ['RM000000011GB', 'RM000000022GB'],
      parcels: [
        { trackingNumber: 'RM000000011GB', trackingUrl: expect.stringContaining('RM000000011GB') },
        { trackingNumber: 'RM000000022GB', trackingUrl: null },
      ],
    });
  });
});

describe('polling cursors', () => {
  it('pages through changes with hasMore, then moves on from the newest change seen', async () => {
    env = await startEmulatedWarehouse({ config: { pageSize: 2, maxPagesPerPoll: 1, pollOverlapMs: 0 } });
    const ids = [await released('SO-7101'), await released('SO-7102'), await released('SO-7103')];
    for (const id of ids) env.warehouse.emulator.control.despatch(id);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let polls = 0;
    for (let hasMore = true; hasMore && polls < 10; polls += 1) {
      const page = await env.adapter.listShipmentsSince(cursor);
      for (const shipment of page.items) seen.add(shipment.id);
      cursor = page.cursor;
      hasMore = page.hasMore;
    }
    expect([...seen].sort()).toEqual(ids.map(String).sort());
    expect(polls).toBeGreaterThanOrEqual(2);

    // Mintsoft's date filters have one-second precision: a quiet poll may repeat what it saw, never more.
    const quiet = await env.adapter.listShipmentsSince(cursor);
    expect(quiet.items.every((shipment) => seen.has(shipment.id))).toBe(true);
    const later = await released('SO-7104');
    env.warehouse.emulator.control.despatch(later);
    const next = await env.adapter.listShipmentsSince(quiet.cursor);
    expect(next.items.map((shipment) => shipment.id)).toContain(String(later));
  });

  it('refuses a cursor it did not make', async () => {
    env = await startEmulatedWarehouse();
    await expect(env.adapter.listShipmentsSince('not-a-cursor')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('callback authentication', () => {
  it('rejects a callback without the secret, and reads the secret from the header or the token parameter', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-7201');
    env.warehouse.emulator.control.despatch(id);
    await env.warehouse.emulator.callbacksIdle();
    const [request] = env.received;
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${callbackSecret}` });
    expect(env.adapter.parseCallback({ ...request!, headers: {} })).toMatchObject({ ok: false, code: 'unauthorised' });
    const withToken = new URL(request!.url);
    withToken.searchParams.set('token', callbackSecret);
    expect(env.adapter.parseCallback({ ...request!, url: withToken.toString(), headers: {} })).toMatchObject({ ok: true });
    expect(env.adapter.parseCallback({ ...request!, rawBody: '{"not":"an order"}' })).toMatchObject({ ok: false, code: 'malformed' });
    expect(env.adapter.parseCallback({ ...request!, url: request!.url.replace('event=despatched', 'event=exploded') })).toMatchObject({
      ok: false,
      code: 'unknown_callback',
    });
  });
});
