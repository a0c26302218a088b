import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { skillKinds, travelRanges, vogStatuses } from "../../app/domain/vocabulary";
import { neighbourhood } from "./places";
import { user } from "./users";

/** Neighbourhoods next to each other; stored both ways (a→b and b→a) so lookups need one index. */
export const neighbourhoodAdjacency = sqliteTable(
  "neighbourhood_adjacency",
  {
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "cascade" }),
    adjacentId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.neighbourhoodId, t.adjacentId] }),
    check("adjacency_not_self", sql`${t.neighbourhoodId} <> ${t.adjacentId}`),
  ],
);

/** The maintained list of skills and interests (admins keep it); volunteers add free tags too. */
export const skill = sqliteTable(
  "skill",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    slug: text().notNull(),
    /** Shown as "what I can do" (skill) or "what I like to do" (interest) on the volunteer profile. */
    kind: text({ enum: skillKinds }).notNull().default("skill"),
    nameNl: text().notNull(),
    nameEn: text().notNull(),
  },
  (t) => [uniqueIndex("skill_slug_unique").on(t.slug)],
);

export const volunteerProfile = sqliteTable(
  "volunteer_profile",
  {
    userId: integer()
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    languages: text({ mode: "json" })
      .notNull()
      .$type<string[]>()
      .default(sql`'[]'`),
    tags: text({ mode: "json" })
      .notNull()
      .$type<string[]>()
      .default(sql`'[]'`),
    travelRange: text({ enum: travelRanges }).notNull().default("own"),
    vogStatus: text({ enum: vogStatuses }).notNull().default("none"),
    /** Local date (YYYY-MM-DD) until which the VOG counts as valid. */
    vogValidUntil: text(),
    vogSetBy: integer().references(() => user.id, { onDelete: "set null" }),
    vogSetAt: integer(),
    pausedUntil: text(),
    maxHoursPerMonth: integer(),
    updatedAt: integer().notNull(),
    // Matching facts kept by triggers in the writing transaction (migration 0012, decision 045);
    // code never writes them. Skill ids ("3,7"), weekly slots ("2 13:00 18:00,4 09:00 12:00", NULL
    // without slots) and per ISO weekday the half hours any slot touches (bit n: n × 30 minutes).
    skillIds: text(),
    weeklySlots: text(),
    slotHalfHours1: integer().notNull().default(0),
    slotHalfHours2: integer().notNull().default(0),
    slotHalfHours3: integer().notNull().default(0),
    slotHalfHours4: integer().notNull().default(0),
    slotHalfHours5: integer().notNull().default(0),
    slotHalfHours6: integer().notNull().default(0),
    slotHalfHours7: integer().notNull().default(0),
  },
  (t) => [
    check("volunteer_travel_range_known", sql`${t.travelRange} IN ('own', 'adjacent', 'municipality')`),
    check("volunteer_vog_status_known", sql`${t.vogStatus} IN ('none', 'requested', 'valid')`),
    check("volunteer_vog_valid_has_date", sql`(${t.vogStatus} = 'valid') = (${t.vogValidUntil} IS NOT NULL)`),
    check("volunteer_max_hours_positive", sql`${t.maxHoursPerMonth} IS NULL OR ${t.maxHoursPerMonth} > 0`),
    check("volunteer_languages_json", sql`json_valid(${t.languages}) AND json_valid(${t.tags})`),
  ],
);

export const volunteerSkill = sqliteTable(
  "volunteer_skill",
  {
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    skillId: integer()
      .notNull()
      .references(() => skill.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.skillId] }), index("volunteer_skill_skill_idx").on(t.skillId)],
);

/** Weekly availability as local wall-clock times in the volunteer's own time zone. */
export const volunteerAvailability = sqliteTable(
  "volunteer_availability",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    weekday: integer().notNull(),
    startTime: text().notNull(),
    endTime: text().notNull(),
  },
  (t) => [
    index("volunteer_availability_user_idx").on(t.userId),
    check("availability_weekday_iso", sql`${t.weekday} BETWEEN 1 AND 7`),
    check("availability_times_ordered", sql`${t.startTime} < ${t.endTime}`),
  ],
);

/** Local dates on which a volunteer is not available (holidays), whatever the weekly pattern says. */
export const volunteerUnavailableDate = sqliteTable(
  "volunteer_unavailable_date",
  {
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    date: text().notNull(),
    note: text(),
  },
  // Matching reads every volunteer's days off in a date range at once (decision 045).
  (t) => [primaryKey({ columns: [t.userId, t.date] }), index("volunteer_unavailable_date_date_idx").on(t.date)],
);
