import { LosslessNumber, parse } from 'lossless-json';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.ts';
import { createBcEmulator, type BcEmulator } from './index.ts';

let emulator: BcEmulator;
let token: string;

async function getToken(em: BcEmulator, overrides: Record<string, string> = {}): Promise<Response> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: em.settings.clientId,
    client_secret: em.settings.clientSecret,
    scope: 'https://api.businesscentral.dynamics.com/.default',
    ...overrides,
  });
  return em.app.request(`/${em.settings.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

// Bodies are read loosely here: each assertion names the BC fields it checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(path: string, init: RequestInit = {}, em = emulator): Promise<{ status: number; headers: Headers; body: any }> {
  const root = `http://bc.local/v2.0/${em.settings.tenantId}/${em.settings.environment}/api/v2.0`;
  const url = path.startsWith('http') ? path : `${root}/${path.replace('{company}', `companies(${em.settings.companyId})`)}`;
  const response = await em.app.request(url, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? parse(text, null, (v) => new LosslessNumber(v)) : undefined };
}

const post = (path: string, body: unknown) =>
  api(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const order = (overrides: Record<string, unknown> = {}) => ({
  externalDocumentNumber: 'shopify-1042',
  customerNumber: 'C00010',
  salesOrderLines: [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: 2 }],
  ...overrides,
});
const num = (value: unknown) => (value as LosslessNumber).value;

beforeEach(async () => {
  emulator = createBcEmulator({ limits: false });
  token = ((await (await getToken(emulator)).json()) as { access_token: string }).access_token;
});

describe('fidelity to the real $metadata', () => {
  it('never serves a property the metadata lacks, and always serves all it declares', async () => {
    await post('{company}/salesOrders', order());
    // `lb.` tables back the companion API; companion.test.ts checks those against the contract.
    const sets = [...emulator.company().tables.keys()].filter(
      (set) => !set.startsWith('lb.') && emulator.company().tables.get(set)!.size > 0,
    );
    expect(sets.length).toBeGreaterThan(10);
    for (const set of [...sets, 'companies']) {
      const path = set === 'companies' ? 'companies' : set === 'salesOrderLines' ? null : `{company}/${set}`;
      if (!path) continue;
      const { status, body } = await api(path);
      expect(status, set).toBe(200);
      const type = emulator.model.entityTypes.get(emulator.model.entitySets.get(set)!.type)!;
      for (const entity of body.value as Record<string, unknown>[]) {
        expect(Object.keys(entity).sort(), set).toEqual(['@odata.etag', ...type.properties.keys()].sort());
      }
    }
    const expanded = await api('{company}/salesOrders?$expand=salesOrderLines');
    const lineType = emulator.model.entityTypes.get('salesOrderLine')!;
    for (const line of expanded.body.value[0].salesOrderLines)
      expect(Object.keys(line).sort()).toEqual(['@odata.etag', ...lineType.properties.keys()].sort());
  });

  it('seeds only properties the metadata declares', () => {
    for (const [set, table] of emulator.company().tables) {
      if (set.startsWith('lb.')) continue;
      const type = emulator.model.entityTypes.get(emulator.model.entitySets.get(set)!.type)!;
      for (const row of table.values()) {
        // The store stamps every row with lastModifiedDateTime; it is served only where declared.
        for (const key of Object.keys(row).filter((k) => !k.startsWith('_') && k !== 'lastModifiedDateTime'))
          expect(type.properties.has(key), `${set}.${key}`).toBe(true);
      }
    }
  });

  it('serves the real $metadata document', async () => {
    const response = await emulator.app.request(`/v2.0/${emulator.settings.tenantId}/${emulator.settings.environment}/api/v2.0/$metadata`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.headers.get('content-type')).toContain('xml');
    expect(await response.text()).toBe(emulator.model.xml);
  });

  it('rejects an unknown property the way BC does, with the BC error body', async () => {
    const { status, body } = await post('{company}/salesOrders', order({ yourReference: 'X' }));
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(
      /^The property 'yourReference' does not exist on type 'Microsoft.NAV.salesOrder'.*CorrelationId: {2}[0-9a-f-]{36}\.$/,
    );
    const line = await post(
      '{company}/salesOrders',
      order({ salesOrderLines: [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: 1, locationCode: 'SCEND' }] }),
    );
    expect(line.body.error.message).toContain("'locationCode' does not exist on type 'Microsoft.NAV.salesOrderLine'");
  });

  it('rejects read-only fields and values of the wrong type', async () => {
    expect((await post('{company}/salesOrders', order({ status: 'Open' }))).body.error.message).toContain("'status' is read-only");
    expect((await post('{company}/salesOrders', order({ pricesIncludeTax: 'yes' }))).status).toBe(400);
    expect((await post('{company}/customers', { displayName: 'A', type: 'Robot' })).body.error.message).toContain(
      'Microsoft.NAV.contactType',
    );
  });

  it('refuses a second record with the same number, and numbers new ones from the series', async () => {
    const duplicate = await post('{company}/customers', { number: 'c00010', displayName: 'Copy' });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([400, 'Internal_EntityWithSameKeyExists']);
    const refused = await post('{company}/customers', { displayName: 'B', taxAreaId: '00000000-0000-4000-8000-000000000001' });
    expect(refused.body.error.code).toBe('Internal_RecordNotFound');
    expect((await post('{company}/customers', { displayName: 'New Person', country: 'IE' })).body).toMatchObject({
      number: 'C00060',
      taxAreaDisplayName: 'Customers and vendors in the EU',
    });
  });
});

