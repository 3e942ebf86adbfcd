/**
 * Reads and validates the configuration file and the environment at start. Every problem is
 * reported at once, each with the path it concerns and a hint on how to fix it.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { readEnv, type HubEnv } from './env.ts';
import { hintFor, suggestKey } from './hints.ts';
import { alertSecretVariable } from './alerts-schema.ts';
import { configFileSchema, configSchema, type HubConfig } from './schema.ts';
import { DEFAULT_CONNECTION } from './connections-schema.ts';
import {
  checkConnectionsApart,
  checkReferencesApart,
  connectionEnv,
  connectionEnvSuffix,
  connectionIssues,
  connectionViews,
} from './connections.ts';
import { checkWarehousesApart } from './warehouses-apart.ts';

export interface ConfigProblem {
  path: string;
  message: string;
  hint?: string;
}

export interface Secrets {
  databaseUrl?: string;
  apiToken?: string;
  shopifyAccessToken?: string;
  shopifyClientSecret?: string;
  shopifyWebhookSecrets: string[];
  bcClientSecret?: string;
  warehouseApiKey?: string;
  warehouseCallbackSecret?: string;
  bcWebhookClientState?: string;
  smtpPassword?: string;
  /** Alert channel secrets by channel name (webhook URLs, signing secrets). */
  alertSecrets: Record<string, string>;
}

function passwordOf(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Every configured secret value, for masking wherever text leaves the hub (logs, evidence). */
/** The connections of a configuration: a hand-built one (tests) or one without `connections:` has the one, `default`. */
export function connectionsOf(loaded: Pick<LoadedConfig, 'config' | 'secrets' | 'connections'>): ConnectionConfig[] {
  // The one default connection is always `config` itself, as callers (the sandbox, tests) may replace it.
  const only = !loaded.connections || (loaded.connections.length === 1 && loaded.connections[0]!.id === DEFAULT_CONNECTION);
  return only ? [{ id: DEFAULT_CONNECTION, config: loaded.config, secrets: loaded.secrets }] : loaded.connections!;
}

/** Every secret of every connection, for masking. */
export function allSecretValues(loaded: Pick<LoadedConfig, 'config' | 'secrets' | 'connections'>): string[] {
  return [...new Set(connectionsOf(loaded).flatMap((connection) => secretValues(connection.secrets)))];
}

export function secretValues(secrets: Secrets): string[] {
  const values = [
    passwordOf(secrets.databaseUrl),
    secrets.apiToken,
    secrets.shopifyAccessToken,
    secrets.shopifyClientSecret,
    ...secrets.shopifyWebhookSecrets,
    secrets.bcClientSecret,
    secrets.warehouseApiKey,
    secrets.warehouseCallbackSecret,
    secrets.bcWebhookClientState,
    secrets.smtpPassword,
    ...Object.values(secrets.alertSecrets ?? {}),
  ];
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length > 0))];
}

/** One connection: its view of the configuration and its secrets (decision 0026). */
export interface ConnectionConfig {
  id: string;
  config: HubConfig;
  secrets: Secrets;
}

export interface LoadedConfig {
  /** The first connection's view: hub-wide settings read from here are the same in every view. */
  config: HubConfig;
  /** The first connection's secrets, and the hub's own. */
  secrets: Secrets;
  /** Every connection, in the file's order; absent (one connection, `default`) in configurations built by hand. */
  connections?: ConnectionConfig[];
  /** Absolute path of the embedded store's directory. */
  dataDir: string;
  source: string;
  logLevel: string;
}

