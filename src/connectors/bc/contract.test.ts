/**
 * Contract: every request the connector can send is checked against the real BC API v2.0
 * `$metadata` (standard API) or the companion contract (bc-extension/api-contract.json):
 * the entity set, navigation or bound action exists, every `$select`/`$expand`/`$filter`
 * property exists on that entity type, every body property exists, strings fit MaxLength,
 * enum values are declared members, amounts are JSON numbers, nothing read-only is written.
 * Operations inside a `$batch` are checked the same way. Every public method is called, with
 * lookups finding nothing (so creates go out) and finding something (so they adopt).
 */
import { isLosslessNumber } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { buildCompanionModel, loadCompanionContract } from '../../../emulators/bc/companion-contract.ts';
import { behaviours } from '../../../emulators/bc/entities.ts';
import { journalBehaviours } from '../../../emulators/bc/journals.ts';
import { loadMetadata, type EdmModel, type EntityTypeDef } from '../../../emulators/bc/metadata.ts';
import { parseResourcePath } from '../../../emulators/bc/odata-path.ts';
import { parseQueryOptions } from '../../../emulators/bc/odata-query.ts';
import { purchaseBehaviours } from '../../../emulators/bc/purchasing.ts';
import { salesKinds } from '../../../emulators/bc/sales-kinds.ts';
import { exerciseConnector } from './test-support/exercise-connector.ts';
import { createRecordingFetch, type SentRequest } from './test-support/recording-fetch.ts';
import { companionMaxLengths, companionSelects } from './schemas-companion.ts';
import { documentSelects } from './schemas-documents.ts';
import { maxLengths, selects } from './schemas.ts';

const standard = loadMetadata();
const companion = buildCompanionModel(loadCompanionContract());
const readOnly: Record<string, readonly string[]> = {
  ...Object.fromEntries(
    Object.values(salesKinds).flatMap((k) => [
      [k.headerType, k.headerReadOnly],
      [k.lineType, [...k.lineReadOnly, 'documentId']],
    ]),
  ),
  customer: behaviours.customers!.readOnly,
  item: behaviours.items!.readOnly,
  journalLine: journalBehaviours.journalLines!.readOnly,
  purchaseOrderLine: purchaseBehaviours.purchaseOrderLines!.readOnly,
  subscriptions: [
    'subscriptionId',
    'expirationDateTime',
    'userId',
    'lastModifiedDateTime',
    'timestamp',
    'systemCreatedAt',
    'systemCreatedBy',
    'systemModifiedAt',
    'systemModifiedBy',
  ],
  ...Object.fromEntries([...companion.readOnly].map(([type, names]) => [`companion:${type}`, [...names]])),
};

interface Target {
  model: EdmModel;
  api: 'standard' | 'companion';
  type?: EntityTypeDef;
  action?: string;
  label: string;
}

/** What a request path addresses, walking sets, navigation properties and bound actions. */
function resolve(api: 'standard' | 'companion', rest: string): Target {
  const model = api === 'standard' ? standard : companion;
  const segments = parseResourcePath(rest);
  const [first, ...more] = segments.filter((s, i) => !(i === 0 && s.name === 'companies' && segments.length > 1));
  if (first!.name === '$batch' || first!.name === '$metadata') return { model, api, label: `${api} ${first!.name}` };
  const subscriptions = first!.name === 'subscriptions';
  const set = subscriptions ? { type: 'subscriptions' } : model.entitySets.get(first!.name);
  expect(set, `${api} entity set ${first!.name}`).toBeDefined();
  let type = (subscriptions ? standard : model).entityTypes.get(set!.type)!;
  for (const segment of more) {
    if (segment.name.startsWith('Microsoft.NAV.')) {
      const action = segment.name.slice('Microsoft.NAV.'.length);
      expect([...type.actions], `${api} action ${action} on ${type.name}`).toContain(action);
      return { model, api, type, action, label: `${api} ${type.name}.${action}` };
    }
    const nav = type.navigation.get(segment.name);
    expect(nav, `${segment.name} on ${type.name}`).toBeDefined();
    type = model.entityTypes.get(nav!.target)!;
  }
  return { model, api, type, label: `${api} ${type.name}` };
}

