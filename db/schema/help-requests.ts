import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { helpInviteStatuses, helpRequestKinds, helpRequestStatuses, helpRequestUrgencies } from "../../app/domain/vocabulary";
import { careCircle } from "./circles";
import { neighbourhood } from "./places";
import { facilityService } from "./social-map";
import { consent, user } from "./users";
import { skill } from "./volunteers";

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);

/** A person a carer cares for (naaste). Care details: visible only under the help-request rules. */
export const careRecipient = sqliteTable(
  "care_recipient",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    carerId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    firstName: text().notNull(),
    birthYear: integer(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "restrict" }),
    /** What helpers should know (care detail). */
    notesForHelpers: text().notNull().default(""),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("care_recipient_carer_idx").on(t.carerId),
    check("care_recipient_birth_year", sql`${t.birthYear} IS NULL OR ${t.birthYear} BETWEEN 1900 AND 2100`),
  ],
);

export const helpRequest = sqliteTable(
  "help_request",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The resident who asked; NULL when a coordinator registered it for someone without an account. */
    requesterId: integer().references(() => user.id, { onDelete: "set null" }),
    /** The coordinator who registered it on someone's behalf (phone or walk-in intake). */
    registeredById: integer().references(() => user.id, { onDelete: "set null" }),
    /** Intake contact kept by the coordinator when there is no account (care detail). */
    contactName: text(),
    contactPhone: text(),
    contactEmail: text(),
    careRecipientId: integer().references(() => careRecipient.id, { onDelete: "set null" }),
    kind: text({ enum: helpRequestKinds }).notNull(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "restrict" }),
    /** Stored, shown only to the accepted helper during the match and the coordinator. */
    address: text().notNull(),
    urgency: text({ enum: helpRequestUrgencies }).notNull().default("normal"),
    requiresVog: integer({ mode: "boolean" }).notNull().default(false),
    language: text(),
    requiredSkillId: integer().references(() => skill.id, { onDelete: "set null" }),
    /** What any volunteer may read. */
    publicText: text().notNull(),
    /** Care details: only the accepted helper (during the match) and the coordinator. */
    privateText: text().notNull().default(""),
    careConsentId: integer().references(() => consent.id, { onDelete: "set null" }),
    /** Recurring pattern (RecurrenceRule JSON) in the request's zone, when not one-off windows. */
    scheduleRule: text({ mode: "json" }).$type<Record<string, unknown>>(),
    timeZone: text().notNull(),
    status: text({ enum: helpRequestStatuses }).notNull().default("submitted"),
    /** Set when no one fits or no one accepted in time: counts as unmet. */
    flaggedAt: integer(),
    flagReason: text({ enum: ["no-fit", "no-acceptance", "waiting-too-long"] }),
    matchedVolunteerId: integer().references(() => user.id, { onDelete: "set null" }),
    matchedAt: integer(),
    endedAt: integer(),
    endReason: text(),
    /** Set when the requester's account was erased or retention removed the details (decision 031). */
    anonymisedAt: integer(),
    /** The care circle whose lead handed its open tasks to the coordinator (decision 048). */
    circleId: integer().references(() => careCircle.id, { onDelete: "set null" }),
    /** The facility page the request was started from (a referral the signals count). */
    facilityId: integer().references(() => facilityService.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("help_request_queue_idx").on(t.neighbourhoodId, t.status, t.createdAt),
    index("help_request_requester_idx").on(t.requesterId),
    index("help_request_volunteer_idx").on(t.matchedVolunteerId),
    index("help_request_circle_idx").on(t.circleId),
    index("help_request_facility_idx").on(t.facilityId),
    check("help_request_kind_known", inList("kind", helpRequestKinds)),
    check("help_request_status_known", inList("status", helpRequestStatuses)),
    check("help_request_urgency_known", inList("urgency", helpRequestUrgencies)),
    // An anonymised request keeps counting (kind, neighbourhood, status, dates) but names no one.
    check(
      "help_request_who",
      sql`${t.requesterId} IS NOT NULL OR ${t.registeredById} IS NOT NULL OR ${t.contactName} IS NOT NULL OR ${t.anonymisedAt} IS NOT NULL`,
    ),
    check("help_request_care_consent", sql`${t.privateText} = '' OR ${t.careConsentId} IS NOT NULL`),
    // Once the matched volunteer's account is erased, matched_at still says that it was matched.
    check(
      "help_request_matched_has_volunteer",
      sql`${t.status} NOT IN ('matched', 'completed') OR ${t.matchedVolunteerId} IS NOT NULL OR ${t.matchedAt} IS NOT NULL`,
    ),
    check(
      "help_request_public_text",
      sql`length(trim(${t.publicText})) BETWEEN 1 AND 2000 OR (${t.anonymisedAt} IS NOT NULL AND ${t.publicText} = '')`,
    ),
  ],
);

