// Deterministic randomness: every value of the synthetic world is a function of the seed and a name, so the
// same world comes back on every run and in every process, whatever order things are asked in.

/** A 32-bit hash of a string (FNV-1a). */
export function hashString(text: string): number {
  return hashOnward(0x811c9dc5, text);
}

/**
 * FNV-1a carried on from the hash of what came before: `hashOnward(hashString(a), b) === hashString(a + b)`.
 * The world hashes one prefix per listing and motive and carries it on per candidate slot, where joining and
 * hashing the whole key per slot was most of the sandbox's cost of placing slots.
 */
export function hashOnward(hash: number, text: string): number {
  let next = hash;
  for (let i = 0; i < text.length; i += 1) {
    next ^= text.charCodeAt(i);
    next = Math.imul(next, 0x01000193);
  }
  return next >>> 0;
}

/** A generator of floats in [0, 1) (mulberry32), seeded by any list of names and numbers. */
export function randomFor(...parts: ReadonlyArray<string | number>): () => number {
  return randomOfHash(hashString(parts.join('|')));
}

/** The generator `randomFor` gives for the key whose hash this is. */
export function randomOfHash(hash: number): () => number {
  let state = hash;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Exponentially distributed with the given mean. */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
