import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { readyToFulfilSchema } from '../../config/orders-schema.ts';
import { checkReadyToFulfil } from './ready-to-fulfil.ts';

const config = readyToFulfilSchema.parse({ customs: { iossNumber: 'IM3720000224', eoriValueThreshold: '1000.00' } });
const check = (order: ReturnType<typeof sampleOrder>, overrides: Partial<typeof config> = {}, shipmentMethodCode: string | null = 'STD') =>
  checkReadyToFulfil(order, { config: { ...config, ...overrides }, shipmentMethodCode: shipmentMethodCode ?? undefined }).map(
    (issue) => `${issue.code} @ ${issue.path}: ${issue.message}`,
  );

describe('ready-to-fulfil contract', () => {
  it('passes a complete UK order', () => {
    expect(check(sampleOrder())).toEqual([]);
  });

  it('names each missing address field and the missing contact', () => {
    const order = sampleOrder({
      email: null,
      shippingAddress: {
        name: 'A Buyer',
        company: null,
        address1: ' ',
        address2: null,
        city: null,
        province: null,
        provinceCode: null,
        zip: null,
        countryCode: 'GB',
        phone: null,
      },
    });
    expect(check(order)).toEqual([
      'incomplete_address @ shippingAddress: the shipping address has no address line 1, city, postcode',
      'missing_contact @ shippingAddress.phone: there is neither a phone number nor an e-mail address for the carrier',
    ]);
  });

  it('does not ask for a postcode where the country has none', () => {
    const order = sampleOrder();
    order.shippingAddress = { ...order.shippingAddress!, countryCode: 'HK', zip: null };
    expect(check(order).filter((issue) => issue.startsWith('incomplete_address'))).toEqual([]);
  });

  it('needs a mapped shipping method', () => {
    expect(check(sampleOrder({ shipping: { title: 'Drone delivery', code: 'DRONE', price: '9.99' } }), {}, null)).toEqual([
      'shipping_method_unmapped @ shippingLines[0].code: the shipping method "Drone delivery" (code DRONE) is not mapped to a Business Central shipment method',
    ]);
  });

  it('asks for commodity codes and origin on every shipped line leaving the UK', () => {
    const order = sampleOrder({
      lines: [
        { sku: 'TEE-ORG-M', unitPrice: '24.00' },
        { sku: 'CAP-CANVAS', title: 'Canvas Cap', unitPrice: '22.00', hsCode: null, origin: null },
      ],
    });
    order.shippingAddress = { ...order.shippingAddress!, countryCode: 'US', city: 'Boston', zip: '02108' };
    expect(check(order)).toEqual([
      'missing_customs_data @ lines[2].harmonizedSystemCode: line 2 (Canvas Cap, SKU CAP-CANVAS) has no HS commodity code and no country of origin, needed to ship to US',
    ]);
  });

  it('needs an EORI number for a business order leaving the UK, and takes it from the order attributes', () => {
    const order = sampleOrder();
    order.shippingAddress = { ...order.shippingAddress!, company: 'Maison Martin SARL', countryCode: 'FR', city: 'Lyon', zip: '69001' };
    expect(check(order)).toEqual([
      "missing_eori @ attributes.eori: the buyer's EORI number is missing; it is needed because it is a business order shipping to FR",
    ]);
    order.attributes = [{ key: 'EORI', value: 'FR12345678901234' }];
    expect(check(order)).toEqual([]);
  });

  it('needs an EORI number above the value threshold even for consumers', () => {
    const order = sampleOrder({ lines: [{ sku: 'HOOD-MRN-M', unitPrice: '89.00', quantity: 12 }] });
    order.shippingAddress = { ...order.shippingAddress!, countryCode: 'US', city: 'Boston', zip: '02108' };
    expect(check(order)).toEqual([
      "missing_eori @ attributes.eori: the buyer's EORI number is missing; it is needed because its value 1071.99 GBP is above 1000.00 shipping to US",
    ]);
  });

  it('ships EU consumer orders up to the threshold under IOSS, and says so when no IOSS number is set', () => {
    const order = sampleOrder();
    order.shippingAddress = { ...order.shippingAddress!, countryCode: 'DE', city: 'Berlin', zip: '10115' };
    expect(check(order)).toEqual([]);
    expect(check(order, { customs: { ...config.customs, iossNumber: undefined } })).toEqual([
      'missing_ioss @ flows.orders.readyToFulfil.customs.iossNumber: this EU consumer order (65.69 GBP to DE) ships under IOSS, but no IOSS number is configured',
    ]);
  });

  it('asks nothing of an order with nothing to ship', () => {
    const order = sampleOrder({ lines: [{ sku: 'GIFT-CARD-25', unitPrice: '25.00', isGiftCard: true }], shipping: null, email: null });
    order.shippingAddress = null;
    expect(check(order, {}, null)).toEqual([]);
  });
});
