/**
 * Creating and finding orders, exactly once. `createOrder` searches the reference before it
 * creates (a repeated job adopts), treats a duplicate rejection as "already there" (search
 * and adopt), and after a lost answer searches instead of sending the create again — a
 * create is `unsafe`, so the client never repeats it. Split parts share the `OrderNumber`;
 * every part's id is kept.
 */
import { z } from 'zod';
import type { CreateOrderResult, WarehouseIssue, WarehouseOrder, WarehouseOrderState } from '../../../core/domain/warehouse.ts';
import { isConnectorError } from '../../../core/errors.ts';
import { getOrderWire, ownOrders, statusResolverFor, withItems, type MintsoftContext } from './context.ts';
import { readsAsDuplicate, readsAsUnknownSku, unknownSkus } from './refusals.ts';
import { endpoints } from './endpoints.ts';
import { messageOf, warehouseError } from './errors.ts';
import { buildNewOrderBody, buildOrderState, sameReference } from './map-order.ts';
import { newOrderResultWire, orderSplitWire, orderWire, type OrderWire } from './schemas.ts';
import { registerOrderCallbacks } from './webhooks.ts';

/** Every part carrying the reference, split parts included, with their lines. */
export async function searchOrderParts(ctx: MintsoftContext, reference: string): Promise<OrderWire[]> {
  const found = await ctx.client.request(endpoints.searchOrders, { query: { OrderNumber: reference }, schema: z.array(orderWire) });
  const parts = new Map<number, OrderWire>();
  for (const order of ownOrders(ctx, found)) if (sameReference(order.OrderNumber, reference)) parts.set(order.ID, order);
  const announced = Math.max(0, ...[...parts.values()].map((part) => part.NumberOfParts ?? 1));
  if (parts.size > 0 && parts.size < announced) {
    // A part the search did not return (renumbered by the 3PL, say): follow the split links.
    for (const part of [...parts.values()]) {
      const splits = await ctx.client.request(endpoints.orderSplits, { params: { id: part.ID }, schema: z.array(orderSplitWire) });
      for (const split of splits) {
        for (const id of [split.OrderId, split.SplitOrderId]) if (!parts.has(id)) parts.set(id, await getOrderWire(ctx, id));
      }
    }
  }
  return Promise.all([...parts.values()].map((part) => withItems(ctx, part)));
}

export async function findOrder(ctx: MintsoftContext, reference: string): Promise<WarehouseOrderState | null> {
  const wires = await searchOrderParts(ctx, reference);
  return buildOrderState(reference, wires, await statusResolverFor(ctx, wires));
}

export function checkOrder(order: WarehouseOrder): WarehouseIssue[] {
  const issues: WarehouseIssue[] = [];
  if (order.reference.trim() === '') issues.push({ code: 'missing_reference', path: 'reference', message: 'The order has no reference.' });
  if (order.lines.length === 0) issues.push({ code: 'no_lines', path: 'lines', message: 'The order has no lines for the warehouse.' });
  order.lines.forEach((line, index) => {
    if (line.sku.trim() === '')
      issues.push({ code: 'missing_sku', path: `lines[${index}].sku`, message: `Line ${line.lineRef} has no SKU.` });
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      issues.push({
        code: 'invalid_quantity',
        path: `lines[${index}].quantity`,
        message: `Line ${line.lineRef} has quantity ${line.quantity}; whole units above zero only.`,
      });
    }
  });
  return issues;
}

