/**
 * What every flow's exception catalogue shares: the shape of a definition, the one
 * exception every flow raises when a system stays unreachable, and the function that turns
 * a catalogue entry into an exception for the ledger.
 */
import type { RetryDecision } from '../../core/retry.ts';
import type { ExceptionInput } from '../../ledger/exceptions.ts';

/** An exception kind: everything but the record, the flow and the words about this case. */
export type ExceptionDefinition = Omit<ExceptionInput, 'message' | 'evidence' | 'recordId' | 'flow'>;

/** Raised by every flow when a job gave up after repeated tries: a connection problem, not a data one. */
export const retriesExhausted = {
  code: 'retries_exhausted',
  category: 'upstream',
  severity: 'critical',
  owner: 'integration',
  action:
    'The hub could not reach a system after repeated tries (an outage, expired credentials). Check the connection and credentials shown in the evidence, then retry.',
  autoRetry: false,
} as const satisfies ExceptionDefinition;

/** Raised by every flow when a job stopped on an unexpected error in the hub itself: not repeated, since the same input fails the same way. */
export const hubError = {
  code: 'hub_error',
  category: 'internal',
  severity: 'critical',
  owner: 'integration',
  action:
    'The hub stopped on an unexpected error of its own (in the evidence), not on another system: a defect, or data it does not expect. Report it with the evidence; retry once it is fixed.',
  autoRetry: false,
} as const satisfies ExceptionDefinition;

/**
 * The exception for work that stopped: `hub_error` when the hub itself failed (so no exception
 * claims "the system could not be reached" for a defect), else the flow's own choice.
 */
export function stoppedWorkException(
  flow: string,
  decision: RetryDecision,
  what: string,
  evidence: unknown,
  otherwise: () => ExceptionInput,
): ExceptionInput {
  return decision.stop === 'defect' ? { ...hubError, flow, message: `${what} stopped: ${decision.reason}.`, evidence } : otherwise();
}

/** An exception maker for one flow's catalogue: `make(code, message, evidence)`. */
export function exceptionsOf<Catalogue extends Record<string, ExceptionDefinition>>(flow: string, catalogue: Catalogue) {
  return (code: keyof Catalogue & string, message: string, evidence: unknown = {}): ExceptionInput => ({
    ...catalogue[code]!,
    flow,
    message,
    evidence,
  });
}
