/**
 * One POST on the companion `salesOrders` creates the order with its lines and the integration
 * fields, as the standard deep insert would create the order: one order in the store that both
 * APIs show, the same number series, VAT and totals, etags, and the same refusals.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import { connectTestApi, num, type TestApi } from './test-api.ts';

const companionPath = 'ledgerbridge/integration/v1.0';

/** The same order for either API: the standard one by ids, the companion one by codes. */
function standardOrder(emulator: BcEmulator, extra: Record<string, unknown> = {}) {
  const id = (set: string, code: string) => emulator.rows(set).find((row) => row.code === code)!.id;
  return {
    customerNumber: 'C00010',
    externalDocumentNumber: 'shop-1042',
    orderDate: '2026-11-22',
    pricesIncludeTax: true,
    email: 'amelia@example.co.uk',
    shipToName: 'Amelia Hughes',
    shipToAddressLine1: '1 High St',
    shipToCity: 'Leeds',
    shipToPostCode: 'LS1 1AA',
    shipToCountry: 'GB',
    shipmentMethodId: id('shipmentMethods', 'EXPRESS'),
    salesOrderLines: [
      {
        lineType: 'Item',
        lineObjectNumber: 'BEANIE-MRN',
        itemVariantId: id('itemVariants', 'OLIVE'),
        locationId: id('locations', 'LONDON'),
        quantity: 3,
        unitPrice: 16.99,
        discountAmount: 1.5,
      },
      { lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: 1, unitPrice: 18.5, taxCode: 'REDUCED' },
      { lineType: 'Account', lineObjectNumber: '40250', description: 'Shipping', quantity: 1, unitPrice: 3.99 },
      { lineType: 'Comment', description: 'Gift wrap, please' },
    ],
    ...extra,
  };
}

