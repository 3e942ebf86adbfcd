import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeMemberName, defaultMetadataPath, loadMetadata } from './metadata.ts';

/** The checksum published in ../shared/reference/artifacts/README.md. */
const publishedSha256 = '5904634b0bbad284bf8b098119ed0004cb2b014eb4a2aa312fd0828967af3ca2';
const sharedCopy = fileURLToPath(new URL('../../../shared/reference/artifacts/business-central-api-v2.0-metadata.xml', import.meta.url));

describe('the BC $metadata the emulator serves', () => {
  it('is the published reference artifact, byte for byte', () => {
    const bytes = readFileSync(defaultMetadataPath);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(publishedSha256);
    if (existsSync(sharedCopy)) expect(bytes.equals(readFileSync(sharedCopy))).toBe(true);
  });

  it('parses into the documented shape: 87 types and sets, 21 bound actions, 34 enums', () => {
    const model = loadMetadata();
    expect(model.entityTypes.size).toBe(87);
    expect(model.entitySets.size).toBe(87);
    expect(model.enums.size).toBe(34);
    expect([...model.entityTypes.values()].reduce((n, t) => n + t.actions.size, 0)).toBe(21);
    const order = model.entityTypes.get('salesOrder')!;
    expect(order.properties.get('externalDocumentNumber')).toMatchObject({ type: 'Edm.String', maxLength: 35 });
    expect(order.properties.get('status')?.enumMembers).toEqual(['Draft', 'In Review', 'Open']);
    expect(order.navigation.get('salesOrderLines')).toMatchObject({
      target: 'salesOrderLine',
      collection: true,
      constraint: { property: 'id', referencedProperty: 'documentId' },
    });
    expect([...order.actions]).toEqual(['shipAndInvoice']);
    expect(model.entitySets.get('salesShipments')).toMatchObject({ insertable: false, updatable: false, deletable: false });
    expect(model.entitySets.get('salesOrders')).toMatchObject({ insertable: true, updatable: true, deletable: true });
  });

  it('decodes escaped enum member names to their wire form', () => {
    expect(decodeMemberName('In_x0020_Review')).toBe('In Review');
    expect(decodeMemberName('Non_x002D_Inventory')).toBe('Non-Inventory');
    expect(decodeMemberName('_x0020_')).toBe(' ');
  });
});
