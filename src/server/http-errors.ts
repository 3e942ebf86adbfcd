/** Error → HTTP status, in one place, and the JSON error body every endpoint uses. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusForCode, isConnectorError } from '../core/errors.ts';
import { InvalidTransitionError } from '../ledger/state-machine.ts';
import { isOperatorRefusal } from '../operations/refusal.ts';

export class HttpProblem extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.name = 'HttpProblem';
  }
}

export function problem(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

export function respondToError(c: Context, error: unknown) {
  if (error instanceof HttpProblem) return problem(c, error.status, error.code, error.message);
  if (isOperatorRefusal(error)) return problem(c, error.status, error.code, error.message);
  // Thrown by Hono itself or its middleware (a body it cannot parse, say): keep its 4xx status.
  if (error instanceof HTTPException && error.status < 500)
    return problem(c, error.status as ContentfulStatusCode, 'invalid_request', error.message || 'the request could not be read');
  if (isConnectorError(error)) return problem(c, httpStatusForCode[error.code] as ContentfulStatusCode, error.code, error.message);
  if (error instanceof InvalidTransitionError) return problem(c, 409, 'invalid_transition', error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (/^there is no |already (resolved|ignored)|a note is required/.test(message)) {
    return problem(c, /^there is no /.test(message) ? 404 : 409, 'invalid_request', message);
  }
  return problem(c, 500, 'internal', 'the hub failed to handle this request; see its log');
}
