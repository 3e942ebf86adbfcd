/**
 * The companion API three ways, which must agree: the AL source in bc-extension/src, the
 * contract beside it (bc-extension/api-contract.json), and what the emulator serves. The AL
 * is read with plain patterns (no compiler here): API pages' `field(...)`, query `column(...)`,
 * `Editable`/`*Allowed` flags, `[ServiceEnabled]` procedures, `part(...)` navigation with its
 * `SubPageLink`, and the table extension's field lengths.
 */
import { reservationEntriesTable } from './sales-demand.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCompanionModel, loadCompanionContract } from './companion-contract.ts';
import { companionPages } from './companion-pages.ts';
import { createBcEmulator } from './emulator.ts';
import { parseMetadata } from './metadata.ts';
import { connectTestApi } from './test-api.ts';

const alDir = fileURLToPath(new URL('../../bc-extension/src', import.meta.url));
const alFiles = readdirSync(alDir)
  .filter((f) => f.endsWith('.al'))
  .map((f) => readFileSync(join(alDir, f), 'utf8'));
const contract = loadCompanionContract();

/** The `{ … }` block that starts at or after `from`. */
function blockAfter(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}' && (depth -= 1) === 0) return text.slice(open, i + 1);
  }
  throw new Error('unbalanced braces');
}

interface AlApiObject {
  entityName: string;
  entitySetName: string;
  objectName: string;
  api: string;
  fields: { name: string; source: string; readOnly: boolean }[];
  actions: string[];
  parts: { name: string; page: string; link: string }[];
  flags: Record<string, boolean>;
  query: boolean;
}

function parseAlApiObject(text: string): AlApiObject | undefined {
  const header = /^(page|query) \d+ "([^"]+)"/m.exec(text);
  const prop = (name: string) => new RegExp(`^\\s{4}${name} = '?([^';]+)'?;`, 'm').exec(text)?.[1];
  if (!header || !/(PageType|QueryType) = API;/.test(text)) return undefined;
  const query = header[1] === 'query';
  const pageEditable = prop('Editable') !== 'false';
  const fields = [...text.matchAll(query ? /column\((\w+); ([^)]+)\)/g : /field\((\w+); ([^)]+)\)/g)].map((m) => ({
    name: m[1]!,
    source: m[2]!,
    readOnly: query || !pageEditable || /Editable = false/.test(blockAfter(text, m.index! + m[0].length)),
  }));
  return {
    objectName: header[2]!,
    entityName: prop('EntityName')!,
    entitySetName: prop('EntitySetName')!,
    api: `${prop('APIPublisher')}/${prop('APIGroup')}/${prop('APIVersion')}`,
    fields,
    actions: [...text.matchAll(/\[ServiceEnabled\]\s*procedure (\w+)\(/g)].map((m) => m[1]!),
    parts: [...text.matchAll(/part\((\w+); "([^"]+)"\)/g)].map((m) => ({
      name: m[1]!,
      page: m[2]!,
      link: /SubPageLink = ([^;]+);/.exec(blockAfter(text, m.index! + m[0].length))?.[1] ?? '',
    })),
    flags: {
      insertable: pageEditable && !query && prop('InsertAllowed') !== 'false',
      updatable: pageEditable && !query && prop('ModifyAllowed') !== 'false',
      deletable: pageEditable && !query && prop('DeleteAllowed') !== 'false',
    },
    query,
  };
}

