import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";

export const municipality = sqliteTable(
  "municipality",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    timeZone: text().notNull().default("Europe/Amsterdam"),
  },
  (t) => [uniqueIndex("municipality_name_unique").on(t.name)],
);

export const neighbourhood = sqliteTable(
  "neighbourhood",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    municipalityId: integer()
      .notNull()
      .references(() => municipality.id, { onDelete: "restrict" }),
    name: text().notNull(),
    slug: text().notNull(),
  },
  (t) => [
    uniqueIndex("neighbourhood_municipality_name_unique").on(t.municipalityId, t.name),
    uniqueIndex("neighbourhood_slug_unique").on(t.slug),
    check("neighbourhood_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

/** A 4-digit postcode area belongs to exactly one neighbourhood. */
export const neighbourhoodPostcode = sqliteTable(
  "neighbourhood_postcode",
  {
    postcode: text().primaryKey(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("neighbourhood_postcode_neighbourhood_idx").on(t.neighbourhoodId),
    check("neighbourhood_postcode_format", sql`${t.postcode} GLOB '[1-9][0-9][0-9][0-9]'`),
  ],
);
