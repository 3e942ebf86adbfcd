/**
 * For the emulator's own tests: an in-process client with a valid token, on either API
 * surface. `{company}` in a path stands for `companies(<sandbox company id>)`. Bodies are
 * parsed losslessly, so decimals compare as the exact text BC would send.
 */
import { LosslessNumber, parse } from 'lossless-json';
import type { BcEmulator } from './emulator.ts';

export interface TestAnswer {
  status: number;
  headers: Headers;
  // Bodies are read loosely in tests: each assertion names the BC fields it checks.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestApi {
  root: string;
  call(path: string, init?: RequestInit): Promise<TestAnswer>;
  get(path: string, headers?: Record<string, string>): Promise<TestAnswer>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<TestAnswer>;
  patch(path: string, body: unknown, ifMatch?: string): Promise<TestAnswer>;
  remove(path: string, ifMatch?: string): Promise<TestAnswer>;
}

export const num = (value: unknown) => (value as LosslessNumber).value;

export async function connectTestApi(emulator: BcEmulator, surface: 'v2.0' | 'ledgerbridge/integration/v1.0' = 'v2.0'): Promise<TestApi> {
  const { settings } = emulator;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
    scope: 'https://api.businesscentral.dynamics.com/.default',
  });
  const tokenResponse = await emulator.app.request(`/${settings.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form.toString() });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const root = `http://bc.local/v2.0/${settings.tenantId}/${settings.environment}/api/${surface}`;
  const call = async (path: string, init: RequestInit = {}): Promise<TestAnswer> => {
    const url = path.startsWith('http') ? path : `${root}/${path.replace('{company}', `companies(${settings.companyId})`)}`;
    const response = await emulator.app.request(url, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return {
      status: response.status,
      headers: response.headers,
      body: text && json ? parse(text, null, (v) => new LosslessNumber(v)) : text || undefined,
    };
  };
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...headers },
    });
  return {
    root,
    call,
    get: (path, headers) => call(path, { headers }),
    post: (path, body, headers) => send('POST', path, body, headers),
    patch: (path, body, ifMatch = '*') => send('PATCH', path, body, { 'if-match': ifMatch }),
    remove: (path, ifMatch = '*') => call(path, { method: 'DELETE', headers: { 'if-match': ifMatch } }),
  };
}
