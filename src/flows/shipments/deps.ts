/** What the shipments flow's steps are given, and its job names. */
import type { OrdersFlowConfig } from '../../config/schema.ts';
import type { ShipmentsFlowConfig } from '../../config/warehouse-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { ShipmentsChannel, ShipmentsErp, ShipmentsWarehouse } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export interface ShipmentsFlowDeps extends FlowBaseDeps {
  erp: ShipmentsErp;
  /** Absent when the hub runs without a sales channel: shipments then stop at BC. */
  channel?: ShipmentsChannel;
  warehouse: ShipmentsWarehouse;
  config: ShipmentsFlowConfig;
  /** The orders flow's location mapping: which Shopify location is the warehouse. */
  orders: Pick<OrdersFlowConfig, 'locations'>;
  /** BC location code of the warehouse. */
  locationCode: string;
  retry: RetryPolicy;
}

export const SHIPMENTS_FLOW = 'shipments';

export const shipmentsJobs = {
  /** Posts every unfinished shipment of one warehouse order, one after the other. */
  post: 'shipments.post',
  poll: 'shipments.poll',
  retryOpen: 'shipments.retry-open',
} as const;

export interface ShipmentJob {
  /** The warehouse order's reference: its shipments are posted in turn, never two at once. */
  reference: string;
}

/** Progress markers in a shipment record's target ids: the step under way, written before its call. */
export const shipmentSteps = { bcShipment: 'bc-shipment', invoice: 'bc-invoice', fulfilment: 'shopify-fulfilment' } as const;
export type ShipmentStep = (typeof shipmentSteps)[keyof typeof shipmentSteps];
