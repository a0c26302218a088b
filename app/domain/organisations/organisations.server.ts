import { and, asc, eq, exists, gt, inArray, like, ne, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Queryable } from "#db/client";
import {
  activity,
  initiative,
  initiativePartner,
  neighbourhood,
  organisation,
  organisationInvitation,
  organisationMembership,
  organisationNeighbourhood,
  user,
} from "#db/schema";
import { fieldErrorsOf } from "../forms";
import { memberChangeSchema, organisationSchema, type OrganisationInput } from "./schemas";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { reachByInitiative } from "./initiative-reach.server";
import { can, ensure, ensureFound, requireActor, type Actor } from "../permissions";
import { maskAddressForDisplay } from "~/domain/accounts/mask-address";

const E = "community.errors";

type OrganisationRow = typeof organisation.$inferSelect;

/** "Sportvereniging Hoflanden!" → "sportvereniging-hoflanden"; accents dropped; at most 56 characters. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 56)
    .replace(/-+$/g, "");
  return slug.length >= 2 ? slug : "organisatie";
}

/** The first of base, base-2, base-3 … that no organisation uses yet. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** What the actor may do with one organisation, given the neighbourhoods it serves. */
export function organisationAccess(actor: Actor | null, org: Pick<OrganisationRow, "id" | "status">, servedIds: readonly number[]) {
  const membership = actor?.memberships.find((m) => m.organisationId === org.id) ?? null;
  const coordinatesServed = !!actor && servedIds.some((id) => actor.coordinatorOf.includes(id));
  const isAdmin = !!actor?.isAdmin;
  return {
    isMember: !!membership,
    /** Approve: an admin, or a coordinator of a neighbourhood the organisation serves. */
    canApprove: org.status === "pending" && (isAdmin || coordinatesServed),
    /** Pending organisations are seen only by their members, those who may approve them, and admins. */
    canView: org.status === "approved" || !!membership || isAdmin || coordinatesServed,
    canManage: can.manageOrganisation(actor, org.id),
    canPost: can.postForOrganisation(actor, org.id),
    canSeeMembers: !!membership || isAdmin,
  };
}

export async function servedNeighbourhoodIds(db: Queryable, organisationId: number): Promise<number[]> {
  const rows = await db
    .select({ id: organisationNeighbourhood.neighbourhoodId })
    .from(organisationNeighbourhood)
    .where(eq(organisationNeighbourhood.organisationId, organisationId));
  return rows.map((r) => r.id);
}

/** Loads an organisation the actor may see; NotFound otherwise (a pending one's existence is not revealed). */
export async function loadVisibleOrganisation(ctx: Ctx, where: { slug: string } | { id: number }) {
  const org = await ctx.database.db.query.organisation.findFirst({
    where: "slug" in where ? eq(organisation.slug, where.slug) : eq(organisation.id, where.id),
  });
  if (!org) throw new NotFound();
  const servedIds = await servedNeighbourhoodIds(ctx.database.db, org.id);
  const access = organisationAccess(ctx.actor, org, servedIds);
  if (!access.canView) throw new NotFound();
  return { org, servedIds, access };
}

/** Every neighbourhood, for the "which neighbourhoods do you serve" checkboxes. */
export async function listNeighbourhoodChoices({ ctx }: { ctx: Ctx }) {
  return ctx.database.db.select({ id: neighbourhood.id, name: neighbourhood.name }).from(neighbourhood).orderBy(asc(neighbourhood.name));
}

