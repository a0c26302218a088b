import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { neighbourhood } from "./places";

export const user = sqliteTable(
  "user",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    email: text().notNull(),
    name: text().notNull(),
    phone: text(),
    postcode: text().notNull(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "restrict" }),
    locale: text({ enum: ["nl", "en"] })
      .notNull()
      .default("nl"),
    timeZone: text().notNull().default("Europe/Amsterdam"),
    createdAt: integer().notNull(),
    /** The last sign-in or use of a session (at most once a day is written): drives the inactivity retention. */
    lastActiveAt: integer(),
    /** When the "your account will be deleted" warning was queued; cleared when they are active again. */
    inactivityWarnedAt: integer(),
  },
  (t) => [
    uniqueIndex("user_email_unique").on(t.email),
    index("user_neighbourhood_idx").on(t.neighbourhoodId),
    check("user_email_normalised", sql`${t.email} = lower(trim(${t.email})) AND instr(${t.email}, '@') > 1`),
    check("user_name_not_blank", sql`length(trim(${t.name})) > 0`),
    check("user_postcode_format", sql`${t.postcode} GLOB '[1-9][0-9][0-9][0-9][A-Z][A-Z]'`),
    check("user_locale_known", sql`${t.locale} IN ('nl', 'en')`),
  ],
);

/**
 * Consent given by a person, with the exact wording version they saw, and its withdrawal. The
 * person is `user_id` (an account), or — for a help request a coordinator registered at intake —
 * the person on the request that points to this consent (`help_request.care_consent_id`), with the
 * coordinator in `recorded_by_id`. After an account's erasure `user_id` is null and
 * `subject_pseudonym` holds the same token as the logs.
 */
export const consent = sqliteTable(
  "consent",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer().references(() => user.id, { onDelete: "set null" }),
    subjectPseudonym: text(),
    purpose: text().notNull(),
    version: text().notNull(),
    givenAt: integer().notNull(),
    /** Who recorded it when it was not the person themself (a coordinator at intake). */
    recordedById: integer().references(() => user.id, { onDelete: "set null" }),
    withdrawnAt: integer(),
    withdrawnById: integer().references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    index("consent_user_idx").on(t.userId),
    check("consent_purpose_known", sql`${t.purpose} IN ('privacy-statement', 'care-details')`),
    check("consent_withdrawal_consistent", sql`${t.withdrawnById} IS NULL OR ${t.withdrawnAt} IS NOT NULL`),
  ],
);
