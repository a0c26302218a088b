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

/** Consent given by a person, with the exact wording version they saw. Append-only. */
export const consent = sqliteTable(
  "consent",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    purpose: text().notNull(),
    version: text().notNull(),
    givenAt: integer().notNull(),
  },
  (t) => [
    index("consent_user_idx").on(t.userId),
    check("consent_purpose_known", sql`${t.purpose} IN ('privacy-statement', 'care-details')`),
  ],
);
