/**
 * What BC does on insert, update and delete per entity set, beyond the metadata checks:
 * read-only fields (from the AL API pages, `Editable = false`), Code fields stored upper
 * case, unique numbers and codes, number series, and the defaults a template would apply.
 * Sets without a behaviour here are served read-only.
 */
import { BcHttpError, recordMissing } from './http-error.ts';
import type { EdmModel } from './metadata.ts';
import type { CompanyState, EmulatorStore, Row } from './store.ts';
import type { VatSetup } from './tax.ts';
import { vatBusinessGroupFor } from './tax.ts';

export interface EntityContext {
  store: EmulatorStore;
  model: EdmModel;
  company: CompanyState;
  vat: VatSetup;
  /** Local currency code, shown where BC stores a blank currency. */
  lcy: string;
}

export interface EntityBehaviour {
  readOnly: string[];
  /** Stored upper-cased, like BC Code fields. */
  codeFields?: string[];
  /** The business key that must be unique (`number` or `code`). */
  uniqueKey?: string;
  /** Number series that fills a blank key. */
  series?: string;
  /** Navigation properties accepted in a deep insert. */
  nested?: string[];
  /** Fills defaults and checks references; may throw a BC error. */
  prepare?(ctx: EntityContext, values: Record<string, unknown>, existing?: Row): void;
}

const common = ['id', 'lastModifiedDateTime'];

export function upperCodes(values: Record<string, unknown>, fields: string[] = []): void {
  for (const field of fields) if (typeof values[field] === 'string') values[field] = (values[field] as string).toUpperCase();
}

/** Looks a related record up by id or by code, as BC's API pages do for xxxId/xxxCode pairs. */
export function resolveRef(
  ctx: EntityContext,
  set: string,
  table: string,
  by: { id?: unknown; code?: unknown; codeField?: string },
): Row | undefined {
  if (typeof by.id === 'string' && by.id !== '00000000-0000-0000-0000-000000000000') {
    const row = ctx.store.get(ctx.company, set, by.id);
    if (!row) throw recordMissing(table, `Id='${by.id}'`);
    return row;
  }
  if (typeof by.code === 'string' && by.code !== '') {
    const field = by.codeField ?? 'code';
    const row = ctx.store.findBy(ctx.company, set, field, by.code.toUpperCase());
    if (!row) throw recordMissing(table, `${field === 'number' ? 'No.' : 'Code'}='${by.code.toUpperCase()}'`);
    return row;
  }
  return undefined;
}

const codeOnly = (extra: string[] = []): EntityBehaviour => ({ readOnly: [...common, ...extra], codeFields: ['code'], uniqueKey: 'code' });

