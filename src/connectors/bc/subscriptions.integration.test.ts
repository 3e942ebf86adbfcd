import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { createInProcessBc, type InProcessBc } from './test-support/emulated-bc.ts';
import { answerBcWebhook, type BcNotification } from './webhooks.ts';

/** The hub's side of BC webhooks, as the server would run it: echo the token, accept, process later. */
async function startHubEndpoint(clientState: string) {
  const received: BcNotification[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = answerBcWebhook({ url: `http://hub${request.url ?? '/'}`, body: Buffer.concat(chunks).toString('utf8') }, clientState);
      received.push(...answer.accepted);
      rejected.push(...answer.rejected.map((r) => r.reason));
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/bc`;
  return { url, received, rejected, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let clock: FakeClock;
let bc: InProcessBc;
let hub: Awaited<ReturnType<typeof startHubEndpoint>>;

beforeEach(async () => {
  clock = new FakeClock();
  bc = createInProcessBc({ clock, emulator: { limits: false, tokenLifetimeSeconds: 30 * 24 * 3600 } });
  hub = await startHubEndpoint('hub-secret');
});
afterEach(() => hub.close());

describe('webhook subscriptions through the connector', () => {
  it('subscribes once (adopting an existing one), receives checked notifications, renews and unsubscribes', async () => {
    const created = await bc.connector.createSubscription({
      notificationUrl: hub.url,
      entitySet: 'salesOrders',
      clientState: 'hub-secret',
    });
    expect(created.outcome).toBe('created');
    expect(created.value.resource).toBe(`/api/v2.0/companies(${bc.emulator.settings.companyId})/salesOrders`);
    const again = await bc.connector.createSubscription({ notificationUrl: hub.url, entitySet: 'salesOrders', clientState: 'hub-secret' });
    expect(again).toMatchObject({ outcome: 'adopted', value: { subscriptionId: created.value.subscriptionId } });

    const order = await bc.connector.createSalesOrder({
      externalDocumentNumber: 'SHOP-1',
      customerNumber: 'C00010',
      orderDate: '2026-11-22',
      pricesIncludeTax: false,
      lines: [{ lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: '1', unitPrice: '20' }],
    });
    await bc.emulator.control.flushWebhooks();
    expect(hub.received).toMatchObject([
      { changeType: 'created', resource: `${created.value.resource}(${order.id})`, subscriptionId: created.value.subscriptionId },
    ]);

    await clock.advance(2 * 24 * 3_600_000);
    const due = await bc.connector.renewSubscriptionsDue(24 * 3_600_000 + 1);
    expect(due).toHaveLength(1);
    expect(Date.parse(due[0]!.expirationDateTime)).toBe(clock.now() + 3 * 24 * 3_600_000);
    await bc.connector.deleteSubscription(created.value.subscriptionId);
    expect(await bc.connector.listSubscriptions()).toEqual([]);
  });

  it('fails to subscribe when the endpoint does not answer the handshake', async () => {
    await expect(
      bc.connector.createSubscription({ notificationUrl: 'http://127.0.0.1:9/nowhere', entitySet: 'customers', clientState: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('subscribes to the companion API at its own root', async () => {
    const created = await bc.connector.createSubscription({
      notificationUrl: hub.url,
      entitySet: 'salesOrders',
      clientState: 'hub-secret',
      api: 'companion',
    });
    expect(created.value.resource).toContain('/api/ledgerbridge/integration/v1.0/');
    expect(await bc.connector.listSubscriptions()).toEqual([]);
    expect(await bc.connector.listSubscriptions({ api: 'companion' })).toHaveLength(1);
  });
});

describe('polling where BC has no webhooks', () => {
  it('reads shipments changed since a cursor, with an overlap', async () => {
    const start = new Date(clock.now()).toISOString();
    const order = await bc.connector.createSalesOrder({
      externalDocumentNumber: 'SHOP-2',
      customerNumber: 'C00010',
      orderDate: '2026-11-22',
      pricesIncludeTax: false,
      lines: [{ lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: '2', unitPrice: '20' }],
    });
    await clock.advance(5 * 60_000);
    await bc.connector.shipSalesOrder(order.id, { lines: [{ lineId: order.lines![0]!.id, quantity: '1' }] });
    const seen = [];
    for await (const shipment of bc.connector.pollSalesShipments(start, { overlapMs: 0 })) seen.push(shipment);
    expect(seen).toMatchObject([{ orderNumber: order.number, lines: [{ quantity: '1' }] }]);
    const later = new Date(clock.now() + 1_000).toISOString();
    const none = [];
    for await (const shipment of bc.connector.pollSalesShipments(later, { overlapMs: 0 })) none.push(shipment);
    expect(none).toEqual([]);
    const variants = [];
    for await (const variant of bc.connector.iterateModifiedSince<{ code: string; lastModifiedDateTime: string }>('itemVariants', start, {
      select: ['code', 'lastModifiedDateTime'],
      overlapMs: 24 * 3_600_000,
    }))
      variants.push(variant.code);
    expect(variants).toEqual(['NAVY', 'OLIVE', 'CHARCOAL']);
  });
});
