/**
 * Every request the hub refuses with a 4xx leaves an audit entry, written in one place: the
 * status and the message the client got, who asked (the client address), the headers and
 * query with secrets redacted, and the body's bytes escaped so that no hostile byte can make
 * the entry itself fail (ledger/storable.ts). Handlers add what they know with `noteRejection`.
 * A missing page (404 to a GET) is not a refused input and is not recorded.
 *
 * One client cannot fill the store with refusals: beyond `perMinute` entries per address and
 * minute the rest are counted, and the count is written as one entry when that client next
 * comes back after the minute (and logged at once).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { maskSecrets, redactFormFields, redactHeaders, redactSecretFields, redactUrl } from '../core/redact.ts';
import type { Logger } from '../core/logger.ts';
import { appendAudit } from '../ledger/audit.ts';
import { escapeEvidence } from '../ledger/storable.ts';
import type { Executor } from '../store/open-store.ts';
import { clientOf } from './client-address.ts';

export interface Rejection {
  actor?: string;
  entity?: string;
  entityId?: string;
  /** What was wrong, when the answer's own message does not say it (HTML pages). */
  reason?: string;
  detail?: Record<string, unknown>;
}

declare module 'hono' {
  interface ContextVariableMap {
    rejection: Rejection;
  }
}

/** Adds to what the audit entry of this request's refusal will say. */
export function noteRejection(c: Context, rejection: Rejection): void {
  const previous = c.get('rejection');
  c.set('rejection', { ...previous, ...rejection, detail: { ...previous?.detail, ...rejection.detail } });
}

export interface RejectionAuditOptions {
  db: Executor;
  logger: Logger;
  /** The configured secrets, masked wherever they appear in evidence. */
  secrets: readonly string[];
  /** Bytes of a refused body kept as evidence; 16 KiB unless a test says otherwise. */
  evidenceLimit?: number;
  /** Itemised entries per client address and minute; 120 unless a test says otherwise. */
  perMinute?: number;
  now?: () => number;
}

interface Window {
  startedAt: number;
  written: number;
  suppressed: number;
}

const MAX_TRACKED_CLIENTS = 10_000;

function surfaceOf(path: string): { actor: string; entity: string } {
  if (path === '/webhooks/shopify') return { actor: 'shopify-webhook', entity: 'webhook' };
  if (path === '/webhooks/bc') return { actor: 'bc-webhook', entity: 'webhook' };
  if (path.startsWith('/webhooks/')) return { actor: 'webhook', entity: 'webhook' };
  if (path.startsWith('/api/') || path === '/api' || path === '/status') return { actor: 'operator-api', entity: 'request' };
  if (path.startsWith('/dashboard')) return { actor: 'dashboard', entity: 'request' };
  return { actor: 'hub', entity: 'request' };
}

async function answerOf(response: Response): Promise<{ code?: string; message?: string }> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return {};
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown; message?: unknown } };
    return {
      ...(typeof body.error?.code === 'string' ? { code: body.error.code } : {}),
      ...(typeof body.error?.message === 'string' ? { message: body.error.message } : {}),
    };
  } catch {
    return {};
  }
}

/** The body as read by the handler (or by `readBodies`), never read anew here: a slow client cannot hold the answer. */
async function bodyEvidence(c: Context, limit: number): Promise<Record<string, unknown>> {
  const cached = c.req.bodyCache.arrayBuffer;
  if (!cached) return { body: null };
  try {
    const evidence = escapeEvidence(new Uint8Array(await cached), limit);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    return {
      body: redactFormFields(redactSecretFields(evidence.text), mediaType),
      bodyBytes: evidence.bytes,
      ...(evidence.truncated ? { bodyTruncated: true } : {}),
      ...(evidence.escaped ? { bodyEscaped: true } : {}),
    };
  } catch {
    return { body: null };
  }
}

function headerEvidence(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(redactHeaders(headers))) {
    if ((count += 1) > 40) break;
    kept[name] = escapeEvidence(value, 512).text;
  }
  return kept;
}

export function auditRejections(options: RejectionAuditOptions): MiddlewareHandler {
  const { db, logger } = options;
  const limit = options.evidenceLimit ?? 16_384;
  const perMinute = options.perMinute ?? 120;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();

  /** True when this client may have one more itemised entry; writes the count of an ended window first. */
  async function admit(address: string): Promise<boolean> {
    const at = now();
    let window = windows.get(address);
    if (window && at - window.startedAt >= 60_000) {
      if (window.suppressed > 0) {
        await appendAudit(db, {
          actor: 'hub',
          entity: 'request',
          entityId: address,
          action: 'rejections_suppressed',
          detail: { client: address, count: window.suppressed, since: new Date(window.startedAt).toISOString() },
        });
      }
      window = undefined;
    }
    if (!window) {
      if (windows.size >= MAX_TRACKED_CLIENTS) windows.clear();
      window = { startedAt: at, written: 0, suppressed: 0 };
      windows.set(address, window);
    }
    if (window.written < perMinute) {
      window.written += 1;
      return true;
    }
    if (window.suppressed === 0)
      logger.warn({ client: address, perMinute }, 'too many refused requests from one client: further ones this minute are only counted');
    window.suppressed += 1;
    return false;
  }

  return async (c, next) => {
    await next();
    const status = c.res.status;
    if (status < 400 || status >= 500) return;
    const note = c.get('rejection');
    if (status === 404 && !note && ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
    const client = clientOf(c);
    const url = new URL(c.req.url);
    const surface = surfaceOf(url.pathname);
    const answer = await answerOf(c.res);
    const reason = note?.reason ?? answer.message ?? `HTTP ${status}`;
    try {
      if (!(await admit(client.address))) return;
      const detail = {
        status,
        ...(answer.code ? { code: answer.code } : {}),
        reason,
        method: c.req.method,
        path: redactUrl(url.pathname + url.search),
        client: client.address,
        ...(client.forwarded ? { peer: client.peer } : {}),
        headers: headerEvidence(c.req.raw.headers),
        ...(status === 413 ? { body: null } : await bodyEvidence(c, limit)),
        ...note?.detail,
      };
      await appendAudit(db, {
        actor: note?.actor ?? surface.actor,
        entity: note?.entity ?? surface.entity,
        entityId: note?.entityId ?? `${c.req.method} ${url.pathname}`.slice(0, 200),
        action: 'rejected',
        detail: JSON.parse(maskSecrets(JSON.stringify(detail), options.secrets)) as Record<string, unknown>,
      });
      logger.warn(
        { status, reason: maskSecrets(reason, options.secrets), client: client.address, path: url.pathname },
        'refused a request',
      );
    } catch (error) {
      // The refusal stands; only its record failed (the store is down): say so in the log.
      logger.error({ err: error, status, path: url.pathname }, 'could not record a refused request in the audit log');
    }
  };
}

/**
 * Reads the body of every request that carries one, once, after its size limit, so that the
 * exact bytes are at hand for the handler and, if it refuses, for the evidence.
 */
export function readBodies(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.raw.body && !['GET', 'HEAD'].includes(c.req.method)) {
      try {
        await c.req.arrayBuffer();
      } catch {
        // The client stopped sending before the length it declared (or the connection broke).
        noteRejection(c, { reason: 'the body ended before the length it declared' });
        return c.json({ error: { code: 'invalid_request', message: 'the body ended before the length it declared' } }, 400);
      }
    }
    await next();
  };
}
