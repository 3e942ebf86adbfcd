/**
 * Every flow, as its folder's module, in the order they are defined: a flow that links to
 * another comes after it (refunds after orders, inventory after stock movements, cash
 * application after payouts, the reconciliation after stock movements and inventory).
 * Adding a flow is one folder with a module.ts and one line here.
 */
import { alertsModule } from '../flows/alerts/module.ts';
import { cashApplicationModule } from '../flows/cash-application/module.ts';
import { inventoryModule } from '../flows/inventory/module.ts';
import { itemsModule } from '../flows/items/module.ts';
import { ordersModule } from '../flows/orders/module.ts';
import { payoutsModule } from '../flows/payouts/module.ts';
import { receiptsModule } from '../flows/receipts/module.ts';
import { reconciliationModule } from '../flows/reconciliation/module.ts';
import { refundsModule } from '../flows/refunds/module.ts';
import { releaseModule } from '../flows/release/module.ts';
import { returnsModule } from '../flows/returns/module.ts';
import type { FlowModule } from '../flows/shared/flow-module.ts';
import { shipmentsModule } from '../flows/shipments/module.ts';
import { stockMovementsModule } from '../flows/stock-movements/module.ts';

export const flowModules: readonly FlowModule[] = [
  ordersModule,
  refundsModule,
  itemsModule,
  releaseModule,
  shipmentsModule,
  stockMovementsModule,
  returnsModule,
  receiptsModule,
  inventoryModule,
  payoutsModule,
  cashApplicationModule,
  reconciliationModule,
  alertsModule,
];
