/** What every part of the emulator shares, passed explicitly. */
import type { HttpBindings } from '@hono/node-server';
import type { ApiSurface } from './api-request.ts';
import type { EntityContext } from './entities.ts';
import type { TokenIssuer } from './entra.ts';
import type { FaultBook } from './faults.ts';
import { notFound } from './http-error.ts';
import type { LimitEnforcer } from './limits.ts';
import type { EdmModel } from './metadata.ts';
import type { WebhookNotifier } from './notifier.ts';
import type { RequestLog } from './request-log.ts';
import type { BcEmulatorSettings } from './settings.ts';
import type { EmulatorStore } from './store.ts';
import type { SubscriptionBook } from './subscriptions.ts';

export interface EmulatorDeps {
  settings: BcEmulatorSettings;
  model: EdmModel;
  store: EmulatorStore;
  tokens: TokenIssuer;
  faults: FaultBook;
  limits: LimitEnforcer | undefined;
  log: RequestLog;
  /** Requests held open by a `hang` fault; released on reset and close. */
  hangs: Set<() => void>;
  /** The standard API v2.0 and, unless switched off, the companion API. */
  surfaces: { standard: ApiSurface; companion?: ApiSurface };
  subscriptions: SubscriptionBook;
  notifier: WebhookNotifier;
}

export type EmulatorEnv = { Bindings: Partial<HttpBindings> };

export function entityContext(deps: EmulatorDeps, companyId: string): EntityContext {
  const company = deps.store.companies.get(companyId.toLowerCase());
  if (!company) throw notFound(`Company '${companyId}' does not exist.`);
  return { store: deps.store, model: deps.model, company, vat: deps.settings.vat, lcy: deps.settings.localCurrency };
}
