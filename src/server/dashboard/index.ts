/**
 * The operator dashboard at /dashboard: server-rendered pages over the same `Operations` the
 * CLI and the JSON API use (see docs/decisions/0006-server-rendered-dashboard.md).
 *
 * Every request passes, in order: security headers; the static assets; the operator checks
 * the JSON API passes too (without a token: this machine only, addressed by loopback; posts
 * started by another site refused; see ../request-guard.ts); a size limit on form posts; the
 * session (sign-in when a token is set); the form-token check on posts; then the page context
 * (form token, remembered name, the last action's outcome) for the pages.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '../../core/logger.ts';
import type { Operations } from '../../operations/types.ts';
import { registerActions } from './actions.ts';
import { script, stylesheet } from './assets.ts';
import { guardForms, refuse, registerSignIn, requireSignIn, type AuthOptions, type DashboardEnv } from './auth.ts';
import { readOperatorName, takeFlash } from './cookies.ts';
import { html, safeBack } from './html.ts';
import { renderPage } from './layout.ts';
import { registerPages, renderNotFound } from './pages.ts';
import { registerReconciliationPages } from './reconciliation-page.ts';
import { registerStockPage } from './stock-page.ts';
import { checkOperatorRequest } from '../request-guard.ts';
import { noteRejection } from '../rejections.ts';
import { deriveToken, randomToken, SessionStore } from './sessions.ts';
import type { WrongTokenThrottle } from '../wrong-token-throttle.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface DashboardOptions {
  operations: Operations;
  /** The operator token (LEDGERBRIDGE_API_TOKEN); when set, the dashboard asks for it once. */
  apiToken: string | undefined;
  logger: Logger;
  /** How long a sign-in lasts; 12 hours unless a test says otherwise. */
  sessionTtlMs?: number;
  now?: () => number;
  /** The shop's time zone (hub.timeZone); UTC unless given. */
  timeZone?: string;
  /** The hub's count of wrong operator tokens, shared with the JSON API; needed with a token. */
  wrongTokens?: WrongTokenThrottle;
  /** The store, where sessions live (decision 0023); needed with a token. */
  db?: Kysely<Database>;
}

/** The dashboard's own policy: its stylesheet and script only, never framed, nothing sent to other sites. */
const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    scriptSrc: ["'self'"],
    imgSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
  strictTransportSecurity: false,
});

export function createDashboard(options: DashboardOptions): Hono<DashboardEnv> {
  const now = options.now ?? Date.now;
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
  const apiToken = options.apiToken || undefined;
  if (apiToken && (!options.db || !options.wrongTokens))
    throw new Error('a dashboard with an operator token needs the store (db) for its sessions and the wrong-token throttle');
  const auth: AuthOptions = {
    apiToken,
    sessions: apiToken && options.db ? new SessionStore({ db: options.db, secret: apiToken, ttlMs: sessionTtlMs, now }) : undefined,
    // With a token, the sign-in form's token is the same in every hub process, so a form shown by
    // one can be posted to another; without one the dashboard serves this machine only.
    openCsrf: apiToken ? deriveToken(apiToken, 'sign-in form') : randomToken(),
    sessionTtlMs,
    wrongTokens: options.wrongTokens,
  };
  const dashboard = new Hono<DashboardEnv>();

  dashboard.onError((error, c) => {
    options.logger.error({ err: error, path: c.req.path }, 'dashboard request failed');
    const body = html`<h1>Something went wrong</h1>
      <p class="notice error">The hub could not show this page or finish this action. Its log has the details; try again in a moment.</p>
      <p><a href="/dashboard">Back to the overview</a></p>`;
    return c.html(renderPage(undefined, 'Something went wrong', undefined, body), 500);
  });

  dashboard.use('*', securityHeaders);
  dashboard.use('*', async (c, next) => {
    await next();
    // Pages carry customer data: never kept in shared or browser caches.
    c.res.headers.set('cache-control', 'no-store');
  });
  dashboard.get('/assets/dashboard.css', (c) => c.body(stylesheet, 200, { 'content-type': 'text/css; charset=utf-8' }));
  dashboard.get('/assets/dashboard.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  dashboard.use('*', async (c, next) => {
    const refusal = checkOperatorRequest(c, auth.apiToken);
    if (!refusal) return next();
    if (refusal.code !== 'host_refused' && refusal.code !== 'token_required') return refuse(c, refusal.message, refusal.status);
    const body = html`<h1>Sign-in needed</h1>
      <p class="notice error">${refusal.message}</p>`;
    noteRejection(c, { reason: refusal.message });
    return c.html(renderPage(undefined, 'Sign-in needed', undefined, body), 403);
  });
  const formLimit = bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) => {
      noteRejection(c, { reason: 'form larger than 64 KiB' });
      return c.text('That form is too large. Nothing was changed.', 413);
    },
  });
  // The hub's server limits and reads bodies before this (server/body-limits.ts); mounted alone, the dashboard limits its own.
  dashboard.use('*', (c, next) => (c.req.bodyCache.arrayBuffer ? next() : formLimit(c, next)));
  dashboard.use('*', requireSignIn(auth));
  dashboard.use('*', guardForms(auth));
  dashboard.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const session = c.get('session');
    c.set('page', {
      csrf: session?.csrf ?? auth.openCsrf,
      operatorName: readOperatorName(c),
      here: safeBack(url.pathname + url.search),
      signedIn: session !== undefined,
      open: !auth.apiToken,
      flash: c.req.method === 'GET' ? takeFlash(c) : undefined,
      now: now(),
      timeZone: options.timeZone ?? 'UTC',
    });
    return next();
  });

  registerSignIn(dashboard, auth);
  registerPages(dashboard, options.operations);
  registerActions(dashboard, options.operations, options.logger);
  registerReconciliationPages(dashboard, options.operations, renderNotFound);
  registerStockPage(dashboard, options.operations);
  dashboard.all('*', (c) => {
    if (c.req.method === 'GET' && c.req.path.endsWith('/')) return c.redirect(c.req.path.replace(/\/+$/, '') || '/dashboard', 301);
    return renderNotFound(c, `There is no dashboard page at ${c.req.path}.`);
  });
  return dashboard;
}

/** Serves the dashboard at /dashboard and sends visitors of the hub's root address there. */
export function mountDashboard(app: Hono, options: DashboardOptions): void {
  app.route('/dashboard', createDashboard(options));
  app.get('/', (c) => c.redirect('/dashboard', 302));
}