function companionOrder(extra: Record<string, unknown> = {}, lines?: Record<string, unknown>[]) {
  return {
    customerNumber: 'C00010',
    externalDocumentNumber: 'shop-1043',
    orderDate: '2026-11-22',
    pricesIncludeTax: true,
    email: 'amelia@example.co.uk',
    shipToCountry: 'GB',
    shipToName: 'Amelia Hughes',
    shipToAddressLine1: '1 High St',
    shipToCity: 'Leeds',
    shipToPostCode: 'LS1 1AA',
    shipmentMethodCode: 'express',
    shopifyOrderId: 'gid://shopify/Order/1043',
    paymentTransactionId: 'pi_3PzX1043',
    salesOrderLines: lines ?? [
      {
        lineType: 'Item',
        lineObjectNumber: 'BEANIE-MRN',
        variantCode: 'olive',
        locationCode: 'LONDON',
        quantity: 3,
        unitPrice: 16.99,
        discountAmount: 1.5,
      },
      { lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', taxCode: 'REDUCED', quantity: 1, unitPrice: 18.5 },
      { lineType: 'G/L Account', lineObjectNumber: '40250', description: 'Shipping', quantity: 1, unitPrice: 3.99 },
      { lineType: ' ', description: 'Gift wrap, please' },
    ],
    ...extra,
  };
}

const amounts = (lines: Record<string, unknown>[]) =>
  lines.map((line) => [num(line.amountExcludingTax), num(line.totalTaxAmount), num(line.amountIncludingTax)]);

describe('the companion salesOrders page creates orders', () => {
  let emulator: BcEmulator;
  let standard: TestApi;
  let companion: TestApi;

  beforeEach(async () => {
    emulator = createBcEmulator({ limits: false });
    standard = await connectTestApi(emulator);
    companion = await connectTestApi(emulator, companionPath);
  });

  it('with its lines and integration fields in one POST, as the standard deep insert creates them', async () => {
    const viaStandard = await standard.post('{company}/salesOrders?$expand=salesOrderLines', standardOrder(emulator));
    const created = await companion.post('{company}/salesOrders?$expand=salesOrderLines', companionOrder());
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(
      new RegExp(`/${companionPath.replace(/\./g, '\\.')}/companies\\([^)]+\\)/salesOrders\\(${created.body.id}\\)$`),
    );
    const order = created.body;
    // The next number of the same series, the reference upper-cased as BC's Code[35] stores it.
    expect([viaStandard.body.number, order.number]).toEqual(['S-ORD101001', 'S-ORD101002']);
    expect(order).toMatchObject({
      externalDocumentNumber: 'SHOP-1043',
      customerNumber: 'C00010',
      currencyCode: '',
      pricesIncludeTax: true,
      status: 'Open',
      shipmentMethodCode: 'EXPRESS',
      shipToCity: 'Leeds',
      shopifyOrderId: 'gid://shopify/Order/1043',
      paymentTransactionId: 'pi_3PzX1043',
    });
    // VAT and totals: the standard deep insert's, line by line and in total.
    expect([num(order.totalAmountExcludingTax), num(order.totalTaxAmount), num(order.totalAmountIncludingTax)]).toEqual([
      num(viaStandard.body.totalAmountExcludingTax),
      num(viaStandard.body.totalTaxAmount),
      num(viaStandard.body.totalAmountIncludingTax),
    ]);
    expect(num(order.totalAmountIncludingTax)).toBe('71.96');
    expect(amounts(order.salesOrderLines)).toEqual(amounts(viaStandard.body.salesOrderLines));
    expect(
      order.salesOrderLines.map((line: Record<string, unknown>) => [
        line.documentId,
        num(line.sequence),
        line.lineType,
        line.lineObjectNumber,
        line.variantCode,
        line.locationCode,
        line.taxCode,
        num(line.taxPercent),
      ]),
    ).toEqual([
      [order.id, '10000', 'Item', 'BEANIE-MRN', 'OLIVE', 'LONDON', 'STANDARD', '20'],
      [order.id, '20000', 'Item', 'SOCK-WOOL-3PK', '', '', 'REDUCED', '5'],
      [order.id, '30000', 'G/L Account', '40250', '', '', 'STANDARD', '20'],
      [order.id, '40000', ' ', '', '', '', '', '0'],
    ]);

    // One order: the standard API shows it (same id, etag and lines) and finds it by reference.
    const seen = await standard.get(`{company}/salesOrders(${order.id})?$expand=salesOrderLines`);
    expect(seen.body['@odata.etag']).toBe(order['@odata.etag']);
    expect(seen.body).toMatchObject({ number: 'S-ORD101002', shipmentMethodId: viaStandard.body.shipmentMethodId, status: 'Draft' });
    expect(seen.body.salesOrderLines.map((line: Record<string, unknown>) => line.id)).toEqual(
      order.salesOrderLines.map((line: Record<string, unknown>) => line.id),
    );
    expect(seen.body.salesOrderLines[0]).toMatchObject({
      itemVariantId: viaStandard.body.salesOrderLines[0].itemVariantId,
      locationId: viaStandard.body.salesOrderLines[0].locationId,
    });
    const byShopifyId = await companion.get(`{company}/salesOrders?$filter=shopifyOrderId eq 'gid://shopify/Order/1043'&$select=id,number`);
    expect(byShopifyId.body.value).toEqual([expect.objectContaining({ id: order.id, number: 'S-ORD101002' })]);
    const read = await companion.get(`{company}/salesOrders(${order.id})?$expand=salesOrderLines($select=sequence,lineObjectNumber)`);
    expect(read.body.salesOrderLines.map((line: Record<string, unknown>) => line.lineObjectNumber)).toEqual([
      'BEANIE-MRN',
      'SOCK-WOOL-3PK',
      '40250',
      '',
    ]);
  });

  it("takes the customer's defaults for what the request leaves out", async () => {
    const viaStandard = (
      await standard.post('{company}/salesOrders?$expand=salesOrderLines', {
        customerNumber: 'C00010',
        salesOrderLines: [{ lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: 1 }],
      })
    ).body;
    const { body } = await companion.post('{company}/salesOrders', {
      customerNumber: 'c00010',
      salesOrderLines: [{ lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: 1 }],
    });
    const customer = emulator.rows('customers').find((row) => row.number === 'C00010')!;
    expect(body).toMatchObject({
      customerNumber: 'C00010',
      pricesIncludeTax: viaStandard.pricesIncludeTax,
      shipToName: customer.displayName,
      shipToCity: customer.city,
      email: customer.email,
      shopifyOrderId: '',
    });
    const [line] = (await companion.get(`{company}/salesOrders(${body.id})/salesOrderLines`)).body.value;
    expect([line.description, num(line.unitPrice), num(line.amountIncludingTax)]).toEqual([
      'Canvas Cap',
      num(viaStandard.salesOrderLines[0].unitPrice),
      num(viaStandard.salesOrderLines[0].amountIncludingTax),
    ]);
  });

  it('refuses what BC refuses, before anything is stored or a number is taken', async () => {
    const refusals: [Record<string, unknown>, number, string, string?][] = [
      [
        companionOrder({ yourReference: 'X' }),
        400,
        'BadRequest',
        "The property 'yourReference' does not exist on type 'Microsoft.NAV.salesOrder'",
      ],
      [companionOrder({ number: 'S-ORD1' }), 400, 'BadRequest', "'number' is read-only"],
      [companionOrder({ externalDocumentNumber: 'X'.repeat(36) }), 400, 'Application_StringExceededLength'],
      [companionOrder({ shopifyOrderId: 'x'.repeat(51) }), 400, 'Application_StringExceededLength'],
      [
        companionOrder({}, [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: 1, itemId: 'X' }]),
        400,
        'BadRequest',
        "'itemId' does not exist on type 'Microsoft.NAV.salesOrderLine'",
      ],
      [
        companionOrder({}, [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: 1, sequence: 10000 }]),
        400,
        'BadRequest',
        "'sequence' is read-only",
      ],
      [
        companionOrder({}, [{ lineType: 'Account', lineObjectNumber: '40250', quantity: 1 }]),
        400,
        'BadRequest',
        'Cannot convert the literal \'"Account"\'',
      ],
      [
        companionOrder({}, [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', description: 'x'.repeat(101), quantity: 1 }]),
        400,
        'Application_StringExceededLength',
      ],
      [companionOrder({ customerNumber: 'NOPE' }), 404, 'Internal_RecordNotFound', "No.='NOPE'"],
      [
        companionOrder({ shipmentMethodCode: 'DRONE' }),
        404,
        'Internal_RecordNotFound',
        "Shipment Method does not exist. Identification fields and values: Code='DRONE'",
      ],
      [companionOrder({ shippingAgentCode: 'OWL' }), 404, 'Internal_RecordNotFound', 'Shipping Agent does not exist'],
      [
        companionOrder({}, [
          { lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: 1 },
          { lineType: 'Item', lineObjectNumber: 'NOPE', quantity: 1 },
        ]),
        404,
        'Internal_RecordNotFound',
        "No.='NOPE'",
      ],
      [
        companionOrder({}, [{ lineType: 'Item', lineObjectNumber: 'BEANIE-MRN', variantCode: 'PINK', quantity: 1 }]),
        404,
        'Internal_RecordNotFound',
        "Item No.='BEANIE-MRN',Code='PINK'",
      ],
      [
        companionOrder({}, [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', locationCode: 'MOON', quantity: 1 }]),
        404,
        'Internal_RecordNotFound',
        'Location does not exist',
      ],
      [
        companionOrder({}, [{ lineObjectNumber: 'TEE-ORG-M', quantity: 1 }]),
        404,
        'Internal_RecordNotFound',
        'Standard Text does not exist',
      ],
    ];
    for (const [body, status, code, message] of refusals) {
      const answer = await companion.post('{company}/salesOrders', body);
      expect([answer.status, answer.body.error?.code], JSON.stringify(body).slice(0, 120)).toEqual([status, code]);
      if (message) expect(answer.body.error.message).toContain(message);
    }
    expect(emulator.rows('salesOrders')).toHaveLength(0);
    expect(emulator.rows('salesOrderLines')).toHaveLength(0);
    expect((await companion.post('{company}/salesOrders', companionOrder())).body.number).toBe('S-ORD101001');
  });

  it('adds a line under an order, and refuses one without an order', async () => {
    const order = (await companion.post('{company}/salesOrders', companionOrder())).body;
    const added = await companion.post(`{company}/salesOrders(${order.id})/salesOrderLines`, {
      lineType: 'Item',
      lineObjectNumber: 'CAP-CANVAS',
      quantity: 2,
    });
    expect([added.status, num(added.body.sequence), added.body.documentId]).toEqual([201, '50000', order.id]);
    const alone = await companion.post('{company}/salesOrderLines', { lineType: 'Item', lineObjectNumber: 'CAP-CANVAS', quantity: 2 });
    expect([alone.status, alone.body.error.code]).toEqual([404, 'Internal_RecordNotFound']);
    expect((await companion.patch(`{company}/salesOrderLines(${added.body.id})`, { quantity: 3 })).status).toBe(405);
  });

  it("changes the order's own fields by BC's rules and the integration fields on a released order", async () => {
    const order = (await companion.post('{company}/salesOrders', companionOrder())).body;
    const changed = await companion.patch(
      `{company}/salesOrders(${order.id})`,
      { shipToCity: 'York', paymentTransactionId: 'pi_2' },
      order['@odata.etag'],
    );
    expect(changed.body).toMatchObject({ shipToCity: 'York', paymentTransactionId: 'pi_2' });
    expect((await companion.patch(`{company}/salesOrders(${order.id})`, { shipToCity: 'Hull' }, order['@odata.etag'])).status).toBe(409);
    expect((await companion.patch(`{company}/salesOrders(${order.id})`, { customerNumber: 'C00020' })).body.error.code).toBe(
      'Application_DialogException',
    );
    await companion.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.release`);
    expect((await companion.patch(`{company}/salesOrders(${order.id})`, { email: 'x@example.com' })).body.error.code).toBe(
      'Application_FieldValidationException',
    );
    expect(
      (await companion.patch(`{company}/salesOrders(${order.id})`, { packageTrackingNumber: '1Z999', shippingAgentCode: 'dpd' })).body,
    ).toMatchObject({ packageTrackingNumber: '1Z999', shippingAgentCode: 'DPD', status: 'Released' });
  });
});
