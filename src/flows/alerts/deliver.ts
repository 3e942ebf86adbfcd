/**
 * Sending one delivery: the record moves to `posting` (a try), the channel is asked, and the
 * record becomes `posted` with what the channel answered. A failure is kept on the record
 * (last error, attempts) and thrown so the queue retries it with backoff; when the retries
 * run out the record is held as an `alert_undelivered` exception, retried every 15 minutes.
 * An alert is never lost: it is sent, waiting to be sent, or an open exception.
 */
import { getRecord, transitionRecord } from '../../ledger/index.ts';
import { ALERTS_FLOW, alertsJobs, type AlertsFlowDeps, type DeliverJob } from './deps.ts';
import type { AlertMessage } from './message.ts';

const ACTOR = 'alerts-flow';

export async function deliverAlert(deps: AlertsFlowDeps, job: DeliverJob): Promise<'sent' | 'already-sent' | 'not-yet'> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`${ALERTS_FLOW}: there is no record ${job.recordId}`);
  if (record.state === 'posted' || record.state === 'skipped') return 'already-sent';
  if (record.notBefore && record.notBefore.getTime() > deps.clock.now() + 1000) {
    // Held for quiet hours: make sure a run is waiting for their end.
    await deps.queue.enqueue<DeliverJob>(
      alertsJobs.deliver,
      { recordId: record.id },
      { key: String(record.id), delayMs: record.notBefore.getTime() - deps.clock.now() },
    );
    return 'not-yet';
  }
  const { channel, message } = record.payload as { channel: string; message: AlertMessage };
  const trying = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'sending_alert',
    countAttempt: true,
    detail: { channel },
  });
  try {
    const { detail } = await deps.senders.send(channel, message, `lb-alert-${record.id}`);
    await transitionRecord(deps.db, trying.id, {
      to: 'posted',
      actor: ACTOR,
      reason: 'alert_delivered',
      targetIds: { 'alert.channel': channel },
      detail: { answer: detail },
    });
    return 'sent';
  } catch (error) {
    await transitionRecord(deps.db, trying.id, {
      to: 'posting',
      actor: ACTOR,
      reason: 'alert_delivery_failed',
      lastError: { message: error instanceof Error ? error.message : String(error) },
      detail: { channel },
    });
    throw error;
  }
}