const alObjects = alFiles.map(parseAlApiObject).filter((o): o is AlApiObject => o !== undefined);
const extensionLengths = new Map(
  [...alFiles.join('\n').matchAll(/field\(\d+; "([^"]+)"; (?:Text|Code)\[(\d+)\]\)/g)].map((m) => [m[1]!, Number(m[2])]),
);

describe('the companion contract and the AL source', () => {
  it('publish the same API, entity sets and entity names', () => {
    expect(new Set(alObjects.map((o) => o.api))).toEqual(new Set([`${contract.publisher}/${contract.group}/${contract.version}`]));
    expect(alObjects.map((o) => `${o.entitySetName}:${o.entityName}`).sort()).toEqual(
      contract.entitySets.map((s) => `${s.name}:${s.entityName}`).sort(),
    );
  });

  it('agree on every field, read-only flag, operation, action and navigation', () => {
    for (const set of contract.entitySets) {
      const al = alObjects.find((o) => o.entitySetName === set.name)!;
      expect(
        al.fields.map((f) => f.name),
        set.name,
      ).toEqual(set.properties.map((p) => p.name));
      expect(
        al.fields.filter((f) => f.readOnly).map((f) => f.name),
        `${set.name} read-only`,
      ).toEqual(set.properties.filter((p) => p.readOnly).map((p) => p.name));
      expect(al.flags, set.name).toEqual({ insertable: set.insertable, updatable: set.updatable, deletable: set.deletable });
      expect(al.actions, set.name).toEqual(set.actions);
      expect(al.query, set.name).toBe(set.query === true);
      const parts = al.parts.map((p) => `${p.name}->${alObjects.find((o) => o.objectName === p.page)?.entityName}`);
      expect(parts, set.name).toEqual((set.navigation ?? []).map((n) => `${n.name}->${n.target}`));
      expect(set.object).toContain(al.objectName);
    }
  });

  it('link every part to its parent by the fields the navigation names', () => {
    const source = (al: AlApiObject, property: string) => al.fields.find((f) => f.name === property)!.source.replace(/^Rec\./, '');
    const links = contract.entitySets.flatMap((set) => (set.navigation ?? []).map((nav) => ({ set, nav })));
    expect(links.map(({ nav }) => nav.name).sort()).toEqual(['cashReceiptLines', 'itemJournalLines', 'salesOrderLines']);
    for (const { set, nav } of links) {
      const parent = alObjects.find((o) => o.entitySetName === set.name)!;
      const part = parent.parts.find((p) => p.name === nav.name)!;
      const child = alObjects.find((o) => o.objectName === part.page)!;
      // e.g. salesOrderLines: the line's documentId (LB Document Id) is the order's id (SystemId).
      expect(part.link, `${set.name}/${nav.name}`).toContain(
        `${source(child, nav.referencedProperty)} = field(${source(parent, nav.property)})`,
      );
    }
  });

  it('give the table extension fields the lengths the contract promises', () => {
    expect(extensionLengths.get('LB Shopify Order Id')).toBe(50);
    expect(extensionLengths.get('LB Payment Transaction Id')).toBe(100);
    for (const set of contract.entitySets) {
      const al = alObjects.find((o) => o.entitySetName === set.name)!;
      for (const field of al.fields) {
        const extension = /Rec\."(LB [^"]+)"/.exec(field.source)?.[1];
        if (extension)
          expect(set.properties.find((p) => p.name === field.name)?.maxLength, field.name).toBe(extensionLengths.get(extension));
      }
    }
  });
});

