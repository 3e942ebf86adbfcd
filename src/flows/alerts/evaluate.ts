/**
 * The alert rules at work, every minute: new open exceptions and closed ones since the last
 * look, and each monitoring threshold crossing or clearing, become deliveries: one ledger
 * record per (rule, channel, matter, opened|resolved), written with its delivery job in one
 * transaction. The record's key de-duplicates: a matter is announced once per channel however
 * often it is seen. Digest rules collect items and send them together when their period is up;
 * quiet hours hold everything (critical, when allowed, excepted) until they end.
 */
import { sql } from 'kysely';
import type { AlertRule } from '../../config/alerts-schema.ts';
import { findRecord, getCursor, receiveRecord, setCursor, transitionRecord } from '../../ledger/index.ts';
import { mapExceptionRow, mapRecordRow } from '../../ledger/map-rows.ts';
import type { LedgerException } from '../../ledger/types.ts';
import { attentionOf, attentionWords } from '../../operations/attention.ts';
import { codeWords, ownerName } from '../../operations/wording.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';
import { ALERTS_FLOW, alertsJobs, type AlertsFlowDeps, type DeliverJob } from './deps.ts';
import type { AlertItem, AlertMessage } from './message.ts';
import { readMonitor } from './monitors.ts';
import { quietFor } from './quiet-hours.ts';

const ACTOR = 'alerts-flow';
const severityRank = { info: 0, warning: 1, error: 2, critical: 3 } as const;

export function matchesRule(rule: AlertRule, exception: LedgerException): boolean {
  const filter = rule.exceptions;
  if (!filter) return false;
  if (filter.owners && !filter.owners.includes(exception.owner)) return false;
  if (filter.categories && !filter.categories.includes(exception.category)) return false;
  if (filter.flows && !filter.flows.includes(exception.flow)) return false;
  return severityRank[exception.severity] >= severityRank[filter.minSeverity];
}

function linkTo(deps: AlertsFlowDeps, path: string): string | null {
  return deps.dashboardUrl ? `${deps.dashboardUrl.replace(/\/+$/, '')}/dashboard${path}` : null;
}

export function exceptionItem(deps: AlertsFlowDeps, exception: LedgerException, kind: AlertItem['kind']): AlertItem {
  const title = `${ownerName(exception.owner)}: ${codeWords(exception.code)} (${exception.flow}, #${exception.id})`;
  const closed = `${exception.status === 'ignored' ? 'Ignored' : 'Resolved'}${exception.closedBy ? ` by ${exception.closedBy}` : ''}${exception.closeNote ? `: ${exception.closeNote}` : '.'}`;
  return {
    key: `exception:${exception.id}`,
    kind,
    title,
    text: kind === 'resolved' ? `${closed}\n${exception.message}` : `${exception.message}\nWhat to do: ${exception.action}`,
    severity: exception.severity,
    team: ownerName(exception.owner),
    url: linkTo(deps, `/exceptions/${exception.id}`),
    facts: [
      { name: 'Team', value: ownerName(exception.owner) },
      { name: 'Kind', value: attentionWords[attentionOf(exception)] },
      { name: 'Flow', value: exception.flow },
      // On a hub of several shops, whose it is.
      ...(deps.connections && deps.connections.length > 1 ? [{ name: 'Shop', value: exception.connectionId }] : []),
      { name: 'Seen', value: `${exception.occurrences} time${exception.occurrences === 1 ? '' : 's'}` },
    ],
  };
}

/** One delivery record (and its job) per channel of the rule; digest rules keep the item for their next digest. */
async function announce(deps: AlertsFlowDeps, rule: AlertRule, item: AlertItem, onlyChannels?: string[]): Promise<number> {
  let queued = 0;
  for (const channel of rule.channels) {
    if (onlyChannels && !onlyChannels.includes(channel)) continue;
    const sourceId = `${rule.name}/${channel}/${item.key}/${item.kind}`;
    if (rule.delivery === 'digest') {
      await receiveRecord(deps.db, {
        flow: ALERTS_FLOW,
        sourceSystem: 'hub',
        sourceId,
        sourceRef: `${item.kind === 'resolved' ? 'Resolved: ' : ''}${item.title}`,
        payload: { rule: rule.name, channel, item, digestItem: true },
        actor: ACTOR,
      }).then(async ({ record, created }) => {
        if (created)
          await transitionRecord(deps.db, record.id, { to: 'validated', actor: ACTOR, reason: 'kept_for_digest' }).then((moved) =>
            transitionRecord(deps.db, moved.id, { to: 'waiting', actor: ACTOR, reason: 'kept_for_digest' }),
          );
      });
      continue;
    }
    const message: AlertMessage = { rule: rule.name, items: [item], digest: false };
    const critical = item.severity === 'critical' && rule.quietHours?.allowCritical !== false;
    const holdMs = critical ? 0 : quietFor(deps.clock.now(), deps.timeZone, rule.quietHours);
    if (await queueDelivery(deps, sourceId, channel, message, holdMs)) queued += 1;
  }
  return queued;
}

