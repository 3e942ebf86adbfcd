/**
 * Faults an emulator's control endpoint injects. A rule matches requests by method and a
 * path fragment (case-insensitive) and fires `count` times, or until removed:
 *  - `latency`: wait (on the emulator clock) before handling the request normally;
 *  - `status`: answer with an error status (429 with Retry-After, 5xx, 408) without handling;
 *  - `drop-response`: handle and commit the request, then cut the connection unanswered;
 *  - `hang`: never answer (committing first when `commit`) until the client gives up.
 * Each emulator words the error body its own system's way.
 */
import { z } from 'zod';

export const faultSchema = z.object({
  kind: z.enum(['latency', 'status', 'drop-response', 'hang']),
  /** Only requests with this method, e.g. `POST`. */
  method: z.string().toUpperCase().optional(),
  /** Only requests whose path contains this text, e.g. `salesOrders` or `/Cancel`. */
  path: z.string().optional(),
  /** How many requests it applies to; `null` = until removed. */
  count: z.number().int().positive().nullable().default(1),
  latencyMs: z.number().int().nonnegative().optional(),
  status: z.number().int().min(400).max(599).optional(),
  /** The system's own error code in the body, where it has one. */
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
    const lowerPath = path.toLowerCase();
    const rule = this.rules.find((r) => (!r.method || r.method === method) && (!r.path || lowerPath.includes(r.path.toLowerCase())));
    if (!rule) return undefined;
    rule.fired += 1;
    if (rule.count !== null && rule.fired >= rule.count) this.remove(rule.id);
    return { ...rule };
  }

  /** The Retry-After header a rule asks for. */
  static headersOf(rule: FaultRule): Record<string, string> {
    return rule.retryAfterSeconds === undefined ? {} : { 'retry-after': String(rule.retryAfterSeconds) };
  }
}
