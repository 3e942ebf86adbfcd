/**
 * In-memory stand-ins for what the shipments flow talks to — a BC sales order that ships,
 * invoices and disappears when done, and a Shopify order with one fulfilment order — with
 * switches to crash right after a side effect (the call landed, the hub never heard) or to
 * lose the answer. For crash-safety tests that need that precision; the end-to-end tests use
 * the emulators.
 */
import type { ChannelFulfillment, FulfillmentRequest } from '../../src/core/domain/channel-fulfillment.ts';
import type { ChannelOrder } from '../../src/core/domain/channel-order.ts';
import type {
  ErpItem,
  ErpSalesInvoice,
  ErpSalesOrder,
  ErpSalesOrderLine,
  ErpSalesShipment,
  SalesOrderLinePatch,
  ShipSalesOrderRequest,
} from '../../src/core/domain/erp.ts';
import { ConnectorError } from '../../src/core/errors.ts';
import { dec } from '../../src/core/money.ts';
import type { ShipmentsChannel, ShipmentsErp } from '../../src/flows/shipments/ports.ts';

export type CrashPoint = 'ship' | 'invoice' | 'fulfil';

/** Thrown after a side effect: the process "died" before the hub could record it. */
export class SimulatedCrash extends Error {
  constructor(point: CrashPoint) {
    super(`simulated crash after ${point}`);
  }
}

function line(id: string, sequence: number, lineType: string, number: string, quantity: string): ErpSalesOrderLine {
  return {
    id,
    sequence,
    lineType,
    lineObjectNumber: number,
    description: number,
    quantity,
    unitPrice: '10',
    discountAmount: '0',
    amountExcludingTax: '0',
    totalTaxAmount: '0',
    amountIncludingTax: dec(quantity).times(10).toFixed(),
    shippedQuantity: '0',
    invoicedQuantity: '0',
    shipQuantity: quantity,
    invoiceQuantity: quantity,
    etag: 'W/"1"',
  };
}

export class FakeShippingErp implements ShipmentsErp {
  order: ErpSalesOrder | undefined;
  readonly shipments: ErpSalesShipment[] = [];
  readonly invoices: ErpSalesInvoice[] = [];
  crashAfter: CrashPoint | undefined;
  loseAnswerOf: CrashPoint | undefined;

  constructor(lines: [sku: string, quantity: number][]) {
    const orderLines = lines.map(([sku, quantity], index) =>
      line(`line-${index + 1}`, (index + 1) * 10_000, 'Item', sku, String(quantity)),
    );
    orderLines.push(line('line-ship', 90_000, 'Account', '40250', '1'));
    this.order = {
      id: 'so-1',
      number: 'S-ORD101001',
      externalDocumentNumber: 'SHOP-1001',
      customerNumber: 'C00010',
      orderDate: '2026-11-23',
      status: 'Open',
      currencyCode: '',
      pricesIncludeTax: true,
      totalAmountExcludingTax: '0',
      totalTaxAmount: '0',
      totalAmountIncludingTax: '0',
      lastModifiedDateTime: '2026-11-23T09:00:00Z',
      lines: orderLines,
    };
  }

  private effect(point: CrashPoint): void {
    if (this.crashAfter === point) {
      this.crashAfter = undefined;
      throw new SimulatedCrash(point);
    }
    if (this.loseAnswerOf === point) {
      this.loseAnswerOf = undefined;
      throw new ConnectorError({ system: 'bc', code: 'timeout', message: `the answer of ${point} was lost`, outcomeUnknown: true });
    }
  }

