import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { user } from "./users";

/** `cancelled`: not sent on purpose (a stale reminder, a switched-off kind, a suppressed address). */
export const outboxStatuses = ["pending", "sending", "sent", "dead", "cancelled"] as const;

/**
 * Every email is a row here, written in the same transaction as the change that causes it.
 * `sealedSecrets` holds one-time secrets (a sign-in link and code) encrypted with a key derived
 * from SESSION_SECRET, and is wiped once the mail is sent.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    template: text().notNull(),
    idempotencyKey: text().notNull(),
    toAddress: text().notNull(),
    /** The person it is for, when they have an account (preferences, suppression, reminders). */
    userId: integer().references(() => user.id, { onDelete: "set null" }),
    /**
     * What a scheduled mail is about, e.g. `activity-session:12` or `help-session:5`: moving or
     * cancelling that thing updates its pending mails in the same transaction.
     */
    topic: text(),
    locale: text({ enum: ["nl", "en"] }).notNull(),
    timeZone: text().notNull(),
    props: text({ mode: "json" }).notNull().$type<Record<string, unknown>>(),
    sealedSecrets: text(),
    status: text({ enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    runAt: integer().notNull(),
    leaseOwner: text(),
    /**
     * The Idempotency-Key of the batch call this row was claimed into. A batch re-claimed after a
     * crash is sent again with the same rows and key, so the provider does not send it twice.
     */
    batchKey: text(),
    leaseUntil: integer(),
    lastError: text(),
    providerId: text(),
    createdAt: integer().notNull(),
    sentAt: integer(),
  },
  (t) => [
    uniqueIndex("email_outbox_idempotency_unique").on(t.idempotencyKey),
    index("email_outbox_due_idx").on(t.status, t.runAt),
    index("email_outbox_topic_idx").on(t.topic, t.status),
    index("email_outbox_user_idx").on(t.userId),
    index("email_outbox_batch_idx").on(t.batchKey),
    check("email_outbox_status_known", sql`${t.status} IN ('pending', 'sending', 'sent', 'dead', 'cancelled')`),
    check("email_outbox_attempts_non_negative", sql`${t.attempts} >= 0`),
    check("email_outbox_lease_consistent", sql`${t.status} <> 'sending' OR (${t.leaseOwner} IS NOT NULL AND ${t.leaseUntil} IS NOT NULL)`),
    check("email_outbox_sent_has_time", sql`${t.status} <> 'sent' OR ${t.sentAt} IS NOT NULL`),
  ],
);

/** The local mailbox used instead of Resend when no RESEND_API_KEY is set (development, demo). */
export const mailboxMessage = sqliteTable(
  "mailbox_message",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    idempotencyKey: text().notNull(),
    toAddress: text().notNull(),
    fromAddress: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    headers: text({ mode: "json" }).notNull().$type<Record<string, string>>(),
    receivedAt: integer().notNull(),
  },
  (t) => [uniqueIndex("mailbox_message_idempotency_unique").on(t.idempotencyKey)],
);
