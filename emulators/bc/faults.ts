/**
 * Faults injected through the control endpoint. Each rule matches requests by method and a
 * path fragment and fires `count` times (or until removed):
 *  - `latency`: wait before handling the request normally;
 *  - `status`: answer with an error status (429 with Retry-After, 5xx, 408) without handling;
 *  - `drop-response`: handle and commit the request, then cut the connection unanswered;
 *  - `hang`: never answer (optionally committing first) until the client gives up.
 */
import { z } from 'zod';

export const faultSchema = z.object({
  kind: z.enum(['latency', 'status', 'drop-response', 'hang']),
  /** Only requests with this method, e.g. `POST`. */
  method: z.string().toUpperCase().optional(),
  /** Only requests whose path (after `/api/v2.0/`) contains this text, e.g. `salesOrders`. */
  path: z.string().optional(),
  /** How many requests it applies to; `null` = until removed. */
  count: z.number().int().positive().nullable().default(1),
  latencyMs: z.number().int().nonnegative().optional(),
  status: z.number().int().min(400).max(599).optional(),
  /** BC error code in the body; a sensible one per status by default. */
  code: z.string().optional(),
  message: z.string().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  /** For `hang`: commit the change before going silent. */
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

  /** The first rule that matches, used up by one firing. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => (!r.method || r.method === method) && (!r.path || path.includes(r.path)));
    if (!rule) return undefined;
    rule.fired += 1;
    if (rule.count !== null && rule.fired >= rule.count) this.remove(rule.id);
    return { ...rule };
  }
}

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
  const headers: Record<string, string> = {};
  if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
  return { status, code: rule.code ?? code, message: rule.message ?? message, headers };
}
