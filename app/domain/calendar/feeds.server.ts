import { and, asc, eq, gt, inArray, lt, or } from "drizzle-orm";
import ical, { ICalEventStatus } from "ical-generator";
import { activity, activitySession, calendarFeedToken, helpRequest, helpSession, organisation, user } from "#db/schema";
import { getT } from "~/locales/i18n.server";
import type { Ctx, VerbArgs } from "../context.server";
import { NotFound } from "../errors";
import { randomToken, sha256 } from "../keyring.server";
import { requireActor } from "../permissions";
import { circlePlacesOf, signupsPerPlace } from "./schedule.server";

// Calendar feeds (RFC 5545). Times are written in UTC; UIDs are stable per session/shift/helping
// session, and cancelled items stay in the feed (STATUS:CANCELLED) so calendar apps update them.
// Help sessions and places in care circle tasks carry only the kind and a link: never an address or
// care text.

const DAY = 24 * 3_600_000;
const PAST_DAYS = 30;
const AHEAD_DAYS = 366;

interface FeedEvent {
  uid: string;
  startsAt: number;
  endsAt: number;
  summary: string;
  location: string | null;
  url: string;
  sequence: number;
  status: "confirmed" | "tentative" | "cancelled";
}

const STATUS = { confirmed: ICalEventStatus.CONFIRMED, tentative: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED };

function toIcs(ctx: Ctx, name: string, events: FeedEvent[]): string {
  const calendar = ical({ name, prodId: { company: "Noaber", product: "Noaber", language: "NL" } });
  const stamp = new Date(ctx.now());
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      start: new Date(e.startsAt),
      end: new Date(e.endsAt),
      stamp,
      summary: e.summary,
      location: e.location,
      url: e.url,
      description: e.url,
      sequence: e.sequence,
      status: STATUS[e.status],
    });
  }
  return calendar.toString();
}

