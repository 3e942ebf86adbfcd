/**
 * In-memory stand-ins for the two systems the orders flow talks to, for flow tests that
 * need precise control (a lost response, a crash between steps, fifty orders at once).
 * End-to-end tests use the real connectors against the emulators instead. The fake BC's VAT is
 * the BC emulator's own computation, and test/contract/fake-erp.contract.test.ts holds the fake's
 * sales orders to the emulator's, so the flow tests run on BC behaviour that is checked.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelOrder, ChannelOrderRef } from '../../src/core/domain/channel-order.ts';
import type { ChannelRefund } from '../../src/core/domain/channel-refund.ts';
import type {
  CustomerDraft,
  ErpSalesCreditMemo,
  ErpSalesInvoice,
  SalesCreditMemoDraft,
  ErpCodeRef,
  ErpCustomer,
  ErpItem,
  ErpSalesOrder,
  ErpSalesOrderLine,
  SalesOrderDraft,
  SalesOrderIntegrationFields,
} from '../../src/core/domain/erp.ts';
import { ConnectorError } from '../../src/core/errors.ts';
import { dec, formatMoney, sum } from '../../src/core/money.ts';
import type { OrdersChannel, OrdersErp } from '../../src/flows/orders/ports.ts';
import { computeDocumentTax } from '../../emulators/bc/tax.ts';

export { sampleOrder } from './sample-order.ts';

export class FakeChannel implements OrdersChannel {
  readonly orders = new Map<string, ChannelOrder>();
  readonly refunds = new Map<string, ChannelRefund>();
  addRefund(refund: ChannelRefund) {
    this.refunds.set(refund.id, refund);
    return { id: refund.id, legacyId: refund.legacyId, orderId: refund.orderId, processedAt: refund.processedAt };
  }
  async getRefund(id: string) {
    const refund = this.refunds.get(id);
    return refund ? structuredClone(refund) : undefined;
  }
  async listOrderRefunds(orderId: string) {
    return [...this.refunds.values()].filter((refund) => refund.orderId === orderId);
  }
  add(order: ChannelOrder): ChannelOrderRef {
    this.orders.set(order.id, order);
    return { id: order.id, legacyId: order.legacyId, name: order.name, updatedAt: order.updatedAt };
  }
  async getOrder(id: string) {
    const order = this.orders.get(id);
    return order ? structuredClone(order) : undefined;
  }
  /** Product details as they are now: those of the same line in the shop's current copy of the order. */
  async withFreshProductDetails(order: ChannelOrder): Promise<ChannelOrder> {
    this.productDetailReads += 1;
    const current = this.orders.get(order.id);
    const details = new Map(current?.lines.map((line) => [line.id, line]) ?? []);
    return {
      ...structuredClone(order),
      lines: order.lines.map((line) => {
        const now = details.get(line.id);
        return now
          ? { ...line, barcode: now.barcode, harmonizedSystemCode: now.harmonizedSystemCode, countryOfOrigin: now.countryOfOrigin }
          : line;
      }),
    };
  }
  productDetailReads = 0;
  async *listOrdersUpdatedSince(since: string, until?: string): AsyncIterable<ChannelOrderRef> {
    const changed = [...this.orders.values()]
      .filter(
        (order) =>
          Date.parse(order.updatedAt) > Date.parse(since) && (until === undefined || Date.parse(order.updatedAt) <= Date.parse(until)),
      )
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    for (const order of changed) yield { id: order.id, legacyId: order.legacyId, name: order.name, updatedAt: order.updatedAt };
  }
  async listLocations() {
    return [
      { id: 'gid://shopify/Location/1', name: 'Scend Warehouse' },
      { id: 'gid://shopify/Location/2', name: 'London Shop' },
    ];
  }
}

type StoredOrder = ErpSalesOrder & { draft: SalesOrderDraft; integration: SalesOrderIntegrationFields };

