/**
 * The companion `salesOrders` page and its `salesOrderLines` part (bc-extension/src,
 * LBSalesOrderAPI.Page.al and LBSalesOrderLineAPI.Page.al) over the standard sales orders:
 * one order in the store, seen by both APIs. A POST maps the page's fields (codes, BC's line
 * types) to the standard API's and runs the standard deep insert (number series, customer
 * defaults, VAT and totals, nothing stored unless all is valid), with the integration fields
 * (table extension fields, kept as `_shopifyOrderId`, …) on the same header. Since 1.3 the
 * page is a buffer over the header (LBSalesOrderBuffer.Table.al): with no `customerNumber`
 * the insert finds or creates the customer by `customerEmail` (companion-customers.ts), and the
 * customer, the order and its lines are stored together or not at all.
 */
import { dec } from '../shared/money.ts';
import { resolveOrderCustomer } from './companion-customers.ts';
import { codeOf, documentStatus, view, type CompanionPage, type View } from './companion-view.ts';
import { resolveRef, type EntityContext } from './entities.ts';
import { BcHttpError, dialog, recordMissing } from './http-error.ts';
import { postSalesOrder } from './posting-sales.ts';
import { insertSalesLine, insertValidatedSalesDocument, linesOf, salesKinds, updateSalesDocument } from './sales-documents.ts';
import type { Row } from './store.ts';

export const shippingAgentsTable = 'lb.shippingAgents';

const noneId = '00000000-0000-0000-0000-000000000000';

/** The page's fields that are table extension (or directly assigned) fields, by internal name. */
const integrationFields = [
  ['shopifyOrderId', '_shopifyOrderId'],
  ['paymentTransactionId', '_paymentTransactionId'],
  ['shippingAgentCode', '_shippingAgentCode'],
  ['packageTrackingNumber', '_packageTrackingNumber'],
] as const;

/** The page's header fields that are the standard API's under the same name. */
const sameNamed = [
  'customerNumber',
  'currencyCode',
  'pricesIncludeTax',
  'orderDate',
  'externalDocumentNumber',
  'email',
  'phoneNumber',
  'shipToCountry',
  'shipToName',
  'shipToAddressLine1',
  'shipToAddressLine2',
  'shipToPostCode',
  'shipToCity',
  'shipToState',
];

/** BC's Sales Line Type (what the page shows) ↔ the standard API's line type. */
const lineTypes: Record<string, string> = {
  ' ': 'Comment',
  'G/L Account': 'Account',
  Item: 'Item',
  Resource: 'Resource',
  'Fixed Asset': 'Fixed Asset',
  'Charge (Item)': 'Charge',
  'Allocation Account': 'Allocation Account',
};
const pageLineTypes = Object.fromEntries(Object.entries(lineTypes).map(([page, standard]) => [standard, page]));

/** Shipping Agent Code: checked against the table, assigned without the Status = Open test. */
function shippingAgent(ctx: EntityContext, code: unknown): unknown {
  if (typeof code !== 'string' || code === '') return code;
  const upper = code.toUpperCase();
  if (!ctx.store.findBy(ctx.company, shippingAgentsTable, 'code', upper)) throw recordMissing('Shipping Agent', `Code='${upper}'`);
  return upper;
}

/** Header fields of the page in the store's form: the standard API's fields plus the integration fields. */
function toStandardHeader(ctx: EntityContext, values: Record<string, unknown>): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  for (const field of sameNamed) if (values[field] !== undefined) header[field] = values[field];
  if (typeof values.shipmentMethodCode === 'string') {
    header.shipmentMethodId =
      values.shipmentMethodCode === ''
        ? noneId
        : resolveRef(ctx, 'shipmentMethods', 'Shipment Method', { code: values.shipmentMethodCode })!.id;
  }
  return header;
}

function applyIntegrationFields(ctx: EntityContext, target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const [field, internal] of integrationFields) {
    if (values[field] !== undefined) target[internal] = field === 'shippingAgentCode' ? shippingAgent(ctx, values[field]) : values[field];
  }
}

/** A line of the page in the store's form, with codes resolved as BC's table relations would. */
function toStandardLine(ctx: EntityContext, values: Record<string, unknown>): Record<string, unknown> {
  const { lineType = ' ', variantCode, locationCode, ...rest } = values;
  const line: Record<string, unknown> = { ...rest, lineType: lineTypes[String(lineType)] };
  const number = typeof line.lineObjectNumber === 'string' ? line.lineObjectNumber.toUpperCase() : '';
  // A blank type is a comment line; its No. would be a Standard Text code.
  if (line.lineType === 'Comment' && number !== '') throw recordMissing('Standard Text', `Code='${number}'`);
  if (typeof variantCode === 'string' && variantCode !== '') {
    if (line.lineType !== 'Item')
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        `Type must be equal to 'Item'  in Sales Line: Document Type=Order. Current value is '${String(lineType)}'.`,
      );
    const item = resolveRef(ctx, 'items', 'Item', { code: number, codeField: 'number' });
    const variant = ctx.store.rows(ctx.company, 'itemVariants').find((v) => v.itemId === item?.id && v.code === variantCode.toUpperCase());
    if (!variant) throw recordMissing('Item Variant', `Item No.='${number}',Code='${variantCode.toUpperCase()}'`);
    line.itemVariantId = variant.id;
  }
  if (typeof locationCode === 'string' && locationCode !== '')
    line.locationId = resolveRef(ctx, 'locations', 'Location', { code: locationCode })!.id;
  return line;
}

