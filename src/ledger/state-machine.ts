/**
 * The record life cycle. Every state change goes through `assertTransition`, and the update
 * itself is a compare-and-set on the previous state, so two workers cannot both move a record.
 *
 *   received → validated → (waiting →) posting → posted
 *        any open state → exception → back into the flow on retry
 *        received / validated / waiting → skipped (nothing to post)
 *        posted → received (changed at the source) or skipped (cancelled, BC order removed)
 */
import type { RecordState } from './types.ts';

const allowed: Record<RecordState, readonly RecordState[]> = {
  received: ['validated', 'exception', 'skipped', 'posting'],
  validated: ['waiting', 'posting', 'exception', 'skipped', 'received'],
  waiting: ['posting', 'exception', 'skipped', 'received'],
  // A doubtful create stays `posting` until a lookup settles it; a found document is adopted.
  posting: ['posted', 'exception', 'posting'],
  exception: ['received', 'validated', 'waiting', 'posting', 'posted', 'skipped', 'exception'],
  skipped: ['received', 'validated'],
  // A change after posting reopens the record; a cancellation before release ends it.
  posted: ['received', 'posted', 'skipped'],
};

export class InvalidTransitionError extends Error {
  readonly from: RecordState;
  readonly to: RecordState;
  constructor(from: RecordState, to: RecordState) {
    super(`a record cannot move from ${from} to ${to}`);
    this.from = from;
    this.to = to;
    this.name = 'InvalidTransitionError';
  }
}

export function canTransition(from: RecordState, to: RecordState): boolean {
  return allowed[from].includes(to);
}

/** Every state a record may be in to move to `to`. */
export function statesThatMayMoveTo(to: RecordState): RecordState[] {
  return (Object.keys(allowed) as RecordState[]).filter((from) => allowed[from].includes(to));
}

export function assertTransition(from: RecordState, to: RecordState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** States in which a record still waits for the hub to finish it. */
export const unfinishedStates: readonly RecordState[] = ['received', 'validated', 'waiting', 'posting', 'exception'];
