// The "get, or create and keep" step of grouping into a Map, in one place rather than as an assignment
// inside an expression at every grouping loop.
/** A Map or WeakMap: only the two methods used. */
interface Keyed<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

export function getOrInsert<K, V>(map: Keyed<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
