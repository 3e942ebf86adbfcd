/**
 * The embedded store's data directory belongs to one process at a time. Two PostgreSQL
 * engines writing the same files would corrupt them, so a second process refuses to start
 * and says which process holds the directory and where its API is.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Where the owning hub serves its operator API, when it does; the CLI talks to it. */
  apiUrl?: string;
}

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly owner: LockOwner;
  constructor(dataDir: string, owner: LockOwner) {
    super(
      `The data directory ${dataDir} is in use by process ${owner.pid} on ${owner.hostname} (since ${owner.startedAt}). ` +
        `Stop that process first, or point this one at another data directory. ` +
        `The embedded store cannot be shared between processes; use PostgreSQL for several hub processes.`,
    );
    this.dataDir = dataDir;
    this.owner = owner;
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  setApiUrl(url: string): void;
  release(): void;
}

export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'ledgerbridge.lock');
}

export function readLockOwner(dataDir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(lockFilePath(dataDir), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a live process holds the directory (a stale lock left by a crash does not count). */
export function isHeldByLiveProcess(owner: LockOwner | undefined): owner is LockOwner {
  return owner !== undefined && !(owner.hostname === hostname() && !isAlive(owner.pid));
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockFilePath(dataDir);
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return createHandle(path, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = readLockOwner(dataDir);
      if (isHeldByLiveProcess(existing)) throw new DataDirLockedError(dataDir, existing);
      // The previous owner died without cleaning up (a crash): the directory is free.
      unlinkSync(path);
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}

function createHandle(path: string, owner: LockOwner): DataDirLock {
  let released = false;
  const releaseOnExit = () => release();
  function release() {
    if (released) return;
    released = true;
    process.off('exit', releaseOnExit);
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
      if (current.pid === owner.pid) unlinkSync(path);
    } catch {
      // already gone
    }
  }
  process.on('exit', releaseOnExit);
  return {
    path,
    setApiUrl(url: string) {
      owner.apiUrl = url;
      const fd = openSync(path, 'w');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
    },
    release,
  };
}
