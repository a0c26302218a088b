import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { TargetGroup } from "../../app/domain/vocabulary";
import { organisation } from "./organisations";
import { neighbourhood } from "./places";
import { user } from "./users";
import { skill } from "./volunteers";
import { facilityLocation } from "./social-map";

export const activityCategories = ["sports", "culture", "social", "learning", "nature", "care", "other"] as const;
export type ActivityCategory = (typeof activityCategories)[number];

const inList = (column: unknown, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);

export const organisationNeighbourhood = sqliteTable(
  "organisation_neighbourhood",
  {
    organisationId: integer()
      .notNull()
      .references(() => organisation.id, { onDelete: "cascade" }),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.neighbourhoodId] }),
    index("organisation_neighbourhood_neighbourhood_idx").on(t.neighbourhoodId),
  ],
);

export const initiative = sqliteTable(
  "initiative",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisation.id, { onDelete: "cascade" }),
    title: text().notNull(),
    goal: text().notNull(),
    description: text().notNull().default(""),
    targetGroups: text({ mode: "json" }).notNull().$type<TargetGroup[]>(),
    startsOn: text().notNull(),
    endsOn: text(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("initiative_organisation_idx").on(t.organisationId),
    check("initiative_period_ordered", sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
    check("initiative_target_groups_json", sql`json_valid(${t.targetGroups})`),
  ],
);

export const initiativePartner = sqliteTable(
  "initiative_partner",
  {
    initiativeId: integer()
      .notNull()
      .references(() => initiative.id, { onDelete: "cascade" }),
    organisationId: integer()
      .notNull()
      .references(() => organisation.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.organisationId] }), index("initiative_partner_organisation_idx").on(t.organisationId)],
);

export const initiativeInterest = sqliteTable(
  "initiative_interest",
  {
    initiativeId: integer()
      .notNull()
      .references(() => initiative.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.userId] })],
);

export const activity = sqliteTable(
  "activity",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisation.id, { onDelete: "cascade" }),
    initiativeId: integer().references(() => initiative.id, { onDelete: "set null" }),
    title: text().notNull(),
    description: text().notNull(),
    category: text({ enum: activityCategories }).notNull(),
    address: text().notNull(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "restrict" }),
    accessibility: text().notNull().default(""),
    /** The social-map location where it is held, if it is one. */
    facilityLocationId: integer().references(() => facilityLocation.id, { onDelete: "set null" }),
    targetGroups: text({ mode: "json" }).notNull().$type<TargetGroup[]>(),
    timeZone: text().notNull(),
    /** A person may cancel their own sign-up until this many hours before the session. */
    cancelCutoffHours: integer().notNull().default(0),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("activity_organisation_idx").on(t.organisationId),
    index("activity_initiative_idx").on(t.initiativeId),
    index("activity_neighbourhood_category_idx").on(t.neighbourhoodId, t.category),
    index("activity_facility_location_idx").on(t.facilityLocationId),
    check("activity_category_known", inList("category", activityCategories)),
    check("activity_title_length", sql`length(trim(${t.title})) BETWEEN 1 AND 120`),
    check("activity_cutoff_non_negative", sql`${t.cancelCutoffHours} >= 0`),
    check("activity_target_groups_json", sql`json_valid(${t.targetGroups})`),
  ],
);

/** A recurring rule; its occurrences are materialised as `session` rows. */
export const activitySeries = sqliteTable(
  "activity_series",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    activityId: integer()
      .notNull()
      .references(() => activity.id, { onDelete: "cascade" }),
    /** The RecurrenceRule (app/domain/scheduling/recurrence.ts) as JSON, in the activity's zone. */
    rule: text({ mode: "json" }).notNull().$type<Record<string, unknown>>(),
    capacity: integer(),
    cancelledAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("activity_series_activity_idx").on(t.activityId),
    check("series_capacity_positive", sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
  ],
);

