/** Which configuration file a command uses: --config, LEDGERBRIDGE_CONFIG, ./ledgerbridge.yaml, or the sandbox's. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const sandboxConfigPath = join(projectRoot, 'config/sandbox.yaml');

export function resolveConfigPath(
  explicit: string | undefined,
  { allowSandbox, fromEnv }: { allowSandbox: boolean; fromEnv: string | undefined },
): string {
  if (explicit) return resolve(explicit);
  if (fromEnv) return resolve(fromEnv);
  const local = resolve('ledgerbridge.yaml');
  if (existsSync(local)) return local;
  if (allowSandbox) return sandboxConfigPath;
  throw new Error(
    'no configuration: pass --config <file>, set LEDGERBRIDGE_CONFIG, or create ledgerbridge.yaml (see docs/configuration.md)',
  );
}
