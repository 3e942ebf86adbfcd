/**
 * The BC subscription upkeep tries again after a failure, whatever BC called it: a subscription
 * BC could not validate (the hub's public address not reachable yet) is a 400 business-rule
 * refusal from BC, and giving up on it left BC webhooks off until the next hourly run.
 */
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../core/errors.ts';
import { decideRetry } from '../core/retry.ts';
import { silentLogger } from '../core/logger.ts';
import type { BcConnector } from '../connectors/bc/index.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { JobDefinition, JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';
import { companyOf } from '../server/bc-webhooks.ts';
import { bcRoutesByCompany, defineBcSubscriptionUpkeep } from './bc-webhooks.ts';

const handshakeFailed = new ConnectorError({
  system: 'bc',
  code: 'invalid_request',
  message: 'Business Central POST failed (400) BadRequest: The subscription could not be validated',
  retryable: false,
  status: 400,
});

function upkeep(createSubscription: () => Promise<unknown>) {
  let definition: JobDefinition<unknown> | undefined;
  const queue = { define: (value: JobDefinition<unknown>) => (definition = value), schedule: () => undefined } as unknown as JobQueue;
  const bc = { createSubscription, renewSubscriptionsDue: async () => [] } as unknown as BcConnector;
  const loaded = {
    config: { server: { publicUrl: 'https://hub.example.com' }, bc: { webhooks: { renewCron: '17 * * * *' } } },
    secrets: { bcWebhookClientState: 'client-state-0123456789' },
  } as unknown as LoadedConfig;
  defineBcSubscriptionUpkeep({ db: undefined } as unknown as Store, queue, bc, loaded, ['items'], silentLogger);
  return definition!;
}

async function failureOf(run: Promise<void>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error('the upkeep did not fail');
}

describe('BC subscription upkeep', () => {
  it('retries a subscription BC refused to validate, within its policy, instead of giving up at once', async () => {
    const definition = upkeep(async () => {
      throw handshakeFailed;
    });
    const controller = new AbortController();
    const error = await failureOf(definition.handler({}, { jobId: 'j', attempt: 1, signal: controller.signal }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, code: 'invalid_request', message: handshakeFailed.message });
    const first = decideRetry({ error, attempt: 1, policy: definition.retry, random: 0 });
    expect(first).toMatchObject({ retry: true, delayMs: 15_000 });
    const last = decideRetry({ error, attempt: definition.retry.maxAttempts, policy: definition.retry, random: 0 });
    expect(last.retry).toBe(false);
  });

  it('retries a failure that is not a connector error too (a network library throwing plainly)', async () => {
    const definition = upkeep(async () => {
      throw new TypeError('fetch failed');
    });
    const error = await failureOf(definition.handler({}, { jobId: 'j', attempt: 1, signal: new AbortController().signal }));
    expect(decideRetry({ error, attempt: 1, policy: definition.retry, random: 0.5 }).retry).toBe(true);
  });
});

describe('BC notifications with several connections', () => {
  const connection = (companyId: string, woken: string[], id: string) => ({
    id,
    connectors: { bc: { client: { resolveCompanyId: async () => companyId } } as unknown as BcConnector },
    flows: {
      bcTriggers: { items: async () => void woken.push(`${id}:items`), salesOrders: async () => void woken.push(`${id}:salesOrders`) },
    },
  });

  it("go to the connections on the notification's company only, both when two shops share it", async () => {
    const woken: string[] = [];
    const routesFor = bcRoutesByCompany([
      connection('AAAA-1', woken, 'uk'),
      connection('aaaa-1', woken, 'eu'),
      connection('bbbb-2', woken, 'us'),
    ]);
    const company = companyOf('https://api.businesscentral.dynamics.com/v2.0/t/Production/api/v2.0/companies(AAAA-1)/items(5)');
    expect(company).toBe('aaaa-1');
    const routes = await routesFor(company);
    expect(routes.map((route) => route.connection)).toEqual(['uk', 'eu']);
    for (const route of routes) await route.triggers.items!();
    expect(woken.sort()).toEqual(['eu:items', 'uk:items']);
    expect(await routesFor('cccc-3')).toEqual([]);
    expect(await routesFor(undefined)).toEqual([]);
  });
});
