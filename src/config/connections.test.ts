import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, connectionsOf, loadConfigFile, parseConfig } from './load-config.ts';

const env = {
  SHOPIFY_ACCESS_TOKEN: 'shpat_uk',
  SHOPIFY_WEBHOOK_SECRETS: 'uk-secret',
  BC_CLIENT_SECRET: 's',
  connectionSecrets: { SHOPIFY_ACCESS_TOKEN_EU: 'shpat_eu', SHOPIFY_WEBHOOK_SECRETS_EU: 'eu-old, eu-new' },
};

const twoShops = `
bc:
  tenantId: contoso.onmicrosoft.com
  environment: Production
  clientId: abc
flows:
  orders:
    referencePrefix: SHOP-
    shippingMethods: { FREE-UK: STANDARD }
connections:
  - id: uk
    shopify: { shopDomain: brand-uk.myshopify.com }
    bc: { company: { name: Brand Ltd }, localCurrency: GBP }
  - id: eu
    shopify: { shopDomain: brand-eu.myshopify.com }
    bc: { company: { name: Brand Ltd }, localCurrency: GBP }
    flows:
      orders: { referencePrefix: EU-, shippingMethods: { DHL-EU: INTL } }
      payouts: { bank: { accountNumber: BANK-EUR }, journalBatch: SHOPIFY-EU }
      cashApplication: { journalBatch: SHOP-EU-CR }
`;

function parse(text: string, withEnv: object = env) {
  return parseConfig(text, { source: 'test.yaml', baseDir: '/srv/hub', env: withEnv });
}

