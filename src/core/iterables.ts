/** Small helpers over async iterables (listings that page behind the scenes). */

/** Every item of a listing, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
