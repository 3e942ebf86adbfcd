/**
 * The hub process killed (SIGKILL) at each boundary of a payout's posting — before the lines,
 * half-way through sending them, after them, around the post — then restarted on the same
 * data directory: exactly one journal document for the payout, posted once, balanced.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/index.ts';
import { dec, sum } from '../../src/core/money.ts';

const root = resolve(import.meta.dirname, '../..');

function runHub(args: object): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'test/support/crash-payouts-hub.ts'), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (_code, signal) => done({ stdout, signal }));
  });
}

describe('payouts: kill -9 in the middle of a payout', () => {
  let shopify: RunningShopifyEmulator;
  let bc: RunningBcEmulator;
  const dirs: string[] = [];

  beforeAll(async () => {
    bc = await startBcEmulator({ port: 0 });
    shopify = await startShopifyEmulator({ port: 0 });
  });
  afterAll(async () => {
    await shopify?.close();
    await bc?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function paidPayout() {
    const post = (path: string, body: object) =>
      fetch(`${shopify.url}/_emulator${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // 60 card orders: one charge and one fee line each, so the lines need two `$batch`es of 100.
    await post('/orders', { count: 60, mix: { paypalRate: 0, giftCardRedemptionRate: 0, unknownSkuRate: 0 } });
    const payout = (await (await post('/payouts', {})).json()) as { id: string; legacyId: string; net: string };
    const dataDir = mkdtempSync(join(tmpdir(), 'lb-crash-payout-'));
    dirs.push(dataDir);
    return {
      payout,
      args: {
        dataDir,
        payoutId: payout.id,
        shopify: { url: shopify.url, shopDomain: shopify.shopDomain, accessToken: shopify.accessToken },
        bc: {
          url: bc.url,
          tenantId: bc.tenantId,
          environment: bc.environment,
          companyId: bc.companyId,
          clientId: bc.clientId,
          clientSecret: bc.clientSecret,
        },
      },
    };
  }

  it.each(['before:createJournalLines', 'mid:createJournalLines', 'after:createJournalLines', 'before:postJournal', 'after:postJournal'])(
    'killed at %s, restarted: exactly one journal document, posted once, balanced',
    async (crashAt) => {
      const { payout, args } = await paidPayout();
      const crashed = await runHub({ ...args, crashAt });
      expect(crashed.stdout).toContain(`crash-point:${crashAt}`);
      expect(crashed.signal).toBe('SIGKILL');
      const documentNumber = `SP${payout.legacyId}`;
      if (crashAt === 'mid:createJournalLines') {
        const partial = bc.emulator.rows('journalLines').filter((row) => row.documentNumber === documentNumber);
        expect(partial.length).toBe(100);
      }

      const restarted = await runHub(args);
      expect(restarted.stdout).toContain('finished:posted');
      expect(bc.emulator.rows('journalLines').filter((row) => row.documentNumber === documentNumber)).toEqual([]);
      const entries = bc.emulator.rows('generalLedgerEntries').filter((row) => row.documentNumber === documentNumber);
      // One charge line and one fee line per order, and the bank line: each posted once.
      expect(entries).toHaveLength(60 * 2 + 1);
      expect(sum(entries.map((entry) => String(entry.debitAmount))).equals(sum(entries.map((entry) => String(entry.creditAmount))))).toBe(
        true,
      );
      const bank = entries.filter((entry) => entry.accountNumber === '18200');
      expect(bank).toHaveLength(1);
      expect(dec(String(bank[0]!.debitAmount)).toFixed(2)).toBe(payout.net);
    },
    120_000,
  );
});
