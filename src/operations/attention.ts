/**
 * What an open exception asks of a person: "needs action" (something is stuck until someone
 * fixes it) or "for review" (the hub did its work and tells a team what it did, e.g. a new
 * customer it created in BC). The two are counted, coloured and listed apart everywhere, so
 * a team's red total is only what waits for it.
 */
import type { ExceptionSeverity, LedgerException } from '../ledger/types.ts';

export const attentionKinds = ['action', 'review'] as const;
export type Attention = (typeof attentionKinds)[number];

/** Severities that only inform: the record went through, a person looks when they can. */
export const reviewSeverities: readonly ExceptionSeverity[] = ['info'];

export function attentionOf(exception: Pick<LedgerException, 'severity'>): Attention {
  return reviewSeverities.includes(exception.severity) ? 'review' : 'action';
}

/** The severities an attention filter selects. */
export function severitiesFor(attention: Attention): ExceptionSeverity[] {
  const all: ExceptionSeverity[] = ['info', 'warning', 'error', 'critical'];
  return all.filter((severity) => attentionOf({ severity }) === attention);
}

export const attentionWords: Record<Attention, string> = { action: 'Needs action', review: 'For review' };
