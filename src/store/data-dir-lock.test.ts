/**
 * The data directory's lock tells a live owner from a stale lock even when the pid was reused:
 * a container's hub is pid 1 every time, so a crashed hub's lock names the next one's pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  currentBootId,
  DataDirLockedError,
  isHeldByLiveProcess,
  lockFilePath,
  processStartOf,
  readLockOwner,
  type LockOwner,
} from './data-dir-lock.ts';

let dir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lb-lock-'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function writeLock(owner: Partial<LockOwner> & { pid: number }) {
  writeFileSync(lockFilePath(dir), JSON.stringify({ hostname: hostname(), startedAt: '2026-11-20T10:00:00.000Z', ...owner }));
}

async function liveChild(): Promise<number> {
  child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child!.once('spawn', resolve));
  return child.pid!;
}

const onLinux = existsSync('/proc/self/stat');

describe('data directory lock', () => {
  it('records who holds it, with the boot id and the start time, and removes it on release', () => {
    const lock = acquireDataDirLock(dir);
    const owner = readLockOwner(dir)!;
    expect(owner).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(owner.nonce).toMatch(/^[0-9a-f]{24}$/);
    if (onLinux) expect(owner).toMatchObject({ bootId: currentBootId(), processStart: processStartOf(process.pid) });
    expect(isHeldByLiveProcess(owner)).toBe(true);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(lockFilePath(dir))).toBe(false);
  });

  it("takes over a lock naming this process's own pid that this process never took: a container's pid 1 after a crash", () => {
    writeLock({ pid: process.pid, bootId: currentBootId(), processStart: '1', nonce: 'from-the-crashed-run' });
    expect(isHeldByLiveProcess(readLockOwner(dir))).toBe(false);
    const lock = acquireDataDirLock(dir);
    expect(readLockOwner(dir)!.nonce).not.toBe('from-the-crashed-run');
    lock.release();
  });

  it.runIf(onLinux)('takes over a lock whose pid now belongs to another process (another start time)', async () => {
    const pid = await liveChild();
    writeLock({ pid, bootId: currentBootId(), processStart: String(Number(processStartOf(pid)) - 5), nonce: 'old' });
    const lock = acquireDataDirLock(dir);
    expect(readLockOwner(dir)!.pid).toBe(process.pid);
    lock.release();
  });

  it.runIf(onLinux)('refuses while the process that took the lock still runs', async () => {
    const pid = await liveChild();
    writeLock({ pid, bootId: currentBootId(), processStart: processStartOf(pid), nonce: 'theirs' });
    expect(() => acquireDataDirLock(dir)).toThrow(`is in use by process ${pid}`);
    expect(() => acquireDataDirLock(dir)).toThrow(/serves one hub process only: to run several hub processes, use PostgreSQL/);
    expect(readLockOwner(dir)!.nonce).toBe('theirs');
  });

  it.runIf(onLinux)('takes over a lock taken before the machine restarted, whatever runs under its pid now', async () => {
    const pid = await liveChild();
    writeLock({ pid, bootId: '00000000-0000-4000-8000-000000000000', processStart: processStartOf(pid), nonce: 'before-reboot' });
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  it('takes over the lock of a process that died, as before', async () => {
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const pid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    writeLock({ pid });
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  it("leaves another machine's lock alone: its processes cannot be checked from here", () => {
    writeLock({ pid: 1, hostname: 'another-host' });
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it('never removes a lock another process took in the meantime', () => {
    const lock = acquireDataDirLock(dir);
    const mine = readFileSync(lockFilePath(dir), 'utf8');
    writeLock({ pid: process.pid, nonce: 'someone-else' });
    lock.release();
    expect(readLockOwner(dir)!.nonce).toBe('someone-else');
    expect(mine).not.toContain('someone-else');
  });
});
