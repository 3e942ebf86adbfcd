/**
 * What the store can keep. PostgreSQL refuses NUL in text and jsonb and a lone UTF-16
 * surrogate in jsonb, so a hostile byte in evidence would turn a refusal into a failed write
 * and lose the audit entry. Evidence is therefore escaped here, readably and reversibly:
 * bad bytes are kept as `\xNN`, control characters as `\u00NN`, and once anything is escaped
 * a backslash is written `\\`.
 */
import { isUtf8 } from 'node:buffer';

export interface EscapedEvidence {
  /** The bytes as text, escaped when they had to be. */
  text: string;
  /** Size of the whole input in bytes. */
  bytes: number;
  /** True when only the first `limit` bytes are kept. */
  truncated: boolean;
  /** True when `text` is escaped (invalid UTF-8 or control characters were found). */
  escaped: boolean;
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function escapeControls(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(controlCharacters, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Length of the UTF-8 sequence a lead byte starts, 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Decodes UTF-8, writing each byte that is not part of a valid character as `\xNN`. */
function decodeEscapingInvalid(bytes: Uint8Array): string {
  let out = '';
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes[index]!);
    const chunk = length > 0 && index + length <= bytes.length ? bytes.subarray(index, index + length) : undefined;
    if (chunk && isUtf8(chunk)) {
      out += escapeControls(Buffer.from(chunk).toString('utf8'));
      index += length;
    } else {
      out += `\\x${bytes[index]!.toString(16).padStart(2, '0')}`;
      index += 1;
    }
  }
  return out;
}

/** Raw bytes (or text) as evidence the store can keep and a person can read. */
export function escapeEvidence(raw: Uint8Array | string, limit = 16_384): EscapedEvidence {
  const all = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  let kept = all.subarray(0, limit);
  // Do not cut a character in two: back off to the start of the last whole one.
  if (kept.length < all.length) {
    let end = kept.length;
    while (end > 0 && end > kept.length - 4 && (all[end]! & 0xc0) === 0x80) end -= 1;
    kept = all.subarray(0, end);
  }
  const truncated = kept.length < all.length;
  if (isUtf8(kept)) {
    const text = Buffer.from(kept).toString('utf8');
    if (!controlCharacter.test(text)) return { text, bytes: all.length, truncated, escaped: false };
    return { text: escapeControls(text), bytes: all.length, truncated, escaped: true };
  }
  return { text: decodeEscapingInvalid(kept), bytes: all.length, truncated, escaped: true };
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when text holds something PostgreSQL cannot keep: a NUL, or a lone surrogate. */
export function hasUnstorableText(text: string): boolean {
  return text.includes('\u0000') || loneSurrogate.test(text);
}

/** Text the store can keep: NUL and lone surrogates written as `\u0000`, `\ud800`. */
export function toStorableText(text: string): string {
  if (!hasUnstorableText(text)) return text;
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const isLow = code >= 0xdc00 && code <= 0xdfff;
    if (isHigh && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[index]! + text[index + 1]!;
        index += 1;
        continue;
      }
    }
    out += code === 0 || isHigh || isLow ? `\\u${code.toString(16).padStart(4, '0')}` : text[index]!;
  }
  return out;
}

const MAX_DEPTH = 32;

/** A JSON value the store can keep: every string and key made storable; nesting cut at 32 levels. */
export function toStorable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deeply to keep]';
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => toStorable(item, depth + 1));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return toStorable((value as { toJSON(): unknown }).toJSON(), depth + 1);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    Object.defineProperty(out, toStorableText(key), {
      value: toStorable(inner, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The first path in a value holding text the store cannot keep, e.g. `events[0].orderReference`. */
export function findUnstorableText(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return hasUnstorableText(value) ? path || '(value)' : undefined;
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (hasUnstorableText(key)) return here;
    const found = findUnstorableText(inner, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}
