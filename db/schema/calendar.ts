import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { user } from "./users";

/** A person's private calendar feed link. The random token is in the URL; only its SHA-256 is stored. */
export const calendarFeedToken = sqliteTable(
  "calendar_feed_token",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [uniqueIndex("calendar_feed_token_user_unique").on(t.userId), uniqueIndex("calendar_feed_token_hash_unique").on(t.tokenHash)],
);
