import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or } from "drizzle-orm";
import { activity, activitySession, helpRequest, helpSession, organisation, shift, signup } from "#db/schema";
import type { Ctx, VerbArgs } from "../context.server";
import { NotFound, Validation } from "../errors";
import { confirmShiftHoursSchema, type ConfirmShiftHoursInput } from "./hours-schemas";
import { requireActor } from "../permissions";
import { localDateOf, localToInstant } from "../scheduling/local-time";

// A volunteer's hours: shifts with minutes (recorded by the organiser, or confirmed by the volunteer
// while the organiser has not recorded attendance) and helping sessions the volunteer confirmed.
// Always the actor's own; months are calendar months in the person's own time zone.

const DAY = 24 * 3_600_000;
const MINUTE = 60_000;
/** How far back "still to confirm" looks. */
export const TO_CONFIRM_DAYS = 60;
/** Helping sessions count under this pseudo-organisation: help requests are coordinated, not run by an organisation. */
export const HELP_REQUESTS_KEY = "help";

export interface HoursBucket {
  shiftMinutes: number;
  helpMinutes: number;
  totalMinutes: number;
}

const emptyBucket = (): HoursBucket => ({ shiftMinutes: 0, helpMinutes: 0, totalMinutes: 0 });

function add(bucket: HoursBucket, kind: "shift" | "help", minutes: number) {
  if (kind === "shift") bucket.shiftMinutes += minutes;
  else bucket.helpMinutes += minutes;
  bucket.totalMinutes += minutes;
}

/** The instant a local year starts in a zone (midnight, or the first existing hour if midnight was skipped). */
function startOfYear(year: number, zone: string): number {
  for (const time of ["00:00", "01:00", "02:00"]) {
    const at = localToInstant(`${year}-01-01`, time, zone);
    if (at.ok) return at.epochMs;
  }
  throw new Error(`no start of ${year} in ${zone}`);
}

function parseYear(value: string | undefined, current: number): number | null {
  if (value === undefined || value === "") return current;
  if (!/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= 2000 && year <= current + 1 ? year : null;
}

/**
 * The signed-in person's hours in one calendar year (their zone): per month and per organisation,
 * with totals and how much of it they confirmed themselves. Also what they still have to confirm
 * (the last 60 days) and the help requests where they can log hours. A bad year is not an error:
 * the current year is shown with a problem key.
 */
export async function getMyHours({ ctx, input }: VerbArgs<{ year?: string }>) {
  const actor = requireActor(ctx.actor);
  const zone = actor.timeZone;
  const now = ctx.now();
  const current = Number(localDateOf(now, zone).slice(0, 4));
  const asked = parseYear(input.year, current);
  const year = asked ?? current;
  const from = startOfYear(year, zone);
  const to = startOfYear(year + 1, zone);
  const db = ctx.database.db;

  const [shiftRows, helpRows] = await Promise.all([
    db
      .select({
        startsAt: shift.startsAt,
        minutes: signup.minutes,
        attendance: signup.attendance,
        organisationId: organisation.id,
        organisation: organisation.name,
      })
      .from(signup)
      .innerJoin(shift, eq(shift.id, signup.shiftId))
      .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
      .innerJoin(activity, eq(activity.id, activitySession.activityId))
      .innerJoin(organisation, eq(organisation.id, activity.organisationId))
      .where(
        and(
          eq(signup.userId, actor.userId),
          eq(signup.status, "confirmed"),
          eq(activitySession.status, "scheduled"),
          isNotNull(signup.minutes),
          or(isNull(signup.attendance), eq(signup.attendance, "present")),
          gte(shift.startsAt, from),
          lt(shift.startsAt, to),
        ),
      ),
    db
      .select({ startsAt: helpSession.startsAt, minutes: helpSession.minutes })
      .from(helpSession)
      .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
      .where(
        and(
          eq(helpRequest.matchedVolunteerId, actor.userId),
          inArray(helpRequest.status, ["matched", "completed"]),
          eq(helpSession.status, "scheduled"),
          isNotNull(helpSession.confirmedAt),
          isNotNull(helpSession.minutes),
          gte(helpSession.startsAt, from),
          lt(helpSession.startsAt, to),
        ),
      ),
  ]);

  const months = new Map<string, HoursBucket>();
  const organisations = new Map<string, { key: string; name: string | null; bucket: HoursBucket }>();
  const total = emptyBucket();
  let selfReportedMinutes = 0;
  const count = (kind: "shift" | "help", startsAt: number, minutes: number, org: { key: string; name: string | null }) => {
    const month = localDateOf(startsAt, zone).slice(0, 7);
    if (!months.has(month)) months.set(month, emptyBucket());
    add(months.get(month)!, kind, minutes);
    if (!organisations.has(org.key)) organisations.set(org.key, { ...org, bucket: emptyBucket() });
    add(organisations.get(org.key)!.bucket, kind, minutes);
    add(total, kind, minutes);
  };
  for (const r of shiftRows) {
    count("shift", r.startsAt, r.minutes ?? 0, { key: String(r.organisationId), name: r.organisation });
    if (r.attendance === null) selfReportedMinutes += r.minutes ?? 0;
  }
  for (const r of helpRows) count("help", r.startsAt, r.minutes ?? 0, { key: HELP_REQUESTS_KEY, name: null });

  return {
    zone,
    year,
    problem: asked === null ? "myHours.errors.year" : null,
    previousYear: year - 1,
    nextYear: year < current ? year + 1 : null,
    months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, bucket]) => ({ month, ...bucket })),
    organisations: [...organisations.values()]
      .sort((a, b) => (a.key === HELP_REQUESTS_KEY ? 1 : b.key === HELP_REQUESTS_KEY ? -1 : (a.name ?? "").localeCompare(b.name ?? "")))
      .map((o) => ({ key: o.key, name: o.name, ...o.bucket })),
    total,
    selfReportedMinutes,
    ...(await toConfirm(ctx, actor.userId, now)),
    logHours: await requestsToLogHours(ctx, actor.userId),
  };
}

