/**
 * The README's tour, run exactly as written: the shell block under "or try:" is copied out of
 * README.md and run line by line against a sandbox on its default ports. The sandbox and the
 * commands share a private network namespace (`unshare -n`), so the fixed ports of the README
 * (8080, 4101–4103) clash with nothing else on the machine. Only the ledger's place differs:
 * LEDGERBRIDGE_CONFIG points the sandbox and the CLI at a copy of config/sandbox.yaml with a
 * temporary data directory.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Whether this machine lets a test make its own network namespace (root, or user namespaces). */
function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = canUnshare();
if (!available)
  console.warn('\n[ledgerbridge] README tour test SKIPPED: this machine cannot run `unshare -n` (it needs root or user namespaces).\n');

/** The README's tour commands: the sh block after "or try:". */
function tourCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /or try:\n\n```sh\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no "or try:" shell block');
  // Join continued lines; keep each command whole, comments and blank lines out.
  return block[1]!
    .replace(/\\\n/g, '\n')
    .split(/\n(?![ \t])/)
    .map((command) => command.trim())
    .filter((command) => command && !command.startsWith('#'));
}

describe.skipIf(!available)(available ? 'the README tour' : 'the README tour SKIPPED: no network namespace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-tour-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every tour command as written against a sandbox', async () => {
    const commands = tourCommands();
    expect(commands.length).toBeGreaterThanOrEqual(7);
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`);
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    // Each command's output between markers, with its exit code.
    const script = [
      'set -u',
      'ip link set lo up',
      `node bin/ledgerbridge.js sandbox --config ${dir}/sandbox.yaml --orders-per-minute 60 --seed 11 > ${dir}/sandbox.log 2>&1 &`,
      'SANDBOX=$!',
      `for i in $(seq 1 240); do grep -q '^SANDBOX_READY' ${dir}/sandbox.log && break; sleep 0.5; done`,
      // 60 orders a minute keeps the sandbox's BC well within its request budget even on a busy
      // machine, so the reconciliation's reads are not queued behind the orders' for minutes.
      // Order #1042 is the 42nd generated; give the hub time to take it in and decide about it.
      `for i in $(seq 1 150); do node bin/ledgerbridge.js records show 1042 > ${dir}/wait.txt 2>&1 && ! grep -q 'not yet checked' ${dir}/wait.txt && break; sleep 1; done`,
      ...commands.flatMap((command, index) => [
        `echo "<<<${index} at $(date +%s)"`,
        // On lines of their own: a command may end in a # comment.
        `{\n${command.replace(/\n/g, ' \\\n')}\n} 2>&1`,
        `echo ">>>${index} exit $? at $(date +%s)"`,
      ]),
      'kill -TERM $SANDBOX; wait $SANDBOX',
    ].join('\n');
    writeFileSync(join(dir, 'tour.sh'), script);

    const output = await new Promise<string>((done, fail) => {
      // Bounded, so a command that hangs fails the assertions below with the output so far.
      const run = spawn('timeout', ['-k', '5', '600', 'unshare', '-n', 'bash', join(dir, 'tour.sh')], {
        cwd: root,
        env: { ...process.env, LEDGERBRIDGE_CONFIG: join(dir, 'sandbox.yaml'), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      run.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      run.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      run.on('error', fail);
      run.on('exit', () => done(text));
    });
    const results = commands.map((command, index) => {
      const match = new RegExp(`<<<${index} at \\d+\\n([\\s\\S]*?)>>>${index} exit (\\d+)`).exec(output);
      expect(match, `${command}\n${output.slice(-2000)}`).not.toBeNull();
      return { command, text: match![1]!, exit: Number(match![2]) };
    });
    const result = (start: string) => results.find((item) => item.command.startsWith(start))!;

    // The BC token and the Sales Orders through OData.
    const orders = JSON.parse(result('curl -s -H').text) as { value: { number: string; externalDocumentNumber: string }[] };
    expect(orders.value.length).toBeGreaterThan(0);
    expect(orders.value[0]).toHaveProperty('externalDocumentNumber');
    // The operator commands, through the running sandbox's API.
    expect(result('npx ledgerbridge status')).toMatchObject({ exit: 0, text: expect.stringMatching(/orders/) });
    expect(result('npx ledgerbridge exceptions list')).toMatchObject({ exit: 0 });
    expect(result('npx ledgerbridge records show 1042')).toMatchObject({ exit: 0, text: expect.stringMatching(/#1042/) });
    expect(result('npx ledgerbridge reconcile run')).toMatchObject({ exit: 0 });
    // Retry and resolve act on exception #3, whatever it is in this run: done, or refused in words.
    for (const item of [result('npx ledgerbridge exceptions retry 3'), result('npx ledgerbridge exceptions resolve 3')]) {
      expect(item.text, item.command).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (item.exit !== 0) expect(item.text.trim().length, item.command).toBeGreaterThan(10);
    }
    expect(output).not.toMatch(/Unhandled|TypeError|ECONNREFUSED/);
  }, 660_000);
});
