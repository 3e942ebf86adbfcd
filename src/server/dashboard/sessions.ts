/**
 * Signed-in dashboard sessions, kept in the hub's memory: the cookie holds only a random id.
 * A restart signs everyone out, which is acceptable for a page people sign in to once a day,
 * and changing the operator token needs nothing more than a restart to shut old sessions out.
 */
import { randomBytes } from 'node:crypto';

export interface Session {
  id: string;
  /** The token every form of this session carries (see auth.ts, guardForms). */
  csrf: string;
  expiresAt: number;
}

export interface SessionStoreOptions {
  ttlMs: number;
  /** Beyond this many live sessions the oldest is dropped (a bound on memory). */
  max: number;
  now: () => number;
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  private readonly options: SessionStoreOptions;
  constructor(options: SessionStoreOptions) {
    this.options = options;
  }

  create(): Session {
    this.prune();
    while (this.sessions.size >= this.options.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const session: Session = { id: randomToken(), csrf: randomToken(), expiresAt: this.options.now() + this.options.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.options.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.options.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
