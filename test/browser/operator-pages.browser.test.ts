/**
 * The operator pages issue 15 changed, in a real browser (Debian's chromium) on a phone-sized
 * screen (390 px): no page scrolls sideways; the overview and the exception list keep what needs
 * action apart from what is only for review; times are shown in the shop's time zone, with the
 * zone named. Skipped, saying why, where /usr/bin/chromium is not installed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { ordersException } from '../../src/flows/orders/exceptions.ts';
import { raiseException } from '../../src/ledger/index.ts';
import { createLocalOperations } from '../../src/operations/local-operations.ts';
import { createServer } from '../../src/server/create-server.ts';
import { seedLedger, type SeededLedger } from '../../src/server/dashboard/test-support/seed-ledger.ts';
import { listen, type Listening } from '../../src/server/listen.ts';
import type { Store } from '../../src/store/open-store.ts';
import { embeddedBackend } from '../support/backends.ts';

const chromiumPath = '/usr/bin/chromium';
const available = existsSync(chromiumPath);
const resultsDir = resolve(import.meta.dirname, '../../test-results');

describe.skipIf(!available)(
  available ? 'operator pages on a narrow screen' : `operator pages on a narrow screen SKIPPED: ${chromiumPath} is absent`,
  () => {
    let profile: string;
    let store: Store;
    let server: Listening;
    let seeded: SeededLedger;
    let reviewId: number;
    let browser: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(resultsDir, { recursive: true });
      store = await embeddedBackend().open();
      const operations = createLocalOperations({
        store,
        hubName: 'narrow-test',
        clock: systemClock,
        queueCounts: async () => [],
        retriers: { orders: async () => true },
      });
      const app = createServer({
        store,
        operations,
        apiToken: undefined,
        isReady: () => true,
        logger: silentLogger,
        timeZone: 'America/New_York',
        shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
      });
      seeded = await seedLedger(store.db);
      // One item for review: a customer the hub created, for finance to look at.
      reviewId = (
        await raiseException(store.db, {
          ...ordersException('customer_created', 'Customer C00042 was created for sam@example.com.'),
          recordId: seeded.posted.id,
        })
      ).id;
      server = await listen(app, '127.0.0.1', 0);
      profile = mkdtempSync(join(tmpdir(), 'lb-chromium-narrow-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(15_000);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await store?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** How far the page is wider than the screen (0 when nothing scrolls sideways). */
    // A string, run in the page: the test's own types know nothing of the DOM.
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

    /** The elements that reach past the screen's right edge, to say what to fix. */
    const widest = () =>
      page.evaluate<string>(
        `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth || e.scrollWidth > e.clientWidth + 1).slice(-3).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')`,
      );

    it('fits every operator page into 390 px without scrolling sideways', async () => {
      const paths = [
        '/dashboard',
        '/dashboard/exceptions?status=all',
        `/dashboard/exceptions/${seeded.unknownSku.exceptionId}`,
        `/dashboard/records/${seeded.posted.id}`,
        '/dashboard/records?q=1041',
        '/dashboard/reconciliation',
      ];
      const wide: string[] = [];
      for (const path of paths) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        const by = await overflow();
        if (by > 0) wide.push(`${path} is ${by} px too wide: ${await widest()}`);
      }
      await page.goto(`${server.url}/dashboard`);
      await page.screenshot({ path: join(resultsDir, 'dashboard-overview-390px.png'), fullPage: true });
      expect(wide).toEqual([]);
    });

    it('keeps what needs action apart from what is only for review, on the overview and in the list', async () => {
      await page.goto(`${server.url}/dashboard`);
      const finance = page.locator('.teams li').filter({ hasText: 'Finance' });
      expect((await finance.locator('.count').innerText()).trim()).toBe('1'); // the tax mismatch
      expect((await finance.locator('.review-link').innerText()).trim()).toBe('1 for review');

      await finance.locator('.review-link').click();
      await page.waitForURL(/owner=finance&attention=review$/);
      expect(await page.locator('#results-heading').innerText()).toBe('1 open exception (for review) for Finance');
      expect(await page.locator(`#exception-${reviewId}`).count()).toBe(1);
      expect(await page.locator('#group-action').count()).toBe(0);

      await page.goto(`${server.url}/dashboard/exceptions?owner=finance`);
      expect(await page.locator('#group-action').innerText()).toBe('Needs action (1)');
      expect(await page.locator('#group-review').innerText()).toBe('For review (1)');
      // Review items come after the work, with a word on what they are.
      const order = await page.locator('section.group h3').allInnerTexts();
      expect(order).toEqual(['Needs action (1)', 'For review (1)']);
      expect(await page.locator('section.group.review > .hint').innerText()).toContain('The hub did its work');
    });

    it('shows times in the shop’s time zone and names the zone', async () => {
      await page.goto(`${server.url}/dashboard/records/${seeded.posted.id}`);
      const times = await page.locator('main time').allInnerTexts();
      expect(times.length).toBeGreaterThan(0);
      // New York in winter, five hours behind GMT (the machine runs in UTC: the zone is the configured one).
      for (const shown of times) expect(shown).toMatch(/ GMT-5$/);
      const machineReadable = await page.locator('main time').first().getAttribute('datetime');
      expect(machineReadable).toMatch(/Z$/);
    });
  },
);
