/** Plain-text views of status, exceptions and records, in the words of the people who act on them. */
import type { LedgerException, LedgerRecord } from '../ledger/types.ts';
import { attentionKinds, attentionOf, attentionWords } from '../operations/attention.ts';
import { needsAttention } from '../operations/monitor-attention.ts';
import type { ExceptionList, ExceptionView, HubStatus, RecordView } from '../operations/types.ts';
import { describeHistoryEntry, describeSource, formatAge, formatTime, ownerName, stateWord } from '../operations/wording.ts';

export { formatAge, formatTime };

function byOwner(counts: Partial<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, count]) => count)
    .map(([owner, count]) => `${ownerName(owner)} ${count}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function formatStatus(status: HubStatus): string {
  const lines = [
    `LedgerBridge "${status.hub}" at ${formatTime(status.generatedAt)} — store: ${status.store.backend} (${status.store.location})`,
  ];
  if (status.connection) lines.push(`Connection ${status.connection} only (without --connection: every connection together).`);
  else if (status.connections)
    lines.push(`Connections: ${status.connections.join(', ')}; figures of all together (--connection <id> for one).`);
  lines.push('');
  if (status.flows.length === 0) lines.push('No flow has run yet.');
  for (const flow of status.flows) {
    lines.push(`${flow.flow}`);
    lines.push(
      `  last run:           ${formatTime(flow.lastRunAt)}${flow.lastRunOutcome && flow.lastRunOutcome !== 'ok' ? ` (${flow.lastRunOutcome})` : ''}`,
    );
    lines.push(
      `  backlog:            ${flow.backlog} unfinished (${flow.inException} held as exceptions, ${flow.waiting} ${stateWord('waiting', flow.flow)}); ${flow.posted} posted`,
    );
    lines.push(
      `  oldest unposted:    ${flow.oldestUnpostedAt ? `${formatAge(flow.oldestUnpostedAgeSeconds)} old (since ${formatTime(flow.oldestUnpostedAt)})` : 'none'}`,
    );
    lines.push(`  needs action:       ${byOwner(flow.needsActionByOwner)}`);
    if (Object.values(flow.forReviewByOwner).some(Boolean)) lines.push(`  for review:         ${byOwner(flow.forReviewByOwner)}`);
  }
  if (status.monitors.length > 0) {
    lines.push('', 'Monitoring:');
    for (const figure of status.monitors) {
      const alert = needsAttention(figure) ? '  ← needs attention' : '';
      const oldest = figure.oldestAgeSeconds ? `, oldest ${formatAge(figure.oldestAgeSeconds)}` : '';
      const shop = status.connections && !status.connection && figure.connection ? `[${figure.connection}] ` : '';
      lines.push(`  ${shop}${figure.flow}: ${figure.label}: ${figure.value}${oldest}${alert}`);
    }
  }
  lines.push('', `Needs action, by team: ${byOwner(status.needsActionByOwner)}`);
  lines.push(`For review, by team:  ${byOwner(status.forReviewByOwner)}`);
  const busy = status.queues.filter((queue) => queue.queued + queue.active + queue.failed > 0);
  if (busy.length > 0)
    lines.push(`Queue: ${busy.map((queue) => `${queue.name} ${queue.queued} waiting/${queue.active} running`).join(', ')}`);
  return lines.join('\n');
}

export function formatExceptionLine(exception: LedgerException): string {
  const head = `#${exception.id}  ${exception.status.toUpperCase()}  ${ownerName(exception.owner)}  ${attentionOf(exception) === 'review' ? 'for review' : exception.severity}  ${exception.flow}/${exception.code}${exception.occurrences > 1 ? `  ×${exception.occurrences}` : ''}  last seen ${formatTime(exception.lastSeenAt)}`;
  return `${head}\n    ${exception.message}\n    What to do: ${exception.action}`;
}

