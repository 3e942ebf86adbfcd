/**
 * The shipments flow as a module: the warehouse's despatches → BC shipments (then invoices) →
 * Shopify fulfilments with tracking, from the callback and a polling safety net.
 */
import { getRecord } from '../../ledger/records.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { warehouseWiringOf } from '../shared/warehouse-module.ts';
import { SHIPMENTS_FLOW, type ShipmentsFlowDeps } from './deps.ts';
import { shipmentsExceptionCatalogue } from './exceptions.ts';
import { queueShipments, takeInShipment } from './intake.ts';
import { defineShipmentsJobs } from './jobs.ts';
import { shipmentsMonitors } from './monitors.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    shipments: ShipmentsFlowDeps;
  }
}

export const shipmentsModule: FlowModule<'shipments'> = {
  name: SHIPMENTS_FLOW,
  enabled: (config) => config.flows.shipments.enabled,
  define(context) {
    const wiring = warehouseWiringOf(context);
    if (!wiring) return undefined;
    const { base, bc, port, flows, retryOpenCron, locationCode, loggerOf } = wiring;
    const deps: ShipmentsFlowDeps = {
      ...base,
      erp: bc,
      channel: context.connectors.shopify,
      warehouse: port,
      config: flows.shipments,
      orders: flows.orders,
      locationCode,
      logger: loggerOf(SHIPMENTS_FLOW),
    };
    return {
      handles: deps,
      defineJobs: () => defineShipmentsJobs(context.queue, deps, retryOpenCron),
      warehouseEvents: { 'shipment.despatched': (event) => takeInShipment(deps, event.shipment, 'warehouse-callback') },
    };
  },
  retriers: ({ store, queue }) => ({
    [SHIPMENTS_FLOW]: async (recordId) => {
      const record = await getRecord(store.db, recordId);
      if (!record?.sourceRef) throw new Error(`shipment record ${recordId} names no warehouse order`);
      await queueShipments({ queue }, record.sourceRef);
      return true;
    },
  }),
  monitors: ({ db, loaded, clock }) => (loaded.config.warehouse ? [() => shipmentsMonitors(db, clock.now())] : []),
  wording: { shipments: { posted: 'shipped in Business Central' } },
  exceptions: shipmentsExceptionCatalogue,
};
