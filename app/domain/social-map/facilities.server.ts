import { and, asc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { activity, activitySession, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService, municipality, neighbourhood, neighbourhoodPostcode, organisation } from "#db/schema";
import type { HelpRequestKind } from "~/domain/vocabulary";
import type { z } from "zod";
import type { Ctx } from "../context.server";
import { listPartnerChoices, listPartners } from "./cooperation.server";
import { NotFound, Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import {
  facilityInput,
  facilitySearchSchema,
  facilityStatusInput,
  MAP_PAGE_SIZE,
  type FacilityInput,
  type FacilitySearch,
  type FacilityStatusInput,
  type OpeningHoursRow,
} from "./schemas";
import { can, ensure, ensureFound, requireActor, type Actor } from "../permissions";
import { staleBefore } from "../scheduling/freshness";
import { hoursByWeekday, localWeekdayAndTime, openingState } from "../scheduling/opening-hours";
import { type FacilityCategory } from "~/domain/vocabulary";

// The social map (sociale kaart). A "facility" is one service at its location; the organisation
// and location rows are shared when one organisation offers several services. Everyone may view;
// coordinators of the location's neighbourhood and admins keep entries; members of the linked
// Noaber organisation keep the status (waiting time, capacity, hours) current.

// ── Loading one facility ─────────────────────────────────────────────────────────────────

const facilityColumns = {
  service: facilityService,
  organization: facilityOrganization,
  location: facilityLocation,
  neighbourhood: { id: neighbourhood.id, name: neighbourhood.name, slug: neighbourhood.slug },
  timeZone: municipality.timeZone,
};

async function loadFacility(db: Queryable, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound();
  const [row] = await db
    .select(facilityColumns)
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, facilityLocation.neighbourhoodId))
    .innerJoin(municipality, eq(municipality.id, facilityOrganization.municipalityId))
    .where(eq(facilityService.id, id));
  if (!row) throw new NotFound();
  return row;
}
type FacilityRow = Awaited<ReturnType<typeof loadFacility>>;

const scopeOf = (row: FacilityRow) => ({ neighbourhoodId: row.location.neighbourhoodId, organisationId: row.organization.organisationId });

async function hoursOf(db: Queryable, serviceIds: number[]) {
  if (serviceIds.length === 0) return new Map<number, OpeningHoursRow[]>();
  const rows = await db
    .select()
    .from(facilityOpeningHours)
    .where(inArray(facilityOpeningHours.serviceId, serviceIds))
    .orderBy(asc(facilityOpeningHours.weekday), asc(facilityOpeningHours.opensAt));
  const byService = new Map<number, OpeningHoursRow[]>();
  for (const r of rows) {
    const list = byService.get(r.serviceId) ?? [];
    list.push({ weekday: r.weekday, opensAt: r.opensAt, closesAt: r.closesAt });
    byService.set(r.serviceId, list);
  }
  return byService;
}

/** Whether an entry was last verified more than 6 months ago. */
export function isStale(ctx: Ctx, verifiedAt: number, zone = ctx.defaultTimeZone): boolean {
  return verifiedAt < staleBefore(ctx.now(), zone);
}

/**
 * Everything /facilities/:id shows: organisation, location and accessibility, hours (and whether
 * it is open now), access, cost, languages, contact, waiting time, capacity, last verified (stale
 * mark), cooperation partners both ways, the activities held at the location, and what the viewer
 * may do. Public.
 */
