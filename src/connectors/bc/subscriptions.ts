/**
 * Webhook subscriptions (reference §7) and the polling safety net. Subscriptions live at the
 * API root (standard or companion), keyed by `subscriptionId`; BC validates the endpoint by
 * calling it with `?validationToken=` (the hub's receiver answers, see webhooks.ts), they
 * expire after three days and are renewed by PATCH with If-Match. Creating one first looks
 * for an existing subscription to the same URL and resource and adopts it.
 * Entities without webhooks (shipments, ledger entries, locations, variants, queries) are
 * polled on `lastModifiedDateTime`, with an overlap so a change committed late is not missed.
 */
import type { EnsureResult, ErpSalesShipment, ErpSubscription } from '../../core/domain/erp.ts';
import type { BcApi } from './client.ts';
import { createOrAdopt, type ConnectorContext } from './context.ts';
import { invalidRequest } from './errors.ts';
import { mapSalesShipment, mapSubscription } from './map-documents.ts';
import { buildQuery, dateTime, gt, quoteString, type Expand } from './odata.ts';
import { iterateEntities, collectEntities } from './paging.ts';
import { maxLengths } from './schemas.ts';
import { documentSelects, type BcSalesShipment, type BcSubscription } from './schemas-documents.ts';

export interface SubscriptionRequest {
  /** The hub's public endpoint; it must echo BC's validation token (see `answerBcWebhook`). */
  notificationUrl: string;
  /** Entity set to watch, e.g. `salesOrders`, `customers`, or a companion page's set. */
  entitySet: string;
  /** Secret BC repeats in every notification; check it on receipt. */
  clientState: string;
  api?: BcApi;
}

export interface PollOptions {
  /** Re-read this much before the cursor: a change committed after a later one is still seen. */
  overlapMs?: number;
  pageSize?: number;
  select?: readonly string[];
  expand?: readonly Expand[];
  api?: BcApi;
}

export interface Subscriptions {
  createSubscription(request: SubscriptionRequest): Promise<EnsureResult<ErpSubscription>>;
  listSubscriptions(options?: { api?: BcApi }): Promise<ErpSubscription[]>;
  /** Another three days; repeats the handshake. Without an etag the current one is read first. */
  renewSubscription(subscriptionId: string, options?: { api?: BcApi; etag?: string }): Promise<ErpSubscription>;
  deleteSubscription(subscriptionId: string, options?: { api?: BcApi; etag?: string }): Promise<void>;
  /** Renews every subscription expiring within `withinMs` (run daily); returns those renewed. */
  renewSubscriptionsDue(withinMs: number, options?: { api?: BcApi }): Promise<ErpSubscription[]>;
  /** Raw entities of a set changed after `since` (ISO), oldest change first, across pages. */
  iterateModifiedSince<T extends { lastModifiedDateTime: string }>(
    entitySet: string,
    since: string,
    options?: PollOptions,
  ): AsyncIterable<T>;
  /** Posted shipments changed after `since`: salesShipments have no webhooks. */
  pollSalesShipments(since: string, options?: { overlapMs?: number }): AsyncIterable<ErpSalesShipment>;
}

const subscriptionKey = (id: string) => `subscriptions(${quoteString(id)})`;

export function createSubscriptions(ctx: ConnectorContext): Subscriptions {
  const { client, lane } = ctx;
  const list = async (api?: BcApi) =>
    (await collectEntities<BcSubscription>(client, { path: 'subscriptions', lane, api })).map(mapSubscription);
  const get = async (id: string, api?: BcApi) =>
    mapSubscription((await client.request<BcSubscription>({ method: 'GET', path: subscriptionKey(id), lane, api })).body);
  const resourceOf = async (request: SubscriptionRequest) => {
    const root = request.api === 'companion' ? `/api/${client.config.companion.apiPath}` : '/api/v2.0';
    if (!/^[A-Za-z]+$/.test(request.entitySet)) throw invalidRequest(`not an entity set: ${JSON.stringify(request.entitySet)}`, []);
    return `${root}/companies(${await client.resolveCompanyId(lane)})/${request.entitySet}`;
  };
  /** Renewal sends the subscription's notificationUrl, resource and clientState again, as Microsoft's examples do. */
  const renew = async (id: string, options: { api?: BcApi; etag?: string; current?: ErpSubscription } = {}) => {
    const current = options.current ?? (await get(id, options.api));
    const etag = options.etag ?? current.etag ?? '*';
    return mapSubscription(
      (
        await client.request<BcSubscription>({
          method: 'PATCH',
          path: subscriptionKey(id),
          body: { notificationUrl: current.notificationUrl, resource: current.resource, clientState: current.clientState },
          ifMatch: etag,
          lane,
          api: options.api,
        })
      ).body,
    );
  };

  async function* iterateModifiedSince<T extends { lastModifiedDateTime: string }>(
    entitySet: string,
    since: string,
    options: PollOptions = {},
  ): AsyncGenerator<T> {
    const from = new Date(Date.parse(since) - (options.overlapMs ?? 60_000)).toISOString();
    const query = buildQuery({
      filter: gt('lastModifiedDateTime', dateTime(from)),
      select: options.select,
      expand: options.expand,
      orderBy: [{ field: 'lastModifiedDateTime' }],
    });
    const path = await client.companyPath(`${keyOfSet(entitySet)}${query}`, lane);
    yield* iterateEntities<T>(client, { path, lane, api: options.api }, { pageSize: options.pageSize });
  }

  return {
    async createSubscription(request) {
      if (request.clientState.length > maxLengths.subscriptions.clientState)
        throw invalidRequest('clientState is longer than 2048 characters', []);
      const resource = await resourceOf(request);
      const body = { notificationUrl: request.notificationUrl, resource, clientState: request.clientState };
      return createOrAdopt({
        lookup: async () =>
          (await list(request.api)).find(
            (s) => s.notificationUrl === request.notificationUrl && s.resource.toLowerCase() === resource.toLowerCase(),
          ),
        create: async () =>
          mapSubscription(
            (await client.request<BcSubscription>({ method: 'POST', path: 'subscriptions', body, lane, api: request.api })).body,
          ),
      });
    },
    listSubscriptions: (options) => list(options?.api),
    renewSubscription: renew,
    async deleteSubscription(id, options = {}) {
      const etag = options.etag ?? (await get(id, options.api)).etag ?? '*';
      await client.request({ method: 'DELETE', path: subscriptionKey(id), ifMatch: etag, lane, api: options.api });
    },
    async renewSubscriptionsDue(withinMs, options = {}) {
      const due = (await list(options.api)).filter((s) => Date.parse(s.expirationDateTime) - ctx.clock.now() <= withinMs);
      const renewed: ErpSubscription[] = [];
      for (const subscription of due)
        renewed.push(await renew(subscription.subscriptionId, { api: options.api, etag: subscription.etag, current: subscription }));
      return renewed;
    },
    iterateModifiedSince,
    async *pollSalesShipments(since, options = {}) {
      const expand = [{ property: 'salesShipmentLines', select: documentSelects.salesShipmentLine }];
      for await (const wire of iterateModifiedSince<BcSalesShipment>('salesShipments', since, {
        select: documentSelects.salesShipment,
        expand,
        overlapMs: options.overlapMs,
      })) {
        yield mapSalesShipment(wire);
      }
    },
  };
}

function keyOfSet(set: string): string {
  if (!/^[A-Za-z]+$/.test(set)) throw invalidRequest(`not an entity set: ${JSON.stringify(set)}`, []);
  return set;
}
