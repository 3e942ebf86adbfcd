/**
 * Companies, customers, items, variants and reference data. Lookups the orders flow makes per
 * order (items by number or barcode, customers by e-mail, variants, locations, methods) are
 * cached for minutes (misses for seconds), so steady order traffic costs BC about one request
 * per order instead of four or five. A customer created here replaces its cache entry.
 */
import type {
  CustomerDraft,
  ErpCodeEntity,
  ErpCustomer,
  ErpItem,
  ErpItemByBarcode,
  ErpItemVariant,
  ErpLocation,
  ErpTaxCode,
} from '../../core/domain/erp.ts';
import type { TtlCache } from './cache.ts';
import { createOrAdopt, getUnderCompany, keyOf, listUnderCompany, sendUnderCompany, type ConnectorContext } from './context.ts';
import { buildCustomerBody, mapCustomer, mapItem, toCode } from './map.ts';
import { mapCodeEntity, mapItemVariant, mapLocation, mapTaxCode } from './map-documents.ts';
import { CustomerDirectory } from './customer-directory.ts';
import { and, buildQuery, dateTime, eq, gt, tolower } from './odata.ts';
import { collectEntities } from './paging.ts';
import { maxLengths, selects, type BcCompany, type BcCustomer, type BcItem } from './schemas.ts';
import { companionSelects, type BcItemReference } from './schemas-companion.ts';
import { documentSelects, type BcCodeEntity, type BcItemVariant, type BcLocation, type BcTaxCode } from './schemas-documents.ts';

export interface MasterData {
  listCompanies(): Promise<BcCompany[]>;
  getCustomer(id: string): Promise<ErpCustomer | undefined>;
  /** Customers whose e-mail matches, ignoring case and surrounding spaces; 0..n. Cached briefly. */
  findCustomersByEmail(email: string): Promise<ErpCustomer[]>;
  /** Looks the e-mail up first (fresh, not cached) and adopts a match; creates only when none. */
  createCustomer(draft: CustomerDraft): Promise<ErpCustomer>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** By the item's GTIN, then (companion extension) by a barcode item reference, which may name a variant. */
  findItemByGtin(gtin: string): Promise<ErpItemByBarcode | undefined>;
  listItemVariants(itemId: string): Promise<ErpItemVariant[]>;
  findItemVariant(itemNumber: string, code: string): Promise<ErpItemVariant | undefined>;
  /** By id; cached, and known without a request for variants found or listed before. */
  getItemVariant(id: string): Promise<ErpItemVariant | undefined>;
  listLocations(): Promise<ErpLocation[]>;
  listShipmentMethods(): Promise<ErpCodeEntity[]>;
  listPaymentMethods(): Promise<ErpCodeEntity[]>;
  listTaxAreas(): Promise<ErpTaxCode[]>;
  listTaxGroups(): Promise<ErpTaxCode[]>;
  /** Forgets every cached lookup, e.g. after master data was fixed in BC. */
  invalidateCaches(): void;
}

function cached<T>(cache: TtlCache<unknown>, key: string, load: () => Promise<T>, ttl: (value: T) => number): Promise<T> {
  return cache.get(key, load, (value) => ttl(value as T)) as Promise<T>;
}

