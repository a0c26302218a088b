import { sql } from "drizzle-orm";
import { rateLimitHit } from "#db/schema";
import type { Ctx } from "../context.server";
import { requireActor } from "../permissions";

const DOWNLOADS_PER_HOUR = 10;
const HOUR = 3_600_000;

/**
 * Counts one download of the JSON for the signed-in person: at most 10 an hour. The counter is a
 * row of `rate_limit_hit` (the table the HTTP rate limits use; one atomic upsert, fixed window), so
 * every app instance counts the same downloads.
 */
export async function countDataDownload({ ctx }: { ctx: Ctx }): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  const resetAt = now + HOUR;
  const [row] = await ctx.database.write((tx) =>
    tx
      .insert(rateLimitHit)
      .values({ key: `data-export:${actor.userId}`, hits: 1, resetAt })
      .onConflictDoUpdate({
        target: rateLimitHit.key,
        set: {
          hits: sql`CASE WHEN ${rateLimitHit.resetAt} <= ${now} THEN 1 ELSE ${rateLimitHit.hits} + 1 END`,
          resetAt: sql`CASE WHEN ${rateLimitHit.resetAt} <= ${now} THEN ${resetAt} ELSE ${rateLimitHit.resetAt} END`,
        },
      })
      .returning(),
  );
  if (row && row.hits > DOWNLOADS_PER_HOUR) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt - now) / 1000)) };
  return { ok: true };
}