function orderView(ctx: EntityContext, order: Row): View {
  return view(order, {
    number: order.number,
    customerNumber: order.customerNumber,
    // BC stores a blank Currency Code for the local currency; the standard API shows its code.
    currencyCode: order.currencyCode === ctx.lcy ? '' : order.currencyCode,
    pricesIncludeTax: order.pricesIncludeTax,
    orderDate: order.orderDate,
    externalDocumentNumber: order.externalDocumentNumber,
    email: order.email,
    phoneNumber: order.phoneNumber,
    shipToCountry: order.shipToCountry,
    shipToName: order.shipToName,
    shipToAddressLine1: order.shipToAddressLine1,
    shipToAddressLine2: order.shipToAddressLine2,
    shipToPostCode: order.shipToPostCode,
    shipToCity: order.shipToCity,
    shipToState: order.shipToState,
    shipmentMethodCode: codeOf(ctx, 'shipmentMethods', order.shipmentMethodId),
    status: documentStatus[String(order.status)] ?? 'Open',
    shopifyOrderId: order._shopifyOrderId ?? '',
    paymentTransactionId: order._paymentTransactionId ?? '',
    shippingAgentCode: order._shippingAgentCode ?? '',
    packageTrackingNumber: order._packageTrackingNumber ?? '',
    // Request-only buffer fields: a loaded buffer record has them blank (Contact Type's first value).
    customerEmail: '',
    customerName: '',
    customerType: 'Company',
    customerPhoneNumber: '',
    customerAddressLine1: '',
    customerAddressLine2: '',
    customerCity: '',
    customerState: '',
    customerPostCode: '',
    customerCountry: '',
    customerCreated: order._customerCreated === true,
    totalAmountExcludingTax: order.totalAmountExcludingTax,
    totalTaxAmount: order.totalTaxAmount,
    totalAmountIncludingTax: order.totalAmountIncludingTax,
  });
}

function lineView(ctx: EntityContext, line: Row): View {
  return view(line, {
    documentId: line.documentId,
    sequence: line.sequence,
    lineType: pageLineTypes[String(line.lineType)] ?? ' ',
    lineObjectNumber: line.lineObjectNumber,
    variantCode: codeOf(ctx, 'itemVariants', line.itemVariantId),
    locationCode: codeOf(ctx, 'locations', line.locationId),
    taxCode: line.taxCode,
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discountAmount: line.discountAmount,
    taxPercent: line.taxPercent,
    amountExcludingTax: line.amountExcludingTax,
    totalTaxAmount: line.totalTaxAmount,
    amountIncludingTax: line.amountIncludingTax,
  });
}

const order = salesKinds.order;

export const salesOrdersPage: CompanionPage = {
  views: (ctx) => ctx.store.rows(ctx.company, order.headerSet).map((row) => orderView(ctx, row)),
  find: (ctx, id) => {
    const row = ctx.store.get(ctx.company, order.headerSet, id);
    return row && orderView(ctx, row);
  },
  deepInsert: ['salesOrderLines'],
  insert(ctx, values, _parent, nested) {
    return ctx.store.atomically(() => {
      const customer = resolveOrderCustomer(ctx, values);
      const header = toStandardHeader(ctx, { ...values, customerNumber: customer.customerNumber });
      applyIntegrationFields(ctx, header, values);
      header._customerCreated = customer.created;
      return insertValidatedSalesDocument(ctx, order, header, () =>
        (nested?.salesOrderLines ?? []).map((line) => toStandardLine(ctx, line)),
      );
    });
  },
  update(ctx, salesOrder, values) {
    const header = toStandardHeader(ctx, values);
    // BC's own rules for the order's fields (Status = Open, no customer change with lines)...
    if (Object.keys(header).length > 0) updateSalesDocument(ctx, order, salesOrder, header);
    // ...and none for the integration fields: see SetShippingAgent in LBSalesOrderAPI.Page.al.
    const integration: Record<string, unknown> = {};
    applyIntegrationFields(ctx, integration, values);
    Object.assign(salesOrder, integration);
    if (Object.keys(integration).length > 0 || Object.keys(header).length === 0) ctx.store.touch(salesOrder);
  },
  actions: {
    release(ctx, salesOrder) {
      const lines = linesOf(ctx, order, salesOrder).filter((line) => line.lineType !== 'Comment' && !dec(String(line.quantity)).isZero());
      if (lines.length === 0)
        throw dialog(`There is nothing to release for the document of type Order with the number ${String(salesOrder.number)}.`);
      if (salesOrder.status === 'Open') return;
      salesOrder.status = 'Open';
      ctx.store.touch(salesOrder);
    },
    reopen(ctx, salesOrder) {
      if (salesOrder.status === 'Draft') return;
      salesOrder.status = 'Draft';
      ctx.store.touch(salesOrder);
    },
    ship: (ctx, salesOrder) => void postSalesOrder(ctx, salesOrder, { ship: true, invoice: false }),
  },
};

export const salesOrderLinesPage: CompanionPage = {
  views: (ctx) => ctx.store.rows(ctx.company, order.lineSet).map((row) => lineView(ctx, row)),
  find: (ctx, id) => {
    const row = ctx.store.get(ctx.company, order.lineSet, id);
    return row && lineView(ctx, row);
  },
  where: (ctx, property, value) =>
    property === 'documentId'
      ? ctx.store
          .rows(ctx.company, order.lineSet)
          .filter((row) => row.documentId === value)
          .map((row) => lineView(ctx, row))
      : salesOrderLinesPage.views(ctx).filter((row) => row[property] === value),
  insert(ctx, values, parent) {
    // The page finds its order by the link (LB Document Id); alone it has none.
    if (!parent?._backing) throw recordMissing('Sales Header', `SystemId='{${noneId}}'`);
    return insertSalesLine(ctx, order, parent._backing, toStandardLine(ctx, values));
  },
};
