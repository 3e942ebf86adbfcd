/**
 * Item ledger entries, written by every posting that moves stock (shipments, invoices,
 * credit memos, purchase receipts, item journals, and the seed's opening balances). The
 * standard API serves them without location and variant, as BC does; those two are kept
 * internally (`_locationCode`, `_variantCode`) for the companion `stockLevels` query.
 * `items.inventory` is BC's flow field over these entries: kept in step, never "modified".
 */
import { Decimal, dec } from '../shared/money.ts';
import type { EntityContext } from './entities.ts';
import type { Row } from './store.ts';

/** Enough of an entity context to read and write rows (the seed has no model at hand). */
export type StoreContext = Pick<EntityContext, 'store' | 'company'>;

export interface ItemLedgerEntryInput {
  itemNumber: string;
  variantCode?: string;
  locationCode?: string;
  postingDate: string;
  entryType: 'Purchase' | 'Sale' | 'Positive Adjmt.' | 'Negative Adjmt.';
  documentType: string;
  documentNumber: string;
  /** Signed: negative leaves stock. */
  quantity: string;
  description?: string;
  sourceType?: ' ' | 'Customer' | 'Vendor' | 'Item';
  sourceNumber?: string;
  salesAmountActual?: string;
  costAmountActual?: string;
}

export function addItemLedgerEntry(ctx: StoreContext, input: ItemLedgerEntryInput): Row {
  const item = ctx.store.findBy(ctx.company, 'items', 'number', input.itemNumber);
  const row = ctx.store.insert(ctx.company, 'itemLedgerEntries', {
    entryNumber: Number(ctx.store.nextNumber(ctx.company, 'ILE')),
    itemNumber: input.itemNumber,
    postingDate: input.postingDate,
    entryType: input.entryType,
    sourceNumber: input.sourceNumber ?? '',
    sourceType: input.sourceType ?? ' ',
    documentNumber: input.documentNumber,
    documentType: input.documentType,
    description: input.description ?? String(item?.displayName ?? ''),
    quantity: dec(input.quantity).toFixed(),
    salesAmountActual: input.salesAmountActual ?? '0',
    costAmountActual: input.costAmountActual ?? '0',
    _variantCode: input.variantCode ?? '',
    _locationCode: input.locationCode ?? '',
  });
  if (item && item.type === 'Inventory')
    item.inventory = dec(String(item.inventory ?? '0'))
      .plus(dec(input.quantity))
      .toFixed();
  return row;
}

/** The companion query: quantity per item, variant and location, in first-seen order. */
export function computeStockLevels(ctx: StoreContext): Row[] {
  const groups = new Map<string, Row>();
  for (const entry of ctx.store.rows(ctx.company, 'itemLedgerEntries').sort((a, b) => a._seq - b._seq)) {
    const key = `${String(entry.itemNumber)}|${String(entry._variantCode)}|${String(entry._locationCode)}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        id: key,
        _seq: entry._seq,
        _version: 1,
        itemNumber: entry.itemNumber,
        variantCode: entry._variantCode,
        locationCode: entry._locationCode,
        quantity: '0',
      };
      groups.set(key, group);
    }
    group.quantity = new Decimal(String(group.quantity)).plus(dec(String(entry.quantity))).toFixed();
  }
  return [...groups.values()];
}

/** Location and variant codes of a document line, from its `locationId` / `itemVariantId`. */
export function lineStockKeys(ctx: StoreContext, line: Record<string, unknown>): { locationCode: string; variantCode: string } {
  const location = typeof line.locationId === 'string' ? ctx.store.get(ctx.company, 'locations', line.locationId) : undefined;
  const variant = typeof line.itemVariantId === 'string' ? ctx.store.get(ctx.company, 'itemVariants', line.itemVariantId) : undefined;
  return { locationCode: String(location?.code ?? ''), variantCode: String(variant?.code ?? '') };
}
