import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.ts';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import { connectTestApi, type TestApi } from './test-api.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

let clock: FakeClock;
let emulator: BcEmulator;
let api: TestApi;
let receiver: WebhookReceiver;

const resource = () => `/api/v2.0/companies(${emulator.settings.companyId})/salesOrders`;
const subscribe = (body: Record<string, unknown> = {}) =>
  api.post('subscriptions', { notificationUrl: receiver.url, resource: resource(), clientState: 'hub-secret', ...body });
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

beforeEach(async () => {
  clock = new FakeClock();
  // Tokens outlive the days these tests skip over.
  emulator = createBcEmulator({ limits: false, clock, tokenLifetimeSeconds: 10 * 24 * 3600 });
  api = await connectTestApi(emulator);
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

describe('subscriptions', () => {
  it('are created only after the handshake, live three days, renew with If-Match, and delete', async () => {
    const created = await subscribe();
    expect(created.status).toBe(201);
    expect(receiver.handshakes).toBe(1);
    const { subscriptionId, expirationDateTime } = created.body;
    expect(Date.parse(expirationDateTime) - clock.now()).toBe(3 * 24 * 3_600_000);
    const key = `subscriptions('${subscriptionId}')`;
    expect((await api.patch(key, { clientState: 'rotated' }, '')).body.error.code).toBe('BadRequest_InvalidToken');
    await clock.advance(24 * 3_600_000);
    const renewed = await api.patch(key, {}, created.body['@odata.etag']);
    expect(renewed.status).toBe(200);
    expect(receiver.handshakes).toBe(2);
    expect(Date.parse(renewed.body.expirationDateTime) - clock.now()).toBe(3 * 24 * 3_600_000);
    expect((await api.remove(key, renewed.body['@odata.etag'])).status).toBe(204);
    expect((await api.get('subscriptions')).body.value).toEqual([]);
  });

  it('renew with notificationUrl, resource and clientState repeated, and refuse another resource', async () => {
    const created = await subscribe();
    const key = `subscriptions('${created.body.subscriptionId}')`;
    const body = { notificationUrl: receiver.url, resource: resource(), clientState: 'hub-secret' };
    const renewed = await api.patch(key, body, created.body['@odata.etag']);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject(body);
    const moved = await api.patch(key, { ...body, resource: `/api/v2.0/companies(${emulator.settings.companyId})/customers` }, '*');
    expect(moved.status).toBe(400);
  });

  it('are refused when the endpoint does not echo the token, or the set has no webhooks', async () => {
    receiver.answerWith.handshake = 'wrong';
    expect((await subscribe()).body.error.message).toContain('could not be validated');
    receiver.answerWith.handshake = 'echo';
    const shipments = await subscribe({ resource: `/api/v2.0/companies(${emulator.settings.companyId})/salesShipments` });
    expect(shipments.body.error.message).toContain('does not support webhooks');
  });

  it('expire after three days unless renewed', async () => {
    await subscribe();
    await clock.advance(3 * 24 * 3_600_000);
    expect((await api.get('subscriptions')).body.value).toEqual([]);
  });
});

describe('notifications', () => {
  it('are collected for 30 seconds, then sent in one POST with clientState; a line change notifies its order', async () => {
    await subscribe();
    const order = (
      await api.post('{company}/salesOrders?$expand=salesOrderLines', {
        customerNumber: 'C00010',
        salesOrderLines: [{ lineObjectNumber: 'CAP-CANVAS', quantity: 1 }],
      })
    ).body;
    const other = (await api.post('{company}/salesOrders', { customerNumber: 'C00020' })).body;
    await api.post(`{company}/salesOrders(${other.id})/salesOrderLines`, { lineObjectNumber: 'CAP-CANVAS', quantity: 2 });
    await api.remove(`{company}/salesOrders(${order.id})`);
    await clock.advance(29_999);
    expect(receiver.received).toHaveLength(0);
    await clock.advance(1);
    await until(() => receiver.received.length === 1);
    const items = receiver.received[0]!.value;
    expect(items.map((item) => [item.changeType, item.resource])).toEqual([
      ['deleted', `${resource()}(${order.id})`],
      ['created', `${resource()}(${other.id})`],
    ]);
    expect(items.every((item) => item.clientState === 'hub-secret')).toBe(true);
  });

  it('turn more than 1,000 changes into one collection notification', async () => {
    await subscribe();
    for (let i = 0; i < 1_001; i += 1) await api.post('{company}/salesOrders', { customerNumber: 'C00010' });
    await emulator.control.flushWebhooks();
    const [item] = receiver.received[0]!.value;
    expect(receiver.received[0]!.value).toHaveLength(1);
    expect(item).toMatchObject({ changeType: 'collection' });
    expect(String(item!.resource)).toMatch(/salesOrders\?\$filter=lastModifiedDateTime%20gt%20\d{4}-/);
  });

  it('are tried again after a 503, and a 410 deletes the subscription', async () => {
    await subscribe();
    await api.post('{company}/salesOrders', { customerNumber: 'C00010' });
    receiver.answerWith.notifications = 503;
    expect((await emulator.control.flushWebhooks())[0]).toMatchObject({ status: 503, outcome: 'retrying' });
    receiver.answerWith.notifications = 200;
    await clock.advance(60_000);
    // The emulator logs a delivery once the receiver has answered, a moment after it received it.
    await until(() => emulator.control.webhooks().deliveries.length === 2);
    expect(receiver.received).toHaveLength(2);
    expect(emulator.control.webhooks().deliveries.map((d) => d.outcome)).toEqual(['retrying', 'delivered']);
    receiver.answerWith.notifications = 410;
    await api.post('{company}/salesOrders', { customerNumber: 'C00010' });
    expect((await emulator.control.flushWebhooks())[0]).toMatchObject({ status: 410, outcome: 'subscription-deleted' });
    expect((await api.get('subscriptions')).body.value).toEqual([]);
  });

  it('work for the companion API at its own root', async () => {
    const companion = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
    const companionResource = `/api/ledgerbridge/integration/v1.0/companies(${emulator.settings.companyId})/salesOrders`;
    expect((await companion.post('subscriptions', { notificationUrl: receiver.url, resource: companionResource })).status).toBe(201);
    expect((await api.post('subscriptions', { notificationUrl: receiver.url, resource: companionResource })).status).toBe(400);
    const order = (
      await api.post('{company}/salesOrders', {
        customerNumber: 'C00010',
        salesOrderLines: [{ lineObjectNumber: 'CAP-CANVAS', quantity: 1 }],
      })
    ).body;
    await companion.patch(`{company}/salesOrders(${order.id})`, { packageTrackingNumber: 'T1' });
    await emulator.control.flushWebhooks();
    expect(receiver.received[0]!.value.map((item) => item.resource)).toEqual([`${companionResource}(${order.id})`]);
  });
});
