/**
 * Which companion-extension features this tenant has, learned once from the companion API's
 * `$metadata` (404 = not installed). Each feature is its own flag so an older or trimmed
 * extension still serves what it has; a method whose feature is missing fails with one clear,
 * non-retryable error instead of a confusing 404 from deep inside a flow.
 */
import { ConnectorError, isConnectorError } from '../../core/errors.ts';
import type { BcClient } from './client.ts';

export const companionFeatures = {
  salesOrderIntegrationFields: 'Shopify order id, payment transaction id, shipping agent and tracking number on sales orders',
  salesOrderCreate: 'creating a sales order with its lines and integration fields in one request',
  salesOrderCustomerByEmail: "finding or creating a sales order's customer by e-mail in the order's own create",
  releaseReopen: 'releasing and reopening sales orders',
  shipOnly: 'posting a shipment without an invoice',
  stockLevels: 'stock per location and variant',
  stockAvailability: 'outstanding sales-order quantities per item, variant and location (companion 1.3)',
  stockReservations: 'reserved quantities per item, variant and location (companion 1.3)',
  itemJournals: 'item journal adjustments and their posting',
  purchaseReceive: 'posting purchase receipts',
  itemReferences: 'item and variant barcodes (item references)',
  cashReceipts: 'cash receipt lines applied to credit memos and payments, and posting cash receipt batches',
} as const;

export type CompanionFeature = keyof typeof companionFeatures;

export type BcCapabilities = Record<CompanionFeature, boolean> & {
  /** The companion API answered at all. */
  companion: boolean;
  apiPath: string;
};

/** The upstream code of the error a missing companion feature raises. */
export const companionMissingCode = 'LedgerBridge_CompanionMissing';

export function companionMissing(feature: CompanionFeature, apiPath: string): ConnectorError {
  return new ConnectorError({
    system: 'bc',
    code: 'invalid_request',
    retryable: false,
    upstreamCode: companionMissingCode,
    message: `Business Central cannot do ${companionFeatures[feature]}: the LedgerBridge companion extension (api/${apiPath}) is not installed or does not offer it. Install bc-extension/ (see its README) or turn the feature off.`,
  });
}

export function isCompanionMissing(error: unknown): boolean {
  return isConnectorError(error) && error.upstreamCode === companionMissingCode;
}

/** Reads sets, properties per type and bound actions from an EDMX text, without an XML library. */
export function readCapabilities(xml: string, apiPath: string): BcCapabilities {
  const sets = new Set([...xml.matchAll(/<EntitySet Name="(\w+)"/g)].map((m) => m[1]!));
  const actions = new Set(
    [...xml.matchAll(/<Action Name="(\w+)"[^>]*>\s*<Parameter Name="bindingParameter" Type="Microsoft\.NAV\.(\w+)"/g)].map(
      (m) => `${m[2]}.${m[1]}`,
    ),
  );
  const typeBody = (name: string) => new RegExp(`<EntityType Name="${name}">([\\s\\S]*?)</EntityType>`).exec(xml)?.[1] ?? '';
  const hasProperties = (type: string, names: string[]) => names.every((name) => typeBody(type).includes(`Name="${name}"`));
  const insertable = (set: string) =>
    /Property="Insertable" Bool="true"/.test(new RegExp(`<EntitySet Name="${set}"[^>]*>([\\s\\S]*?)</EntitySet>`).exec(xml)?.[1] ?? '');
  return {
    companion: true,
    apiPath,
    salesOrderIntegrationFields:
      sets.has('salesOrders') &&
      hasProperties('salesOrder', ['shopifyOrderId', 'paymentTransactionId', 'shippingAgentCode', 'packageTrackingNumber']),
    // Extension 1.1: the page takes the order, its lines (a part) and the integration fields in one POST.
    salesOrderCreate:
      insertable('salesOrders') &&
      sets.has('salesOrderLines') &&
      hasProperties('salesOrder', [
        'customerNumber',
        'externalDocumentNumber',
        'orderDate',
        'pricesIncludeTax',
        'shipmentMethodCode',
        'shipToCountry',
        'shopifyOrderId',
        'paymentTransactionId',
        'salesOrderLines',
      ]) &&
      hasProperties('salesOrderLine', [
        'lineType',
        'lineObjectNumber',
        'variantCode',
        'locationCode',
        'taxCode',
        'quantity',
        'unitPrice',
        'discountAmount',
        'amountIncludingTax',
      ]),
    // Extension 1.3: the same POST finds or creates the customer by e-mail.
    salesOrderCustomerByEmail:
      insertable('salesOrders') &&
      hasProperties('salesOrder', [
        'customerEmail',
        'customerName',
        'customerType',
        'customerPhoneNumber',
        'customerAddressLine1',
        'customerAddressLine2',
        'customerCity',
        'customerState',
        'customerPostCode',
        'customerCountry',
        'customerCreated',
      ]),
    releaseReopen: actions.has('salesOrder.release') && actions.has('salesOrder.reopen'),
    shipOnly: actions.has('salesOrder.ship'),
    stockLevels: sets.has('stockLevels'),
    stockAvailability: sets.has('stockLevels') && sets.has('salesDemand'),
    stockReservations: sets.has('stockReservations'),
    itemJournals: sets.has('itemJournals') && sets.has('itemJournalLines') && actions.has('itemJournal.post'),
    purchaseReceive: actions.has('purchaseOrder.receive'),
    itemReferences: sets.has('itemReferences'),
    cashReceipts: sets.has('cashReceiptJournals') && sets.has('cashReceiptLines') && actions.has('cashReceiptJournal.post'),
  };
}

export function noCapabilities(apiPath: string): BcCapabilities {
  const none = Object.fromEntries(Object.keys(companionFeatures).map((feature) => [feature, false])) as Record<CompanionFeature, boolean>;
  return { ...none, companion: false, apiPath };
}

/** Probes once and remembers; a transient failure is not remembered, a 404 is. */
export class CapabilityProbe {
  private known: Promise<BcCapabilities> | undefined;

  private readonly client: BcClient;
  constructor(client: BcClient) {
    this.client = client;
  }

  get(refresh = false): Promise<BcCapabilities> {
    if (refresh) this.known = undefined;
    this.known ??= this.probe().catch((error: unknown) => {
      this.known = undefined;
      throw error;
    });
    return this.known;
  }

  async require(feature: CompanionFeature): Promise<void> {
    const capabilities = await this.get();
    if (!capabilities[feature]) throw companionMissing(feature, capabilities.apiPath);
  }

  private async probe(): Promise<BcCapabilities> {
    const apiPath = this.client.config.companion.apiPath;
    try {
      const { body } = await this.client.request<string>({
        method: 'GET',
        path: '$metadata',
        api: 'companion',
        responseType: 'text',
        headers: { accept: 'application/xml' },
      });
      return readCapabilities(String(body), apiPath);
    } catch (error) {
      if (isConnectorError(error) && error.code === 'not_found') return noCapabilities(apiPath);
      throw error;
    }
  }
}
