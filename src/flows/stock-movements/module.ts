/**
 * The stock movements flow as a module: the warehouse's write-offs and found stock → BC item
 * journal adjustments, and the stock reconciliation (warehouse vs BC), each with its own switch.
 */
import type { HubConfig } from '../../config/schema.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { warehouseWiringOf } from '../shared/warehouse-module.ts';
import { STOCK_FLOW, stockJobs, type StockFlowDeps } from './deps.ts';
import { stockExceptionCatalogue } from './exceptions.ts';
import { takeInMovement } from './intake.ts';
import { defineStockJobs } from './jobs.ts';
import { stockMonitors } from './reconcile.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    'stock-movements': StockFlowDeps;
  }
}

export const stockMovementsModule: FlowModule<'stock-movements'> = {
  name: STOCK_FLOW,
  // Movements and the reconciliation each have their own switch; the jobs each one decides.
  enabled: (config: HubConfig) => config.flows.stockMovements.enabled || config.flows.stockReconciliation.enabled,
  define(context) {
    const wiring = warehouseWiringOf(context);
    if (!wiring) return undefined;
    const { base, bc, port, flows, warehouse, retryOpenCron, locationCode, loggerOf } = wiring;
    const deps: StockFlowDeps = {
      ...base,
      erp: bc,
      warehouse: port,
      config: flows.stockMovements,
      reconciliation: flows.stockReconciliation,
      locationCode,
      warehouseName: warehouse.name,
      logger: loggerOf(STOCK_FLOW),
    };
    return {
      handles: deps,
      defineJobs: () =>
        defineStockJobs(context.queue, deps, {
          movements: flows.stockMovements.enabled,
          reconciliation: flows.stockReconciliation.enabled,
          retryOpenCron,
        }),
      warehouseEvents: {
        'stock.moved': async (event) =>
          flows.stockMovements.enabled ? takeInMovement(deps, event.movement, 'warehouse-callback') : 'flow-disabled',
      },
    };
  },
  retriers: ({ queue }) => ({ [STOCK_FLOW]: async () => (await queue.enqueue(stockJobs.book, {}, { key: 'journal' })) !== null }),
  monitors: ({ db, loaded, clock }) => (loaded.config.warehouse ? [() => stockMonitors(db, clock.now())] : []),
  exceptions: stockExceptionCatalogue,
};
