import { describe, expect, it } from 'vitest';
import {
  describeSecret,
  fingerprintSecret,
  isSecretName,
  maskSecrets,
  redactFormFields,
  redactHeaders,
  redactSecretFields,
  redactUrl,
} from './redact.ts';

describe('redaction', () => {
  it('knows secret names in any spelling, and leaves ordinary ones', () => {
    for (const name of [
      'token',
      'access_token',
      'validationToken',
      'ms-apikey',
      'api_key',
      'clientState',
      'Authorization',
      'x-shopify-hmac-sha256',
      'csrf',
      'cookie',
    ])
      expect(isSecretName(name), name).toBe(true);
    for (const name of ['event', 'designer', 'consignment', 'status', 'owner']) expect(isSecretName(name), name).toBe(false);
  });

  it('redacts secret query parameters and passwords in URLs, absolute or not', () => {
    expect(redactUrl('https://hub.example/webhooks/warehouse?event=despatched&token=s3cret')).toBe(
      'https://hub.example/webhooks/warehouse?event=despatched&token=%5Bredacted%5D',
    );
    expect(redactUrl('/api/status?token=a&token=b&limit=5')).toBe('/api/status?token=%5Bredacted%5D&limit=5');
    expect(redactUrl('postgres://hub:pa55@db:5432/ledger')).toBe('postgres://hub:%5Bredacted%5D@db:5432/ledger');
  });

  it('keeps a secret header only as its scheme and length', () => {
    expect(redactHeaders(new Headers({ authorization: 'Bearer abcdef', 'content-type': 'text/plain' }))).toEqual({
      authorization: '[redacted: Bearer, 6 characters]',
      'content-type': 'text/plain',
    });
    expect(describeSecret('rawtoken')).toBe('[redacted: 8 characters]');
  });

  it('redacts secret fields in JSON text and forms', () => {
    expect(redactSecretFields('{"clientState":"s3cret","resource":"items"}')).toBe('{"clientState":"[redacted]","resource":"items"}');
    expect(redactFormFields('csrf=abc&next=%2Fdashboard&token=guess', 'application/x-www-form-urlencoded')).toBe(
      'csrf=%5Bredacted%5D&next=%2Fdashboard&token=%5Bredacted%5D',
    );
    expect(redactFormFields('--b\r\nContent-Disposition: form-data; name="token"\r\n\r\nguess\r\n--b--', 'multipart/form-data')).toContain(
      'name="token"\r\n\r\n[redacted]\r\n',
    );
  });

  it('masks configured secret values wherever they appear, as text, in JSON or in a URL', () => {
    const secret = 'pa ss"word/1234';
    const text = `a ${secret} b ${JSON.stringify(secret)} c ${encodeURIComponent(secret)}`;
    expect(maskSecrets(text, [secret, 'short'])).toBe('a [redacted] b "[redacted]" c [redacted]');
    expect(fingerprintSecret('x')).toMatch(/^sha256:[0-9a-f]{12}$/);
  });
});
