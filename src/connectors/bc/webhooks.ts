/**
 * BC webhook notifications (API v2.0 subscriptions). A notification carries no entity data,
 * only which resource changed; the hub GETs it. BC deletes a subscription whose endpoint
 * answers any 4xx, so receivers must answer 2xx even to a body they cannot read: parsing
 * here never throws, it reports what it rejected.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const notificationSchema = z.object({
  subscriptionId: z.string(),
  clientState: z.string().optional().default(''),
  expirationDateTime: z.string(),
  resource: z.string(),
  changeType: z.enum(['created', 'updated', 'deleted', 'collection']),
  lastModifiedDateTime: z.string(),
});

export type BcNotification = z.output<typeof notificationSchema>;

export interface ParsedNotifications {
  accepted: BcNotification[];
  rejected: { index: number; reason: string }[];
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
    return { accepted: [], rejected: [{ index: -1, reason: 'body is not JSON' }] };
  }
  const items = (json as { value?: unknown } | null)?.value;
  if (!Array.isArray(items)) return { accepted: [], rejected: [{ index: -1, reason: 'body has no "value" array' }] };
  const result: ParsedNotifications = { accepted: [], rejected: [] };
  items.forEach((item, index) => {
    const parsed = notificationSchema.safeParse(item);
    if (!parsed.success) {
      result.rejected.push({ index, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } else if (!sameSecret(parsed.data.clientState, expectedClientState)) {
      result.rejected.push({ index, reason: 'clientState does not match' });
    } else {
      result.accepted.push(parsed.data);
    }
  });
  return result;
}

export interface WebhookAnswer {
  /** Always 2xx: any other answer but 408/429/5xx makes BC delete the subscription. */
  status: 200 | 202;
  contentType: string;
  body: string;
  /** Notifications to process asynchronously (GET each `resource`). */
  accepted: BcNotification[];
  rejected: ParsedNotifications['rejected'];
}

/**
 * What the hub's BC webhook endpoint answers, whatever BC sent: the validation token echoed
 * as plain text for a handshake, else 202 with the notifications whose clientState matched.
 */
export function answerBcWebhook(request: { url: string | URL; body: string }, expectedClientState: string): WebhookAnswer {
  const token = readValidationToken(request.url);
  if (token !== undefined) return { status: 200, contentType: 'text/plain', body: token, accepted: [], rejected: [] };
  const parsed = parseBcNotifications(request.body, expectedClientState);
  return { status: 202, contentType: 'text/plain', body: '', ...parsed };
}
