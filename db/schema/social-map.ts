import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  capacityStatuses,
  cooperationKinds,
  facilityAccessKinds,
  facilityCategories,
  type AccessibilityFeature,
  type TargetGroup,
} from "../../app/domain/vocabulary";
import { organisation } from "./organisations";
import { municipality, neighbourhood } from "./places";
import { user } from "./users";

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);

// The social map (sociale kaart), shaped like Open Referral HSDS 3.0: an organization, its
// locations, and the services offered there. `hsdsId` is the stable UUID used in exchange files.
// A "facility" in the UI is one service at its location (/facilities/:id is facility_service.id).

export const facilityOrganization = sqliteTable(
  "facility_organization",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    hsdsId: text().notNull(),
    municipalityId: integer()
      .notNull()
      .references(() => municipality.id, { onDelete: "restrict" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    email: text(),
    website: text(),
    phone: text(),
    /** The Noaber organisation whose members may keep this entry up to date, if any. */
    organisationId: integer().references(() => organisation.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("facility_organization_hsds_unique").on(t.hsdsId),
    index("facility_organization_organisation_idx").on(t.organisationId),
    check("facility_organization_name_length", sql`length(trim(${t.name})) BETWEEN 1 AND 160`),
  ],
);

export const facilityLocation = sqliteTable(
  "facility_location",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    hsdsId: text().notNull(),
    organizationId: integer()
      .notNull()
      .references(() => facilityOrganization.id, { onDelete: "cascade" }),
    name: text().notNull(),
    address: text().notNull(),
    postcode: text().notNull(),
    city: text().notNull(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhood.id, { onDelete: "restrict" }),
    latitude: real(),
    longitude: real(),
    accessibility: text({ mode: "json" })
      .notNull()
      .$type<AccessibilityFeature[]>()
      .default(sql`'[]'`),
    accessibilityNote: text().notNull().default(""),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("facility_location_hsds_unique").on(t.hsdsId),
    index("facility_location_organization_idx").on(t.organizationId),
    index("facility_location_neighbourhood_idx").on(t.neighbourhoodId),
    check("facility_location_postcode_format", sql`${t.postcode} GLOB '[1-9][0-9][0-9][0-9][A-Z][A-Z]'`),
    check("facility_location_latitude", sql`${t.latitude} IS NULL OR ${t.latitude} BETWEEN -90 AND 90`),
    check("facility_location_longitude", sql`${t.longitude} IS NULL OR ${t.longitude} BETWEEN -180 AND 180`),
    check("facility_location_accessibility_json", sql`json_valid(${t.accessibility})`),
  ],
);

export const facilityService = sqliteTable(
  "facility_service",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    hsdsId: text().notNull(),
    organizationId: integer()
      .notNull()
      .references(() => facilityOrganization.id, { onDelete: "cascade" }),
    locationId: integer()
      .notNull()
      .references(() => facilityLocation.id, { onDelete: "cascade" }),
    name: text().notNull(),
    category: text({ enum: facilityCategories }).notNull(),
    description: text().notNull().default(""),
    targetGroups: text({ mode: "json" }).notNull().$type<TargetGroup[]>(),
    eligibility: text().notNull().default(""),
    access: text({ enum: facilityAccessKinds }).notNull(),
    /** Free text ("free", "€ 5 per visit", "income-related"); `free` is the filterable fact. */
    cost: text().notNull().default(""),
    free: integer({ mode: "boolean" }).notNull().default(false),
    /** ISO 639-1 codes. */
    languages: text({ mode: "json" }).notNull().$type<string[]>(),
    email: text(),
    phone: text(),
    url: text(),
    /** Current waiting time in weeks (NULL: unknown). */
    waitingWeeks: integer(),
    capacityStatus: text({ enum: capacityStatuses }).notNull().default("open"),
    /** When the facility or a coordinator last confirmed the entry; older than 6 months is stale. */
    verifiedAt: integer().notNull(),
    verifiedById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("facility_service_hsds_unique").on(t.hsdsId),
    index("facility_service_location_idx").on(t.locationId),
    index("facility_service_organization_idx").on(t.organizationId),
    index("facility_service_category_idx").on(t.category, t.capacityStatus),
    index("facility_service_verified_idx").on(t.verifiedAt),
    check("facility_service_name_length", sql`length(trim(${t.name})) BETWEEN 1 AND 160`),
    check("facility_service_category_known", inList("category", facilityCategories)),
    check("facility_service_access_known", inList("access", facilityAccessKinds)),
    check("facility_service_capacity_known", inList("capacity_status", capacityStatuses)),
    check("facility_service_waiting_non_negative", sql`${t.waitingWeeks} IS NULL OR ${t.waitingWeeks} BETWEEN 0 AND 520`),
    check("facility_service_target_groups_json", sql`json_valid(${t.targetGroups})`),
    check("facility_service_languages_json", sql`json_valid(${t.languages})`),
  ],
);