function problemsOf(text: string, withEnv: object = env): string[] {
  try {
    parse(text, withEnv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  return [];
}

describe('connections in the configuration', () => {
  it('makes one connection, default, of a configuration without connections (the sandbox file unchanged)', () => {
    const loaded = loadConfigFile(join(import.meta.dirname, '../../config/sandbox.yaml'), {
      SHOPIFY_ACCESS_TOKEN: 't',
      SHOPIFY_WEBHOOK_SECRETS: 'w',
      BC_CLIENT_SECRET: 's',
      WAREHOUSE_API_KEY: 'k',
      BC_WEBHOOK_CLIENT_STATE: 'sixteen-characters-at-least',
    });
    const [only, ...others] = connectionsOf(loaded);
    expect(others).toEqual([]);
    expect(only!.id).toBe('default');
    expect(only!.config).toBe(loaded.config);
    expect(only!.config.warehouse?.name).toBe('Scend');
  });

  it('gives each connection its shop, its company merged over the shared bc, and its own prefix, mappings and accounts', () => {
    const loaded = parse(twoShops);
    const [uk, eu] = connectionsOf(loaded);
    expect(uk!.id).toBe('uk');
    expect(loaded.config).toBe(uk!.config);
    expect(eu!.config.shopify.shopDomain).toBe('brand-eu.myshopify.com');
    expect(eu!.config.bc).toMatchObject({ tenantId: 'contoso.onmicrosoft.com', company: { name: 'Brand Ltd' }, localCurrency: 'GBP' });
    expect(uk!.config.flows.orders).toMatchObject({ referencePrefix: 'SHOP-', shippingMethods: { 'FREE-UK': 'STANDARD' } });
    // A mapping is the connection's own, not merged with the shared one.
    expect(eu!.config.flows.orders).toMatchObject({ referencePrefix: 'EU-', shippingMethods: { 'DHL-EU': 'INTL' } });
    expect(eu!.config.flows.orders.shippingMethods).not.toHaveProperty('FREE-UK');
    expect(eu!.config.flows.payouts.bank.accountNumber).toBe('BANK-EUR');
    // Secrets: the connection's own variables first, the shared ones otherwise.
    expect(uk!.secrets).toMatchObject({ shopifyAccessToken: 'shpat_uk', shopifyWebhookSecrets: ['uk-secret'] });
    expect(eu!.secrets).toMatchObject({ shopifyAccessToken: 'shpat_eu', shopifyWebhookSecrets: ['eu-old', 'eu-new'], bcClientSecret: 's' });
  });

  it('names the connection and the field of each problem', () => {
    const problems = problemsOf(
      twoShops
        .replace('{ shopDomain: brand-eu.myshopify.com }', '{ shopDomain: brand-eu.example.com }')
        .replace('referencePrefix: EU-,', 'referencePrefix: "EU PREFIX",')
        .replace('bc: { company: { name: Brand Ltd }, localCurrency: GBP }\n  - id: eu', 'bc: { localCurrency: pounds }\n  - id: eu'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^connections\[eu\]\.shopify\.shopDomain: expected the shop's myshopify\.com domain/),
        expect.stringMatching(/^connections\[eu\]\.flows\.orders\.referencePrefix: /),
        expect.stringMatching(/^connections\[uk\]\.bc\.company: /),
        expect.stringMatching(/^connections\[uk\]\.bc\.localCurrency: a three-letter ISO 4217 currency code/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('refuses two connections with one id or one shop, and settings a connection may not override', () => {
    const problems = problemsOf(
      `${twoShops.replace('brand-eu.myshopify.com', 'brand-uk.myshopify.com')}  - id: uk\n    shopify: { shopDomain: other.myshopify.com }\n`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^connections\[eu\]\.shopify\.shopDomain: brand-uk\.myshopify\.com is also connection uk's shop/),
        expect.stringMatching(/^connections\.2\.id: "uk" names two connections/),
      ]),
    );
    // Schedules are hub-wide: a connection sets its references, mappings and accounts only.
    expect(problemsOf(twoShops.replace('referencePrefix: EU-,', "pollCron: '* * * * *', referencePrefix: EU-,"))).toEqual([
      'connections.1.flows.orders.pollCron: unknown setting',
    ]);
  });

  it("names a connection's own secret variable when a secret is missing", () => {
    const problems = problemsOf(twoShops, { BC_CLIENT_SECRET: 's', SHOPIFY_WEBHOOK_SECRETS: 'w' });
    expect(problems).toEqual([
      'connections[uk].shopify.auth: is token, but SHOPIFY_ACCESS_TOKEN_UK (or SHOPIFY_ACCESS_TOKEN) is not set',
      'connections[eu].shopify.auth: is token, but SHOPIFY_ACCESS_TOKEN_EU (or SHOPIFY_ACCESS_TOKEN) is not set',
    ]);
  });

  it('refuses two shops into one BC company with one reference prefix', () => {
    expect(problemsOf(twoShops.replace('referencePrefix: EU-,', 'referencePrefix: SHOP-,'))).toEqual([
      'connections[eu].flows.orders.referencePrefix: is "SHOP-", as connection uk\'s, which posts into the same BC company',
    ]);
    // The payouts and cash application batches too: a batch is posted whole.
    expect(
      problemsOf(twoShops.replace(', journalBatch: SHOPIFY-EU', '').replace('journalBatch: SHOP-EU-CR', 'journalBatch: shopify-cr')),
    ).toEqual([
      'connections[eu].flows.payouts.journalBatch: is "SHOPIFY", as connection uk\'s, which posts into the same BC company',
      'connections[eu].flows.cashApplication.journalBatch: is "shopify-cr", as connection uk\'s, which posts into the same BC company',
    ]);
    // Into two companies, one prefix is fine.
    expect(
      problemsOf(
        twoShops
          .replace('referencePrefix: EU-,', 'referencePrefix: SHOP-,')
          .replace(
            '{ company: { name: Brand Ltd }, localCurrency: GBP }\n    flows',
            '{ company: { name: Brand GmbH }, localCurrency: EUR }\n    flows',
          ),
      ),
    ).toEqual([]);
  });

  it('refuses a top-level shopify or warehouse beside connections', () => {
    const problems = problemsOf(`${twoShops}shopify: { shopDomain: brand.myshopify.com }\n`);
    expect(problems).toEqual([expect.stringMatching(/^shopify: is not used with connections/)]);
  });
});
