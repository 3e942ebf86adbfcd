/** The orders configuration the flow tests use: the sandbox's mappings. */
import { ordersFlowSchema, type OrdersFlowConfig } from '../../src/config/schema.ts';

export function testOrdersConfig(overrides: Record<string, unknown> = {}): OrdersFlowConfig {
  return ordersFlowSchema.parse({
    customers: { guests: { rule: 'default-customer', customerNumber: 'WEB-GUEST' } },
    shippingMethods: { STANDARD: 'STD', Express: 'EXP', '*': 'STD' },
    locations: { 'Scend Warehouse': 'SCEND', 'London Shop': 'LONDON' },
    shipping: { accountNumber: '40250' },
    giftCards: { liabilityAccountNumber: '2310' },
    ...overrides,
  });
}
