import { and, asc, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { activity, activitySession, circleMember, circleTask, circleTaskClaim, circleTaskOccurrence, shift, signup } from "#db/schema";
import type { Ctx, VerbArgs } from "../context.server";
import { helpSessionsForPerson } from "../help/sessions.server";
import { selectSignupPlaces } from "../activities/signup-places.server";
import { requireActor } from "../permissions";
import { findClashes } from "../scheduling/clashes";
import { addDays, LOCAL_DATE, localDateOf, localToInstant, type LocalDate } from "../scheduling/local-time";

// "My schedule": everything the signed-in person committed to, in their own time zone. Always the
// actor's own items; there is no input that names another person.

const DAY = 24 * 3_600_000;
export const DEFAULT_PERIOD_DAYS = 56;
export const MAX_PERIOD_DAYS = 92;
const PAST_DAYS = 30;

export type ScheduleItemKind = "participant" | "shift" | "help-volunteer" | "help-requester" | "circle-task";
export type ScheduleItemStatus = "confirmed" | "waitlisted" | "scheduled" | "cancelled";

export interface ScheduleItem {
  key: string;
  kind: ScheduleItemKind;
  /** The activity's title, or the kind of help request. */
  activityTitle: string | null;
  helpKind: string | null;
  /** For a place in a care circle's task: only its kind (no title, no notes). */
  circleTaskKind: string | null;
  /** The shift's role, for a shift. */
  role: string | null;
  /** For helping sessions: the other side's name, when this person may see it. */
  otherName: string | null;
  href: string;
  startsAt: number;
  endsAt: number;
  localDate: LocalDate;
  status: ScheduleItemStatus;
  over: boolean;
  /** For items that are over and took place: were the hours (or attendance) confirmed? */
  hours: "confirmed" | "toConfirm" | "absent" | null;
  clash: boolean;
}

type RawItem = Omit<ScheduleItem, "localDate" | "over" | "hours" | "clash"> & { confirmed: boolean; absent: boolean };

function dayNumber(date: LocalDate): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}

export function isRealDate(value: unknown): value is LocalDate {
  if (typeof value !== "string" || !LOCAL_DATE.test(value)) return false;
  return addDays(value, 0) === value;
}

/** Midnight at the start of a local date (or the first existing time, where midnight is skipped). */
export function startOfDay(date: LocalDate, zone: string): number {
  for (const time of ["00:00", "01:00", "02:00"]) {
    const instant = localToInstant(date, time, zone);
    if (instant.ok) return instant.epochMs;
  }
  throw new Error(`no start of day for ${date} in ${zone}`);
}

/** The period asked for, or null when it is not a valid one. Missing ends are filled in. */
function periodOf(input: { from?: string; to?: string }, today: LocalDate): { from: LocalDate; to: LocalDate } | null {
  const from = input.from || undefined;
  const to = input.to || undefined;
  if ((from !== undefined && !isRealDate(from)) || (to !== undefined && !isRealDate(to))) return null;
  const start = from ?? (to ? addDays(to, -(DEFAULT_PERIOD_DAYS - 1)) : today);
  const end = to ?? addDays(start, DEFAULT_PERIOD_DAYS - 1);
  const length = dayNumber(end) - dayNumber(start) + 1;
  if (length < 1 || length > MAX_PERIOD_DAYS) return null;
  return { from: start, to: end };
}

/**
 * A person's sign-ups whose session or shift overlaps [from, to), one per place (a session as
 * participant, or a shift): the active sign-up, else the latest cancelled one, with how many sign-ups
 * the person made for that place (a place cancelled and taken again). Shared by the schedule and the
 * calendar feed.
 */