/** The public page of an organisation, with members and reach for those allowed to see them. */
export async function getOrganisationPage({ ctx, input }: { ctx: Ctx; input: { slug: string } }) {
  const { org, servedIds, access } = await loadVisibleOrganisation(ctx, { slug: input.slug });
  const db = ctx.database.db;
  const partnerOrg = alias(organisation, "partner_owner");
  const [served, members, initiatives, partnerIn, activities] = await Promise.all([
    servedIds.length
      ? db
          .select({ id: neighbourhood.id, name: neighbourhood.name })
          .from(neighbourhood)
          .where(inArray(neighbourhood.id, servedIds))
          .orderBy(asc(neighbourhood.name))
      : Promise.resolve([]),
    access.canSeeMembers
      ? db
          .select({ userId: user.id, name: user.name, role: organisationMembership.role })
          .from(organisationMembership)
          .innerJoin(user, eq(user.id, organisationMembership.userId))
          .where(eq(organisationMembership.organisationId, org.id))
          .orderBy(asc(user.name))
      : Promise.resolve(null),
    db
      .select({ id: initiative.id, title: initiative.title, startsOn: initiative.startsOn, endsOn: initiative.endsOn })
      .from(initiative)
      .where(eq(initiative.organisationId, org.id))
      .orderBy(asc(initiative.startsOn), asc(initiative.id)),
    db
      .select({ id: initiative.id, title: initiative.title, organisationName: partnerOrg.name })
      .from(initiativePartner)
      .innerJoin(initiative, eq(initiative.id, initiativePartner.initiativeId))
      .innerJoin(partnerOrg, eq(partnerOrg.id, initiative.organisationId))
      .where(and(eq(initiativePartner.organisationId, org.id), eq(partnerOrg.status, "approved")))
      .orderBy(asc(initiative.title)),
    db
      .select({ id: activity.id, title: activity.title, category: activity.category, neighbourhood: neighbourhood.name })
      .from(activity)
      .innerJoin(neighbourhood, eq(neighbourhood.id, activity.neighbourhoodId))
      .where(eq(activity.organisationId, org.id))
      .orderBy(asc(activity.title)),
  ]);
  const reach = access.canSeeMembers
    ? await reachByInitiative(
        db,
        initiatives.map((i) => i.id),
      )
    : null;
  return {
    organisation: {
      id: org.id,
      slug: org.slug,
      name: org.name,
      kind: org.kind,
      description: org.description,
      contactEmail: org.contactEmail,
      contactPhone: org.contactPhone,
      website: org.website,
      status: org.status,
    },
    neighbourhoods: served,
    members,
    initiatives: initiatives.map((i) => ({ ...i, reach: reach?.get(i.id) ?? null })),
    partnerIn,
    activities,
    access,
  };
}

async function checkNeighbourhoods(db: Queryable, ids: number[]) {
  const unique = [...new Set(ids)];
  const found = await db.select({ id: neighbourhood.id }).from(neighbourhood).where(inArray(neighbourhood.id, unique));
  if (found.length !== unique.length) throw new Validation({ neighbourhoodIds: [`${E}.neighbourhoodsRequired`] });
  return unique;
}

function parseOrganisation(input: OrganisationInput) {
  const parsed = organisationSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const v = parsed.data;
  return {
    values: {
      name: v.name,
      kind: v.kind,
      description: v.description ?? "",
      contactEmail: v.contactEmail ?? null,
      contactPhone: v.contactPhone ?? null,
      website: v.website ?? null,
    },
    neighbourhoodIds: v.neighbourhoodIds,
  };
}

/**
 * Registers a new organisation: it waits for approval, the person registering becomes its admin,
 * and its address (slug) comes from the name, made unique.
 */
export async function registerOrganisation({ ctx, input }: { ctx: Ctx; input: OrganisationInput }) {
  const actor = requireActor(ctx.actor);
  const { values, neighbourhoodIds } = parseOrganisation(input);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const served = await checkNeighbourhoods(tx, neighbourhoodIds);
    const base = slugify(values.name);
    const taken = await tx
      .select({ slug: organisation.slug })
      .from(organisation)
      .where(or(eq(organisation.slug, base), like(organisation.slug, `${base}-%`)));
    const slug = firstFreeSlug(base, new Set(taken.map((t) => t.slug)));
    const [created] = await tx
      .insert(organisation)
      .values({ ...values, slug, status: "pending", createdAt: now })
      .returning({ id: organisation.id, slug: organisation.slug });
    await tx.insert(organisationMembership).values({ organisationId: created!.id, userId: actor.userId, role: "admin", createdAt: now });
    await tx.insert(organisationNeighbourhood).values(served.map((neighbourhoodId) => ({ organisationId: created!.id, neighbourhoodId })));
    return created!;
  });
}

/** The edit form's current values; only for the organisation's admins (and platform admins). */
export async function getOrganisationForEdit({ ctx, input }: { ctx: Ctx; input: { slug: string } }) {
  const { org, servedIds, access } = await loadVisibleOrganisation(ctx, input);
  ensureFound(access.canManage);
  return {
    slug: org.slug,
    name: org.name,
    kind: org.kind,
    description: org.description,
    contactEmail: org.contactEmail ?? undefined,
    contactPhone: org.contactPhone ?? undefined,
    website: org.website ?? undefined,
    neighbourhoodIds: servedIds,
  };
}