/** When help is wanted: one-off windows, or the occurrences of the request's schedule rule. */
export const helpRequestWindow = sqliteTable(
  "help_request_window",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => helpRequest.id, { onDelete: "cascade" }),
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
  },
  (t) => [
    index("help_request_window_request_idx").on(t.requestId, t.startsAt),
    check("help_window_ordered", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Every status change, with who and when. Append-only. */
export const helpRequestEvent = sqliteTable(
  "help_request_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => helpRequest.id, { onDelete: "cascade" }),
    fromStatus: text({ enum: helpRequestStatuses }),
    toStatus: text({ enum: helpRequestStatuses }).notNull(),
    actorId: integer().references(() => user.id, { onDelete: "set null" }),
    /** Replaces `actor_id` once that account is erased (the same token in every log). */
    actorPseudonym: text(),
    note: text(),
    at: integer().notNull(),
  },
  (t) => [index("help_request_event_request_idx").on(t.requestId, t.at)],
);

/** A volunteer asked by a coordinator, or offering help on an open request. */
export const helpInvite = sqliteTable(
  "help_invite",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => helpRequest.id, { onDelete: "cascade" }),
    volunteerId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    status: text({ enum: helpInviteStatuses }).notNull(),
    askedById: integer().references(() => user.id, { onDelete: "set null" }),
    reason: text(),
    createdAt: integer().notNull(),
    respondedAt: integer(),
  },
  (t) => [
    uniqueIndex("help_invite_one_per_volunteer").on(t.requestId, t.volunteerId),
    index("help_invite_volunteer_idx").on(t.volunteerId, t.status),
    check("help_invite_status_known", inList("status", helpInviteStatuses)),
  ],
);

/** Every read of someone else's care text, address or phone. Append-only (a trigger refuses changes). */
export const careAccessLog = sqliteTable(
  "care_access_log",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => helpRequest.id, { onDelete: "cascade" }),
    viewerId: integer().references(() => user.id, { onDelete: "set null" }),
    /** Replaces `viewer_id` once that account is erased (the same token in every log). */
    viewerPseudonym: text(),
    /** Which fields were shown, e.g. ["address","phone","privateText"]. */
    fields: text({ mode: "json" }).notNull().$type<string[]>(),
    purpose: text().notNull(),
    at: integer().notNull(),
  },
  (t) => [index("care_access_log_request_idx").on(t.requestId, t.at)],
);

/** A helping session of a match (one-off or from a recurring pattern). */
export const helpSession = sqliteTable(
  "help_session",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => helpRequest.id, { onDelete: "cascade" }),
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
    status: text({ enum: ["scheduled", "cancelled"] })
      .notNull()
      .default("scheduled"),
    cancelledById: integer().references(() => user.id, { onDelete: "set null" }),
    cancelReason: text(),
    /** Set when the volunteer confirmed from a reminder that they will come. */
    comingConfirmedAt: integer(),
    /** Set when the volunteer confirms it took place; minutes are the hours recorded. */
    confirmedAt: integer(),
    minutes: integer(),
    sequence: integer().notNull().default(0),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("help_session_request_idx").on(t.requestId, t.startsAt),
    // Matching reads every volunteer's sessions around a time at once (decision 045).
    index("help_session_end_idx").on(t.endsAt),
    check("help_session_ordered", sql`${t.endsAt} > ${t.startsAt}`),
    check("help_session_status_known", sql`${t.status} IN ('scheduled', 'cancelled')`),
    check("help_session_minutes", sql`${t.minutes} IS NULL OR ${t.minutes} >= 0`),
  ],
);

/** Short feedback for the coordinator at the end of a match, from either side. */
export const helpFeedback = sqliteTable(
  "help_feedback",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => helpRequest.id, { onDelete: "cascade" }),
    authorId: integer().references(() => user.id, { onDelete: "set null" }),
    text: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [uniqueIndex("help_feedback_one_per_author").on(t.requestId, t.authorId)],
);
