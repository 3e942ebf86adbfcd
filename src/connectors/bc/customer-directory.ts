/**
 * An optional local copy of BC's customers indexed by e-mail, for shops whose orders mostly
 * come from first-time buyers: a cache cannot help an e-mail never seen before, but a copy of
 * the whole (small) customer list can say "no such customer" without asking BC. It is loaded
 * once, brought up to date with `lastModifiedDateTime gt <cursor>` (an overlap guards against
 * late commits) at most every `refreshMs`, and reloaded whole every `fullReloadMs` so deleted
 * customers disappear. A miss may be up to `refreshMs` old: creating a customer still asks BC
 * first (master-data.ts), so a stale miss can route an order to the web customer, never
 * create a duplicate.
 */
import type { Clock } from '../../core/clock.ts';
import type { ErpCustomer } from '../../core/domain/erp.ts';

export interface DirectoryEntry {
  customer: ErpCustomer;
  lastModifiedDateTime: string;
}

export interface CustomerDirectoryOptions {
  clock: Clock;
  refreshMs: number;
  fullReloadMs: number;
  /** Every customer, or those changed after `since` (ISO, overlap already applied). */
  load(since?: string): Promise<DirectoryEntry[]>;
}

const overlapMs = 60_000;

export class CustomerDirectory {
  private byEmail = new Map<string, ErpCustomer[]>();
  private emailOf = new Map<string, string>();
  private cursor: string | undefined;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private reloadedAt = Number.NEGATIVE_INFINITY;
  private updating: Promise<void> | undefined;

  private readonly options: CustomerDirectoryOptions;
  constructor(options: CustomerDirectoryOptions) {
    this.options = options;
  }

  async find(normalisedEmail: string): Promise<ErpCustomer[]> {
    await this.upToDate();
    return [...(this.byEmail.get(normalisedEmail) ?? [])];
  }

  /** A customer the hub just created or read: known at once, without waiting for a refresh. */
  remember(customer: ErpCustomer): void {
    this.forget(customer.id);
    const email = customer.email?.trim().toLowerCase();
    if (!email) return;
    this.emailOf.set(customer.id, email);
    this.byEmail.set(email, [...(this.byEmail.get(email) ?? []), customer]);
  }

  clear(): void {
    this.byEmail.clear();
    this.emailOf.clear();
    this.cursor = undefined;
    this.refreshedAt = this.reloadedAt = Number.NEGATIVE_INFINITY;
  }

  private upToDate(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.refreshedAt < this.options.refreshMs) return Promise.resolve();
    this.updating ??= this.update(now).finally(() => {
      this.updating = undefined;
    });
    return this.updating;
  }

  private async update(now: number): Promise<void> {
    const full = this.cursor === undefined || now - this.reloadedAt >= this.options.fullReloadMs;
    const since = full ? undefined : new Date(Date.parse(this.cursor!) - overlapMs).toISOString();
    const entries = await this.options.load(since);
    if (full) {
      this.byEmail.clear();
      this.emailOf.clear();
      this.reloadedAt = now;
    }
    for (const entry of entries) {
      this.remember(entry.customer);
      if (this.cursor === undefined || entry.lastModifiedDateTime > this.cursor) this.cursor = entry.lastModifiedDateTime;
    }
    this.cursor ??= new Date(now).toISOString();
    this.refreshedAt = now;
  }

  private forget(id: string): void {
    const email = this.emailOf.get(id);
    if (email === undefined) return;
    const rest = (this.byEmail.get(email) ?? []).filter((customer) => customer.id !== id);
    if (rest.length) this.byEmail.set(email, rest);
    else this.byEmail.delete(email);
    this.emailOf.delete(id);
  }
}
