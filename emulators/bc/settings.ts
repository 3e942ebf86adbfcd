/**
 * The emulator's options and their defaults. The identities are fixed, documented values
 * so a sandbox configuration can name them; override any of them for a test.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { defaultContractPath } from './companion-contract.ts';
import { defaultMetadataPath } from './metadata.ts';
import { ukVatSetup, type VatSetup } from './tax.ts';

export interface EmulatorLimits {
  /** Requests admitted per app registration in any window. */
  requestsPerWindow: number;
  windowMs: number;
  /** Requests processed at once per app registration; more wait in the queue. */
  maxConcurrent: number;
  /** Requests that may wait; beyond that BC answers 429. */
  maxQueue: number;
}

/** BC online's documented per-user limits (operational-limits-online). */
export const documentedLimits: EmulatorLimits = { requestsPerWindow: 6_000, windowMs: 5 * 60_000, maxConcurrent: 5, maxQueue: 95 };

export interface BcEmulatorOptions {
  tenantId?: string;
  environment?: string;
  clientId?: string;
  clientSecret?: string;
  companyId?: string;
  companyName?: string;
  /** Further, empty companies, as a real tenant often has (e.g. `CRONUS UK Ltd.`). */
  otherCompanies?: string[];
  clock?: Clock;
  newId?: () => string;
  logger?: Logger;
  tokenLifetimeSeconds?: number;
  /** Server page size when the client asks for none; BC's is 20,000. */
  maxPageSize?: number;
  /** `false` turns limit enforcement off (the default for unit tests is on). */
  limits?: Partial<EmulatorLimits> | false;
  vat?: VatSetup;
  localCurrency?: string;
  metadataPath?: string;
  /** Seed the sandbox company from emulators/sandbox/catalogue.ts (default true). */
  seed?: boolean;
  /** How BC calls out: the webhook handshake and notifications. */
  fetch?: typeof fetch;
  /** The companion API contract (default: bc-extension/api-contract.json). */
  companionContractPath?: string;
  /** `false` serves no companion API, as a tenant without the extension (default true). */
  companion?: boolean;
}

export interface BcEmulatorSettings {
  tenantId: string;
  environment: string;
  clientId: string;
  clientSecret: string;
  companyId: string;
  companyName: string;
  otherCompanies: string[];
  clock: Clock;
  newId: () => string;
  logger: Logger;
  tokenLifetimeSeconds: number;
  maxPageSize: number;
  limits: EmulatorLimits | false;
  vat: VatSetup;
  localCurrency: string;
  metadataPath: string;
  seed: boolean;
  fetch: typeof fetch;
  companionContractPath: string;
  companion: boolean;
  /** The BC user id of the app registration (subscriptions' `userId`). */
  userId: string;
}

export const sandboxIdentity = {
  tenantId: '7c0de5a1-9b3e-4f2d-8a61-5e0b1c2d3e4f',
  environment: 'sandbox',
  clientId: 'a5b1c2d3-e4f5-4a6b-9c7d-8e9f0a1b2c3d',
  clientSecret: 'ledgerbridge-sandbox-secret',
  companyId: '3f8e2d1c-0b9a-4c7d-a6e5-f4d3c2b1a098',
  companyName: 'LedgerBridge Sandbox UK',
} as const;

export function resolveSettings(options: BcEmulatorOptions = {}): BcEmulatorSettings {
  return {
    tenantId: options.tenantId ?? sandboxIdentity.tenantId,
    environment: options.environment ?? sandboxIdentity.environment,
    clientId: options.clientId ?? sandboxIdentity.clientId,
    clientSecret: options.clientSecret ?? sandboxIdentity.clientSecret,
    companyId: (options.companyId ?? sandboxIdentity.companyId).toLowerCase(),
    companyName: options.companyName ?? sandboxIdentity.companyName,
    otherCompanies: options.otherCompanies ?? ['CRONUS UK Ltd.'],
    clock: options.clock ?? systemClock,
    newId: options.newId ?? randomUUID,
    logger: options.logger ?? silentLogger,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    maxPageSize: options.maxPageSize ?? 20_000,
    limits: options.limits === false ? false : { ...documentedLimits, ...options.limits },
    vat: options.vat ?? ukVatSetup,
    localCurrency: options.localCurrency ?? 'GBP',
    metadataPath: options.metadataPath ?? defaultMetadataPath,
    seed: options.seed ?? true,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    companionContractPath: options.companionContractPath ?? defaultContractPath,
    companion: options.companion ?? true,
    userId: '6a1f0c3e-2b7d-4e59-8c1a-9d0e7f6b5a43',
  };
}
