/** The shapes of refund answers (refund-documents.ts), checked at the boundary. */
import { z } from 'zod';
import { moneyBag, pageInfo, transaction } from './schemas.ts';

export const restockType = z.enum(['RETURN', 'CANCEL', 'NO_RESTOCK', 'LEGACY_RESTOCK']);

export const refundLine = z.object({
  id: z.string().nullable(),
  quantity: z.number().int(),
  restockType,
  restocked: z.boolean(),
  location: z.object({ id: z.string() }).nullable(),
  lineItem: z.object({ id: z.string(), sku: z.string().nullable() }),
  priceSet: moneyBag,
  subtotalSet: moneyBag,
  totalTaxSet: moneyBag,
});
export type RefundLine = z.infer<typeof refundLine>;

const refundLinePage = z.object({ pageInfo, nodes: z.array(refundLine) });

export const refund = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  createdAt: z.string().nullable(),
  processedAt: z.string(),
  updatedAt: z.string(),
  note: z.string().nullable(),
  order: z.object({ id: z.string(), currencyCode: z.string() }),
  return: z.object({ id: z.string() }).nullable(),
  totalRefundedSet: moneyBag,
  refundLineItems: refundLinePage,
  refundShippingLines: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        shippingLine: z.object({ id: z.string().nullable() }).nullable(),
        subtotalAmountSet: moneyBag,
        taxAmountSet: moneyBag,
      }),
    ),
  }),
  orderAdjustments: z.object({
    nodes: z.array(z.object({ id: z.string(), reason: z.string().nullable(), amountSet: moneyBag, taxAmountSet: moneyBag })),
  }),
  transactions: z.object({ nodes: z.array(transaction) }),
});
export type Refund = z.infer<typeof refund>;

export const refundByIdResponse = z.object({ refund: refund.nullable() });
export const refundLineItemsPageResponse = z.object({ refund: z.object({ id: z.string(), refundLineItems: refundLinePage }).nullable() });
export const orderRefundIdsResponse = z.object({
  order: z.object({ id: z.string(), refunds: z.array(z.object({ id: z.string() })) }).nullable(),
});
