// The sandbox answers in a time that does not depend on the size of its world: a listing asked for by some
// id is found through a map built on first use (the world's listings never change), not by a scan of every
// listing per request, which made a whole discovery or scan cycle quadratic in the world's size.
export function lookupBy<T, K>(items: () => readonly T[], key: (item: T) => K): (wanted: K) => T | undefined {
  let index: Map<K, T> | null = null;
  return (wanted) => {
    if (!index) {
      index = new Map();
      // The first item of a key wins, as Array.prototype.find would have it.
      for (const item of items()) if (!index.has(key(item))) index.set(key(item), item);
    }
    return index.get(wanted);
  };
}

/** A value computed on first use and kept. */
export function once<T>(compute: () => T): () => T {
  let value: { v: T } | null = null;
  return () => {
    value ??= { v: compute() };
    return value.v;
  };
}
