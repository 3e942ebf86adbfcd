import { describe, expect, it } from 'vitest';
import { SHOPIFY_API_VERSION, graphqlEndpoint, parseShopifyConfig } from './config.ts';
import { normalizeAmount } from './map-order.ts';
import { toTopicEnum } from './index.ts';

describe('Shopify connector options', () => {
  it('pins the API version and derives the endpoint from the shop, or from adminUrl', () => {
    const config = parseShopifyConfig({ shopDomain: 'My-Shop.myshopify.com', auth: { kind: 'token', accessToken: 'shpat_1' } });
    expect(config.apiVersion).toBe(SHOPIFY_API_VERSION);
    expect(graphqlEndpoint(config)).toBe('https://my-shop.myshopify.com/admin/api/2026-10/graphql.json');
    const local = parseShopifyConfig({
      shopDomain: 'my-shop.myshopify.com',
      adminUrl: 'http://127.0.0.1:4010/',
      auth: { kind: 'token', accessToken: 'shpat_1' },
    });
    expect(graphqlEndpoint(local)).toBe('http://127.0.0.1:4010/admin/api/2026-10/graphql.json');
  });

  it('names every wrong path at once', () => {
    expect(() =>
      parseShopifyConfig({
        shopDomain: 'https://shop.example/',
        apiVersion: '2025-10',
        auth: { kind: 'client_credentials', clientId: '' },
      }),
    ).toThrow(/shopDomain.*apiVersion.*auth\.clientId.*auth\.clientSecret/s);
  });
});

describe('amounts and topics', () => {
  it('writes amounts with the currency’s places and never rounds extra precision away', () => {
    expect(normalizeAmount('24.0', 'GBP')).toBe('24.00');
    expect(normalizeAmount('0', 'GBP')).toBe('0.00');
    expect(normalizeAmount('1000', 'JPY')).toBe('1000');
    expect(normalizeAmount('1.005', 'GBP')).toBe('1.005');
  });

  it('accepts a topic as Shopify writes it in headers or as the API enum', () => {
    expect(toTopicEnum('orders/create')).toBe('ORDERS_CREATE');
    expect(toTopicEnum('ORDERS_UPDATED')).toBe('ORDERS_UPDATED');
    expect(toTopicEnum('inventory_levels/update')).toBe('INVENTORY_LEVELS_UPDATE');
    expect(() => toTopicEnum('orders create')).toThrow(/not a webhook topic/);
  });
});
