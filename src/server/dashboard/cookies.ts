/**
 * The dashboard's cookies, all HttpOnly, SameSite=Strict and scoped to /dashboard: the
 * session id, the name the operator acts under, and the one-time outcome of the last action.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { z } from 'zod';
import { clientOf } from '../client-address.ts';

export const sessionCookie = 'lb_session';
const nameCookie = 'lb_operator';
const flashCookie = 'lb_flash';

export interface Flash {
  tone: 'ok' | 'info' | 'error';
  text: string;
}

const flashSchema = z.object({ tone: z.enum(['ok', 'info', 'error']), text: z.string().max(2000) });

/** Over HTTPS, directly or (only when it is a trusted proxy's word) through a reverse proxy. */
function isHttps(c: Context): boolean {
  return clientOf(c).https;
}

export function cookieOptions(c: Context, maxAgeSeconds?: number): CookieOptions {
  return {
    path: '/dashboard',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** Browsers drop cookies over 4 KB; 400 characters stay under it even fully percent-encoded. */
const flashLimit = 400;

export function setFlash(c: Context, flash: Flash): void {
  const text = flash.text.length > flashLimit ? `${flash.text.slice(0, flashLimit - 1)}…` : flash.text;
  setCookie(c, flashCookie, JSON.stringify({ tone: flash.tone, text }), cookieOptions(c, 300));
}

/** The outcome of the last action, shown once. */
export function takeFlash(c: Context): Flash | undefined {
  const value = getCookie(c, flashCookie);
  if (value === undefined) return undefined;
  deleteCookie(c, flashCookie, cookieOptions(c));
  try {
    const parsed = flashSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A name as people write it: no control characters, at most 80 characters. */
export function cleanName(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/[\u0000-\u001f\u007f]/g, ' ') // eslint-disable-line no-control-regex
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
}

export function readOperatorName(c: Context): string {
  return cleanName(getCookie(c, nameCookie));
}

export function rememberOperatorName(c: Context, name: string): void {
  setCookie(c, nameCookie, name, cookieOptions(c, 365 * 24 * 3600));
}
