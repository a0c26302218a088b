import { and, asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import {
  facilityLocation,
  facilityOpeningHours,
  facilityOrganization,
  facilityService,
  neighbourhood,
  neighbourhoodPostcode,
  organisation,
} from "#db/schema";
import type { z } from "zod";
import type { Ctx } from "../context.server";
import { hoursOf, loadFacility, scopeOf } from "./facility-rows.server";
import { Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { facilityInput, facilityStatusInput, type FacilityInput, type FacilityStatusInput, type OpeningHoursRow } from "./schemas";
import { can, ensure, ensureFound, requireActor, type Actor } from "../permissions";

// The social map (sociale kaart). A "facility" is one service at its location; the organisation
// and location rows are shared when one organisation offers several services. Everyone may view;
// coordinators of the location's neighbourhood and admins keep entries; members of the linked
// Noaber organisation keep the status (waiting time, capacity, hours) current. This file keeps
// the entries (create, edit, status, verify, delete); the page is in facility-page.server.ts, the
// search in facility-search.server.ts.

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
      .values({
        hsdsId: crypto.randomUUID(),
        municipalityId: place.municipalityId,
        organisationId,
        ...organizationValues(value.organization),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: facilityOrganization.id });
    const [loc] = await tx
      .insert(facilityLocation)
      .values({
        hsdsId: crypto.randomUUID(),
        organizationId: org!.id,
        ...locationValues(value.location, place.neighbourhoodId),
        createdAt: now,
        updatedAt: now,
      })
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
    if (facilityWriteRefusal(actor, scopeOf(row), place))
      throw new Validation({ "location.postcode": ["socialMap.errors.postcodeNotYours"] });
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
      .set({
        waitingWeeks: value.waitingWeeks ?? null,
        capacityStatus: value.capacityStatus,
        verifiedAt: now,
        verifiedById: actor.userId,
        updatedAt: now,
      })
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
    await tx.delete(facilityLocation).where(and(eq(facilityLocation.id, row.location.id), locationUnused));
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
