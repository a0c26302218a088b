import { sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Queryable } from "#db/client";
import type * as schema from "#db/schema";
import { dataVersion } from "#db/schema";

type TableName = {
  [K in keyof typeof schema]: (typeof schema)[K] extends SQLiteTable ? (typeof schema)[K]["_"]["name"] : never;
}[keyof typeof schema];
type Classification = { scope: "public" | "private"; reason: string };

/**
 * The public data version (decision 037): a counter that every write to a table whose rows show on
 * the anonymous pages raises by one, in the same transaction (the triggers of migration 0011). Equal
 * versions mean equal data behind those pages, so the page cache builds its ETag from it and
 * anything derived from the public tables (filter options, say) can be cached under it.
 *
 * One point read of one row.
 */
export async function readPublicDataVersion(db: Queryable): Promise<number> {
  // Plain SQL rather than the select builder: this runs for every revalidation the page cache
  // answers, and building the query took about half of its time. Always one row.
  const row = await db.get<{ version: number }>(
    sql`SELECT coalesce((SELECT ${dataVersion.version} FROM ${dataVersion} WHERE ${dataVersion.scope} = 'public'), 0) AS version`,
  );
  return Number(row.version);
}

/**
 * Every table, classified. "public": its rows show on an anonymous page (`/`, `/activities`,
 * `/activities/:id`, `/initiatives`, `/initiatives/:id`, `/map`, `/facilities/:id`,
 * `/map/cooperation`), so it carries the three triggers that raise the version. "private": it does
 * not, and must not, or the version would move on every sign-in or request and the cache never hit.
 * tests/integration/data-version-table.test.ts reads the real schema and fails on a table missing
 * here, or a public table without its triggers (a migration that rebuilds a table drops them).
 */
export const DATA_VERSION_TABLES = {
  // shown on the anonymous pages
  activity: { scope: "public", reason: "listed" },
  activity_series: { scope: "public", reason: "listed" },
  activity_session: { scope: "public", reason: "listed" },
  shift: { scope: "public", reason: "listed" },
  signup: { scope: "public", reason: "places-left" },
  skill: { scope: "public", reason: "shift-skills" },
  initiative: { scope: "public", reason: "listed" },
  initiative_partner: { scope: "public", reason: "partners" },
  initiative_interest: { scope: "public", reason: "interest-count" },
  organisation: { scope: "public", reason: "organiser" },
  organisation_neighbourhood: { scope: "public", reason: "visibility" },
  municipality: { scope: "public", reason: "map-areas" },
  neighbourhood: { scope: "public", reason: "filters" },
  facility_organization: { scope: "public", reason: "map" },
  facility_location: { scope: "public", reason: "map" },
  facility_service: { scope: "public", reason: "map" },
  facility_opening_hours: { scope: "public", reason: "map" },
  facility_cooperation: { scope: "public", reason: "cooperation" },
  // not shown to visitors
  data_version: { scope: "private", reason: "itself" },
  neighbourhood_postcode: { scope: "private", reason: "unshown" },
  neighbourhood_adjacency: { scope: "private", reason: "matching" },
  user: { scope: "private", reason: "accounts" },
  session: { scope: "private", reason: "per-request" },
  login_token: { scope: "private", reason: "sign-in" },
  rate_limit_hit: { scope: "private", reason: "per-request" },
  pending_signup: { scope: "private", reason: "sign-in" },
  passkey: { scope: "private", reason: "sign-in" },
  totp_credential: { scope: "private", reason: "sign-in" },
  recovery_code: { scope: "private", reason: "sign-in" },
  security_event: { scope: "private", reason: "log" },
  email_change: { scope: "private", reason: "accounts" },
  consent: { scope: "private", reason: "accounts" },
  role_grant: { scope: "private", reason: "accounts" },
  form_draft: { scope: "private", reason: "drafts" },
  log_rewrite: { scope: "private", reason: "transient" },
  calendar_feed_token: { scope: "private", reason: "accounts" },
  notification_setting: { scope: "private", reason: "accounts" },
  email_suppression: { scope: "private", reason: "mail" },
  email_outbox: { scope: "private", reason: "mail" },
  mailbox_message: { scope: "private", reason: "mail" },
  webhook_event: { scope: "private", reason: "mail" },
  organisation_membership: { scope: "private", reason: "members" },
  organisation_invitation: { scope: "private", reason: "members" },
  volunteer_profile: { scope: "private", reason: "volunteers" },
  volunteer_skill: { scope: "private", reason: "volunteers" },
  volunteer_availability: { scope: "private", reason: "volunteers" },
  volunteer_unavailable_date: { scope: "private", reason: "volunteers" },
  care_recipient: { scope: "private", reason: "care" },
  help_request: { scope: "private", reason: "care" },
  help_request_window: { scope: "private", reason: "care" },
  help_request_event: { scope: "private", reason: "care" },
  help_invite: { scope: "private", reason: "care" },
  care_access_log: { scope: "private", reason: "care" },
  help_session: { scope: "private", reason: "care" },
  help_feedback: { scope: "private", reason: "care" },
  facility_import: { scope: "private", reason: "staff" },
  indicator_threshold: { scope: "private", reason: "staff" },
  signal: { scope: "private", reason: "staff" },
  signal_evidence: { scope: "private", reason: "staff" },
  signal_event: { scope: "private", reason: "staff" },
  care_circle: { scope: "private", reason: "care" },
  circle_member: { scope: "private", reason: "care" },
  circle_invitation: { scope: "private", reason: "care" },
  circle_task: { scope: "private", reason: "care" },
  circle_task_occurrence: { scope: "private", reason: "care" },
  circle_task_claim: { scope: "private", reason: "care" },
  circle_update: { scope: "private", reason: "care" },
  circle_access_log: { scope: "private", reason: "care" },
  conversation: { scope: "private", reason: "care" },
  message: { scope: "private", reason: "care" },
  conversation_read: { scope: "private", reason: "care" },
} as const satisfies Record<TableName, Classification>;

/** The tables whose writes raise the public data version. */
export const PUBLIC_DATA_TABLES = Object.entries(DATA_VERSION_TABLES)
  .filter(([, entry]) => entry.scope === "public")
  .map(([table]) => table);
