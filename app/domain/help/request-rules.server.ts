import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { helpRequest, helpRequestWindow, neighbourhood, neighbourhoodAdjacency, user, volunteerProfile } from "#db/schema";
import type { HelpRequestStatus } from "~/domain/vocabulary";
import { Conflict } from "../errors";
import type { Actor } from "../permissions";
import { localDateOf } from "../scheduling/local-time";
import { effectiveVog } from "../accounts/volunteer-profile.server";

// What the help-request verbs share and do not expose: the statuses that allow a change or
// show a request to volunteers, field errors, the neighbourhoods of a municipality, and THE rule
// for which requests a volunteer could be asked for. Not re-exported by the capability's index.

export const E = "helpRequest.errors";
export const EDITABLE: readonly HelpRequestStatus[] = ["submitted", "open", "asked"];
export const VISIBLE_TO_VOLUNTEERS: readonly HelpRequestStatus[] = ["open", "asked"];

export type FieldErrors = Record<string, string[]>;
export const addError = (errors: FieldErrors, name: string, key: string) => void (errors[name] ??= []).push(`${E}.${key}`);

export async function municipalityNeighbourhoods(db: Queryable, homeNeighbourhoodId: number) {
  const [home] = await db
    .select({ municipalityId: neighbourhood.municipalityId })
    .from(neighbourhood)
    .where(eq(neighbourhood.id, homeNeighbourhoodId));
  if (!home) return [];
  return db
    .select({ id: neighbourhood.id, name: neighbourhood.name })
    .from(neighbourhood)
    .where(eq(neighbourhood.municipalityId, home.municipalityId))
    .orderBy(asc(neighbourhood.name));
}

export function refusal(status: HelpRequestStatus | undefined): never {
  if (status === "matched" || status === "completed") throw new Conflict(`${E}.filled`);
  throw new Conflict(`${E}.closed`);
}

async function volunteerReach(db: Queryable, actor: Actor) {
  const profile = await db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) });
  if (!profile) return null;
  const home = await db.query.user.findFirst({ where: eq(user.id, actor.userId), columns: { neighbourhoodId: true } });
  const own = home?.neighbourhoodId ?? actor.neighbourhoodId;
  let areas: number[] = [own];
  if (profile.travelRange === "adjacent") {
    const next = await db
      .select({ id: neighbourhoodAdjacency.adjacentId })
      .from(neighbourhoodAdjacency)
      .where(eq(neighbourhoodAdjacency.neighbourhoodId, own));
    areas = [own, ...next.map((n) => n.id)];
  } else if (profile.travelRange === "municipality") {
    areas = (await municipalityNeighbourhoods(db, own)).map((n) => n.id);
  }
  return { profile, areas };
}

/**
 * THE rule for "this volunteer could be asked for this request", as a condition on help_request:
 * /requests/open lists exactly these, and a volunteer opens a request by its number (and offers
 * help on it) only under it. Open or asked; in a neighbourhood within their travel range; a VOG
 * valid today when the request needs one; not paused today; not their own request (intake
 * requests have none); a wanted time still to come. Null when the actor is no volunteer.
 */
export async function openRequestRule(db: Queryable, actor: Actor, now: number) {
  const reach = await volunteerReach(db, actor);
  if (!reach) return null;
  const today = localDateOf(now, actor.timeZone);
  const vogValid = effectiveVog(reach.profile.vogStatus, reach.profile.vogValidUntil, today) === "valid";
  const paused = !!reach.profile.pausedUntil && reach.profile.pausedUntil >= today;
  const where = paused
    ? sql`0 = 1`
    : and(
        inArray(helpRequest.status, [...VISIBLE_TO_VOLUNTEERS]),
        inArray(helpRequest.neighbourhoodId, reach.areas),
        vogValid ? undefined : eq(helpRequest.requiresVog, false),
        or(isNull(helpRequest.requesterId), ne(helpRequest.requesterId, actor.userId)),
        sql`EXISTS (SELECT 1 FROM ${helpRequestWindow} WHERE ${helpRequestWindow.requestId} = ${helpRequest.id} AND ${helpRequestWindow.endsAt} > ${now})`,
      )!;
  return { reach, paused, where };
}

/** Whether the volunteer could be asked for this one request (the open-requests rule). */
export async function couldBeAskedFor(db: Queryable, actor: Actor, requestId: number, now: number): Promise<boolean> {
  const rule = await openRequestRule(db, actor, now);
  if (!rule) return false;
  const [row] = await db
    .select({ id: helpRequest.id })
    .from(helpRequest)
    .where(and(eq(helpRequest.id, requestId), rule.where));
  return !!row;
}
