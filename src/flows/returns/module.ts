/** The returns flow as a module: returns received and inspected at the warehouse → draft BC credit memos. */
import type { FlowModule } from '../shared/flow-module.ts';
import { retryByRecord, warehouseWiringOf } from '../shared/warehouse-module.ts';
import { RETURNS_FLOW, returnsJobs, type ReturnsFlowDeps } from './deps.ts';
import { returnsExceptionCatalogue } from './exceptions.ts';
import { takeInReturn } from './intake.ts';
import { defineReturnsJobs } from './jobs.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    returns: ReturnsFlowDeps;
  }
}

export const returnsModule: FlowModule<'returns'> = {
  name: RETURNS_FLOW,
  enabled: (config) => config.flows.returns.enabled,
  define(context) {
    const wiring = warehouseWiringOf(context);
    if (!wiring) return undefined;
    const { base, bc, port, flows, retryOpenCron, locationCode, loggerOf } = wiring;
    const deps: ReturnsFlowDeps = {
      ...base,
      erp: bc,
      warehouse: port,
      config: flows.returns,
      locationCode,
      localCurrency: flows.release.localCurrency,
      logger: loggerOf(RETURNS_FLOW),
    };
    return {
      handles: deps,
      defineJobs: () => defineReturnsJobs(context.queue, deps, retryOpenCron),
      warehouseEvents: { 'return.updated': (event) => takeInReturn(deps, event.return, 'warehouse-callback') },
    };
  },
  retriers: ({ queue }) => ({ [RETURNS_FLOW]: retryByRecord(queue, returnsJobs.credit) }),
  wording: { returns: { waiting: 'waiting for the warehouse inspection', posted: 'credit memo drafted in Business Central' } },
  exceptions: returnsExceptionCatalogue,
};
