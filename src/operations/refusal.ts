/**
 * A request an operator made that the hub turns down, in words for that operator: an unknown
 * id, a correction to a field that cannot be corrected, a retry of something that cannot be
 * retried. The API answers it with its status (never a 500), the CLI prints it in one line
 * and exits non-zero, the dashboard shows it on the page; none of them logs a stack trace.
 */
export type RefusalCode = 'not_found' | 'invalid_request' | 'not_retryable' | 'already_closed';

const statusOf: Record<RefusalCode, 400 | 404 | 409> = {
  not_found: 404,
  invalid_request: 400,
  not_retryable: 409,
  already_closed: 409,
};

export class OperatorRefusal extends Error {
  readonly code: RefusalCode;
  readonly status: 400 | 404 | 409;
  constructor(code: RefusalCode, message: string) {
    super(message);
    this.code = code;
    this.status = statusOf[code];
    this.name = 'OperatorRefusal';
  }
}

export function isOperatorRefusal(error: unknown): error is OperatorRefusal {
  return error instanceof OperatorRefusal;
}