function checkBody(target: Target, type: EntityTypeDef, body: Record<string, unknown>, where: string): void {
  const locked = readOnly[target.api === 'companion' ? `companion:${type.name}` : type.name] ?? ['id'];
  for (const [name, value] of Object.entries(body)) {
    const nav = type.navigation.get(name);
    if (nav) {
      expect(Array.isArray(value), `${where}.${name} is a deep insert array`).toBe(true);
      for (const [i, child] of (value as Record<string, unknown>[]).entries()) {
        expect(child, `${where}.${name}[${i}] never sets sequence (BC 22 deep-insert bug)`).not.toHaveProperty('sequence');
        checkBody(target, target.model.entityTypes.get(nav.target)!, child, `${where}.${name}[${i}]`);
      }
      continue;
    }
    const property = type.properties.get(name);
    expect(property, `${where}.${name} exists on ${type.name}`).toBeDefined();
    expect(locked, `${where}.${name} is not read-only`).not.toContain(name);
    if (property!.type === 'Edm.String') {
      expect(typeof value, `${where}.${name} is a string`).toBe('string');
      if (property!.maxLength !== undefined)
        expect((value as string).length, `${where}.${name} fits MaxLength`).toBeLessThanOrEqual(property!.maxLength);
    } else if (property!.type === 'Edm.Decimal' || property!.type.startsWith('Edm.Int')) {
      expect(isLosslessNumber(value), `${where}.${name} is a JSON number`).toBe(true);
    } else if (property!.enumMembers) {
      expect(property!.enumMembers, `${where}.${name} is a member of ${property!.type}`).toContain(value);
    } else if (property!.type === 'Edm.Guid') {
      expect(value).toMatch(/^[0-9a-f-]{36}$/i);
    } else if (property!.type === 'Edm.Date') {
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  }
}

function checkRequest(method: string, url: URL, body: unknown, labels: Set<string>): void {
  const marker = url.pathname.includes('/api/v2.0/') ? '/api/v2.0/' : '/api/ledgerbridge/integration/v1.0/';
  const api = marker === '/api/v2.0/' ? 'standard' : 'companion';
  const target = resolve(api, url.pathname.slice(url.pathname.indexOf(marker) + marker.length));
  labels.add(`${method} ${target.label}`);
  // Throws BadRequest on any unknown $select, $expand or $filter property.
  if (target.type && !target.action)
    expect(() => parseQueryOptions(url.searchParams, target.type!, target.model), `${target.label} ${url.search}`).not.toThrow();
  if (target.label.endsWith('$batch')) {
    const { requests } = body as { requests: { method: string; url: string; body?: unknown }[] };
    expect(requests.length).toBeLessThanOrEqual(100);
    for (const op of requests)
      checkRequest(op.method, new URL(op.url, `${url.href.slice(0, url.href.indexOf(marker) + marker.length)}`), op.body, labels);
  } else if (body !== undefined && target.type && !target.action) {
    checkBody(target, target.type, body as Record<string, unknown>, `${method} ${target.label}`);
  }
}

async function sentBy(found: boolean): Promise<SentRequest[]> {
  const recording = createRecordingFetch({ found, companionMetadata: companion.xml });
  await exerciseConnector(recording.fetch);
  return recording.sent;
}

describe('connector ↔ real $metadata and the companion contract', () => {
  it("renews a subscription with notificationUrl, resource and clientState, as in Microsoft's examples", async () => {
    const renewals = (await sentBy(true)).filter(
      (request) => request.method === 'PATCH' && request.url.pathname.includes('/subscriptions('),
    );
    expect(renewals.length).toBeGreaterThan(0);
    for (const renewal of renewals)
      expect(Object.keys(renewal.body as object).sort()).toEqual(['clientState', 'notificationUrl', 'resource']);
  });

  it('sends only paths, options and bodies the models allow, from every public method', async () => {
    const labels = new Set<string>();
    for (const found of [false, true]) {
      for (const request of await sentBy(found)) checkRequest(request.method, request.url, request.body, labels);
    }
    // The reach of the check: creates, changes, actions and batches on both APIs.
    expect([...labels].sort()).toEqual(
      expect.arrayContaining([
        'DELETE standard salesOrder',
        'DELETE standard salesOrderLine',
        'DELETE standard subscriptions',
        'PATCH companion salesOrder',
        'POST companion salesOrder',
        'PATCH standard salesOrder',
        'PATCH standard salesOrderLine',
        'PATCH standard subscriptions',
        'PATCH standard purchaseOrderLine',
        'POST companion itemJournal.post',
        'POST companion itemJournalLine',
        'POST companion purchaseOrder.receive',
        'POST companion salesOrder.release',
        'POST companion salesOrder.reopen',
        'POST companion salesOrder.ship',
        'POST companion $batch',
        'POST standard $batch',
        'POST standard customer',
        'POST standard journal.post',
        'POST standard journalLine',
        'POST standard salesCreditMemo',
        'POST standard salesCreditMemo.post',
        'POST standard salesInvoice',
        'POST standard salesInvoice.post',
        'POST standard salesOrder',
        'POST standard salesOrder.shipAndInvoice',
        'POST standard salesOrderLine',
        'POST standard subscriptions',
        'GET companion $metadata',
        'GET companion stockLevel',
        'GET companion itemReference',
        'GET standard itemLedgerEntry',
        'GET standard salesShipment',
        'GET standard purchaseReceipt',
        'GET standard taxArea',
        'GET standard taxGroup',
        'GET standard itemVariant',
        'GET standard location',
      ]),
    );
  });

  it('keeps its MaxLength tables and $select lists equal to the models', () => {
    for (const [typeName, limits] of Object.entries(maxLengths)) {
      const type = standard.entityTypes.get(typeName)!;
      for (const [name, max] of Object.entries(limits)) expect(type.properties.get(name)?.maxLength, `${typeName}.${name}`).toBe(max);
    }
    for (const [typeName, limits] of Object.entries(companionMaxLengths)) {
      const type = companion.entityTypes.get(typeName)!;
      for (const [name, max] of Object.entries(limits))
        expect(type.properties.get(name)?.maxLength, `companion ${typeName}.${name}`).toBe(max);
    }
    for (const [model, lists] of [
      [standard, { ...selects, ...documentSelects }],
      [companion, companionSelects],
    ] as const) {
      for (const [typeName, names] of Object.entries(lists)) {
        const type = model.entityTypes.get(typeName)!;
        expect(type, typeName).toBeDefined();
        for (const name of names as readonly string[]) expect(type.properties.has(name), `${typeName}.${name}`).toBe(true);
      }
    }
  });
});
