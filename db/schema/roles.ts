import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { neighbourhood } from "./places";
import { user } from "./users";

/**
 * Platform roles beyond resident. A coordinator grant is for one neighbourhood (a person can hold
 * several); an admin grant has no neighbourhood.
 */
export const roleGrant = sqliteTable(
  "role_grant",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text({ enum: ["coordinator", "admin"] }).notNull(),
    neighbourhoodId: integer().references(() => neighbourhood.id, { onDelete: "cascade" }),
    grantedAt: integer().notNull(),
  },
  (t) => [
    index("role_grant_user_idx").on(t.userId),
    uniqueIndex("role_grant_coordinator_unique")
      .on(t.userId, t.neighbourhoodId)
      .where(sql`${t.role} = 'coordinator'`),
    uniqueIndex("role_grant_admin_unique")
      .on(t.userId)
      .where(sql`${t.role} = 'admin'`),
    check(
      "role_grant_scope",
      sql`(${t.role} = 'coordinator' AND ${t.neighbourhoodId} IS NOT NULL) OR (${t.role} = 'admin' AND ${t.neighbourhoodId} IS NULL)`,
    ),
  ],
);
