/**
 * Every flow, as its folder's module, in the order they are defined: a flow that links to
 * another (orders → refunds, the warehouse's stock → inventory, both → reconciliation) comes
 * after it. Adding a flow is one folder with a module.ts and one line here.
 */
import type { FlowModule } from '../flows/shared/flow-module.ts';
import { ordersModule } from '../flows/orders/module.ts';
import { refundsModule } from '../flows/refunds/module.ts';

export const flowModules: readonly FlowModule[] = [ordersModule, refundsModule];
