/**
 * A deliberately unforgiving HTTP/1.1 client for hostile-input tests: it writes the request
 * bytes itself (any Host, any header, a body that lies about its length, bytes that are not
 * UTF-8), then reads the whole answer. fetch and http.request refuse to send most of this.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body in chunks of this size with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: number;
  /** Content-Length to declare instead of the body's real length (the connection is closed after the bytes sent). */
  declaredLength?: number;
  /** Exactly these bytes, nothing added: for requests no client library would write. */
  raw?: Uint8Array | string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const end = data.indexOf('\r\n', offset);
    if (end < 0) break;
    const size = Number.parseInt(data.subarray(offset, end).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(end + 2, end + 2 + size));
    offset = end + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseResponse(data: Buffer): RawResponse {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no HTTP answer: ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...lines] = data.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = data.subarray(split + 4);
  if ((headers['transfer-encoding'] ?? '').includes('chunked')) body = decodeChunked(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body: body.toString('utf8') };
}

export function encodeRequest(port: number, request: RawRequest): Buffer {
  if (request.raw !== undefined) return Buffer.from(request.raw);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, connection: 'close', ...request.headers };
  if (body !== undefined && request.chunked) headers['transfer-encoding'] = 'chunked';
  else if (body !== undefined) headers['content-length'] = String(request.declaredLength ?? body.length);
  const head = [`${request.method ?? (body === undefined ? 'GET' : 'POST')} ${request.path} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  const parts = [Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1')];
  if (body !== undefined && request.chunked) {
    for (let offset = 0; offset < body.length; offset += request.chunked) {
      const chunk = body.subarray(offset, offset + request.chunked);
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
  } else if (body !== undefined) parts.push(body);
  return Buffer.concat(parts);
}

/** Sends one request on its own connection and reads the answer until the hub closes it. */
export function send(port: number, request: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${request.method ?? ''} ${request.path}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // the hub may close while we still write; the answer decides
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error as Error);
      }
    });
    socket.write(encodeRequest(port, request), () => {
      // A body shorter than its declared length: say we are done sending, and wait for the answer.
      // A little later, as a slow client would: a refusal the hub can give from the headers alone
      // (a declared length over the limit) must reach the client before the connection ends.
      if (request.declaredLength !== undefined || request.raw !== undefined) setTimeout(() => socket.end(), 200);
    });
  });
}

/** The message an answer carries: the JSON error's, or the visible text of a page. */
export function messageOf(response: RawResponse): string {
  if ((response.headers['content-type'] ?? '').includes('json')) {
    try {
      const parsed = JSON.parse(response.body) as { error?: { message?: string }; reason?: string };
      return parsed.error?.message ?? parsed.reason ?? response.body;
    } catch {
      return response.body;
    }
  }
  return response.body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
