import { and, asc, eq, gt, inArray, isNull, lte, lt, or, sql } from "drizzle-orm";
import {
  activity,
  activitySession,
  helpRequest,
  helpRequestEvent,
  helpRequestWindow,
  neighbourhood,
  neighbourhoodAdjacency,
  notificationSetting,
  organisation,
  user,
} from "#db/schema";
import type { EmailProps } from "#emails/registry";
import type { Ctx } from "../context.server";
import { listOpenRequestsNearMe } from "../help/request-invites.server";
import { listOpenShiftsForMe } from "../activities/open-shifts.server";
import { enqueueEmail } from "./outbox.server";
import { latestDigestSlot, type DigestSlot } from "../scheduling/digest-time";
import { loadActor } from "../accounts/sessions.server";

// The opt-in weekly digest: on Monday 08:00 in the person's own zone, what is new since the last
// digest (digest_covered_until): new activities in their own and adjacent neighbourhoods, open
// shifts that fit them from activities posted since, and help requests near them that volunteers
// could newly see. Nothing new: no mail, but the window still moves on. Run from the maintenance tick.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A digest more than this late (the server was down on Monday morning) waits for next Monday. */
export const DIGEST_LATE_LIMIT_MS = 12 * HOUR;
/** At most this many lines per section; the rest is a count. */
export const DIGEST_SECTION_LIMIT = 10;
/** Pages of open shifts looked at per person. */
const SHIFT_PAGES = 3;

type DigestProps = EmailProps<"digest">["public"];
type Person = {
  userId: number;
  name: string;
  email: string;
  locale: "nl" | "en";
  timeZone: string;
  neighbourhoodId: number;
  coveredUntil: number | null;
};

function cap<T>(items: T[]): { shown: T[]; more: number } {
  return { shown: items.slice(0, DIGEST_SECTION_LIMIT), more: Math.max(0, items.length - DIGEST_SECTION_LIMIT) };
}

/** Activities posted in the window in the person's own or an adjacent neighbourhood, with a session still to come. */
async function newActivities(ctx: Ctx, person: Person, from: number, until: number, now: number) {
  const db = ctx.database.db;
  const adjacent = await db
    .select({ id: neighbourhoodAdjacency.adjacentId })
    .from(neighbourhoodAdjacency)
    .where(eq(neighbourhoodAdjacency.neighbourhoodId, person.neighbourhoodId));
  const areas = [person.neighbourhoodId, ...adjacent.map((a) => a.id)];
  const nextSession = sql<
    number | null
  >`(SELECT min(${activitySession.startsAt}) FROM ${activitySession} WHERE ${activitySession.activityId} = ${activity.id} AND ${activitySession.status} = 'scheduled' AND ${activitySession.startsAt} > ${now})`;
  const rows = await db
    .select({ id: activity.id, title: activity.title, neighbourhood: neighbourhood.name, nextSession })
    .from(activity)
    .innerJoin(organisation, eq(organisation.id, activity.organisationId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, activity.neighbourhoodId))
    .where(
      and(
        eq(organisation.status, "approved"),
        inArray(activity.neighbourhoodId, areas),
        gt(activity.createdAt, from),
        lte(activity.createdAt, until),
      ),
    )
    .orderBy(asc(activity.createdAt), asc(activity.id));
  const withSession = rows.filter((r): r is typeof r & { nextSession: number } => r.nextSession !== null);
  const starts = withSession.length
    ? await db
        .select({ activityId: activitySession.activityId, startsAt: activitySession.startsAt, endsAt: activitySession.endsAt })
        .from(activitySession)
        .where(
          and(
            inArray(
              activitySession.activityId,
              withSession.map((r) => r.id),
            ),
            eq(activitySession.status, "scheduled"),
            gt(activitySession.startsAt, now),
          ),
        )
    : [];
  return withSession.map((r) => {
    const first = starts.find((s) => s.activityId === r.id && s.startsAt === r.nextSession);
    return {
      title: r.title,
      neighbourhood: r.neighbourhood,
      url: `${ctx.appUrl}/activities/${r.id}`,
      startsAt: r.nextSession,
      endsAt: first?.endsAt ?? r.nextSession,
    };
  });
}

/** Open shifts that fit the person (open-shifts.server.ts decides "fit") from activities posted in the window. */
async function newShifts(personCtx: Ctx, from: number, until: number) {
  type OpenShift = Awaited<ReturnType<typeof listOpenShiftsForMe>>["items"][number];
  const found: OpenShift[] = [];
  let after: { at: number; id: number } | null = null;
  for (let page = 0; page < SHIFT_PAGES; page++) {
    const result = await listOpenShiftsForMe({ ctx: personCtx, input: { after } });
    found.push(...result.items);
    if (!result.next) break;
    const [at, id] = result.next.split(".").map(Number) as [number, number];
    after = { at, id };
  }
  if (found.length === 0) return [];
  const fresh = new Set(
    (
      await personCtx.database.db
        .select({ id: activity.id })
        .from(activity)
        .where(
          and(
            inArray(activity.id, [...new Set(found.map((s) => s.activityId))]),
            gt(activity.createdAt, from),
            lte(activity.createdAt, until),
          ),
        )
    ).map((a) => a.id),
  );
  return found
    .filter((s) => fresh.has(s.activityId))
    .map((s) => ({
      title: s.title,
      role: s.role,
      url: `${personCtx.appUrl}/activities/${s.activityId}`,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    }));
}

/**
 * Open requests near the volunteer (the help capability decides "near" and what any volunteer
 * may see) that became visible to volunteers in the window: triaged to open, or created open.
 * Only kind, neighbourhood and the next time window go into the mail.
 */
