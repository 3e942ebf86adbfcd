/** What every part of the emulator shares, passed explicitly. */
import type { HttpBindings } from '@hono/node-server';
import type { ApiSurface } from './api-request.js';
import type { EntityContext } from './entities.js';
import type { TokenIssuer } from './entra.js';
import type { FaultBook } from './faults.js';
import { notFound } from './http-error.js';
import type { LimitEnforcer } from './limits.js';
import type { EdmModel } from './metadata.js';
import type { WebhookNotifier } from './notifier.js';
import type { RequestLog } from './request-log.js';
import type { BcEmulatorSettings } from './settings.js';
import type { EmulatorStore } from './store.js';
import type { SubscriptionBook } from './subscriptions.js';

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
