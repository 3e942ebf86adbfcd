/**
 * Mintsoft's product and stock endpoints: look-up by SKU, create with PUT and update with
 * POST, stock levels (all, by SKU, changed since), and the per-product stock flow that
 * carries write-offs, damages and found stock with their reasons. Plus reference data.
 */
import type { Hono } from 'hono';
import { decimalText } from './mintsoft-json.ts';
import { productBody, type ProductBody } from './mintsoft-models.ts';
import { MintsoftHttpError, notFound, type EmulatorDeps, type EmulatorEnv } from './deps.ts';
import { flag, idParam, readBody, sinceParam, wireJson } from './http.ts';
import { countries, courierServices } from './reference-data.ts';
import type { ProductRecord } from './state.ts';
import { flowToWire, productToWire, stockToWire } from './wire.ts';

export function mountCatalogueApi(app: Hono<EmulatorEnv>, deps: EmulatorDeps): void {
  const { state, settings } = deps;
  const productOf = (id: number): ProductRecord => {
    const product = state.products.get(id);
    if (!product) throw notFound(`Product ${id}`);
    return product;
  };
  const ourWarehouse = (value: string | undefined) => !value || Number(value) === 0 || Number(value) === settings.warehouseId;

  app.get('/api/Warehouse', () => wireJson([{ ID: settings.warehouseId, Name: settings.warehouseName, Code: 'SCEND' }]));
  app.get('/api/RefData/Countries', () => wireJson(countries));
  app.get('/api/Courier/Services', () =>
    wireJson(courierServices.map((service) => ({ ID: service.id, Name: service.name, Active: true }))),
  );

  app.get('/api/Product/LookupProductId', (c) => {
    const product = state.productBySku(c.req.query('SKU') ?? '');
    if (!product) throw notFound('Product');
    return wireJson(product.id);
  });

  app.get('/api/Product/StockLevels', (c) => {
    if (!ourWarehouse(c.req.query('WarehouseId'))) return wireJson([]);
    const sku = c.req.query('SKU');
    const products = sku ? [state.productBySku(sku)].filter((product) => product !== undefined) : [...state.products.values()];
    const breakdown = flag(c.req.query('Breakdown'));
    return wireJson(products.map((product) => stockToWire(deps, product, state.stockOf(product.id), breakdown)));
  });

  app.get('/api/Product/StockLevels/UpdatedSince', (c) => {
    if (!ourWarehouse(c.req.query('WarehouseId'))) return wireJson([]);
    const since = sinceParam(c, 'FromDate') ?? 0;
    const changed = [...state.products.values()].filter((product) => state.stockOf(product.id).lastUpdated >= since);
    return wireJson(changed.map((product) => stockToWire(deps, product, state.stockOf(product.id), false)));
  });

  app.get('/api/Product/:id{[0-9]+}/StockFlow/Filtered', (c) => {
    const product = productOf(idParam(c));
    if (!ourWarehouse(c.req.query('WarehouseId'))) return wireJson([]);
    const from = sinceParam(c, 'FromDate') ?? 0;
    const to = sinceParam(c, 'ToDate') ?? Number.MAX_SAFE_INTEGER;
    const types = (c.req.query('Types') ?? 'ALL').toUpperCase().split(';').filter(Boolean);
    const withOrders = c.req.query('IncludeOrders') === undefined || flag(c.req.query('IncludeOrders'));
    const withReturns = c.req.query('IncludeReturns') === undefined || flag(c.req.query('IncludeReturns'));
    const flows = state.flows.filter(
      (flow) =>
        flow.productId === product.id &&
        flow.lastUpdated >= from &&
        flow.lastUpdated <= to &&
        (types.includes('ALL') || types.includes(flow.flow)) &&
        (withOrders || flow.orderId === null) &&
        (withReturns || flow.reason !== 'Return'),
    );
    return wireJson(flows.map((flow) => flowToWire(deps, flow)));
  });

  app.get('/api/Product/:id{[0-9]+}', (c) => wireJson(productToWire(deps, productOf(idParam(c)))));

  app.put('/api/Product', async (c) => {
    const body = await readBody(c, productBody);
    if (state.productBySku(body.SKU))
      return wireJson({ ProductId: null, SKU: body.SKU, Success: false, Message: `Product with SKU '${body.SKU}' already exists` });
    const product: ProductRecord = { id: state.nextId('product'), sku: body.SKU, ...fieldsOf(body), lastUpdated: state.stamp() };
    state.products.set(product.id, product);
    state.stockOf(product.id);
    return wireJson({ ProductId: product.id, SKU: product.sku, Name: product.name, Success: true, Message: 'Product created' });
  });

  app.post('/api/Product', async (c) => {
    const body = await readBody(c, productBody);
    if (body.ID === undefined) throw new MintsoftHttpError(400, 'The request is invalid: ID is required to update a product.');
    const product = productOf(body.ID);
    if (product.sku.toUpperCase() !== body.SKU.toUpperCase() && state.productBySku(body.SKU)) {
      return wireJson({ ID: product.id, Success: false, Message: `Product with SKU '${body.SKU}' already exists` });
    }
    Object.assign(product, { sku: body.SKU, ...fieldsOf(body), lastUpdated: state.stamp() });
    return wireJson({ ID: product.id, Success: true, Message: 'Product updated' });
  });
}

function fieldsOf(body: ProductBody): Omit<ProductRecord, 'id' | 'sku' | 'lastUpdated'> {
  if (body.CountryOfManufactureId !== undefined && !countries.some((country) => country.ID === body.CountryOfManufactureId)) {
    throw new MintsoftHttpError(400, `The request is invalid: CountryOfManufactureId ${body.CountryOfManufactureId} not found.`);
  }
  return {
    name: body.Name,
    description: body.Description ?? null,
    customsDescription: body.CustomsDescription ?? null,
    ean: body.EAN ?? null,
    countryId: body.CountryOfManufactureId ?? null,
    commodityCode: body.CommodityCode?.Code ?? null,
    weight: decimalText(body.Weight) ?? '0',
  };
}
