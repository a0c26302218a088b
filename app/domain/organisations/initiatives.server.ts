import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { activity, initiative, initiativeInterest, initiativePartner, neighbourhood, organisation } from "#db/schema";
import { fieldErrorsOf } from "../forms";
import { initiativeSchema, type InitiativeInput } from "./schemas";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { reachByInitiative } from "./initiative-reach.server";
import { listPartnerChoices, loadVisibleOrganisation } from "./organisations.server";
import { ensureFound, requireActor } from "../permissions";
import { localDateOf } from "../scheduling/local-time";
import { type TargetGroup } from "~/domain/vocabulary";

const E = "community.errors";
export const INITIATIVES_PER_PAGE = 20;

const hasTargetGroup = (group: TargetGroup) =>
  sql`EXISTS (SELECT 1 FROM json_each(${initiative.targetGroups}) WHERE json_each.value = ${group})`;

/** Initiatives of approved organisations, newest period first, optionally for one target group. */
export async function listInitiatives({ ctx, input }: { ctx: Ctx; input: { targetGroup: TargetGroup | null; page: number } }) {
  const db = ctx.database.db;
  const where = and(
    eq(organisation.status, "approved"),
    isNull(organisation.archivedAt),
    input.targetGroup ? hasTargetGroup(input.targetGroup) : undefined,
  );
  const page = Math.max(1, Math.floor(input.page) || 1);
  const interest = db
    .select({ initiativeId: initiativeInterest.initiativeId, n: count().as("n") })
    .from(initiativeInterest)
    .groupBy(initiativeInterest.initiativeId)
    .as("interest");
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: initiative.id,
        title: initiative.title,
        goal: initiative.goal,
        targetGroups: initiative.targetGroups,
        startsOn: initiative.startsOn,
        endsOn: initiative.endsOn,
        organisationName: organisation.name,
        organisationSlug: organisation.slug,
        interested: sql<number>`coalesce(${interest.n}, 0)`,
      })
      .from(initiative)
      .innerJoin(organisation, eq(organisation.id, initiative.organisationId))
      .leftJoin(interest, eq(interest.initiativeId, initiative.id))
      .where(where)
      .orderBy(desc(initiative.startsOn), desc(initiative.id))
      .limit(INITIATIVES_PER_PAGE)
      .offset((page - 1) * INITIATIVES_PER_PAGE),
    db.select({ n: count() }).from(initiative).innerJoin(organisation, eq(organisation.id, initiative.organisationId)).where(where),
  ]);
  const n = total?.n ?? 0;
  return {
    items: items.map((i) => ({ ...i, interested: Number(i.interested) })),
    page,
    pages: Math.max(1, Math.ceil(n / INITIATIVES_PER_PAGE)),
    total: n,
  };
}

async function loadVisibleInitiative(ctx: Ctx, id: number) {
  const row = await ctx.database.db.query.initiative.findFirst({ where: eq(initiative.id, id) });
  if (!row) throw new NotFound();
  const { org, access } = await loadVisibleOrganisation(ctx, { id: row.organisationId });
  return { initiative: row, org, access };
}

/** One initiative with its partners, activities and interest; reach for its organisation's members. */
export async function getInitiative({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const { initiative: row, org, access } = await loadVisibleInitiative(ctx, input.id);
  const db = ctx.database.db;
  const [partners, activities, [interest], mine, reach] = await Promise.all([
    db
      .select({ id: organisation.id, name: organisation.name, slug: organisation.slug })
      .from(initiativePartner)
      .innerJoin(organisation, eq(organisation.id, initiativePartner.organisationId))
      .where(and(eq(initiativePartner.initiativeId, row.id), eq(organisation.status, "approved")))
      .orderBy(asc(organisation.name)),
    db
      .select({ id: activity.id, title: activity.title, category: activity.category, neighbourhood: neighbourhood.name })
      .from(activity)
      .innerJoin(neighbourhood, eq(neighbourhood.id, activity.neighbourhoodId))
      .where(eq(activity.initiativeId, row.id))
      .orderBy(asc(activity.title)),
    db.select({ n: count() }).from(initiativeInterest).where(eq(initiativeInterest.initiativeId, row.id)),
    ctx.actor
      ? db.query.initiativeInterest.findFirst({
          where: and(eq(initiativeInterest.initiativeId, row.id), eq(initiativeInterest.userId, ctx.actor.userId)),
        })
      : Promise.resolve(undefined),
    access.canSeeMembers ? reachByInitiative(db, [row.id]) : Promise.resolve(null),
  ]);
  return {
    initiative: {
      id: row.id,
      title: row.title,
      goal: row.goal,
      description: row.description,
      targetGroups: row.targetGroups,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
    },
    organisation: { name: org.name, slug: org.slug, status: org.status },
    partners,
    activities,
    interest: { count: interest?.n ?? 0, mine: !!mine },
    reach: reach?.get(row.id) ?? null,
    canEdit: access.canPost,
  };
}

/** The organisation and partner choices for a new initiative; only its members (and admins) may post. */
export async function getNewInitiativeForm({ ctx, input }: { ctx: Ctx; input: { organisationSlug: string } }) {
  requireActor(ctx.actor);
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.organisationSlug });
  ensureFound(access.canPost);
  return {
    organisation: { id: org.id, name: org.name, slug: org.slug },
    partnerChoices: await listPartnerChoices(ctx.database.db, org.id),
  };
}

