/**
 * Caches whose keys come from input (language tags, mostly: an article may declare any tag, and every
 * inline language span brings another) must not grow with the input: each is an LRU (lru-cache) with a
 * fixed number of entries. An unbounded Map of Intl.Segmenter or Intl.DateTimeFormat by language tag grew
 * the resident memory of a long-running process by about 32 MB per 1,000 distinct tags.
 *
 * Every such cache is registered by name, so tests can check that none outgrows its bound.
 */
import { LRUCache } from 'lru-cache';

const registry = new Map<string, LRUCache<NonNullable<unknown>, NonNullable<unknown>>>();

/** A least-recently-used cache of at most `max` entries, registered under `name`. */
export function boundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  name: string,
  max: number,
): LRUCache<K, V> {
  const cache = new LRUCache<K, V>({ max });
  registry.set(name, cache as unknown as LRUCache<NonNullable<unknown>, NonNullable<unknown>>);
  return cache;
}

/** Every registered cache: its name, entries held and bound. */
export function boundedCaches(): { name: string; size: number; max: number }[] {
  return [...registry].map(([name, cache]) => ({ name, size: cache.size, max: cache.max }));
}
