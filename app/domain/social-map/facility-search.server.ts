import { and, asc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { facilityLocation, facilityOpeningHours, facilityOrganization, facilityService, municipality, neighbourhood } from "#db/schema";
import type { Ctx } from "../context.server";
import { facilitySearchSchema, MAP_PAGE_SIZE, type FacilitySearch } from "./schemas";
import { can, ensure, requireActor } from "../permissions";
import { staleBefore } from "../scheduling/freshness";
import { localWeekdayAndTime, openingState } from "../scheduling/opening-hours";
import { isStale } from "./facility-page.server";
import { hoursOf } from "./facility-rows.server";

// Finding facilities: the /map search with its filter choices, and the coordinator's list of
// entries to check again.

// ── Search (/map) ────────────────────────────────────────────────────────────────────────

/**
 * The /map search. Filters: text (service, organisation or location name, description), category,
 * neighbourhood, target group (services for everyone match any group), language, open now (local
 * clock of each municipality's zone), no waiting list (access is not a waiting list and no waiting
 * time). Ordered by name; keyset paging on (name, id) with `after` = the last id of a page.
 */
export async function searchFacilities({ ctx, input }: { ctx: Ctx; input: Partial<FacilitySearch> }) {
  const db = ctx.database.db;
  const filters = facilitySearchSchema.parse(input);
  const now = ctx.now();
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
    const zones = await db.selectDistinct({ zone: municipality.timeZone }).from(municipality);
    const perZone = zones.map(({ zone }) => {
      const { weekday, time } = localWeekdayAndTime(now, zone);
      return sql`(${municipality.timeZone} = ${zone} AND EXISTS (SELECT 1 FROM ${facilityOpeningHours} h
        WHERE h.service_id = ${facilityService.id} AND h.weekday = ${weekday} AND h.opens_at <= ${time} AND h.closes_at > ${time}))`;
    });
    where.push(perZone.length ? sql`(${sql.join(perZone, sql` OR `)})` : sql`0`);
  }
  const filtered = where.length ? and(...where) : undefined;
  const after = filters.after && /^\d{1,12}$/.test(filters.after) ? Number(filters.after) : null;
  const keyset = after
    ? sql`(${facilityService.name}, ${facilityService.id}) > (SELECT s2.name, s2.id FROM ${facilityService} s2 WHERE s2.id = ${after})`
    : undefined;

  const base = () =>
    db
      .select({
        id: facilityService.id,
        name: facilityService.name,
        category: facilityService.category,
        access: facilityService.access,
        free: facilityService.free,
        waitingWeeks: facilityService.waitingWeeks,
        capacityStatus: facilityService.capacityStatus,
        verifiedAt: facilityService.verifiedAt,
        organization: facilityOrganization.name,
        locationId: facilityLocation.id,
        location: facilityLocation.name,
        address: facilityLocation.address,
        postcode: facilityLocation.postcode,
        city: facilityLocation.city,
        latitude: facilityLocation.latitude,
        longitude: facilityLocation.longitude,
        neighbourhood: neighbourhood.name,
        timeZone: municipality.timeZone,
      })
      .from(facilityService)
      .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
      .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
      .innerJoin(neighbourhood, eq(neighbourhood.id, facilityLocation.neighbourhoodId))
      .innerJoin(municipality, eq(municipality.id, facilityOrganization.municipalityId));

  const [rows, [count]] = await Promise.all([
    base()
      .where(and(filtered, keyset))
      .orderBy(asc(facilityService.name), asc(facilityService.id))
      .limit(MAP_PAGE_SIZE + 1),
    db
      .select({ total: sql<number>`count(*)` })
      .from(facilityService)
      .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
      .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
      .innerJoin(neighbourhood, eq(neighbourhood.id, facilityLocation.neighbourhoodId))
      .innerJoin(municipality, eq(municipality.id, facilityOrganization.municipalityId))
      .where(filtered),
  ]);
  const page = rows.slice(0, MAP_PAGE_SIZE);
  const hours = await hoursOf(
    db,
    page.map((r) => r.id),
  );
  return {
    filters,
    total: Number(count?.total ?? 0),
    items: page.map(({ verifiedAt, timeZone, ...r }) => ({
      ...r,
      open: openingState(hours.get(r.id) ?? [], now, timeZone).open,
      hasHours: (hours.get(r.id) ?? []).length > 0,
      stale: isStale(ctx, verifiedAt, timeZone),
    })),
    nextAfter: rows.length > MAP_PAGE_SIZE ? String(page[page.length - 1]!.id) : null,
  };
}

/** Filter choices for /map: the neighbourhoods (by slug). */
export async function getMapFilterOptions({ ctx }: { ctx: Ctx }) {
  return ctx.database.db
    .select({ slug: neighbourhood.slug, name: neighbourhood.name })
    .from(neighbourhood)
    .orderBy(asc(neighbourhood.name));
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

/** Everything /map needs: the search results, the filter choices, and whether the viewer keeps the map. */
export async function getMapPage({ ctx, input }: { ctx: Ctx; input: Partial<FacilitySearch> }) {
  const [result, neighbourhoods] = await Promise.all([searchFacilities({ ctx, input }), getMapFilterOptions({ ctx })]);
  return { ...result, neighbourhoods, canKeepMap: can.coordinateAnywhere(ctx.actor) };
}

/** The coordinator's "to check" page: stale entries in their neighbourhoods and how many are fresh. */
export async function getStaleFacilitiesPage({ ctx }: { ctx: Ctx }) {
  const [stale, counts] = await Promise.all([listStaleFacilities({ ctx }), countFacilitiesByFreshness({ ctx })]);
  return { stale, counts };
}
