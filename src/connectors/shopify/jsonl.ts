/**
 * Reads JSON Lines from a byte stream one object at a time: only the current chunk and one
 * partial line are ever held, so a bulk result of any size streams through in bounded
 * memory. Stopping early cancels the download.
 */
import { shopifyError } from './errors.ts';

export async function* readJsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let lineNumber = 0;
  const parseLine = (line: string) => {
    lineNumber += 1;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw shopifyError('upstream_unavailable', `bulk result line ${lineNumber} is not JSON`, {
        cause: error,
        retryable: false,
        upstreamBody: line.slice(0, 200),
      });
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) yield parseLine(line);
      }
      if (done) break;
    }
    if (buffer.trim()) yield parseLine(buffer.trim());
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
