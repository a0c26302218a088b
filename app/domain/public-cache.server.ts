import type { Database } from "#db/client";

// Results derived only from the public tables, kept in this process under the public data version
// (decision 037; why and how: decision 040; used by the activity list and /map, decision 046).
// Every write to a public table raises the version in its own transaction, so the first read after
// a write misses; every instance reads the version from the database, so several instances behind
// one database stay right. Nothing personal goes in here: a key names only public inputs (filters,
// time zone, language, the local clock).

/** Filter combinations are few; the bound only stops a crawler from growing the map without end. */
const MAX_ENTRIES = 256;

interface Entry {
  version: number;
  /** The clock reading it was computed at; an earlier reading (a test's clock going back) misses. */
  since: number;
  /** Shared by requests that miss at the same time, so a burst computes once. */
  settled: Promise<{ value: unknown; until: number }>;
}

/** One map per database: tests open many databases in one process, each with its own versions. */
const caches = new WeakMap<Database, Map<string, Entry>>();

/**
 * The value for `key` at data version `version` and clock reading `now`: from the cache when it was
 * computed at the same version, no later than `now`, and stays right until at least `now` (`until`,
 * an instant: a list of what is still to come changes when the next session starts), else computed.
 * Read the version before the data: a write in between then leaves a value newer than its version,
 * which the next read (at the raised version) replaces — never an older one.
 */
export async function cachedPublic<T>(
  database: Database,
  key: string,
  { version, now }: { version: number; now: number },
  compute: () => Promise<{ value: T; until: number }>,
): Promise<T> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const entry = cache.get(key);
  if (entry && entry.version === version && entry.since <= now) {
    const hit = await entry.settled.catch(() => null);
    if (hit && now <= hit.until) {
      // Most recently used last, so the oldest entry is the first to go.
      cache.delete(key);
      cache.set(key, entry);
      return hit.value as T;
    }
  }
  const settled = compute();
  const fresh: Entry = { version, since: now, settled };
  cache.delete(key);
  cache.set(key, fresh);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  try {
    return (await settled).value;
  } catch (error) {
    // Failures are not kept: the next request computes again.
    if (cache.get(key) === fresh) cache.delete(key);
    throw error;
  }
}