/** Exceptions in two groups, needing action first, and a closing line that says when the list was cut. */
export function formatExceptionList(list: ExceptionList): string {
  const { exceptions } = list;
  const cut = list.truncated
    ? `\nShowing the first ${list.limit}: more match. Raise --limit (up to 1000) or narrow with --owner, --flow or --attention.`
    : '';
  if (exceptions.length === 0) return 'No exceptions match.';
  const sections = attentionKinds
    .map((kind) => ({ kind, items: exceptions.filter((exception) => exception.attention === kind) }))
    .filter((section) => section.items.length > 0)
    .map(({ kind, items }) => `${attentionWords[kind]} (${items.length})\n\n${items.map(formatExceptionLine).join('\n\n')}`);
  const action = exceptions.filter((exception) => exception.attention === 'action').length;
  const review = exceptions.length - action;
  return `${sections.join('\n\n')}\n\n${exceptions.length} exception${exceptions.length === 1 ? '' : 's'}: ${action} needing action, ${review} for review.${cut}`;
}

export function formatExceptionView(view: ExceptionView): string {
  const { exception, record } = view;
  const lines = [formatExceptionLine(exception), ''];
  lines.push(
    `Category: ${exception.category}; first seen ${formatTime(exception.firstSeenAt)}; ${exception.occurrences} occurrence(s)${exception.autoRetry ? '; retried automatically' : ''}.`,
  );
  if (record) lines.push(`Record: ${describeRecord(record)} — ${stateWord(record.state, record.flow)}.`);
  if (exception.closedAt) lines.push(`Closed ${formatTime(exception.closedAt)} by ${exception.closedBy}: ${exception.closeNote}`);
  lines.push('Evidence:', indent(JSON.stringify(exception.evidence, null, 2)));
  return lines.join('\n');
}

function describeRecord(record: LedgerRecord): string {
  return `record ${record.id}, ${record.flow}: ${describeSource(record)}`;
}

export function formatRecordView(view: RecordView): string {
  const { record } = view;
  const lines = [
    `Record ${record.id} — ${record.flow}: ${record.sourceSystem} ${record.sourceRef ?? ''} (${record.sourceId})`.replace('  ', ' '),
  ];
  lines.push(
    `  State:      ${stateWord(record.state, record.flow)}${view.stateSince ? ` (since ${formatTime(view.stateSince)})` : ''}; ${record.attempts} attempt${record.attempts === 1 ? '' : 's'}`,
  );
  if (view.progress.length > 0) {
    lines.push('  Progress:');
    for (const step of view.progress)
      lines.push(`    ${step.done ? '[x]' : '[ ]'} ${step.label}${step.reference ? ` (${step.reference})` : ''}`);
  }
  if (record.externalRef) lines.push(`  Reference:  ${record.externalRef}`);
  const targets = Object.entries(record.targetIds);
  if (targets.length > 0) lines.push(`  Created:    ${targets.map(([key, value]) => `${key} ${value}`).join(', ')}`);
  const overrides = Object.entries(record.overrides ?? {});
  if (overrides.length > 0) lines.push(`  Overrides:  ${overrides.map(([path, value]) => `${path}=${value}`).join(', ')}`);
  const open = view.exceptions.filter((exception) => exception.status === 'open');
  lines.push(open.length === 0 ? '  Exceptions: none open' : '  Open exceptions:');
  for (const exception of open) lines.push(indent(formatExceptionLine(exception), 4));
  const closed = view.exceptions.filter((exception) => exception.status !== 'open');
  for (const exception of closed)
    lines.push(
      `    (#${exception.id} ${exception.code} ${exception.status} ${formatTime(exception.closedAt)}${exception.closeNote ? `: ${exception.closeNote}` : ''})`,
    );
  if (view.trail.length > 0) {
    lines.push('  Trail:');
    for (const link of view.trail) lines.push(`    ${link.system} ${link.kind} ${link.label ?? ''} (${link.externalId})`);
  }
  lines.push('  History:');
  for (const entry of view.history) lines.push(`    ${formatTime(entry.at)}  ${describeHistoryEntry(entry, record)}`);
  return lines.join('\n');
}

function indent(text: string, spaces = 2): string {
  return text
    .split('\n')
    .map((line) => `${' '.repeat(spaces)}${line}`)
    .join('\n');
}
