/** The receipts flow as a module: BC purchase orders → warehouse ASNs, and goods booked in → BC receipts. */
import type { FlowModule } from '../shared/flow-module.ts';
import { retryByRecord, warehouseWiringOf } from '../shared/warehouse-module.ts';
import { RECEIPTS_FLOW, receiptsJobs, type ReceiptsFlowDeps } from './deps.ts';
import { receiptsExceptionCatalogue } from './exceptions.ts';
import { takeInAsn } from './intake.ts';
import { defineReceiptsJobs } from './jobs.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    receipts: ReceiptsFlowDeps;
  }
}

export const receiptsModule: FlowModule<'receipts'> = {
  name: RECEIPTS_FLOW,
  enabled: (config) => config.flows.receipts.enabled,
  define(context) {
    const wiring = warehouseWiringOf(context);
    if (!wiring) return undefined;
    const { base, bc, port, flows, retryOpenCron, locationCode, loggerOf } = wiring;
    const deps: ReceiptsFlowDeps = {
      ...base,
      erp: bc,
      warehouse: port,
      config: flows.receipts,
      locationCode,
      logger: loggerOf(RECEIPTS_FLOW),
    };
    return {
      handles: deps,
      defineJobs: () => defineReceiptsJobs(context.queue, deps, retryOpenCron),
      warehouseEvents: { 'asn.updated': (event) => takeInAsn(deps, event.asn, 'warehouse-callback') },
    };
  },
  retriers: ({ queue }) => ({ [RECEIPTS_FLOW]: retryByRecord(queue, receiptsJobs.sync) }),
  exceptions: receiptsExceptionCatalogue,
};