/** A small BC: items with VAT rates, customers, locations, and sales orders whose totals BC computes. */
export class FakeErp implements OrdersErp {
  readonly items = new Map<string, ErpItem & { vatRate: string }>();
  readonly customers: ErpCustomer[] = [];
  readonly salesOrders: StoredOrder[] = [];
  readonly locations: ErpCodeRef[] = [
    { id: 'loc-scend', code: 'SCEND' },
    { id: 'loc-london', code: 'LONDON' },
  ];
  readonly shipmentMethods: ErpCodeRef[] = [
    { id: 'sm-std', code: 'STD' },
    { id: 'sm-exp', code: 'EXP' },
  ];
  /** VAT rate of G/L accounts by number (shipping follows the goods: standard rate). */
  readonly accountVat = new Map<string, string>([
    ['40250', '0.2'],
    ['2310', '0'],
  ]);
  readonly invoices: ErpSalesInvoice[] = [];
  readonly creditMemos: (ErpSalesCreditMemo & { draft: SalesCreditMemoDraft })[] = [];
  memoCreates = 0;
  memoPosts = 0;
  /** Set to make the next credit memo create commit but lose its response. */
  loseNextMemoResponse = false;
  /** Added to every credit memo's total, as a BC price rule the hub does not know about would. */
  memoTotalDrift = '0';
  createCalls = 0;
  customerCreates = 0;
  /** Set to make the next create commit in BC but lose its response, as a timeout would. */
  loseNextResponse = false;
  /** Set to make the next create fail before anything is written. */
  failNextCreate: ConnectorError | undefined;
  /** Set to simulate the companion extension's exact lookup and fields. */
  companion = false;
  /** With `companion`: the create writes the draft's integration fields itself (extension 1.1). */
  companionCreate = false;
  /** Follow-up writes of the integration fields (setSalesOrderIntegrationFields). */
  integrationWrites = 0;
  /** Customers whose VAT business posting group charges no UK VAT (EU and export). */
  readonly zeroRatedCustomers = new Set<string>();