/** Opening hours of a service (HSDS schedule: byday + opens_at/closes_at), local time of the municipality. */
export const facilityOpeningHours = sqliteTable(
  "facility_opening_hours",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    serviceId: integer()
      .notNull()
      .references(() => facilityService.id, { onDelete: "cascade" }),
    /** ISO weekday, 1 = Monday. */
    weekday: integer().notNull(),
    opensAt: text().notNull(),
    closesAt: text().notNull(),
  },
  (t) => [
    index("facility_opening_hours_service_idx").on(t.serviceId, t.weekday),
    check("facility_opening_hours_weekday", sql`${t.weekday} BETWEEN 1 AND 7`),
    check("facility_opening_hours_format", sql`${t.opensAt} GLOB '[0-2][0-9]:[0-5][0-9]' AND ${t.closesAt} GLOB '[0-2][0-9]:[0-5][0-9]'`),
    check("facility_opening_hours_ordered", sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

/** An agreement or referral route: `from` refers to (or works with) `to`, for a purpose. */
export const facilityCooperation = sqliteTable(
  "facility_cooperation",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    fromServiceId: integer()
      .notNull()
      .references(() => facilityService.id, { onDelete: "cascade" }),
    toServiceId: integer()
      .notNull()
      .references(() => facilityService.id, { onDelete: "cascade" }),
    kind: text({ enum: cooperationKinds }).notNull(),
    purpose: text().notNull(),
    createdById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("facility_cooperation_unique").on(t.fromServiceId, t.toServiceId, t.kind),
    index("facility_cooperation_to_idx").on(t.toServiceId),
    check("facility_cooperation_not_self", sql`${t.fromServiceId} <> ${t.toServiceId}`),
    check("facility_cooperation_kind_known", inList("kind", cooperationKinds)),
    check("facility_cooperation_purpose_length", sql`length(trim(${t.purpose})) BETWEEN 1 AND 500`),
  ],
);

/**
 * An uploaded import (CSV or HSDS JSON). Every row is validated before anything is written; the
 * write is one transaction. `processed` lets the page show progress for a large file.
 */
export const facilityImport = sqliteTable(
  "facility_import",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    municipalityId: integer()
      .notNull()
      .references(() => municipality.id, { onDelete: "cascade" }),
    format: text({ enum: ["csv", "json"] }).notNull(),
    status: text({ enum: ["validating", "invalid", "importing", "done", "failed"] }).notNull(),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    /** Row-by-row problems: [{ row, field, message }] with translation keys. */
    errors: text({ mode: "json" })
      .notNull()
      .$type<{ row: number; field: string; message: string }[]>()
      .default(sql`'[]'`),
    /** The uploaded file, kept only until the import finishes. */
    payload: text(),
    createdById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    finishedAt: integer(),
  },
  (t) => [
    index("facility_import_municipality_idx").on(t.municipalityId, t.createdAt),
    check("facility_import_status_known", sql`${t.status} IN ('validating', 'invalid', 'importing', 'done', 'failed')`),
    check("facility_import_progress", sql`${t.processed} >= 0 AND ${t.processed} <= ${t.total}`),
  ],
);
