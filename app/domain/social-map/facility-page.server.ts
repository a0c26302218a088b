import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { activity, activitySession, helpRequest, organisation } from "#db/schema";
import type { FacilityCategory, HelpRequestKind } from "~/domain/vocabulary";
import type { Ctx } from "../context.server";
import { listPartnerChoices, listPartners } from "./cooperation.server";
import { can } from "../permissions";
import { staleBefore } from "../scheduling/freshness";
import { addDays, localDateOf, localToInstant } from "../scheduling/local-time";
import { hoursByWeekday, openingState } from "../scheduling/opening-hours";
import { hoursOf, loadFacility, scopeOf } from "./facility-rows.server";

// One facility's page on the social map, and the hand-off from a facility to a help request.

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
  // Referrals only for who coordinates the facility's neighbourhood: a visitor's page (the one the
  // page cache keeps) never has them.
  const referrals = can.coordinateNeighbourhood(ctx.actor, scope.neighbourhoodId)
    ? await referralsFrom(db, row.service.id, now, row.timeZone)
    : null;
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
    referrals,
  };
}

/** Help requests started from the facility's page in the last 12 months (local days), per kind of help. */
async function referralsFrom(db: Queryable, serviceId: number, now: number, zone: string) {
  const from = localToInstant(addDays(localDateOf(now, zone), -365), "00:00", zone);
  return db
    .select({ kind: helpRequest.kind, count: sql<number>`count(*)`.mapWith(Number) })
    .from(helpRequest)
    .where(and(eq(helpRequest.facilityId, serviceId), gte(helpRequest.createdAt, from.ok ? from.epochMs : now - 365 * 86_400_000)))
    .groupBy(helpRequest.kind)
    .orderBy(desc(sql`count(*)`), asc(helpRequest.kind));
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
