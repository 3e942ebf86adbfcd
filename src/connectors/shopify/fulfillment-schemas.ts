/** The shapes of fulfilment answers (fulfillment-documents.ts). */
import { z } from 'zod';
import { pageInfo } from './schemas.ts';

const nullableString = z.string().nullable();

export const fulfillment = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  trackingInfo: z.array(z.object({ company: nullableString, number: nullableString, url: nullableString })),
  fulfillmentLineItems: z.object({
    nodes: z.array(z.object({ quantity: z.number().int().nullable(), lineItem: z.object({ id: z.string() }) })),
  }),
});
export type Fulfillment = z.infer<typeof fulfillment>;

export const fulfillmentOrderState = z.object({
  id: z.string(),
  status: z.string(),
  orderId: z.string(),
  supportedActions: z.array(z.object({ action: z.string() })),
  lineItems: z.object({
    pageInfo,
    nodes: z.array(
      z.object({
        id: z.string(),
        remainingQuantity: z.number().int(),
        totalQuantity: z.number().int(),
        lineItem: z.object({ id: z.string() }),
      }),
    ),
  }),
  fulfillments: z.object({ nodes: z.array(fulfillment) }),
});
export type FulfillmentOrderState = z.infer<typeof fulfillmentOrderState>;

export const fulfillmentOrderStateResponse = z.object({ fulfillmentOrder: fulfillmentOrderState.nullable() });

export const fulfillmentCreateResponse = z.object({
  fulfillmentCreate: z
    .object({
      fulfillment: fulfillment.nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
    })
    .nullable(),
});
