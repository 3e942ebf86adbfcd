/**
 * Webhook notifications as BC sends them (reference §7): changes are collected for about 30
 * seconds after the first one, then one POST per notification URL carries
 * `{"value":[{subscriptionId, clientState, expirationDateTime, resource, changeType,
 * lastModifiedDateTime}]}`; more than 1,000 changes for a subscription become one
 * `collection` item whose resource filters on `lastModifiedDateTime`. On 408, 429, 5xx or an
 * unreachable endpoint BC tries again later (for about 36 hours); any other non-2xx answer
 * deletes the subscription.
 */
import type { BcEmulatorSettings } from './settings.ts';
import type { RowChange } from './store.ts';
import type { SubscriptionBook } from './subscriptions.ts';
import { changedEntityOf } from './webhook-resources.ts';

export const collectWindowMs = 30_000;
export const collectionThreshold = 1_000;
const retryGiveUpMs = 36 * 60 * 60_000;

export interface NotificationItem {
  subscriptionId: string;
  clientState: string;
  expirationDateTime: string;
  resource: string;
  changeType: 'created' | 'updated' | 'deleted' | 'collection';
  lastModifiedDateTime: string;
}

interface Pending {
  notificationUrl: string;
  items: Map<string, NotificationItem>;
  /** First change collected, for the `collection` filter. */
  since: string;
  attempts: number;
  firstAttemptAt?: number;
}

export interface DeliveryRecord {
  at: string;
  notificationUrl: string;
  status: number | 'unreachable';
  count: number;
  outcome: 'delivered' | 'retrying' | 'subscription-deleted' | 'dropped';
}

export class WebhookNotifier {
  private pending = new Map<string, Pending>();
  private timer: AbortController | undefined;
  readonly deliveries: DeliveryRecord[] = [];

  private readonly settings: BcEmulatorSettings;
  private readonly book: SubscriptionBook;
  constructor(settings: BcEmulatorSettings, book: SubscriptionBook) {
    this.settings = settings;
    this.book = book;
  }

  /** Called for every committed change in the store. */
  record(change: RowChange): void {
    const entity = changedEntityOf(change.set, change.row);
    if (!entity) return;
    const now = this.settings.clock.now();
    const stamp = new Date(now).toISOString();
    for (const sub of this.book.active(now)) {
      const target = sub._resource;
      if (target.companyId !== change.companyId || target.table !== entity.table) continue;
      const changeType = entity.lineChange ? 'updated' : change.type;
      const resource = `/api/${target.prefix}/companies(${target.companyId})/${target.set}(${entity.id})`;
      let pending = this.pending.get(sub.subscriptionId);
      if (!pending) {
        pending = { notificationUrl: sub.notificationUrl, items: new Map(), since: stamp, attempts: 0 };
        this.pending.set(sub.subscriptionId, pending);
      }
      const earlier = pending.items.get(resource);
      // A create then updates is still a create; anything then a delete is a delete.
      const merged = earlier?.changeType === 'created' && changeType === 'updated' ? 'created' : changeType;
      pending.items.set(resource, {
        subscriptionId: sub.subscriptionId,
        clientState: sub.clientState,
        expirationDateTime: sub.expirationDateTime,
        resource,
        changeType: merged,
        lastModifiedDateTime: stamp,
      });
    }
    if (this.pending.size > 0) this.schedule(collectWindowMs);
  }

  pendingCount(): number {
    let count = 0;
    for (const pending of this.pending.values()) count += pending.items.size;
    return count;
  }

  snapshot(): Map<string, Pending> {
    return new Map([...this.pending].map(([id, p]) => [id, { ...p, items: new Map(p.items) }]));
  }

  restore(saved: Map<string, Pending>): void {
    this.pending = saved;
  }

  clear(): void {
    this.timer?.abort();
    this.timer = undefined;
    this.pending.clear();
    this.deliveries.length = 0;
  }

  /** Sends everything collected now (the control endpoint's flush, and the timer's). */
  async flush(): Promise<DeliveryRecord[]> {
    this.timer?.abort();
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const byUrl = new Map<string, [string, Pending][]>();
    for (const entry of batch) byUrl.set(entry[1].notificationUrl, [...(byUrl.get(entry[1].notificationUrl) ?? []), entry]);
    const records: DeliveryRecord[] = [];
    for (const [url, entries] of byUrl) records.push(await this.deliver(url, entries));
    return records;
  }

  private async deliver(url: string, entries: [string, Pending][]): Promise<DeliveryRecord> {
    const value = entries.flatMap(([, pending]) => this.itemsOf(pending));
    const now = this.settings.clock.now();
    let status: number | 'unreachable';
    try {
      const response = await this.settings.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 'unreachable';
    }
    let outcome: DeliveryRecord['outcome'] = 'delivered';
    if (status === 'unreachable' || status === 408 || status === 429 || status >= 500) {
      outcome = 'retrying';
      for (const [id, pending] of entries) {
        pending.attempts += 1;
        pending.firstAttemptAt ??= now;
        if (now - pending.firstAttemptAt >= retryGiveUpMs) outcome = 'dropped';
        else this.requeue(id, pending);
      }
      const attempts = Math.max(...entries.map(([, p]) => p.attempts));
      if (outcome === 'retrying') this.schedule(Math.min(60_000 * 2 ** (attempts - 1), 6 * 60 * 60_000));
    } else if (status < 200 || status >= 300) {
      outcome = 'subscription-deleted';
      for (const [id] of entries) this.book.rows.delete(id);
    }
    const record: DeliveryRecord = { at: new Date(now).toISOString(), notificationUrl: url, status, count: value.length, outcome };
    this.deliveries.push(record);
    return record;
  }

  private itemsOf(pending: Pending): NotificationItem[] {
    const items = [...pending.items.values()];
    if (items.length <= collectionThreshold) return items;
    const first = items[0]!;
    const collection = first.resource.replace(/\([^()]*\)$/, '');
    return [
      {
        ...first,
        changeType: 'collection',
        resource: `${collection}?$filter=lastModifiedDateTime%20gt%20${pending.since}`,
        lastModifiedDateTime: items[items.length - 1]!.lastModifiedDateTime,
      },
    ];
  }

  private requeue(id: string, pending: Pending): void {
    const newer = this.pending.get(id);
    if (newer) for (const [resource, item] of newer.items) pending.items.set(resource, item);
    this.pending.set(id, pending);
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    const timer = new AbortController();
    this.timer = timer;
    this.settings.clock.sleep(delayMs, timer.signal).then(
      () => {
        if (this.timer === timer) void this.flush();
      },
      () => undefined,
    );
  }
}
