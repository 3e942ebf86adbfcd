/**
 * What needs the companion extension (bc-extension/): the sales order integration fields,
 * release and reopen, shipment-only posting, stock per location, item journals, purchase
 * receipts. Each method checks its capability first and fails with one clear error when the
 * extension lacks it. Posting actions are never repeated after a lost answer: what was
 * posted is read back (new shipments, an emptied batch) to decide.
 */
import type {
  ErpSalesOrder,
  ErpSalesOrderIntegration,
  ErpSalesShipment,
  ErpShipmentResult,
  ErpStockLevel,
  SalesOrderIntegrationFields,
  ShipSalesOrderRequest,
} from '../../core/domain/erp.ts';
import { dec } from '../../core/money.ts';
import { isConnectorError } from '../../core/errors.ts';
import { sendBatch, type BatchOperation } from './batch.ts';
import type { BcCapabilities } from './capabilities.ts';
import {
  chunked,
  companyPath,
  getUnderCompany,
  keyOf,
  listUnderCompany,
  rememberEtag,
  sendUnderCompany,
  settlePosting,
  type ConnectorContext,
} from './context.ts';
import { invalidRequest } from './errors.ts';
import { isDecimalText, jsonDecimal } from './json.ts';
import { mapSalesOrder, toCode } from './map.ts';
import { buildIntegrationFieldsBody, mapSalesOrderIntegration, mapStockLevel } from './map-companion.ts';
import { mapSalesShipment } from './map-documents.ts';
import { buildQuery, eq, guid, or } from './odata.ts';
import { selects, type BcSalesOrder } from './schemas.ts';
import { companionSelects, type BcCompanionSalesOrder, type BcStockLevel } from './schemas-companion.ts';
import { documentSelects, type BcSalesShipment } from './schemas-documents.ts';

export interface Companion {
  /** Which companion features this tenant has (probed once; `refresh` probes again). */
  capabilities(options?: { refresh?: boolean }): Promise<BcCapabilities>;
  /** The exact lookup by the immutable Shopify order id (0..n, the caller decides). */
  findSalesOrdersByShopifyOrderId(shopifyOrderId: string): Promise<ErpSalesOrder[]>;
  getSalesOrderIntegration(salesOrderId: string): Promise<ErpSalesOrderIntegration | undefined>;
  /** Writes the given fields only; uses the last etag seen for the order, reading it only if stale. */
  setSalesOrderIntegrationFields(salesOrderId: string, fields: SalesOrderIntegrationFields): Promise<void>;
  releaseSalesOrder(salesOrderId: string): Promise<void>;
  reopenSalesOrder(salesOrderId: string): Promise<void>;
  /** Sets each line's quantity to ship (lines not named ship nothing), carrier and tracking, then posts the shipment only. */
  shipSalesOrder(salesOrderId: string, request: ShipSalesOrderRequest): Promise<ErpShipmentResult>;
  getStockByLocation(filter?: { itemNumbers?: string[]; locationCodes?: string[] }): Promise<ErpStockLevel[]>;
  findSalesShipmentsByOrderNumber(orderNumber: string): Promise<ErpSalesShipment[]>;
}

const companionOrderPath = (id: string) => `salesOrders(${keyOf(id, 'salesOrderId')})`;

