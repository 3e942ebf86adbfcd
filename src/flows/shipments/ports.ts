/** What the shipments flow needs from Business Central, Shopify and the warehouse. */
import type { ChannelFulfillment, FulfillmentRequest } from '../../core/domain/channel-fulfillment.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type {
  ErpItem,
  ErpSalesInvoice,
  ErpSalesOrder,
  ErpSalesOrderLine,
  ErpSalesShipment,
  ErpShipAndInvoiceResult,
  ErpShipmentResult,
  SalesOrderLinePatch,
  ShipSalesOrderRequest,
} from '../../core/domain/erp.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';

export interface ShipmentsErp {
  getSalesOrder(id: string, options?: { expandLines?: boolean }): Promise<ErpSalesOrder | undefined>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** Companion: ships exactly the given lines (others ship nothing) with carrier and tracking, posting the shipment only. */
  shipSalesOrder(salesOrderId: string, request: ShipSalesOrderRequest): Promise<ErpShipmentResult>;
  findSalesShipmentsByOrderNumber(orderNumber: string): Promise<ErpSalesShipment[]>;
  updateSalesOrderLine(orderId: string, lineId: string, etag: string, patch: SalesOrderLinePatch): Promise<ErpSalesOrderLine>;
  /** Posts each line's quantity to ship and to invoice; BC deletes an order fully shipped and invoiced. */
  shipAndInvoice(salesOrderId: string): Promise<ErpShipAndInvoiceResult>;
  findSalesInvoicesByOrderNumber(orderNumber: string): Promise<ErpSalesInvoice[]>;
}

export interface ShipmentsChannel {
  getOrder(id: string): Promise<ChannelOrder | undefined>;
  /** Reads the fulfilment order first and adopts a landed attempt after a lost answer. */
  createFulfillment(request: FulfillmentRequest): Promise<ChannelFulfillment>;
  listLocations?(): Promise<{ id: string; name: string }[]>;
}

export type ShipmentsWarehouse = Pick<WarehousePort, 'listShipmentsSince'>;
