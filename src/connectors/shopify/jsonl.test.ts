import { describe, expect, it } from 'vitest';
import { readJsonLines } from './jsonl.ts';

/** A byte stream made lazily, chunk by chunk, counting how far the reader has pulled it. */
function lazyStream(chunks: () => Generator<string>, encoder = new TextEncoder()) {
  const source = chunks();
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = source.next();
        if (next.done) controller.close();
        else {
          state.pulled += 1;
          controller.enqueue(encoder.encode(next.value));
        }
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('readJsonLines', () => {
  it('yields each object as soon as its line is complete, lines split anywhere across chunks', async () => {
    const text =
      '{"id":"gid://shopify/Location/1","name":"Zürich"}\n{"id":"gid://shopify/InventoryLevel/2","__parentId":"gid://shopify/Location/1"}\n';
    const bytes = new TextEncoder().encode(text);
    // Split inside the multi-byte ü and in the middle of the second line.
    const cuts = [43, 47, 70];
    const raw = new ReadableStream<Uint8Array>({
      start(controller) {
        let at = 0;
        for (const cut of [...cuts, bytes.length]) {
          controller.enqueue(bytes.slice(at, cut));
          at = cut;
        }
        controller.close();
      },
    });
    const lines = [];
    for await (const line of readJsonLines(raw)) lines.push(line);
    expect(lines).toEqual([
      { id: 'gid://shopify/Location/1', name: 'Zürich' },
      { id: 'gid://shopify/InventoryLevel/2', __parentId: 'gid://shopify/Location/1' },
    ]);
  });

  it('streams a large result without reading ahead of the consumer, and stops the download when the consumer stops', async () => {
    const total = 100_000;
    const { stream, state } = lazyStream(function* () {
      for (let index = 0; index < total; index += 1) yield `{"id":"gid://shopify/InventoryItem/${index}","sku":"SKU-${index}"}\n`;
    });
    let seen = 0;
    for await (const line of readJsonLines(stream)) {
      seen += 1;
      expect(line.sku).toBe(`SKU-${seen - 1}`);
      // Never more than a chunk or two ahead of what was consumed.
      expect(state.pulled).toBeLessThanOrEqual(seen + 2);
      if (seen === 1_000) break;
    }
    expect(state.pulled).toBeLessThan(1_010);
    expect(state.cancelled).toBe(true);
  });

  it('reads a last line without a newline and names a line that is not JSON', async () => {
    const ok = new Response('{"a":1}\n\n{"b":2}').body!;
    const lines = [];
    for await (const line of readJsonLines(ok)) lines.push(line);
    expect(lines).toEqual([{ a: 1 }, { b: 2 }]);
    const broken = new Response('{"a":1}\n{"b":\n').body!;
    await expect(
      (async () => {
        for await (const _ of readJsonLines(broken)) void _;
      })(),
    ).rejects.toMatchObject({ code: 'upstream_unavailable', message: 'bulk result line 2 is not JSON' });
  });
});
