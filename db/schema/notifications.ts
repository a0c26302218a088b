import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { user } from "./users";

/**
 * A person's mail settings. No row means the defaults: reminders the day before at 18:00 and
 * 2 hours before, after-session prompts on, weekly digest off (opt-in).
 */
export const notificationSetting = sqliteTable(
  "notification_setting",
  {
    userId: integer()
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    /** Local time "HH:mm" the day before a session; NULL switches that reminder off. */
    dayBeforeAt: text().default("18:00"),
    /** Hours before a session; NULL switches that reminder off. */
    hoursBefore: integer().default(2),
    afterSession: integer({ mode: "boolean" }).notNull().default(true),
    digest: integer({ mode: "boolean" }).notNull().default(false),
    /** "New update in your circle" mails (a link, never the text). */
    circleUpdates: integer({ mode: "boolean" }).notNull().default(true),
    /** "New message" mails (a link, never the text). */
    messages: integer({ mode: "boolean" }).notNull().default(true),
    /** End of the window the last digest covered (epoch ms): the next one only shows newer things. */
    digestCoveredUntil: integer(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    check("notification_setting_day_before_format", sql`${t.dayBeforeAt} IS NULL OR ${t.dayBeforeAt} GLOB '[0-2][0-9]:[0-5][0-9]'`),
    check("notification_setting_hours_before_range", sql`${t.hoursBefore} IS NULL OR ${t.hoursBefore} BETWEEN 1 AND 48`),
  ],
);

/** Addresses that bounced or complained: no non-essential mail goes there. */
export const emailSuppression = sqliteTable(
  "email_suppression",
  {
    address: text().primaryKey(),
    reason: text({ enum: ["bounce", "complaint"] }).notNull(),
    eventId: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [check("email_suppression_reason_known", sql`${t.reason} IN ('bounce', 'complaint')`)],
);

/** Provider webhook events, stored once by their id (Svix message id). */
export const webhookEvent = sqliteTable(
  "webhook_event",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    /** The provider's email id, when the event is about one email. */
    providerId: text(),
    payload: text({ mode: "json" }).notNull().$type<Record<string, unknown>>(),
    receivedAt: integer().notNull(),
  },
  (t) => [index("webhook_event_provider_idx").on(t.providerId)],
);
