/** Several warehouses, one per connection: their callback routes, their secrets, and what is refused. */
import { describe, expect, it } from 'vitest';
import { ConfigError, connectionsOf, parseConfig } from './load-config.ts';

const env = {
  SHOPIFY_ACCESS_TOKEN: 'shpat',
  SHOPIFY_WEBHOOK_SECRETS: 'webhook-secret',
  BC_CLIENT_SECRET: 's',
  WAREHOUSE_API_KEY: 'shared-key',
  connectionSecrets: {
    WAREHOUSE_API_KEY_ACME: 'acme-key',
    WAREHOUSE_CALLBACK_SECRET_ACME: 'acme-callback-secret-0123456789',
    WAREHOUSE_API_KEY_BOLT: 'bolt-key',
    WAREHOUSE_CALLBACK_SECRET_BOLT: 'bolt-callback-secret-0123456789',
  },
};

/** Two brands of one agency, each with its BC company and its own 3PL account. */
const twoBrands = `
bc: { tenantId: agency.onmicrosoft.com, environment: Production, clientId: abc }
connections:
  - id: acme
    shopify: { shopDomain: acme.myshopify.com }
    bc: { company: { name: Acme Ltd } }
    warehouse: { name: Scend, clientId: 11, warehouseId: 3 }
  - id: bolt
    shopify: { shopDomain: bolt.myshopify.com }
    bc: { company: { name: Bolt Ltd } }
    warehouse: { name: Northern 3PL, baseUrl: 'https://api.northern.example', warehouseId: 1, locationCode: NORTH }
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

describe('a warehouse per connection', () => {
  it('accepts two connections with a warehouse each, each on a callback route of its own and with its own secrets', () => {
    const [acme, bolt] = connectionsOf(parse(twoBrands));
    expect(acme!.config.warehouse).toMatchObject({
      name: 'Scend',
      clientId: 11,
      warehouseId: 3,
      callback: { path: '/webhooks/warehouse/acme' },
    });
    expect(bolt!.config.warehouse).toMatchObject({
      name: 'Northern 3PL',
      baseUrl: 'https://api.northern.example',
      locationCode: 'NORTH',
      callback: { path: '/webhooks/warehouse/bolt' },
    });
    expect(acme!.secrets).toMatchObject({ warehouseApiKey: 'acme-key', warehouseCallbackSecret: 'acme-callback-secret-0123456789' });
    expect(bolt!.secrets).toMatchObject({ warehouseApiKey: 'bolt-key', warehouseCallbackSecret: 'bolt-callback-secret-0123456789' });
  });

  it('keeps a path the file sets, and the default connection on the route a single-shop hub has', () => {
    const [acme, bolt] = connectionsOf(
      parse(
        twoBrands
          .replace('id: acme', 'id: default')
          .replace(
            'warehouseId: 1,',
            "warehouseId: 1, callback: { path: /hooks/northern, publicUrl: 'https://hub.example/hooks/northern' },",
          ),
        { ...env, WAREHOUSE_API_KEY: 'default-key' },
      ),
    );
    expect(acme!.config.warehouse!.callback.path).toBe('/webhooks/warehouse');
    expect(acme!.secrets.warehouseApiKey).toBe('default-key');
    expect(bolt!.config.warehouse!.callback).toEqual({ path: '/hooks/northern', publicUrl: 'https://hub.example/hooks/northern' });
  });

  it('falls back on the shared variables and names the connection’s own when a key is missing', () => {
    const shared = parse(twoBrands, { ...env, connectionSecrets: {} });
    expect(connectionsOf(shared).map((connection) => connection.secrets.warehouseApiKey)).toEqual(['shared-key', 'shared-key']);
    const { WAREHOUSE_API_KEY: _unset, ...withoutShared } = env;
    expect(problemsOf(twoBrands, { ...withoutShared, connectionSecrets: { WAREHOUSE_API_KEY_ACME: 'acme-key' } })).toEqual([
      'connections[bolt].warehouse: has no API key: WAREHOUSE_API_KEY_BOLT (or WAREHOUSE_API_KEY) is not set',
    ]);
    expect(
      problemsOf(twoBrands, { ...env, connectionSecrets: { ...env.connectionSecrets, WAREHOUSE_CALLBACK_SECRET_BOLT: 'short' } }),
    ).toEqual(['connections[bolt].warehouse.callback: WAREHOUSE_CALLBACK_SECRET_BOLT is shorter than 16 characters']);
  });

  it('names the connection and field of a bad warehouse setting', () => {
    expect(problemsOf(twoBrands.replace('warehouseId: 1,', 'warehouseId: one,').replace('clientId: 11,', 'clientId: -1,'))).toEqual([
      'connections[acme].warehouse.clientId: Too small: expected number to be >0',
      'connections[bolt].warehouse.warehouseId: has the wrong type: it is the text "one", but must be a number',
    ]);
    expect(problemsOf(twoBrands.replace('warehouseId: 1,', 'warehouseId: 1, callback: { path: webhooks },'))).toEqual([
      'connections[bolt].warehouse.callback.path: a path such as "/webhooks/warehouse"',
    ]);
  });

  it('refuses two warehouses on one callback path, whoever set it', () => {
    expect(problemsOf(twoBrands.replace('warehouseId: 1,', 'warehouseId: 1, callback: { path: /webhooks/warehouse/ACME/ },'))).toEqual([
      'connections[bolt].warehouse.callback.path: is "/webhooks/warehouse/ACME/", as connection acme\'s warehouse\'s: the hub could not tell whose callback it is',
    ]);
  });

  it("refuses a callback path on one of the hub's own routes, with or without connections", () => {
    expect(problemsOf(twoBrands.replace('warehouseId: 1,', 'warehouseId: 1, callback: { path: /webhooks/shopify },'))).toEqual([
      'connections[bolt].warehouse.callback.path: is "/webhooks/shopify", a route the hub answers itself',
    ]);
    const single = `
