/**
 * Realistic checkout traffic for the sandbox: GBP prices including UK VAT, UK, EU and
 * rest-of-world buyers (some international addresses lack what a customs declaration
 * needs), line and order discounts, gift-card redemptions, free and paid shipping, two
 * stock locations, returning customers whose e-mails differ in case or spacing, and about
 * one order in twenty with a SKU Business Central does not know.
 */
import { dec, sum } from '../shared/money.ts';
import { sandboxCatalogue, sandboxCustomers, unknownSkus } from '../sandbox/catalogue.ts';
import type { DraftLine, OrderDraft } from './place-order.ts';
import type { Random } from './random.ts';
import type { AddressRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

export interface GeneratorMix {
  unknownSkuRate: number;
  knownCustomerRate: number;
  ukRate: number;
  euRate: number;
  /** Share of non-UK orders missing a phone, province or postcode. */
  incompleteInternationalRate: number;
  lineDiscountRate: number;
  orderDiscountRate: number;
  freeShippingCodeRate: number;
  giftCardRedemptionRate: number;
  giftCardPurchaseRate: number;
  secondLocationRate: number;
  /** Share of buyers outside the UK who buy for a business (a company on the address). */
  businessRate: number;
  /** Share of those business orders whose buyer gave no EORI number at checkout. */
  eoriMissingRate: number;
  /** Share of orders paid with PayPal instead of a card through Shopify Payments (no payout: PayPal settles them). */
  paypalRate: number;
}

export const defaultGeneratorMix: GeneratorMix = {
  unknownSkuRate: 0.05,
  knownCustomerRate: 0.35,
  ukRate: 0.6,
  euRate: 0.25,
  incompleteInternationalRate: 0.3,
  lineDiscountRate: 0.15,
  orderDiscountRate: 0.15,
  freeShippingCodeRate: 0.05,
  giftCardRedemptionRate: 0.1,
  giftCardPurchaseRate: 0.03,
  secondLocationRate: 0.15,
  businessRate: 0.12,
  eoriMissingRate: 0.5,
  paypalRate: 0.08,
};

const companies = [
  'Atelier Lumière SARL',
  'Nordlicht Handels GmbH',
  'Grachten Goods B.V.',
  'Hudson Outfitters LLC',
  'Harbour & Pine Pty Ltd',
];

/** A business buyer abroad: a company name, and (unless missing) an EORI number at checkout. */
function businessDetails(
  random: Random,
  mix: GeneratorMix,
  address: AddressRecord,
): { company: string; attributes: { key: string; value: string }[] } | undefined {
  if (address.countryCode === 'GB' || !random.chance(mix.businessRate)) return undefined;
  const eori = `${address.countryCode}${String(random.int(100_000_000, 999_999_999))}${String(random.int(100, 999))}`;
  return { company: random.pick(companies), attributes: random.chance(mix.eoriMissingRate) ? [] : [{ key: 'EORI', value: eori }] };
}

type Place = Omit<AddressRecord, 'firstName' | 'lastName' | 'company' | 'phone' | 'address2'> & { phonePrefix: string };

const ukPlaces: Place[] = [
  {
    address1: '14 Mill Lane',
    city: 'Manchester',
    province: 'England',
    provinceCode: 'ENG',
    zip: 'M4 1HN',
    countryCode: 'GB',
    phonePrefix: '+44 161 496 0',
  },
  {
    address1: '3 Harbour Street',
    city: 'Edinburgh',
    province: 'Scotland',
    provinceCode: 'SCT',
    zip: 'EH6 6JJ',
    countryCode: 'GB',
    phonePrefix: '+44 131 496 0',
  },
  {
    address1: '88 Camden Road',
    city: 'London',
    province: 'England',
    provinceCode: 'ENG',
    zip: 'NW1 9EA',
    countryCode: 'GB',
    phonePrefix: '+44 20 7946 0',
  },
  {
    address1: '2 Castle Arcade',
    city: 'Cardiff',
    province: 'Wales',
    provinceCode: 'WLS',
    zip: 'CF10 1BU',
    countryCode: 'GB',
    phonePrefix: '+44 29 2018 0',
  },
];
const euPlaces: Place[] = [
  {
    address1: '21 Dawson Street',
    city: 'Dublin',
    province: 'Dublin',
    provinceCode: 'D',
    zip: 'D02 X285',
    countryCode: 'IE',
    phonePrefix: '+353 1 555 0',
  },
  {
    address1: '5 Rue du Bac',
    city: 'Paris',
    province: null,
    provinceCode: null,
    zip: '75007',
    countryCode: 'FR',
    phonePrefix: '+33 1 55 55 0',
  },
  {
    address1: 'Torstraße 101',
    city: 'Berlin',
    province: null,
    provinceCode: null,
    zip: '10119',
    countryCode: 'DE',
    phonePrefix: '+49 30 5555 0',
  },
  {
    address1: 'Prinsengracht 263',
    city: 'Amsterdam',
    province: null,
    provinceCode: null,
    zip: '1016 GV',
    countryCode: 'NL',
    phonePrefix: '+31 20 555 0',
  },
];
const worldPlaces: Place[] = [
  {
    address1: '350 Fifth Avenue',
    city: 'New York',
    province: 'New York',
    provinceCode: 'NY',
    zip: '10118',
    countryCode: 'US',
    phonePrefix: '+1 212 555 0',
  },
  {
    address1: '100 Queen St W',
    city: 'Toronto',
    province: 'Ontario',
    provinceCode: 'ON',
    zip: 'M5H 2N2',
    countryCode: 'CA',
    phonePrefix: '+1 416 555 0',
  },
  {
    address1: '1 Macquarie Street',
    city: 'Sydney',
    province: 'New South Wales',
    provinceCode: 'NSW',
    zip: '2000',
    countryCode: 'AU',
    phonePrefix: '+61 2 5550 0',
  },
  {
    address1: 'Bahnhofstrasse 1',
    city: 'Zürich',
    province: null,
    provinceCode: null,
    zip: '8001',
    countryCode: 'CH',
    phonePrefix: '+41 44 555 0',
  },
];
/** Every country the generator ships to, so the other emulators can be checked to know them. */
export const generatedCountryCodes: readonly string[] = [
  ...new Set([...ukPlaces, ...euPlaces, ...worldPlaces].flatMap((place) => (place.countryCode ? [place.countryCode] : []))),
];
const firstNames = ['Ava', 'George', 'Isla', 'Oliver', 'Mia', 'Jack', 'Freya', 'Leo', 'Chloé', 'Lukas', 'Emma', 'Sven', 'Aoife', 'Mateo'];
const lastNames = [
  'Taylor',
  'Evans',
  'Davies',
  'Murphy',
  'Dubois',
  'Müller',
  'de Vries',
  'Smith',
  'Walsh',
  'Rossi',
  'Johansson',
  'Kowalski',
];

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

function variantsOfEmail(email: string, random: Random): string {
  switch (random.int(0, 4)) {
    case 0:
      return email.toUpperCase();
    case 1:
      return ` ${email}`;
    case 2:
      return `${email.charAt(0).toUpperCase()}${email.slice(1)} `;
    default:
      return email;
  }
}

function buyer(random: Random, mix: GeneratorMix) {
  if (random.chance(mix.knownCustomerRate)) {
    const known = random.pick(sandboxCustomers);
    const [firstName = null, ...rest] = known.name.split(' ');
    const places = known.country === 'GB' ? ukPlaces : [...euPlaces, ...worldPlaces].filter((place) => place.countryCode === known.country);
    return {
      email: variantsOfEmail(known.email, random),
      firstName,
      lastName: rest.join(' ') || null,
      place: random.pick(places.length ? places : ukPlaces),
    };
  }
  const firstName = random.pick(firstNames);
  const lastName = random.pick(lastNames);
  const roll = random.next();
  const place = random.pick(roll < mix.ukRate ? ukPlaces : roll < mix.ukRate + mix.euRate ? euPlaces : worldPlaces);
  const local = `${firstName}.${lastName}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return { email: `${local}${random.int(1, 999)}@example.${place.countryCode === 'GB' ? 'co.uk' : 'com'}`, firstName, lastName, place };
}

function address(random: Random, mix: GeneratorMix, who: ReturnType<typeof buyer>): AddressRecord {
  const { phonePrefix, ...place } = who.place;
  const result: AddressRecord = {
    ...place,
    firstName: who.firstName,
    lastName: who.lastName,
    company: null,
    address2: null,
    phone: `${phonePrefix}${random.int(100, 999)}`,
  };
  if (place.countryCode !== 'GB' && random.chance(mix.incompleteInternationalRate)) {
    // What carriers and customs ask for, missing: a phone, the state or province, the postcode.
    result.phone = null;
    if (random.chance(0.4)) {
      result.province = null;
      result.provinceCode = null;
    }
    if (random.chance(0.3)) result.zip = null;
  }
  return result;
}

export function generateOrderDraft(shop: EmulatedShop, random: Random, mix: GeneratorMix = defaultGeneratorMix): OrderDraft {
  const who = buyer(random, mix);
  const shippingAddress = address(random, mix, who);
  const business = businessDetails(random, mix, shippingAddress);
  if (business) shippingAddress.company = business.company;
  const sellable = sandboxCatalogue.filter((item) => !item.sku.startsWith('GIFT-CARD'));
  const lines: DraftLine[] = [];
  const count = random.chance(0.55) ? 1 : random.int(2, 4);
  for (const item of shuffle(sellable, random).slice(0, count)) {
    lines.push({ variantId: shop.variantBySku(item.sku)?.id ?? null, quantity: random.chance(0.75) ? 1 : random.int(2, 3) });
  }
  if (random.chance(mix.unknownSkuRate)) lines.push({ variantId: shop.variantBySku(random.pick(unknownSkus))?.id ?? null, quantity: 1 });
  if (random.chance(mix.giftCardPurchaseRate)) lines.push({ variantId: shop.variantBySku('GIFT-CARD-25')?.id ?? null, quantity: 1 });
  // An automatic discount lowers a catalogue line, never a gift card (Shopify discounts no gift card).
  if (random.chance(mix.lineDiscountRate))
    random.pick(lines.slice(0, count)).automaticDiscount = { title: 'Spring sale 15%', percentage: 15 };

  const uk = shippingAddress.countryCode === 'GB';
  const goods = sum(
    lines.map((line) => dec((line.variantId != null && shop.variants.get(line.variantId)?.price) || '0').times(line.quantity)),
  );
  const shippingLine = uk
    ? goods.gte(50)
      ? { title: 'Free UK delivery', code: 'FREE-UK', price: '0.00' }
      : { title: 'Royal Mail Tracked 48', code: 'RM-T48', price: '3.95' }
    : euPlaces.some((place) => place.countryCode === shippingAddress.countryCode)
      ? { title: 'International Standard (EU)', code: 'INT-EU', price: '9.95' }
      : { title: 'International Tracked', code: 'INT-ROW', price: '14.95' };

  const roll = random.next();
  const discountCode =
    roll < mix.orderDiscountRate
      ? random.chance(0.5)
        ? { code: 'WELCOME10', type: 'percentage' as const, percentage: 10 }
        : { code: 'SAVE5', type: 'fixed_amount' as const, amount: '5.00' }
      : roll < mix.orderDiscountRate + mix.freeShippingCodeRate && shippingLine.price !== '0.00'
        ? { code: 'FREESHIP', type: 'free_shipping' as const }
        : undefined;

  const giftCard = random.chance(mix.giftCardRedemptionRate)
    ? {
        id: BigInt(random.int(100_000, 999_999)),
        balance: random.pick(['10.00', '25.00', '50.00', '150.00']),
        lastCharacters: random.int(1000, 9999).toString(36),
      }
    : undefined;

  // A UK shop charges VAT at home and, under IOSS, on EU consumer parcels up to £135; other
  // exports are zero-rated (the same tax-inclusive price, no VAT in it).
  const eu = euPlaces.some((place) => place.countryCode === shippingAddress.countryCode);
  const chargesVat = uk || (eu && !business && goods.plus(shippingLine.price).lte(135));
  return {
    email: who.email,
    phone: shippingAddress.phone,
    customer: { email: who.email, firstName: who.firstName, lastName: who.lastName },
    shippingAddress,
    billingAddress: shippingAddress,
    lines,
    shippingLines: [{ ...shippingLine, source: 'shopify' }],
    discountCode,
    computeTaxes: chargesVat,
    taxesIncluded: true,
    checkoutPayment: { gateway: random.chance(mix.paypalRate) ? 'paypal' : 'shopify_payments', giftCard },
    inventoryBehaviour: 'DECREMENT_IGNORING_POLICY',
    locationName: random.chance(mix.secondLocationRate) ? 'London Shop' : undefined,
    sourceName: 'web',
    buyerAcceptsMarketing: random.chance(0.4),
    attributes: business?.attributes,
  };
}
