/**
 * Delivers callbacks as Mintsoft's Connect Actions do: a POST of the order (or ASN) JSON to
 * the URL registered for the event, with the registered `Authorization` value. Delivery is
 * at least once: a failed attempt is retried on the emulator clock. Faults make it worse on
 * purpose — dropped, duplicated, delayed and (with a random window) reordered deliveries —
 * because the hub must be right whichever way the callbacks come, or if they never come.
 */
import type { Clock } from '../../src/core/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { stringifyWireJson } from './mintsoft-json.ts';
import type { Dice } from './dice.ts';

export interface CallbackFaults {
  /** Lose exactly the next N deliveries. */
  dropNext: number;
  dropRate: number;
  /** Send the next N deliveries twice. */
  duplicateNext: number;
  duplicateRate: number;
  /** Every delivery waits this long first. */
  delayMs: number;
  /** Only the next delivery waits this much longer (a late callback). */
  delayNextMs: number;
  /** Extra random wait up to this long, so later events can arrive first. */
  reorderWindowMs: number;
}

export const noCallbackFaults: CallbackFaults = {
  dropNext: 0,
  dropRate: 0,
  duplicateNext: 0,
  duplicateRate: 0,
  delayMs: 0,
  delayNextMs: 0,
  reorderWindowMs: 0,
};

export type CallbackEvent = 'despatched' | 'cancelled' | 'delivered' | 'split' | 'asn_booked_in';

export interface DeliveryRecord {
  id: number;
  event: CallbackEvent;
  url: string;
  /** The order or ASN id the callback is about. */
  subjectId: number;
  duplicate: boolean;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

export interface DispatcherOptions {
  clock: Clock;
  dice: Dice;
  fetch: typeof globalThis.fetch;
  retryDelaysMs: number[];
  logger: Logger;
}

export class CallbackDispatcher {
  faults: CallbackFaults = { ...noCallbackFaults };
  deliveries: DeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private nextId = 1;

  private readonly options: DispatcherOptions;
  constructor(options: DispatcherOptions) {
    this.options = options;
  }

  send(event: CallbackEvent, url: string | undefined, authorization: string | undefined, body: unknown, subjectId: number): void {
    if (!url) return;
    const text = stringifyWireJson(body);
    const base = { event, url, subjectId, attempts: 0, lastStatus: null, lastError: null };
    if (this.take('dropNext') || this.options.dice.chance(this.faults.dropRate)) {
      this.deliveries.push({ ...base, id: this.nextId++, duplicate: false, status: 'dropped' });
      return;
    }
    const extra = this.faults.delayNextMs;
    this.faults.delayNextMs = 0;
    this.schedule({ ...base, id: this.nextId++, duplicate: false, status: 'pending' }, authorization, text, extra);
    if (this.take('duplicateNext') || this.options.dice.chance(this.faults.duplicateRate)) {
      this.schedule({ ...base, id: this.nextId++, duplicate: true, status: 'pending' }, authorization, text, extra);
    }
  }

  /** Resolves once nothing is waiting or being sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets deliveries and faults; deliveries still waiting are abandoned. */
  reset(): void {
    this.abort.abort(new Error('callbacks reset'));
    this.abort = new AbortController();
    this.deliveries = [];
    this.faults = { ...noCallbackFaults };
  }

  async close(): Promise<void> {
    this.abort.abort(new Error('emulator closed'));
    await Promise.allSettled([...this.inFlight]);
  }

  private take(fault: 'dropNext' | 'duplicateNext'): boolean {
    if (this.faults[fault] <= 0) return false;
    this.faults[fault] -= 1;
    return true;
  }

  private schedule(delivery: DeliveryRecord, authorization: string | undefined, body: string, extraDelayMs: number): void {
    this.deliveries.push(delivery);
    const firstWait = this.faults.delayMs + extraDelayMs + Math.floor(this.options.dice.next() * this.faults.reorderWindowMs);
    const task = this.run(delivery, authorization, body, firstWait, this.abort.signal).catch(() => {
      if (delivery.status === 'pending') delivery.status = 'failed';
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async run(
    delivery: DeliveryRecord,
    authorization: string | undefined,
    body: string,
    firstWait: number,
    signal: AbortSignal,
  ): Promise<void> {
    const delays = this.options.retryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt += 1) {
      const wait = attempt === 0 ? firstWait : delays[attempt - 1]!;
      if (wait > 0) await this.options.clock.sleep(wait, signal);
      if (signal.aborted) return;
      delivery.attempts += 1;
      if (await this.post(delivery, authorization, body, signal)) {
        delivery.status = 'delivered';
        return;
      }
    }
    delivery.status = 'failed';
  }

  private async post(delivery: DeliveryRecord, authorization: string | undefined, body: string, signal: AbortSignal): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (authorization) headers.authorization = authorization;
    try {
      const response = await this.options.fetch(delivery.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
      });
      delivery.lastStatus = response.status;
      delivery.lastError = null;
      await response.body?.cancel();
      return response.ok;
    } catch (error) {
      delivery.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.debug({ url: delivery.url, err: error }, 'warehouse emulator callback failed');
      return false;
    }
  }
}
