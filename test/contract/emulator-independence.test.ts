/**
 * Emulators import nothing from src/ (the Clock interface excepted): the lint rule holds it,
 * and this test holds the rule. Plus the one value an emulator must still agree on with a
 * connector, checked here rather than imported: the Shopify Admin API version.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { EMULATED_API_VERSION } from '../../emulators/shopify/api-version.ts';
import { SHOPIFY_API_VERSION } from '../../src/connectors/shopify/config.ts';

const eslint = new ESLint();
const lint = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: file }))[0]!.messages.filter((message) => message.ruleId === 'no-restricted-imports');

describe('emulator independence', () => {
  it('refuses an emulator importing from src/', async () => {
    const messages = await lint('emulators/bc/example.ts', "import { dec } from '../../src/core/money.ts';\nexport const x = dec;\n");
    expect(messages).toHaveLength(1);
  });

  it('lets an emulator import the clock interface', async () => {
    expect(
      await lint('emulators/bc/example.ts', "import type { Clock } from '../../src/core/clock.ts';\nexport type X = Clock;\n"),
    ).toEqual([]);
  });

  it('the Shopify emulator serves the API version the connector speaks', () => {
    expect(EMULATED_API_VERSION).toBe(SHOPIFY_API_VERSION);
  });
});