/** Makes a new personal feed link; the old one stops working. The raw token is returned only here. */
export async function regenerateFeedToken({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const token = randomToken(32);
  await ctx.database.write(async (tx) => {
    await tx
      .insert(calendarFeedToken)
      .values({ userId: actor.userId, tokenHash: sha256(token), createdAt: ctx.now() })
      .onConflictDoUpdate({ target: calendarFeedToken.userId, set: { tokenHash: sha256(token), createdAt: ctx.now() } });
  });
  return { token, url: `${ctx.appUrl}/calendar/${token}.ics` };
}

async function signupEvents(ctx: Ctx, userId: number, from: number, to: number): Promise<FeedEvent[]> {
  return (await signupsPerPlace(ctx, userId, from, to)).map((r) => {
    const slot = r.shiftId === null ? `activity-session-${r.sessionId}` : `shift-${r.shiftId}`;
    const cancelled = r.sessionStatus === "cancelled" || r.status === "cancelled";
    return {
      uid: `${slot}@noaber`,
      startsAt: r.shiftStartsAt ?? r.sessionStartsAt,
      endsAt: r.shiftEndsAt ?? r.sessionEndsAt,
      summary: r.role ? `${r.title} (${r.role})` : r.title,
      location: r.address,
      url: `${ctx.appUrl}/activities/${r.activityId}`,
      // The session's own sequence, raised for each sign-up change of this person (cancel, sign up again).
      sequence: r.sessionSequence + 2 * (r.signupsForPlace - 1) + (r.status === "cancelled" ? 1 : 0),
      status: cancelled ? "cancelled" : r.status === "waitlisted" ? "tentative" : "confirmed",
    };
  });
}

async function helpEvents(ctx: Ctx, person: { id: number; locale: "nl" | "en" }, from: number, to: number): Promise<FeedEvent[]> {
  const t = getT(person.locale);
  const rows = await ctx.database.db
    .select({
      id: helpSession.id,
      requestId: helpRequest.id,
      kind: helpRequest.kind,
      startsAt: helpSession.startsAt,
      endsAt: helpSession.endsAt,
      status: helpSession.status,
      sequence: helpSession.sequence,
    })
    .from(helpSession)
    .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
    .where(
      and(
        or(
          eq(helpRequest.requesterId, person.id),
          and(eq(helpRequest.matchedVolunteerId, person.id), inArray(helpRequest.status, ["matched", "completed"])),
        ),
        lt(helpSession.startsAt, to),
        gt(helpSession.endsAt, from),
      ),
    );
  return rows.map((r) => ({
    uid: `help-session-${r.id}@noaber`,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    summary: t("calendar.helpSummary", { kind: t(`helpRequests.kinds.${r.kind}`) }),
    location: null,
    url: `${ctx.appUrl}/requests/${r.requestId}/sessions`,
    sequence: r.sequence,
    status: r.status === "cancelled" ? "cancelled" : "confirmed",
  }));
}

/** Places in care circle tasks: only "a task in your circle", its kind, the time and a link. */
async function circleEvents(ctx: Ctx, person: { id: number; locale: "nl" | "en" }, from: number, to: number): Promise<FeedEvent[]> {
  const t = getT(person.locale);
  return (await circlePlacesOf(ctx, person.id, from, to)).map((p) => ({
    uid: `circle-occurrence-${p.occurrenceId}-${person.id}@noaber`,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    summary: t("calendar.circleTaskSummary", { kind: t(`circleTasks.kinds.${p.kind}`).toLowerCase() }),
    location: null,
    url: `${ctx.appUrl}/circles/${p.circleId}`,
    // The occurrence's own sequence, raised for each time this person took or gave back the place.
    sequence: p.sequence + 2 * (p.placesTaken - 1) + (p.releasedAt === null ? 0 : 1),
    status: p.status === "cancelled" || p.releasedAt !== null ? "cancelled" : "confirmed",
  }));
}

/** The personal feed behind a feed link (no sign-in): commitments from 30 days ago to a year ahead. */
export async function feedForToken({ ctx, input }: VerbArgs<{ token: string }>) {
  const [person] = await ctx.database.db
    .select({ id: user.id, locale: user.locale })
    .from(calendarFeedToken)
    .innerJoin(user, eq(user.id, calendarFeedToken.userId))
    .where(eq(calendarFeedToken.tokenHash, sha256(input.token)));
  if (!person) throw new NotFound();
  const from = ctx.now() - PAST_DAYS * DAY;
  const to = ctx.now() + AHEAD_DAYS * DAY;
  const events = [
    ...(await signupEvents(ctx, person.id, from, to)),
    ...(await helpEvents(ctx, person, from, to)),
    ...(await circleEvents(ctx, person, from, to)),
  ];
  return toIcs(
    ctx,
    "Noaber",
    events.sort((a, b) => a.startsAt - b.startsAt || a.uid.localeCompare(b.uid)),
  );
}

async function publicSessions(ctx: Ctx, activityId: number, where: ReturnType<typeof eq>) {
  const rows = await ctx.database.db
    .select({
      id: activitySession.id,
      title: activity.title,
      address: activity.address,
      startsAt: activitySession.startsAt,
      endsAt: activitySession.endsAt,
      status: activitySession.status,
      sequence: activitySession.sequence,
    })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .innerJoin(organisation, eq(organisation.id, activity.organisationId))
    .where(and(eq(activity.id, activityId), eq(organisation.status, "approved"), where))
    .orderBy(asc(activitySession.startsAt), asc(activitySession.id));
  if (rows.length === 0) throw new NotFound();
  const events: FeedEvent[] = rows.map((r) => ({
    uid: `activity-session-${r.id}@noaber`,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    summary: r.title,
    location: r.address,
    url: `${ctx.appUrl}/activities/${activityId}`,
    sequence: r.sequence,
    status: r.status === "cancelled" ? "cancelled" : "confirmed",
  }));
  return toIcs(ctx, rows[0]!.title, events);
}

/** One session of a public activity, as a calendar file to download. */
export async function sessionIcs({ ctx, input }: VerbArgs<{ activityId: number; sessionId: number }>) {
  return publicSessions(ctx, input.activityId, eq(activitySession.id, input.sessionId));
}

/** Every session of a series of a public activity, as a calendar file to download. */
export async function seriesIcs({ ctx, input }: VerbArgs<{ activityId: number; seriesId: number }>) {
  return publicSessions(ctx, input.activityId, eq(activitySession.seriesId, input.seriesId));
}