describe('sales orders', () => {
  it('upper-cases externalDocumentNumber, numbers the order and starts it as Draft', async () => {
    const { status, body, headers } = await post('{company}/salesOrders', order());
    expect(status).toBe(201);
    expect(body).toMatchObject({
      externalDocumentNumber: 'SHOPIFY-1042',
      number: 'S-ORD101001',
      status: 'Draft',
      customerNumber: 'C00010',
      customerName: 'Amelia Hughes',
      currencyCode: 'GBP',
    });
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(headers.get('location')).toMatch(new RegExp(`/salesOrders\\(${body.id}\\)$`));
    expect(body['@odata.etag']).toMatch(/^W\/"/);
    expect(body.lastModifiedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('refuses a reference over 35 characters with Application_StringExceededLength, storing nothing', async () => {
    const { status, body } = await post('{company}/salesOrders', order({ externalDocumentNumber: 'X'.repeat(36) }));
    expect(status).toBe(400);
    expect(body.error.code).toBe('Application_StringExceededLength');
    expect(emulator.rows('salesOrders')).toHaveLength(0);
    expect((await post('{company}/salesOrders', order())).body.number).toBe('S-ORD101001');
  });

  it('computes lines and totals from the item, the customer and the VAT setup', async () => {
    // C00010 is domestic and priced excluding VAT; the item's price includes VAT.
    const { body } = await post('{company}/salesOrders?$expand=salesOrderLines', order());
    expect(body.pricesIncludeTax).toBe(false);
    const [line] = body.salesOrderLines;
    expect(line).toMatchObject({
      sequence: expect.anything(),
      lineType: 'Item',
      description: 'Organic Cotton Tee, Medium',
      taxCode: 'STANDARD',
      unitOfMeasureCode: 'PCS',
    });
    expect([
      num(line.unitPrice),
      num(line.amountExcludingTax),
      num(line.totalTaxAmount),
      num(line.amountIncludingTax),
      num(line.taxPercent),
    ]).toEqual(['20', '40', '8', '48', '20']);
    expect([num(body.totalAmountExcludingTax), num(body.totalTaxAmount), num(body.totalAmountIncludingTax)]).toEqual(['40', '8', '48']);
    expect(num(line.shipQuantity)).toBe('2');
  });

  it('fails a whole deep insert when one line is bad', async () => {
    const { status, body } = await post(
      '{company}/salesOrders',
      order({
        salesOrderLines: [
          { lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: 1 },
          { lineType: 'Item', lineObjectNumber: 'NOPE', quantity: 1 },
        ],
      }),
    );
    expect(status).toBe(404);
    expect(body.error.code).toBe('Internal_RecordNotFound');
    expect(emulator.rows('salesOrders')).toHaveLength(0);
    expect(emulator.rows('salesOrderLines')).toHaveLength(0);
  });

  it('requires If-Match on PATCH, refuses a stale etag with 409, accepts the current one', async () => {
    const created = (await post('{company}/salesOrders', order())).body;
    const path = `{company}/salesOrders(${created.id})`;
    const patch = (ifMatch?: string) =>
      api(path, {
        method: 'PATCH',
        body: JSON.stringify({ shipToCity: 'York' }),
        headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      });
    expect((await patch()).body.error.code).toBe('BadRequest_InvalidToken');
    const ok = await patch(created['@odata.etag']);
    expect(ok.status).toBe(200);
    expect(ok.body.shipToCity).toBe('York');
    expect(ok.body['@odata.etag']).not.toBe(created['@odata.etag']);
    const stale = await patch(created['@odata.etag']);
    expect([stale.status, stale.body.error.code]).toEqual([409, 'Request_EntityChanged']);
    const deepPatch = await api(path, {
      method: 'PATCH',
      body: JSON.stringify({ salesOrderLines: [] }),
      headers: { 'content-type': 'application/json', 'if-match': '*' },
    });
    expect(deepPatch.status).toBe(400);
  });

  it('adds a line through the nested path and recomputes the header', async () => {
    const created = (await post('{company}/salesOrders', order())).body;
    const line = await post(`{company}/salesOrders(${created.id})/salesOrderLines`, { lineObjectNumber: 'SOCK-WOOL-3PK', quantity: 1 });
    expect(line.status).toBe(201);
    expect(num(line.body.sequence)).toBe('20000');
    const header = (await api(`{company}/salesOrders(${created.id})`)).body;
    expect(num(header.totalAmountIncludingTax)).toBe('66.5');
    expect((await api('{company}/salesOrderLines')).body.error.message).toContain('document id');
  });

  it('refuses changes to a released order', async () => {
    const created = (await post('{company}/salesOrders', order())).body;
    emulator.control.releaseSalesOrder('S-ORD101001');
    const { body } = await api(`{company}/salesOrders(${created.id})`, {
      method: 'PATCH',
      body: JSON.stringify({ shipToCity: 'York' }),
      headers: { 'if-match': '*' },
    });
    expect(body.error.code).toBe('Application_FieldValidationException');
    expect((await api(`{company}/salesOrders(${created.id})`)).body.status).toBe('Open');
  });
});

describe('OData reads', () => {
  it('pages with @odata.nextLink, honouring Prefer: odata.maxpagesize', async () => {
    const first = await api('{company}/customers?$select=number', { headers: { prefer: 'odata.maxpagesize=4' } });
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=4');
    expect(first.body.value.map((c: { number: string }) => c.number)).toEqual(['C00010', 'C00020', 'C00030', 'C00040']);
    const second = await api(first.body['@odata.nextLink'], { headers: { prefer: 'odata.maxpagesize=4' } });
    expect(second.body.value.map((c: { number: string }) => c.number)).toEqual(['C00050', 'WEB-GUEST']);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('pages by the server page size when the client asks for none', async () => {
    const small = createBcEmulator({ limits: false, maxPageSize: 5 });
    token = ((await (await getToken(small)).json()) as { access_token: string }).access_token;
    const first = await api('{company}/items', {}, small);
    expect(first.body.value).toHaveLength(5);
    expect(first.body['@odata.nextLink']).toContain('$skiptoken=5');
  });

  it('filters with the operators the connector uses, and $select narrows the entity', async () => {
    const { body } = await api(
      `{company}/customers?$filter=${encodeURIComponent("tolower(email) eq 'liam.o''brien@example.ie'")}&$select=number,email`,
    );
    expect(body.value).toEqual([{ '@odata.etag': expect.any(String), number: 'C00020', email: "liam.o'brien@example.ie" }]);
    const priced = await api(
      `{company}/items?$filter=${encodeURIComponent('unitPrice ge 22 and unitPrice lt 25')}&$select=number&$orderby=number desc&$top=2`,
    );
    expect(priced.body.value.map((i: { number: string }) => i.number)).toEqual(['TEE-ORG-S', 'TEE-ORG-M']);
  });

  it('answers unknown properties in $select and $filter with 400', async () => {
    expect((await api('{company}/customers?$select=nonsense')).status).toBe(400);
    expect((await api(`{company}/customers?$filter=${encodeURIComponent("nonsense eq 'x'")}`)).body.error.message).toContain("'nonsense'");
    expect((await api('{company}/customers?$expand=salesOrders')).status).toBe(400);
    expect((await api('{company}/customers?$foo=1')).status).toBe(400);
  });
});

describe('authentication and limits', () => {
  it('answers Entra-style errors for a wrong secret or scope, and 401 without a token', async () => {
    const wrongSecret = await getToken(emulator, { client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    expect((await getToken(emulator, { scope: 'https://graph.microsoft.com/.default' })).status).toBe(400);
    token = 'forged';
    const { status, body, headers } = await api('companies');
    expect([status, body.error.code]).toEqual([401, 'Authentication_InvalidCredentials']);
    expect(headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses requests beyond the window with 429 Application_TooManyRequests', async () => {
    let now = Date.parse('2026-11-22T08:00:00Z');
    const limited = createBcEmulator({
      limits: { requestsPerWindow: 3, windowMs: 60_000 },
      clock: { now: () => now, sleep: async () => undefined },
    });
    token = ((await (await getToken(limited)).json()) as { access_token: string }).access_token;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await api('companies', {}, limited)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    now += 60_000;
    expect((await api('companies', {}, limited)).status).toBe(200);
  });

  it('runs 5 at once and queues the rest, counting the most it ever queued', async () => {
    const clock = new FakeClock();
    const limited = createBcEmulator({ clock });
    token = ((await (await getToken(limited)).json()) as { access_token: string }).access_token;
    limited.control.addFault({ kind: 'latency', latencyMs: 100, count: null });
    const answers = Promise.all(Array.from({ length: 7 }, () => api('companies', {}, limited)));
    await clock.advance(100);
    await clock.advance(100);
    expect((await answers).map((answer) => answer.status)).toEqual(Array(7).fill(200));
    expect(limited.control.limitPeaks()).toEqual({ peakRunning: 5, peakQueued: 2, peakInWindow: 7, rejected: 0 });
  });

  it('injects faults through the control endpoint: 429 with Retry-After, then normal service', async () => {
    const added = await emulator.app.request('/_emulator/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'status', status: 429, retryAfterSeconds: 7, path: 'items' }),
    });
    expect(added.status).toBe(201);
    const limited = await api('{company}/items');
    expect([limited.status, limited.headers.get('retry-after'), limited.body.error.code]).toEqual([
      429,
      '7',
      'Application_TooManyRequests',
    ]);
    expect((await api('{company}/items')).status).toBe(200);
  });
});

describe('latency', () => {
  it('holds a request for the injected latency, measured on the emulator clock', async () => {
    const clock = new FakeClock();
    const slow = createBcEmulator({ limits: false, clock });
    token = ((await (await getToken(slow)).json()) as { access_token: string }).access_token;
    slow.control.addFault({ kind: 'latency', latencyMs: 5_000, method: 'GET' });
    let answered = false;
    const pending = api('companies', {}, slow).then((r) => ((answered = true), r));
    await clock.advance(4_999);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await pending).status).toBe(200);
  });
});

describe('control endpoint', () => {
  it('adds and removes an item at run time, and reset restores the seed', async () => {
    const filter = `{company}/items?$filter=${encodeURIComponent("number eq 'BAG-TOTE-NEW'")}`;
    expect((await api(filter)).body.value).toHaveLength(0);
    const added = await emulator.app.request('/_emulator/items', {
      method: 'POST',
      body: JSON.stringify({ number: 'bag-tote-new', displayName: 'Tote Bag', unitPrice: '15.00' }),
    });
    expect(added.status).toBe(201);
    expect((await api(filter)).body.value).toMatchObject([{ number: 'BAG-TOTE-NEW', taxGroupCode: 'STANDARD', priceIncludesTax: true }]);
    expect((await emulator.app.request('/_emulator/items/BAG-TOTE-NEW', { method: 'DELETE' })).status).toBe(204);
    expect((await api(filter)).body.value).toHaveLength(0);
    await post('{company}/salesOrders', order());
    expect((await emulator.app.request('/_emulator/reset', { method: 'POST' })).status).toBe(204);
    expect(emulator.rows('salesOrders')).toHaveLength(0);
    expect(emulator.rows('items')).toHaveLength(11);
  });
});
