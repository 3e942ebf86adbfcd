/**
 * The hub process killed (SIGKILL) just before and just after Shopify applies a stock write,
 * then restarted on the same data directory: the write is applied once (the restart resends
 * it under the same idempotency key, and Shopify answers the first result), and every pair
 * ends at BC's figure less the buffer.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/index.ts';

const root = resolve(import.meta.dirname, '../..');

function runHub(args: object): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'test/support/crash-inventory-hub.ts'), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (_code, signal) => done({ stdout, signal }));
  });
}

describe('inventory: kill -9 during a push run', () => {
  const dirs: string[] = [];
  let shopify: RunningShopifyEmulator;
  let bc: RunningBcEmulator;

  afterAll(async () => {
    await shopify?.close();
    await bc?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function world() {
    await shopify?.close();
    await bc?.close();
    bc = await startBcEmulator({ port: 0 });
    shopify = await startShopifyEmulator({ port: 0 });
    const dataDir = mkdtempSync(join(tmpdir(), 'lb-crash-inventory-'));
    dirs.push(dataDir);
    return {
      dataDir,
      shopify: { url: shopify.url, shopDomain: shopify.shopDomain, accessToken: shopify.accessToken },
      bc: {
        url: bc.url,
        tenantId: bc.tenantId,
        environment: bc.environment,
        companyId: bc.companyId,
        clientId: bc.clientId,
        clientSecret: bc.clientSecret,
      },
    };
  }

  /** BC inventory − outstanding per SKU at SCEND, from the emulator's own rows. */
  function bcAvailableAtScend(sku: string): number {
    const inventory = bc.emulator
      .rows('itemLedgerEntries')
      .filter((entry) => entry.itemNumber === sku && entry._locationCode === 'SCEND')
      .reduce((total, entry) => total + Number(entry.quantity), 0);
    return Math.floor(inventory);
  }

  const appliedWrites = () => [...shopify.emulator.shop.idempotencyKeys.values()].filter((entry) => entry.outcome.kind === 'applied');

  it.each(['before:setInventoryQuantities', 'after:setInventoryQuantities'])(
    'killed %s, restarted: each write applied once, every value right',
    async (crashAt) => {
      const args = await world();
      const crashed = await runHub({ ...args, crashAt });
      expect(crashed.stdout).toContain(`crash-point:${crashAt}`);
      expect(crashed.signal).toBe('SIGKILL');
      expect(appliedWrites()).toHaveLength(crashAt === 'after:setInventoryQuantities' ? 1 : 0);

      const restarted = await runHub(args);
      expect(restarted.stdout).toContain('finished:');
      // One write in all: a resend under the same key is answered, not applied again.
      expect(appliedWrites()).toHaveLength(1);
      for (const sku of ['TEE-ORG-S', 'TEE-ORG-M', 'HOOD-MRN-L', 'SOCK-WOOL-3PK']) {
        const shown = shopify.emulator.shop.stockBySku(sku);
        expect(shown['Scend Warehouse']?.available, sku).toBe(Math.max(0, bcAvailableAtScend(sku) - 2));
      }
    },
    120_000,
  );
});