async function queueDelivery(
  deps: AlertsFlowDeps,
  sourceId: string,
  channel: string,
  message: AlertMessage,
  holdMs: number,
): Promise<boolean> {
  return inIntakeTransaction(deps, async (tx) => {
    const { record, created } = await receiveRecord(tx.db, {
      flow: ALERTS_FLOW,
      sourceSystem: 'hub',
      sourceId,
      sourceRef:
        `${channel}: ${message.digest ? `digest of ${message.items.length}` : `${message.items[0]!.kind === 'resolved' ? 'resolved, ' : ''}${message.items[0]!.title}`}`.slice(
          0,
          200,
        ),
      payload: { rule: message.rule, channel, message },
      actor: ACTOR,
    });
    if (!created) return false;
    if (holdMs > 0)
      await transitionRecord(tx.db, record.id, {
        to: 'validated',
        actor: ACTOR,
        reason: 'quiet_hours',
        notBefore: new Date(deps.clock.now() + holdMs),
      });
    await tx.queue.enqueue<DeliverJob>(alertsJobs.deliver, { recordId: record.id }, { key: String(record.id), delayMs: holdMs });
    return true;
  });
}

async function evaluateExceptions(deps: AlertsFlowDeps): Promise<number> {
  const rules = deps.config.rules.filter((rule) => rule.exceptions);
  const cursor = await getCursor(deps.db, 'alerts.exceptions.lastId');
  const closedCursor = await getCursor(deps.db, 'alerts.exceptions.closedSince');
  const maxRow = await deps.db
    .selectFrom('lb_exception')
    .select((eb) => eb.fn.max<number | null>('id').as('id'))
    .executeTakeFirst();
  const maxId = Number(maxRow?.id ?? 0);
  let queued = 0;
  // The first look starts from now: a hub that gains alerts does not announce its whole history.
  if (cursor !== undefined) {
    const fresh = (
      await deps.db
        .selectFrom('lb_exception')
        .selectAll()
        .where('id', '>', Number(cursor))
        .where('id', '<=', maxId)
        .where('status', '=', 'open')
        .orderBy('id')
        .execute()
    ).map(mapExceptionRow);
    for (const exception of fresh)
      for (const rule of rules.filter((candidate) => matchesRule(candidate, exception)))
        queued += await announce(deps, rule, exceptionItem(deps, exception, 'opened'));
  }
  await setCursor(deps.db, 'alerts.exceptions.lastId', String(maxId));
  const since = closedCursor ?? new Date(deps.clock.now()).toISOString();
  const closed = (
    await deps.db.selectFrom('lb_exception').selectAll().where('closed_at', '>', new Date(since)).orderBy('closed_at').limit(1000).execute()
  ).map(mapExceptionRow);
  let high = since;
  for (const exception of closed) {
    high = exception.closedAt!.toISOString() > high ? exception.closedAt!.toISOString() : high;
    for (const rule of rules.filter((candidate) => candidate.followUp && matchesRule(candidate, exception))) {
      // A follow-up only where the opening was announced.
      const announced: string[] = [];
      for (const channel of rule.channels)
        if (
          await findRecord(deps.db, {
            flow: ALERTS_FLOW,
            sourceSystem: 'hub',
            sourceId: `${rule.name}/${channel}/exception:${exception.id}/opened`,
          })
        )
          announced.push(channel);
      if (announced.length > 0) queued += await announce(deps, rule, exceptionItem(deps, exception, 'resolved'), announced);
    }
  }
  await setCursor(deps.db, 'alerts.exceptions.closedSince', high);
  return queued;
}

