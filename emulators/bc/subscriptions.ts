/**
 * Webhook subscriptions at the API root (`{root}/subscriptions`, keyed by the string
 * `subscriptionId`): create with the validation handshake (BC calls the notification URL with
 * `?validationToken=…` and wants it echoed as text), 3-day expiry, renewal by PATCH with
 * If-Match (which repeats the handshake), delete. At most 200 per environment.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readBody, type ApiRequest, type ApiSurface } from './api-request.ts';
import type { EmulatorDeps } from './deps.ts';
import { BcHttpError, badRequest, notFound } from './http-error.ts';
import type { PathSegment } from './odata-path.ts';
import type { Row } from './store.ts';
import { validateBody } from './validate-body.ts';
import { parseSubscribedResource, type SubscribedResource } from './webhook-resources.ts';
import { jsonResponse, projectRow } from './wire.ts';
import { checkEtag } from './write.ts';

export const subscriptionLifetimeMs = 3 * 24 * 60 * 60_000;
export const maxSubscriptions = 200;

export type Subscription = Row & {
  subscriptionId: string;
  notificationUrl: string;
  clientState: string;
  expirationDateTime: string;
  _resource: SubscribedResource;
};

const readOnly = new Set([
  'subscriptionId',
  'expirationDateTime',
  'userId',
  'lastModifiedDateTime',
  'timestamp',
  'systemCreatedAt',
  'systemCreatedBy',
  'systemModifiedAt',
  'systemModifiedBy',
]);

export class SubscriptionBook {
  readonly rows = new Map<string, Subscription>();
  private seq = 0;

  nextSeq(): number {
    return (this.seq += 1);
  }

  /** Live subscriptions; expired ones are forgotten as BC's cleanup job would. */
  active(now: number): Subscription[] {
    for (const [id, row] of this.rows) if (Date.parse(row.expirationDateTime) <= now) this.rows.delete(id);
    return [...this.rows.values()];
  }
}

/** BC's handshake: the endpoint must answer 200 with the token as its body. */
async function validateEndpoint(deps: EmulatorDeps, notificationUrl: string): Promise<void> {
  const token = randomBytes(16).toString('hex');
  const url = new URL(notificationUrl);
  url.searchParams.set('validationToken', token);
  let answer: string;
  let status: number;
  try {
    const response = await deps.settings.fetch(url.toString(), { method: 'POST', signal: AbortSignal.timeout(5_000) });
    status = response.status;
    answer = await response.text();
  } catch (error) {
    throw badRequest(
      `The subscription could not be validated: ${notificationUrl} could not be reached (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (status !== 200 || answer.trim() !== token) {
    throw badRequest(`The subscription could not be validated: ${notificationUrl} answered ${status} without the validation token.`);
  }
}

export async function handleSubscriptions(
  deps: EmulatorDeps,
  surface: ApiSurface,
  request: ApiRequest,
  segments: PathSegment[],
  root: string,
): Promise<Response> {
  if (segments.length > 1) throw notFound();
  const type = deps.model.entityTypes.get('subscriptions')!;
  const book = deps.subscriptions;
  const now = deps.settings.clock.now();
  const stamp = () => new Date(deps.settings.clock.now()).toISOString();
  const mine = book.active(now).filter((row) => row._resource.surface === surface.name);
  const key = segments[0]!.key;
  const row = key === undefined ? undefined : mine.find((r) => r.subscriptionId === key);
  if (key !== undefined && !row) throw new BcHttpError(404, 'BadRequest_NotFound', `The subscription '${key}' does not exist.`);
  const context = `${root}/$metadata#subscriptions`;
  const one = (r: Subscription, status = 200) => jsonResponse(status, { '@odata.context': `${context}/$entity`, ...projectRow(type, r) });

  switch (request.method) {
    case 'GET':
      return row ? one(row) : jsonResponse(200, { '@odata.context': context, value: mine.map((r) => projectRow(type, r)) });
    case 'POST': {
      if (row) throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'POST to a single subscription is not allowed.');
      const { values } = validateBody(type, readBody(request), { readOnly });
      if (typeof values.notificationUrl !== 'string' || typeof values.resource !== 'string')
        throw badRequest('notificationUrl and resource are required.');
      const resource = parseSubscribedResource(values.resource);
      if ('error' in resource) throw badRequest(resource.error);
      if (resource.surface !== surface.name) throw badRequest(`Subscribe to '${values.resource}' at the root of its own API.`);
      if (!deps.store.companies.has(resource.companyId)) throw notFound(`Company '${resource.companyId}' does not exist.`);
      if (book.rows.size >= maxSubscriptions)
        throw badRequest(`The environment already has the maximum of ${maxSubscriptions} webhook subscriptions.`);
      await validateEndpoint(deps, values.notificationUrl);
      const id = randomUUID().replaceAll('-', '');
      const created: Subscription = {
        id,
        _seq: book.nextSeq(),
        _version: 1,
        subscriptionId: id,
        notificationUrl: values.notificationUrl,
        resource: values.resource,
        clientState: typeof values.clientState === 'string' ? values.clientState : '',
        expirationDateTime: new Date(now + subscriptionLifetimeMs).toISOString(),
        userId: deps.settings.userId,
        timestamp: 0,
        lastModifiedDateTime: stamp(),
        systemCreatedAt: stamp(),
        systemModifiedAt: stamp(),
        _resource: resource,
      };
      book.rows.set(id, created);
      return one(created, 201);
    }
    case 'PATCH': {
      if (!row) throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'PATCH needs a subscription key.');
      checkEtag(row, request.headers.get('if-match') ?? undefined);
      // A renewal repeats notificationUrl, resource and clientState (Microsoft's examples); the
      // resource cannot change (assumed: a subscription is to one resource for its life).
      const { values } = validateBody(type, readBody(request), { readOnly });
      if (values.resource !== undefined && values.resource !== row.resource)
        throw badRequest(`The resource of subscription ${row.subscriptionId} cannot be changed.`);
      delete values.resource;
      const notificationUrl = typeof values.notificationUrl === 'string' ? values.notificationUrl : row.notificationUrl;
      // Renewal repeats the handshake, then runs for another three days.
      await validateEndpoint(deps, notificationUrl);
      Object.assign(row, values, {
        notificationUrl,
        expirationDateTime: new Date(now + subscriptionLifetimeMs).toISOString(),
        lastModifiedDateTime: stamp(),
        systemModifiedAt: stamp(),
      });
      row._version += 1;
      return one(row);
    }
    case 'DELETE':
      if (!row) throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'DELETE needs a subscription key.');
      checkEtag(row, request.headers.get('if-match') ?? undefined);
      book.rows.delete(row.subscriptionId);
      return new Response(null, { status: 204 });
    default:
      throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', `The HTTP method '${request.method}' is not allowed.`);
  }
}
