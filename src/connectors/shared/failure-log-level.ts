/**
 * How loudly a connector logs a failed request. "Not found" and "changed since you read it"
 * are answers the caller asked for (is the order still there? is my etag current?) and acts
 * on; logged as warnings they would bury the real faults, so they go to debug unless the
 * request is being retried. Anything the caller cannot settle ends in a ledger exception.
 */
import type { ConnectorError } from '../../core/errors.ts';

const answers = new Set(['not_found', 'conflict']);

export function failureLogLevel(error: ConnectorError, retrying: boolean): 'debug' | 'warn' {
  return !retrying && answers.has(error.code) ? 'debug' : 'warn';
}