/** Shifts and helping sessions of the last TO_CONFIRM_DAYS that are over and still have no hours. */
async function toConfirm(ctx: Ctx, userId: number, now: number) {
  const db = ctx.database.db;
  const since = now - TO_CONFIRM_DAYS * DAY;
  const [shifts, helps] = await Promise.all([
    db
      .select({ signupId: signup.id, role: shift.role, title: activity.title, startsAt: shift.startsAt, endsAt: shift.endsAt })
      .from(signup)
      .innerJoin(shift, eq(shift.id, signup.shiftId))
      .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
      .innerJoin(activity, eq(activity.id, activitySession.activityId))
      .where(
        and(
          eq(signup.userId, userId),
          eq(signup.status, "confirmed"),
          eq(activitySession.status, "scheduled"),
          isNull(signup.attendance),
          isNull(signup.minutes),
          lte(shift.endsAt, now),
          gt(shift.endsAt, since),
        ),
      )
      .orderBy(asc(shift.startsAt), asc(signup.id)),
    db
      .select({
        sessionId: helpSession.id,
        requestId: helpRequest.id,
        kind: helpRequest.kind,
        startsAt: helpSession.startsAt,
        endsAt: helpSession.endsAt,
      })
      .from(helpSession)
      .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
      .where(
        and(
          eq(helpRequest.matchedVolunteerId, userId),
          inArray(helpRequest.status, ["matched", "completed"]),
          eq(helpSession.status, "scheduled"),
          isNull(helpSession.confirmedAt),
          lte(helpSession.endsAt, now),
          gt(helpSession.endsAt, since),
        ),
      )
      .orderBy(asc(helpSession.startsAt), asc(helpSession.id)),
  ]);
  return {
    shiftsToConfirm: shifts.map((s) => ({ ...s, shiftMinutes: Math.round((s.endsAt - s.startsAt) / MINUTE) })),
    helpToConfirm: helps,
  };
}

/** Help requests where the person is (or was) the matched volunteer: they log hours on its sessions page. */
async function requestsToLogHours(ctx: Ctx, userId: number) {
  return ctx.database.db
    .select({ requestId: helpRequest.id, kind: helpRequest.kind, status: helpRequest.status })
    .from(helpRequest)
    .where(and(eq(helpRequest.matchedVolunteerId, userId), inArray(helpRequest.status, ["matched", "completed"])))
    .orderBy(desc(helpRequest.matchedAt), desc(helpRequest.id))
    .limit(20);
}

/**
 * The volunteer confirms their own minutes for a shift that is over. The organiser's attendance
 * record is authoritative: once it is recorded the volunteer can no longer change it, and recording
 * attendance later overwrites what the volunteer said.
 */
export async function confirmShiftHours({ ctx, input }: VerbArgs<ConfirmShiftHoursInput>) {
  const actor = requireActor(ctx.actor);
  const parsed = confirmShiftHoursSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new Validation(fieldErrors);
  }
  const { signupId, minutes } = parsed.data;
  return ctx.database.write(async (tx) => {
    // Ownership in the WHERE clause: someone else's sign-up matches nothing.
    const [row] = await tx
      .select({ status: signup.status, attendance: signup.attendance, sessionStatus: activitySession.status, endsAt: shift.endsAt })
      .from(signup)
      .innerJoin(shift, eq(shift.id, signup.shiftId))
      .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
      .where(and(eq(signup.id, signupId), eq(signup.userId, actor.userId)));
    if (!row) throw new NotFound();
    if (row.status !== "confirmed" || row.sessionStatus === "cancelled") throw new Validation({ form: ["myHours.errors.cancelled"] });
    if (row.endsAt > ctx.now()) throw new Validation({ form: ["myHours.errors.notOver"] });
    if (row.attendance !== null) throw new Validation({ form: ["myHours.errors.recorded"] });
    // Conditional on attendance still being open: an organiser recording it at the same moment wins.
    const updated = await tx
      .update(signup)
      .set({ minutes })
      .where(and(eq(signup.id, signupId), isNull(signup.attendance)))
      .returning({ id: signup.id });
    if (updated.length === 0) throw new Validation({ form: ["myHours.errors.recorded"] });
    return { signupId, minutes };
  });
}
