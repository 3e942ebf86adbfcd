/**
 * What the action forms do: retry (with corrections), resolve or ignore an exception as the
 * person named in the form, then send them back to the page they came from with the outcome.
 * A mistake a person can make in the form (no note, no name) is told back on the page; a form
 * the page cannot have sent (an unknown action, control characters, a file) is refused.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { Operations } from '../../operations/types.ts';
import { isPlainText } from '../../core/input-checks.ts';
import { isOperatorRefusal } from '../../operations/refusal.ts';
import { readForm, refuse, type DashboardEnv } from './auth.ts';
import { cleanName, rememberOperatorName, setFlash, type Flash } from './cookies.ts';
import { plural, safeBack } from './html.ts';

const plain = (max: number) => z.string().max(max).refine(isPlainText, 'holds control characters').default('');

const actionForm = z.object({
  do: z.enum(['retry', 'resolve', 'ignore']),
  note: plain(2000),
  overrides: plain(4000),
});

/** `field=value` lines into overrides; blank lines are skipped, anything else is a problem. */
export function parseOverrides(text: string): { overrides: Record<string, string> } | { problem: string } {
  const entries: [string, string][] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const equals = line.indexOf('=');
    const path = equals > 0 ? line.slice(0, equals).trim() : '';
    if (!path) return { problem: `Correction line ${index + 1} (“${line.trim()}”) is not written as field=value.` };
    entries.push([path, line.slice(equals + 1).trim()]);
  }
  return { overrides: Object.fromEntries(entries) };
}

/**
 * Operations and retriers refuse with plain `Error`s written for the operator ("exception 4
 * is already resolved", "refunds take no overrides"); anything else is a fault for the log.
 */
function isOperatorMessage(error: unknown): error is Error {
  return isOperatorRefusal(error) || (error instanceof Error && error.constructor === Error);
}

function shorten(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

async function act(operations: Operations, id: number, by: string, form: z.infer<typeof actionForm>): Promise<Flash> {
  if (form.do === 'retry') {
    const parsed = parseOverrides(form.overrides);
    if ('problem' in parsed) return { tone: 'error', text: parsed.problem };
    const count = Object.keys(parsed.overrides).length;
    const result = await operations.retryException(id, by, count > 0 ? parsed.overrides : undefined);
    const corrections = count > 0 ? ` with ${plural(count, 'correction')}` : '';
    return { tone: result.queued ? 'ok' : 'info', text: `Retry of exception #${id}${corrections}: ${sentence(result.message)}` };
  }
  const note = form.note.trim();
  if (!note) return { tone: 'error', text: `Write a note to ${form.do} exception #${id}: what you did, or why nothing needs doing.` };
  if (form.do === 'resolve') {
    await operations.resolveException(id, by, note);
    return { tone: 'ok', text: `Exception #${id} is resolved, noted as “${shorten(note)}”.` };
  }
  await operations.ignoreException(id, by, note);
  return { tone: 'ok', text: `Exception #${id} is ignored, noted as “${shorten(note)}”.` };
}

export function registerActions(app: Hono<DashboardEnv>, operations: Operations, logger: Logger): void {
  app.post('/exceptions/:id', async (c) => {
    const body = (await readForm(c)) ?? {};
    const idText = c.req.param('id');
    const id = /^[1-9][0-9]{0,14}$/.test(idText) ? Number(idText) : undefined;
    const back = safeBack(body.back, id === undefined ? '/dashboard/exceptions' : `/dashboard/exceptions/${id}`);
    const parsed = actionForm.safeParse(body);
    if (id === undefined) return refuse(c, `There is no exception ${JSON.stringify(idText)} to act on. Nothing was changed.`, 400);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
      return refuse(c, `This form is not one the dashboard sends (${fields}: not accepted), so nothing was changed.`, 400);
    }
    const by = cleanName(body.by);
    if (!by) {
      setFlash(c, { tone: 'error', text: `Write your name in “Your name” to act on exception #${id}: the audit log records who acted.` });
      return c.redirect(back, 303);
    }
    rememberOperatorName(c, by);
    try {
      setFlash(c, await act(operations, id, by, parsed.data));
    } catch (error) {
      if (!isOperatorMessage(error)) throw error;
      logger.warn({ err: error, exception: id, action: parsed.data.do, by }, 'dashboard action refused');
      setFlash(c, { tone: 'error', text: `Exception #${id}: ${sentence(error.message)}` });
    }
    return c.redirect(back, 303);
  });
}
