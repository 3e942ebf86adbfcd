/**
 * The budget ledger: request budgets shared by the hub processes on one PostgreSQL
 * (decision 0024), over the tables and functions of migration 0010.
 *
 * - An in-flight slot is a session advisory lock, taken on this process's one budget
 *   connection: a process that dies (kill -9, lost machine) closes that connection and
 *   PostgreSQL frees its slots at once, with no lease to expire.
 * - Starts in the sliding window are counted per slice of the window in `lb_budget_start`.
 * - A Retry-After is `lb_budget.paused_until`, seen by every process.
 * - Shopify's cost bucket per shop lives in `lb_budget`'s bucket columns; processes take its
 *   points in blocks (`lb_cost_block`, migration 0013) that expire if their holder dies, and a
 *   THROTTLED answer or a Retry-After is announced to every process (NOTIFY lb_budget_hold).
 * Each take is one round trip (a function call under the budget row's lock). Requests of one
 * process queue here one at a time, in the order the local limiter let them go, so the
 * local lanes stay fair. While every slot is held elsewhere the head request waits for a
 * NOTIFY that one was freed, and polls now and then for slots freed by a process's death.
 */
import pg from 'pg';
import { systemClock, type Clock } from '../core/clock.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import type {
  CostBlockGrant,
  CostNotice,
  SharedBucketState,
  SharedBudgets,
  SharedLease,
  SharedRequestLimits,
} from '../core/shared-budgets.ts';

export interface BudgetLedgerOptions {
  url: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * How often a waiting request asks again while every slot is held by other processes (it is
   * woken at once when one of them frees a slot; polling catches slots freed by a death).
   */
  pollMs?: number;
  /** Shown in pg_stat_activity; tests tell their "processes" apart by it. */
  applicationName?: string;
}

interface Session {
  client: pg.Client;
  /** Slots this session holds, per budget: advisory locks are re-entrant within a session. */
  held: Map<string, Set<number>>;
  lost: boolean;
  /** Queries on the session run one after another, in the order they were asked. */
  tail: Promise<unknown>;
}

interface Gate {
  /** Requests of this process wait here one at a time, in arrival order. */
  chain: Promise<unknown>;
  /** Wakes the waiting request early when a slot is freed, here or in another process. */
  wake: AbortController | undefined;
  /** Slots freed so far (as far as this process heard): a take that raced a free tries again at once. */
  frees: number;
}

const noop = () => undefined;

/** Every release is announced here, with the budget's name, to the processes waiting for a slot. */
const freedChannel = 'lb_budget_freed';

/** A THROTTLED answer or a Retry-After is announced here (by migration 0013's `lb_cost_return` and `pauseFor`), with the budget's name. */
const holdChannel = 'lb_budget_hold';

/** Points of a Shopify bucket were given back (by migration 0013's `lb_cost_return`), with the budget's name. */
const returnedChannel = 'lb_cost_returned';

/**
 * How long the ledger keeps a block of Shopify points beyond the life its holder spends it in,
 * before taking it as spent: covers requests sent just before the end that reach Shopify late.
 * A holder that died gives its block back (as spent) this long after its life ends.
 */
export const costBlockMarginMs = 3_000;

/** Before the bucket is known, the one request sent to find out holds the others this long at most (if it gets no answer). */
const costProbeMs = 2_000;

/** A broken connection, or the server ending it (SQLSTATE classes 08 and 57), rather than a failed statement. */
function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57');
}

function querySession<R extends pg.QueryResultRow>(session: Session, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  const result = session.tail.then(() => session.client.query<R>(text, values));
  session.tail = result.catch(noop);
  return result;
}

export function openBudgetLedger(options: BudgetLedgerOptions): SharedBudgets {
  return new BudgetLedger(options);
}

class BudgetLedger implements SharedBudgets {
  private readonly options: BudgetLedgerOptions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly pollMs: number;
  private readonly pool: pg.Pool;
  private readonly gates = new Map<string, Gate>();
  private readonly holdListeners = new Map<string, Set<(notice: CostNotice) => void>>();
  private session: Promise<Session> | undefined;
  private current: Session | undefined;
  private closed = false;

  constructor(options: BudgetLedgerOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.pollMs = options.pollMs ?? 50;
    this.pool = new pg.Pool({ connectionString: options.url, max: 2, application_name: this.applicationName() });
    this.pool.on('error', noop);
  }

