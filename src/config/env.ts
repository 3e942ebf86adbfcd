/**
 * The environment: the only place secrets come from, and the only module that reads
 * process.env. `.env.example` lists every variable.
 */
import { z } from 'zod';

export const envSchema = z.object({
  LEDGERBRIDGE_CONFIG: z.string().optional(),
  /** PostgreSQL connection URL; required when store.backend is postgres. */
  LEDGERBRIDGE_DATABASE_URL: z.string().optional(),
  /** Bearer token the operator API requires when set (always set it when the API is reachable from other hosts). */
  LEDGERBRIDGE_API_TOKEN: z.string().optional(),
  SHOPIFY_ACCESS_TOKEN: z.string().optional(),
  SHOPIFY_CLIENT_SECRET: z.string().optional(),
  /** Secrets webhooks may be signed with, comma-separated (old and new during a rotation); defaults to the client secret. */
  SHOPIFY_WEBHOOK_SECRETS: z.string().optional(),
  BC_CLIENT_SECRET: z.string().optional(),
  /** Secret BC repeats in every webhook notification (bc.webhooks); 16 characters or more. */
  BC_WEBHOOK_CLIENT_STATE: z.string().optional(),
  /** The warehouse API key (Mintsoft: a static ms-apikey the 3PL issues); required when the configuration has a warehouse. */
  WAREHOUSE_API_KEY: z.string().optional(),
  /** Secret the warehouse's callbacks must carry; without it callbacks are off and the warehouse is polled only. */
  WAREHOUSE_CALLBACK_SECRET: z.string().optional(),
  /** The SMTP password for e-mail alerts (alerts.smtp.user). */
  LEDGERBRIDGE_SMTP_PASSWORD: z.string().optional(),
  /** Alert channel secrets, LEDGERBRIDGE_ALERT_<CHANNEL>: a Slack or Teams webhook URL, a webhook signing secret. */
  alertSecrets: z.record(z.string(), z.string()).optional(),
  /**
   * A connection's own secrets, <NAME>_<ID> (SHOPIFY_ACCESS_TOKEN_EU, BC_CLIENT_SECRET_US...):
   * see src/config/connections.ts.
   */
  connectionSecrets: z.record(z.string(), z.string()).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export type HubEnv = z.infer<typeof envSchema>;

/** A connection's own secret variable (connections.ts lists the names). */
const connectionSecretVariable =
  /^(SHOPIFY_ACCESS_TOKEN|SHOPIFY_CLIENT_SECRET|SHOPIFY_WEBHOOK_SECRETS|BC_CLIENT_SECRET|WAREHOUSE_API_KEY|WAREHOUSE_CALLBACK_SECRET)_[A-Z0-9_]+$/;

export function readEnv(source: NodeJS.ProcessEnv = process.env): HubEnv {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const alertSecrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (key.startsWith('LEDGERBRIDGE_ALERT_') && value) alertSecrets[key] = value;
  if (Object.keys(alertSecrets).length > 0) picked.alertSecrets = alertSecrets;
  const connectionSecrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (connectionSecretVariable.test(key) && value) connectionSecrets[key] = value;
  if (Object.keys(connectionSecrets).length > 0) picked.connectionSecrets = connectionSecrets;
  return envSchema.parse(picked);
}

const secretVariables = [
  'LEDGERBRIDGE_API_TOKEN',
  'SHOPIFY_ACCESS_TOKEN',
  'SHOPIFY_CLIENT_SECRET',
  'BC_CLIENT_SECRET',
  'BC_WEBHOOK_CLIENT_STATE',
  'WAREHOUSE_API_KEY',
  'WAREHOUSE_CALLBACK_SECRET',
  'LEDGERBRIDGE_SMTP_PASSWORD',
] as const;

/** The secret values among these variables (webhook secrets split, the database password taken from its URL). */
export function secretEnvValues(
  env: Partial<Record<Exclude<keyof HubEnv, 'alertSecrets' | 'connectionSecrets'>, string>> & {
    alertSecrets?: Record<string, string>;
    connectionSecrets?: Record<string, string>;
  },
): string[] {
  const values: string[] = [];
  for (const name of secretVariables) if (env[name]) values.push(env[name]);
  for (const value of Object.values(env.alertSecrets ?? {})) if (value) values.push(value);
  for (const [name, value] of Object.entries(env.connectionSecrets ?? {}))
    for (const secret of name.startsWith('SHOPIFY_WEBHOOK_SECRETS_') ? value.split(',') : [value])
      if (secret.trim()) values.push(secret.trim());
  for (const secret of (env.SHOPIFY_WEBHOOK_SECRETS ?? '').split(',')) if (secret.trim()) values.push(secret.trim());
  try {
    const password = env.LEDGERBRIDGE_DATABASE_URL ? decodeURIComponent(new URL(env.LEDGERBRIDGE_DATABASE_URL).password) : '';
    if (password) values.push(password);
  } catch {
    // not a URL: nothing to take from it
  }
  return [...new Set(values)];
}

/** Sets variables that are not set yet (the sandbox's known emulator secrets). */
export function setEnvDefaults(defaults: Partial<Record<Exclude<keyof HubEnv, 'alertSecrets' | 'connectionSecrets'>, string>>): void {
  for (const [key, value] of Object.entries(defaults)) {
    if (value !== undefined && !process.env[key]) process.env[key] = value;
  }
}

/** Who runs a CLI command, for audit entries ("closed by"). */
export { currentUserName } from './user-name.ts';
