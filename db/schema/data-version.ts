import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A change counter per scope (decision 037). Scope "public" counts every write to a table whose rows
 * show on the anonymous pages: triggers on those tables (migration 0011) add one in the writing
 * transaction, so no code path can change such a row without changing the counter. The page cache
 * builds its ETag from it; the list of tables is DATA_VERSION_TABLES in app/domain/data-version.server.ts.
 */
export const dataVersion = sqliteTable("data_version", {
  scope: text({ enum: ["public"] }).primaryKey(),
  version: integer().notNull().default(0),
});
