/**
 * Which resources can be subscribed to, and how a changed row maps to the resource a
 * notification names. Standard sets: the webhook-enabled list of the reference (§7);
 * companion pages: those on real tables with a GUID key (not the query).
 */
export const webhookSets: Record<'standard' | 'companion', Record<string, string>> = {
  // entity set → the emulator table it shows
  standard: Object.fromEntries(
    [
      'accounts',
      'companyInformation',
      'countriesRegions',
      'currencies',
      'customerPaymentJournals',
      'customers',
      'dimensions',
      'employees',
      'generalLedgerEntries',
      'itemCategories',
      'items',
      'journals',
      'paymentMethods',
      'paymentTerms',
      'purchaseInvoices',
      'salesCreditMemos',
      'salesInvoices',
      'salesOrders',
      'salesQuotes',
      'shipmentMethods',
      'unitsOfMeasure',
      'vendors',
    ].map((set) => [set, set]),
  ),
  companion: {
    salesOrders: 'salesOrders',
    purchaseOrders: 'purchaseOrders',
    itemJournals: 'lb.itemJournals',
    itemJournalLines: 'lb.itemJournalLines',
    itemReferences: 'lb.itemReferences',
  },
};

/** A change to a line notifies on its document, as BC does. */
const parentOf: Record<string, { set: string; key: string }> = {
  salesOrderLines: { set: 'salesOrders', key: 'documentId' },
  salesInvoiceLines: { set: 'salesInvoices', key: 'documentId' },
  salesCreditMemoLines: { set: 'salesCreditMemos', key: 'documentId' },
  journalLines: { set: 'journals', key: 'journalId' },
};

export interface ChangedEntity {
  table: string;
  id: string;
  /** A line change becomes an update of its document. */
  lineChange: boolean;
}

export function changedEntityOf(table: string, row: Record<string, unknown>): ChangedEntity | undefined {
  const parent = parentOf[table];
  if (parent) {
    const id = row[parent.key];
    return typeof id === 'string' ? { table: parent.set, id, lineChange: true } : undefined;
  }
  return typeof row.id === 'string' ? { table, id: row.id, lineChange: false } : undefined;
}

export interface SubscribedResource {
  surface: 'standard' | 'companion';
  prefix: string;
  companyId: string;
  set: string;
  table: string;
}

const resourcePattern =
  /^(?:https?:\/\/[^/]+\/v2\.0\/[^/]+\/[^/]+)?\/api\/(v2\.0|ledgerbridge\/integration\/v1\.0)\/companies\(([0-9a-fA-F-]{36})\)\/([A-Za-z]+)$/;

/** Parses `/api/v2.0/companies(<id>)/<set>` (or the companion form); undefined when not subscribable. */
export function parseSubscribedResource(resource: string): SubscribedResource | { error: string } {
  const match = resourcePattern.exec(resource.trim());
  if (!match)
    return { error: `The resource '${resource}' is not a valid subscription resource: use /api/v2.0/companies(<id>)/<entitySet>.` };
  const [, prefix, companyId, set] = match as unknown as [string, string, string, string];
  const surface = prefix === 'v2.0' ? 'standard' : 'companion';
  const table = webhookSets[surface][set];
  if (!table) return { error: `The entity set '${set}' does not support webhooks.` };
  return { surface, prefix, companyId: companyId.toLowerCase(), set, table };
}
