/**
 * Products: BC is the master, the warehouse must know each SKU before an order carries it.
 * Upsert = look the SKU up (`LookupProductId`), then update (`POST /api/Product`) or create
 * (`PUT /api/Product`). A create in doubt, or refused as a duplicate, is looked up again
 * and turned into an update, so the fields always end as the hub sent them.
 */
import { z } from 'zod';
import type { UpsertProductResult, WarehouseProduct, WarehouseProductRecord } from '../../../core/domain/warehouse.ts';
import { isConnectorError } from '../../../core/errors.ts';
import { cached, type MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { invalidRequest, messageOf, warehouseError } from './errors.ts';
import { decimalOf, wireDecimal } from './json.ts';
import { countryWire, newProductResultWire, productUpdateResultWire, productWire, type ProductBody, type ProductWire } from './schemas.ts';

async function countries(ctx: MintsoftContext) {
  return cached(
    () => ctx.caches.countries,
    (value) => (ctx.caches.countries = value),
    () => ctx.client.request(endpoints.countries, { schema: z.array(countryWire) }),
  );
}

export async function lookupProductId(ctx: MintsoftContext, sku: string): Promise<number | null> {
  try {
    const id = await ctx.client.request(endpoints.lookupProductId, { query: { SKU: sku }, schema: z.number().int().nullish() });
    return id && id > 0 ? id : null;
  } catch (error) {
    if (isConnectorError(error) && error.code === 'not_found') return null;
    throw error;
  }
}

async function buildBody(ctx: MintsoftContext, product: WarehouseProduct): Promise<ProductBody> {
  const origin = product.customs?.countryOfOrigin ?? null;
  let countryId: number | undefined;
  if (origin) {
    countryId = (await countries(ctx)).find((country) => country.Code.toUpperCase() === origin.toUpperCase())?.ID;
    if (countryId === undefined) throw invalidRequest(`country of origin ${origin} of ${product.sku} is not a country Mintsoft knows`);
  }
  return {
    SKU: product.sku,
    Name: product.description,
    Description: product.description,
    CustomsDescription: product.customs?.description ?? undefined,
    EAN: product.barcode ?? undefined,
    CountryOfManufactureId: countryId,
    CommodityCode: product.customs?.hsCode ? { Code: product.customs.hsCode } : undefined,
    Weight: wireDecimal(decimalOf(product.weightKg) ?? '0'),
    ClientId: ctx.config.clientId,
  };
}

export async function getProduct(ctx: MintsoftContext, sku: string): Promise<WarehouseProductRecord | null> {
  const id = await lookupProductId(ctx, sku);
  if (id === null) return null;
  return mapProduct(ctx, await ctx.client.request(endpoints.getProduct, { params: { id }, schema: productWire }));
}

export async function upsertProduct(ctx: MintsoftContext, product: WarehouseProduct): Promise<UpsertProductResult> {
  const body = await buildBody(ctx, product);
  const existing = await lookupProductId(ctx, product.sku);
  if (existing !== null) return update(ctx, existing, body);
  try {
    const result = await ctx.client.request(endpoints.createProduct, { body, schema: newProductResultWire });
    if (result.Success && result.ProductId) return { outcome: 'created', product: await read(ctx, result.ProductId) };
    return afterRefusal(ctx, body, result.Message ?? 'refused without a reason');
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    const message = messageOf(error.upstreamBody);
    if (error.code === 'invalid_request' && message !== undefined) return afterRefusal(ctx, body, message);
    if (!error.outcomeUnknown) throw error;
    const found = await lookupProductId(ctx, product.sku);
    if (found !== null) return update(ctx, found, body, 'created');
    throw warehouseError(error.code, `${error.message}; SKU ${product.sku} not found yet: the next attempt looks again before creating`, {
      outcomeUnknown: true,
      retryable: true,
      cause: error,
    });
  }
}

/** A refused create: the product being there (looked up, whatever the wording) makes it an update. */
async function afterRefusal(ctx: MintsoftContext, body: ProductBody, message: string): Promise<UpsertProductResult> {
  const found = await lookupProductId(ctx, body.SKU);
  if (found !== null) return update(ctx, found, body);
  throw warehouseError('invalid_request', `Mintsoft refused product ${body.SKU}: ${message}`, { upstreamBody: { Message: message } });
}

async function update(
  ctx: MintsoftContext,
  id: number,
  body: ProductBody,
  outcome: 'created' | 'updated' = 'updated',
): Promise<UpsertProductResult> {
  const answer = await ctx.client.request(endpoints.updateProduct, {
    body: { ...body, ID: id },
    schema: productUpdateResultWire.nullish(),
  });
  if (answer?.Success === false)
    throw warehouseError('invalid_request', `Mintsoft refused the update of product ${body.SKU}: ${answer.Message ?? 'no reason given'}`, {
      upstreamBody: answer,
    });
  return { outcome, product: await read(ctx, id) };
}

async function read(ctx: MintsoftContext, id: number): Promise<WarehouseProductRecord> {
  return mapProduct(ctx, await ctx.client.request(endpoints.getProduct, { params: { id }, schema: productWire }));
}

async function mapProduct(ctx: MintsoftContext, wire: ProductWire): Promise<WarehouseProductRecord> {
  let origin = wire.CountryOfManufacture?.Code ?? null;
  if (!origin && wire.CountryOfManufactureId)
    origin = (await countries(ctx)).find((country) => country.ID === wire.CountryOfManufactureId)?.Code ?? null;
  const hsCode = wire.CommodityCode?.Code ?? null;
  const customsDescription = wire.CustomsDescription ?? null;
  return {
    wmsProductId: String(wire.ID),
    sku: wire.SKU,
    barcode: wire.EAN ?? wire.UPC ?? null,
    description: wire.Name ?? wire.Description ?? '',
    weightKg: decimalOf(wire.Weight) ?? '0',
    customs: hsCode || origin || customsDescription ? { hsCode, countryOfOrigin: origin, description: customsDescription } : null,
  };
}