  constructor(skus: string[] = ['TEE-ORG-M', 'SOCK-WOOL-3PK']) {
    for (const sku of skus) this.addItem(sku);
    this.customers.push({
      id: randomUUID(),
      number: 'C00010',
      displayName: 'Amelia Hughes',
      type: 'Person',
      email: 'amelia.hughes@example.co.uk',
      currencyCode: null,
      blocked: ' ',
    });
  }
  addItem(sku: string, options: { vatRate?: string; gtin?: string; blocked?: boolean } = {}) {
    this.items.set(sku, {
      id: randomUUID(),
      number: sku,
      displayName: sku,
      gtin: options.gtin ?? null,
      blocked: options.blocked ?? false,
      type: 'Inventory',
      unitPrice: '1.00',
      priceIncludesTax: true,
      vatRate: options.vatRate ?? '0.2',
    });
  }
  async findCustomersByEmail(email: string) {
    await Promise.resolve();
    return this.customers.filter((customer) => customer.email?.trim().toLowerCase() === email.trim().toLowerCase());
  }
  async createCustomer(draft: CustomerDraft): Promise<ErpCustomer> {
    await Promise.resolve();
    this.customerCreates += 1;
    const customer = {
      id: randomUUID(),
      number: `C9${String(this.customerCreates).padStart(4, '0')}`,
      displayName: draft.displayName,
      type: draft.type ?? 'Person',
      email: draft.email ?? null,
      currencyCode: null,
      blocked: ' ',
    };
    this.customers.push(customer);
    // As BC's templates would: customers abroad get an export VAT business group, no UK VAT.
    if (draft.country && draft.country !== 'GB') this.zeroRatedCustomers.add(customer.number);
    return customer;
  }
  async findItemByNumber(number: string) {
    return this.items.get(number);
  }
  async findItemByGtin(gtin: string) {
    return [...this.items.values()].find((item) => item.gtin === gtin);
  }
  async listLocations() {
    return this.locations;
  }
  async listShipmentMethods() {
    return this.shipmentMethods;
  }
  async findSalesOrdersByExternalDocumentNumber(reference: string) {
    return this.salesOrders.filter((order) => order.externalDocumentNumber === reference.toUpperCase());
  }
  async getSalesOrder(id: string) {
    return this.salesOrders.find((order) => order.id === id);
  }
  async deleteSalesOrder(id: string) {
    const index = this.salesOrders.findIndex((order) => order.id === id);
    if (index >= 0) this.salesOrders.splice(index, 1);
  }
  get findSalesOrdersByShopifyOrderId() {
    return this.companion
      ? async (shopifyOrderId: string) => this.salesOrders.filter((order) => order.integration.shopifyOrderId === shopifyOrderId)
      : undefined;
  }
  get setSalesOrderIntegrationFields() {
    return this.companion
      ? async (salesOrderId: string, fields: SalesOrderIntegrationFields) => {
          this.integrationWrites += 1;
          const order = this.salesOrders.find((candidate) => candidate.id === salesOrderId);
          if (order) Object.assign(order.integration, fields);
        }
      : undefined;
  }
  /** Posts an invoice for a sales order, as shipping and invoicing in BC would. */
  invoiceOrder(orderNumber: string): ErpSalesInvoice {
    const order = this.salesOrders.find((candidate) => candidate.number === orderNumber)!;
    const invoice: ErpSalesInvoice = {
      id: randomUUID(),
      number: `PS-INV${103_000 + this.invoices.length + 1}`,
      externalDocumentNumber: order.externalDocumentNumber,
      orderId: order.id,
      orderNumber,
      customerNumber: order.customerNumber,
      invoiceDate: '2026-11-25',
      postingDate: '2026-11-25',
      dueDate: '2026-11-25',
      status: 'Open',
      currencyCode: 'GBP',
      pricesIncludeTax: order.pricesIncludeTax,
      totalAmountExcludingTax: order.totalAmountExcludingTax,
      totalTaxAmount: order.totalTaxAmount,
      totalAmountIncludingTax: order.totalAmountIncludingTax,
      remainingAmount: order.totalAmountIncludingTax,
      lastModifiedDateTime: new Date().toISOString(),
    };
    this.invoices.push(invoice);
    return invoice;
  }
  async findSalesInvoicesByOrderNumber(orderNumber: string) {
    return this.invoices.filter((invoice) => invoice.orderNumber === orderNumber);
  }
  async findSalesCreditMemosByExternalDocumentNumber(reference: string) {
    return this.creditMemos.filter((memo) => memo.externalDocumentNumber === reference.toUpperCase());
  }
  async createSalesCreditMemo(draft: SalesCreditMemoDraft): Promise<{ outcome: 'created' | 'adopted'; value: ErpSalesCreditMemo }> {
    await Promise.resolve();
    this.memoCreates += 1;
    const lines = this.computeLines(draft.lines, draft.pricesIncludeTax);
    const invoice = this.invoices.find((candidate) => candidate.id === draft.invoiceId);
    const memo = {
      id: randomUUID(),
      number: `S-CR${104_000 + this.memoCreates}`,
      externalDocumentNumber: draft.externalDocumentNumber.toUpperCase(),
      customerNumber: draft.customerNumber,
      creditMemoDate: draft.creditMemoDate ?? '',
      postingDate: draft.creditMemoDate ?? '',
      invoiceId: invoice?.id ?? null,
      invoiceNumber: invoice?.number ?? null,
      status: 'Draft',
      currencyCode: 'GBP',
      pricesIncludeTax: draft.pricesIncludeTax,
      totalAmountExcludingTax: formatMoney(sum(lines.map((line) => line.amountExcludingTax)), 'GBP'),
      totalTaxAmount: formatMoney(sum(lines.map((line) => line.totalTaxAmount)), 'GBP'),
      totalAmountIncludingTax: formatMoney(sum([...lines.map((line) => line.amountIncludingTax), this.memoTotalDrift]), 'GBP'),
      lastModifiedDateTime: new Date().toISOString(),
      lines,
      draft,
    };
    this.creditMemos.push(memo);
    if (this.loseNextMemoResponse) {
      this.loseNextMemoResponse = false;
      throw new ConnectorError({ system: 'bc', code: 'timeout', message: 'no response', outcomeUnknown: true });
    }
    return { outcome: 'created', value: memo };
  }
  async getSalesCreditMemo(id: string) {
    return this.creditMemos.find((memo) => memo.id === id);
  }
  async postSalesCreditMemo(id: string) {
    const memo = this.creditMemos.find((candidate) => candidate.id === id)!;
    if (memo.status !== 'Draft')
      throw new ConnectorError({ system: 'bc', code: 'invalid_request', message: 'The credit memo is already posted.' });
    this.memoPosts += 1;
    memo.status = 'Open';
  }

