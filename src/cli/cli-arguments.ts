/**
 * Command-line arguments, checked before anything is opened or sent: ids are whole numbers,
 * names and notes plain text, corrections `path=value` with a field path, counts in range.
 * Each refusal names the argument. And what the CLI prints: control characters made visible.
 */
import { InvalidArgumentError } from 'commander';
import { findForbiddenKey, hasControlCharacters, isPlainText } from '../core/input-checks.ts';

export function parseExceptionId(value: string): number {
  const digits = value.replace(/^#/, '');
  if (!/^[1-9][0-9]{0,14}$/.test(digits)) throw new Error(`"${printable(value)}" is not an exception id (a whole number such as 42)`);
  return Number(digits);
}

export function parseCount(value: string, name: string, max: number): number {
  if (!/^[0-9]{1,7}$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new InvalidArgumentError(`--${name} takes a whole number from 1 to ${max}.`);
  return Number(value);
}

export function parseText(value: string, name: string, rules: { max: number; lineBreaks?: boolean; pattern?: RegExp }): string {
  const text = value.trim();
  if (!text) throw new InvalidArgumentError(`--${name} is empty.`);
  if (text.length > rules.max) throw new InvalidArgumentError(`--${name} is longer than ${rules.max} characters.`);
  if (rules.lineBreaks ? !isPlainText(text) : hasControlCharacters(text))
    throw new InvalidArgumentError(`--${name} holds control characters${rules.lineBreaks ? ' other than line breaks' : ''}.`);
  if (rules.pattern && !rules.pattern.test(text)) throw new InvalidArgumentError(`--${name} is not in the expected form.`);
  return text;
}

/** `--set path=value`, repeatable: a field path, then any plain value. */
export function parseOverride(value: string, previous: Record<string, string>): Record<string, string> {
  const equals = value.indexOf('=');
  const path = equals > 0 ? value.slice(0, equals).trim() : '';
  if (!path) throw new InvalidArgumentError('--set needs path=value, e.g. shippingAddress.zip="LS1 1AA".');
  if (path.length > 100 || !/^[A-Za-z0-9_.[\]-]+$/.test(path))
    throw new InvalidArgumentError('--set takes a field path of letters, digits, dots and [n], e.g. lines[1].sku.');
  if (findForbiddenKey(Object.fromEntries(path.split(/[.[\]]+/).map((part) => [part, true])))) {
    throw new InvalidArgumentError(`--set cannot name ${path.match(/__proto__|constructor|prototype/)![0]}.`);
  }
  const text = value.slice(equals + 1);
  if (text.length > 500 || hasControlCharacters(text))
    throw new InvalidArgumentError('--set takes a value of at most 500 characters without control characters.');
  if (Object.keys(previous).length >= 50) throw new InvalidArgumentError('--set is accepted at most 50 times.');
  const next: Record<string, string> = { ...previous };
  Object.defineProperty(next, path, { value: text, enumerable: true, writable: true, configurable: true });
  return next;
}

export function parseSearchTerm(value: string): string {
  const term = value.trim();
  if (!term || term.length > 200 || hasControlCharacters(term))
    throw new Error('a record search is 1 to 200 characters of text, without control characters');
  return term;
}

// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const unprintable = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text for the terminal: escape sequences and other control characters shown as `\x1b`, never acted on. */
export function printable(text: string): string {
  return text.replace(unprintable, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A connection id as the configuration spells it (src/config/connections-schema.ts). */
export function parseConnectionId(value: string): string {
  return parseText(value, 'connection', { max: 24, pattern: /^[a-z][a-z0-9-]*$/ });
}
