/**
 * Mintsoft authentication: a static API key in the `ms-apikey` header (the query-string
 * `APIKey` was switched off on 1 May 2024). Keys made by `POST /api/Auth` expire after
 * 24 hours, so the hub takes a key the 3PL has made static; it is passed in by the
 * composition root and never read from the environment here. A 401 is an alert
 * (`auth_failed`): retrying will not fix it.
 */
import { isConnectorError } from '../../../core/errors.ts';
import type { HealthResult } from '../port.ts';
import type { MintsoftClient } from './client.ts';
import { endpoints } from './endpoints.ts';
import { invalidRequest } from './errors.ts';

export const apiKeyHeader = 'ms-apikey';

export function authHeaders(apiKey: string): Record<string, string> {
  return { [apiKeyHeader]: apiKey };
}

export function assertApiKey(apiKey: string | undefined): string {
  const key = apiKey?.trim();
  if (!key) throw invalidRequest('Mintsoft adapter needs an API key (a static ms-apikey from the 3PL)');
  return key;
}

/** One cheap authenticated read, for start-up and the status page. */
export async function checkMintsoftHealth(client: MintsoftClient): Promise<HealthResult> {
  try {
    await client.request(endpoints.warehouses);
    return { ok: true, message: `Mintsoft answered at ${client.config.baseUrl}` };
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}
