/** Mintsoft's wording of injected faults: a `Message` body per status. */
import { FaultBook, type FaultRule } from '../shared/fault-book.ts';

export { FaultBook, faultSchema, type FaultInput, type FaultRule } from '../shared/fault-book.ts';

const defaultMessages: Record<number, string> = {
  429: 'Too many requests.',
  500: 'An error has occurred.',
  502: 'Bad Gateway',
  503: 'The service is unavailable.',
  504: 'Gateway Timeout',
};

export function faultAnswer(rule: FaultRule): { status: number; body: { Message: string }; headers: Record<string, string> } {
  const status = rule.status ?? 503;
  return { status, body: { Message: rule.message ?? defaultMessages[status] ?? 'Injected fault.' }, headers: FaultBook.headersOf(rule) };
}