export function createCompanion(ctx: ConnectorContext): Companion {
  const require = (feature: Parameters<typeof ctx.capabilities.require>[0]) => ctx.capabilities.require(feature);

  const getIntegration = async (id: string) => {
    const wire = await getUnderCompany<BcCompanionSalesOrder>(
      ctx,
      `${companionOrderPath(id)}${buildQuery({ select: companionSelects.salesOrder })}`,
      'companion',
    );
    return wire && mapSalesOrderIntegration(wire);
  };

  const patchIntegration = async (id: string, body: Record<string, unknown>, etag: string) => {
    const wire = await sendUnderCompany<BcCompanionSalesOrder>(ctx, 'PATCH', companionOrderPath(id), {
      body,
      ifMatch: etag,
      api: 'companion',
    });
    rememberEtag(ctx, id, wire['@odata.etag']);
  };

  const findShipments = async (orderNumber: string) => {
    const query = buildQuery({
      filter: eq('orderNumber', toCode(orderNumber)),
      select: documentSelects.salesShipment,
      expand: [{ property: 'salesShipmentLines', select: documentSelects.salesShipmentLine }],
    });
    return (await listUnderCompany<BcSalesShipment>(ctx, `salesShipments${query}`)).map(mapSalesShipment);
  };

  const statusAction = (action: 'release' | 'reopen', done: string) => async (id: string) => {
    await require('releaseReopen');
    // Releasing twice is harmless in BC, but a lost answer is still settled by reading.
    await settlePosting(
      () => sendUnderCompany(ctx, 'POST', `${companionOrderPath(id)}/Microsoft.NAV.${action}`, { api: 'companion' }),
      async () => (await getIntegration(id))?.status === done,
    );
  };

  const setFields = async (id: string, fields: SalesOrderIntegrationFields) => {
    await require('salesOrderIntegrationFields');
    const body = buildIntegrationFieldsBody(fields);
    if (Object.keys(body).length === 0) return;
    const known = ctx.etags.get(id);
    try {
      if (known) return await patchIntegration(id, body, known);
    } catch (error) {
      // Someone (or BC itself) changed the order since: read the current etag once.
      if (!isConnectorError(error) || error.upstreamCode !== 'Request_EntityChanged') throw error;
    }
    const current = await getIntegration(id);
    if (!current)
      throw invalidRequest(`Sales order ${id} does not exist in Business Central`, [
        { code: 'not_found', path: 'salesOrderId', message: 'no such order' },
      ]);
    await patchIntegration(id, body, current.etag ?? '*');
  };

  return {
    capabilities: (options) => ctx.capabilities.get(options?.refresh ?? false),

    async findSalesOrdersByShopifyOrderId(shopifyOrderId) {
      await require('salesOrderIntegrationFields');
      if (shopifyOrderId.trim() === '' || shopifyOrderId.length > 50) return [];
      // With 1.3 the page also says whether the order's create made its customer: an order adopted
      // after a lost answer still gets that customer recorded and flagged for review.
      const resolvesCustomers = (await ctx.capabilities.get()).salesOrderCustomerByEmail;
      const query = buildQuery({
        filter: eq('shopifyOrderId', shopifyOrderId),
        select: resolvesCustomers ? ['id', 'customerCreated'] : ['id'],
      });
      const rows = await listUnderCompany<{ id: string; customerCreated?: boolean }>(ctx, `salesOrders${query}`, 'companion');
      if (rows.length === 0) return [];
      const created = new Map(rows.map((row) => [row.id, row.customerCreated]));
      // The companion page carries the references; the standard page the totals the flow needs.
      const standard = buildQuery({ filter: or(...rows.map((row) => eq('id', guid(keyOf(row.id))))), select: selects.salesOrder });
      return (await listUnderCompany<BcSalesOrder>(ctx, `salesOrders${standard}`)).map((wire) => {
        const order = mapSalesOrder(wire);
        const customerCreated = created.get(wire.id);
        return customerCreated === undefined ? order : { ...order, customerCreated: customerCreated === true };
      });
    },

    async getSalesOrderIntegration(id) {
      await require('salesOrderIntegrationFields');
      return getIntegration(id);
    },

    setSalesOrderIntegrationFields: setFields,
    releaseSalesOrder: statusAction('release', 'Released'),
    reopenSalesOrder: statusAction('reopen', 'Open'),

    async shipSalesOrder(id, request) {
      await require('shipOnly');
      const order = await getUnderCompany<BcSalesOrder>(
        ctx,
        `salesOrders(${keyOf(id)})${buildQuery({ select: selects.salesOrder, expand: [{ property: 'salesOrderLines', select: selects.salesOrderLine }] })}`,
      );
      if (!order)
        throw invalidRequest(`Sales order ${id} does not exist in Business Central`, [
          { code: 'not_found', path: 'salesOrderId', message: 'no such order' },
        ]);
      const lines = mapSalesOrder(order).lines ?? [];
      const wanted = new Map(request.lines.map((line) => [line.lineId.toLowerCase(), line.quantity]));
      const notDecimal = request.lines.find((line) => !isDecimalText(line.quantity));
      if (notDecimal)
        throw invalidRequest(`Quantity to ship ${JSON.stringify(notDecimal.quantity)} is not a decimal`, [
          { code: 'not_a_decimal', path: 'lines.quantity', message: 'quantities are decimal strings' },
        ]);
      const issues = [...wanted.keys()]
        .filter((lineId) => !lines.some((line) => line.id === lineId))
        .map((lineId) => ({ code: 'unknown_line', path: `lines.${lineId}`, message: `order ${order.number} has no line ${lineId}` }));
      const operations: BatchOperation[] = [];
      for (const line of lines.filter((l) => l.lineType !== 'Comment')) {
        const quantity = wanted.get(line.id) ?? '0';
        const outstanding = dec(line.quantity).minus(dec(line.shippedQuantity ?? '0'));
        if (dec(quantity).greaterThan(outstanding) || dec(quantity).isNegative())
          issues.push({
            code: 'too_many',
            path: `lines.${line.id}`,
            message: `line ${line.sequence} has ${outstanding.toFixed()} left to ship, not ${quantity}`,
          });
        else if (!dec(quantity).equals(dec(line.shipQuantity ?? '0'))) {
          operations.push({
            method: 'PATCH',
            path: await companyPath(ctx, `salesOrders(${keyOf(id)})/salesOrderLines(${line.id})`),
            body: { shipQuantity: jsonDecimal(quantity) },
            ifMatch: line.etag ?? '*',
          });
        }
      }
      if (issues.length)
        throw invalidRequest(
          `Shipment of sales order ${order.number} cannot be posted: ${issues.map((i) => i.message).join('; ')}`,
          issues,
        );
      const before = new Set((await findShipments(order.number)).map((shipment) => shipment.id));
      for (const group of chunked(operations, 100)) {
        const results = await sendBatch(ctx.client, group, { lane: ctx.lane });
        const failed = results.find((result) => !result.ok);
        if (failed) throw failed.error ?? invalidRequest(`BC did not set the quantity to ship (operation ${failed.id})`, []);
      }
      if (request.shippingAgentCode !== undefined || request.trackingNumber !== undefined) {
        await setFields(id, { shippingAgentCode: request.shippingAgentCode, trackingNumber: request.trackingNumber });
      }
      const posted = async () => (await findShipments(order.number)).filter((shipment) => !before.has(shipment.id));
      await settlePosting(
        () => sendUnderCompany(ctx, 'POST', `${companionOrderPath(id)}/Microsoft.NAV.ship`, { api: 'companion' }),
        async () => (await posted()).length > 0,
      );
      return { shipments: await posted() };
    },

    async getStockByLocation(filter = {}) {
      await require('stockLevels');
      const items = (filter.itemNumbers ?? []).map(toCode).filter(Boolean);
      const locations = new Set((filter.locationCodes ?? []).map(toCode));
      const keep = (level: ErpStockLevel) => locations.size === 0 || locations.has(level.locationCode);
      const read = async (query: string) =>
        (await listUnderCompany<BcStockLevel>(ctx, `stockLevels${query}`, 'companion')).map(mapStockLevel).filter(keep);
      if (items.length === 0) return read(buildQuery({ select: companionSelects.stockLevel }));
      const pages = await Promise.all(
        chunked(items).map((group) =>
          read(buildQuery({ filter: or(...group.map((item) => eq('itemNumber', item))), select: companionSelects.stockLevel })),
        ),
      );
      return pages.flat();
    },

    findSalesShipmentsByOrderNumber: findShipments,
  };
}