export async function getFacilityPage({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const db = ctx.database.db;
  const row = await loadFacility(db, input.id);
  const now = ctx.now();
  const [hours, partners, activities, linkedOrganisation] = await Promise.all([
    hoursOf(db, [row.service.id]).then((m) => m.get(row.service.id) ?? []),
    listPartners(db, row.service.id),
    db
      .select({
        id: activity.id,
        title: activity.title,
        nextSession: sql<number | null>`(SELECT min(${activitySession.startsAt}) FROM ${activitySession}
          WHERE ${activitySession.activityId} = ${activity.id} AND ${activitySession.status} = 'scheduled' AND ${activitySession.startsAt} >= ${now})`,
      })
      .from(activity)
      .innerJoin(organisation, eq(organisation.id, activity.organisationId))
      // Only what is still coming: a page about a place lists what you can go to there.
      .where(
        and(
          eq(activity.facilityLocationId, row.location.id),
          eq(organisation.status, "approved"),
          sql`EXISTS (SELECT 1 FROM ${activitySession} WHERE ${activitySession.activityId} = ${activity.id}
            AND ${activitySession.status} = 'scheduled' AND ${activitySession.startsAt} >= ${now})`,
        ),
      )
      .orderBy(asc(activity.title))
      .limit(20),
    row.organization.organisationId === null
      ? Promise.resolve(null)
      : db
          .select({ name: organisation.name, slug: organisation.slug })
          .from(organisation)
          .where(and(eq(organisation.id, row.organization.organisationId), eq(organisation.status, "approved")))
          .then((r) => r[0] ?? null),
  ]);
  const scope = scopeOf(row);
  const mayLink = can.editFacility(ctx.actor, scope);
  return {
    ...row,
    hours,
    week: hoursByWeekday(hours),
    openingState: openingState(hours, now, row.timeZone),
    stale: isStale(ctx, row.service.verifiedAt, row.timeZone),
    partners,
    activities: activities.map((a) => ({ ...a, nextSession: a.nextSession === null ? null : Number(a.nextSession) })),
    linkedOrganisation,
    permissions: {
      edit: can.editFacility(ctx.actor, scope),
      updateStatus: can.updateFacilityStatus(ctx.actor, scope),
      recordCooperation: mayLink,
    },
    partnerChoices: mayLink ? await listPartnerChoices({ ctx, input: { serviceId: row.service.id } }) : [],
  };
}

// ── Writing ──────────────────────────────────────────────────────────────────────────────

/** The neighbourhood (and municipality) of a postcode, or a field error: only postcodes of the municipality are accepted. */
async function neighbourhoodOfPostcode(db: Queryable, postcode: string) {
  const [row] = await db
    .select({ neighbourhoodId: neighbourhood.id, municipalityId: neighbourhood.municipalityId })
    .from(neighbourhoodPostcode)
    .innerJoin(neighbourhood, eq(neighbourhood.id, neighbourhoodPostcode.neighbourhoodId))
    .where(eq(neighbourhoodPostcode.postcode, postcode.slice(0, 4)));
  if (!row) throw new Validation({ "location.postcode": ["errors.postcode.outsideMunicipality"] });
  return row;
}

async function ensureLinkableOrganisation(db: Queryable, organisationId: number | undefined) {
  if (organisationId === undefined) return null;
  const [row] = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, organisationId));
  if (!row) throw new Validation({ organisationId: ["socialMap.errors.organisationInvalid"] });
  return row.id;
}

function parseOrThrow<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/**
 * Whether the actor may write a facility, as the create and edit forms and the HSDS import (for
 * every record) decide, with one rule: the neighbourhood the facility is in now (`current`; none
 * for a new one) and the one its postcode puts it in (`target`; none when only the first is asked)
 * must both be neighbourhoods the actor coordinates (an admin: any). Null when allowed; otherwise
 * which of the two is not theirs.
 */
export function facilityWriteRefusal(
  actor: Actor | null,
  current: { neighbourhoodId: number } | null,
  target: { neighbourhoodId: number } | null,
): "current" | "target" | null {
  if (current && !can.editFacility(actor, current)) return "current";
  if (target && !can.editFacility(actor, target)) return "target";
  return null;
}

/** Form (or import) input → table columns; shared by the verbs here and the HSDS import. */
export const serviceValues = (s: FacilityInput["service"]) => ({
  name: s.name,
  category: s.category,
  description: s.description,
  targetGroups: s.targetGroups,
  eligibility: s.eligibility,
  access: s.access,
  cost: s.cost,
  free: s.free,
  languages: s.languages,
  email: s.email ?? null,
  phone: s.phone ?? null,
  url: s.url ?? null,
  waitingWeeks: s.waitingWeeks ?? null,
  capacityStatus: s.capacityStatus,
});

export const locationValues = (l: FacilityInput["location"], neighbourhoodId: number) => ({
  name: l.name,
  address: l.address,
  postcode: l.postcode,
  city: l.city,
  neighbourhoodId,
  latitude: l.latitude ?? null,
  longitude: l.longitude ?? null,
  accessibility: l.accessibility,
  accessibilityNote: l.accessibilityNote,
});

export const organizationValues = (o: FacilityInput["organization"]) => ({
  name: o.name,
  description: o.description,
  email: o.email ?? null,
  website: o.website ?? null,
  phone: o.phone ?? null,
});

async function replaceHours(tx: Queryable, serviceId: number, hours: OpeningHoursRow[]) {
  await tx.delete(facilityOpeningHours).where(eq(facilityOpeningHours.serviceId, serviceId));
  if (hours.length > 0) await tx.insert(facilityOpeningHours).values(hours.map((h) => ({ serviceId, ...h })));
}

