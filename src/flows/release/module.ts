/**
 * The release flow as a module: released BC sales orders → the warehouse, and the warehouse's
 * order status and splits back; a released order waiting too long shows in the monitors.
 */
import type { BcConnector, DegradableBcConnector } from '../../connectors/bc/index.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { retryByRecord, warehouseWiringOf } from '../shared/warehouse-module.ts';
import { queueShipments } from '../shipments/intake.ts';
import { RELEASE_FLOW, releaseJobs, type ReleaseFlowDeps } from './deps.ts';
import { releaseExceptionCatalogue } from './exceptions.ts';
import { defineReleaseJobs } from './jobs.ts';
import type { ErpSalesOrderHeader, ReleaseErp } from './ports.ts';
import { applyWarehouseSplit, applyWarehouseStatus } from './warehouse-status.ts';
import { releaseMonitors } from './watch.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    release: ReleaseFlowDeps;
  }
}

const headerSelect = [
  'id',
  'number',
  'externalDocumentNumber',
  'customerNumber',
  'status',
  'currencyCode',
  'email',
  'phoneNumber',
  'shipToName',
  'shipToContact',
  'shipToAddressLine1',
  'shipToAddressLine2',
  'shipToCity',
  'shipToState',
  'shipToPostCode',
  'shipToCountry',
  'shipmentMethodId',
  'lastModifiedDateTime',
];

/** BC for the release flow: the connector, plus sales order headers with their ship-to, read by the modification poll. */
function releaseErp(bc: BcConnector, features: DegradableBcConnector): ReleaseErp {
  type Wire = Record<string, string | undefined> & { lastModifiedDateTime: string };
  return {
    getSalesOrder: (id, options) => bc.getSalesOrder(id, options),
    listLocations: () => bc.listLocations(),
    findItemByNumber: (number) => bc.findItemByNumber(number),
    ...(features.releaseSalesOrder ? { releaseSalesOrder: (id: string) => bc.releaseSalesOrder(id) } : {}),
    async *listSalesOrdersChangedSince(since) {
      const methods = new Map((await bc.listShipmentMethods()).map((method) => [method.id, method.code]));
      const text = (value: string | undefined) => (value && value.trim() !== '' ? value : null);
      for await (const wire of bc.iterateModifiedSince<Wire>('salesOrders', since, { select: headerSelect })) {
        yield {
          id: wire.id ?? '',
          number: wire.number ?? '',
          externalDocumentNumber: wire.externalDocumentNumber ?? '',
          customerNumber: wire.customerNumber ?? '',
          status: wire.status ?? '',
          currencyCode: wire.currencyCode ?? '',
          email: text(wire.email),
          phone: text(wire.phoneNumber),
          shipTo: {
            name: text(wire.shipToName),
            contact: text(wire.shipToContact),
            address1: text(wire.shipToAddressLine1),
            address2: text(wire.shipToAddressLine2),
            city: text(wire.shipToCity),
            state: text(wire.shipToState),
            postCode: text(wire.shipToPostCode),
            country: text(wire.shipToCountry),
          },
          shipmentMethodCode: methods.get(wire.shipmentMethodId ?? '') ?? null,
          lastModifiedDateTime: wire.lastModifiedDateTime,
        } satisfies ErpSalesOrderHeader;
      }
    },
  };
}

export const releaseModule: FlowModule<'release'> = {
  name: RELEASE_FLOW,
  enabled: (config) => config.flows.release.enabled,
  define(context) {
    const wiring = warehouseWiringOf(context);
    if (!wiring) return undefined;
    const { base, bc, port, flows, retryOpenCron, locationCode, loggerOf } = wiring;
    const { queue } = context;
    const deps: ReleaseFlowDeps = {
      ...base,
      erp: releaseErp(bc, context.connectors.bcFeatures),
      warehouse: port,
      config: flows.release,
      orders: flows.orders,
      locationCode,
      logger: loggerOf(RELEASE_FLOW),
      // The shipments flow's job for the order, queued at once: it needs only the queue, so
      // release does not depend on the shipments module being defined.
      afterRelease: (reference) => queueShipments({ queue }, reference),
    };
    return {
      handles: deps,
      defineJobs: () => defineReleaseJobs(queue, deps, port, retryOpenCron),
      bcTriggers: { salesOrders: () => queue.enqueue(releaseJobs.poll, {}) },
      warehouseEvents: {
        'order.status_changed': (event) => applyWarehouseStatus(deps, event),
        'order.split': (event) => applyWarehouseSplit(deps, event),
      },
    };
  },
  retriers: ({ queue }) => ({ [RELEASE_FLOW]: retryByRecord(queue, releaseJobs.send) }),
  monitors: ({ db, loaded, clock }) =>
    loaded.config.warehouse ? [() => releaseMonitors(db, clock.now(), loaded.config.flows.release.ackTimeoutMinutes)] : [],
  wording: { release: { posted: 'sent to the warehouse' } },
  exceptions: releaseExceptionCatalogue,
};
