import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from './load-config.ts';

const env = {
  SHOPIFY_ACCESS_TOKEN: 'shpat_x',
  SHOPIFY_WEBHOOK_SECRETS: 'old, new',
  BC_CLIENT_SECRET: 's',
  WAREHOUSE_API_KEY: 'k',
  BC_WEBHOOK_CLIENT_STATE: 'sixteen-characters-at-least',
};
const valid = `
shopify:
  shopDomain: brand.myshopify.com
bc:
  tenantId: contoso.onmicrosoft.com
  environment: Production
  company: { name: "Brand Ltd" }
  clientId: abc
`;

function problemsOf(text: string, withEnv: Record<string, string> = env): string[] {
  try {
    parseConfig(text, { source: 'test.yaml', baseDir: '/srv/hub', env: withEnv });
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((problem) => `${problem.path}: ${problem.message}${problem.hint ? ` | ${problem.hint}` : ''}`);
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('names a wrongly typed value as wrongly typed, not as missing', () => {
    const problems = problemsOf(`${valid}server:\n  port: "eighty"\n`);
    expect(problems).toEqual([expect.stringMatching(/^server\.port: has the wrong type: it is the text "eighty", but must be a number/)]);
  });

  it('refuses an alert rule naming a channel that does not exist, and a channel without its secret', () => {
    const problems = problemsOf(
      `${valid}alerts:\n  channels: [{ name: ops-slack, type: slack }]\n  rules: [{ name: ops, channels: [ops-slak] }]\n`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^alerts\.channels\.0: is a slack channel, but LEDGERBRIDGE_ALERT_OPS_SLACK is not set/),
        expect.stringMatching(/^alerts\.rules\.0\.channels\.0: names the channel "ops-slak".*did you mean "ops-slack"/),
      ]),
    );
  });

  it('fills defaults and takes secrets from the environment only', () => {
    const loaded = parseConfig(valid, { source: 'test.yaml', baseDir: '/srv/hub', env });
    expect(loaded.config.store).toEqual({
      backend: 'embedded',
      dataDir: '.ledgerbridge/data',
      sharedBudgets: false,
      retention: { payloadDays: 30, inboxDays: 14, cron: '23 3 * * *' },
    });
    expect(loaded.dataDir).toBe('/srv/hub/.ledgerbridge/data');
    expect(loaded.config.flows.orders).toMatchObject({ posting: { mode: 'immediate' }, pollCron: '*/5 * * * *', referencePrefix: 'SHOP-' });
    expect(loaded.secrets.shopifyWebhookSecrets).toEqual(['old', 'new']);
    expect(loaded.config.bc.baseUrl).toBe('https://api.businesscentral.dynamics.com');
  });

  it('reports every problem at once, each with its path and a hint', () => {
    const problems = problemsOf(`
shopify:
  shopDomian: brand.myshopify.com
bc:
  tenantId: t
  environment: Production
  company: { name: "" }
flows:
  orders:
    pollCron: every five minutes
    posting: { mode: sometimes }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^shopify\.shopDomian: unknown setting \| did you mean "shopDomain"\?/),
        expect.stringMatching(/^shopify\.shopDomain: is required \| the domain ending in \.myshopify\.com/),
        expect.stringMatching(/^bc\.clientId: is required/),
        expect.stringMatching(/^flows\.orders\.pollCron: expected a five-field cron expression.* \| five fields/),
        expect.stringMatching(/^flows\.orders\.posting\.mode: /),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it('names the secrets a setting needs when they are missing', () => {
    const problems = problemsOf(`${valid}\nstore: { backend: postgres }\n`, {});
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^store\.backend: is postgres, but LEDGERBRIDGE_DATABASE_URL is not set/),
        expect.stringMatching(/^shopify\.auth: is token, but SHOPIFY_ACCESS_TOKEN is not set/),
        expect.stringMatching(/^bc\.clientId: has no secret: BC_CLIENT_SECRET is not set/),
        expect.stringMatching(/^shopify: no secret to verify webhooks with/),
      ]),
    );
  });

  it('points at the line of a YAML syntax error', () => {
    expect(problemsOf('shopify:\n  shopDomain: [unclosed\n')[0]).toMatch(/^\(yaml\): .*line/i);
  });

  it('loads the sandbox configuration shipped in the repository', () => {
    const loaded = loadConfigFile(join(import.meta.dirname, '../../config/sandbox.yaml'), { ...env });
    expect(loaded.config.shopify.adminUrl).toBe('http://127.0.0.1:4101');
    expect(loaded.config.bc.company).toEqual({ name: 'LedgerBridge Sandbox Ltd' });
  });
});