shopify: { shopDomain: acme.myshopify.com }
bc: { tenantId: t, environment: Production, clientId: abc, company: { name: Acme Ltd } }
warehouse: { warehouseId: 3, callback: { path: /api/warehouse } }
`;
    expect(problemsOf(single)).toEqual(['warehouse.callback.path: is "/api/warehouse", a route the hub answers itself']);
    expect(problemsOf(single.replace('/api/warehouse', '/webhooks/warehouse'))).toEqual([]);
  });

  it('refuses one 3PL account polled for two shops, and two warehouses into one BC company', () => {
    const sameAccount = twoBrands.replace("baseUrl: 'https://api.northern.example', warehouseId: 1", 'clientId: 11, warehouseId: 3');
    expect(problemsOf(sameAccount)).toEqual([
      "connections[bolt].warehouse.warehouseId: is connection acme's warehouse at the same 3PL account (same baseUrl, client and warehouse)",
    ]);
    // Without a client id the key names the client: one key is one account, two keys two.
    const byKey = twoBrands
      .replace('clientId: 11, ', '')
      .replace("baseUrl: 'https://api.northern.example', warehouseId: 1", 'warehouseId: 3');
    expect(problemsOf(byKey)).toEqual([]);
    expect(problemsOf(byKey, { ...env, connectionSecrets: {} })).toHaveLength(1);
    // (Into one company the shops also need their own prefixes and batches, refused beside it.)
    expect(problemsOf(twoBrands.replace('Bolt Ltd', 'Acme Ltd'))).toContain(
      "connections[bolt].warehouse: posts into the same BC company as connection acme's warehouse",
    );
  });

  it('reads the connections’ secrets from the environment by their suffixed names', async () => {
    const { readEnv } = await import('./env.ts');
    const read = readEnv({ WAREHOUSE_API_KEY_ACME: 'acme-key', WAREHOUSE_CALLBACK_SECRET_BOLT: 'bolt-callback-secret-0123456789' });
    expect(read.connectionSecrets).toEqual({
      WAREHOUSE_API_KEY_ACME: 'acme-key',
      WAREHOUSE_CALLBACK_SECRET_BOLT: 'bolt-callback-secret-0123456789',
    });
  });
});
