/** The frame every dashboard page shares: head, navigation, the last action's outcome, footer. */
import type { Flash } from './cookies.ts';
import { html, type Html } from './html.ts';

export type Section = 'overview' | 'exceptions' | 'records' | 'reconciliation' | 'stock';

/** What every page knows about the request, set once by the dashboard's middleware. */
export interface PageContext {
  /** The token this request's forms must carry. */
  csrf: string;
  /** The name remembered from the last action, for the "Your name" fields. */
  operatorName: string;
  /** This page's own path and query, where forms send the user back to. */
  here: string;
  /** True when a token protects the dashboard and this request is signed in. */
  signedIn: boolean;
  /** True when no operator token is configured (the dashboard is open on loopback). */
  open: boolean;
  flash?: Flash | undefined;
  now: number;
  /** The shop's time zone (hub.timeZone): every time on the page is shown in it, with the zone. */
  timeZone: string;
}

const sections: { id: Section; label: string; href: string }[] = [
  { id: 'overview', label: 'Overview', href: '/dashboard' },
  { id: 'exceptions', label: 'Exceptions', href: '/dashboard/exceptions' },
  { id: 'records', label: 'Find a record', href: '/dashboard/records' },
  { id: 'reconciliation', label: 'Reconciliation', href: '/dashboard/reconciliation' },
  { id: 'stock', label: 'Stock', href: '/dashboard/stock' },
];

function renderFlash(flash: Flash | undefined): Html {
  if (!flash) return html``;
  const role = flash.tone === 'error' ? 'alert' : 'status';
  const label = flash.tone === 'error' ? 'Not done' : 'Done';
  return html`<div id="flash" class="notice ${flash.tone}" role="${role}" tabindex="-1"><strong>${label}:</strong> ${flash.text}</div>`;
}

export function renderPage(page: PageContext | undefined, title: string, section: Section | undefined, body: Html): Html {
  const nav = page
    ? html`<nav aria-label="Dashboard">
        <ul>
          ${sections.map((item) => html`<li><a href="${item.href}" ${item.id === section ? html`aria-current="page"` : ''}>${item.label}</a></li>`)}
        </ul>
      </nav>
      ${
        page.signedIn
          ? html`<form method="post" action="/dashboard/sign-out"><input type="hidden" name="csrf" value="${page.csrf}" /><button type="submit">Sign out</button></form>`
          : ''
      }`
    : html``;
  return html`<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} — LedgerBridge</title>
    <link rel="stylesheet" href="/dashboard/assets/dashboard.css" />
    <script src="/dashboard/assets/dashboard.js" defer></script>
  </head>
  <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header class="top">
      <div class="inner"><span class="brand">LedgerBridge</span>${nav}</div>
    </header>
    <main id="main">
      ${renderFlash(page?.flash)} ${body}
      ${
        page?.open
          ? html`<p class="hint">No operator token is set, so anyone who can reach this address can act here. Keep the hub on 127.0.0.1, or set
            LEDGERBRIDGE_API_TOKEN to require signing in.</p>`
          : ''
      }
    </main>
  </body>
</html>`;
}
