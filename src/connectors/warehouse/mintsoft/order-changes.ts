/**
 * Cancelling and amending released orders. Mintsoft cancels with a GET (`…/Cancel`): the
 * endpoint is `unsafe`, so a cancel in doubt is never sent again by the client; instead the
 * part is read back and the read decides (reference F11). Amendments go only to parts that
 * have not reached picking; the 3PL's own refusal is the final word.
 */
import type { AmendOrderResult, CancelOrderResult, WarehouseOrderAmendment, WarehouseOrderPart } from '../../../core/domain/warehouse.ts';
import { isConnectorError } from '../../../core/errors.ts';
import { getOrderWire, type MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { warehouseError } from './errors.ts';
import { buildUpdateOrderBody } from './map-order.ts';
import { findOrder } from './orders.ts';
import { toolkitResultWire } from './schemas.ts';

const closed = new Set(['despatched', 'cancelled', 'rejected']);
const isOpen = (part: WarehouseOrderPart) => !closed.has(part.status);
const label = (part: WarehouseOrderPart) => `part ${part.partNumber} of ${part.partCount} (${part.wmsOrderId}, ${part.wmsStatus})`;

export async function cancelOrder(ctx: MintsoftContext, reference: string): Promise<CancelOrderResult> {
  const before = await findOrder(ctx, reference);
  if (!before) return { outcome: 'not_found' };
  const refusals: string[] = [];
  for (const part of before.parts.filter(isOpen)) {
    const refusal = await cancelPart(ctx, part);
    if (refusal) refusals.push(`${label(part)}: ${refusal}`);
  }
  const after = (await findOrder(ctx, reference)) ?? before;
  const despatched = after.parts.filter((part) => part.status === 'despatched');
  const stillOpen = after.parts.filter(isOpen);
  if (despatched.length === 0 && stillOpen.length === 0) return { outcome: 'cancelled', order: after };
  const reasons = [...despatched.map((part) => `${label(part)} already despatched`), ...refusals];
  if (reasons.length === 0) reasons.push(...stillOpen.map((part) => `${label(part)} is still open`));
  return { outcome: 'too_late', order: after, reason: reasons.join('; ') };
}

/** Cancels one part; the refusal text, or undefined when it is cancelled. */
async function cancelPart(ctx: MintsoftContext, part: WarehouseOrderPart): Promise<string | undefined> {
  try {
    const result = await ctx.client.request(endpoints.cancelOrder, { params: { id: part.wmsOrderId }, schema: toolkitResultWire });
    return result.Success ? undefined : (result.Message ?? 'refused without a reason');
  } catch (error) {
    if (!isConnectorError(error) || !error.outcomeUnknown) throw error;
    // The cancel may or may not have happened: read the part, never send the cancel again here.
    const wire = await getOrderWire(ctx, part.wmsOrderId);
    const now = await ctx.statuses.resolve(wire.OrderStatusId);
    if (now.status === 'cancelled') return undefined;
    throw warehouseError(
      error.code,
      `cancelling ${label(part)} of order ${wire.OrderNumber} went unanswered and the part reads ${now.name}: the next attempt reads again before cancelling`,
      {
        outcomeUnknown: true,
        retryable: true,
        cause: error,
      },
    );
  }
}

/** Statuses at which Mintsoft still takes changes: before printing and picking. */
function amendable(part: WarehouseOrderPart): boolean {
  return part.wmsStatus === 'NEW' || part.status === 'backordered' || part.status === 'on_hold' || part.status === 'exception';
}

export async function amendOrder(ctx: MintsoftContext, reference: string, amendment: WarehouseOrderAmendment): Promise<AmendOrderResult> {
  const before = await findOrder(ctx, reference);
  if (!before) return { outcome: 'not_found' };
  const open = before.parts.filter(isOpen);
  const late = before.parts.filter((part) => part.status === 'despatched' || (isOpen(part) && !amendable(part)));
  if (open.length === 0 || late.length > 0) {
    const reason = late.length
      ? late.map((part) => `${label(part)} is past the amendment cut-off`).join('; ')
      : 'no part of the order is open';
    return { outcome: 'too_late', order: before, reason };
  }
  const body = buildUpdateOrderBody(amendment, ctx.config);
  const refusals: string[] = [];
  for (const part of open) {
    const result = await ctx.client.request(endpoints.updateOrder, { params: { id: part.wmsOrderId }, body, schema: toolkitResultWire });
    if (!result.Success) refusals.push(`${label(part)}: ${result.Message ?? 'refused without a reason'}`);
  }
  const after = (await findOrder(ctx, reference)) ?? before;
  return refusals.length ? { outcome: 'too_late', order: after, reason: refusals.join('; ') } : { outcome: 'amended', order: after };
}