export function createMasterData(ctx: ConnectorContext): MasterData {
  const { client, lane, caches } = ctx;
  const ttl = client.config.cache;
  const hitOrMiss = (positive: number) => (value: unknown) =>
    value === undefined || (Array.isArray(value) && value.length === 0) ? Math.min(ttl.missTtlMs, positive) : positive;

  const directory = ttl.customerDirectory.enabled
    ? new CustomerDirectory({
        clock: ctx.clock,
        refreshMs: ttl.customerDirectory.refreshMs,
        fullReloadMs: ttl.customerDirectory.fullReloadMs,
        load: async (since) => {
          const query = buildQuery({
            filter: since ? gt('lastModifiedDateTime', dateTime(since)) : undefined,
            select: [...selects.customer, 'lastModifiedDateTime'],
          });
          const wires = await listUnderCompany<BcCustomer & { lastModifiedDateTime: string }>(ctx, `customers${query}`);
          return wires.map((wire) => ({ customer: mapCustomer(wire), lastModifiedDateTime: wire.lastModifiedDateTime }));
        },
      })
    : undefined;

  const freshCustomersByEmail = async (normalised: string) => {
    const query = buildQuery({ filter: eq(tolower('email'), normalised), select: selects.customer });
    return (await listUnderCompany<BcCustomer>(ctx, `customers${query}`)).map(mapCustomer);
  };
  const reference = <W, D>(key: string, set: string, select: readonly string[], map: (wire: W) => D) =>
    cached(
      caches.reference,
      key,
      async () => (await listUnderCompany<W>(ctx, `${set}${buildQuery({ select })}`)).map(map),
      () => ttl.referenceTtlMs,
    );

  const findItemByNumber = (number: string) => {
    const code = toCode(number);
    if (code === '' || code.length > maxLengths.item.number) return Promise.resolve(undefined);
    return cached(
      caches.items,
      `number:${code}`,
      async () => {
        const found = await listUnderCompany<BcItem>(ctx, `items${buildQuery({ filter: eq('number', code), select: selects.item })}`);
        return found[0] && mapItem(found[0]);
      },
      hitOrMiss(ttl.itemTtlMs),
    );
  };

  // Variants by id too, so the companion create can name a line's variant by its code for free.
  const rememberVariant = (variant: ErpItemVariant | undefined) => {
    if (variant) caches.items.set(`variantId:${variant.id.toLowerCase()}`, variant, ttl.itemTtlMs);
    return variant;
  };

  const findItemVariant = (itemNumber: string, code: string) => {
    const [item, variant] = [toCode(itemNumber), toCode(code)];
    if (!item || !variant || variant.length > maxLengths.itemVariant.code || item.length > maxLengths.item.number)
      return Promise.resolve(undefined);
    return cached(
      caches.items,
      `variant:${item}|${variant}`,
      async () => {
        const query = buildQuery({ filter: and(eq('itemNumber', item), eq('code', variant)), select: documentSelects.itemVariant });
        const found = await listUnderCompany<BcItemVariant>(ctx, `itemVariants${query}`);
        return rememberVariant(found[0] && mapItemVariant(found[0]));
      },
      hitOrMiss(ttl.itemTtlMs),
    );
  };

  return {
    listCompanies: () => collectEntities<BcCompany>(client, { path: `companies${buildQuery({ select: selects.company })}`, lane }),

    async getCustomer(id) {
      const wire = await getUnderCompany<BcCustomer>(ctx, `customers(${keyOf(id)})${buildQuery({ select: selects.customer })}`);
      return wire && mapCustomer(wire);
    },

    findCustomersByEmail(email) {
      const normalised = email.trim().toLowerCase();
      if (normalised === '' || normalised.length > maxLengths.customer.email) return Promise.resolve([]);
      if (directory) return directory.find(normalised);
      return cached(caches.customers, normalised, () => freshCustomersByEmail(normalised), hitOrMiss(ttl.customerTtlMs));
    },

    async createCustomer(draft) {
      const body = buildCustomerBody(draft);
      const email = draft.email?.trim().toLowerCase();
      const create = async () => mapCustomer(await sendUnderCompany<BcCustomer>(ctx, 'POST', 'customers', { body }));
      // Without an e-mail there is no reference to find an earlier attempt by.
      const result = email
        ? await createOrAdopt({
            lookup: async () => (await freshCustomersByEmail(email)).sort((a, b) => a.number.localeCompare(b.number))[0],
            create,
          })
        : { value: await create() };
      if (email) caches.customers.set(email, [result.value], ttl.customerTtlMs);
      directory?.remember(result.value);
      return result.value;
    },

    findItemByNumber,

    findItemByGtin(gtin) {
      const code = gtin.trim();
      if (!/^\d{1,14}$/.test(code)) return Promise.resolve(undefined);
      return cached(
        caches.items,
        `gtin:${code}`,
        async (): Promise<ErpItemByBarcode | undefined> => {
          const byGtin = await listUnderCompany<BcItem>(ctx, `items${buildQuery({ filter: eq('gtin', code), select: selects.item })}`);
          if (byGtin[0]) return mapItem(byGtin[0]);
          if (!(await ctx.capabilities.get()).itemReferences) return undefined;
          const query = buildQuery({
            filter: and(eq('referenceType', 'Bar Code'), eq('referenceNumber', code)),
            select: companionSelects.itemReference,
          });
          const [reference] = await listUnderCompany<BcItemReference>(ctx, `itemReferences${query}`, 'companion');
          const item = reference && (await findItemByNumber(reference.itemNumber));
          if (!item) return undefined;
          const variant = reference.variantCode ? await findItemVariant(item.number, reference.variantCode) : undefined;
          return variant ? { ...item, variant } : item;
        },
        hitOrMiss(ttl.itemTtlMs),
      );
    },

    async listItemVariants(itemId) {
      const path = `items(${keyOf(itemId, 'itemId')})/itemVariants${buildQuery({ select: documentSelects.itemVariant })}`;
      return (await listUnderCompany<BcItemVariant>(ctx, path)).map(mapItemVariant).map((variant) => rememberVariant(variant)!);
    },

    findItemVariant,

    async getItemVariant(id) {
      const key = keyOf(id, 'itemVariantId').toLowerCase();
      return cached(
        caches.items,
        `variantId:${key}`,
        async () => {
          const wire = await getUnderCompany<BcItemVariant>(
            ctx,
            `itemVariants(${key})${buildQuery({ select: documentSelects.itemVariant })}`,
          );
          return wire && mapItemVariant(wire);
        },
        hitOrMiss(ttl.itemTtlMs),
      );
    },
    listLocations: () => reference<BcLocation, ErpLocation>('locations', 'locations', documentSelects.location, mapLocation),
    listShipmentMethods: () =>
      reference<BcCodeEntity, ErpCodeEntity>('shipmentMethods', 'shipmentMethods', documentSelects.shipmentMethod, mapCodeEntity),
    listPaymentMethods: () =>
      reference<BcCodeEntity, ErpCodeEntity>('paymentMethods', 'paymentMethods', documentSelects.paymentMethod, mapCodeEntity),
    listTaxAreas: () => reference<BcTaxCode, ErpTaxCode>('taxAreas', 'taxAreas', documentSelects.taxArea, mapTaxCode),
    listTaxGroups: () => reference<BcTaxCode, ErpTaxCode>('taxGroups', 'taxGroups', documentSelects.taxGroup, mapTaxCode),

    invalidateCaches() {
      caches.items.clear();
      caches.customers.clear();
      caches.reference.clear();
      directory?.clear();
    },
  };
}
