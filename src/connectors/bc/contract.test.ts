/**
 * Contract: every request the connector can send is checked against the real BC API v2.0
 * `$metadata` — the entity set or navigation exists, every `$select`/`$expand`/`$filter`
 * property exists on that entity type, every body property exists, strings fit MaxLength,
 * enum values are declared members, amounts are JSON numbers, and nothing read-only (per
 * the AL API pages) is written.
 */
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { loadMetadata, type EntityTypeDef } from '../../../emulators/bc/metadata.js';
import { parseResourcePath } from '../../../emulators/bc/odata-path.js';
import { parseQueryOptions } from '../../../emulators/bc/odata-query.js';
import { salesOrderLineReadOnly } from '../../../emulators/bc/sales-order-lines.js';
import { salesOrderReadOnly } from '../../../emulators/bc/sales-documents.js';
import { behaviours } from '../../../emulators/bc/entities.js';
import type { SalesOrderDraft } from '../../core/domain/erp.js';
import { createBcConnector } from './index.js';
import { maxLengths, selects } from './schemas.js';

const model = loadMetadata();
const readOnly: Record<string, string[]> = {
  salesOrder: salesOrderReadOnly,
  salesOrderLine: [...salesOrderLineReadOnly, 'documentId'],
  customer: behaviours.customers!.readOnly,
};

interface Sent {
  method: string;
  url: URL;
  body: unknown;
}

async function recordRequests(): Promise<Sent[]> {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    if (url.includes('/oauth2/')) return Response.json({ access_token: 't', expires_in: 3600 });
    sent.push({ method: init.method ?? 'GET', url: new URL(url), body: init.body === undefined ? undefined : parse(String(init.body), null, (v) => new LosslessNumber(v)) });
    return Response.json({ value: [{ id: '11111111-1111-4111-8111-111111111111' }], id: '22222222-2222-4222-8222-222222222222', salesOrderLines: [] });
  };
  const bc = createBcConnector({
    config: { baseUrl: 'https://bc.test', tenantId: 't', environment: 'production', company: { name: 'LedgerBridge Sandbox UK' }, clientId: 'c' },
    clientSecret: 's',
    fetch,
  });
  const longest = (n: number) => 'W'.repeat(n);
  const draft: SalesOrderDraft = {
    externalDocumentNumber: longest(35),
    customerNumber: longest(20),
    orderDate: '2026-11-22',
    currencyCode: 'EUR',
    pricesIncludeTax: true,
    email: `${longest(68)}@example.com`,
    phoneNumber: longest(30),
    shipTo: { name: longest(100), addressLine1: longest(100), addressLine2: longest(50), city: longest(30), state: longest(30), postCode: longest(20), country: 'GB' },
    shipmentMethodId: '33333333-3333-4333-8333-333333333333',
    lines: [
      { lineType: 'Item', lineObjectNumber: longest(20), itemVariantId: '44444444-4444-4444-8444-444444444444', locationId: '55555555-5555-4555-8555-555555555555', description: longest(100), quantity: '2', unitPrice: '12.50', discountAmount: '1.25' },
      { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping', quantity: '1', unitPrice: '3.99' },
      { lineType: 'Comment', description: 'Gift wrap, please', quantity: '0', unitPrice: '0' },
    ],
  };
  await bc.listCompanies();
  await bc.findCustomersByEmail("o'brien@example.com");
  await bc.findItemByNumber('TEE-ORG-S');
  await bc.findSalesOrdersByExternalDocumentNumber('SHOPIFY-1042');
  await bc.createSalesOrder(draft);
  await bc.getSalesOrder('22222222-2222-4222-8222-222222222222', { expandLines: true });
  await bc.getSalesOrder('22222222-2222-4222-8222-222222222222');
  await bc.createCustomer({
    displayName: longest(100), type: 'Company', email: `${longest(68)}@example.com`, phoneNumber: longest(30),
    addressLine1: longest(100), addressLine2: longest(50), city: longest(30), state: longest(30), country: 'IE', postalCode: longest(20), currencyCode: 'EUR',
  });
  return sent;
}

/** The entity type a request path addresses, walking sets and navigation properties. */
function typeOf(url: URL): EntityTypeDef {
  const rest = url.pathname.slice(url.pathname.indexOf('/api/v2.0/') + '/api/v2.0/'.length);
  const segments = parseResourcePath(rest);
  let type = model.entityTypes.get(model.entitySets.get(segments[0]!.name)!.type)!;
  for (const segment of segments.slice(1)) {
    const nav = type.navigation.get(segment.name);
    expect(nav, `${segment.name} on ${type.name}`).toBeDefined();
    type = model.entityTypes.get(nav!.target)!;
  }
  return type;
}

function checkBody(type: EntityTypeDef, body: Record<string, unknown>, where: string): void {
  for (const [name, value] of Object.entries(body)) {
    const nav = type.navigation.get(name);
    if (nav) {
      expect(Array.isArray(value), `${where}.${name} is a deep insert array`).toBe(true);
      for (const [i, child] of (value as Record<string, unknown>[]).entries()) {
        expect(child, `${where}.${name}[${i}] never sets sequence (BC 22 deep-insert bug)`).not.toHaveProperty('sequence');
        checkBody(model.entityTypes.get(nav.target)!, child, `${where}.${name}[${i}]`);
      }
      continue;
    }
    const property = type.properties.get(name);
    expect(property, `${where}.${name} exists on ${type.name}`).toBeDefined();
    expect(readOnly[type.name] ?? [], `${where}.${name} is not read-only`).not.toContain(name);
    if (property!.type === 'Edm.String') {
      expect(typeof value, `${where}.${name} is a string`).toBe('string');
      if (property!.maxLength !== undefined) expect((value as string).length, `${where}.${name} fits MaxLength`).toBeLessThanOrEqual(property!.maxLength);
    } else if (property!.type === 'Edm.Decimal') {
      expect(isLosslessNumber(value), `${where}.${name} is a JSON number`).toBe(true);
    } else if (property!.enumMembers) {
      expect(property!.enumMembers, `${where}.${name} is a member of ${property!.type}`).toContain(value);
    } else if (property!.type === 'Edm.Guid') {
      expect(value).toMatch(/^[0-9a-f-]{36}$/i);
    }
  }
}

describe('connector ↔ real $metadata', () => {
  it('sends only paths, options and bodies the metadata allows', async () => {
    const sent = await recordRequests();
    expect(sent.map((s) => `${s.method} ${typeOf(s.url).name}`)).toEqual([
      'GET company', 'GET company', 'GET customer', 'GET item', 'GET salesOrder', 'POST salesOrder', 'GET salesOrder', 'GET salesOrder', 'POST customer',
    ]);
    for (const request of sent) {
      const type = typeOf(request.url);
      // Throws BadRequest on any unknown $select, $expand or $filter property.
      expect(() => parseQueryOptions(request.url.searchParams, type, model), request.url.search).not.toThrow();
      if (request.body !== undefined) checkBody(type, request.body as Record<string, unknown>, `${request.method} ${type.name}`);
    }
  });

  it('keeps its MaxLength table and $select lists equal to the metadata', () => {
    for (const [typeName, limits] of Object.entries(maxLengths)) {
      const type = model.entityTypes.get(typeName)!;
      for (const [name, max] of Object.entries(limits)) expect(type.properties.get(name)?.maxLength, `${typeName}.${name}`).toBe(max);
    }
    for (const [typeName, names] of Object.entries(selects)) {
      const type = model.entityTypes.get(typeName)!;
      for (const name of names) expect(type.properties.has(name), `${typeName}.${name}`).toBe(true);
    }
  });
});
