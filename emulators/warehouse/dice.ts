/** Seeded dice for the floor (a 32-bit xorshift), so a sandbox run or a test repeats exactly. */
export interface Dice {
  /** In [0, 1). */
  next(): number;
  chance(probability: number): boolean;
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createDice(seed: number): Dice {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
  return {
    next,
    chance: (probability) => probability > 0 && next() < probability,
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('nothing to pick from');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
