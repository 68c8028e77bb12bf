/**
 * A function of an object, computed once per object. The results are held weakly, so each goes
 * with its object. Meant for values derived from inputs that are treated as immutable (ensembles,
 * trees, fitted preprocessors); a call that throws caches nothing.
 */
export function memoizeByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key: K): V => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
