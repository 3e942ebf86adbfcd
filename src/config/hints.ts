/** Fix-it hints for configuration problems, kept as data. */
const hints: [RegExp, string][] = [
  [/^shopify\.shopDomain$/, 'the domain ending in .myshopify.com, shown in the Shopify admin under Settings > Domains'],
  [/^shopify\.adminUrl$/, 'leave it out for a real shop; the sandbox sets it to the emulator'],
  [/^bc\.tenantId$/, 'the Microsoft Entra tenant id (a GUID) or its verified domain'],
  [/^bc\.environment$/, 'the Business Central environment name, e.g. "Production" or "Sandbox"'],
  [/^bc\.company/, 'either { name: "CRONUS UK Ltd." } or { id: "<company GUID>" }'],
  [/^bc\.clientId$/, 'the application (client) id of the Entra app registration'],
  [/cron$|Cron$/, 'five fields: minute hour day-of-month month day-of-week, in UTC'],
  [/^flows\.orders\.posting/, 'either { mode: immediate } or { mode: scheduled, cron: "0 */2 * * *" }'],
  [/^flows\.orders\.referencePrefix$/, 'a short prefix such as "SHOP-"; prefix + order number must fit in 35 characters'],
  [/^server\.port$/, 'a free TCP port; 0 picks one'],
  [/^store\.backend$/, 'embedded (a local data directory) or postgres (with LEDGERBRIDGE_DATABASE_URL)'],
];

export function hintFor(path: string): string | undefined {
  return hints.find(([pattern]) => pattern.test(path))?.[1];
}

/** The closest known key by edit distance, when it is close enough to be a typo. */
export function suggestKey(key: string, known: string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