export async function signupsPerPlace(ctx: Ctx, userId: number, from: number, to: number) {
  const rows = await selectSignupPlaces(ctx.database.db, {
    id: signup.id,
    status: signup.status,
    attendance: signup.attendance,
    minutes: signup.minutes,
    sessionId: signup.sessionId,
    shiftId: signup.shiftId,
    activityId: activity.id,
    title: activity.title,
    address: activity.address,
    sessionStatus: activitySession.status,
    sessionSequence: activitySession.sequence,
    sessionStartsAt: activitySession.startsAt,
    sessionEndsAt: activitySession.endsAt,
    shiftStartsAt: shift.startsAt,
    shiftEndsAt: shift.endsAt,
    role: shift.role,
  })
    .where(
      and(
        eq(signup.userId, userId),
        or(
          and(isNull(signup.shiftId), lt(activitySession.startsAt, to), gt(activitySession.endsAt, from)),
          and(isNotNull(signup.shiftId), lt(shift.startsAt, to), gt(shift.endsAt, from)),
        ),
      ),
    )
    .orderBy(asc(signup.id));
  const bySlot = new Map<string, { row: (typeof rows)[number]; signupsForPlace: number }>();
  const rank = (r: (typeof rows)[number]) => (r.status === "cancelled" ? 0 : 1);
  for (const row of rows) {
    const slot = `${row.sessionId}/${row.shiftId ?? "participant"}`;
    const kept = bySlot.get(slot);
    const better = !kept || rank(row) > rank(kept.row) || (rank(row) === rank(kept.row) && row.id > kept.row.id);
    bySlot.set(slot, { row: better ? row : kept.row, signupsForPlace: (kept?.signupsForPlace ?? 0) + 1 });
  }
  return [...bySlot.values()].map(({ row, signupsForPlace }) => ({ ...row, signupsForPlace }));
}

async function signupItems(ctx: Ctx, userId: number, from: number, to: number): Promise<RawItem[]> {
  return (await signupsPerPlace(ctx, userId, from, to)).map((r) => ({
    key: `signup-${r.id}`,
    kind: r.shiftId === null ? "participant" : "shift",
    activityTitle: r.title,
    helpKind: null,
    circleTaskKind: null,
    role: r.role,
    otherName: null,
    href: `/activities/${r.activityId}`,
    startsAt: r.shiftStartsAt ?? r.sessionStartsAt,
    endsAt: r.shiftEndsAt ?? r.sessionEndsAt,
    status: r.sessionStatus === "cancelled" ? "cancelled" : r.status,
    confirmed: r.attendance === "present" || (r.minutes !== null && r.attendance !== "absent"),
    absent: r.attendance === "absent",
  }));
}

async function helpItems(ctx: Ctx, from: number, to: number): Promise<RawItem[]> {
  return (await helpSessionsForPerson(ctx, from, to)).map((s) => ({
    key: `help-${s.id}`,
    kind: s.role === "volunteer" ? "help-volunteer" : "help-requester",
    activityTitle: null,
    helpKind: s.kind,
    circleTaskKind: null,
    role: null,
    otherName: s.otherName,
    href: `/requests/${s.requestId}/sessions`,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    status: s.status,
    confirmed: s.confirmedAt !== null,
    absent: false,
  }));
}

/**
 * A person's places in care circle tasks whose occurrence overlaps [from, to), in circles they are
 * still a member of: the active place, else the latest given back. Shared by the schedule and the
 * calendar feed; only the kind and the time leave the circle.
 */