  async getSalesOrder(id: string): Promise<ErpSalesOrder | undefined> {
    return this.order && this.order.id === id ? structuredClone(this.order) : undefined;
  }
  async findItemByNumber(number: string): Promise<ErpItem | undefined> {
    return {
      id: number,
      number,
      displayName: number,
      gtin: null,
      blocked: false,
      type: 'Inventory',
      unitPrice: '10',
      priceIncludesTax: true,
    };
  }
  async shipSalesOrder(id: string, request: ShipSalesOrderRequest) {
    const order = this.order!;
    const lines = order.lines!;
    for (const wanted of request.lines) {
      const target = lines.find((candidate) => candidate.id === wanted.lineId)!;
      const left = dec(target.quantity).minus(target.shippedQuantity!);
      if (dec(wanted.quantity).greaterThan(left))
        throw new ConnectorError({
          system: 'bc',
          code: 'invalid_request',
          message: `line ${target.sequence} has ${left.toFixed()} left to ship`,
        });
    }
    const shipment: ErpSalesShipment = {
      id: `shp-${this.shipments.length + 1}`,
      number: `S-SHPT${102001 + this.shipments.length}`,
      orderNumber: order.number,
      externalDocumentNumber: order.externalDocumentNumber,
      customerNumber: order.customerNumber,
      postingDate: '2026-11-23',
      shipmentMethodCode: '',
      lastModifiedDateTime: '2026-11-23T09:00:00Z',
      lines: request.lines.map((wanted, index) => {
        const target = lines.find((candidate) => candidate.id === wanted.lineId)!;
        target.shippedQuantity = dec(target.shippedQuantity!).plus(wanted.quantity).toFixed();
        return {
          id: `sl-${index}`,
          sequence: target.sequence,
          lineType: target.lineType,
          lineObjectNumber: target.lineObjectNumber,
          description: '',
          quantity: wanted.quantity,
        };
      }),
    };
    for (const target of lines) target.shipQuantity = dec(target.quantity).minus(target.shippedQuantity!).toFixed();
    this.shipments.push(shipment);
    this.effect('ship');
    return { shipments: [shipment] };
  }
  async findSalesShipmentsByOrderNumber(orderNumber: string) {
    return this.shipments.filter((shipment) => shipment.orderNumber === orderNumber);
  }
  async updateSalesOrderLine(_orderId: string, lineId: string, _etag: string, patch: SalesOrderLinePatch) {
    const target = this.order!.lines!.find((candidate) => candidate.id === lineId)!;
    Object.assign(target, patch);
    return structuredClone(target);
  }
  async shipAndInvoice(id: string) {
    const order = this.order!;
    if (order.id !== id) throw new Error('no such order');
    const invoiced = order.lines!.filter((candidate) => dec(candidate.invoiceQuantity ?? '0').greaterThan(0));
    if (invoiced.length === 0) throw new ConnectorError({ system: 'bc', code: 'invalid_request', message: 'There is nothing to post.' });
    for (const target of invoiced) target.invoicedQuantity = dec(target.invoicedQuantity!).plus(target.invoiceQuantity!).toFixed();
    const invoice = {
      id: `inv-${this.invoices.length + 1}`,
      number: `PS-INV${103001 + this.invoices.length}`,
      orderNumber: order.number,
      status: 'Open',
      totalAmountIncludingTax: '0',
    } as ErpSalesInvoice;
    this.invoices.push(invoice);
    if (order.lines!.every((candidate) => candidate.invoicedQuantity === candidate.quantity)) this.order = undefined;
    this.effect('invoice');
    return { invoices: [invoice] };
  }
  async findSalesInvoicesByOrderNumber(orderNumber: string) {
    return this.invoices.filter((invoice) => invoice.orderNumber === orderNumber);
  }
}

export class FakeFulfillingChannel implements ShipmentsChannel {
  readonly fulfillments: FulfillmentRequest[] = [];
  crash = false;
  readonly order: ChannelOrder;

  constructor(lines: [sku: string, quantity: number][]) {
    this.order = {
      id: 'gid://shopify/Order/1001',
      legacyId: '1001',
      name: '#1001',
      createdAt: '',
      updatedAt: '',
      processedAt: null,
      cancelledAt: null,
      cancelReason: null,
      test: false,
      tags: [],
      sourceName: 'web',
      currency: 'GBP',
      presentmentCurrency: 'GBP',
      taxesIncluded: true,
      taxExempt: false,
      email: null,
      phone: null,
      customer: null,
      shippingAddress: null,
      billingAddress: null,
      lines: lines.map(([sku, quantity], index) => ({
        id: `gid://shopify/LineItem/${index + 1}`,
        sku,
        title: sku,
        variantTitle: null,
        variantId: null,
        inventoryItemId: null,
        barcode: null,
        quantity,
        currentQuantity: quantity,
        unitPrice: '10',
        totalDiscount: '0',
        discountAllocations: [],
        taxLines: [],
        isGiftCard: false,
        requiresShipping: true,
        taxable: true,
      })),
      shippingLines: [],
      discountApplications: [],
      transactions: [],
      taxLines: [],
      totals: { subtotal: '0', discounts: '0', shipping: '0', tax: '0', total: '0' },
      displayFinancialStatus: null,
      displayFulfillmentStatus: null,
      fulfillmentOrders: [
        {
          id: 'gid://shopify/FulfillmentOrder/1',
          status: 'OPEN',
          locationId: 'gid://shopify/Location/1',
          lines: lines.map(([sku, quantity], index) => ({
            id: `gid://shopify/FulfillmentOrderLineItem/${index + 1}`,
            lineItemId: `gid://shopify/LineItem/${index + 1}`,
            sku,
            totalQuantity: quantity,
            remainingQuantity: quantity,
          })),
        },
      ],
    };
  }

  async getOrder(): Promise<ChannelOrder> {
    return structuredClone(this.order);
  }
  async createFulfillment(request: FulfillmentRequest): Promise<ChannelFulfillment> {
    const fo = this.order.fulfillmentOrders.find((candidate) => candidate.id === request.fulfillmentOrderId)!;
    for (const wanted of request.lines) {
      const target = fo.lines.find((candidate) => candidate.id === wanted.fulfillmentOrderLineItemId)!;
      if (wanted.quantity > target.remainingQuantity)
        throw new ConnectorError({ system: 'shopify', code: 'conflict', message: 'over-fulfilment' });
      target.remainingQuantity -= wanted.quantity;
    }
    if (fo.lines.every((candidate) => candidate.remainingQuantity === 0)) fo.status = 'CLOSED';
    this.fulfillments.push(request);
    if (this.crash) {
      this.crash = false;
      throw new SimulatedCrash('fulfil');
    }
    return {
      id: `gid://shopify/Fulfillment/${this.fulfillments.length}`,
      status: 'SUCCESS',
      createdAt: '',
      tracking: [],
      lines: [],
      adopted: false,
    };
  }
  async listLocations() {
    return [{ id: 'gid://shopify/Location/1', name: 'Scend Warehouse' }];
  }
}
