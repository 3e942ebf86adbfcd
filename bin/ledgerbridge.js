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
