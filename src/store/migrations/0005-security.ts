/**
 * Security (issue 14): inbox bodies that are not clean UTF-8 are kept as base64 (a NUL made
 * PostgreSQL refuse them and the delivery was lost), and secrets stored by earlier versions
 * are scrubbed: BC's clientState in the inbox and in rejected-notification audit entries
 * (kept as a short fingerprint), and `token=` in the URLs of warehouse callback evidence.
 * The audit log is append-only; this one-time scrub lifts the guard for its own update only.
 */
import { sql, type Kysely } from 'kysely';
import { redactSecretFields, redactUrl } from '../../core/redact.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('lb_inbox')
    .addColumn('body_encoding', 'text', (col) => col.notNull().defaultTo('utf8'))
    .execute();
  await db.schema
    .alterTable('lb_inbox')
    .addCheckConstraint('lb_inbox_body_encoding_check', sql`body_encoding in ('utf8', 'base64')`)
    .execute();

  await sql`
    update lb_inbox
       set body = (body::jsonb || jsonb_build_object('clientState',
             'sha256:' || substr(encode(sha256(convert_to(body::jsonb ->> 'clientState', 'UTF8')), 'hex'), 1, 12)))::text
     where source = 'bc' and body like '{%"clientState"%' and (body::jsonb ->> 'clientState') not like 'sha256:%'`.execute(db);

  const evidence = await sql<{ id: string; evidence: { url?: unknown } }>`
    select id, evidence from lb_exception where evidence ? 'url'`.execute(db);
  for (const row of evidence.rows) {
    if (typeof row.evidence.url !== 'string') continue;
    const url = redactUrl(row.evidence.url);
    if (url === row.evidence.url) continue;
    await sql`update lb_exception set evidence = ${JSON.stringify({ ...row.evidence, url })}::jsonb where id = ${row.id}`.execute(db);
  }

  const rejected = await sql<{ id: string; detail: { body?: unknown } }>`
    select id, detail from lb_audit where actor = 'bc-webhook' and action = 'rejected' and detail ? 'body'`.execute(db);
  const scrubbed = rejected.rows.flatMap((row) => {
    if (typeof row.detail.body !== 'string') return [];
    const body = redactSecretFields(row.detail.body);
    return body === row.detail.body ? [] : [{ id: row.id, detail: { ...row.detail, body } }];
  });
  if (scrubbed.length > 0) {
    await sql`alter table lb_audit disable trigger lb_audit_no_change`.execute(db);
    for (const row of scrubbed)
      await sql`update lb_audit set detail = ${JSON.stringify(row.detail)}::jsonb where id = ${row.id}`.execute(db);
    await sql`alter table lb_audit enable trigger lb_audit_no_change`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Scrubbed secrets cannot come back; base64 bodies stay readable through readInboxBody only.
  await db.schema.alterTable('lb_inbox').dropColumn('body_encoding').execute();
}