  async createSalesOrder(draft: SalesOrderDraft): Promise<ErpSalesOrder> {
    this.createCalls += 1;
    await Promise.resolve();
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = undefined;
      throw error;
    }
    const lines = this.computeLines(draft.lines, draft.pricesIncludeTax, this.zeroRatedCustomers.has(draft.customerNumber));
    const order: StoredOrder = {
      id: randomUUID(),
      number: `S-ORD${String(101_000 + this.createCalls)}`,
      externalDocumentNumber: draft.externalDocumentNumber.toUpperCase(),
      customerNumber: draft.customerNumber,
      orderDate: draft.orderDate,
      status: 'Draft',
      currencyCode: 'GBP',
      pricesIncludeTax: draft.pricesIncludeTax,
      totalAmountExcludingTax: formatMoney(sum(lines.map((line) => line.amountExcludingTax)), 'GBP'),
      totalTaxAmount: formatMoney(sum(lines.map((line) => line.totalTaxAmount)), 'GBP'),
      totalAmountIncludingTax: formatMoney(sum(lines.map((line) => line.amountIncludingTax)), 'GBP'),
      lastModifiedDateTime: new Date().toISOString(),
      lines,
      draft,
      integration: {},
    };
    const oneRequest = this.companion && this.companionCreate && draft.integration !== undefined;
    if (oneRequest) Object.assign(order.integration, draft.integration);
    this.salesOrders.push(order);
    if (this.loseNextResponse) {
      this.loseNextResponse = false;
      throw new ConnectorError({ system: 'bc', code: 'timeout', message: 'no response within 30 s', outcomeUnknown: true });
    }
    return oneRequest ? { ...order, integrationWritten: true } : order;
  }

  /**
   * VAT at the item's or account's rate, computed by the BC emulator's document tax (BC's VAT
   * amount lines: rounding carried over the lines of one VAT identifier), so the fake cannot
   * hold a VAT rule of its own; test/contract/fake-erp.contract.test.ts checks the rest.
   */
  private computeLines(drafts: SalesOrderDraft['lines'], pricesIncludeTax: boolean, zeroRated = false): ErpSalesOrderLine[] {
    const rateOf = (line: SalesOrderDraft['lines'][number]) => {
      const listed =
        line.lineType === 'Item'
          ? (this.items.get(line.lineObjectNumber!)?.vatRate ?? '0.2')
          : (this.accountVat.get(line.lineObjectNumber!) ?? '0.2');
      return dec(zeroRated || line.taxCode === 'ZERO' ? '0' : listed);
    };
    const taxed = computeDocumentTax(
      drafts.map((line) => ({
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discountAmount: line.discountAmount ?? '0',
        taxCode: line.taxCode ?? '',
        vatPercent: rateOf(line).times(100).toFixed(),
      })),
      pricesIncludeTax,
      'GBP',
    );
    return drafts.map((line, index) => ({
      id: randomUUID(),
      sequence: (index + 1) * 10000,
      lineType: line.lineType,
      lineObjectNumber: line.lineObjectNumber ?? '',
      description: line.description ?? '',
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discountAmount: line.discountAmount ?? '0',
      amountExcludingTax: formatMoney(taxed[index]!.amountExcludingTax, 'GBP'),
      totalTaxAmount: formatMoney(taxed[index]!.totalTaxAmount, 'GBP'),
      amountIncludingTax: formatMoney(taxed[index]!.amountIncludingTax, 'GBP'),
      shippedQuantity: '0',
    }));
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
