/**
 * BC webhooks: the job that keeps the subscriptions alive (BC ends them after three days).
 * Which flows a notification wakes for each entity set, the flow modules say (their
 * `bcTriggers`). Polling stays the safety net, so a lost subscription costs minutes, not data.
 */
import type { LoadedConfig } from '../config/load-config.ts';
import type { BcConnector } from '../connectors/bc/index.ts';
import { ConnectorError, isConnectorError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { raiseException } from '../ledger/exceptions.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { BcRoute } from '../server/bc-webhooks.ts';
import type { Store } from '../store/open-store.ts';

export const bcSubscriptionsJob = 'bc.subscriptions';
const RENEW_WITHIN_MS = 24 * 60 * 60_000;

/**
 * Any failure to subscribe is worth another try: the usual one is BC failing to validate the
 * endpoint (a 400 from BC while the hub's public address, DNS or proxy is not ready yet), which
 * BC reports as a business-rule refusal. The job's own retry policy bounds the attempts; when
 * they run out an exception says so, and the hourly schedule tries again.
 */
export function retryableUpkeepError(error: unknown): ConnectorError {
  if (isConnectorError(error) && error.retryable) return error;
  return new ConnectorError({
    system: 'bc',
    code: isConnectorError(error) ? error.code : 'upstream_unavailable',
    message: error instanceof Error ? error.message : String(error),
    retryable: true,
    ...(isConnectorError(error)
      ? { retryAfterMs: error.retryAfterMs, status: error.status, upstreamCode: error.upstreamCode, upstreamBody: error.upstreamBody }
      : {}),
    cause: error,
  });
}

export function bcNotificationUrl(loaded: LoadedConfig): string {
  return `${loaded.config.server.publicUrl!.replace(/\/+$/, '')}/webhooks/bc`;
}

export function defineBcSubscriptionUpkeep(
  store: Store,
  queue: JobQueue,
  bc: BcConnector,
  loaded: LoadedConfig,
  entitySets: string[],
  logger: Logger,
): void {
  queue.define({
    name: bcSubscriptionsJob,
    retry: { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
    handler: async () => {
      try {
        for (const entitySet of entitySets) {
          const { outcome } = await bc.createSubscription({
            notificationUrl: bcNotificationUrl(loaded),
            entitySet,
            clientState: loaded.secrets.bcWebhookClientState!,
          });
          if (outcome === 'created') logger.info({ entitySet }, 'subscribed to BC notifications');
        }
        await bc.renewSubscriptionsDue(RENEW_WITHIN_MS);
      } catch (error) {
        throw retryableUpkeepError(error);
      }
    },
    onGiveUp: async (_data, error) => {
      await raiseException(store.db, {
        flow: 'bc',
        code: 'bc_subscriptions_failing',
        category: 'upstream',
        severity: 'warning',
        owner: 'integration',
        message: `The hub could not create or renew its Business Central webhook subscriptions (${error instanceof Error ? error.message : String(error)}). Changes in BC now reach the hub by polling only, a few minutes later.`,
        action:
          'Check that BC can reach the hub at its public URL and that the app registration may create subscriptions; the hub tries again every hour.',
        evidence: { error: error instanceof Error ? { message: error.message } : error },
        fingerprint: 'bc:subscriptions',
      });
    },
  });
  queue.schedule(bcSubscriptionsJob, loaded.config.bc.webhooks.renewCron);
}

/**
 * With several connections, a BC notification goes to the connections on the company its
 * resource names (each company resolved once, by its BC client): it is stored in each one's inbox
 * and wakes its flows. A notification naming no company, or one no connection is on, goes to none.
 */
export function bcRoutesByCompany(
  connections: readonly {
    id: string;
    connectors: { bc: BcConnector };
    flows: { bcTriggers: Record<string, () => Promise<unknown>> };
  }[],
): (companyId: string | undefined) => Promise<BcRoute[]> {
  return async (companyId) => {
    const routes: BcRoute[] = [];
    if (!companyId) return routes;
    for (const connection of connections) {
      const own = (await connection.connectors.bc.client.resolveCompanyId()).toLowerCase();
      if (own === companyId) routes.push({ connection: connection.id, triggers: connection.flows.bcTriggers });
    }
    return routes;
  };
}
