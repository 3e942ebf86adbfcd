/**
 * Discounts BC can take: a line's discount may not exceed the line (BC refuses the document,
 * and the order would reach finance as `bc_rejected`), and gift-card money spread as a
 * discount needs lines to spread over (gift cards sold are never discounted). An order that
 * breaks either — a gift card bought with a gift card, say — is stopped here, before BC, with
 * the line and the amounts named.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { Issue } from '../../core/issues.ts';
import { dec, formatMoney, type Decimal } from '../../core/money.ts';
import type { PlannedLine } from './lines.ts';
import { describeLine } from './validate.ts';

export function checkDiscounts(order: ChannelOrder, planned: PlannedLine[], giftCardDiscount: Decimal): Issue[] {
  const issues: Issue[] = [];
  const money = (value: Decimal | string) => `${formatMoney(value, order.currency)} ${order.currency}`;
  const byId = new Map(order.lines.map((line, index) => [line.id, { line, index }]));
  let discountable = 0;
  for (const { source, draft } of planned) {
    const shipping = /^shipping:(\d+)$/.exec(source);
    const found = byId.get(source);
    if (shipping || (found && !found.line.isGiftCard)) discountable += 1;
    if (!draft.discountAmount) continue;
    const amount = dec(draft.unitPrice).times(draft.quantity);
    if (dec(draft.discountAmount).lessThanOrEqualTo(amount)) continue;
    const [what, path] = shipping
      ? [
          `shipping (${order.shippingLines[Number(shipping[1])]?.title ?? 'shipping'})`,
          `shippingLines[${Number(shipping[1]) + 1}].discount`,
        ]
      : found
        ? [`line ${found.index + 1} (${describeLine(found.line)})`, `lines[${found.index + 1}].discount`]
        : [source, source];
    issues.push({
      code: 'discount_exceeds_line',
      path,
      message: `${what} carries a discount of ${money(draft.discountAmount)}, more than the line's ${money(amount)}; Business Central refuses a discount larger than its line`,
    });
  }
  if (giftCardDiscount.greaterThan(0) && discountable === 0) {
    issues.push({
      code: 'discount_exceeds_line',
      path: 'transactions.giftCard',
      message: `${money(giftCardDiscount)} was paid by gift card, but the order has no line it can lower (gift cards sold are not discounted)`,
    });
  }
  return issues;
}
