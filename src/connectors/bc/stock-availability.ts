/**
 * Available-to-sell figures from the companion extension 1.3: inventory (`stockLevels`),
 * outstanding sales-order quantity (`salesDemand`) and, when asked, reservations
 * (`stockReservations`), joined per item, variant and location. Each set is read in
 * server-driven pages of `pageSize` rows, so a full read costs one request per page and
 * no more; a read of a few items filters by item number instead.
 */
import type { ErpStockAvailability } from '../../core/domain/erp.ts';
import { dec } from '../../core/money.ts';
import { chunked, companyPath, type ConnectorContext } from './context.ts';
import { toDecimalString, toText } from './json.ts';
import { buildQuery, eq, or, type Filter } from './odata.ts';
import { iteratePages } from './paging.ts';

export interface StockAvailabilityReads {
  /**
   * Every item, variant and location with stock, demand or reservations (or only those of
   * `itemNumbers`). `reserved: false` skips the reservations query.
   */
  readStockAvailability(options?: { itemNumbers?: string[]; pageSize?: number; reserved?: boolean }): Promise<ErpStockAvailability[]>;
  /** Outstanding sales-order quantity per item, variant and location, alone: what the fast path compares between looks. */
  readSalesDemand(): Promise<{ itemNumber: string; variantCode: string; locationCode: string; outstanding: string }[]>;
  /** The highest item ledger entry number, 0 when there is none: where the fast path starts watching. */
  latestItemLedgerEntryNumber(): Promise<number>;
}

type Wire = Record<string, unknown>;

const sets = [
  { name: 'stockLevels', field: 'quantity', term: 'inventory' },
  { name: 'salesDemand', field: 'outstandingQuantity', term: 'outstanding' },
  { name: 'stockReservations', field: 'reservedQuantity', term: 'reserved' },
] as const;

export function createStockAvailabilityReads(ctx: ConnectorContext): StockAvailabilityReads {
  const readSet = async (
    set: (typeof sets)[number],
    filter: Filter | undefined,
    pageSize: number | undefined,
    each: (row: Wire) => void,
  ) => {
    const query = buildQuery<string>({ ...(filter ? { filter } : {}), select: ['itemNumber', 'variantCode', 'locationCode', set.field] });
    const path = await companyPath(ctx, `${set.name}${query}`);
    const options = pageSize === undefined ? {} : { pageSize };
    for await (const page of iteratePages<Wire>(ctx.client, { path, lane: ctx.lane, api: 'companion' }, options)) page.forEach(each);
  };

  return {
    async readStockAvailability(options = {}) {
      await ctx.capabilities.require('stockAvailability');
      const withReserved = options.reserved !== false;
      if (withReserved) await ctx.capabilities.require('stockReservations');
      const rows = new Map<string, ErpStockAvailability>();
      const filters: (Filter | undefined)[] =
        options.itemNumbers === undefined
          ? [undefined]
          : chunked([...new Set(options.itemNumbers.map((number) => number.toUpperCase()))]).map((group) =>
              or(...group.map((number) => eq('itemNumber', number))),
            );
      if (filters.length === 0) return [];
      for (const set of sets) {
        if (set.term === 'reserved' && !withReserved) continue;
        for (const filter of filters)
          await readSet(set, filter, options.pageSize, (wire) => {
            const itemNumber = toText(wire.itemNumber);
            const variantCode = toText(wire.variantCode);
            const locationCode = toText(wire.locationCode);
            const key = `${itemNumber}|${variantCode}|${locationCode}`;
            let row = rows.get(key);
            if (!row) {
              row = { itemNumber, variantCode, locationCode, inventory: '0', outstanding: '0', reserved: '0' };
              rows.set(key, row);
            }
            // Reservation entries on the demand side are negative; the figure is the units held.
            const value = dec(toDecimalString(wire[set.field]));
            row[set.term] = (set.term === 'reserved' ? value.abs() : value).toFixed();
          });
      }
      return [...rows.values()];
    },

    async readSalesDemand() {
      await ctx.capabilities.require('stockAvailability');
      const rows: { itemNumber: string; variantCode: string; locationCode: string; outstanding: string }[] = [];
      await readSet(sets[1], undefined, undefined, (wire) =>
        rows.push({
          itemNumber: toText(wire.itemNumber),
          variantCode: toText(wire.variantCode),
          locationCode: toText(wire.locationCode),
          outstanding: toDecimalString(wire.outstandingQuantity),
        }),
      );
      return rows;
    },

    async latestItemLedgerEntryNumber() {
      const query = buildQuery<string>({ select: ['entryNumber'], orderBy: [{ field: 'entryNumber', descending: true }], top: 1 });
      const path = await companyPath(ctx, `itemLedgerEntries${query}`);
      const { body } = await ctx.client.request<{ value?: { entryNumber?: unknown }[] }>({ method: 'GET', path, lane: ctx.lane });
      return Number(body.value?.[0]?.entryNumber ?? 0);
    },
  };
}
