/**
 * The simulated warehouse floor, driven by the emulator clock. Each tick does the work that
 * has fallen due: picks and despatches orders after the configured delays, restocks
 * back-ordered SKUs (a goods-in movement) so back-order parts ship later, receives and books
 * in ASNs (with over/under variance on some lines), inspects returns, and — with the
 * configured chances — writes off or finds stock and brings despatched orders back as
 * returns. With `auto` it ticks by itself every `tickMs`; tests call `tick()` instead.
 */
import { statusIdOf, type EmulatorDeps } from './deps.ts';
import { bookInAsn, inspectReturn, markAsnDelivered, receiveReturn } from './inbound.ts';
import { adjustStock, available } from './inventory.ts';
import { despatchOrder, startPicking } from './order-actions.ts';
import { allocateBackorders } from './orders.ts';
import type { Grade } from './reference-data.ts';

export function tickFloor(deps: EmulatorDeps): void {
  const now = deps.settings.clock.now();
  const floor = deps.settings.floor;
  const due = <T extends { dueAt: number | null; id: number }>(items: Iterable<T>) =>
    [...items].filter((item) => item.dueAt !== null && item.dueAt <= now).sort((a, b) => a.id - b.id);
  const [NEW, PICKING, BACKORDER, DESPATCHED] = ['NEW', 'PICKINGSTARTED', 'ONBACKORDER', 'DESPATCHED'].map((name) =>
    statusIdOf(deps, name),
  );

  for (const order of due(deps.state.orders.values())) {
    if (order.statusId === NEW) startPicking(deps, order);
    else if (order.statusId === PICKING) despatchOrder(deps, order);
  }

  if (floor.restockBackordersAfterMs !== null) {
    for (const order of deps.state.orders.values()) {
      if (order.statusId !== BACKORDER || order.createdAt + floor.restockBackordersAfterMs > now) continue;
      for (const line of order.items) {
        const short = line.onBackOrder - available(deps.state.stockOf(line.productId));
        if (short > 0) adjustStock(deps, deps.state.products.get(line.productId)!, short, 'Goods In');
      }
    }
  }
  allocateBackorders(deps);

  for (const asn of due(deps.state.asns.values())) {
    if (asn.statusId === 1) markAsnDelivered(deps, asn);
    else if (asn.statusId === 9) {
      const lines = asn.items.map((item) => {
        const variance = deps.dice.chance(floor.asnVarianceRate) ? deps.dice.pick([-2, -1, 1, 2]) : 0;
        return { sku: item.sku, quantity: Math.max(0, item.expected - item.booked + variance) };
      });
      bookInAsn(deps, asn, lines, true);
    }
  }

  for (const ret of due(deps.state.returns.values())) if (ret.pendingGrades) inspectReturn(deps, ret, ret.pendingGrades);

  if (deps.dice.chance(floor.stockEventRate)) randomStockEvent(deps);
  for (const order of deps.state.orders.values()) {
    if (order.statusId !== DESPATCHED || order.returnChecked) continue;
    order.returnChecked = true;
    if (!deps.dice.chance(floor.returnRate)) continue;
    const lines = order.items.slice(0, 2).map((item) => ({ sku: item.sku, quantity: 1 }));
    const ret = receiveReturn(deps, { orderId: order.id, lines });
    ret.pendingGrades = lines.map(() => deps.dice.pick<Grade>(['A', 'A', 'B', 'C']));
    ret.dueAt = now + floor.inspectReturnsAfterMs;
  }
}

function randomStockEvent(deps: EmulatorDeps): void {
  const products = [...deps.state.products.values()].filter((product) => available(deps.state.stockOf(product.id)) > 0);
  if (products.length === 0) return;
  const product = deps.dice.pick(products);
  const kind = deps.dice.pick(['Write Off', 'Damaged', 'Found'] as const);
  if (kind === 'Found') adjustStock(deps, product, 1, 'Found');
  else adjustStock(deps, product, -1, kind, { scrap: kind === 'Write Off' });
}

/** Ticks every `tickMs` on the emulator clock until the signal aborts. */
export function runFloor(deps: EmulatorDeps, signal: AbortSignal): Promise<void> {
  const loop = async () => {
    while (!signal.aborted) {
      try {
        await deps.settings.clock.sleep(deps.settings.floor.tickMs, signal);
      } catch {
        return;
      }
      try {
        tickFloor(deps);
      } catch (error) {
        deps.settings.logger.error({ err: error }, 'warehouse emulator floor tick failed');
      }
    }
  };
  return loop();
}