async function evaluateMonitors(deps: AlertsFlowDeps): Promise<number> {
  let queued = 0;
  const now = deps.clock.now();
  // On a hub of several shops each threshold is watched per shop: one shop's backlog alerts,
  // named, however quiet the others are. Each shop's state is its own cursor.
  const shops: (string | undefined)[] = deps.connections && deps.connections.length > 1 ? [...deps.connections] : [undefined];
  for (const rule of deps.config.rules) {
    for (const [index, threshold] of rule.monitors.entries())
      for (const shop of shops) {
        const name = `alerts.monitor.${rule.name}.${index}`;
        const since = await getCursor(deps.db, name, shop);
        const reading = await readMonitor(deps.db, threshold, now, shop);
        const key = `monitor:${rule.name}:${index}:${shop === undefined ? '' : `${shop}:`}${since ?? new Date(now).toISOString()}`;
        const item: AlertItem = {
          key,
          kind: 'opened',
          title: shop === undefined ? reading.title : `${shop}: ${reading.title}`,
          text: reading.text,
          severity: 'error',
          team: null,
          url: linkTo(deps, shop === undefined ? '' : `?connection=${encodeURIComponent(shop)}`),
          facts: [...(shop === undefined ? [] : [{ name: 'Shop', value: shop }]), { name: 'Now', value: reading.value }],
        };
        if (reading.breached && !since) {
          await setCursor(deps.db, name, new Date(now).toISOString(), shop);
          queued += await announce(deps, rule, item);
        } else if (!reading.breached && since) {
          await setCursor(deps.db, name, '', shop);
          if (rule.followUp)
            queued += await announce(deps, rule, { ...item, kind: 'resolved', title: `Back within its limit: ${item.title}` });
        }
      }
  }
  return queued;
}

/** Digest rules: when the period is up (and not in quiet hours), the items kept become one delivery per channel. */
async function sendDigests(deps: AlertsFlowDeps): Promise<number> {
  let queued = 0;
  const now = deps.clock.now();
  for (const rule of deps.config.rules.filter((candidate) => candidate.delivery === 'digest')) {
    if (quietFor(now, deps.timeZone, rule.quietHours) > 0) continue;
    for (const channel of rule.channels) {
      const cursorName = `alerts.digest.${rule.name}.${channel}`;
      const last = await getCursor(deps.db, cursorName);
      if (last && now - Date.parse(last) < rule.digestEveryMinutes * 60_000) continue;
      const kept = (
        await deps.db
          .selectFrom('lb_record')
          .selectAll()
          .where('flow', '=', ALERTS_FLOW)
          .where('state', '=', 'waiting')
          .where('source_id', 'like', `${rule.name}/${channel}/%`)
          .orderBy('id')
          .limit(200)
          .execute()
      ).map(mapRecordRow);
      if (kept.length === 0) continue;
      const stamp = new Date(now).toISOString();
      const message: AlertMessage = {
        rule: rule.name,
        items: kept.map((record) => (record.payload as { item: AlertItem }).item),
        digest: true,
      };
      if (await queueDelivery(deps, `${rule.name}/${channel}/digest/${stamp}`, channel, message, 0)) queued += 1;
      for (const record of kept) {
        const moving = await transitionRecord(deps.db, record.id, { to: 'posting', actor: ACTOR, reason: 'in_digest' });
        await transitionRecord(deps.db, moving.id, {
          to: 'posted',
          actor: ACTOR,
          reason: 'in_digest',
          targetIds: { 'alerts.digest': stamp },
        });
      }
      await setCursor(deps.db, cursorName, stamp);
    }
  }
  return queued;
}

export async function evaluateAlerts(deps: AlertsFlowDeps): Promise<number> {
  if (deps.config.rules.length === 0) return 0;
  return (await evaluateExceptions(deps)) + (await evaluateMonitors(deps)) + (await sendDigests(deps));
}

/** Deliveries not yet sent, for the retry job after an outage. */
export async function listUnsentDeliveries(deps: Pick<AlertsFlowDeps, 'db'>): Promise<number[]> {
  const rows = await deps.db
    .selectFrom('lb_record')
    .select('id')
    .where('flow', '=', ALERTS_FLOW)
    .where('state', 'in', ['received', 'validated', 'posting'])
    .where(sql<boolean>`payload->>'digestItem' is null`)
    .limit(1000)
    .execute();
  return rows.map((row) => row.id);
}