  acquireRequest(limits: SharedRequestLimits, weight: number, signal?: AbortSignal): Promise<SharedLease> {
    let gate = this.gates.get(limits.name);
    if (!gate) {
      gate = { chain: Promise.resolve(), wake: undefined, frees: 0 };
      this.gates.set(limits.name, gate);
    }
    const turn = gate.chain.then(() => this.takeSlot(gate, limits, Math.max(1, Math.min(weight, limits.maxRequestsPerWindow)), signal));
    gate.chain = turn.then(noop, noop);
    return turn;
  }

  async windowCount(limits: SharedRequestLimits): Promise<number> {
    // The same slices lb_budget_acquire counts (migration 0010).
    const width = Math.max(1, Math.floor(limits.windowMs / 300));
    const { rows } = await this.pool.query<{ n: number }>(
      `select coalesce(sum(starts), 0)::int as n from lb_budget_start
       where budget = $1 and slice >= (floor(extract(epoch from clock_timestamp()) * 1000)::int8 - $2::int8) / $3::int8`,
      [limits.name, limits.windowMs, width],
    );
    return rows[0]!.n;
  }

  async pauseFor(name: string, ms: number): Promise<void> {
    // The notice tells processes holding blocks of a Shopify bucket to stop spending them.
    await this.pool.query(
      `with paused as (
         insert into lb_budget (name, paused_until) values ($1, clock_timestamp() + $2 * interval '1 millisecond')
         on conflict (name) do update set paused_until = greatest(lb_budget.paused_until, excluded.paused_until)
         returning name)
       select pg_notify('${holdChannel}', name) from paused`,
      [name, Math.max(0, Math.ceil(ms))],
    );
  }

  async grantCostBlock(name: string, request: { minPoints: number; wantPoints: number; lifeMs: number }): Promise<CostBlockGrant> {
    this.keepListening();
    const { rows } = await this.pool.query<{
      block_id: string | null;
      granted: number;
      wait_ms: number;
      known: boolean;
      maximum: number | null;
      available: number | null;
      restore_rate: number | null;
    }>(
      `select block_id::text as block_id, granted, wait_ms::float8 as wait_ms, known, maximum, available, restore_rate
       from lb_cost_grant($1, $2, $3, $4, $5)`,
      [name, request.minPoints, request.wantPoints, Math.ceil(request.lifeMs + costBlockMarginMs), costProbeMs],
    );
    const row = rows[0]!;
    const state: SharedBucketState | undefined =
      row.maximum === null || row.available === null || row.restore_rate === null
        ? undefined
        : { maximumAvailable: row.maximum, currentlyAvailable: row.available, restoreRate: row.restore_rate };
    return { blockId: row.block_id ?? undefined, points: row.granted, waitMs: row.wait_ms, known: row.known, state };
  }

  async returnCostBlocks(
    name: string,
    blocks: readonly { id: string; unspent: number }[],
    refund: number,
    reported: SharedBucketState | undefined,
    hold: boolean,
  ): Promise<void> {
    await this.pool.query('select lb_cost_return($1, $2::int8[], $3::float8[], $4, $5, $6, $7, $8)', [
      name,
      blocks.map((block) => block.id),
      blocks.map((block) => block.unspent),
      refund,
      reported?.maximumAvailable ?? null,
      reported?.currentlyAvailable ?? null,
      reported?.restoreRate ?? null,
      hold,
    ]);
  }

  onCostNotice(name: string, listener: (notice: CostNotice) => void): () => void {
    let listeners = this.holdListeners.get(name);
    if (!listeners) {
      listeners = new Set();
      this.holdListeners.set(name, listeners);
    }
    listeners.add(listener);
    this.keepListening();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.holdListeners.delete(name);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const session = await this.session?.catch(() => undefined);
    // Ending the session frees every slot it holds.
    await session?.client.end().catch(noop);
    await this.pool.end();
  }

