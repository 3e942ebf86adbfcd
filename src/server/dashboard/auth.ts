/**
 * Signing in to the dashboard when an operator token is configured: the token is typed once
 * into a form, and a random session value in an HttpOnly, SameSite=Strict cookie stands for it
 * afterwards (kept in the store, sessions.ts). Without a token the dashboard is as open as the
 * JSON API (this machine only).
 * Also the check every form post passes: the right form token (the same-site check is the
 * operator surface's own, in request-guard.ts).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { cookieOptions, readOperatorName, sessionCookie, setFlash, type Flash } from './cookies.ts';
import { html, safeBack, type Html } from './html.ts';
import { renderPage, type PageContext } from './layout.ts';
import { secretsMatch } from '../request-guard.ts';
import { noteRejection } from '../rejections.ts';
import type { Session, SessionStore } from './sessions.ts';
import type { WrongTokenThrottle } from '../wrong-token-throttle.ts';

export interface DashboardEnv {
  Variables: { session: Session | undefined; page: PageContext };
}

export interface AuthOptions {
  apiToken: string | undefined;
  /** Where sessions live; present whenever a token is set. */
  sessions: SessionStore | undefined;
  /** The form token of pages shown without a session (sign-in, or no token configured). */
  openCsrf: string;
  sessionTtlMs: number;
  /** Present whenever a token is set. */
  wrongTokens: WrongTokenThrottle | undefined;
}

const publicPaths = new Set(['/dashboard/sign-in']);

function renderSignIn(csrf: string, next: string, notice?: Flash): Html {
  return renderPage(
    undefined,
    'Sign in',
    undefined,
    html`<h1>Sign in to the dashboard</h1>
      <p class="lead">This hub asks for its operator token (the value of LEDGERBRIDGE_API_TOKEN). Ask whoever runs the hub for it.</p>
      ${
        notice
          ? html`<div class="notice ${notice.tone}" role="${notice.tone === 'error' ? 'alert' : 'status'}" id="flash" tabindex="-1">${notice.text}</div>`
          : ''
      }
      <form class="stack panel" method="post" action="/dashboard/sign-in">
        <input type="hidden" name="csrf" value="${csrf}" />
        <input type="hidden" name="next" value="${next}" />
        <div>
          <label for="token">Operator token</label>
          <input type="password" id="token" name="token" required autocomplete="current-password" />
        </div>
        <div><button type="submit">Sign in</button></div>
      </form>`,
  );
}

/** Looks up the session cookie; sends anyone without a valid session to the sign-in form. */
export function requireSignIn(options: AuthOptions): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const session = options.apiToken ? await options.sessions?.get(getCookie(c, sessionCookie)) : undefined;
    c.set('session', session);
    if (!options.apiToken || session || publicPaths.has(c.req.path)) return next();
    const url = new URL(c.req.url);
    if (c.req.method === 'GET' || c.req.method === 'HEAD')
      return c.redirect(`/dashboard/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    setFlash(c, { tone: 'info', text: 'Your session had ended, so nothing was changed. Sign in and try again.' });
    return c.redirect('/dashboard/sign-in', 303);
  };
}

/** A refusal page: the status, what was wrong and that nothing was changed; recorded by the server's audit. */
export function refuse(c: Context, text: string, status: 400 | 403 | 415 = 403) {
  noteRejection(c, { reason: text });
  return c.html(
    renderPage(
      undefined,
      'Not accepted',
      undefined,
      html`<h1>Not accepted</h1><p class="notice error">${text}</p><p><a href="/dashboard">Back to the dashboard</a></p>`,
    ),
    status,
  );
}

/** The posted form, or undefined when the body cannot be read as one (a broken multipart body, say). */
export async function readForm(c: Context): Promise<Record<string, string | File> | undefined> {
  try {
    return await c.req.parseBody();
  } catch {
    return undefined;
  }
}

/** Every form post must carry the form token of the dashboard's own pages. */
export function guardForms(options: AuthOptions): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await readForm(c);
    if (!form) return refuse(c, 'The form could not be read, so nothing was changed.', 400);
    const session = c.get('session');
    const expected = c.req.path === '/dashboard/sign-in' || !session ? options.openCsrf : session.csrf;
    if (!secretsMatch(form.csrf, expected))
      return refuse(
        c,
        'This form has expired (the hub restarted or you signed in again). Nothing was changed: reload the page and try again.',
      );
    return next();
  };
}

export function registerSignIn(app: Hono<DashboardEnv>, options: AuthOptions): void {
  const { apiToken, sessions } = options;
  app.get('/sign-in', (c) => {
    const next = safeBack(c.req.query('next'));
    if (!apiToken || c.get('session')) return c.redirect(next, 303);
    return c.html(renderSignIn(options.openCsrf, next, c.get('page').flash));
  });
  app.post('/sign-in', async (c) => {
    if (!apiToken || !sessions || !options.wrongTokens) return c.redirect('/dashboard', 303);
    const form = await c.req.parseBody();
    const next = safeBack(form.next);
    if (!secretsMatch(form.token, apiToken)) {
      const verdict = await options.wrongTokens.countWrongToken(c);
      noteRejection(c, {
        reason: verdict.throttled ? 'too many wrong operator tokens from this address' : 'wrong operator token',
        detail: { wrongTokensFromClient: verdict.count },
      });
      if (verdict.throttled) {
        const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
        c.header('retry-after', String(verdict.retryAfterSeconds));
        const text = `Too many wrong tokens were sent from this address. For ${minutes} more minute${minutes === 1 ? '' : 's'} a wrong token is turned away like this; the right token still signs you in.`;
        return c.html(renderSignIn(options.openCsrf, next, { tone: 'error', text }), 429);
      }
      return c.html(
        renderSignIn(options.openCsrf, next, { tone: 'error', text: 'That is not the operator token. Check it and try again.' }),
        401,
      );
    }
    await sessions.delete(getCookie(c, sessionCookie));
    const session = await sessions.create(readOperatorName(c) || null);
    setCookie(c, sessionCookie, session.id, cookieOptions(c, Math.floor(options.sessionTtlMs / 1000)));
    return c.redirect(next, 303);
  });
  app.post('/sign-out', async (c) => {
    await sessions?.delete(getCookie(c, sessionCookie));
    deleteCookie(c, sessionCookie, cookieOptions(c));
    if (!apiToken) return c.redirect('/dashboard', 303);
    setFlash(c, { tone: 'info', text: 'You are signed out.' });
    return c.redirect('/dashboard/sign-in', 303);
  });
}