export class ConfigError extends Error {
  readonly source: string;
  readonly problems: ConfigProblem[];
  constructor(source: string, problems: ConfigProblem[]) {
    super(formatProblems(source, problems));
    this.source = source;
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

export function formatProblems(source: string, problems: ConfigProblem[]): string {
  const lines = problems.map((problem) => `  - ${problem.path}: ${problem.message}${problem.hint ? `\n      hint: ${problem.hint}` : ''}`);
  return `The configuration in ${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/** A configuration file is a few kilobytes of text; anything else is refused before it is read whole. */
const MAX_CONFIG_BYTES = 1024 * 1024;

function readConfigText(path: string): string {
  const refuse = (message: string, hint = 'pass --config <file> or set LEDGERBRIDGE_CONFIG'): never => {
    throw new ConfigError(path, [{ path: '(file)', message, hint }]);
  };
  let bytes: Buffer;
  try {
    // A device or a pipe (/dev/zero, a FIFO) would never end: only a regular file is read.
    const stat = statSync(path);
    if (!stat.isFile()) refuse('is not a regular file');
    if (stat.size > MAX_CONFIG_BYTES) refuse(`is ${stat.size} bytes; a configuration file is at most ${MAX_CONFIG_BYTES} bytes`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return refuse(`cannot read the file: ${(error as Error).message}`);
  }
  if (!isUtf8(bytes)) refuse('is not UTF-8 text', 'save the file as UTF-8');
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) refuse('holds a NUL byte: it is not a text file', 'save the file as plain UTF-8 text');
  return text;
}

export function loadConfigFile(path: string, env: HubEnv = readEnv(), options: { requireSecrets?: boolean } = {}): LoadedConfig {
  const text = readConfigText(path);
  return parseConfig(text, { source: path, baseDir: dirname(resolve(path)), env, requireSecrets: options.requireSecrets ?? true });
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The first setting (by path) whose text holds a control character, which no setting ever needs. */
function findControlCharacter(value: unknown, path: string[] = [], depth = 0): string | undefined {
  if (typeof value === 'string') return controlCharacter.test(value) ? path.join('.') || '(root)' : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findControlCharacter(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

export interface ParseOptions {
  source: string;
  baseDir: string;
  env: HubEnv;
  /** Operator commands only read the store: they need no connection secrets. */
  requireSecrets?: boolean;
}

export function parseConfig(text: string, options: ParseOptions): LoadedConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      options.source,
      document.errors.map((error) => ({
        path: '(yaml)',
        message: error.message.split('\n')[0]!,
        hint: 'fix the YAML syntax at the line shown',
      })),
    );
  }
  let raw: unknown;
  try {
    raw = document.toJS() ?? {};
  } catch (error) {
    // yaml refuses aliases that expand without bound ("billion laughs").
    throw new ConfigError(options.source, [{ path: '(yaml)', message: (error as Error).message, hint: 'use fewer aliases (*name)' }]);
  }
  const control = findControlCharacter(raw);
  if (control)
    throw new ConfigError(options.source, [
      { path: control, message: 'holds a control character', hint: 'remove it; settings are plain text' },
    ]);
  const checkSecrets = options.requireSecrets !== false;
  const { connections, problems } = isConnectionList(raw)
    ? parseConnections(raw, options.env, checkSecrets)
    : parseSingle(raw, options.env, checkSecrets);
  if (problems.length > 0 || connections.length === 0) throw new ConfigError(options.source, problems);
  const { config, secrets } = connections[0]!;
  return {
    config,
    secrets,
    connections,
    dataDir: isAbsolute(config.store.dataDir) ? config.store.dataDir : resolve(options.baseDir, config.store.dataDir),
    source: options.source,
    logLevel: options.env.LOG_LEVEL ?? 'info',
  };
}

function isConnectionList(raw: unknown): raw is Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && (raw as Record<string, unknown>).connections !== undefined;
}

interface Parsed {
  connections: ConnectionConfig[];
  problems: ConfigProblem[];
}

/** A file without `connections:`: one connection, `default`, as the hub always had. */
function parseSingle(raw: unknown, env: HubEnv, requireSecrets: boolean): Parsed {
  // reportInput: a wrong type is told as such, a missing setting as "is required".
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { connections: [], problems: parsed.error.issues.flatMap((issue) => describeIssue(issue)) };
  const config = parsed.data;
  const connection = { id: DEFAULT_CONNECTION, config, secrets: secretsFrom(env, config) };
  const problems = [
    ...checkHubSecrets(config, env, requireSecrets),
    ...(requireSecrets ? checkConnectionSecrets(config, env, '') : []),
    ...checkAlerts(config, env, requireSecrets),
    ...checkWarehousesApart([connection]),
  ];
  return { connections: [connection], problems };
}

/** A file with `connections:`: the top level checked once, then each connection's view. */
function parseConnections(raw: Record<string, unknown>, env: HubEnv, requireSecrets: boolean): Parsed {
  const file = configFileSchema.safeParse(raw, { reportInput: true });
  const problems: ConfigProblem[] = file.success ? [] : file.error.issues.flatMap((issue) => describeIssue(issue));
  if (raw.shopify !== undefined)
    problems.push({
      path: 'shopify',
      message: 'is not used with connections: each connection has its own shopify',
      hint: 'move it into a connection',
    });
  if (raw.warehouse !== undefined)
    problems.push({
      path: 'warehouse',
      message: 'is not used with connections: a warehouse belongs to the connection that ships through it',
      hint: 'move it into that connection',
    });
  if (!file.success || !file.data.connections) return { connections: [], problems };
  problems.push(...checkConnectionsApart(file.data.connections));
  const connections: ConnectionConfig[] = [];
  for (const view of connectionViews(raw, file.data.connections)) {
    const parsed = configSchema.safeParse(view.raw, { reportInput: true });
    if (!parsed.success) {
      for (const { issue, path } of connectionIssues(view, parsed.error.issues)) problems.push(...describeIssue(issue, path));
      continue;
    }
    const config = parsed.data;
    const ownEnv = connectionEnv(env, view.id);
    if (requireSecrets) problems.push(...checkConnectionSecrets(config, ownEnv, `connections[${view.id}].`, connectionEnvSuffix(view.id)));
    connections.push({ id: view.id, config, secrets: secretsFrom(ownEnv, config) });
  }
  problems.push(...checkReferencesApart(connections), ...checkWarehousesApart(connections));
  const first = connections[0];
  // Hub-wide sections are the same in every view; BC webhooks need their secret if any connection has them.
  const withBcWebhooks = connections.find((connection) => connection.config.bc.webhooks.enabled) ?? first;
  if (first && withBcWebhooks)
    problems.push(...checkHubSecrets(withBcWebhooks.config, env, requireSecrets), ...checkAlerts(first.config, env, requireSecrets));
  return { connections, problems };
}

function describeIssue(issue: z.core.$ZodIssue, reportedPath?: string): ConfigProblem[] {
  const path = reportedPath ?? (issue.path.map(String).join('.') || '(root)');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyPath = path === '(root)' ? key : `${path}.${key}`;
      const suggestion = suggestKey(key, knownKeysAt(issue.path, reportedPath ? configSchema : configFileSchema));
      return {
        path: keyPath,
        message: 'unknown setting',
        hint: suggestion ? `did you mean "${suggestion}"?` : 'remove it, or check the spelling against docs/configuration.md',
      };
    });
  }
  return [{ path, message: describeProblem(issue), hint: hintFor(path) }];
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of settings';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the value' : typeof value} ${String(value)}`;
}

const typeWords: Record<string, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of settings',
};

/** A missing setting is "required"; one of the wrong type says what it is and what was expected. */
function describeProblem(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.input === undefined) return 'is required';
  const expected = Object.hasOwn(typeWords, issue.expected) ? typeWords[issue.expected]! : issue.expected;
  return `has the wrong type: it is ${describeValue(issue.input)}, but must be ${expected}`;
}