export async function createOrder(ctx: MintsoftContext, order: WarehouseOrder): Promise<CreateOrderResult> {
  const problems = checkOrder(order);
  if (problems.length > 0) return { outcome: 'rejected', issues: problems };
  const existing = await findOrder(ctx, order.reference);
  if (existing) {
    // A crash may have come between the create and the callback registration: register again (idempotent).
    await registerOrderCallbacks(
      ctx,
      order.reference,
      existing.parts.map((part) => part.wmsOrderId),
    );
    return { outcome: 'adopted', order: existing };
  }

  let results: z.output<typeof newOrderResultWire>[];
  try {
    results = await ctx.client.request(endpoints.createOrder, {
      body: buildNewOrderBody(order, ctx.config),
      schema: z.array(newOrderResultWire),
    });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    const message = messageOf(error.upstreamBody);
    if ((error.code === 'invalid_request' || error.code === 'conflict') && message !== undefined) {
      return explainRefusal(ctx, order, [message]);
    }
    if (!error.outcomeUnknown) throw error;
    // The answer was lost: the order may exist. Look, never send the create again.
    const found = await findOrder(ctx, order.reference);
    if (found) {
      await registerOrderCallbacks(
        ctx,
        order.reference,
        found.parts.map((part) => part.wmsOrderId),
      );
      return { outcome: 'adopted', order: found };
    }
    throw warehouseError(
      error.code,
      `${error.message}; no order ${order.reference} found at the warehouse yet: the next attempt looks again before creating`,
      {
        outcomeUnknown: true,
        retryable: true,
        cause: error,
      },
    );
  }

  const created = results.filter((result) => result.Success && result.OrderId);
  const refused = results.filter((result) => !result.Success);
  if (created.length === 0) {
    const messages = refused.map((result) => result.Message ?? 'no reason given');
    return explainRefusal(ctx, order, messages.length ? messages : ['the warehouse created no order']);
  }
  if (refused.length > 0)
    ctx.logger.warn({ reference: order.reference, refused: refused.map((r) => r.Message) }, 'Mintsoft refused part of an order');
  const ids = created.map((result) => String(result.OrderId));
  await registerOrderCallbacks(ctx, order.reference, ids);
  const state = await findOrder(ctx, order.reference);
  if (state) return { outcome: 'created', order: state };
  // The search lags the create: describe the order from the create's own answer.
  const wires = await Promise.all(ids.map((id) => getOrderWire(ctx, id)));
  return { outcome: 'created', order: buildOrderState(order.reference, wires, await statusResolverFor(ctx, wires))! };
}

/**
 * A refused create, explained by what the API can tell (see refusals.ts): the order is there
 * (a duplicate: adopted), or SKUs the warehouse does not know; the wording only after that.
 */
async function explainRefusal(ctx: MintsoftContext, order: WarehouseOrder, messages: string[]): Promise<CreateOrderResult> {
  const reference = order.reference;
  const message = messages.join('; ');
  const found = await findOrder(ctx, reference);
  if (found) {
    ctx.logger.info({ reference }, 'Mintsoft already had the order: adopted');
    await registerOrderCallbacks(
      ctx,
      reference,
      found.parts.map((part) => part.wmsOrderId),
    );
    return { outcome: 'adopted', order: found };
  }
  const missing = await unknownSkus(
    ctx,
    order.lines.map((line) => line.sku),
  );
  if (missing.length > 0) return { outcome: 'rejected', issues: missing.map((sku) => unknownSkuIssue(order, sku, message)) };
  if (messages.some((text) => readsAsDuplicate(ctx, text))) {
    // Rejected as a duplicate, yet not found: another client, or an ExternalOrderReference clash.
    throw warehouseError('conflict', `Mintsoft calls order ${reference} a duplicate but no order with that number is visible: ${message}`, {
      upstreamBody: { Message: message },
    });
  }
  return { outcome: 'rejected', issues: messages.map((text) => issueOf(ctx, order, text)) };
}

function unknownSkuIssue(order: WarehouseOrder, sku: string | undefined, message: string): WarehouseIssue {
  const index = sku === undefined ? -1 : order.lines.findIndex((line) => sameReference(line.sku, sku));
  return {
    code: 'unknown_sku',
    path: index >= 0 ? `lines[${index}].sku` : 'lines',
    message: `The warehouse does not know SKU ${sku ?? '(see message)'}: create or confirm the product at the warehouse, then retry. Warehouse said: ${message}`,
  };
}

function issueOf(ctx: MintsoftContext, order: WarehouseOrder, message: string): WarehouseIssue {
  const unknown = readsAsUnknownSku(ctx, message);
  if (unknown) return unknownSkuIssue(order, unknown.sku, message);
  return { code: 'warehouse_rejected', path: '', message: `The warehouse refused the order: ${message}` };
}
