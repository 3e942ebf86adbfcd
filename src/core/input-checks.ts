/** Checks on text and JSON that operators send: names, notes, corrections, search terms. */

// eslint-disable-next-line no-control-regex -- control characters are what these look for
const anyControl = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const controlButBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Control characters, and the bidirectional overrides that make text display as something else. */
export function hasControlCharacters(text: string): boolean {
  return anyControl.test(text);
}

/** Text as a person writes it: line breaks and tabs allowed, no other control characters. */
export function isPlainText(text: string): boolean {
  return !controlButBreaks.test(text);
}

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** The first key of a parsed JSON value that names an object's prototype machinery, if any. */
export function findForbiddenKey(value: unknown): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object' || depth > 64) continue;
    for (const key of Object.keys(current)) {
      if (forbiddenKeys.has(key)) return key;
      pending.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return undefined;
}
