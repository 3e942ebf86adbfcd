/**
 * What every flow's exception catalogue shares: the shape of a definition, the one
 * exception every flow raises when a system stays unreachable, and the function that turns
 * a catalogue entry into an exception for the ledger.
 */
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

/** An exception maker for one flow's catalogue: `make(code, message, evidence)`. */
export function exceptionsOf<Catalogue extends Record<string, ExceptionDefinition>>(flow: string, catalogue: Catalogue) {
  return (code: keyof Catalogue & string, message: string, evidence: unknown = {}): ExceptionInput => ({
    ...catalogue[code]!,
    flow,
    message,
    evidence,
  });
}
