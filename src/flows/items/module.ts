/** The items flow as a module: BC items → the warehouse, confirmed there before they are sold. */
import type { BcConnector } from '../../connectors/bc/index.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { retryByRecord, warehouseWiringOf } from '../shared/warehouse-module.ts';
import { ITEMS_FLOW, itemsJobs, type ItemsFlowDeps } from './deps.ts';
import { itemsExceptionCatalogue } from './exceptions.ts';
import { defineItemsJobs } from './jobs.ts';
import type { ErpWarehouseItem, ItemsErp } from './ports.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    items: ItemsFlowDeps;
  }
}

/** BC items as the items flow reads them. BC's API v2.0 gives no weight or customs data: those stay null. */
function itemsErp(bc: BcConnector): ItemsErp {
  type Wire = { number: string; displayName: string; gtin: string; blocked: boolean; type: string; lastModifiedDateTime: string };
  return {
    async *listItemsChangedSince(since) {
      for await (const wire of bc.iterateModifiedSince<Wire>('items', since, {
        select: ['id', 'number', 'displayName', 'gtin', 'blocked', 'type', 'lastModifiedDateTime'],
      })) {
        yield {
          number: wire.number,
          displayName: wire.displayName ?? '',
          gtin: wire.gtin || null,
          blocked: wire.blocked === true,
          type: wire.type ?? '',
          weightKg: null,
          hsCode: null,
          countryOfOrigin: null,
          lastModifiedDateTime: wire.lastModifiedDateTime,
        } satisfies ErpWarehouseItem;
      }
    },
  };
}

export const itemsModule: FlowModule<'items'> = {
  name: ITEMS_FLOW,
  enabled: (config) => config.flows.items.enabled,
  define(context) {
    const wiring = warehouseWiringOf(context);
    if (!wiring) return undefined;
    const { base, bc, port, flows, retryOpenCron, loggerOf } = wiring;
    const deps: ItemsFlowDeps = { ...base, erp: itemsErp(bc), warehouse: port, config: flows.items, logger: loggerOf(ITEMS_FLOW) };
    return {
      handles: deps,
      defineJobs: () => defineItemsJobs(context.queue, deps, retryOpenCron),
      // A BC notification wakes the items poll (BC webhooks on, whether or not the flow is).
      bcTriggers: { items: () => context.queue.enqueue(itemsJobs.poll, {}) },
    };
  },
  retriers: ({ queue }) => ({ [ITEMS_FLOW]: retryByRecord(queue, itemsJobs.sync) }),
  wording: { items: { posted: 'confirmed at the warehouse' } },
  exceptions: itemsExceptionCatalogue,
};
