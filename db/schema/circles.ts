import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { circleRoles, circleTaskKinds } from "../../app/domain/vocabulary";
import { careRecipient, helpRequest } from "./help-requests";
import { neighbourhood } from "./places";
import { user } from "./users";

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);

/**
 * A care circle: the family, friends and neighbours who share the care for one person cared for
 * (decision 048). Everything in it is visible to its current members only.
 */
export const careCircle = sqliteTable(
  "care_circle",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    careRecipientId: integer()
      .notNull()
      .references(() => careRecipient.id, { onDelete: "cascade" }),
    /** Shown to members and to the holder of an invitation; e.g. "Kring rond Anna". */
    name: text().notNull(),
    /** Copied from the person cared for: only aggregate counts per neighbourhood leave the circle. */
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "restrict" }),
    timeZone: text().notNull(),
    /** Whether members (not only leads) may post updates. */
    membersMayPost: integer({ mode: "boolean" }).notNull().default(false),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("care_circle_recipient_unique").on(t.careRecipientId),
    index("care_circle_neighbourhood_idx").on(t.neighbourhoodId),
    check("care_circle_name_length", sql`length(trim(${t.name})) BETWEEN 1 AND 80`),
  ],
);

/** A person in a circle. Leaving or being removed sets `left_at`; the row stays for the history. */
export const circleMember = sqliteTable(
  "circle_member",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    circleId: integer()
      .notNull()
      .references(() => careCircle.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text({ enum: circleRoles }).notNull(),
    joinedAt: integer().notNull(),
    leftAt: integer(),
    leftReason: text({ enum: ["left", "removed"] }),
    removedById: integer().references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("circle_member_one_active")
      .on(t.circleId, t.userId)
      .where(sql`${t.leftAt} IS NULL`),
    index("circle_member_user_idx").on(t.userId, t.leftAt),
    check("circle_member_role_known", inList("role", circleRoles)),
    check("circle_member_left_consistent", sql`(${t.leftAt} IS NULL) = (${t.leftReason} IS NULL)`),
  ],
);

/**
 * An invitation to a circle, sent to an email address. Membership starts only when the holder of
 * the token accepts; the token is stored as a keyed hash and works for 14 days.
 */
export const circleInvitation = sqliteTable(
  "circle_invitation",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    circleId: integer()
      .notNull()
      .references(() => careCircle.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: text({ enum: ["co-lead", "member"] }).notNull(),
    tokenHash: text().notNull(),
    invitedById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    status: text({ enum: ["open", "accepted", "revoked"] })
      .notNull()
      .default("open"),
    closedAt: integer(),
    /** Who accepted (the account may use another address than the one invited). */
    acceptedById: integer().references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("circle_invitation_token_unique").on(t.tokenHash),
    index("circle_invitation_circle_idx").on(t.circleId, t.status),
    index("circle_invitation_email_idx").on(t.email),
    uniqueIndex("circle_invitation_one_open")
      .on(t.circleId, t.email)
      .where(sql`${t.status} = 'open'`),
    check("circle_invitation_role_known", sql`${t.role} IN ('co-lead', 'member')`),
    check("circle_invitation_status_known", sql`${t.status} IN ('open', 'accepted', 'revoked')`),
  ],
);

/** A task the circle shares: one-off or recurring (the rule expands into occurrences). */
export const circleTask = sqliteTable(
  "circle_task",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    circleId: integer()
      .notNull()
      .references(() => careCircle.id, { onDelete: "cascade" }),
    kind: text({ enum: circleTaskKinds }).notNull(),
    /** Short title members see, e.g. "Soep brengen". */
    title: text().notNull(),
    /** Care detail: members only, never in an email or feed. */
    notes: text().notNull().default(""),
    /** How many people the task needs each time. */
    places: integer().notNull().default(1),
    /** The RecurrenceRule (app/domain/scheduling/recurrence.ts) as JSON, in the circle's zone. */
    rule: text({ mode: "json" }).notNull().$type<Record<string, unknown>>(),
    createdById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
    cancelledAt: integer(),
  },
  (t) => [
    index("circle_task_circle_idx").on(t.circleId),
    check("circle_task_kind_known", inList("kind", circleTaskKinds)),
    check("circle_task_title_length", sql`length(trim(${t.title})) BETWEEN 1 AND 80`),
    check("circle_task_places_range", sql`${t.places} BETWEEN 1 AND 20`),
  ],
);

