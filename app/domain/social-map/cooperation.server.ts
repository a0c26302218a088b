import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, eq, or } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { facilityCooperation, facilityLocation, facilityOrganization, facilityService, neighbourhood } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { cooperationInput, type CooperationInput } from "./schemas";
import { can, ensureFound, requireActor } from "../permissions";
import { facilityCategories, type CooperationKind, type FacilityCategory } from "~/domain/vocabulary";

// Cooperation on the social map: agreements and referral routes between facilities ("A refers to
// B for debt counselling"). Coordinators record them; everyone may see them, on the facility page
// (both directions) and per neighbourhood, where categories without any link stand out.

async function serviceScope(db: Queryable, id: number) {
  const [row] = await db
    .select({ id: facilityService.id, neighbourhoodId: facilityLocation.neighbourhoodId })
    .from(facilityService)
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .where(eq(facilityService.id, id));
  return row ?? null;
}

/** Records an agreement or referral route; a coordinator of either facility's neighbourhood (or an admin). */
export async function recordCooperation({ ctx, input }: { ctx: Ctx; input: CooperationInput }) {
  const actor = requireActor(ctx.actor);
  const parsed = cooperationInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new Validation(fieldErrors);
  }
  const value = parsed.data;
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const from = await serviceScope(tx, value.fromServiceId);
    if (!from) throw new NotFound();
    const to = await serviceScope(tx, value.toServiceId);
    if (!to) throw new Validation({ toServiceId: ["socialMap.errors.partnerRequired"] });
    ensureFound(can.recordCooperation(actor, from, to));
    const inserted = await tx
      .insert(facilityCooperation)
      .values({
        fromServiceId: from.id,
        toServiceId: to.id,
        kind: value.kind,
        purpose: value.purpose,
        createdById: actor.userId,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: facilityCooperation.id });
    if (inserted.length === 0) throw new Validation({ toServiceId: ["socialMap.errors.cooperationExists"] });
    return { id: inserted[0]!.id };
  });
}

/** Removes a link; the same people who may record it. */
export async function removeCooperation({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  return ctx.database.write(async (tx) => {
    const [link] = await tx.select().from(facilityCooperation).where(eq(facilityCooperation.id, input.id));
    if (!link) throw new NotFound();
    const [from, to] = await Promise.all([serviceScope(tx, link.fromServiceId), serviceScope(tx, link.toServiceId)]);
    if (!from || !to) throw new NotFound();
    ensureFound(can.recordCooperation(actor, from, to));
    await tx.delete(facilityCooperation).where(eq(facilityCooperation.id, link.id));
    return { removed: link.id };
  });
}

export interface Partner {
  linkId: number;
  direction: "outgoing" | "incoming";
  kind: CooperationKind;
  purpose: string;
  serviceId: number;
  name: string;
  organization: string;
  category: FacilityCategory;
}

/** The partners of one facility, both ways: whom it refers to (outgoing) and who refers to it (incoming). */
export async function listPartners(db: Queryable, serviceId: number): Promise<Partner[]> {
  const rows = await db
    .select({
      linkId: facilityCooperation.id,
      fromServiceId: facilityCooperation.fromServiceId,
      toServiceId: facilityCooperation.toServiceId,
      kind: facilityCooperation.kind,
      purpose: facilityCooperation.purpose,
      serviceId: facilityService.id,
      name: facilityService.name,
      organization: facilityOrganization.name,
      category: facilityService.category,
    })
    .from(facilityCooperation)
    .innerJoin(
      facilityService,
      or(
        and(eq(facilityCooperation.fromServiceId, serviceId), eq(facilityService.id, facilityCooperation.toServiceId)),
        and(eq(facilityCooperation.toServiceId, serviceId), eq(facilityService.id, facilityCooperation.fromServiceId)),
      ),
    )
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .where(or(eq(facilityCooperation.fromServiceId, serviceId), eq(facilityCooperation.toServiceId, serviceId)))
    .orderBy(asc(facilityService.name), asc(facilityCooperation.id));
  return rows.map(({ fromServiceId, toServiceId: _to, ...r }) => ({
    ...r,
    direction: fromServiceId === serviceId ? "outgoing" : "incoming",
  }));
}

/** Facilities a coordinator can link this one to (all others in the same municipality), by name. */
export async function listPartnerChoices({ ctx, input }: { ctx: Ctx; input: { serviceId: number } }) {
  const [self] = await ctx.database.db
    .select({ municipalityId: facilityOrganization.municipalityId })
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .where(eq(facilityService.id, input.serviceId));
  if (!self) throw new NotFound();
  const rows = await ctx.database.db
    .select({ id: facilityService.id, name: facilityService.name, organization: facilityOrganization.name })
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .where(eq(facilityOrganization.municipalityId, self.municipalityId))
    .orderBy(asc(facilityService.name), asc(facilityService.id))
    .limit(2000);
  return rows.filter((r) => r.id !== input.serviceId);
}

/**
 * Per neighbourhood: its facilities, the links that touch them (also to other neighbourhoods),
 * and the categories present there that have no cooperation at all (they stand out). Public.
 */
export async function getCooperationOverview({ ctx }: { ctx: Ctx }) {
  const db = ctx.database.db;
  const fromService = alias(facilityService, "from_service");
  const toService = alias(facilityService, "to_service");
  const fromLocation = alias(facilityLocation, "from_location");
  const toLocation = alias(facilityLocation, "to_location");
  const [areas, services, links] = await Promise.all([
    db
      .select({ id: neighbourhood.id, name: neighbourhood.name, slug: neighbourhood.slug })
      .from(neighbourhood)
      .orderBy(asc(neighbourhood.name)),
    db
      .select({
        id: facilityService.id,
        name: facilityService.name,
        category: facilityService.category,
        neighbourhoodId: facilityLocation.neighbourhoodId,
      })
      .from(facilityService)
      .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId)),
    db
      .select({
        id: facilityCooperation.id,
        kind: facilityCooperation.kind,
        purpose: facilityCooperation.purpose,
        from: { id: fromService.id, name: fromService.name, category: fromService.category, neighbourhoodId: fromLocation.neighbourhoodId },
        to: { id: toService.id, name: toService.name, category: toService.category, neighbourhoodId: toLocation.neighbourhoodId },
      })
      .from(facilityCooperation)
      .innerJoin(fromService, eq(fromService.id, facilityCooperation.fromServiceId))
      .innerJoin(fromLocation, eq(fromLocation.id, fromService.locationId))
      .innerJoin(toService, eq(toService.id, facilityCooperation.toServiceId))
      .innerJoin(toLocation, eq(toLocation.id, toService.locationId))
      .orderBy(asc(fromService.name), asc(toService.name)),
  ]);
  const linked = new Set(links.flatMap((l) => [l.from.id, l.to.id]));
  return areas.map((area) => {
    const here = services.filter((s) => s.neighbourhoodId === area.id);
    const present = facilityCategories.filter((c) => here.some((s) => s.category === c));
    const categories = present.map((category) => {
      const ofCategory = here.filter((s) => s.category === category);
      return { category, facilities: ofCategory.length, linked: ofCategory.some((s) => linked.has(s.id)) };
    });
    return {
      ...area,
      facilities: here.length,
      links: links.filter((l) => l.from.neighbourhoodId === area.id || l.to.neighbourhoodId === area.id),
      categories,
      unlinkedCategories: categories.filter((c) => !c.linked).map((c) => c.category),
    };
  });
}
