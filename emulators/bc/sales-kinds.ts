/**
 * The three sales documents the API lets a client create, described once: where their
 * headers and lines live, how they are numbered, and which fields the AL API pages make
 * read-only. Posted invoices and credit memos stay in the same entity set (as in BC's API,
 * which shows drafts and posted documents together) with a status other than `Draft`.
 */
export interface SalesDocumentKind {
  headerSet: 'salesOrders' | 'salesInvoices' | 'salesCreditMemos';
  lineSet: 'salesOrderLines' | 'salesInvoiceLines' | 'salesCreditMemoLines';
  headerType: string;
  lineType: string;
  /** As BC words it in messages: `Order`, `Invoice`, `Credit Memo`. */
  documentType: string;
  /** Number series of the unposted document. */
  series: string;
  /** Number series of the posted document (invoices and credit memos renumber on posting). */
  postedSeries?: string;
  dateField: 'orderDate' | 'invoiceDate' | 'creditMemoDate';
  headerReadOnly: readonly string[];
  lineReadOnly: readonly string[];
  /** Orders ship and invoice in parts; their lines carry quantities to ship and invoice. */
  tracksShipping: boolean;
}

const documentReadOnly = [
  'id',
  'number',
  'billToName',
  'billToCustomerId',
  'billToCustomerNumber',
  'billToAddressLine1',
  'billToAddressLine2',
  'billToCity',
  'billToCountry',
  'billToState',
  'billToPostCode',
  'totalAmountExcludingTax',
  'totalTaxAmount',
  'totalAmountIncludingTax',
  'status',
  'lastModifiedDateTime',
  'discountAppliedBeforeTax',
];

const lineReadOnly = [
  'id',
  'amountExcludingTax',
  'totalTaxAmount',
  'amountIncludingTax',
  'invoiceDiscountAllocation',
  'netAmount',
  'netTaxAmount',
  'netAmountIncludingTax',
  'taxPercent',
  'discountAppliedBeforeTax',
];

export const salesKinds = {
  order: {
    headerSet: 'salesOrders',
    lineSet: 'salesOrderLines',
    headerType: 'salesOrder',
    lineType: 'salesOrderLine',
    documentType: 'Order',
    series: 'SO',
    dateField: 'orderDate',
    tracksShipping: true,
    headerReadOnly: [...documentReadOnly, 'fullyShipped'],
    lineReadOnly: [...lineReadOnly, 'shippedQuantity', 'invoicedQuantity'],
  },
  invoice: {
    headerSet: 'salesInvoices',
    lineSet: 'salesInvoiceLines',
    headerType: 'salesInvoice',
    lineType: 'salesInvoiceLine',
    documentType: 'Invoice',
    series: 'SI',
    postedSeries: 'PSI',
    dateField: 'invoiceDate',
    tracksShipping: false,
    headerReadOnly: [...documentReadOnly, 'orderId', 'orderNumber', 'remainingAmount'],
    lineReadOnly,
  },
  creditMemo: {
    headerSet: 'salesCreditMemos',
    lineSet: 'salesCreditMemoLines',
    headerType: 'salesCreditMemo',
    lineType: 'salesCreditMemoLine',
    documentType: 'Credit Memo',
    series: 'SCM',
    postedSeries: 'PSCM',
    dateField: 'creditMemoDate',
    tracksShipping: false,
    headerReadOnly: documentReadOnly,
    lineReadOnly,
  },
} satisfies Record<string, SalesDocumentKind>;

const byHeaderSet = new Map<string, SalesDocumentKind>(Object.values(salesKinds).map((kind) => [kind.headerSet, kind]));
const byLineSet = new Map<string, SalesDocumentKind>(Object.values(salesKinds).map((kind) => [kind.lineSet, kind]));

/** The kind whose header or line set is `set`, if any. */
export function salesKindOfSet(set: string): { kind: SalesDocumentKind; part: 'header' | 'line' } | undefined {
  const header = byHeaderSet.get(set);
  if (header) return { kind: header, part: 'header' };
  const line = byLineSet.get(set);
  return line ? { kind: line, part: 'line' } : undefined;
}
