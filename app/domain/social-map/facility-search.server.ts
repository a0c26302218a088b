import { and, asc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { facilityLocation, facilityOpeningHours, facilityOrganization, facilityService, municipality, neighbourhood } from "#db/schema";
import type { Ctx } from "../context.server";
import { readPublicDataVersion } from "../data-version.server";
import { cachedPublic } from "../public-cache.server";
import { facilitySearchSchema, MAP_PAGE_SIZE, type FacilitySearch, type OpeningHoursRow } from "./schemas";
import { can, ensure, requireActor } from "../permissions";
import { staleBefore } from "../scheduling/freshness";
import { localWeekdayAndTime, rangeCovers } from "../scheduling/opening-hours";

// Finding facilities: the /map search with its filter choices, and the coordinator's list of
// entries to check again.

// ── Search (/map) ────────────────────────────────────────────────────────────────────────

type Service = typeof facilityService.$inferSelect;

/** A result row as kept: what the card and the map show, plus what "open" and "stale" are judged by. */
interface FoundFacility {
  id: number;
  name: string;
  category: Service["category"];
  access: Service["access"];
  free: boolean;
  waitingWeeks: number | null;
  capacityStatus: Service["capacityStatus"];
  organization: string;
  locationId: number;
  location: string;
  address: string;
  postcode: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  neighbourhood: string;
  verifiedAt: number;
  timeZone: string;
  hours: OpeningHoursRow[];
}

interface FoundRow {
  total: number;
  id: number | null;
  name: string;
  category: Service["category"];
  access: Service["access"];
  free: number;
  waiting_weeks: number | null;
  capacity_status: Service["capacityStatus"];
  verified_at: number;
  organization: string;
  location_id: number;
  location: string;
  address: string;
  postcode: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  neighbourhood: string;
  time_zone: string;
  hours: string;
}

/** The local weekday and "HH:mm" in each zone at one instant: what "open now" compares against. */
type Clocks = ReadonlyMap<string, { weekday: number; time: string }>;

/**
 * The services matching `filters` (ordered by name; keyset paging on (name, id) with `after` = the
 * last id of a page), how many match in all, and each row's opening hours: one statement. "Open
 * now" compares with the local clock of each municipality's zone (`clocks`).
 */
async function findFacilities(ctx: Ctx, filters: FacilitySearch, clocks: Clocks) {
  const where: SQL[] = [];
  if (filters.q) {
    const needle = filters.q.toLowerCase();
    where.push(sql`(instr(lower(${facilityService.name}), ${needle}) > 0 OR instr(lower(${facilityOrganization.name}), ${needle}) > 0
      OR instr(lower(${facilityLocation.name}), ${needle}) > 0 OR instr(lower(${facilityService.description}), ${needle}) > 0)`);
  }
  if (filters.category) where.push(eq(facilityService.category, filters.category));
  if (filters.neighbourhood) where.push(eq(neighbourhood.slug, filters.neighbourhood));
  if (filters.targetGroup) {
    where.push(sql`EXISTS (SELECT 1 FROM json_each(${facilityService.targetGroups}) WHERE value IN (${filters.targetGroup}, 'everyone'))`);
  }
  if (filters.language) where.push(sql`EXISTS (SELECT 1 FROM json_each(${facilityService.languages}) WHERE value = ${filters.language})`);
  if (filters.noWaitingList)
    where.push(sql`${facilityService.access} <> 'waiting-list' AND coalesce(${facilityService.waitingWeeks}, 0) = 0`);
  if (filters.openNow) {
    // Usually one municipality (one zone); each zone gets its own local weekday and time.
    const perZone = [...clocks].map(([zone, { weekday, time }]) => {
      return sql`(${municipality.timeZone} = ${zone} AND EXISTS (SELECT 1 FROM ${facilityOpeningHours} h
        WHERE h.service_id = ${facilityService.id} AND h.weekday = ${weekday} AND h.opens_at <= ${time} AND h.closes_at > ${time}))`;
    });
    where.push(perZone.length ? sql`(${sql.join(perZone, sql` OR `)})` : sql`0`);
  }
  const filtered = where.length ? sql.join(where, sql` AND `) : sql`1`;
  const after = filters.after && /^\d{1,12}$/.test(filters.after) ? Number(filters.after) : null;
  const keyset = after
    ? sql`AND (${facilityService.name}, ${facilityService.id}) > (SELECT s2.name, s2.id FROM ${facilityService} s2 WHERE s2.id = ${after})`
    : sql``;
  const joined = sql`${facilityService}
    JOIN ${facilityOrganization} ON ${facilityOrganization.id} = ${facilityService.organizationId}
    JOIN ${facilityLocation} ON ${facilityLocation.id} = ${facilityService.locationId}
    JOIN ${neighbourhood} ON ${neighbourhood.id} = ${facilityLocation.neighbourhoodId}
    JOIN ${municipality} ON ${municipality.id} = ${facilityOrganization.municipalityId}`;
  // The page's ids first (ordered and cut), then their columns and hours; the count comes along on
  // a row of its own when the page is empty.
  const rows = await ctx.database.db.all<FoundRow>(sql`
    WITH page AS (
      SELECT ${facilityService.id} AS id FROM ${joined}
      WHERE ${filtered} ${keyset}
      ORDER BY ${facilityService.name}, ${facilityService.id}
      LIMIT ${MAP_PAGE_SIZE + 1}
    )
    SELECT counted.total, s.id, s.name, s.category, s.access, s.free, s.waiting_weeks, s.capacity_status, s.verified_at,
      o.name AS organization, l.id AS location_id, l.name AS location, l.address, l.postcode, l.city, l.latitude, l.longitude,
      n.name AS neighbourhood, m.time_zone,
      (SELECT json_group_array(json_array(h.weekday, h.opens_at, h.closes_at)) FROM ${facilityOpeningHours} AS h
        WHERE h.service_id = s.id) AS hours
    FROM (SELECT count(*) AS total FROM ${joined} WHERE ${filtered}) AS counted
    LEFT JOIN page ON 1
    LEFT JOIN ${facilityService} AS s ON s.id = page.id
    LEFT JOIN ${facilityOrganization} AS o ON o.id = s.organization_id
    LEFT JOIN ${facilityLocation} AS l ON l.id = s.location_id
    LEFT JOIN ${neighbourhood} AS n ON n.id = l.neighbourhood_id
    LEFT JOIN ${municipality} AS m ON m.id = o.municipality_id
    ORDER BY s.name, s.id`);
  const found: FoundFacility[] = rows.flatMap((r) =>
    r.id === null
      ? []
      : [
          {
            id: r.id,
            name: r.name,
            category: r.category,
            access: r.access,
            free: !!r.free,
            waitingWeeks: r.waiting_weeks,
            capacityStatus: r.capacity_status,
            organization: r.organization,
            locationId: r.location_id,
            location: r.location,
            address: r.address,
            postcode: r.postcode,
            city: r.city,
            latitude: r.latitude,
            longitude: r.longitude,
            neighbourhood: r.neighbourhood,
            verifiedAt: r.verified_at,
            timeZone: r.time_zone,
            hours: (JSON.parse(r.hours) as [number, string, string][]).map(([weekday, opensAt, closesAt]) => ({
              weekday,
              opensAt,
              closesAt,
            })),
          },
        ],
  );
  const page = found.slice(0, MAP_PAGE_SIZE);
  return {
    total: Number(rows[0]?.total ?? 0),
    page,
    nextAfter: found.length > MAP_PAGE_SIZE ? String(page[page.length - 1]!.id) : null,
  };
}

/**
 * The rows as the page shows them at `now`: open (by the local clock of the facility's zone), has
 * hours, stale (verified more than 6 months ago). Judged per request, so a kept result stays right
 * as the clock moves; the clock is read once per zone, not once per row.
 */
function present(found: Awaited<ReturnType<typeof findFacilities>>, now: number) {
  const clocks = new Map<string, { weekday: number; time: string }>();
  const staleBefores = new Map<string, number>();
  return found.page.map((f) => {
    let clock = clocks.get(f.timeZone);
    if (!clock) clocks.set(f.timeZone, (clock = localWeekdayAndTime(now, f.timeZone)));
    let threshold = staleBefores.get(f.timeZone);
    if (threshold === undefined) staleBefores.set(f.timeZone, (threshold = staleBefore(now, f.timeZone)));
    const { weekday, time } = clock;
    // Written out rather than spread: fifty objects of twenty keys per view.
    return {
      id: f.id,
      name: f.name,
      category: f.category,
      access: f.access,
      free: f.free,
      waitingWeeks: f.waitingWeeks,
      capacityStatus: f.capacityStatus,
      organization: f.organization,
      locationId: f.locationId,
      location: f.location,
      address: f.address,
      postcode: f.postcode,
      city: f.city,
      latitude: f.latitude,
      longitude: f.longitude,
      neighbourhood: f.neighbourhood,
      open: f.hours.some((range) => rangeCovers(range, weekday, time)),
      hasHours: f.hours.length > 0,
      stale: f.verifiedAt < threshold,
    };
  });
}

/** The zones' clocks at `now`. */
function clocksAt(zones: readonly string[], now: number): Clocks {
  return new Map(zones.map((zone) => [zone, localWeekdayAndTime(now, zone)]));
}

/**
 * The /map search without the cache. Filters: text (service, organisation or location name,
 * description), category, neighbourhood, target group (services for everyone match any group),
 * language, open now (local clock of each municipality's zone), no waiting list (access is not a
 * waiting list and no waiting time). Ordered by name; keyset paging on (name, id) with `after` =
 * the last id of a page.
 */
export async function searchFacilities({ ctx, input }: { ctx: Ctx; input: Partial<FacilitySearch> }) {
  const filters = facilitySearchSchema.parse(input);
  const now = ctx.now();
  const zones = filters.openNow ? (await mapChoices(ctx)).zones : [];
  const found = await findFacilities(ctx, filters, clocksAt(zones, now));
  return { filters, total: found.total, items: present(found, now), nextAfter: found.nextAfter };
}

interface ChoiceRow {
  slug: string;
  name: string;
  zones: string;
}

/**
 * The neighbourhoods of the filter form (by name) and the municipalities' time zones (for "open
 * now"), in one statement. Without neighbourhoods there are no zones either, and nothing to find:
 * every facility's location lies in a neighbourhood.
 */
async function mapChoices(ctx: Ctx) {
  const rows = await ctx.database.db.all<ChoiceRow>(sql`
    SELECT n.slug, n.name, (SELECT json_group_array(DISTINCT m.time_zone) FROM ${municipality} AS m) AS zones
    FROM ${neighbourhood} AS n
    ORDER BY n.name`);
  return {
    neighbourhoods: rows.map(({ slug, name }) => ({ slug, name })),
    zones: rows[0] ? (JSON.parse(rows[0].zones) as string[]) : [],
  };
}

// ── Stale entries (coordinators) ─────────────────────────────────────────────────────────

/** Entries not verified for 6 months in the neighbourhoods the actor coordinates (an admin: all), oldest first. */
export async function listStaleFacilities({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const threshold = staleBefore(ctx.now(), ctx.defaultTimeZone);
  const scope = actor.isAdmin ? undefined : inArray(facilityLocation.neighbourhoodId, [...actor.coordinatorOf]);
  return ctx.database.db
    .select({
      id: facilityService.id,
      name: facilityService.name,
      category: facilityService.category,
      organization: facilityOrganization.name,
      neighbourhood: neighbourhood.name,
      verifiedAt: facilityService.verifiedAt,
    })
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, facilityLocation.neighbourhoodId))
    .where(and(lt(facilityService.verifiedAt, threshold), scope))
    .orderBy(asc(facilityService.verifiedAt), asc(facilityService.id))
    .limit(500);
}