export const activitySession = sqliteTable(
  "activity_session",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    activityId: integer()
      .notNull()
      .references(() => activity.id, { onDelete: "cascade" }),
    seriesId: integer().references(() => activitySeries.id, { onDelete: "cascade" }),
    /** The local date the series rule gave this occurrence; stays when the occurrence is moved. */
    occurrenceDate: text().notNull(),
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
    /** Participant places; NULL means no limit. */
    capacity: integer(),
    status: text({ enum: ["scheduled", "cancelled"] })
      .notNull()
      .default("scheduled"),
    /** Moved or changed on its own: later series edits leave it alone. */
    detached: integer({ mode: "boolean" }).notNull().default(false),
    /** Increases on every change (calendar SEQUENCE). */
    sequence: integer().notNull().default(0),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("session_series_occurrence_unique").on(t.seriesId, t.occurrenceDate),
    index("session_activity_start_idx").on(t.activityId, t.startsAt),
    index("session_start_idx").on(t.startsAt),
    check("session_times_ordered", sql`${t.endsAt} > ${t.startsAt}`),
    check("session_capacity_positive", sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
    check("session_status_known", sql`${t.status} IN ('scheduled', 'cancelled')`),
  ],
);

export const shift = sqliteTable(
  "shift",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sessionId: integer()
      .notNull()
      .references(() => activitySession.id, { onDelete: "cascade" }),
    role: text().notNull(),
    needed: integer().notNull(),
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
    requiresVog: integer({ mode: "boolean" }).notNull().default(false),
    requiredSkillId: integer().references(() => skill.id, { onDelete: "set null" }),
  },
  (t) => [
    index("shift_session_idx").on(t.sessionId),
    index("shift_start_idx").on(t.startsAt),
    check("shift_needed_positive", sql`${t.needed} > 0`),
    check("shift_times_ordered", sql`${t.endsAt} > ${t.startsAt}`),
    check("shift_role_length", sql`length(trim(${t.role})) BETWEEN 1 AND 80`),
  ],
);

export const signupStatuses = ["confirmed", "waitlisted", "cancelled"] as const;

/**
 * A place taken as participant (shift_id NULL) or for a shift. Arrival order is the id. Capacity is
 * enforced by one conditional INSERT (app/domain/activities/signups.server.ts), never by read-then-write.
 */
export const signup = sqliteTable(
  "signup",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sessionId: integer()
      .notNull()
      .references(() => activitySession.id, { onDelete: "cascade" }),
    shiftId: integer().references(() => shift.id, { onDelete: "cascade" }),
    /** Null once the person's account is erased: the place and its minutes still count (decision 031). */
    userId: integer().references(() => user.id, { onDelete: "set null" }),
    status: text({ enum: signupStatuses }).notNull(),
    createdAt: integer().notNull(),
    promotedAt: integer(),
    cancelledAt: integer(),
    cancelledBy: text({ enum: ["person", "organiser"] }),
    /** Set when the person confirmed from a reminder that they will come. */
    confirmedAt: integer(),
    attendance: text({ enum: ["present", "absent"] }),
    /** Volunteer minutes recorded with attendance. */
    minutes: integer(),
  },
  (t) => [
    // One active place per person per slot (the session as participant, or a shift).
    uniqueIndex("signup_one_active_participant")
      .on(t.sessionId, t.userId)
      .where(sql`${t.shiftId} IS NULL AND ${t.status} <> 'cancelled'`),
    uniqueIndex("signup_one_active_volunteer")
      .on(t.shiftId, t.userId)
      .where(sql`${t.shiftId} IS NOT NULL AND ${t.status} <> 'cancelled'`),
    index("signup_slot_status_idx").on(t.sessionId, t.shiftId, t.status),
    index("signup_user_idx").on(t.userId, t.status),
    check("signup_status_known", sql`${t.status} IN ('confirmed', 'waitlisted', 'cancelled')`),
    check("signup_cancel_consistent", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} IS NOT NULL)`),
    check("signup_minutes_non_negative", sql`${t.minutes} IS NULL OR ${t.minutes} >= 0`),
  ],
);