/** The keys the schema accepts at a path, found by walking the schema's shape. */
function knownKeysAt(path: readonly PropertyKey[], root: unknown): string[] {
  let schema: unknown = root;
  for (const segment of path) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (!shape) return [];
    schema = shape[String(segment)];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; type?: string } } | undefined;
  while (current?.def?.innerType) current = current.def.innerType as typeof current;
  return current;
}

/** Host names and addresses that keep the hub on this machine. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** The hub reachable from other machines needs the operator token, and a token must be long enough that guessing is hopeless. */
function checkExposure(config: HubConfig, env: HubEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const token = env.LEDGERBRIDGE_API_TOKEN;
  if (token !== undefined && token.length < 32) {
    problems.push({
      path: 'LEDGERBRIDGE_API_TOKEN',
      message: `is ${token.length} characters; the operator token must be 32 characters or more`,
      hint: 'use a long random value, e.g. openssl rand -hex 32',
    });
  }
  if (token !== undefined) return problems;
  const hint = 'set LEDGERBRIDGE_API_TOKEN (openssl rand -hex 32); without it the operator API and dashboard answer this machine only';
  if (!isLoopbackHost(config.server.host))
    problems.push({
      path: 'server.host',
      message: `is ${config.server.host}, reachable from other machines, but no operator token is set`,
      hint,
    });
  if (config.server.publicUrl && !isLoopbackHost(new URL(config.server.publicUrl).hostname))
    problems.push({ path: 'server.publicUrl', message: 'makes the hub reachable from other machines, but no operator token is set', hint });
  if (config.server.trustedProxies.length > 0)
    problems.push({
      path: 'server.trustedProxies',
      message: 'names reverse proxies in front of the hub, but no operator token is set',
      hint,
    });
  return problems;
}