/** The current values of an initiative for its edit form. */
export async function getInitiativeForEdit({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  requireActor(ctx.actor);
  const { initiative: row, org, access } = await loadVisibleInitiative(ctx, input.id);
  ensureFound(access.canPost);
  const partners = await ctx.database.db
    .select({ id: initiativePartner.organisationId })
    .from(initiativePartner)
    .where(eq(initiativePartner.initiativeId, row.id));
  return {
    organisation: { id: org.id, name: org.name, slug: org.slug },
    partnerChoices: await listPartnerChoices(ctx.database.db, org.id),
    values: {
      title: row.title,
      goal: row.goal,
      description: row.description,
      targetGroups: row.targetGroups,
      startsOn: row.startsOn,
      endsOn: row.endsOn ?? undefined,
      partnerIds: partners.map((p) => p.id),
    },
  };
}

async function checkInitiative(ctx: Ctx, db: Queryable, input: InitiativeInput, organisationId: number, previousEndsOn: string | null) {
  const parsed = initiativeSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const v = parsed.data;
  const today = localDateOf(ctx.now(), ctx.actor?.timeZone ?? ctx.defaultTimeZone);
  // An initiative that already ended may still be edited; a new or moved end date may not lie in the past.
  if (v.endsOn && v.endsOn < today && v.endsOn !== previousEndsOn) throw new Validation({ endsOn: [`${E}.dateInPast`] });
  const partnerIds = [...new Set(v.partnerIds)];
  if (partnerIds.length > 0) {
    const allowed = new Set((await listPartnerChoices(db, organisationId)).map((p) => p.id));
    if (partnerIds.some((id) => !allowed.has(id))) throw new Validation({ partnerIds: [`${E}.partnerInvalid`] });
  }
  return {
    values: {
      title: v.title,
      goal: v.goal,
      description: v.description ?? "",
      targetGroups: [...new Set(v.targetGroups)],
      startsOn: v.startsOn,
      endsOn: v.endsOn ?? null,
    },
    partnerIds,
  };
}

/** Creates an initiative for an organisation the actor belongs to. */
export async function createInitiative({ ctx, input }: { ctx: Ctx; input: InitiativeInput & { organisationSlug: string } }) {
  requireActor(ctx.actor);
  const { org, access } = await loadVisibleOrganisation(ctx, { slug: input.organisationSlug });
  ensureFound(access.canPost);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const { values, partnerIds } = await checkInitiative(ctx, tx, input, org.id, null);
    const [created] = await tx
      .insert(initiative)
      .values({ ...values, organisationId: org.id, createdAt: now })
      .returning({ id: initiative.id });
    if (partnerIds.length)
      await tx.insert(initiativePartner).values(partnerIds.map((organisationId) => ({ initiativeId: created!.id, organisationId })));
    return { id: created!.id };
  });
}

/** Edits an initiative of an organisation the actor belongs to. */
export async function updateInitiative({ ctx, input }: { ctx: Ctx; input: InitiativeInput & { id: number } }) {
  requireActor(ctx.actor);
  const { initiative: row, org, access } = await loadVisibleInitiative(ctx, input.id);
  ensureFound(access.canPost);
  await ctx.database.write(async (tx) => {
    const { values, partnerIds } = await checkInitiative(ctx, tx, input, org.id, row.endsOn);
    await tx
      .update(initiative)
      .set(values)
      .where(and(eq(initiative.id, row.id), eq(initiative.organisationId, org.id)));
    await tx.delete(initiativePartner).where(eq(initiativePartner.initiativeId, row.id));
    if (partnerIds.length)
      await tx.insert(initiativePartner).values(partnerIds.map((organisationId) => ({ initiativeId: row.id, organisationId })));
  });
  return { id: row.id };
}

/** "I'm interested": switches the actor's registration on or off and returns the new state. */
export async function toggleInterest({ ctx, input }: { ctx: Ctx; input: { initiativeId: number; interested: boolean } }) {
  const actor = requireActor(ctx.actor);
  const { initiative: row } = await loadVisibleInitiative(ctx, input.initiativeId);
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    if (input.interested) {
      await tx.insert(initiativeInterest).values({ initiativeId: row.id, userId: actor.userId, createdAt: now }).onConflictDoNothing();
    } else {
      await tx
        .delete(initiativeInterest)
        .where(and(eq(initiativeInterest.initiativeId, row.id), eq(initiativeInterest.userId, actor.userId)));
    }
  });
  return { interested: input.interested };
}
