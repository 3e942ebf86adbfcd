/**
 * `ledgerbridge emulate <system>` as a user runs it: each emulator alone in its own process,
 * on a free port, saying where it listens and how to call it, answering its real API, and
 * stopping cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

async function runEmulator(
  system: string,
  call: (stdout: string) => Promise<Response>,
): Promise<{ status: number; body: string; stdout: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/ledgerbridge.js'), 'emulate', system, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    await waitFor(() => /control: /.test(stdout), {
      timeoutMs: 60_000,
      what: `the ${system} emulator to start (stderr: ${stderr.slice(-300)})`,
    });
    const response = await call(stdout);
    const result = { status: response.status, body: await response.text(), stdout };
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    return result;
  } finally {
    child.kill('SIGKILL');
  }
}

describe('ledgerbridge emulate', () => {
  it('runs the Mintsoft-shaped warehouse alone and answers its API with the printed key', async () => {
    const { status, body, stdout } = await runEmulator('warehouse', (out) => {
      const url = out.match(/API:\s+(\S+)/)![1]!;
      const key = out.match(/ms-apikey: ([^)\s]+)/)![1]!;
      return fetch(`${url}/RefData/Countries`, { headers: { 'ms-apikey': key } });
    });
    expect(stdout).toMatch(/Warehouse emulator \(Mintsoft-shaped\) on http:\/\/127\.0\.0\.1:\d+/);
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual(expect.arrayContaining([expect.objectContaining({ Code: 'GB', Code3: 'GBR' })]));
  }, 90_000);

  it('runs Business Central alone and hands out a token with the printed credentials', async () => {
    const { status, body } = await runEmulator('bc', (out) => {
      const [, tokenUrl, clientId, secret] = out.match(/token:\s+POST (\S+)\s+client_id=(\S+) client_secret=(\S+)/)!;
      return fetch(tokenUrl!, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId!,
          client_secret: secret!,
          scope: 'https://api.businesscentral.dynamics.com/.default',
        }),
      });
    });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
  }, 90_000);
});
