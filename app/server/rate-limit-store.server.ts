import { lt, sql } from "drizzle-orm";
import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import type { Database } from "#db/client";
import { rateLimitHit } from "#db/schema";

/**
 * An express-rate-limit store in the database, so every app instance on one libSQL server counts
 * the same hits (fixed window). One upsert per hit keeps it atomic without a read-then-write.
 */
export class DatabaseRateLimitStore implements Store {
  windowMs = 60_000;
  prefix: string;
  localKeys = false;
  private lastSweep = 0;

  constructor(
    private readonly database: Database,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string) {
    return `${this.prefix}:${key}`;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.database.db.query.rateLimitHit.findFirst({
      where: (t, { eq }) => eq(t.key, this.key(key)),
    });
    if (!row || row.resetAt <= this.now()) return undefined;
    return { totalHits: row.hits, resetTime: new Date(row.resetAt) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    const resetAt = now + this.windowMs;
    const sweep = now - this.lastSweep > this.windowMs;
    if (sweep) this.lastSweep = now;
    const [row] = await this.database.write(async (tx) => {
      if (sweep) await tx.delete(rateLimitHit).where(lt(rateLimitHit.resetAt, now));
      return tx
        .insert(rateLimitHit)
        .values({ key: this.key(key), hits: 1, resetAt })
        .onConflictDoUpdate({
          target: rateLimitHit.key,
          set: {
            hits: sql`CASE WHEN ${rateLimitHit.resetAt} <= ${now} THEN 1 ELSE ${rateLimitHit.hits} + 1 END`,
            resetAt: sql`CASE WHEN ${rateLimitHit.resetAt} <= ${now} THEN ${resetAt} ELSE ${rateLimitHit.resetAt} END`,
          },
        })
        .returning();
    });
    return { totalHits: row!.hits, resetTime: new Date(row!.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.database.write((tx) =>
      tx
        .update(rateLimitHit)
        .set({ hits: sql`max(1, ${rateLimitHit.hits} - 1)` })
        .where(sql`${rateLimitHit.key} = ${this.key(key)}`),
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.database.write((tx) => tx.delete(rateLimitHit).where(sql`${rateLimitHit.key} = ${this.key(key)}`));
  }
}
