/**
 * What was posted, in a small summary, and what changed since: the fields that matter to a
 * BC sales order (lines, prices, discounts, ship-to, contact, shipping, cancellation).
 * Fulfilment, tags and notes are left out, so the hub's own writes to Shopify (fulfilments
 * with tracking) never look like a customer's change; so are refunds the refunds flow
 * credits with a memo (see `orderedQuantity`). Pure.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { activeLines, describeLine, orderedQuantity } from './validate.ts';

export interface PostedSummary {
  lines: { id: string; title: string; sku: string | null; quantity: number; unitPrice: string; discount: string }[];
  shipTo: Record<string, string | null>;
  email: string | null;
  shipping: { title: string; price: string }[];
  cancelled: boolean;
}

export function summariseOrder(order: ChannelOrder): PostedSummary {
  const address = order.shippingAddress;
  return {
    lines: activeLines(order).map(({ line }) => ({
      id: line.id,
      title: describeLine(line),
      sku: line.sku,
      quantity: orderedQuantity(line),
      unitPrice: line.unitPrice,
      discount: line.totalDiscount,
    })),
    shipTo: {
      name: address?.name ?? null,
      company: address?.company ?? null,
      address1: address?.address1 ?? null,
      address2: address?.address2 ?? null,
      city: address?.city ?? null,
      zip: address?.zip ?? null,
      countryCode: address?.countryCode ?? null,
    },
    email: order.email,
    shipping: order.shippingLines.map((line) => ({ title: line.title, price: line.discountedPrice })),
    cancelled: order.cancelledAt !== null,
  };
}

/** Human-readable differences; empty when nothing that matters to BC changed. */
export function describeChanges(before: PostedSummary, after: PostedSummary): string[] {
  const changes: string[] = [];
  if (!before.cancelled && after.cancelled) changes.push('the order was cancelled in Shopify');
  const previous = new Map(before.lines.map((line) => [line.id, line]));
  const current = new Map(after.lines.map((line) => [line.id, line]));
  for (const line of after.lines) {
    const old = previous.get(line.id);
    if (!old) changes.push(`line added: ${line.quantity} × ${line.title} (SKU ${line.sku ?? 'none'})`);
    else {
      if (old.quantity !== line.quantity) changes.push(`${line.title}: quantity ${old.quantity} → ${line.quantity}`);
      if (old.sku !== line.sku) changes.push(`${line.title}: SKU ${old.sku ?? 'none'} → ${line.sku ?? 'none'}`);
      if (old.unitPrice !== line.unitPrice || old.discount !== line.discount)
        changes.push(`${line.title}: price ${old.unitPrice} less ${old.discount} → ${line.unitPrice} less ${line.discount}`);
    }
  }
  for (const line of before.lines) if (!current.has(line.id)) changes.push(`line removed: ${line.quantity} × ${line.title}`);
  for (const [field, value] of Object.entries(after.shipTo)) {
    if ((before.shipTo[field] ?? null) !== value)
      changes.push(`ship-to ${field}: ${before.shipTo[field] ?? '(none)'} → ${value ?? '(none)'}`);
  }
  if (before.email !== after.email) changes.push(`e-mail: ${before.email ?? '(none)'} → ${after.email ?? '(none)'}`);
  const shippingText = (lines: PostedSummary['shipping']) => lines.map((line) => `${line.title} ${line.price}`).join(', ') || 'none';
  if (shippingText(before.shipping) !== shippingText(after.shipping))
    changes.push(`shipping: ${shippingText(before.shipping)} → ${shippingText(after.shipping)}`);
  return changes;
}