/** Edits name, kind, description, contact and neighbourhoods. The slug stays, so links keep working. */
export async function updateOrganisation({ ctx, input }: { ctx: Ctx; input: OrganisationInput & { slug: string } }) {
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.slug });
  ensureFound(access.canManage);
  const { values, neighbourhoodIds } = parseOrganisation(input);
  await ctx.database.write(async (tx) => {
    const served = await checkNeighbourhoods(tx, neighbourhoodIds);
    await tx.update(organisation).set(values).where(eq(organisation.id, org.id));
    await tx.delete(organisationNeighbourhood).where(eq(organisationNeighbourhood.organisationId, org.id));
    await tx.insert(organisationNeighbourhood).values(served.map((neighbourhoodId) => ({ organisationId: org.id, neighbourhoodId })));
  });
  return { slug: org.slug };
}

/** Pending organisations the actor may approve: all for an admin, those serving a coordinated neighbourhood otherwise. */
export async function listPendingOrganisations({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  ensure(can.approveOrganisations(actor));
  const db = ctx.database.db;
  const pending = await db
    .select({
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      kind: organisation.kind,
      description: organisation.description,
      contactEmail: organisation.contactEmail,
      contactPhone: organisation.contactPhone,
      website: organisation.website,
      createdAt: organisation.createdAt,
    })
    .from(organisation)
    .where(
      and(
        eq(organisation.status, "pending"),
        actor.isAdmin
          ? undefined
          : exists(
              db
                .select({ one: organisationNeighbourhood.organisationId })
                .from(organisationNeighbourhood)
                .where(
                  and(
                    eq(organisationNeighbourhood.organisationId, organisation.id),
                    inArray(organisationNeighbourhood.neighbourhoodId, [...actor.coordinatorOf]),
                  ),
                ),
            ),
      ),
    )
    .orderBy(asc(organisation.createdAt), asc(organisation.id));
  if (pending.length === 0) return [];
  const ids = pending.map((p) => p.id);
  const [served, admins] = await Promise.all([
    db
      .select({ organisationId: organisationNeighbourhood.organisationId, name: neighbourhood.name })
      .from(organisationNeighbourhood)
      .innerJoin(neighbourhood, eq(neighbourhood.id, organisationNeighbourhood.neighbourhoodId))
      .where(inArray(organisationNeighbourhood.organisationId, ids))
      .orderBy(asc(neighbourhood.name)),
    db
      .select({ organisationId: organisationMembership.organisationId, name: user.name, email: user.email })
      .from(organisationMembership)
      .innerJoin(user, eq(user.id, organisationMembership.userId))
      .where(and(inArray(organisationMembership.organisationId, ids), eq(organisationMembership.role, "admin")))
      .orderBy(asc(user.name)),
  ]);
  return pending.map((p) => ({
    ...p,
    neighbourhoods: served.filter((s) => s.organisationId === p.id).map((s) => s.name),
    admins: admins.filter((a) => a.organisationId === p.id).map(({ name, email }) => ({ name, email })),
  }));
}

/** Approves a pending organisation; records who approved it and when. Approving twice changes nothing. */
export async function approveOrganisation({ ctx, input }: { ctx: Ctx; input: { organisationId: number } }) {
  const actor = requireActor(ctx.actor);
  const org = await ctx.database.db.query.organisation.findFirst({ where: eq(organisation.id, input.organisationId) });
  if (!org) throw new NotFound();
  const access = organisationAccess(actor, org, await servedNeighbourhoodIds(ctx.database.db, org.id));
  if (!access.canView) throw new NotFound();
  if (org.status === "approved") return { slug: org.slug, approved: false };
  ensureFound(access.canApprove);
  const now = ctx.now();
  const changed = await ctx.database.write((tx) =>
    tx
      .update(organisation)
      .set({ status: "approved", approvedBy: actor.userId, approvedAt: now })
      .where(and(eq(organisation.id, org.id), eq(organisation.status, "pending")))
      .returning({ id: organisation.id }),
  );
  return { slug: org.slug, approved: changed.length > 0 };
}

/**
 * Members (with name and e-mail address: they accepted) and open invitations (masked address
 * only), for the organisation's admins who manage them.
 */
export async function listMembersForManagement({ ctx, input }: { ctx: Ctx; input: { slug: string } }) {
  const { org, access } = await loadVisibleOrganisation(ctx, input);
  ensureFound(access.canManage);
  const [members, invitations] = await Promise.all([
    ctx.database.db
      .select({ userId: user.id, name: user.name, email: user.email, role: organisationMembership.role })
      .from(organisationMembership)
      .innerJoin(user, eq(user.id, organisationMembership.userId))
      .where(eq(organisationMembership.organisationId, org.id))
      .orderBy(asc(user.name)),
    listOpenInvitations(ctx, org.id),
  ]);
  return { organisation: { slug: org.slug, name: org.name, status: org.status }, members, invitations };
}

/**
 * Changes a member's role. The last admin cannot be made a plain member: the condition is part of
 * the UPDATE, so two admins demoting each other at the same time cannot both succeed.
 */
export async function changeMemberRole({ ctx, input }: { ctx: Ctx; input: { slug: string; userId: number; role: "member" | "admin" } }) {
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.slug });
  ensureFound(access.canManage);
  const parsed = memberChangeSchema.safeParse(input);
  if (!parsed.success || !parsed.data.role) throw new Validation({ form: [`${E}.roleRequired`] });
  const role = parsed.data.role;
  await ctx.database.write(async (tx) => {
    const others = alias(organisationMembership, "other_admin");
    const changed = await tx
      .update(organisationMembership)
      .set({ role })
      .where(
        and(
          eq(organisationMembership.organisationId, org.id),
          eq(organisationMembership.userId, input.userId),
          role === "admin"
            ? undefined
            : or(
                ne(organisationMembership.role, "admin"),
                exists(
                  tx
                    .select({ one: others.userId })
                    .from(others)
                    .where(and(eq(others.organisationId, org.id), eq(others.role, "admin"), ne(others.userId, input.userId))),
                ),
              ),
        ),
      )
      .returning({ userId: organisationMembership.userId });
    if (changed.length === 0) await explainRefusal(tx, org.id, input.userId);
  });
}

