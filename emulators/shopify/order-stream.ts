/** A steady stream of generated checkout orders at a configurable rate, on the injected clock. */
import type { Clock } from '../../src/core/clock.ts';
import { defaultAftercareMix, rollAftercare, rollPayments, type AftercareMix } from './aftercare.ts';
import { defaultGeneratorMix, generateOrderDraft, type GeneratorMix } from './generator.ts';
import { placeOrder } from './place-order.ts';
import type { Random } from './random.ts';
import type { OrderRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';
import { runPayout } from './shopify-payments.ts';

export interface OrderStreamOptions {
  /** Orders per minute; default 6 (one every ten seconds). */
  ratePerMinute?: number;
  /** Stop by itself after this many orders. */
  maxOrders?: number;
  mix?: Partial<GeneratorMix>;
  /** Refunds and cancellations of earlier orders; `{ refundRate: 0, cancelRate: 0 }` turns them off. */
  aftercare?: Partial<AftercareMix>;
  onOrder?: (order: OrderRecord) => void;
  /**
   * A Shopify Payments payout run every this many minutes of the clock (0: none): the balance
   * becomes a SCHEDULED payout and the previous scheduled ones are PAID, as Shopify's do a day
   * or two after they are issued. Default 60.
   */
  payoutEveryMinutes?: number;
}

export interface OrderStream {
  readonly placed: number;
  stop(): Promise<void>;
}

export function startOrderStream(shop: EmulatedShop, random: Random, clock: Clock, options: OrderStreamOptions = {}): OrderStream {
  const rate = options.ratePerMinute ?? 6;
  if (!(rate > 0)) throw new Error('ratePerMinute must be positive');
  const intervalMs = Math.max(1, Math.round(60_000 / rate));
  const mix = { ...defaultGeneratorMix, ...options.mix };
  const aftercare = { ...defaultAftercareMix, ...options.aftercare };
  const abort = new AbortController();
  let placed = 0;
  const payoutEveryMs = (options.payoutEveryMinutes ?? 60) * 60_000;
  let lastPayoutAt = clock.now();
  const payOut = () => {
    for (const payout of shop.payouts.values()) if (payout.status === 'SCHEDULED') payout.status = 'PAID';
    runPayout(shop, { status: 'SCHEDULED' });
    lastPayoutAt = clock.now();
  };
  const loop = (async () => {
    while (!abort.signal.aborted && (options.maxOrders === undefined || placed < options.maxOrders)) {
      await clock.sleep(intervalMs, abort.signal);
      const result = placeOrder(shop, generateOrderDraft(shop, random, mix));
      if (result.order) {
        placed += 1;
        options.onOrder?.(result.order);
      }
      rollAftercare(shop, random, aftercare);
      rollPayments(shop, random, aftercare);
      if (payoutEveryMs > 0 && clock.now() - lastPayoutAt >= payoutEveryMs) payOut();
    }
  })().catch(() => undefined);
  return {
    get placed() {
      return placed;
    },
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
