/**
 * The HTTP edge every `/api/*` request crosses: the `ms-apikey` check (401 with Mintsoft's
 * message), the fault book (latency, error statuses, lost answers, hangs), and the request
 * log. Plus the small helpers the route files share: exact-number JSON answers, body
 * validation with the adapter's own schemas, paging and query parsing.
 */
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { parseWireDate, parseWireJson, stringifyWireJson } from './mintsoft-json.ts';
import { MintsoftHttpError, type EmulatorDeps, type EmulatorEnv } from './deps.ts';
import { faultAnswer } from './faults.ts';
import { silence } from '../shared/silence.ts';

type Ctx = Context<EmulatorEnv>;

export function wireJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(stringifyWireJson(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export async function readBody<S extends z.ZodType>(c: Ctx, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = parseWireJson(await c.req.text());
  } catch {
    throw new MintsoftHttpError(400, 'The request is invalid: the body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
    throw new MintsoftHttpError(400, `The request is invalid. ${problems}`);
  }
  return parsed.data;
}

export const flag = (value: string | undefined) => value?.toLowerCase() === 'true';

export function idParam(c: Ctx, name = 'id'): number {
  const id = Number(c.req.param(name));
  if (!Number.isInteger(id)) throw new MintsoftHttpError(400, `The request is invalid: ${name} must be a number.`);
  return id;
}

/** A `SinceLastUpdated`-style filter; null when absent. */
export function sinceParam(c: Ctx, name: string): number | null {
  const value = c.req.query(name);
  if (!value) return null;
  const at = parseWireDate(value);
  if (at === null) throw new MintsoftHttpError(400, `The request is invalid: ${name} is not a date.`);
  return at;
}

/** `PageNo` from 1 and `Limit` up to `max`, as Mintsoft lists page. */
export function pageOf<T>(c: Ctx, items: T[], max = 100): T[] {
  const pageNo = Math.max(1, Number(c.req.query('PageNo') ?? 1) || 1);
  const limit = Math.min(max, Math.max(1, Number(c.req.query('Limit') ?? 25) || 25));
  return items.slice((pageNo - 1) * limit, pageNo * limit);
}

export function mountGuard(app: Hono<EmulatorEnv>, deps: EmulatorDeps): void {
  app.use('/api/*', async (c, next) => {
    const method = c.req.method.toUpperCase();
    const path = c.req.path;
    const entry = { method, path, status: 500, answered: true };
    try {
      if (c.req.header('ms-apikey') !== deps.settings.apiKey) {
        entry.status = 401;
        return wireJson({ Message: 'Authorization has been denied for this request.' }, 401);
      }
      const fault = deps.faults.take(method, path);
      if (fault?.kind === 'latency') await deps.settings.clock.sleep(fault.latencyMs ?? 0);
      if (fault?.kind === 'status') {
        const answer = faultAnswer(fault);
        entry.status = answer.status;
        return wireJson(answer.body, answer.status, answer.headers);
      }
      if (fault?.kind === 'hang' && !fault.commit) {
        entry.answered = false;
        return await silence(c.env?.incoming?.socket, deps.hangs);
      }
      await next();
      entry.status = c.res.status;
      if (fault?.kind === 'drop-response') {
        entry.answered = false;
        c.res = drop(c);
      } else if (fault?.kind === 'hang') {
        entry.answered = false;
        c.res = await silence(c.env?.incoming?.socket, deps.hangs);
      }
    } finally {
      deps.requests.push(entry);
    }
  });
}

/** Cuts the connection with no answer; in-process (no socket) the body stream fails instead. */
function drop(c: Ctx): Response {
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return new Response(null, { status: 204 });
  }
  return new Response(new ReadableStream({ start: (controller) => controller.error(new Error('connection dropped by the emulator')) }), {
    status: 200,
  });
}
