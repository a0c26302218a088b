import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { user } from "./users";

/**
 * A person's request to use a new email address. It takes effect only when the link mailed to the
 * new address is used: only a keyed hash of the link's token is stored, for 24 hours, used once.
 */
export const emailChange = sqliteTable(
  "email_change",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    newEmail: text().notNull(),
    tokenHash: text().notNull(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [
    uniqueIndex("email_change_token_unique").on(t.tokenHash),
    index("email_change_user_idx").on(t.userId, t.createdAt),
    check("email_change_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
    check("email_change_email_normalised", sql`${t.newEmail} = lower(trim(${t.newEmail})) AND instr(${t.newEmail}, '@') > 1`),
  ],
);