/** Removes a member (an admin does this; anyone may leave). The last admin cannot be removed. */
export async function removeMember({ ctx, input }: { ctx: Ctx; input: { slug: string; userId: number } }) {
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.slug });
  const actor = requireActor(ctx.actor);
  ensureFound(access.canManage || (access.isMember && actor.userId === input.userId));
  await ctx.database.write(async (tx) => {
    const others = alias(organisationMembership, "other_admin");
    const removed = await tx
      .delete(organisationMembership)
      .where(
        and(
          eq(organisationMembership.organisationId, org.id),
          eq(organisationMembership.userId, input.userId),
          or(
            ne(organisationMembership.role, "admin"),
            exists(
              tx
                .select({ one: others.userId })
                .from(others)
                .where(and(eq(others.organisationId, org.id), eq(others.role, "admin"), ne(others.userId, input.userId))),
            ),
          ),
        ),
      )
      .returning({ userId: organisationMembership.userId });
    if (removed.length === 0) await explainRefusal(tx, org.id, input.userId);
  });
}

async function explainRefusal(db: Queryable, organisationId: number, userId: number): Promise<never> {
  const membership = await db.query.organisationMembership.findFirst({
    where: and(eq(organisationMembership.organisationId, organisationId), eq(organisationMembership.userId, userId)),
  });
  if (!membership) throw new NotFound();
  throw new Validation({ form: [`${E}.lastAdmin`] });
}

/** Approved organisations other than this one, for choosing an initiative's partners. */
export async function listPartnerChoices(db: Queryable, exceptOrganisationId: number) {
  return db
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .where(and(eq(organisation.status, "approved"), ne(organisation.id, exceptOrganisationId)))
    .orderBy(asc(organisation.name));
}

/** Open, unexpired invitations of an organisation, for its admins: masked address, role, expiry. */
export async function listOpenInvitations(ctx: Ctx, organisationId: number) {
  const rows = await ctx.database.db
    .select({
      id: organisationInvitation.id,
      email: organisationInvitation.email,
      role: organisationInvitation.role,
      expiresAt: organisationInvitation.expiresAt,
    })
    .from(organisationInvitation)
    .where(
      and(
        eq(organisationInvitation.organisationId, organisationId),
        eq(organisationInvitation.status, "open"),
        gt(organisationInvitation.expiresAt, ctx.now()),
      ),
    )
    .orderBy(asc(organisationInvitation.createdAt), asc(organisationInvitation.id));
  return rows.map(({ email, ...rest }) => ({ ...rest, maskedEmail: maskAddressForDisplay(email) }));
}
