import { asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { activity, activityCategories, activitySession, neighbourhood, organisation, shift, signup } from "#db/schema";
import type { Ctx } from "../context.server";
import { readPublicDataVersion } from "../data-version.server";
import { Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { isLocalDate, startOfLocalDay } from "../scheduling/availability";
import { addDays } from "../scheduling/local-time";
import { formatTimeRange } from "../time";
import { targetGroups } from "~/domain/vocabulary";
import { cursorField, encodeCursor, placesLeft, slotCount, viewerZone } from "./listing-helpers.server";
import { cachedPublic } from "../public-cache.server";

export { getActivityPage } from "./activity-page.server";

// The public side of activities: the list with its filters, and one activity with its upcoming
// sessions, places and the viewer's own sign-ups. Only approved organisations are public.

export const LISTING_PAGE_SIZE = 20;
const E = "activityPages.errors";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);
const localDateField = z.preprocess(blank, z.string().refine(isLocalDate, `${E}.date`).optional());

/** The GET form of /activities. Every value is optional; an empty field means "any". */
export const activityFilterSchema = z
  .object({
    neighbourhood: z.preprocess(
      blank,
      z
        .string()
        .regex(/^\d{1,9}$/, `${E}.neighbourhood`)
        .transform(Number)
        .optional(),
    ),
    category: z.preprocess(blank, z.enum(activityCategories, { errorMap: () => ({ message: `${E}.category` }) }).optional()),
    targetGroup: z.preprocess(blank, z.enum(targetGroups, { errorMap: () => ({ message: `${E}.targetGroup` }) }).optional()),
    from: localDateField,
    to: localDateField,
    needsVolunteers: z.preprocess(blank, z.enum(["on", "1", "true"], { errorMap: () => ({ message: `${E}.needsVolunteers` }) }).optional()),
    after: z.preprocess(blank, cursorField(`${E}.page`).optional()),
    before: z.preprocess(blank, cursorField(`${E}.page`).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: `${E}.toBeforeFrom` });
    if (v.after && v.before) ctx.addIssue({ code: "custom", path: ["after"], message: `${E}.page` });
  });

export type ActivityFilterInput = z.input<typeof activityFilterSchema>;
type ActivityFilters = z.output<typeof activityFilterSchema>;

/** The form values as typed (strings), to show them again next to any error. */
export function filterValues(params: URLSearchParams) {
  const get = (k: string) => (params.get(k) ?? "").slice(0, 40);
  return {
    neighbourhood: get("neighbourhood"),
    category: get("category"),
    targetGroup: get("targetGroup"),
    from: get("from"),
    to: get("to"),
    needsVolunteers: params.has("needsVolunteers") && params.get("needsVolunteers") !== "",
  };
}

/** The choices of the filter form: the same for everyone until a neighbourhood changes. */
function activityFilterOptions(ctx: Ctx, at: { version: number; now: number }) {
  return cachedPublic(ctx.database, "activity-filter-options", at, async () => {
    const neighbourhoods = await ctx.database.db
      .select({ id: neighbourhood.id, name: neighbourhood.name })
      .from(neighbourhood)
      .orderBy(asc(neighbourhood.name));
    return { value: { neighbourhoods, categories: activityCategories, targetGroups }, until: Infinity };
  });
}

/**
 * Everything /activities shows: the filter choices and, unless the filters are invalid (then
 * `errors`), a page of the list. One read of the data version; both parts come from the
 * version-keyed cache when nothing public changed since they were computed.
 */
export async function getActivityListPage({ ctx, input }: { ctx: Ctx; input: ActivityFilterInput }) {
  const at = { version: await readPublicDataVersion(ctx.database.db), now: ctx.now() };
  const options = await activityFilterOptions(ctx, at);
  try {
    const result = await listActivitiesAt(ctx, input, at);
    return {
      options,
      errors: {} as Record<string, string[]>,
      result: { items: result.items, next: result.next, previous: result.previous },
    };
  } catch (error) {
    if (!(error instanceof Validation)) throw error;
    return { options, errors: error.fieldErrors, result: null };
  }
}

