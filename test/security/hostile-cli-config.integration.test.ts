/**
 * The hostile-input corpus for the command line and configuration files (issue 14). Command
 * lines run in-process through the real `ledgerbridge` program against a live hub (--api):
 * each asserts the exit code and the message, the hub's audit entry when the hub refused it
 * (none when the CLI refused it first), that the hub still answers, that nothing it had
 * accepted is lost, and that the terminal never receives a control character from the input.
 * Configuration files are read as `ledgerbridge start` reads them: each is refused with a
 * ConfigError naming the setting, before anything is opened.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { readEnv } from '../../src/config/env.ts';
import { ConfigError, loadConfigFile } from '../../src/config/load-config.ts';
import { cliCases } from './corpus/cli.ts';
import { configCases, validConfig } from './corpus/config.ts';
import { acceptedSoFar, auditSince, lastAuditId, secrets, startHostileHub, type HostileHub } from './support/hostile-hub.ts';
import { send } from './support/raw-http.ts';

const dir = mkdtempSync(join(tmpdir(), 'lb-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile command lines', () => {
  let hub: HostileHub;
  let exceptionId: number;
  beforeAll(async () => {
    hub = await startHostileHub();
    exceptionId = hub.exceptionIds.at(-1)!;
  }, 60_000);
  afterAll(() => hub?.close());

  it.each(cliCases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const before = await lastAuditId(hub.store);
    const kept = await acceptedSoFar(hub.store);
    const args = testCase.args.map((arg) => arg.replace('{api}', hub.token.url).replace('{id}', String(exceptionId)).replace('{dir}', dir));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: { LEDGERBRIDGE_API_TOKEN: testCase.token ?? secrets.apiToken },
    });
    const said = err.join('\n');
    expect(code, `stdout: ${out.join('\n').slice(0, 300)}`).toBe(testCase.exitCode);
    expect(said).toMatch(testCase.message);
    // What the input carried reaches the terminal as visible text, never as a control sequence.
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    expect(`${said}${out.join('')}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);

    const entries = (await auditSince(hub.store, before)).filter((entry) => entry.action === 'rejected');
    if (testCase.audit === 'none') expect(entries).toEqual([]);
    else
      expect(entries).toContainEqual(
        expect.objectContaining({ actor: testCase.audit.actor, detail: expect.objectContaining({ status: testCase.audit.status }) }),
      );

    expect((await send(hub.token.port, { method: 'GET', path: '/health/live' })).status).toBe(200);
    const now = await acceptedSoFar(hub.store);
    for (const [key, value] of kept) expect(now.get(key), key).toBe(value);
    const exception = await hub.store.db
      .selectFrom('lb_exception')
      .select('status')
      .where('id', '=', exceptionId)
      .executeTakeFirstOrThrow();
    expect(exception.status).toBe('open');
  });
});

describe('hostile configuration files', () => {
  const secretsEnv = {
    SHOPIFY_ACCESS_TOKEN: 'shpat_hostile',
    SHOPIFY_WEBHOOK_SECRETS: 'hostile-webhook-secret',
    BC_CLIENT_SECRET: 'hostile-bc-secret',
  };
  const fifo = join(dir, 'config.fifo');
  beforeAll(() => {
    execFileSync('mkfifo', [fifo]);
  });

  it('starts from a configuration that is valid on its own', () => {
    const path = join(dir, 'valid.yaml');
    writeFileSync(path, validConfig);
    expect(loadConfigFile(path, readEnv(secretsEnv)).config.hub.name).toBe('hostile');
  });

  it.each(configCases.map((testCase, index) => [testCase.name, testCase, index] as const))('%s', (_name, testCase, index) => {
    const caseDir = join(dir, `case-${index}`);
    mkdirSync(caseDir, { recursive: true });
    let path = join(caseDir, 'ledgerbridge.yaml');
    if (testCase.content !== null) writeFileSync(path, testCase.content);
    if (testCase.path) path = testCase.path.replace('{dir}', caseDir).replace('{fifo}', fifo);

    let error: unknown;
    try {
      loadConfigFile(path, readEnv({ ...secretsEnv, ...testCase.env }), { requireSecrets: true });
    } catch (caught) {
      error = caught;
    }
    expect(error, 'the configuration was accepted').toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems, JSON.stringify(problems).slice(0, 500)).toContainEqual(
      expect.objectContaining({
        path: expect.stringMatching(testCase.problem.path),
        message: expect.stringMatching(testCase.problem.message),
      }),
    );
    // The operator reads one message naming the file and every problem with its path.
    expect((error as ConfigError).message).toContain(`The configuration in ${path} has`);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