async function newRequests(personCtx: Ctx, from: number, until: number, now: number) {
  const open = await listOpenRequestsNearMe({ ctx: personCtx });
  if (!open.isVolunteer || open.requests.length === 0) return [];
  const ids = open.requests.map((r) => r.id);
  const db = personCtx.database.db;
  const openedAt = sql<number>`coalesce((SELECT min(${helpRequestEvent.at}) FROM ${helpRequestEvent} WHERE ${helpRequestEvent.requestId} = ${helpRequest.id} AND ${helpRequestEvent.toStatus} = 'open'), ${helpRequest.createdAt})`;
  const fresh = await db
    .select({ id: helpRequest.id })
    .from(helpRequest)
    .where(and(inArray(helpRequest.id, ids), gt(openedAt, from), lte(openedAt, until)));
  const freshIds = new Set(fresh.map((r) => r.id));
  if (freshIds.size === 0) return [];
  const windows = await db
    .select({ requestId: helpRequestWindow.requestId, startsAt: helpRequestWindow.startsAt, endsAt: helpRequestWindow.endsAt })
    .from(helpRequestWindow)
    .where(and(inArray(helpRequestWindow.requestId, [...freshIds]), gt(helpRequestWindow.endsAt, now)))
    .orderBy(asc(helpRequestWindow.startsAt));
  return open.requests.flatMap((r) => {
    const next = windows.find((w) => w.requestId === r.id);
    if (!freshIds.has(r.id) || !next) return [];
    return [
      {
        kind: r.kind,
        neighbourhood: r.neighbourhood,
        url: `${personCtx.appUrl}/requests/${r.id}`,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
      },
    ];
  });
}

/** What the digest for one person and window holds, or null when nothing is new. */
export async function collectDigest(ctx: Ctx, person: Person, from: number, until: number): Promise<DigestProps | null> {
  const now = ctx.now();
  const actor = await loadActor(ctx.database.db, person.userId);
  if (!actor) return null;
  // The shared "fits me"/"near me" verbs act as the person, in their language.
  const personCtx: Ctx = { ...ctx, actor, locale: person.locale };
  const activities = cap(await newActivities(ctx, person, from, until, now));
  const shifts = cap(actor.isVolunteer ? await newShifts(personCtx, from, until) : []);
  const requests = cap(actor.isVolunteer ? await newRequests(personCtx, from, until, now) : []);
  if (activities.shown.length + shifts.shown.length + requests.shown.length === 0) return null;
  return {
    name: person.name,
    since: from,
    activities: activities.shown,
    shifts: shifts.shown,
    requests: requests.shown,
    more: { activities: activities.more, shifts: shifts.more, requests: requests.more },
    url: `${ctx.appUrl}/`,
  };
}

/** The digest week due for this person now, or null (not Monday 08:00 yet, already covered, or too late). */
export function dueSlot(person: Pick<Person, "timeZone" | "coveredUntil">, now: number): DigestSlot | null {
  const slot = latestDigestSlot(now, person.timeZone);
  if (person.coveredUntil !== null && person.coveredUntil >= slot.at) return null;
  if (now - slot.at > DIGEST_LATE_LIMIT_MS) return null;
  return slot;
}

/**
 * Sends the weekly digest to everyone who opted in and whose Monday 08:00 has come: one outbox row
 * per person per ISO week (idempotency key), and digest_covered_until moved to that Monday in the
 * same transaction, conditionally, so a second tick or instance does nothing.
 */
export async function sendWeeklyDigests({ ctx }: { ctx: Ctx }) {
  const now = ctx.now();
  const db = ctx.database.db;
  // Coarse filter in SQL (a digest week is at least 167 hours); the exact local Monday below.
  const people = await db
    .select({
      userId: user.id,
      name: user.name,
      email: user.email,
      locale: user.locale,
      timeZone: user.timeZone,
      neighbourhoodId: user.neighbourhoodId,
      coveredUntil: notificationSetting.digestCoveredUntil,
    })
    .from(notificationSetting)
    .innerJoin(user, eq(user.id, notificationSetting.userId))
    .where(
      and(
        eq(notificationSetting.digest, true),
        or(isNull(notificationSetting.digestCoveredUntil), lt(notificationSetting.digestCoveredUntil, now - 6 * DAY)),
      ),
    )
    .orderBy(asc(user.id));
  let sent = 0;
  let empty = 0;
  for (const person of people) {
    const slot = dueSlot(person, now);
    if (!slot) continue;
    const from = person.coveredUntil ?? slot.at - WEEK;
    const props = await collectDigest(ctx, person, from, slot.at);
    const outcome = await ctx.database.write(async (tx) => {
      const moved = await tx
        .update(notificationSetting)
        .set({ digestCoveredUntil: slot.at })
        .where(
          and(
            eq(notificationSetting.userId, person.userId),
            eq(notificationSetting.digest, true),
            or(isNull(notificationSetting.digestCoveredUntil), lt(notificationSetting.digestCoveredUntil, slot.at)),
          ),
        )
        .returning({ userId: notificationSetting.userId });
      if (moved.length === 0) return "skipped" as const;
      if (!props) return "empty" as const;
      await enqueueEmail(ctx, tx, {
        template: "digest",
        idempotencyKey: `digest/${person.userId}/${slot.week}`,
        to: person.email,
        userId: person.userId,
        locale: person.locale,
        timeZone: person.timeZone,
        props,
      });
      return "sent" as const;
    });
    if (outcome === "sent") sent++;
    if (outcome === "empty") empty++;
  }
  return { sent, empty };
}
