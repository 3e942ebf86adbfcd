/**
 * Control routes for what happens after an order (documented in README.md): refund it
 * (partly, with or without restock, with shipping, pending), settle a pending refund,
 * fulfil it, change stock behind the hub's back; and Shopify Payments: disputes, reserves,
 * adjustments (any balance-transaction type), payout runs and a payout's later status.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { dec, formatMoney, sum } from '../shared/money.ts';
import type { RefundRecord } from './after-sale-records.ts';
import { createFulfillment } from './create-fulfillment.ts';
import type { EmulatorCore } from './emulator-core.ts';
import { gid, type OrderRecord } from './records.ts';
import { refundOrder, settleRefund } from './refund-order.ts';
import { bookMovement, cardPaid, moveReserve, openDispute, runPayout, winDispute } from './shopify-payments.ts';

const refundSchema = z
  .object({
    lines: z
      .array(
        z.object({
          lineItemId: z.string().optional(),
          sku: z.string().optional(),
          quantity: z.number().int().positive().default(1),
          restockType: z.enum(['RETURN', 'CANCEL', 'NO_RESTOCK']).optional(),
        }),
      )
      .optional(),
    shipping: z.boolean().optional(),
    withhold: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .optional(),
    note: z.string().optional(),
    pending: z.boolean().optional(),
  })
  .strict();

const fulfilSchema = z
  .object({
    company: z.string().optional(),
    number: z.string().optional(),
    url: z.string().optional(),
    notifyCustomer: z.boolean().optional(),
  })
  .strict();

export function refundSummary(order: OrderRecord, refund: RefundRecord) {
  return {
    id: gid('Refund', refund.id),
    legacyId: String(refund.id),
    orderId: gid('Order', order.id),
    orderName: order.name,
    amount: sum(refund.transactions.map((transaction) => transaction.amount)).toFixed(2),
    pending: refund.transactions.some((transaction) => transaction.status === 'PENDING'),
    lines: refund.lines.map((line) => ({
      lineItemId: gid('LineItem', line.lineId),
      quantity: line.quantity,
      restockType: line.restockType,
    })),
  };
}

function problems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

export function mountAfterSaleControl(
  control: Hono,
  emulator: EmulatorCore,
  findOrder: (id: string) => OrderRecord | undefined,
  readBody: (request: Request) => Promise<unknown>,
): void {
  const { shop } = emulator;

  control.post('/orders/:id/refunds', async (c) => {
    const order = findOrder(c.req.param('id'));
    if (!order) return c.json({ error: 'order not found' }, 404);
    const parsed = refundSchema.safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const wanted = parsed.data.lines ?? [{ quantity: 1 }];
    const lines = [];
    for (const line of wanted) {
      const found = order.lines.find((candidate) =>
        line.lineItemId
          ? gid('LineItem', candidate.id) === line.lineItemId
          : line.sku
            ? candidate.sku === line.sku
            : candidate.currentQuantity > 0,
      );
      if (!found) return c.json({ error: `no line ${line.lineItemId ?? line.sku ?? 'left to refund'} on ${order.name}` }, 400);
      lines.push({ lineId: found.id, quantity: line.quantity, restockType: line.restockType });
    }
    const result = refundOrder(shop, order, { ...parsed.data, lines });
    if (!result.refund) return c.json({ error: result.error }, 422);
    return c.json(refundSummary(order, result.refund), 201);
  });

  control.post('/orders/:id/refunds/:refundId/settle', (c) => {
    const order = findOrder(c.req.param('id'));
    const refundId = c.req.param('refundId');
    const refund = order?.refunds.find(
      (candidate) => String(candidate.id) === refundId || gid('Refund', candidate.id) === decodeURIComponent(refundId),
    );
    if (!order || !refund) return c.json({ error: 'refund not found' }, 404);
    return c.json(refundSummary(order, settleRefund(shop, order, refund)));
  });

  control.post('/orders/:id/fulfill', async (c) => {
    const order = findOrder(c.req.param('id'));
    if (!order) return c.json({ error: 'order not found' }, 404);
    const parsed = fulfilSchema.safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const open = order.fulfillmentOrders.filter(
      (fulfillmentOrder) => fulfillmentOrder.status === 'OPEN' || fulfillmentOrder.status === 'IN_PROGRESS',
    );
    if (!open.length) return c.json({ error: `${order.name} has nothing left to fulfil` }, 422);
    const { notifyCustomer, ...tracking } = parsed.data;
    const result = createFulfillment(shop, {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: gid('FulfillmentOrder', open[0]!.id) }],
      notifyCustomer,
      trackingInfo: tracking,
    });
    if (result.errors) return c.json({ error: result.errors.map((error) => error.message) }, 422);
    return c.json(
      { id: gid('Fulfillment', result.fulfillment.id), name: result.fulfillment.name, tracking: result.fulfillment.tracking },
      201,
    );
  });

  control.post('/stock/:sku', async (c) => {
    const parsed = z
      .object({ available: z.number().int().min(0), location: z.string().optional() })
      .safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const variant = shop.variantBySku(c.req.param('sku'));
    const location = parsed.data.location ? shop.locations.find((candidate) => candidate.name === parsed.data.location) : shop.locations[0];
    const level = variant && location && shop.inventoryLevel(variant.inventoryItemId, location.id);
    if (!level) return c.json({ error: 'no such SKU at that location' }, 404);
    level.available = parsed.data.available;
    level.updatedAt = shop.timestamp();
    shop.publish({ topic: 'inventory_levels/update', level });
    return c.json(shop.stockBySku(c.req.param('sku')));
  });

  control.post('/payouts', async (c) => {
    const parsed = z
      .object({ status: z.enum(['SCHEDULED', 'PAID', 'FAILED', 'CANCELED']).optional() })
      .safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const payout = runPayout(shop, parsed.data);
    if (!payout) return c.json({ error: 'nothing on the balance to pay out' }, 422);
    return c.json({ ...payout, id: gid('ShopifyPaymentsPayout', payout.id), legacyId: String(payout.id) }, 201);
  });
  control.post('/payouts/:id/status', async (c) => {
    const parsed = z
      .object({ status: z.enum(['SCHEDULED', 'PAID', 'FAILED', 'CANCELED']) })
      .safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const payout = shop.payouts.get(BigInt(/(\d+)$/.exec(c.req.param('id'))?.[1] ?? '0'));
    if (!payout) return c.json({ error: 'no such payout' }, 404);
    payout.status = parsed.data.status;
    return c.json({ ...payout, id: gid('ShopifyPaymentsPayout', payout.id), legacyId: String(payout.id) });
  });
  control.post('/payments/movements', async (c) => {
    const parsed = z
      .object({
        type: z.string().regex(/^[A-Z_]+$/),
        amount: z.string().regex(/^-?\d+(\.\d+)?$/),
        fee: z
          .string()
          .regex(/^-?\d+(\.\d+)?$/)
          .optional(),
        order: z.string().optional(),
        reason: z.string().optional(),
      })
      .strict()
      .safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const order = parsed.data.order ? findOrder(parsed.data.order) : undefined;
    if (parsed.data.order && !order) return c.json({ error: 'no such order' }, 404);
    const movement = bookMovement(shop, {
      type: parsed.data.type,
      sourceType: parsed.data.type.startsWith('RESERVED_FUNDS') ? 'SYSTEM_ADJUSTMENT' : 'ADJUSTMENT',
      amount: parsed.data.amount,
      ...(parsed.data.fee ? { fee: parsed.data.fee } : {}),
      ...(order ? { order } : {}),
      adjustmentReason: parsed.data.reason ?? null,
    });
    return c.json({ id: gid('ShopifyPaymentsBalanceTransaction', movement.id), type: movement.type, net: movement.net }, 201);
  });
  control.post('/payments/reserve', async (c) => {
    const parsed = z
      .object({ amount: z.string().regex(/^\d+(\.\d+)?$/), direction: z.enum(['hold', 'release']).default('hold') })
      .safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const movement = moveReserve(shop, parsed.data.amount, parsed.data.direction);
    return c.json({ id: gid('ShopifyPaymentsBalanceTransaction', movement.id), type: movement.type, net: movement.net }, 201);
  });
  control.post('/orders/:id/dispute', async (c) => {
    const parsed = z
      .object({
        amount: z
          .string()
          .regex(/^\d+(\.\d+)?$/)
          .optional(),
        outcome: z.enum(['open', 'won']).default('open'),
      })
      .safeParse(await readBody(c.req.raw).catch(() => null));
    if (!parsed.success) return c.json({ error: problems(parsed.error) }, 400);
    const order = findOrder(c.req.param('id'));
    if (!order) return c.json({ error: 'no such order' }, 404);
    const paid = cardPaid(shop, order);
    if (!paid.gt(0)) return c.json({ error: 'the order has no card payment on the Shopify Payments balance' }, 422);
    const withdrawal = openDispute(shop, order, parsed.data.amount ?? formatMoney(dec(paid), shop.currency));
    const reversal = parsed.data.outcome === 'won' ? winDispute(shop, withdrawal) : undefined;
    return c.json(
      {
        withdrawal: gid('ShopifyPaymentsBalanceTransaction', withdrawal.id),
        ...(reversal ? { reversal: gid('ShopifyPaymentsBalanceTransaction', reversal.id) } : {}),
      },
      201,
    );
  });
  control.get('/payouts', (c) =>
    c.json({
      payouts: [...shop.payouts.values()].map((payout) => ({
        ...payout,
        id: gid('ShopifyPaymentsPayout', payout.id),
        legacyId: String(payout.id),
      })),
      unpaid: shop.balanceTransactions.filter((transaction) => transaction.payoutId === null).length,
    }),
  );
}