export async function circlePlacesOf(ctx: Ctx, userId: number, from: number, to: number) {
  const rows = await ctx.database.db
    .select({
      claimId: circleTaskClaim.id,
      releasedAt: circleTaskClaim.releasedAt,
      occurrenceId: circleTaskOccurrence.id,
      circleId: circleTaskOccurrence.circleId,
      kind: circleTask.kind,
      startsAt: circleTaskOccurrence.startsAt,
      endsAt: circleTaskOccurrence.endsAt,
      status: circleTaskOccurrence.status,
      sequence: circleTaskOccurrence.sequence,
    })
    .from(circleTaskClaim)
    .innerJoin(circleTaskOccurrence, eq(circleTaskOccurrence.id, circleTaskClaim.occurrenceId))
    .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
    .innerJoin(
      circleMember,
      and(eq(circleMember.circleId, circleTaskOccurrence.circleId), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
    )
    .where(and(eq(circleTaskClaim.userId, userId), lt(circleTaskOccurrence.startsAt, to), gt(circleTaskOccurrence.endsAt, from)))
    .orderBy(asc(circleTaskClaim.id));
  const byOccurrence = new Map<number, (typeof rows)[number] & { placesTaken: number }>();
  for (const row of rows) {
    const kept = byOccurrence.get(row.occurrenceId);
    const better = !kept || kept.releasedAt !== null;
    byOccurrence.set(row.occurrenceId, { ...(better ? row : kept), placesTaken: (kept?.placesTaken ?? 0) + 1 });
  }
  return [...byOccurrence.values()];
}

async function circleItems(ctx: Ctx, userId: number, from: number, to: number): Promise<RawItem[]> {
  return (await circlePlacesOf(ctx, userId, from, to))
    .filter((p) => p.releasedAt === null)
    .map((p) => ({
      key: `circle-claim-${p.claimId}`,
      kind: "circle-task",
      activityTitle: null,
      helpKind: null,
      circleTaskKind: p.kind,
      role: null,
      otherName: null,
      href: `/circles/${p.circleId}`,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      status: p.status === "cancelled" ? "cancelled" : "scheduled",
      confirmed: false,
      absent: false,
    }));
}

async function itemsBetween(ctx: Ctx, userId: number, from: number, to: number): Promise<RawItem[]> {
  if (to <= from) return [];
  return [
    ...(await signupItems(ctx, userId, from, to)),
    ...(await helpItems(ctx, from, to)),
    ...(await circleItems(ctx, userId, from, to)),
  ];
}

function groupByDate(items: ScheduleItem[]) {
  const days = new Map<LocalDate, ScheduleItem[]>();
  for (const item of items) days.set(item.localDate, [...(days.get(item.localDate) ?? []), item]);
  return [...days.entries()].map(([date, list]) => ({ date, items: list }));
}

/**
 * The signed-in person's schedule for a period of local dates (default: today and the next 8
 * weeks), plus what ended in the last 30 days before the period. Items are activity sessions
 * (as participant), shifts, helping sessions on both sides and places in care circle tasks. Overlapping active items are
 * marked as a clash. A bad period is not an error: the default period is shown with a problem key.
 */
export async function getMySchedule({ ctx, input }: VerbArgs<{ from?: string; to?: string }>) {
  const actor = requireActor(ctx.actor);
  const zone = actor.timeZone;
  const now = ctx.now();
  const today = localDateOf(now, zone);
  const asked = periodOf(input, today);
  const period = asked ?? periodOf({}, today)!;
  const length = dayNumber(period.to) - dayNumber(period.from) + 1;
  const periodStart = startOfDay(period.from, zone);
  const periodEnd = startOfDay(addDays(period.to, 1), zone);

  const inPeriod = await itemsBetween(ctx, actor.userId, periodStart, periodEnd);
  const seen = new Set(inPeriod.map((i) => i.key));
  const earlier = (await itemsBetween(ctx, actor.userId, now - PAST_DAYS * DAY, Math.min(now, periodStart))).filter(
    (i) => !seen.has(i.key) && i.endsAt <= now,
  );
  const all = [...inPeriod, ...earlier].sort((a, b) => a.startsAt - b.startsAt || a.endsAt - b.endsAt || a.key.localeCompare(b.key));
  const clashes = findClashes(
    all.map((i) => ({ key: i.key, startsAt: i.startsAt, endsAt: i.endsAt, active: i.status === "confirmed" || i.status === "scheduled" })),
  );
  const finish = ({ confirmed, absent, ...item }: RawItem): ScheduleItem => {
    const over = item.endsAt <= now;
    const tookPlace = over && (item.status === "confirmed" || item.status === "scheduled");
    return {
      ...item,
      localDate: localDateOf(item.startsAt, zone),
      over,
      hours: !tookPlace ? null : absent ? "absent" : confirmed ? "confirmed" : "toConfirm",
      clash: clashes.has(item.key),
    };
  };
  return {
    zone,
    problem: asked ? null : "schedule.errors.period",
    period,
    previous: { from: addDays(period.from, -length), to: addDays(period.from, -1) },
    next: { from: addDays(period.to, 1), to: addDays(period.to, length) },
    days: groupByDate(all.filter((i) => seen.has(i.key)).map(finish)),
    past: groupByDate(all.filter((i) => !seen.has(i.key)).map(finish)),
  };
}
