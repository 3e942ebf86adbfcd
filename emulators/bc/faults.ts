/** BC's wording of injected faults: its error codes and messages per status. */
import { FaultBook, type FaultRule } from '../shared/fault-book.ts';

export { FaultBook, faultSchema, type FaultInput, type FaultRule } from '../shared/fault-book.ts';

const defaultCodes: Record<number, [string, string]> = {
  408: ['Application_OperationTimedOut', 'The operation has timed out.'],
  429: ['Application_TooManyRequests', 'Too many requests reached. Actual (101). Maximum (100).'],
  500: ['Internal_ServerError', 'An unexpected error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
  504: ['GatewayTimeout', 'The gateway timed out.'],
};

export function faultError(rule: FaultRule): { status: number; code: string; message: string; headers: Record<string, string> } {
  const status = rule.status ?? 503;
  const [code, message] = defaultCodes[status] ?? ['BadRequest', 'Injected fault.'];
  return { status, code: rule.code ?? code, message: rule.message ?? message, headers: FaultBook.headersOf(rule) };
}
