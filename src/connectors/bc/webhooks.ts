/**
 * BC webhook notifications (API v2.0 subscriptions). A notification carries no entity data,
 * only which resource changed; the hub GETs it. BC deletes a subscription whose endpoint
 * answers any other 4xx than 408/429, so an item that carries our clientState is answered
 * 2xx even when it cannot be read (it is reported as rejected). A request in which no item
 * carries our clientState — or that is not notifications at all — cannot come from one of
 * our subscriptions and is refused: 401 or 400. (After a clientState rotation that deletes
 * the old subscriptions, which the hub then subscribes again with the new secret.)
 * Parsing here never throws.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// Lengths from BC's subscription table (subscriptionId 150, clientState 2048); a resource is a URL path with a filter.
const notificationSchema = z.object({
  subscriptionId: z.string().min(1).max(150),
  clientState: z.string().max(2048).optional().default(''),
  expirationDateTime: z.string().max(64),
  resource: z.string().min(1).max(2048),
  changeType: z.enum(['created', 'updated', 'deleted', 'collection']),
  lastModifiedDateTime: z.string().max(64),
});

export type BcNotification = z.output<typeof notificationSchema>;

export interface RejectedNotification {
  index: number;
  reason: string;
  /** True when the item carries our clientState (it is from BC, just unreadable). */
  authentic: boolean;
}

export interface ParsedNotifications {
  accepted: BcNotification[];
  rejected: RejectedNotification[];
  /** Why the body is not notifications at all, when it is not. */
  unreadable?: string;
}

/** The handshake: BC calls the endpoint with `?validationToken=…` and wants it echoed as text. */
export function readValidationToken(url: string | URL): string | undefined {
  const token = new URL(url).searchParams.get('validationToken');
  return token === null ? undefined : token;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Items whose `clientState` is not ours are rejected: anyone can POST to a public URL. */
export function parseBcNotifications(rawBody: string, expectedClientState: string): ParsedNotifications {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { accepted: [], rejected: [], unreadable: 'body is not JSON' };
  }
  const items = (json as { value?: unknown } | null)?.value;
  if (!Array.isArray(items)) return { accepted: [], rejected: [], unreadable: 'body has no "value" array' };
  const result: ParsedNotifications = { accepted: [], rejected: [] };
  items.forEach((item, index) => {
    const presented = (item as { clientState?: unknown } | null)?.clientState;
    const authentic = typeof presented === 'string' && sameSecret(presented, expectedClientState);
    if (!authentic) {
      result.rejected.push({ index, reason: 'clientState does not match', authentic });
      return;
    }
    const parsed = notificationSchema.safeParse(item);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      result.rejected.push({ index, reason, authentic });
    } else {
      result.accepted.push(parsed.data);
    }
  });
  return result;
}

export interface WebhookAnswer {
  /** 2xx whenever anything in the request is from our subscriptions; see the module comment. */
  status: 200 | 202 | 400 | 401;
  contentType: string;
  body: string;
  /** Notifications to process asynchronously (GET each `resource`). */
  accepted: BcNotification[];
  rejected: RejectedNotification[];
  /** Why the request was refused, when it was. */
  refusal?: string;
}

/** BC's validation tokens are short printable text; anything else is not a handshake from BC. */
export function isValidationToken(token: string): boolean {
  return /^[\x21-\x7e]{1,512}$/.test(token);
}

/**
 * What the hub's BC webhook endpoint answers: the validation token echoed as plain text for a
 * handshake, 202 when an item carries our clientState, else a refusal.
 */
export function answerBcWebhook(request: { url: string | URL; body: string }, expectedClientState: string): WebhookAnswer {
  const token = readValidationToken(request.url);
  if (token !== undefined) {
    if (!isValidationToken(token)) {
      const refusal = 'validationToken must be 1 to 512 printable ASCII characters';
      return { status: 400, contentType: 'text/plain', body: refusal, accepted: [], rejected: [], refusal };
    }
    return { status: 200, contentType: 'text/plain', body: token, accepted: [], rejected: [] };
  }
  const parsed = parseBcNotifications(request.body, expectedClientState);
  if (parsed.unreadable) return { status: 400, contentType: 'text/plain', body: parsed.unreadable, ...parsed, refusal: parsed.unreadable };
  if (parsed.accepted.length === 0 && !parsed.rejected.some((item) => item.authentic)) {
    const refusal =
      parsed.rejected.length === 0 ? 'no notifications in the request' : "no notification carries the subscription's clientState";
    return { status: 401, contentType: 'text/plain', body: refusal, ...parsed, refusal };
  }
  return { status: 202, contentType: 'text/plain', body: '', ...parsed };
}
