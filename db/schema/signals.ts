import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { signalKinds, signalStatuses } from "../../app/domain/vocabulary";
import { municipality, neighbourhood } from "./places";
import { user } from "./users";

/** Indicator thresholds per municipality (key → value); missing keys use the documented defaults. */
export const indicatorThreshold = sqliteTable(
  "indicator_threshold",
  {
    municipalityId: integer()
      .notNull()
      .references(() => municipality.id, { onDelete: "cascade" }),
    key: text().notNull(),
    value: real().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.key] }), check("indicator_threshold_non_negative", sql`${t.value} >= 0`)],
);

/** A bottleneck (knelpunt) a coordinator puts on the municipality's agenda. */
export const signal = sqliteTable(
  "signal",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    municipalityId: integer()
      .notNull()
      .references(() => municipality.id, { onDelete: "cascade" }),
    kind: text({ enum: signalKinds }).notNull(),
    /** NULL: the whole municipality. */
    neighbourhoodId: integer().references(() => neighbourhood.id, { onDelete: "set null" }),
    /** A facility category or a help-request kind; NULL: all. */
    category: text(),
    title: text().notNull(),
    description: text().notNull(),
    status: text({ enum: signalStatuses }).notNull().default("draft"),
    raisedOn: text(),
    raisedWith: text(),
    response: text(),
    respondedOn: text(),
    resolvedOn: text(),
    createdById: integer().references(() => user.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index("signal_municipality_status_idx").on(t.municipalityId, t.status),
    check("signal_kind_known", sql`${t.kind} IN ('supply', 'access', 'throughput')`),
    check("signal_status_known", sql`${t.status} IN ('draft', 'raised', 'responded', 'resolved')`),
    check("signal_title_length", sql`length(trim(${t.title})) BETWEEN 1 AND 160`),
    check("signal_raised_has_date", sql`${t.status} = 'draft' OR (${t.raisedOn} IS NOT NULL AND ${t.raisedWith} IS NOT NULL)`),
  ],
);

/** An indicator linked as evidence, with the figure as it was when linked. */
export const signalEvidence = sqliteTable(
  "signal_evidence",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    signalId: integer()
      .notNull()
      .references(() => signal.id, { onDelete: "cascade" }),
    indicator: text().notNull(),
    neighbourhoodId: integer().references(() => neighbourhood.id, { onDelete: "set null" }),
    category: text(),
    periodStart: text().notNull(),
    periodEnd: text().notNull(),
    /** The aggregate shown when linked, already suppressed ("< 5") where needed. */
    value: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("signal_evidence_signal_idx").on(t.signalId)],
);

/** Every status change of a signal, append-only. */
export const signalEvent = sqliteTable(
  "signal_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    signalId: integer()
      .notNull()
      .references(() => signal.id, { onDelete: "cascade" }),
    status: text({ enum: signalStatuses }).notNull(),
    note: text().notNull().default(""),
    byId: integer().references(() => user.id, { onDelete: "set null" }),
    at: integer().notNull(),
  },
  (t) => [index("signal_event_signal_idx").on(t.signalId, t.at)],
);