describe('the emulator and the companion contract', () => {
  it('publishes a $metadata that reads back as the contract', async () => {
    const emulator = createBcEmulator({ limits: false });
    const api = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
    const { status, body } = await api.get('$metadata');
    expect(status).toBe(200);
    const model = parseMetadata(body as string);
    const expected = buildCompanionModel(contract);
    expect([...model.entitySets.keys()].sort()).toEqual([...expected.entitySets.keys()].sort());
    for (const [name, type] of expected.entityTypes) {
      const parsed = model.entityTypes.get(name)!;
      expect([...parsed.properties.values()].map((p) => [p.name, p.type, p.maxLength, p.enumMembers])).toEqual(
        [...type.properties.values()].map((p) => [p.name, p.type, p.maxLength, p.enumMembers]),
      );
      expect([...parsed.actions]).toEqual([...type.actions]);
    }
  });

  it('serves every declared property of every companion set, and nothing else', async () => {
    const emulator = createBcEmulator({ limits: false });
    const api = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
    await (
      await connectTestApi(emulator)
    ).post('{company}/salesOrders', { customerNumber: 'C00010', salesOrderLines: [{ lineObjectNumber: 'CAP-CANVAS', quantity: 1 }] });
    await api.post('{company}/itemJournalLines', {
      journalTemplateName: 'ITEM',
      journalBatchName: 'LB-STOCK',
      entryType: 'Negative Adjmt.',
      itemNumber: 'TEE-ORG-S',
      locationCode: 'SCEND',
      quantity: 2,
      documentNumber: 'WH-ADJ-1',
    });
    await api.post('{company}/cashReceiptLines', {
      journalTemplateName: 'CASHRCPT',
      journalBatchName: 'SHOPIFY-CR',
      documentType: 'Refund',
      documentNumber: 'SC1',
      accountType: 'Customer',
      accountNumber: 'C00010',
      amount: 12.5,
    });
    // The emulator reserves nothing by itself; one reservation entry, as BC writes the demand side.
    emulator.store.insert(emulator.company(), reservationEntriesTable, { itemNumber: 'CAP-CANVAS', locationCode: 'SCEND', quantity: '-1' });
    for (const set of contract.entitySets) {
      const { status, body } = await api.get(`{company}/${set.name}`);
      expect(status, set.name).toBe(200);
      expect(body.value.length, `${set.name} has rows to check`).toBeGreaterThan(0);
      const expected = [...(set.query ? [] : ['@odata.etag']), ...set.properties.map((p) => p.name)].sort();
      for (const entity of body.value as Record<string, unknown>[]) expect(Object.keys(entity).sort(), set.name).toEqual(expected);
    }
  });

  it('rejects unknown and read-only fields the way BC does', async () => {
    const emulator = createBcEmulator({ limits: false });
    const standard = await connectTestApi(emulator);
    const api = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
    const order = (
      await standard.post('{company}/salesOrders', {
        customerNumber: 'C00010',
        salesOrderLines: [{ lineObjectNumber: 'CAP-CANVAS', quantity: 1 }],
      })
    ).body;
    const unknown = await api.patch(`{company}/salesOrders(${order.id})`, { trackingNo: 'X' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'BadRequest']);
    expect(unknown.body.error.message).toContain("The property 'trackingNo' does not exist on type 'Microsoft.NAV.salesOrder'");
    const readOnly = await api.patch(`{company}/salesOrders(${order.id})`, { number: 'X' });
    expect(readOnly.body.error.message).toContain("'number' is read-only");
    const tooLong = await api.patch(`{company}/salesOrders(${order.id})`, { shopifyOrderId: 'x'.repeat(51) });
    expect(tooLong.body.error.code).toBe('Application_StringExceededLength');
    const noCustomer = await api.post('{company}/salesOrders', { shopifyOrderId: 'x' });
    // 1.3: neither customerNumber nor customerEmail (LBSalesOrderBufferMgt.Codeunit.al, NoCustomerErr).
    expect([noCustomer.status, noCustomer.body.error.code]).toEqual([400, 'Application_DialogException']);
    const notInsertable = await api.post('{company}/purchaseOrders', {});
    expect(notInsertable.status).toBe(405);
    const lineReadOnly = await api.post(`{company}/salesOrders(${order.id})/salesOrderLines`, {
      documentId: order.id,
      lineType: 'Item',
      lineObjectNumber: 'CAP-CANVAS',
      quantity: 1,
    });
    expect(lineReadOnly.body.error.message).toContain("'documentId' is read-only");
  });

  it('takes deep inserts exactly through the parts of insertable pages whose part page is insertable', () => {
    for (const set of contract.entitySets) {
      const insertableParts = (set.navigation ?? [])
        .filter((nav) => set.insertable && contract.entitySets.find((s) => s.entityName === nav.target)?.insertable)
        .map((nav) => nav.name);
      expect([...(companionPages[set.name]?.deepInsert ?? [])], set.name).toEqual(insertableParts);
      expect(companionPages[set.name]?.insert !== undefined, `${set.name} insert`).toBe(set.insertable);
    }
  });

  it('answers 404 for the whole API on a tenant without the extension', async () => {
    const emulator = createBcEmulator({ limits: false, companion: false });
    const api = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
    expect((await api.get('$metadata')).status).toBe(404);
    expect((await api.get('{company}/salesOrders')).status).toBe(404);
  });
});
