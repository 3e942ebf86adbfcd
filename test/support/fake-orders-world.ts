/**
 * In-memory stand-ins for the two systems the orders flow talks to, for flow tests that
 * need precise control (a lost response, a crash between steps). End-to-end tests use the
 * real connectors against the emulators instead.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelOrder, ChannelOrderRef } from '../../src/core/domain/channel-order.js';
import type { ErpCustomer, ErpItem, ErpSalesOrder, SalesOrderDraft } from '../../src/core/domain/erp.js';
import { ConnectorError } from '../../src/core/errors.js';
import type { OrdersChannel, OrdersErp } from '../../src/flows/orders/ports.js';

export function sampleOrder(overrides: Partial<ChannelOrder> & { number?: number } = {}): ChannelOrder {
  const number = overrides.number ?? 1001;
  return {
    id: `gid://shopify/Order/${5_000_000_000_000 + number}`,
    legacyId: String(5_000_000_000_000 + number),
    name: `#${number}`,
    createdAt: '2026-11-24T09:00:00Z',
    updatedAt: '2026-11-24T09:00:00Z',
    processedAt: '2026-11-24T09:00:00Z',
    cancelledAt: null,
    cancelReason: null,
    test: false,
    tags: [],
    sourceName: 'web',
    currency: 'GBP',
    presentmentCurrency: 'GBP',
    taxesIncluded: true,
    taxExempt: false,
    email: 'amelia.hughes@example.co.uk',
    phone: null,
    customer: null,
    shippingAddress: { name: 'Amelia Hughes', company: null, address1: '1 High St', address2: null, city: 'Leeds', province: null, provinceCode: null, zip: 'LS1 1AA', countryCode: 'GB', phone: '+447700900123' },
    billingAddress: null,
    lines: [
      { id: 'gid://shopify/LineItem/1', sku: 'TEE-ORG-M', title: 'Organic Cotton Tee', variantTitle: 'Medium', variantId: null, inventoryItemId: null, barcode: null, quantity: 2, currentQuantity: 2, unitPrice: '24.00', totalDiscount: '4.80', discountAllocations: [], taxLines: [], isGiftCard: false, requiresShipping: true, taxable: true },
      { id: 'gid://shopify/LineItem/2', sku: 'SOCK-WOOL-3PK', title: 'Wool Socks, 3 pack', variantTitle: null, variantId: null, inventoryItemId: null, barcode: null, quantity: 1, currentQuantity: 1, unitPrice: '18.50', totalDiscount: '0.00', discountAllocations: [], taxLines: [], isGiftCard: false, requiresShipping: true, taxable: true },
    ],
    shippingLines: [],
    discountApplications: [],
    transactions: [],
    fulfillmentOrders: [],
    taxLines: [],
    totals: { subtotal: '61.70', discounts: '4.80', shipping: '0.00', tax: '10.28', total: '61.70' },
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    ...overrides,
  };
}

export class FakeChannel implements OrdersChannel {
  readonly orders = new Map<string, ChannelOrder>();
  add(order: ChannelOrder): ChannelOrderRef {
    this.orders.set(order.id, order);
    return { id: order.id, legacyId: order.legacyId, name: order.name, updatedAt: order.updatedAt };
  }
  async getOrder(id: string) {
    return this.orders.get(id);
  }
  async *listOrdersUpdatedSince(since: string): AsyncIterable<ChannelOrderRef> {
    const changed = [...this.orders.values()].filter((order) => order.updatedAt > since).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    for (const order of changed) yield { id: order.id, legacyId: order.legacyId, name: order.name, updatedAt: order.updatedAt };
  }
}

export class FakeErp implements OrdersErp {
  readonly items = new Map<string, ErpItem>();
  readonly customers: ErpCustomer[] = [];
  readonly salesOrders: (ErpSalesOrder & { draft: SalesOrderDraft })[] = [];
  createCalls = 0;
  /** Set to make the next create commit in BC but lose its response, as a timeout would. */
  loseNextResponse = false;
  /** Set to make the next create fail before anything is written. */
  failNextCreate: ConnectorError | undefined;

  constructor(skus: string[] = ['TEE-ORG-M', 'SOCK-WOOL-3PK']) {
    for (const sku of skus) this.addItem(sku);
    this.customers.push({ id: randomUUID(), number: 'C00010', displayName: 'Amelia Hughes', email: 'amelia.hughes@example.co.uk', currencyCode: null, blocked: ' ' });
  }
  addItem(sku: string) {
    this.items.set(sku, { id: randomUUID(), number: sku, displayName: sku, gtin: null, blocked: false, type: 'Inventory', unitPrice: '1.00', priceIncludesTax: true });
  }
  async findCustomersByEmail(email: string) {
    return this.customers.filter((customer) => customer.email?.toLowerCase() === email.trim().toLowerCase());
  }
  async findItemByNumber(number: string) {
    return this.items.get(number);
  }
  async findSalesOrdersByExternalDocumentNumber(reference: string) {
    return this.salesOrders.filter((order) => order.externalDocumentNumber === reference.toUpperCase());
  }
  async createSalesOrder(draft: SalesOrderDraft): Promise<ErpSalesOrder> {
    this.createCalls += 1;
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = undefined;
      throw error;
    }
    const order = {
      id: randomUUID(),
      number: `SO-${String(100_000 + this.salesOrders.length + 1)}`,
      externalDocumentNumber: draft.externalDocumentNumber.toUpperCase(),
      customerNumber: draft.customerNumber,
      orderDate: draft.orderDate,
      status: 'Draft',
      currencyCode: 'GBP',
      pricesIncludeTax: draft.pricesIncludeTax,
      totalAmountExcludingTax: '0',
      totalTaxAmount: '0',
      totalAmountIncludingTax: '0',
      lastModifiedDateTime: new Date().toISOString(),
      draft,
    };
    this.salesOrders.push(order);
    if (this.loseNextResponse) {
      this.loseNextResponse = false;
      throw new ConnectorError({ system: 'bc', code: 'timeout', message: 'no response within 30 s', outcomeUnknown: true });
    }
    return order;
  }
}

export class RecordingQueue {
  readonly jobs: { name: string; data: unknown; key?: string }[] = [];
  async enqueue<T>(name: string, data: T, options: { key?: string } = {}) {
    if (options.key && this.jobs.some((job) => job.name === name && job.key === options.key)) return null;
    this.jobs.push({ name, data, ...(options.key ? { key: options.key } : {}) });
    return String(this.jobs.length);
  }
  drain() {
    return this.jobs.splice(0);
  }
}
