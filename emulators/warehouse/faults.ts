/**
 * HTTP faults injected through the control endpoint. A rule matches requests by method and
 * a path fragment and fires `count` times (or until removed):
 *  - `latency`: wait (on the emulator clock) before handling normally;
 *  - `status`: answer an error status (429 with Retry-After, 5xx) without handling;
 *  - `drop-response`: handle and commit, then cut the connection unanswered;
 *  - `hang`: never answer (committing first when `commit`) until the client gives up.
 */
import { z } from 'zod';

export const faultSchema = z.object({
  kind: z.enum(['latency', 'status', 'drop-response', 'hang']),
  method: z.string().toUpperCase().optional(),
  /** Only requests whose path contains this, e.g. `/api/Order` or `/Cancel`. */
  path: z.string().optional(),
  /** How many requests it applies to; null = until removed. */
  count: z.number().int().positive().nullable().default(1),
  latencyMs: z.number().int().nonnegative().optional(),
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  commit: z.boolean().default(false),
});

export type FaultInput = z.input<typeof faultSchema>;
export type FaultRule = z.output<typeof faultSchema> & { id: number; fired: number };

export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultInput): FaultRule {
    const rule: FaultRule = { ...faultSchema.parse(input), id: this.nextId++, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The first matching rule, used up by one firing. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => (!r.method || r.method === method) && (!r.path || path.toLowerCase().includes(r.path.toLowerCase())));
    if (!rule) return undefined;
    rule.fired += 1;
    if (rule.count !== null && rule.fired >= rule.count) this.remove(rule.id);
    return { ...rule };
  }
}

const defaultMessages: Record<number, string> = {
  429: 'Too many requests.',
  500: 'An error has occurred.',
  502: 'Bad Gateway',
  503: 'The service is unavailable.',
  504: 'Gateway Timeout',
};

export function faultAnswer(rule: FaultRule): { status: number; body: { Message: string }; headers: Record<string, string> } {
  const status = rule.status ?? 503;
  const headers: Record<string, string> = {};
  if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
  return { status, body: { Message: rule.message ?? defaultMessages[status] ?? 'Injected fault.' }, headers };
}
