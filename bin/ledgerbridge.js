#!/usr/bin/env node
// Runs the TypeScript sources directly: Node 22.18+ and 24 strip types themselves, so there is
// no build step and no compiler at start-up. npm scripts and npx already put the project's own
// Node (installed from the npm registry into node_modules) first on the PATH; when this file is
// started by an older Node anyway, it hands over to that one, or says what is missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const stripsTypes = major > 22 || (major === 22 && minor >= 18);

/**
 * V8 heap options for the hub (`start`), which runs for weeks (decision 0028). Left to itself, V8
 * sizes the heap for throughput on a machine with memory to spare: semi-spaces of up to 64 MB
 * (128 MB of young generation held resident) and an old generation allowed to grow to about four
 * times what is live before it is collected (100–275 MB of garbage in a burst of orders, with
 * 50 MB live). V8 reads the semi-space size only as the process starts, so `start` re-executes
 * itself once with these options, as the same process (same pid for service managers, the
 * data directory's lock and `ps`). Where process.execve is missing (Windows), or the options are
 * already given (command line or NODE_OPTIONS), it runs as it was started.
 */
const HUB_V8_OPTIONS = ['--max-semi-space-size=16', '--heap-growing-percent=30'];
const command = process.argv.slice(2).find((argument) => !argument.startsWith('-'));
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (
  stripsTypes &&
  command === 'start' &&
  typeof process.execve === 'function' &&
  !HUB_V8_OPTIONS.some((option) => given.some((argument) => argument.startsWith(option.split('=')[0])))
) {
  process.execve(process.execPath, [
    process.execPath,
    ...HUB_V8_OPTIONS,
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ]);
}

if (stripsTypes) {
  // Node keeps the stripped and compiled modules here, so later starts skip that work.
  module.enableCompileCache?.(fileURLToPath(new URL('../node_modules/.cache/ledgerbridge-compile', import.meta.url)));
  await import('../src/cli/main.ts');
} else {
  const bundled = fileURLToPath(new URL(`../node_modules/node-${process.platform}-${process.arch}/bin/node`, import.meta.url));
  if (!existsSync(bundled)) {
    console.error(
      `LedgerBridge needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}. ` +
        'Run `npm install` in the project to get its own Node 24, or install Node 24.',
    );
    process.exit(1);
  }
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the whole process group, the child included; other signals are passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