/** One time a task falls on. Places are taken by claims, enforced by one conditional INSERT. */
export const circleTaskOccurrence = sqliteTable(
  "circle_task_occurrence",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taskId: integer()
      .notNull()
      .references(() => circleTask.id, { onDelete: "cascade" }),
    /** Denormalised from the task: the calendar reads occurrences per circle and period. */
    circleId: integer()
      .notNull()
      .references(() => careCircle.id, { onDelete: "cascade" }),
    /** The local date the rule gave this occurrence. */
    occurrenceDate: text().notNull(),
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
    places: integer().notNull(),
    status: text({ enum: ["scheduled", "cancelled"] })
      .notNull()
      .default("scheduled"),
    /** Increases on every change (reminders and calendar SEQUENCE). */
    sequence: integer().notNull().default(0),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("circle_task_occurrence_unique").on(t.taskId, t.occurrenceDate),
    index("circle_task_occurrence_circle_start_idx").on(t.circleId, t.startsAt),
    check("circle_task_occurrence_ordered", sql`${t.endsAt} > ${t.startsAt}`),
    check("circle_task_occurrence_places_range", sql`${t.places} BETWEEN 1 AND 20`),
    check("circle_task_occurrence_status_known", sql`${t.status} IN ('scheduled', 'cancelled')`),
  ],
);

/** A member who takes a place of an occurrence (claimed by them, or assigned by a lead). */
export const circleTaskClaim = sqliteTable(
  "circle_task_claim",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    occurrenceId: integer()
      .notNull()
      .references(() => circleTaskOccurrence.id, { onDelete: "cascade" }),
    /** Null once the person's account is erased; `user_pseudonym` then names no one. */
    userId: integer().references(() => user.id, { onDelete: "set null" }),
    userPseudonym: text(),
    assignedById: integer().references(() => user.id, { onDelete: "set null" }),
    claimedAt: integer().notNull(),
    releasedAt: integer(),
  },
  (t) => [
    uniqueIndex("circle_task_claim_one_active")
      .on(t.occurrenceId, t.userId)
      .where(sql`${t.releasedAt} IS NULL`),
    index("circle_task_claim_occurrence_idx").on(t.occurrenceId, t.releasedAt),
    index("circle_task_claim_user_idx").on(t.userId, t.releasedAt),
  ],
);

/** A post on the circle's updates board (care detail: members only). */
export const circleUpdate = sqliteTable(
  "circle_update",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    circleId: integer()
      .notNull()
      .references(() => careCircle.id, { onDelete: "cascade" }),
    authorId: integer().references(() => user.id, { onDelete: "set null" }),
    authorPseudonym: text(),
    body: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("circle_update_circle_idx").on(t.circleId, t.createdAt),
    index("circle_update_author_idx").on(t.authorId),
    check("circle_update_body_length", sql`length(trim(${t.body})) BETWEEN 1 AND 4000`),
  ],
);

/** Every read of a circle's care details (task notes, updates, messages) by someone. Append-only. */
export const circleAccessLog = sqliteTable(
  "circle_access_log",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    circleId: integer()
      .notNull()
      .references(() => careCircle.id, { onDelete: "cascade" }),
    viewerId: integer().references(() => user.id, { onDelete: "set null" }),
    /** Replaces `viewer_id` once that account is erased (the same token in every log). */
    viewerPseudonym: text(),
    /** What was shown, e.g. ["task-notes","updates","messages"]. */
    fields: text({ mode: "json" }).notNull().$type<string[]>(),
    at: integer().notNull(),
  },
  (t) => [index("circle_access_log_circle_idx").on(t.circleId, t.at)],
);

/**
 * A conversation: one per help request (the requester or carer, the matched helper, the
 * coordinators) and one per circle (its members). No one's email address or phone is shown in it.
 */
export const conversation = sqliteTable(
  "conversation",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    helpRequestId: integer().references(() => helpRequest.id, { onDelete: "cascade" }),
    circleId: integer().references(() => careCircle.id, { onDelete: "cascade" }),
    /** A coordinator closed it: it can be read, not written to. */
    closedAt: integer(),
    closedById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("conversation_help_request_unique").on(t.helpRequestId),
    uniqueIndex("conversation_circle_unique").on(t.circleId),
    check("conversation_one_subject", sql`(${t.helpRequestId} IS NULL) <> (${t.circleId} IS NULL)`),
  ],
);

/** A message in a conversation (may hold care details: shown only to those in the conversation). */
export const message = sqliteTable(
  "message",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    conversationId: integer()
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    authorId: integer().references(() => user.id, { onDelete: "set null" }),
    authorPseudonym: text(),
    body: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [
    index("message_conversation_idx").on(t.conversationId, t.id),
    index("message_author_idx").on(t.authorId),
    check("message_body_length", sql`length(trim(${t.body})) BETWEEN 1 AND 4000`),
  ],
);

/** How far each person has read a conversation (read status per person). */
export const conversationRead = sqliteTable(
  "conversation_read",
  {
    conversationId: integer()
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    lastReadMessageId: integer().notNull(),
    readAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index("conversation_read_user_idx").on(t.userId)],
);