/** A scheduled session of activity `activityId` in the window has a shift with an open place. */
function needsVolunteersIn(activityId: SQL, lower: number, upper: number | null) {
  return sql`EXISTS (
    SELECT 1 FROM ${activitySession} AS nv_session
    JOIN ${shift} AS nv_shift ON nv_shift.session_id = nv_session.id
    WHERE nv_session.activity_id = ${activityId} AND nv_session.starts_at >= ${lower}
      ${upper === null ? sql`` : sql`AND nv_session.starts_at < ${upper}`}
      AND nv_session.status = 'scheduled'
      AND nv_shift.needed > (SELECT count(*) FROM ${signup} AS nv_signup
        WHERE nv_signup.session_id = nv_session.id AND nv_signup.shift_id = nv_shift.id AND nv_signup.status = 'confirmed'))`;
}

interface ListingRow {
  id: number;
  title: string;
  category: string;
  target_groups: string;
  address: string;
  neighbourhood_name: string;
  organisation_name: string;
  organisation_slug: string;
  session_id: number;
  starts_at: number;
  ends_at: number;
  capacity: number | null;
  confirmed: number;
  needs_volunteers: number;
}

/**
 * Upcoming public activities with their next scheduled session in the chosen window, ordered by
 * that session's start. Keyset pages: `after`/`before` hold the (start, activity id) of the edge
 * row, so a page costs the same wherever it is. The next session is one index seek per activity
 * on activity_session(activity_id, starts_at); filters on neighbourhood and category use
 * activity(neighbourhood_id, category). The same for every viewer in one time zone and language,
 * so it comes from the version-keyed cache while nothing public changed and no session started.
 */
export async function listActivities({ ctx, input }: { ctx: Ctx; input: ActivityFilterInput }) {
  return listActivitiesAt(ctx, input, { version: await readPublicDataVersion(ctx.database.db), now: ctx.now() });
}

async function listActivitiesAt(ctx: Ctx, input: ActivityFilterInput, at: { version: number; now: number }) {
  const parsed = activityFilterSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const filters: ActivityFilters = parsed.data;
  const zone = viewerZone(ctx);
  const key = JSON.stringify(["activity-list", zone, ctx.locale, filters]);
  return cachedPublic(ctx.database, key, at, async () => {
    const now = at.now;
    // Read before the list: the list can only be newer than this bound, never older.
    const until = await nextSessionStart(ctx, now);
    return { value: await computeListing(ctx, filters, zone, now), until };
  });
}

/**
 * The first session start at or after `now`: until then "still to come" selects the same sessions,
 * so a list computed at `now` stays right. One seek on session_start_idx.
 */
async function nextSessionStart(ctx: Ctx, now: number): Promise<number> {
  const [row] = await ctx.database.db.all<{ next: number | null }>(
    sql`SELECT min(starts_at) AS next FROM ${activitySession} WHERE starts_at >= ${now}`,
  );
  return row?.next ?? Infinity;
}

/**
 * One query: the page's (activity, next session) pairs first — ordered and cut to the page — and
 * only for those rows the places taken and whether volunteers are wanted.
 */
