/**
 * BC's error answer: `{"error":{"code","message"}}` with the correlation id appended to the
 * message the way BC does, so clients can be tested on the real shape.
 */
import { randomUUID } from 'node:crypto';

export class BcHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'BcHttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function bcErrorBody(code: string, message: string, correlationId: string = randomUUID()) {
  return { error: { code, message: `${message}  CorrelationId:  ${correlationId}.` } };
}

export function bcErrorResponse(error: BcHttpError): Response {
  return new Response(JSON.stringify(bcErrorBody(error.code, error.message)), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers },
  });
}

export const badRequest = (message: string) => new BcHttpError(400, 'BadRequest', message);

export const notFound = (message = 'No HTTP resource was found that matches the request URI.') =>
  new BcHttpError(404, 'BadRequest_NotFound', message);

export const unknownProperty = (property: string, type: string) =>
  new BcHttpError(400, 'BadRequest', `Could not find a property named '${property}' on type 'Microsoft.NAV.${type}'.`);

export const recordMissing = (table: string, fields: string) =>
  new BcHttpError(404, 'Internal_RecordNotFound', `The ${table} does not exist. Identification fields and values: ${fields}`);

export const dialog = (message: string) => new BcHttpError(400, 'Application_DialogException', message);
