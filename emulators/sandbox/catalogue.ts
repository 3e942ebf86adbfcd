/**
 * The sandbox's shared world: one catalogue, known to the Shopify emulator (as products and
 * variants) and the Business Central emulator (as items), so generated orders match BC items
 * by SKU — except the deliberately unknown ones.
 *
 * Prices are what a UK shop shows: VAT-inclusive, in GBP.
 */
export interface CatalogueItem {
  sku: string;
  title: string;
  variantTitle: string | null;
  /** VAT-inclusive shop price. */
  price: string;
  gtin: string;
  /** UK VAT rate as a fraction: standard 0.2, reduced 0.05, zero 0. */
  vatRate: string;
  /** BC VAT product posting group for that rate. */
  vatProductGroup: 'STANDARD' | 'REDUCED' | 'ZERO';
  weightKg: string;
  /** Customs data the carrier needs for shipments leaving the UK/EU. */
  hsCode: string | null;
  countryOfOrigin: string | null;
  initialStock: number;
}

export const sandboxCatalogue: CatalogueItem[] = [
  {
    sku: 'TEE-ORG-S',
    title: 'Organic Cotton Tee',
    variantTitle: 'Small',
    price: '24.00',
    gtin: '5060123450011',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.18',
    hsCode: '610910',
    countryOfOrigin: 'PT',
    initialStock: 400,
  },
  {
    sku: 'TEE-ORG-M',
    title: 'Organic Cotton Tee',
    variantTitle: 'Medium',
    price: '24.00',
    gtin: '5060123450028',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.2',
    hsCode: '610910',
    countryOfOrigin: 'PT',
    initialStock: 500,
  },
  {
    sku: 'TEE-ORG-L',
    title: 'Organic Cotton Tee',
    variantTitle: 'Large',
    price: '24.00',
    gtin: '5060123450035',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.22',
    hsCode: '610910',
    countryOfOrigin: 'PT',
    initialStock: 450,
  },
  {
    sku: 'HOOD-MRN-M',
    title: 'Merino Hoodie',
    variantTitle: 'Medium',
    price: '89.00',
    gtin: '5060123450042',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.55',
    hsCode: '611011',
    countryOfOrigin: 'GB',
    initialStock: 120,
  },
  {
    sku: 'HOOD-MRN-L',
    title: 'Merino Hoodie',
    variantTitle: 'Large',
    price: '89.00',
    gtin: '5060123450059',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.6',
    hsCode: '611011',
    countryOfOrigin: 'GB',
    initialStock: 100,
  },
  {
    sku: 'SOCK-WOOL-3PK',
    title: 'Wool Socks, 3 pack',
    variantTitle: null,
    price: '18.50',
    gtin: '5060123450066',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.15',
    hsCode: '611595',
    countryOfOrigin: 'GB',
    initialStock: 800,
  },
  {
    sku: 'KIDS-TEE-7Y',
    title: 'Kids Tee',
    variantTitle: 'Age 7',
    price: '12.00',
    gtin: '5060123450073',
    vatRate: '0',
    vatProductGroup: 'ZERO',
    weightKg: '0.1',
    hsCode: '610910',
    countryOfOrigin: 'PT',
    initialStock: 300,
  },
  {
    sku: 'BOOK-CARE',
    title: 'The Garment Care Book',
    variantTitle: null,
    price: '14.99',
    gtin: '9781234567897',
    vatRate: '0',
    vatProductGroup: 'ZERO',
    weightKg: '0.4',
    hsCode: '490199',
    countryOfOrigin: 'GB',
    initialStock: 200,
  },
  {
    sku: 'CAP-CANVAS',
    title: 'Canvas Cap',
    variantTitle: null,
    price: '22.00',
    gtin: '5060123450080',
    vatRate: '0.2',
    vatProductGroup: 'STANDARD',
    weightKg: '0.12',
    hsCode: null,
    countryOfOrigin: null,
    initialStock: 250,
  },
  {
    sku: 'GIFT-CARD-25',
    title: 'Gift Card',
    variantTitle: '£25',
    price: '25.00',
    gtin: '5060123450097',
    vatRate: '0',
    vatProductGroup: 'ZERO',
    weightKg: '0',
    hsCode: null,
    countryOfOrigin: null,
    initialStock: 0,
  },
];

/** SKUs that exist in Shopify but not in BC: the generator puts one on about one order in twenty. */
export const unknownSkus = ['TEE-ORG-XL', 'BAG-TOTE-NEW', 'HOOD-MRN-XS'];

export interface SandboxLocation {
  /** Shopify location name; the emulator gives it a GID. */
  shopifyName: string;
  /** BC location code the hub maps it to. */
  bcCode: string;
}

export const sandboxLocations: SandboxLocation[] = [
  { shopifyName: 'Scend Warehouse', bcCode: 'SCEND' },
  { shopifyName: 'London Shop', bcCode: 'LONDON' },
];

export interface SandboxCustomer {
  number: string;
  name: string;
  email: string;
  country: string;
}

/** Customers BC already knows; generated orders reuse their e-mails part of the time. */
export const sandboxCustomers: SandboxCustomer[] = [
  { number: 'C00010', name: 'Amelia Hughes', email: 'amelia.hughes@example.co.uk', country: 'GB' },
  { number: 'C00020', name: "Liam O'Brien", email: "liam.o'brien@example.ie", country: 'IE' },
  { number: 'C00030', name: 'Sophie Martin', email: 'sophie.martin@example.fr', country: 'FR' },
  { number: 'C00040', name: 'Noah Williams', email: 'noah.williams@example.com', country: 'US' },
  { number: 'C00050', name: 'Olivia Brown', email: 'Olivia.Brown@Example.co.uk', country: 'GB' },
];

/** The BC customer for web orders with no matching customer in the first slice. */
export const sandboxWebCustomerNumber = 'WEB-GUEST';