/** Facilities the actor keeps (coordinated neighbourhoods or linked organisations), for the coordinator page. */
export async function countFacilitiesByFreshness({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const threshold = staleBefore(ctx.now(), ctx.defaultTimeZone);
  const scope = actor.isAdmin ? undefined : inArray(facilityLocation.neighbourhoodId, [...actor.coordinatorOf]);
  const [row] = await ctx.database.db
    .select({
      total: sql<number>`count(*)`,
      fresh: sql<number>`coalesce(sum(CASE WHEN ${facilityService.verifiedAt} >= ${threshold} THEN 1 ELSE 0 END), 0)`,
    })
    .from(facilityService)
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .where(scope);
  return { total: Number(row?.total ?? 0), fresh: Number(row?.fresh ?? 0) };
}

/**
 * Everything /map needs: the search results, the filter choices, and whether the viewer keeps the
 * map. The results and choices are the same for every viewer (no viewer's data is in them), so they
 * are kept in this process under the public data version (decisions 040 and 046): a view with
 * nothing changed reads the version and nothing else. "Open now" results are kept per local minute
 * of each zone (what the filter compares); "open" and "stale" on the cards are judged per request.
 * What the viewer may do is added per request.
 */
export async function getMapPage({ ctx, input }: { ctx: Ctx; input: Partial<FacilitySearch> }) {
  const filters = facilitySearchSchema.parse(input);
  const now = ctx.now();
  const at = { version: await readPublicDataVersion(ctx.database.db), now };
  const choices = await cachedPublic(ctx.database, "map-choices", at, async () => ({ value: await mapChoices(ctx), until: Infinity }));
  const clocks = clocksAt(filters.openNow ? choices.zones : [], now);
  const key = JSON.stringify(["map-search", filters, [...clocks]]);
  const found = await cachedPublic(ctx.database, key, at, async () => ({
    value: await findFacilities(ctx, filters, clocks),
    until: Infinity,
  }));
  return {
    filters,
    total: found.total,
    items: present(found, now),
    nextAfter: found.nextAfter,
    neighbourhoods: choices.neighbourhoods,
    canKeepMap: can.coordinateAnywhere(ctx.actor),
  };
}

/** The coordinator's "to check" page: stale entries in their neighbourhoods and how many are fresh. */
export async function getStaleFacilitiesPage({ ctx }: { ctx: Ctx }) {
  const [stale, counts] = await Promise.all([listStaleFacilities({ ctx }), countFacilitiesByFreshness({ ctx })]);
  return { stale, counts };
}