/** The hub's own secrets: the store's URL, the operator token, BC webhooks' client state. */
function checkHubSecrets(config: HubConfig, env: HubEnv, connections: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.store.backend === 'postgres' && !env.LEDGERBRIDGE_DATABASE_URL) {
    problems.push({
      path: 'store.backend',
      message: 'is postgres, but LEDGERBRIDGE_DATABASE_URL is not set',
      hint: 'set LEDGERBRIDGE_DATABASE_URL=postgres://user@host:5432/ledgerbridge',
    });
  }
  if (!connections) return problems;
  problems.push(...checkExposure(config, env));
  if (config.bc.webhooks.enabled) {
    if (!env.BC_WEBHOOK_CLIENT_STATE || env.BC_WEBHOOK_CLIENT_STATE.length < 16) {
      problems.push({
        path: 'bc.webhooks.enabled',
        message: 'BC webhooks need BC_WEBHOOK_CLIENT_STATE (16 characters or more)',
        hint: 'a long random value BC repeats in every notification, e.g. openssl rand -hex 24',
      });
    }
    if (!config.server.publicUrl) {
      problems.push({
        path: 'server.publicUrl',
        message: 'is required for BC webhooks',
        hint: 'the https address BC can reach the hub on',
      });
    }
  }
  return problems;
}

/**
 * One connection's secrets: its shop's token and webhook secrets, its BC app's secret, its
 * warehouse's key. A named connection's paths start `connections[<id>].`, and its variables
 * may carry its suffix (SHOPIFY_ACCESS_TOKEN_EU).
 */
function checkConnectionSecrets(config: HubConfig, env: HubEnv, at: string, suffix?: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const variable = (name: string) => (suffix ? `${name}_${suffix} (or ${name})` : name);
  // The variable a value came from: the connection's own when it set one.
  const setFrom = (name: string) => (suffix && env.connectionSecrets?.[`${name}_${suffix}`] ? `${name}_${suffix}` : name);
  const push = (problem: ConfigProblem) => problems.push({ ...problem, path: `${at}${problem.path}` });
  if (config.shopify.auth === 'token' && !env.SHOPIFY_ACCESS_TOKEN) {
    push({
      path: 'shopify.auth',
      message: `is token, but ${variable('SHOPIFY_ACCESS_TOKEN')} is not set`,
      hint: "set it to the Admin API access token of the shop's app",
    });
  }
  if (config.shopify.auth === 'client_credentials') {
    if (!config.shopify.clientId)
      push({
        path: 'shopify.clientId',
        message: 'is required for client_credentials',
        hint: "the app's client id from the Dev Dashboard",
      });
    if (!env.SHOPIFY_CLIENT_SECRET)
      push({
        path: 'shopify.auth',
        message: `is client_credentials, but ${variable('SHOPIFY_CLIENT_SECRET')} is not set`,
        hint: "the app's client secret from the Dev Dashboard",
      });
  }
  if (!env.SHOPIFY_WEBHOOK_SECRETS && !env.SHOPIFY_CLIENT_SECRET) {
    push({
      path: 'shopify',
      message: 'no secret to verify webhooks with',
      hint: "set SHOPIFY_WEBHOOK_SECRETS (the app's client secret; several comma-separated during a rotation)",
    });
  }
  if (!env.BC_CLIENT_SECRET) {
    push({
      path: 'bc.clientId',
      message: `has no secret: ${variable('BC_CLIENT_SECRET')} is not set`,
      hint: 'the client secret of the Microsoft Entra app registration',
    });
  }
  if (config.warehouse && !env.WAREHOUSE_API_KEY) {
    push({
      path: 'warehouse',
      message: `has no API key: ${variable('WAREHOUSE_API_KEY')} is not set`,
      hint: "the warehouse system's static API key, issued by the 3PL (Mintsoft: ms-apikey)",
    });
  }
  if (config.warehouse && env.WAREHOUSE_CALLBACK_SECRET !== undefined && env.WAREHOUSE_CALLBACK_SECRET.length < 16) {
    push({
      path: 'warehouse.callback',
      message: `${setFrom('WAREHOUSE_CALLBACK_SECRET')} is shorter than 16 characters`,
      hint: 'use a long random value, e.g. openssl rand -hex 24',
    });
  }
  return problems;
}

