import { inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client";
import { rateLimitHit } from "#db/schema";

/**
 * Paces calls to the email provider with a sliding window, as the provider counts (Resend: 2 requests
 * in any second per team): a call may start when fewer than `ratePerSecond` calls started in the last
 * 1000 ms + `marginMs`. The window holds `ratePerSecond` slots; a call takes the slot that came free
 * first and holds it for one window, so the two calls of a second may go out together (and overlap)
 * instead of half a second apart.
 *
 * The slots live in memory (one process) or in the database (`createDatabaseSendSlots`), so every
 * worker on one libSQL server shares them and together they stay within the provider's limit.
 *
 * A 429 from the provider means our pace and theirs disagree (another sender on the same team,
 * clock skew): `slowDown` blocks every slot until retry-after is over and halves the pace (each slot
 * is held twice as long); each later successful call wins back a tenth of the configured rate (AIMD,
 * as TCP does), never above the configured rate.
 */
export interface SendRateOptions {
  ratePerSecond: number;
  /** The pace never drops below this fraction of `ratePerSecond`. */
  minFraction?: number;
  /**
   * Added to each window. Calls leave exactly one window apart, but arrive with network and
   * event-loop jitter; a few ms early is enough for the provider to count `rate + 1` in a second.
   */
  marginMs?: number;
  /** Where the slots are kept. Default: in this process. */
  slots?: SendSlots;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The window's slots: until when each is held by a call that started in it. */
export interface SendSlots {
  /**
   * Takes a slot that is free now and holds it for `holdMs` from now; or answers when the first one
   * comes free. "Now" is read from `clock` once the slots are locked (for the database, inside the
   * write transaction): time spent waiting for the lock must not shorten the hold, or the call leaves
   * later than its slot says and the provider counts one call too many in a second.
   */
  reserve(clock: () => number, holdMs: number): Promise<{ reserved: true } | { reserved: false; freeAt: number }>;
  /** No slot comes free before `until` (the provider said 429). */
  block(until: number): Promise<void>;
}

export interface SendRate {
  /** Resolves when one more provider call may start now. Callers queue in order. */
  take(): Promise<void>;
  /** The provider answered 429: pause every slot for `retryAfterMs` and halve the pace. */
  slowDown(retryAfterMs: number): Promise<void>;
  /** A call went through: recover some of the pace lost to earlier 429s. */
  succeeded(): void;
  /** The pace in calls per second right now. */
  readonly currentRate: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How many calls one window holds: Resend's 2 per second is 2 slots (2.5 per second is 2 as well). */
const slotCount = (ratePerSecond: number) => Math.max(1, Math.floor(ratePerSecond));

/** Slots in this process only. */
export function createMemorySendSlots(ratePerSecond: number): SendSlots {
  const heldUntil = Array.from({ length: slotCount(ratePerSecond) }, () => -Infinity);
  return {
    async reserve(clock, holdMs) {
      const at = clock();
      const first = heldUntil.indexOf(Math.min(...heldUntil));
      if (heldUntil[first]! > at) return { reserved: false, freeAt: heldUntil[first]! };
      heldUntil[first] = at + holdMs;
      return { reserved: true };
    },
    async block(until) {
      for (let i = 0; i < heldUntil.length; i++) heldUntil[i] = Math.max(heldUntil[i]!, until);
    },
  };
}

/**
 * Slots in the database, shared by every worker on one libSQL server: one `rate_limit_hit` row per
 * slot (`send-rate:<n>`, `resetAt` = held until), taken in one write transaction. A missing row is
 * a free slot, so the request limiter's sweep of expired rows does no harm.
 */
export function createDatabaseSendSlots(database: Database, ratePerSecond: number, prefix = "send-rate"): SendSlots {
  const keys = Array.from({ length: slotCount(ratePerSecond) }, (_, n) => `${prefix}:${n}`);
  return {
    reserve(clock, holdMs) {
      return database.write(async (tx) => {
        const rows = await tx
          .select({ key: rateLimitHit.key, resetAt: rateLimitHit.resetAt })
          .from(rateLimitHit)
          .where(inArray(rateLimitHit.key, keys));
        const at = clock();
        const held = new Map(rows.map((r) => [r.key, r.resetAt]));
        const key = keys.reduce((a, b) => ((held.get(b) ?? -Infinity) < (held.get(a) ?? -Infinity) ? b : a));
        const freeAt = held.get(key) ?? -Infinity;
        if (freeAt > at) return { reserved: false as const, freeAt };
        const holdUntil = at + holdMs;
        await tx
          .insert(rateLimitHit)
          .values({ key, hits: 1, resetAt: holdUntil })
          .onConflictDoUpdate({ target: rateLimitHit.key, set: { hits: 1, resetAt: holdUntil } });
        return { reserved: true as const };
      });
    },
    async block(until) {
      await database.write(async (tx) => {
        for (const key of keys) {
          await tx
            .insert(rateLimitHit)
            .values({ key, hits: 1, resetAt: until })
            .onConflictDoUpdate({ target: rateLimitHit.key, set: { resetAt: sql`max(${rateLimitHit.resetAt}, ${until})` } });
        }
      });
    },
  };
}

export function createSendRate(options: SendRateOptions): SendRate {
  const { ratePerSecond, minFraction = 0.1, marginMs = 0, now = Date.now, sleep = realSleep } = options;
  if (!(ratePerSecond > 0)) throw new Error("ratePerSecond must be positive");
  const slots = options.slots ?? createMemorySendSlots(ratePerSecond);
  const floor = ratePerSecond * minFraction;
  let rate = ratePerSecond;
  /** No call before this (a 429 seen here; the slots know it too). */
  let blockedUntil = -Infinity;
  let queue: Promise<void> = Promise.resolve();

  /** How long a call holds its slot: 1000 ms at the full rate, twice as long at half the rate. */
  const holdMs = () => Math.max(1000, (slotCount(ratePerSecond) * 1000) / rate);

  async function wait() {
    for (;;) {
      const at = now();
      if (at < blockedUntil) {
        await sleep(blockedUntil - at);
        continue;
      }
      const answer = await slots.reserve(now, holdMs() + marginMs);
      if (answer.reserved) return;
      await sleep(Math.max(1, answer.freeAt - now()));
    }
  }

  return {
    take() {
      const turn = queue.then(wait);
      queue = turn.catch(() => {});
      return turn;
    },
    async slowDown(retryAfterMs) {
      rate = Math.max(floor, rate / 2);
      const until = now() + retryAfterMs;
      blockedUntil = Math.max(blockedUntil, until);
      await slots.block(until);
    },
    succeeded() {
      rate = rate + ratePerSecond / 10;
      // Snap to the configured rate instead of stopping a float's hair short of it.
      if (rate > ratePerSecond * 0.999) rate = ratePerSecond;
    },
    get currentRate() {
      return rate;
    },
  };
}
