/**
 * The embedded store's data directory belongs to one process at a time. Two PostgreSQL
 * engines writing the same files would corrupt them, so a second process refuses to start
 * and says which process holds the directory and where its API is.
 *
 * A pid alone does not say who holds the lock: pids are reused, and in a container the hub
 * is always pid 1, so a crashed hub's lock names the pid of the next start. The lock also
 * records the machine's boot id and the process's start time (Linux: /proc), and a random
 * nonce this process remembers; a lock whose pid now belongs to another process, or to this
 * one without its nonce, is stale (decision 0012).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Where the owning hub serves its operator API, when it does; the CLI talks to it. */
  apiUrl?: string;
  /** The kernel's boot id when the lock was taken (Linux); another one means the machine restarted since. */
  bootId?: string;
  /** The owner's start time in clock ticks since boot (Linux /proc/<pid>/stat), to tell a reused pid. */
  processStart?: string;
  /** Random, remembered by the owning process: the same pid without it is an earlier process. */
  nonce?: string;
}

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly owner: LockOwner;
  constructor(dataDir: string, owner: LockOwner) {
    super(
      `The data directory ${dataDir} is in use by process ${owner.pid} on ${owner.hostname} (since ${owner.startedAt}). ` +
        `Stop that process first, or point this one at another data directory (store.dataDir). ` +
        `The embedded store serves one hub process only: to run several hub processes, use PostgreSQL ` +
        `(store.backend: postgres, with LEDGERBRIDGE_DATABASE_URL set), which they all share.`,
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

/** Nonces of the locks this process holds. */
const heldNonces = new Set<string>();

/** A takeover that crashed half-way leaves its guard file; after this long it is ignored. */
const TAKEOVER_GUARD_STALE_MS = 10_000;

export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'ledgerbridge.lock');
}

export function readLockOwner(dataDir: string): LockOwner | undefined {
  return readOwnerAt(lockFilePath(dataDir));
}

function readOwnerAt(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner?.pid === 'number' && typeof owner.hostname === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

function readProcFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function currentBootId(): string | undefined {
  return readProcFile('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
export function processStartOf(pid: number): string | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
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
  if (owner === undefined) return false;
  // Another machine's processes cannot be checked from here: its lock stands.
  if (owner.hostname !== hostname()) return true;
  const bootId = currentBootId();
  if (owner.bootId && bootId && owner.bootId !== bootId) return false;
  if (owner.pid === process.pid) return owner.nonce !== undefined && heldNonces.has(owner.nonce);
  if (!Number.isSafeInteger(owner.pid) || owner.pid <= 0 || !isAlive(owner.pid)) return false;
  const start = processStartOf(owner.pid);
  return !(owner.processStart && start && owner.processStart !== start);
}

function writeNew(path: string, owner: LockOwner): boolean {
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a stale lock, once: only the process holding the takeover guard may unlink, and it
 * checks again under the guard, so two processes starting at once never both take over.
 */
function removeStaleLock(path: string, judged: LockOwner | undefined): void {
  const guard = `${path}.takeover`;
  if (!writeNew(guard, { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() })) {
    let age: number;
    try {
      age = Date.now() - statSync(guard).mtimeMs;
    } catch {
      return; // the other takeover just finished
    }
    if (age < TAKEOVER_GUARD_STALE_MS) return;
    unlinkSync(guard);
    if (!writeNew(guard, { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() })) return;
  }
  try {
    const current = readOwnerAt(path);
    if (JSON.stringify(current) === JSON.stringify(judged) && !isHeldByLiveProcess(current)) unlinkSync(path);
  } catch {
    // already gone
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      // already gone
    }
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockFilePath(dataDir);
  const nonce = randomBytes(12).toString('hex');
  const bootId = currentBootId();
  const processStart = processStartOf(process.pid);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    ...(bootId ? { bootId } : {}),
    ...(processStart ? { processStart } : {}),
    nonce,
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    heldNonces.add(nonce);
    if (writeNew(path, owner)) return createHandle(path, owner);
    heldNonces.delete(nonce);
    const existing = readLockOwner(dataDir);
    if (isHeldByLiveProcess(existing)) throw new DataDirLockedError(dataDir, existing);
    // The previous owner died without cleaning up (a crash): the directory is free.
    removeStaleLock(path, existing);
  }
  const existing = readLockOwner(dataDir);
  if (existing) throw new DataDirLockedError(dataDir, existing);
  throw new Error(`could not lock the data directory ${dataDir}`);
}

function createHandle(path: string, owner: LockOwner): DataDirLock {
  let released = false;
  const releaseOnExit = () => release();
  function release() {
    if (released) return;
    released = true;
    process.off('exit', releaseOnExit);
    heldNonces.delete(owner.nonce!);
    try {
      if (readOwnerAt(path)?.nonce === owner.nonce) unlinkSync(path);
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
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
    },
    release,
  };
}
