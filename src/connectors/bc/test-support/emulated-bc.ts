/**
 * A BC emulator on port 0 and a connector configured for it, for integration tests.
 * Close it in `afterAll`/`afterEach`.
 */
import { startBcEmulator, type BcEmulatorOptions, type RunningBcEmulator } from '../../../../emulators/bc/index.js';
import type { Clock } from '../../../core/clock.js';
import type { BcConfigInput } from '../config.js';
import { createBcConnector, type BcConnector } from '../index.js';

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
