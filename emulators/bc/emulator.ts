/**
 * Builds one emulator: settings, the parsed metadata, the store (seeded), tokens, faults,
 * limits, and the Hono app with the API and control routes mounted.
 */
import { Hono } from 'hono';
import { mountApi } from './api.ts';
import { buildCompanionModel, loadCompanionContract, type CompanionModel } from './companion-contract.ts';
import type { EmulatorDeps, EmulatorEnv } from './deps.ts';
import { createControl, mountControl, type EmulatorControl } from './control.ts';
import { TokenIssuer } from './entra.ts';
import { FaultBook } from './faults.ts';
import { LimitEnforcer } from './limits.ts';
import { loadMetadata, type EdmModel } from './metadata.ts';
import { WebhookNotifier } from './notifier.ts';
import { RequestLog } from './request-log.ts';
import { defineNumberSeries, seedSandboxCompany } from './seed.ts';
import { resolveSettings, type BcEmulatorOptions, type BcEmulatorSettings } from './settings.ts';
import { EmulatorStore, type CompanyState, type Row } from './store.ts';
import { SubscriptionBook } from './subscriptions.ts';
import { projectRow } from './wire.ts';

export interface BcEmulator {
  app: Hono<EmulatorEnv>;
  settings: BcEmulatorSettings;
  model: EdmModel;
  /** The companion extension's API model (from bc-extension/api-contract.json), if served. */
  companionModel: CompanionModel | undefined;
  store: EmulatorStore;
  control: EmulatorControl;
  /** The sandbox company's state. */
  company(): CompanyState;
  /** Rows of an entity set in the sandbox company, in insertion order. */
  rows(set: string): Row[];
  /** A row as the API would serve it (all properties). */
  toWire(set: string, row: Row): Record<string, unknown>;
  /** Every API request answered so far, and the last ones. */
  requestLog: RequestLog;
  /** Releases requests held by `hang` faults. */
  releaseHangs(): void;
  subscriptions: SubscriptionBook;
  notifier: WebhookNotifier;
}

export function createBcEmulator(options: BcEmulatorOptions = {}): BcEmulator {
  const settings = resolveSettings(options);
  const model = loadMetadata(settings.metadataPath);
  const store = new EmulatorStore({ clock: settings.clock, newId: settings.newId });
  const companionModel = settings.companion ? buildCompanionModel(loadCompanionContract(settings.companionContractPath)) : undefined;
  const subscriptions = new SubscriptionBook();
  const notifier = new WebhookNotifier(settings, subscriptions);
  const deps: EmulatorDeps = {
    settings,
    model,
    store,
    tokens: new TokenIssuer(settings),
    faults: new FaultBook(),
    limits: settings.limits ? new LimitEnforcer(settings.limits, settings.clock) : undefined,
    log: new RequestLog(),
    hangs: new Set(),
    surfaces: {
      standard: { name: 'standard', prefix: 'v2.0', model },
      ...(companionModel
        ? { companion: { name: 'companion' as const, prefix: 'ledgerbridge/integration/v1.0', model: companionModel } }
        : {}),
    },
    subscriptions,
    notifier,
  };
  const otherIds = new Map(settings.otherCompanies.map((name) => [name, settings.newId()]));
  const seed = () => {
    store.onChange = undefined;
    store.clear();
    subscriptions.rows.clear();
    notifier.clear();
    const main = store.addCompany({ id: settings.companyId, name: settings.companyName });
    defineNumberSeries(store, main);
    if (settings.seed) seedSandboxCompany(store, main);
    for (const [name, id] of otherIds) defineNumberSeries(store, store.addCompany({ id, name }));
    store.onChange = (change) => notifier.record(change);
  };
  seed();
  const control = createControl(deps, seed);
  const app = new Hono<EmulatorEnv>();
  mountControl(app, deps, control);
  mountApi(app, deps);
  const company = () => store.companies.get(settings.companyId)!;
  return {
    app,
    settings,
    model,
    companionModel,
    store,
    control,
    company,
    rows: (set) => store.rows(company(), set).sort((a, b) => a._seq - b._seq),
    toWire: (set, row) => projectRow(model.entityTypes.get(model.entitySets.get(set)!.type)!, row),
    requestLog: deps.log,
    subscriptions,
    notifier,
    releaseHangs() {
      for (const release of deps.hangs) release();
      deps.hangs.clear();
    },
  };
}
