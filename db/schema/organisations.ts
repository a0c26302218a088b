import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisationKinds } from "../../app/domain/vocabulary";
import { user } from "./users";

export const organisation = sqliteTable(
  "organisation",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    slug: text().notNull(),
    name: text().notNull(),
    kind: text({ enum: organisationKinds }).notNull(),
    description: text().notNull().default(""),
    contactEmail: text(),
    contactPhone: text(),
    website: text(),
    status: text({ enum: ["pending", "approved"] })
      .notNull()
      .default("pending"),
    /** Who approved the organisation (an admin or a coordinator of a neighbourhood it serves), and when. */
    approvedBy: integer().references(() => user.id, { onDelete: "set null" }),
    approvedAt: integer(),
    /** Set when its last admin left by erasing their account without handing over: no longer listed. */
    archivedAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("organisation_slug_unique").on(t.slug),
    check("organisation_slug_format", sql`length(${t.slug}) BETWEEN 2 AND 64 AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
    check("organisation_kind_known", sql`${t.kind} IN ('sports', 'culture', 'school', 'employer', 'welfare', 'other')`),
    check("organisation_status_known", sql`${t.status} IN ('pending', 'approved')`),
  ],
);

export const organisationMembership = sqliteTable(
  "organisation_membership",
  {
    organisationId: integer()
      .notNull()
      .references(() => organisation.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text({ enum: ["member", "admin"] }).notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.userId] }),
    index("organisation_membership_user_idx").on(t.userId),
    check("organisation_membership_role_known", sql`${t.role} IN ('member', 'admin')`),
  ],
);

/**
 * An invitation to join an organisation, sent to an email address. Membership starts only when
 * the invited person accepts; the token is stored as a keyed hash and works for 14 days.
 */
export const organisationInvitation = sqliteTable(
  "organisation_invitation",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisation.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: text({ enum: ["member", "admin"] }).notNull(),
    tokenHash: text().notNull(),
    invitedBy: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    /** Set once: when the person accepted or declined, or an admin revoked the invitation. */
    status: text({ enum: ["open", "accepted", "declined", "revoked"] })
      .notNull()
      .default("open"),
    closedAt: integer(),
  },
  (t) => [
    uniqueIndex("organisation_invitation_token_unique").on(t.tokenHash),
    index("organisation_invitation_org_idx").on(t.organisationId, t.status),
    // One open invitation per address per organisation; a new one replaces (revokes) the old.
    uniqueIndex("organisation_invitation_open_unique")
      .on(t.organisationId, t.email)
      .where(sql`${t.status} = 'open'`),
    check("organisation_invitation_role_known", sql`${t.role} IN ('member', 'admin')`),
    check("organisation_invitation_status_known", sql`${t.status} IN ('open', 'accepted', 'declined', 'revoked')`),
    check("organisation_invitation_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
    check("organisation_invitation_closed_consistent", sql`(${t.status} = 'open') = (${t.closedAt} IS NULL)`),
  ],
);