/** Alert channel secrets by channel name, from LEDGERBRIDGE_ALERT_<CHANNEL>. */
function alertSecretsFor(config: HubConfig, env: HubEnv): Record<string, string> {
  const found: Record<string, string> = {};
  for (const channel of config.alerts.channels) {
    const value = env.alertSecrets?.[alertSecretVariable(channel.name)];
    if (value) found[channel.name] = value;
  }
  return found;
}

/** Every alert channel and rule must be usable: its secret set, its channels named, the mail server configured. */
function checkAlerts(config: HubConfig, env: HubEnv, connections: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { channels, rules, smtp } = config.alerts;
  const names = new Set(channels.map((channel) => channel.name));
  channels.forEach((channel, index) => {
    if (channels.findIndex((other) => other.name === channel.name) !== index)
      problems.push({
        path: `alerts.channels.${index}.name`,
        message: `"${channel.name}" names two channels`,
        hint: 'give each channel its own name',
      });
    if (channel.type === 'email' && !smtp)
      problems.push({
        path: `alerts.channels.${index}`,
        message: 'is an e-mail channel, but alerts.smtp is not set',
        hint: 'set alerts.smtp: { host, port, from }',
      });
    if (connections && channel.type !== 'email' && !env.alertSecrets?.[alertSecretVariable(channel.name)])
      problems.push({
        path: `alerts.channels.${index}`,
        message: `is a ${channel.type} channel, but ${alertSecretVariable(channel.name)} is not set`,
        hint:
          channel.type === 'webhook'
            ? 'a long random signing secret, e.g. openssl rand -hex 32'
            : `the ${channel.type === 'slack' ? 'Slack incoming-webhook' : 'Teams workflow'} URL`,
      });
  });
  rules.forEach((rule, index) =>
    rule.channels.forEach((channel, at) => {
      if (!names.has(channel))
        problems.push({
          path: `alerts.rules.${index}.channels.${at}`,
          message: `names the channel "${channel}", which alerts.channels does not have`,
          hint: suggestKey(channel, [...names]) ? `did you mean "${suggestKey(channel, [...names])}"?` : undefined,
        });
    }),
  );
  if (connections && smtp?.user && !env.LEDGERBRIDGE_SMTP_PASSWORD)
    problems.push({
      path: 'alerts.smtp.user',
      message: 'is set, but LEDGERBRIDGE_SMTP_PASSWORD is not',
      hint: "the mail account's password or app password",
    });
  return problems;
}

function secretsFrom(env: HubEnv, config: HubConfig): Secrets {
  const webhookSecrets = (env.SHOPIFY_WEBHOOK_SECRETS ?? env.SHOPIFY_CLIENT_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  return {
    databaseUrl: env.LEDGERBRIDGE_DATABASE_URL,
    apiToken: env.LEDGERBRIDGE_API_TOKEN,
    shopifyAccessToken: env.SHOPIFY_ACCESS_TOKEN,
    shopifyClientSecret: env.SHOPIFY_CLIENT_SECRET,
    shopifyWebhookSecrets: webhookSecrets,
    bcClientSecret: env.BC_CLIENT_SECRET,
    warehouseApiKey: env.WAREHOUSE_API_KEY,
    warehouseCallbackSecret: env.WAREHOUSE_CALLBACK_SECRET,
    bcWebhookClientState: env.BC_WEBHOOK_CLIENT_STATE,
    ...(env.LEDGERBRIDGE_SMTP_PASSWORD ? { smtpPassword: env.LEDGERBRIDGE_SMTP_PASSWORD } : {}),
    alertSecrets: alertSecretsFor(config, env),
  };
}
