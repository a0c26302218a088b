import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The permission for one transaction to rewrite the append-only logs (care_access_log,
 * help_request_event, security_event). The erasure and retention verbs insert the single row at the
 * start of their transaction and delete it before committing, so it is never visible outside that
 * transaction; the log triggers (migration 0010) refuse any change when it is absent, and allow only
 * the pseudonymising update ("erasure") or the deletion of rows past their period ("retention").
 */
export const logRewrite = sqliteTable(
  "log_rewrite",
  {
    id: integer().primaryKey(),
    purpose: text({ enum: ["erasure", "retention"] }).notNull(),
  },
  (t) => [check("log_rewrite_single", sql`${t.id} = 1`), check("log_rewrite_purpose_known", sql`${t.purpose} IN ('erasure', 'retention')`)],
);
