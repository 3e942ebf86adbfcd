import { describe, expect, it } from 'vitest';
import { orderMappingsSchema } from './orders-schema.ts';

describe('order mappings', () => {
  it('refuse shipping as an item charge, saying why (decision 0022)', () => {
    const parsed = orderMappingsSchema.safeParse({ shipping: { lineType: 'charge' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({
      path: ['shipping', 'lineType'],
      message: expect.stringMatching(/item charges cannot be assigned/),
    });
    expect(orderMappingsSchema.safeParse({ shipping: { itemChargeNumber: 'FREIGHT' } }).success).toBe(false);
  });

  it('take a tips account and default the tip line description', () => {
    expect(orderMappingsSchema.parse({ tips: { accountNumber: '40600' } }).tips).toEqual({ accountNumber: '40600', description: 'Tip' });
  });
});