  private async takeSlot(gate: Gate, limits: SharedRequestLimits, weight: number, signal?: AbortSignal): Promise<SharedLease> {
    for (let reconnects = 0; ;) {
      signal?.throwIfAborted();
      if (this.closed) throw new Error('the budget ledger is closed');
      const session = await this.openSession();
      const held = session.held.get(limits.name) ?? new Set<number>();
      session.held.set(limits.name, held);
      const freesBefore = gate.frees;
      let answer: { slot: number | null; wait_ms: number | null };
      try {
        const { rows } = await querySession<{ slot: number | null; wait_ms: number | null }>(
          session,
          'select slot, wait_ms::float8 as wait_ms from lb_budget_acquire($1, $2, $3, $4, $5, $6)',
          [limits.name, limits.maxInFlight, limits.windowMs, limits.maxRequestsPerWindow, weight, [...held]],
        );
        answer = rows[0]!;
      } catch (error) {
        // The connection dropped under the take: once more on a new one, then give up.
        if (!isConnectionLost(error)) throw error;
        this.dropSession(session, error);
        if ((reconnects += 1) > 1) throw error;
        continue;
      }
      const { slot, wait_ms: waitMs } = answer;
      if (slot !== null) {
        held.add(slot);
        return this.lease(session, gate, limits.name, slot);
      }
      if (waitMs === null && gate.frees !== freesBefore) continue;
      // Every slot is held: until one is freed (NOTIFY), or the next poll, which catches slots
      // freed by a process that died. The window or a pause: exactly as long as told.
      await this.sleep(gate, waitMs ?? this.pollMs * (1 + Math.random()), signal);
    }
  }

  private lease(session: Session, gate: Gate, name: string, slot: number): SharedLease {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        // A lost session has no locks left to free.
        if (session.lost) return;
        session.held.get(name)?.delete(slot);
        // Queued on the same connection, so it runs before this process's next take; the
        // notification wakes the processes waiting for a slot.
        querySession(session, `select pg_advisory_unlock(hashtext($1), $2), pg_notify('${freedChannel}', $3)`, [
          `lb_budget:${name}`,
          slot,
          name,
        ]).catch((error: unknown) => {
          this.logger.warn({ err: error, budget: name }, 'could not free a shared request slot; it frees when the connection closes');
        });
        this.wakeGate(name);
      },
    };
  }

  private async sleep(gate: Gate, ms: number, signal?: AbortSignal): Promise<void> {
    const wake = new AbortController();
    gate.wake = wake;
    const onAbort = () => wake.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.clock.sleep(Math.max(1, Math.ceil(ms)), wake.signal).catch(noop);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (gate.wake === wake) gate.wake = undefined;
    }
  }

  /** The one connection that holds this process's slots; replaced if it is lost. */
  private openSession(): Promise<Session> {
    this.session ??= this.connect().catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return this.session;
  }

  private async connect(): Promise<Session> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: this.applicationName(), keepAlive: true });
    const session: Session = { client, held: new Map(), lost: false, tail: Promise.resolve() };
    client.on('error', (error) => this.dropSession(session, error));
    client.on('end', () => this.dropSession(session));
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === holdChannel) this.tellCost(message.payload, 'hold');
      else if (message.channel === returnedChannel) this.tellCost(message.payload, 'returned');
      else this.wakeGate(message.payload);
    });
    await client.connect();
    await client.query(`listen ${freedChannel}; listen ${holdChannel}; listen ${returnedChannel}`);
    this.current = session;
    return session;
  }

  /** Hold notices need the session's LISTEN: open it (again, after a loss) while anyone listens. */
  private keepListening(): void {
    if (this.closed || this.holdListeners.size === 0) return;
    this.openSession().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not listen for Shopify throttle notices from other hub processes');
    });
  }

  private tellCost(name: string, notice: CostNotice): void {
    for (const listener of this.holdListeners.get(name) ?? []) {
      try {
        listener(notice);
      } catch (error) {
        this.logger.warn({ err: error, budget: name }, 'a hold listener failed');
      }
    }
  }

  private wakeGate(name: string): void {
    const gate = this.gates.get(name);
    if (!gate) return;
    gate.frees += 1;
    gate.wake?.abort();
  }

  /** PostgreSQL freed the session's slots with it; the next take opens a new one. */
  private dropSession(session: Session, error?: unknown): void {
    if (session.lost) return;
    session.lost = true;
    if (this.current === session) {
      this.current = undefined;
      this.session = undefined;
    }
    session.client.end().catch(noop);
    if (!this.closed) this.logger.warn({ err: error }, 'lost the shared budget connection; its slots are freed, reconnecting');
  }

  private applicationName(): string {
    return this.options.applicationName ?? 'ledgerbridge-budgets';
  }
}
