/** A steady stream of generated checkout orders at a configurable rate, on the injected clock. */
import type { Clock } from '../../src/core/clock.ts';
import { defaultAftercareMix, rollAftercare, type AftercareMix } from './aftercare.ts';
import { defaultGeneratorMix, generateOrderDraft, type GeneratorMix } from './generator.ts';
import { placeOrder } from './place-order.ts';
import type { Random } from './random.ts';
import type { OrderRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

export interface OrderStreamOptions {
  /** Orders per minute; default 6 (one every ten seconds). */
  ratePerMinute?: number;
  /** Stop by itself after this many orders. */
  maxOrders?: number;
  mix?: Partial<GeneratorMix>;
  /** Refunds and cancellations of earlier orders; `{ refundRate: 0, cancelRate: 0 }` turns them off. */
  aftercare?: Partial<AftercareMix>;
  onOrder?: (order: OrderRecord) => void;
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
  const loop = (async () => {
    while (!abort.signal.aborted && (options.maxOrders === undefined || placed < options.maxOrders)) {
      await clock.sleep(intervalMs, abort.signal);
      const result = placeOrder(shop, generateOrderDraft(shop, random, mix));
      if (result.order) {
        placed += 1;
        options.onOrder?.(result.order);
      }
      rollAftercare(shop, random, aftercare);
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
