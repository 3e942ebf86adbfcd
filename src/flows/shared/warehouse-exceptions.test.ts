/**
 * The operations guide is written from the warehouse flows' exception catalogues: every code
 * is explained in its flow's section, with the same severity, owner and "retried" as the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemsExceptionCatalogue } from '../items/exceptions.ts';
import { receiptsExceptionCatalogue } from '../receipts/exceptions.ts';
import { releaseExceptionCatalogue } from '../release/exceptions.ts';
import { returnsExceptionCatalogue } from '../returns/exceptions.ts';
import { shipmentsExceptionCatalogue } from '../shipments/exceptions.ts';
import { stockExceptionCatalogue } from '../stock-movements/exceptions.ts';

const guide = readFileSync(join(import.meta.dirname, '../../../docs/guides/warehouse.md'), 'utf8');
const sections = new Map(
  guide
    .split(/^### /m)
    .slice(1)
    .map((section) => [section.split('\n')[0]!, section]),
);
const sectionOf = (title: string) => [...sections].find(([heading]) => heading.startsWith(title))![1];
const ownerWords: Record<string, string> = {
  finance: 'finance',
  integration: 'integration',
  ecommerce: 'e-commerce',
  operations: 'operations',
};

const catalogues = {
  Items: itemsExceptionCatalogue,
  Release: releaseExceptionCatalogue,
  Shipments: shipmentsExceptionCatalogue,
  'Stock movements': stockExceptionCatalogue,
  Returns: returnsExceptionCatalogue,
  Receipts: receiptsExceptionCatalogue,
};

describe('the warehouse guide and the exception catalogues', () => {
  for (const [title, catalogue] of Object.entries(catalogues)) {
    it(`explains every ${title.toLowerCase()} exception as the flow raises it`, () => {
      const section = sectionOf(title);
      for (const definition of Object.values(catalogue)) {
        const row = section.split('\n').find((line) => line.startsWith(`| \`${definition.code}\` |`));
        expect(row, `${definition.code} in "${title}"`).toBeDefined();
        const cells = row!.split('|').map((cell) => cell.trim());
        expect(cells, definition.code).toContain(definition.severity);
        expect(cells, definition.code).toContain(definition.autoRetry ? 'yes' : 'no');
        const owner = ownerWords[definition.owner]!;
        const named =
          cells.includes(owner) ||
          row!.includes(`**${owner}**`) ||
          (owner === 'operations' && !/\*\*(integration|finance)\*\*/.test(row!) && section.split('\n')[0]!.includes('operations'));
        expect(named, `${definition.code} owned by ${owner}`).toBe(true);
      }
    });
  }
});
