/**
 * What a companion API page is in the emulator: views of store rows (contract fields plus
 * `_backing`, the row shown) and what the page does on insert, update, delete and its actions.
 */
import type { EntityContext } from './entities.ts';
import type { Row } from './store.ts';

/** A companion entity as served: contract fields plus `_backing`, the row it shows. */
export type View = Row & { _backing?: Row };

export interface CompanionPage {
  views(ctx: EntityContext): View[];
  /** One entity by id without building every view (keyed requests on large tables). */
  find?(ctx: EntityContext, id: string): View | undefined;
  /** The entities whose `property` is `value` (a part's link) without building every view. */
  where?(ctx: EntityContext, property: string, value: unknown): View[];
  /** Navigation properties a POST may carry (a deep insert through the page's parts). */
  deepInsert?: readonly string[];
  /** `nested`: the deep insert's children per navigation, each already checked against its type. */
  insert?(ctx: EntityContext, values: Record<string, unknown>, parent?: View, nested?: Record<string, Record<string, unknown>[]>): Row;
  update?(ctx: EntityContext, backing: Row, values: Record<string, unknown>): void;
  remove?(ctx: EntityContext, backing: Row): void;
  actions?: Record<string, (ctx: EntityContext, backing: Row) => void>;
}

/** BC's Sales/Purchase Header Status, from the standard API's mapping of it. */
export const documentStatus: Record<string, string> = { Draft: 'Open', Open: 'Released', 'In Review': 'Pending Approval' };

export function view(row: Row, fields: Record<string, unknown>): View {
  return { id: row.id, _seq: row._seq, _version: row._version, _backing: row, lastModifiedDateTime: row.lastModifiedDateTime, ...fields };
}

/** A page over one table: all views, or one by id, through `toView`. */
export function overTable(
  table: string,
  toView: (ctx: EntityContext, row: Row) => View = (_ctx, row) => view(row, row),
): Pick<CompanionPage, 'views' | 'find'> {
  return {
    views: (ctx) => ctx.store.rows(ctx.company, table).map((row) => toView(ctx, row)),
    find: (ctx, id) => {
      const row = ctx.store.get(ctx.company, table, id);
      return row && toView(ctx, row);
    },
  };
}

/** The code of a referenced record (shipment method, location, variant), '' for none. */
export function codeOf(ctx: EntityContext, set: string, id: unknown): string {
  return typeof id === 'string' ? String(ctx.store.get(ctx.company, set, id)?.code ?? '') : '';
}
