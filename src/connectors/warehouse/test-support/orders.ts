/** Warehouse orders for tests: a UK parcel by default, lines as `[sku, quantity]`. */
import type { WarehouseOrder } from '../../../core/domain/warehouse.ts';

export function warehouseOrder(reference: string, lines: [string, number][], overrides: Partial<WarehouseOrder> = {}): WarehouseOrder {
  return {
    reference,
    externalReference: `#${reference.replace(/\D/g, '')}`,
    shippingMethod: 'STANDARD',
    shipTo: {
      name: 'Amelia Hughes',
      company: null,
      address1: '12 Mill Lane',
      address2: null,
      address3: null,
      city: 'Leicester',
      county: null,
      postCode: 'LE1 1AA',
      countryCode: 'GB',
      email: 'amelia.hughes@example.co.uk',
      phone: null,
    },
    currency: 'GBP',
    orderValue: '48.00',
    lines: lines.map(([sku, quantity], index) => ({ lineRef: String((index + 1) * 10_000), sku, quantity, unitPrice: '24.00' })),
    eoriNumber: null,
    vatNumber: null,
    iossNumber: null,
    requiredDespatchDate: null,
    deliveryNotes: null,
    giftMessage: null,
    ...overrides,
  };
}
