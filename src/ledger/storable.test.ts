import { describe, expect, it } from 'vitest';
import { escapeEvidence, findUnstorableText, toStorable, toStorableText } from './storable.ts';

/** Reads escaped evidence back into the bytes it came from. */
function unescape(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '\\' && text[index + 1] === '\\') {
      bytes.push(0x5c);
      index += 1;
    } else if (text[index] === '\\' && text[index + 1] === 'x') {
      bytes.push(Number.parseInt(text.slice(index + 2, index + 4), 16));
      index += 3;
    } else if (text[index] === '\\' && text[index + 1] === 'u') {
      bytes.push(...Buffer.from(String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16))));
      index += 5;
    } else {
      const code = text.codePointAt(index)!;
      bytes.push(...Buffer.from(String.fromCodePoint(code)));
      if (code > 0xffff) index += 1;
    }
  }
  return Buffer.from(bytes);
}

describe('evidence the store can keep', () => {
  it('keeps clean text as it is', () => {
    expect(escapeEvidence('{"a":"b\\\\c é"}')).toEqual({ text: '{"a":"b\\\\c é"}', bytes: 15, truncated: false, escaped: false });
  });

  it('escapes NUL, control characters and invalid UTF-8 so that the bytes can be read back', () => {
    const raw = Buffer.concat([Buffer.from('a\\b'), Buffer.from([0, 0x1b, 0xff, 0xc3]), Buffer.from('€ 😀'), Buffer.from([0xe2, 0x82])]);
    const evidence = escapeEvidence(raw);
    expect(evidence.text).toBe('a\\\\b\\u0000\\u001b\\xff\\xc3€ 😀\\xe2\\x82');
    expect(evidence.escaped).toBe(true);
    expect(unescape(evidence.text).equals(raw)).toBe(true);
  });

  it('keeps the first bytes of a large body without cutting a character in two', () => {
    const evidence = escapeEvidence(`${'a'.repeat(9)}€€`, 10);
    expect(evidence).toEqual({ text: 'aaaaaaaaa', bytes: 15, truncated: true, escaped: false });
  });

  it('writes out what PostgreSQL refuses in text and jsonb, keys included', () => {
    expect(toStorableText('a\u0000b\ud800c\udc00d😀')).toBe('a\\u0000b\\ud800c\\udc00d😀');
    expect(toStorable({ 'k\u0000': ['\ud83d', { deep: 'x\u0000' }] })).toEqual({ 'k\\u0000': ['\\ud83d', { deep: 'x\\u0000' }] });
    expect(findUnstorableText({ events: [{ ok: 'x' }, { orderReference: 'S\u0000' }] })).toBe('events[1].orderReference');
    expect(findUnstorableText({ ok: '😀' })).toBeUndefined();
  });

  it('stops at 32 levels of nesting', () => {
    let value: unknown = 'x';
    for (let depth = 0; depth < 40; depth += 1) value = [value];
    expect(JSON.stringify(toStorable(value))).toContain('nested too deeply to keep');
  });
});