export const behaviours: Record<string, EntityBehaviour> = {
  customers: {
    readOnly: [...common, 'balanceDue', 'taxAreaDisplayName'],
    codeFields: ['number', 'country', 'currencyCode', 'salespersonCode'],
    uniqueKey: 'number',
    series: 'CUST',
    prepare(ctx, values, existing) {
      const area = resolveRef(ctx, 'taxAreas', 'VAT Business Posting Group', { id: values.taxAreaId });
      if (area) {
        values._vatBusGroup = area.code;
        values.taxAreaDisplayName = area.displayName;
      } else if (!existing) {
        // Stands in for BC's customer template: the VAT business group follows the country.
        const group = vatBusinessGroupFor(values.country as string | undefined);
        const row = ctx.store.findBy(ctx.company, 'taxAreas', 'code', group);
        Object.assign(values, { _vatBusGroup: group, taxAreaId: row?.id, taxAreaDisplayName: row?.displayName, taxLiable: true });
      }
      for (const [idField, set, table] of [
        ['paymentTermsId', 'paymentTerms', 'Payment Terms'],
        ['shipmentMethodId', 'shipmentMethods', 'Shipment Method'],
        ['paymentMethodId', 'paymentMethods', 'Payment Method'],
      ] as const) {
        resolveRef(ctx, set, table, { id: values[idField] });
      }
      if (values.currencyCode === ctx.lcy) values.currencyCode = '';
      if (values.currencyCode) resolveRef(ctx, 'currencies', 'Currency', { code: values.currencyCode });
    },
  },
  items: {
    readOnly: [...common, 'inventory'],
    codeFields: [
      'number',
      'taxGroupCode',
      'baseUnitOfMeasureCode',
      'itemCategoryCode',
      'generalProductPostingGroupCode',
      'inventoryPostingGroupCode',
    ],
    uniqueKey: 'number',
    series: 'ITEM',
    prepare(ctx, values, existing) {
      const group = resolveRef(ctx, 'taxGroups', 'VAT Product Posting Group', { id: values.taxGroupId, code: values.taxGroupCode });
      if (group) Object.assign(values, { taxGroupId: group.id, taxGroupCode: group.code });
      else if (!existing)
        Object.assign(values, { taxGroupCode: 'STANDARD', taxGroupId: ctx.store.findBy(ctx.company, 'taxGroups', 'code', 'STANDARD')?.id });
      const unit = resolveRef(ctx, 'unitsOfMeasure', 'Unit of Measure', {
        id: values.baseUnitOfMeasureId,
        code: values.baseUnitOfMeasureCode,
      });
      if (unit) Object.assign(values, { baseUnitOfMeasureId: unit.id, baseUnitOfMeasureCode: unit.code });
      else if (!existing)
        Object.assign(values, {
          baseUnitOfMeasureCode: 'PCS',
          baseUnitOfMeasureId: ctx.store.findBy(ctx.company, 'unitsOfMeasure', 'code', 'PCS')?.id,
        });
      if (!existing && values.type === undefined) values.type = 'Inventory';
    },
  },
  itemVariants: {
    readOnly: [...common],
    codeFields: ['code', 'itemNumber'],
    prepare(ctx, values, existing) {
      if (existing) return;
      const item = resolveRef(ctx, 'items', 'Item', { id: values.itemId, code: values.itemNumber, codeField: 'number' });
      if (!item) throw new BcHttpError(400, 'Application_FieldValidationException', 'Item No. must have a value in Item Variant.');
      Object.assign(values, { itemId: item.id, itemNumber: item.number });
      const clash = ctx.store.rows(ctx.company, 'itemVariants').find((v) => v.itemId === item.id && v.code === values.code);
      if (clash) throw duplicate('Item Variant', `Item No.='${String(item.number)}',Code='${String(values.code)}'`);
    },
  },
  journals: {
    readOnly: [...common],
    codeFields: ['code', 'templateDisplayName', 'balancingAccountNumber'],
    uniqueKey: 'code',
    prepare(_ctx, values, existing) {
      // `journals` lists batches of the first General template; new ones join it.
      if (!existing) values.templateDisplayName ??= 'GENERAL';
    },
  },
  locations: codeOnly(),
  shipmentMethods: codeOnly(),
  paymentMethods: codeOnly(),
  paymentTerms: codeOnly(),
  unitsOfMeasure: codeOnly(),
  countriesRegions: codeOnly(),
  currencies: codeOnly(),
};

export function duplicate(table: string, fields: string): BcHttpError {
  return new BcHttpError(
    400,
    'Internal_EntityWithSameKeyExists',
    `The record in table ${table} already exists. Identification fields and values: ${fields}`,
  );
}

/** Applies the set's own `prepare` and the generic rules (codes, series, unique key). */
export function prepareValues(ctx: EntityContext, set: string, values: Record<string, unknown>, existing?: Row): void {
  const behaviour = behaviours[set];
  if (!behaviour) return;
  upperCodes(values, behaviour.codeFields);
  // References first: a refused insert must not consume a number from the series.
  behaviour.prepare?.(ctx, values, existing);
  const key = behaviour.uniqueKey;
  if (!key) return;
  const blank = values[key] === undefined || values[key] === '';
  if (!existing && blank && behaviour.series) values[key] = ctx.store.nextNumber(ctx.company, behaviour.series);
  else if (!existing && blank) {
    throw new BcHttpError(
      400,
      'Application_FieldValidationException',
      `${key === 'code' ? 'Code' : 'No.'} must have a value. It cannot be zero or empty.`,
    );
  }
  const other = values[key] === undefined ? undefined : ctx.store.findBy(ctx.company, set, key, values[key]);
  if (other && other !== existing) throw duplicate(set, `${key === 'number' ? 'No.' : 'Code'}='${String(values[key])}'`);
}
