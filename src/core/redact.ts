/**
 * Redaction of secrets before anything is stored, logged or shown: the values of secret
 * query parameters and headers, and any configured secret value wherever it appears.
 */
import { createHash } from 'node:crypto';

/** Words that make a query parameter or header name a secret one: `token`, `access_token`, `validationToken`, `ms-apikey`. */
const secretWords = new Set([
  'secret',
  'token',
  'password',
  'passwd',
  'pwd',
  'authorization',
  'authorisation',
  'apikey',
  'cookie',
  'signature',
  'sig',
  'hmac',
  'credential',
  'credentials',
  'session',
  'csrf',
]);
const secretPairs = /(api[-_]?key|client[-_]?state|private[-_]?key)/i;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  if (secretPairs.test(name)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => secretWords.has(word));
}

/** A URL (absolute, or a path with a query) with its password and the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(url);
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://relative.invalid');
  } catch {
    return url.split(/[?#]/)[0]!;
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...new Set(parsed.searchParams.keys())]) {
    if (isSecretName(key)) parsed.searchParams.set(key, REDACTED);
  }
  return relative ? `${parsed.pathname}${parsed.search}${parsed.hash}` : parsed.toString();
}

/** Header values as evidence: secret ones replaced by what they were (scheme and length), never their value. */
export function redactHeaders(headers: Headers | Record<string, string | undefined>, names?: readonly string[]): Record<string, string> {
  const entries: [string, string][] =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const out: Record<string, string> = {};
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (names && !names.includes(name)) continue;
    out[name] = isSecretName(name) ? describeSecret(value) : value;
  }
  return out;
}

/** "[redacted: Bearer, 32 characters]": enough to tell a missing scheme or a truncated token, nothing more. */
export function describeSecret(value: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value)?.[1];
  const length = scheme ? value.length - scheme.length - 1 : value.length;
  return `[redacted: ${scheme ? `${scheme}, ` : ''}${length} characters]`;
}

/**
 * Replaces every occurrence of a known secret value (8 characters or more, so that short
 * common words are left alone) with `[redacted]`.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // The same value as it appears inside JSON text or a URL.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** `"clientState": "…"` and other secret-named string fields of JSON text, their values replaced. */
export function redactSecretFields(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.){1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (whole, key: string, colon: string) =>
    isSecretName(key) ? `"${key}"${colon}"${REDACTED}"` : whole,
  );
}

/** A short, one-way fingerprint of a secret, to tell two values apart without keeping either. */
export function fingerprintSecret(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;
}

/** `token=…&csrf=…` form bodies (and multipart parts) with the values of secret-named fields replaced. */
export function redactFormFields(text: string, mediaType: string): string {
  if (mediaType === 'application/x-www-form-urlencoded') {
    return text
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=');
        if (equals < 0) return pair;
        let name = pair.slice(0, equals);
        try {
          name = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          // an undecodable name is judged as it is
        }
        return isSecretName(name) ? `${pair.slice(0, equals)}=${encodeURIComponent(REDACTED)}` : pair;
      })
      .join('&');
  }
  if (mediaType === 'multipart/form-data') {
    return text.replace(/(name="([^"]*)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n)([^\r\n]*)/g, (whole, head: string, name: string) =>
      isSecretName(name) ? `${head}${REDACTED}` : whole,
    );
  }
  return text;
}
