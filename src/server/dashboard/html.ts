/**
 * HTML building blocks for the dashboard. Everything goes through hono's `html` tagged
 * template, which escapes every interpolated value; `raw` is never applied to data.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatAge, formatTime, formatTimeIn } from '../../operations/wording.ts';

export { html };

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A dashboard URL with query parameters; empty values are left out. */
export function dashboardUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/dashboard${path}${search ? `?${search}` : ''}`;
}

/**
 * Where a form may send the user back to: a path under /dashboard on this site, nothing else
 * (an open redirect would let a link send a signed-in operator anywhere).
 */
export function safeBack(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value.length > 2000 || /[\\\s]/.test(value)) return fallback;
  try {
    const base = 'http://dashboard.invalid';
    const url = new URL(value, base);
    if (url.origin !== base || !value.startsWith('/')) return fallback;
    if (url.pathname !== '/dashboard' && !url.pathname.startsWith('/dashboard/')) return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}

/** A time in the shop's time zone with the zone named ("7 Dec 2026, 09:01 GMT"); UTC in the tooltip. */
export function timeTag(value: Date | string | null | undefined, timeZone: string): Html {
  if (!value) return html`<span>—</span>`;
  const iso = new Date(value).toISOString();
  return html`<time datetime="${iso}" title="${formatTime(iso)}">${formatTimeIn(iso, timeZone)}</time>`;
}

export function ageText(seconds: number | null): string {
  return seconds === null ? '—' : formatAge(seconds);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const acronyms = new Set(['sku', 'eori', 'ioss', 'vat', 'hs', 'id', 'bc', 'gid']);

/** `order_changed_after_release` or `salesOrder` → "Order changed after release", "Sales order"; known acronyms in capitals. */
export function humanise(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((word) => (acronyms.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function ageSince(value: Date | string, now: number): number {
  return Math.max(0, Math.round((now - new Date(value).getTime()) / 1000));
}
