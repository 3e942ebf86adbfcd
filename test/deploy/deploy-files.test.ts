/**
 * The deployment files cannot be run here (no Docker, no systemd; docs/deployment.md), so they
 * are held to what can be checked: the compose file is YAML of the shape the guide describes,
 * and the example configuration passes the hub's own validation, with and without the token
 * a hub listening beyond this machine needs.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ConfigError, loadConfigFile } from '../../src/config/load-config.ts';

const deploy = resolve(import.meta.dirname, '../../deploy');
const secrets = {
  LEDGERBRIDGE_DATABASE_URL: 'postgres://ledgerbridge:pw@postgres:5432/ledgerbridge',
  SHOPIFY_ACCESS_TOKEN: 'shpat_example',
  SHOPIFY_WEBHOOK_SECRETS: 'webhook-secret',
  BC_CLIENT_SECRET: 'bc-secret',
};

describe('deployment files', () => {
  it('compose runs PostgreSQL and two hub replicas on it, built from deploy/Dockerfile', () => {
    const document = parseDocument(readFileSync(join(deploy, 'compose.yaml'), 'utf8'));
    expect(document.errors).toEqual([]);
    const compose = document.toJS() as {
      services: Record<string, { build?: { dockerfile: string }; deploy?: { replicas: number }; environment?: Record<string, string> }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['hub', 'postgres']);
    expect(compose.services.hub!.deploy!.replicas).toBe(2);
    expect(compose.services.hub!.build!.dockerfile).toBe('deploy/Dockerfile');
    expect(compose.services.hub!.environment!.LEDGERBRIDGE_DATABASE_URL).toMatch(
      /^postgres:\/\/ledgerbridge:.*@postgres:5432\/ledgerbridge$/,
    );
  });

  it('the example configuration is valid for PostgreSQL, and refused without the operator token', () => {
    const path = join(deploy, 'ledgerbridge.example.yaml');
    const loaded = loadConfigFile(path, { ...secrets, LEDGERBRIDGE_API_TOKEN: 'x'.repeat(64) });
    expect(loaded.config.store.backend).toBe('postgres');
    expect(loaded.config.server.host).toBe('0.0.0.0');
    let refusal: unknown;
    try {
      loadConfigFile(path, secrets);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect(String((refusal as Error).message)).toContain(
      'server.host: is 0.0.0.0, reachable from other machines, but no operator token is set',
    );
  });
});
