/**
 * Order callbacks: the URL registered for the event in the order's Connect Action
 * (ExtraCode1 despatched, 2 cancelled, 3 delivered, 5 split), the order JSON as
 * `GET /api/Order/{id}` returns it, and the registered `ExtraCode4` as Authorization.
 * Split parts inherit their original's registration (an emulator choice; the adapter
 * does not rely on it: polling finds every part).
 */
import type { CallbackEvent } from './callbacks.ts';
import type { EmulatorDeps } from './deps.ts';
import type { OrderRecord, SplitRecord } from './state.ts';
import { orderToWire, wmsTime } from './wire.ts';

const urlField = { despatched: 'ExtraCode1', cancelled: 'ExtraCode2', delivered: 'ExtraCode3', split: 'ExtraCode5' } as const;

export function fireOrderCallback(deps: EmulatorDeps, order: OrderRecord, event: Exclude<CallbackEvent, 'split' | 'asn_booked_in'>): void {
  const registration = deps.state.connectActions.get(order.id);
  if (!registration) return;
  deps.callbacks.send(event, registration[urlField[event]], registration.ExtraCode4, orderToWire(deps, order), order.id);
}

export function splitToWire(deps: EmulatorDeps, split: SplitRecord) {
  const original = deps.state.orders.get(split.orderId);
  const part = deps.state.orders.get(split.splitOrderId);
  return {
    ID: split.id,
    OrderId: split.orderId,
    Order: original ? orderToWire(deps, original) : null,
    SplitOrderId: split.splitOrderId,
    SplitOrder: part ? orderToWire(deps, part) : null,
    LastUpdated: wmsTime(split.lastUpdated),
  };
}

export function fireSplitCallback(deps: EmulatorDeps, split: SplitRecord): void {
  const registration = deps.state.connectActions.get(split.orderId);
  if (!registration) return;
  deps.callbacks.send('split', registration.ExtraCode5, registration.ExtraCode4, splitToWire(deps, split), split.orderId);
}
