import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisationKinds } from "./enums";
import { user } from "./users";

export { organisationKinds, type OrganisationKind } from "./enums";

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
    status: text({ enum: ["pending", "approved"] }).notNull().default("pending"),
    /** Who approved the organisation (an admin or a coordinator of a neighbourhood it serves), and when. */
    approvedBy: integer().references(() => user.id, { onDelete: "set null" }),
    approvedAt: integer(),
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
