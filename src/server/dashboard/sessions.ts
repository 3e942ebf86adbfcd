/**
 * Signed-in dashboard sessions, kept in the store (decision 0023): a restart keeps operators
 * signed in, and every hub process on the same PostgreSQL accepts every session. The cookie
 * holds a random value; the store keeps only its HMAC keyed by the operator token, so a copy of
 * the table signs nobody in, and changing the operator token ends every session (their rows no
 * longer match and expire). The session's form token is derived from the cookie the same way,
 * so it is never stored either.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface Session {
  /** The cookie's value: held by the browser, never stored. */
  id: string;
  /** The token every form of this session carries (see auth.ts, guardForms). */
  csrf: string;
  expiresAt: number;
}

export interface SessionStoreOptions {
  db: Kysely<Database>;
  /** The operator token: the key of the hashes. */
  secret: string;
  ttlMs: number;
  now: () => number;
}

/** How stale `last_seen_at` may get before a request writes it again (one write a minute, not one per page). */
const lastSeenEveryMs = 60_000;

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A value derived from the operator token for one purpose; it reveals nothing of the token. */
export function deriveToken(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('base64url');
}

export class SessionStore {
  private readonly options: SessionStoreOptions;
  constructor(options: SessionStoreOptions) {
    this.options = options;
  }

  /** Starts a session; `userName` is the name the browser remembered, when it did. */
  async create(userName: string | null = null): Promise<Session> {
    const { db, ttlMs, now } = this.options;
    const at = new Date(now());
    // Sign-ins are rare: a good moment to drop the sessions that ended.
    await deleteExpiredSessions(db, at);
    const id = randomToken();
    const expiresAt = at.getTime() + ttlMs;
    await db
      .insertInto('lb_operator_session')
      .values({
        token_hash: this.hashOf(id),
        user_name: userName || null,
        created_at: at,
        last_seen_at: at,
        expires_at: new Date(expiresAt),
      })
      .execute();
    return { id, csrf: this.csrfOf(id), expiresAt };
  }

  /** The live session this cookie stands for; an expired one is deleted on sight. */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const { db, now } = this.options;
    const hash = this.hashOf(id);
    const row = await db
      .selectFrom('lb_operator_session')
      .select(['expires_at', 'last_seen_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return undefined;
    const at = now();
    if (row.expires_at.getTime() <= at) {
      await this.delete(id);
      return undefined;
    }
    if (at - row.last_seen_at.getTime() >= lastSeenEveryMs)
      await db
        .updateTable('lb_operator_session')
        .set({ last_seen_at: new Date(at) })
        .where('token_hash', '=', hash)
        .execute();
    return { id, csrf: this.csrfOf(id), expiresAt: row.expires_at.getTime() };
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) await this.options.db.deleteFrom('lb_operator_session').where('token_hash', '=', this.hashOf(id)).execute();
  }

  private hashOf(id: string): string {
    return deriveToken(this.options.secret, `session:${id}`);
  }

  private csrfOf(id: string): string {
    return deriveToken(this.options.secret, `form:${id}`);
  }
}

/** Drops sessions that have ended; run at sign-in and by the store's daily upkeep. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('lb_operator_session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
