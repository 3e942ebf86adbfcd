/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): a team
 * follows its exceptions from the overview, resolves one with a note, sees it leave the open
 * list and enter the record's history, and finds an order's trail by its number. Screenshots
 * go to test-results/. Skipped, saying why, where /usr/bin/chromium is not installed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createLocalOperations } from '../../src/operations/local-operations.ts';
import { createServer } from '../../src/server/create-server.ts';
import { seedLedger, type SeededLedger } from '../../src/server/dashboard/test-support/seed-ledger.ts';
import { listen, type Listening } from '../../src/server/listen.ts';
import type { Store } from '../../src/store/open-store.ts';
import { embeddedBackend } from '../support/backends.ts';

const chromiumPath = '/usr/bin/chromium';
const available = existsSync(chromiumPath);
const resultsDir = resolve(import.meta.dirname, '../../test-results');
const token = 'browser-test-operator-token';

if (!available) {
  console.warn(
    `\n[ledgerbridge] browser tests SKIPPED: ${chromiumPath} is not installed (apt-get install -y --no-install-recommends chromium; .ci/run does it).\n`,
  );
}

interface Hub {
  store: Store;
  server: Listening;
  seeded: SeededLedger;
}

async function startHub(apiToken: string | undefined): Promise<Hub> {
  const store = await embeddedBackend().open();
  const operations = createLocalOperations({
    store,
    hubName: 'browser-test',
    clock: systemClock,
    queueCounts: async () => [],
    retriers: { orders: async () => true },
  });
  const app = createServer({
    store,
    operations,
    apiToken,
    isReady: () => true,
    logger: silentLogger,
    shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
  });
  const seeded = await seedLedger(store.db);
  return { store, seeded, server: await listen(app, '127.0.0.1', 0) };
}

async function launchBrowser(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).innerText()) ?? '').replace(/\s+/g, ' ');
}

describe.skipIf(!available)(
  available ? 'dashboard in a real browser' : `dashboard in a real browser SKIPPED: ${chromiumPath} is absent`,
  () => {
    let profile: string;
    let hub: Hub;
    let browser: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(resultsDir, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'lb-chromium-'));
      hub = await startHub(undefined);
      browser = await launchBrowser(profile);
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(15_000);
    });
    afterAll(async () => {
      await browser?.close();
      await hub?.server.close();
      await hub?.store.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('follows a team from the overview to its exceptions and resolves one with a note', async () => {
      const { seeded } = hub;
      await page.goto(`${hub.server.url}/dashboard`);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await page.screenshot({ path: join(resultsDir, 'dashboard-overview.png'), fullPage: true });
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').textContent()).toBe('Skip to the content');

      await page
        .locator('.teams')
        .getByRole('link', { name: /E-commerce/ })
        .click();
      await page.waitForURL(/\/dashboard\/exceptions\?owner=ecommerce&attention=action$/);
      expect(await text(page, '#results-heading')).toBe('2 open exceptions (needing action) for E-commerce');
      // Customer text in a message is shown, not run.
      expect(await text(page, `#exception-${seeded.missingEori.exceptionId} .message`)).toContain('<b>Tables</b>');
      expect(await page.title()).not.toBe('pwned');

      const card = page.locator(`#exception-${seeded.unknownSku.exceptionId}`);
      await card.getByText(`Act on exception #${seeded.unknownSku.exceptionId}`).click();
      await card.getByLabel('Your name').fill('Ana Lopes');
      await card.getByLabel('Note', { exact: true }).fill('Created item TEE-ORG-XM in Business Central');
      await page.screenshot({ path: join(resultsDir, 'dashboard-exceptions.png'), fullPage: true });
      await card.getByRole('button', { name: 'Resolve with note' }).click();

      await page.locator('#flash').waitFor();
      expect(await text(page, '#flash')).toContain(`Done: Exception #${seeded.unknownSku.exceptionId} is resolved`);
      expect(await page.locator(':focus').getAttribute('id')).toBe('flash');
      expect(await text(page, '#results-heading')).toBe('1 open exception (needing action) for E-commerce');
      expect(await page.locator(`#exception-${seeded.unknownSku.exceptionId}`).count()).toBe(0);
      // The name is remembered for the next action.
      expect(await page.locator(`#exception-${seeded.missingEori.exceptionId} input[name="by"]`).inputValue()).toBe('Ana Lopes');
    });

    it('finds the resolved order by its Shopify number and shows the resolution in its history', async () => {
      const { seeded } = hub;
      await page.getByRole('link', { name: 'Find a record' }).click();
      await page.getByLabel('Order number or any id').fill('1042');
      await page.getByLabel('Order number or any id').press('Enter');
      await page.waitForURL(/\/dashboard\/records\?q=1042$/);
      const record = page.locator('article.panel');
      expect(await record.getByRole('heading', { level: 2 }).innerText()).toBe('Shopify order #1042');
      expect(await text(page, `#open-${seeded.unknownSku.record.id} + p`)).toBe('None.');
      const history = await text(page, `table[aria-labelledby="history-${seeded.unknownSku.record.id}"]`);
      expect(history).toContain(
        `Exception #${seeded.unknownSku.exceptionId} resolved: “Created item TEE-ORG-XM in Business Central” Ana Lopes`,
      );
      await page.screenshot({ path: join(resultsDir, 'dashboard-record-history.png'), fullPage: true });
    });

    it('shows a posted order’s trail across Shopify and Business Central', async () => {
      await page.getByLabel('Order number or any id').fill('#1041');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/q=%231041$/);
      const trail = await text(page, `table[aria-labelledby="trail-${hub.seeded.posted.id}"]`);
      expect(trail).toMatch(/Shopify\s+Order\s+#1041/);
      expect(trail).toMatch(/Shopify\s+Payment\s+shopify_payments\s+pay_1041_abc/);
      expect(trail).toMatch(/Business Central\s+Sales order\s+SO-101041/);
      expect(await text(page, 'dl.facts')).toMatch(/State in Business Central as a sales order since/);
      await page.screenshot({ path: join(resultsDir, 'dashboard-record.png'), fullPage: true });
    });
  },
);

describe.skipIf(!available)(
  available ? 'dashboard sign-in in a real browser' : `dashboard sign-in in a real browser SKIPPED: ${chromiumPath} is absent`,
  () => {
    let profile: string;
    let hub: Hub;
    let browser: BrowserContext;

    beforeAll(async () => {
      profile = mkdtempSync(join(tmpdir(), 'lb-chromium-'));
      hub = await startHub(token);
      browser = await launchBrowser(profile);
    });
    afterAll(async () => {
      await browser?.close();
      await hub?.server.close();
      await hub?.store.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('asks for the token once, then keeps a session the page script cannot read', async () => {
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(15_000);
      await page.goto(`${hub.server.url}/dashboard/exceptions?owner=finance`);
      await page.waitForURL(/\/dashboard\/sign-in\?next=/);
      await page.getByLabel('Operator token').fill('wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await text(page, '#flash')).toContain('That is not the operator token');

      await page.getByLabel('Operator token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboard\/exceptions\?owner=finance$/);
      expect(await text(page, '#results-heading')).toBe('1 open exception for Finance');

      const session = (await browser.cookies()).find((cookie) => cookie.name === 'lb_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
      expect(await page.evaluate<string>('document.cookie')).not.toContain('lb_session');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/dashboard\/sign-in$/);
      await page.goto(`${hub.server.url}/dashboard`);
      await page.waitForURL(/\/dashboard\/sign-in\?next=/);
    });
  },
);