/** A new facility (organisation + location + service + hours) by a coordinator of its neighbourhood or an admin. */
export async function createFacility({ ctx, input }: { ctx: Ctx; input: FacilityInput }) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const value = parseOrThrow(facilityInput, input);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const place = await neighbourhoodOfPostcode(tx, value.location.postcode);
    if (facilityWriteRefusal(actor, null, place)) throw new Validation({ "location.postcode": ["socialMap.errors.postcodeNotYours"] });
    const organisationId = await ensureLinkableOrganisation(tx, value.organisationId);
    const [org] = await tx
      .insert(facilityOrganization)
      .values({ hsdsId: crypto.randomUUID(), municipalityId: place.municipalityId, organisationId, ...organizationValues(value.organization), createdAt: now, updatedAt: now })
      .returning({ id: facilityOrganization.id });
    const [loc] = await tx
      .insert(facilityLocation)
      .values({ hsdsId: crypto.randomUUID(), organizationId: org!.id, ...locationValues(value.location, place.neighbourhoodId), createdAt: now, updatedAt: now })
      .returning({ id: facilityLocation.id });
    const [service] = await tx
      .insert(facilityService)
      .values({
        hsdsId: crypto.randomUUID(),
        organizationId: org!.id,
        locationId: loc!.id,
        ...serviceValues(value.service),
        verifiedAt: now,
        verifiedById: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: facilityService.id });
    await replaceHours(tx, service!.id, value.hours);
    return { id: service!.id };
  });
}

/** The current values as the edit form needs them, and which form the actor gets (everything, or the status only). */
export async function getFacilityForEdit({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  const row = await loadFacility(ctx.database.db, input.id);
  const scope = scopeOf(row);
  ensureFound(can.updateFacilityStatus(actor, scope));
  const hours = (await hoursOf(ctx.database.db, [row.service.id])).get(row.service.id) ?? [];
  const s = row.service;
  const l = row.location;
  const o = row.organization;
  const text = (v: string | number | null) => (v === null ? "" : String(v));
  return {
    id: s.id,
    name: s.name,
    mode: can.editFacility(actor, scope) ? ("full" as const) : ("status" as const),
    organisationChoices: can.editFacility(actor, scope) ? await organisationChoices(ctx.database.db) : [],
    values: {
      organization: { name: o.name, description: o.description, email: text(o.email), website: text(o.website), phone: text(o.phone) },
      location: {
        name: l.name,
        address: l.address,
        postcode: l.postcode,
        city: l.city,
        latitude: text(l.latitude),
        longitude: text(l.longitude),
        accessibility: l.accessibility,
        accessibilityNote: l.accessibilityNote,
      },
      service: {
        name: s.name,
        category: s.category,
        description: s.description,
        targetGroups: s.targetGroups,
        eligibility: s.eligibility,
        access: s.access,
        cost: s.cost,
        free: s.free ? "on" : "",
        languages: s.languages,
        email: text(s.email),
        phone: text(s.phone),
        url: text(s.url),
        waitingWeeks: text(s.waitingWeeks),
        capacityStatus: s.capacityStatus,
      },
      hours: hours.map((h) => ({ weekday: String(h.weekday), opensAt: h.opensAt, closesAt: h.closesAt })),
      organisationId: text(o.organisationId),
      waitingWeeks: text(s.waitingWeeks),
      capacityStatus: s.capacityStatus,
    },
  };
}

/** Approved Noaber organisations a facility can be linked to (their members then keep its status current). */
export async function organisationChoices(db: Queryable) {
  return db
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .where(eq(organisation.status, "approved"))
    .orderBy(asc(organisation.name));
}

/** The form options for a new facility (coordinators and admins). */
export async function getNewFacilityForm({ ctx }: { ctx: Ctx }) {
  ensure(can.coordinateAnywhere(requireActor(ctx.actor)));
  return { organisationChoices: await organisationChoices(ctx.database.db) };
}

/**
 * Changes everything about a facility (coordinators of its neighbourhood and admins). Moving it to
 * another neighbourhood needs the right to edit there too. Saving confirms the entry: verified now.
 */
export async function updateFacility({ ctx, input }: { ctx: Ctx; input: FacilityInput & { id: number } }) {
  const actor = requireActor(ctx.actor);
  const value = parseOrThrow(facilityInput, input);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const row = await loadFacility(tx, input.id);
    ensureFound(facilityWriteRefusal(actor, scopeOf(row), null) === null);
    const place = await neighbourhoodOfPostcode(tx, value.location.postcode);
    if (facilityWriteRefusal(actor, scopeOf(row), place)) throw new Validation({ "location.postcode": ["socialMap.errors.postcodeNotYours"] });
    const organisationId = await ensureLinkableOrganisation(tx, value.organisationId);
    await tx
      .update(facilityOrganization)
      .set({ ...organizationValues(value.organization), organisationId, updatedAt: now })
      .where(eq(facilityOrganization.id, row.organization.id));
    await tx
      .update(facilityLocation)
      .set({ ...locationValues(value.location, place.neighbourhoodId), updatedAt: now })
      .where(eq(facilityLocation.id, row.location.id));
    await tx
      .update(facilityService)
      .set({ ...serviceValues(value.service), verifiedAt: now, verifiedById: actor.userId, updatedAt: now })
      .where(eq(facilityService.id, row.service.id));
    await replaceHours(tx, row.service.id, value.hours);
    return { id: row.service.id };
  });
}