async function computeListing(ctx: Ctx, filters: ActivityFilters, zone: string, now: number) {
  if (filters.neighbourhood !== undefined) {
    const known = await ctx.database.db.query.neighbourhood.findFirst({
      where: eq(neighbourhood.id, filters.neighbourhood),
      columns: { id: true },
    });
    if (!known) throw new Validation({ neighbourhood: [`${E}.neighbourhood`] });
  }
  const lower = Math.max(now, filters.from ? startOfLocalDay(filters.from, zone) : now);
  const upper = filters.to ? startOfLocalDay(addDays(filters.to, 1), zone) : null;
  const conditions: SQL[] = [sql`o.status = 'approved'`, sql`o.archived_at IS NULL`];
  if (filters.neighbourhood !== undefined) conditions.push(sql`a.neighbourhood_id = ${filters.neighbourhood}`);
  if (filters.category) conditions.push(sql`a.category = ${filters.category}`);
  if (filters.targetGroup)
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(a.target_groups) WHERE json_each.value = ${filters.targetGroup})`);
  if (filters.needsVolunteers) conditions.push(needsVolunteersIn(sql`a.id`, lower, upper));
  const backwards = !!filters.before;
  const edge = filters.after ?? filters.before;
  const keyset = edge
    ? backwards
      ? sql`AND (s.starts_at, next.activity_id) < (${edge.at}, ${edge.id})`
      : sql`AND (s.starts_at, next.activity_id) > (${edge.at}, ${edge.id})`
    : sql``;
  const direction = backwards ? sql`DESC` : sql`ASC`;
  const rows = await ctx.database.db.all<ListingRow>(sql`
    WITH next AS (
      SELECT a.id AS activity_id,
        (SELECT ns.id FROM ${activitySession} AS ns
          WHERE ns.activity_id = a.id AND ns.starts_at >= ${lower} ${upper === null ? sql`` : sql`AND ns.starts_at < ${upper}`}
            AND ns.status = 'scheduled'
          ORDER BY ns.starts_at, ns.id LIMIT 1) AS session_id
      FROM ${activity} AS a JOIN ${organisation} AS o ON o.id = a.organisation_id
      WHERE ${sql.join(conditions, sql` AND `)}
    ),
    page AS (
      SELECT next.activity_id, next.session_id, s.starts_at
      FROM next JOIN ${activitySession} AS s ON s.id = next.session_id
      WHERE 1 ${keyset}
      ORDER BY s.starts_at ${direction}, next.activity_id ${direction}
      LIMIT ${LISTING_PAGE_SIZE + 1}
    )
    SELECT a.id, a.title, a.category, a.target_groups, a.address, n.name AS neighbourhood_name,
      o.name AS organisation_name, o.slug AS organisation_slug,
      s.id AS session_id, s.starts_at, s.ends_at, s.capacity, ${slotCount("s.id", null, "confirmed")} AS confirmed,
      ${needsVolunteersIn(sql`a.id`, lower, upper)} AS needs_volunteers
    FROM page
    JOIN ${activitySession} AS s ON s.id = page.session_id
    JOIN ${activity} AS a ON a.id = page.activity_id
    JOIN ${organisation} AS o ON o.id = a.organisation_id
    JOIN ${neighbourhood} AS n ON n.id = a.neighbourhood_id
    ORDER BY page.starts_at ${direction}, page.activity_id ${direction}`);
  const more = rows.length > LISTING_PAGE_SIZE;
  const page = rows.slice(0, LISTING_PAGE_SIZE);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    zone,
    filters,
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      targetGroups: parseGroups(r.target_groups),
      address: r.address,
      neighbourhood: r.neighbourhood_name,
      organisation: { name: r.organisation_name, slug: r.organisation_slug },
      nextSession: {
        id: r.session_id,
        startsAt: r.starts_at,
        when: formatTimeRange(r.starts_at, r.ends_at, zone, ctx.locale),
        capacity: r.capacity,
        placesLeft: placesLeft(r.capacity, r.confirmed),
      },
      needsVolunteers: !!r.needs_volunteers,
    })),
    // Going back from page 2 and forward from page 1 both have a neighbour by construction.
    previous: first && (backwards ? more : !!filters.after) ? encodeCursor({ at: first.starts_at, id: first.id }) : null,
    next: last && (backwards ? true : more) ? encodeCursor({ at: last.starts_at, id: last.id }) : null,
  };
}

function parseGroups(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
