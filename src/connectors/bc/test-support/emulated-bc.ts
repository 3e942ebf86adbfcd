/**
 * A BC emulator on port 0 and a connector configured for it, for integration tests.
 * Close it in `afterAll`/`afterEach`.
 */
import {
  createBcEmulator,
  startBcEmulator,
  type BcEmulator,
  type BcEmulatorOptions,
  type RunningBcEmulator,
} from '../../../../emulators/bc/index.ts';
import type { Clock } from '../../../core/clock.ts';
import type { BcConfigInput } from '../config.ts';
import { createBcConnector, type BcConnector } from '../index.ts';
import { countingFetch, type ProgressProbe } from './simulation.ts';

export interface EmulatedBc {
  bc: RunningBcEmulator;
  connector: BcConnector;
  config: BcConfigInput;
  /** Every API request the emulator answered, as `METHOD path`. */
  requests(): string[];
  close(): Promise<void>;
}

export async function startEmulatedBc(
  options: { emulator?: BcEmulatorOptions; config?: Partial<BcConfigInput>; clock?: Clock } = {},
): Promise<EmulatedBc> {
  const bc = await startBcEmulator({ ...options.emulator });
  const config: BcConfigInput = {
    baseUrl: bc.url,
    authorityHost: bc.url,
    tenantId: bc.tenantId,
    environment: bc.environment,
    company: { name: bc.companyName },
    clientId: bc.clientId,
    ...options.config,
  };
  const connector = createBcConnector({ config, clientSecret: bc.clientSecret, clock: options.clock, random: () => 0.5 });
  return {
    bc,
    connector,
    config,
    requests: () => bc.emulator.requestLog.recent().map((entry) => `${entry.method} ${entry.path.replace(/companies\([^)]+\)\//, '')}`),
    close: () => bc.close(),
  };
}

export interface InProcessBc {
  emulator: BcEmulator;
  connector: BcConnector;
  config: BcConfigInput;
  /** Request starts and ends, for the simulation driver (simulation.ts). */
  probe: ProgressProbe;
  /** Every API request the emulator answered, as `METHOD path` (company segment removed). */
  requests(): string[];
}

/**
 * The emulator and a connector wired without a socket: the connector's `fetch` calls the
 * emulator's app directly. Used where a fake clock drives both (limits, the benchmark), so no
 * real I/O runs between the clock's steps.
 */
export function createInProcessBc(
  options: { emulator?: BcEmulatorOptions; config?: Partial<BcConfigInput>; clock?: Clock } = {},
): InProcessBc {
  const emulator = createBcEmulator({ clock: options.clock, ...options.emulator });
  const { settings } = emulator;
  const base = 'http://bc.in-process';
  const config: BcConfigInput = {
    baseUrl: base,
    authorityHost: base,
    tenantId: settings.tenantId,
    environment: settings.environment,
    company: { id: settings.companyId },
    clientId: settings.clientId,
    ...options.config,
  };
  const { fetch, probe } = countingFetch((input: string, init: RequestInit) => Promise.resolve(emulator.app.request(input, init)));
  const connector = createBcConnector({ config, clientSecret: settings.clientSecret, fetch, clock: options.clock, random: () => 0.5 });
  return {
    emulator,
    connector,
    config,
    probe,
    requests: () => emulator.requestLog.recent().map((entry) => `${entry.method} ${entry.path.replace(/companies\([^)]+\)\//, '')}`),
  };
}