/** Waiting time, capacity and hours, by the facility's own people or a coordinator; also confirms the entry. */
export async function updateFacilityStatus({ ctx, input }: { ctx: Ctx; input: FacilityStatusInput & { id: number } }) {
  const actor = requireActor(ctx.actor);
  const value = parseOrThrow(facilityStatusInput, input);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const row = await loadFacility(tx, input.id);
    ensureFound(can.updateFacilityStatus(actor, scopeOf(row)));
    await tx
      .update(facilityService)
      .set({ waitingWeeks: value.waitingWeeks ?? null, capacityStatus: value.capacityStatus, verifiedAt: now, verifiedById: actor.userId, updatedAt: now })
      .where(eq(facilityService.id, row.service.id));
    await replaceHours(tx, row.service.id, value.hours);
    return { id: row.service.id };
  });
}

/** "Still correct": the entry was checked and nothing changed. */
export async function verifyFacility({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const row = await loadFacility(tx, input.id);
    ensureFound(can.updateFacilityStatus(actor, scopeOf(row)));
    await tx.update(facilityService).set({ verifiedAt: now, verifiedById: actor.userId }).where(eq(facilityService.id, row.service.id));
    return { id: row.service.id, verifiedAt: now };
  });
}

/**
 * Removes a facility (service). Its location and organisation go too when nothing else uses them;
 * activities held there keep existing without the link (ON DELETE SET NULL).
 */
export async function deleteFacility({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  return ctx.database.write(async (tx) => {
    const row = await loadFacility(tx, input.id);
    ensureFound(facilityWriteRefusal(actor, scopeOf(row), null) === null);
    await tx.delete(facilityService).where(eq(facilityService.id, row.service.id));
    const locationUnused = sql`NOT EXISTS (SELECT 1 FROM ${facilityService} WHERE ${facilityService.locationId} = ${row.location.id})`;
    await tx
      .delete(facilityLocation)
      .where(and(eq(facilityLocation.id, row.location.id), locationUnused));
    await tx
      .delete(facilityOrganization)
      .where(
        and(
          eq(facilityOrganization.id, row.organization.id),
          sql`NOT EXISTS (SELECT 1 FROM ${facilityLocation} WHERE ${facilityLocation.organizationId} = ${row.organization.id})`,
        ),
      );
    return { deleted: row.service.id };
  });
}

// ── Search (/map) ────────────────────────────────────────────────────────────────────────

/** A search result: what the list and the map markers need. */
export type FacilityListItem = Awaited<ReturnType<typeof searchFacilities>>["items"][number];

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
  if (filters.noWaitingList) where.push(sql`${facilityService.access} <> 'waiting-list' AND coalesce(${facilityService.waitingWeeks}, 0) = 0`);
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
  const hours = await hoursOf(db, page.map((r) => r.id));
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
    .select({ total: sql<number>`count(*)`, fresh: sql<number>`coalesce(sum(CASE WHEN ${facilityService.verifiedAt} >= ${threshold} THEN 1 ELSE 0 END), 0)` })
    .from(facilityService)
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .where(scope);
  return { total: Number(row?.total ?? 0), fresh: Number(row?.fresh ?? 0) };
}

// ── Hand-off to a help request ───────────────────────────────────────────────────────────

/** A help-request kind that fits a facility category, where one does; otherwise the resident chooses. */
const kindForCategory: Partial<Record<FacilityCategory, HelpRequestKind>> = {
  "respite-day-care": "respite",
  "financial-support": "paperwork",
  "debt-income": "paperwork",
  housing: "paperwork",
  "language-integration": "paperwork",
  "sport-leisure": "walking",
};

/**
 * What "Ask for help with this" fills in on /requests/new: the facility's name and id, a kind
 * guessed from its category, and the start of the public text ("Via <name>: "). Public data only.
 */
export async function getFacilityHandOff({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const row = await loadFacility(ctx.database.db, input.id);
  return {
    facilityId: row.service.id,
    name: row.service.name,
    organization: row.organization.name,
    kind: kindForCategory[row.service.category] ?? null,
    publicTextStart: `Via ${row.service.name}: `,
  };
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
