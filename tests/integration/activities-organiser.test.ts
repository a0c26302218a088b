import { and, asc, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activity, activitySeries, activitySession, emailOutbox, shift, signup } from "#db/schema";
import { renderEmail } from "#emails/render";
import {
  cancelSeries,
  cancelSession,
  changeCapacity,
  createActivity,
  getCreateActivityOptions,
  moveSession,
} from "~/domain/activities/activities.server";
import type { Ctx } from "~/domain/context.server";
import { csvCell, toCsv } from "~/domain/csv";
import { Forbidden, NotFound, Unauthenticated, Validation } from "~/domain/errors";
import type { CreateActivityInput } from "~/domain/activities/organiser-schemas";
import {
  exportSignups,
  getAttendanceSheet,
  getManageView,
  listManageableActivities,
  messageSignups,
  recordAttendance,
} from "~/domain/activities/organiser.server";
import { signUp } from "~/domain/activities/signups.server";
import {
  addMember,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSkill,
  createUser,
  createVolunteerProfile,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

let database: TestDatabase;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Sunday 1 March 2026, 10:00 in Amsterdam: before the spring change of 29 March. */
const T0 = Date.UTC(2026, 2, 1, 9, 0);

const ids = {
  areaA: 0,
  areaB: 0,
  org: 0,
  otherOrg: 0,
  pendingOrg: 0,
  initiative: 0,
  otherInitiative: 0,
  skill: 0,
  member: 0,
  otherMember: 0,
  resident: 0,
  coordinatorA: 0,
  coordinatorB: 0,
  admin: 0,
};

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.areaA = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" })).id;
    ids.areaB = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
    ids.org = (await createOrganisation(tx, { name: "Sportclub De Esch" })).id;
    ids.otherOrg = (await createOrganisation(tx, { name: "Muziekschool" })).id;
    ids.pendingOrg = (await createOrganisation(tx, { name: "Nieuw Initiatief", status: "pending" })).id;
    ids.initiative = (await createInitiative(tx, { organisationId: ids.org, title: "Fit in de wijk" })).id;
    ids.otherInitiative = (await createInitiative(tx, { organisationId: ids.otherOrg })).id;
    ids.skill = (await createSkill(tx)).id;
    const person = async (name: string) => (await createUser(tx, { neighbourhoodId: ids.areaA, name })).id;
    ids.member = await person("Fatima El Amrani");
    ids.otherMember = await person("Jan Muziek");
    ids.resident = await person("Piet Bewoner");
    ids.coordinatorA = await person("Carla Coördinator");
    ids.coordinatorB = await person("Bram Coördinator");
    ids.admin = await person("Anne Beheer");
    await addMember(tx, ids.org, ids.member);
    await addMember(tx, ids.pendingOrg, ids.member, "admin");
    await addMember(tx, ids.otherOrg, ids.otherMember, "admin");
    await grantCoordinator(tx, ids.coordinatorA, [ids.areaA]);
    await grantCoordinator(tx, ids.coordinatorB, [ids.areaB]);
    await grantAdmin(tx, ids.admin);
  });
});
afterAll(() => database.cleanup());

function ctxFor(userId: number | null, now = T0): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => now });
}

/** Every Tuesday 19:00–21:00 for four weeks from 17 March, across the spring change; one shift 19:00–20:30. */
function weeklyInput(over: Partial<CreateActivityInput> = {}): CreateActivityInput {
  return {
    title: "Wandelvoetbal voor 60-plussers",
    description: "Rustig voetballen, zonder rennen.",
    category: "sports",
    organisationId: ids.org,
    address: "Eschweg 12",
    neighbourhoodId: ids.areaA,
    targetGroups: ["older-people"],
    startDate: "2026-03-17",
    startTime: "19:00",
    endTime: "21:00",
    repeat: "weekly",
    interval: 1,
    weekdays: [2],
    endKind: "count",
    count: 4,
    capacity: 2,
    shifts: [{ role: "Gastheer", needed: 1, startTime: "19:00", endTime: "20:30" }],
    ...over,
  };
}

const amsterdam = (ms: number) =>
  new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(ms).replace(", ", " ");

async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Validation)) throw new Error(`expected a Validation error, got ${String(error)}`);
  return error.fieldErrors;
}

async function newPeople(n: number) {
  return database.write(async (tx) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await createUser(tx, { neighbourhoodId: ids.areaA })).id);
    return out;
  });
}

async function sessionsOf(activityId: number) {
  return database.db.select().from(activitySession).where(eq(activitySession.activityId, activityId)).orderBy(asc(activitySession.startsAt));
}

async function mailsLike(pattern: string) {
  return database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, pattern)).orderBy(asc(emailOutbox.id));
}

const validShift = [{ role: "Gastheer", needed: 1, startTime: "19:00", endTime: "20:30", requiresVog: false }];

describe("createActivity", () => {
  test("a weekly series across the spring change: rule stored, sessions at 19:00 local, shifts copied", async () => {
    const ctx = await ctxFor(ids.member);
    const created = await createActivity({ ctx, input: weeklyInput({ shifts: validShift, initiativeId: ids.initiative, accessibility: "Rolstoeltoegankelijk" }) });
    expect(created.sessionIds).toHaveLength(4);
    const row = await database.db.query.activity.findFirst({ where: eq(activity.id, created.activityId) });
    expect(row).toMatchObject({ organisationId: ids.org, initiativeId: ids.initiative, timeZone: "Europe/Amsterdam", accessibility: "Rolstoeltoegankelijk", cancelCutoffHours: 0 });
    const series = await database.db.query.activitySeries.findFirst({ where: eq(activitySeries.id, created.seriesId) });
    expect(series?.rule).toMatchObject({
      startDate: "2026-03-17",
      startTime: "19:00",
      durationMinutes: 120,
      timeZone: "Europe/Amsterdam",
      pattern: { kind: "weekly", interval: 1, weekdays: [2] },
      end: { count: 4 },
    });
    const sessions = await sessionsOf(created.activityId);
    expect(sessions.map((s) => s.occurrenceDate)).toEqual(["2026-03-17", "2026-03-24", "2026-03-31", "2026-04-07"]);
    expect(sessions.map((s) => amsterdam(s.startsAt))).toEqual(["17-03-2026 19:00", "24-03-2026 19:00", "31-03-2026 19:00", "07-04-2026 19:00"]);
    expect(sessions.every((s) => s.endsAt - s.startsAt === 2 * HOUR && s.capacity === 2 && s.seriesId === created.seriesId && !s.detached)).toBe(true);
    const shifts = await database.db.select().from(shift).where(inArray(shift.sessionId, created.sessionIds)).orderBy(asc(shift.startsAt));
    expect(shifts).toHaveLength(4);
    expect(shifts.map((s) => `${amsterdam(s.startsAt)}–${amsterdam(s.endsAt).slice(11)}`)).toEqual([
      "17-03-2026 19:00–20:30",
      "24-03-2026 19:00–20:30",
      "31-03-2026 19:00–20:30",
      "07-04-2026 19:00–20:30",
    ]);
    expect(shifts.every((s) => s.role === "Gastheer" && s.needed === 1)).toBe(true);
  });

  test("a one-off activity with an unlimited capacity and a shift that needs a VOG and a skill", async () => {
    const ctx = await ctxFor(ids.member);
    const created = await createActivity({
      ctx,
      input: weeklyInput({
        repeat: "once",
        startDate: "2026-05-12",
        startTime: "10:00",
        endTime: "12:30",
        capacity: undefined,
        shifts: [{ role: "Chauffeur", needed: 2, startTime: "10:30", endTime: "12:30", requiresVog: true, requiredSkillId: ids.skill }],
      }),
    });
    const [session] = await sessionsOf(created.activityId);
    expect(session).toMatchObject({ capacity: null, occurrenceDate: "2026-05-12" });
    expect(amsterdam(session!.startsAt)).toBe("12-05-2026 10:00");
    const [s] = await database.db.select().from(shift).where(eq(shift.sessionId, session!.id));
    expect(s).toMatchObject({ requiresVog: true, requiredSkillId: ids.skill, needed: 2 });
    expect(s!.startsAt - session!.startsAt).toBe(30 * MINUTE);
  });

  test("monthly on the last Thursday until a date, every other week on Tuesday and Thursday", async () => {
    const ctx = await ctxFor(ids.member);
    const monthly = await createActivity({
      ctx,
      input: weeklyInput({ repeat: "monthly", monthlyNth: -1, monthlyWeekday: 4, startDate: "2026-03-01", endKind: "until", until: "2026-06-30", count: undefined }),
    });
    expect((await sessionsOf(monthly.activityId)).map((s) => s.occurrenceDate)).toEqual(["2026-03-26", "2026-04-30", "2026-05-28", "2026-06-25"]);
    const fortnightly = await createActivity({ ctx, input: weeklyInput({ interval: 2, weekdays: [2, 4], startDate: "2026-03-03", count: 4 }) });
    expect((await sessionsOf(fortnightly.activityId)).map((s) => s.occurrenceDate)).toEqual(["2026-03-03", "2026-03-05", "2026-03-17", "2026-03-19"]);
  });

  test("field-level validation, and nothing is written when it fails", async () => {
    const ctx = await ctxFor(ids.member);
    const countBefore = (await database.db.select().from(activity)).length;
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ endTime: "18:00" }) }))).toMatchObject({ endTime: ["organiser.errors.endBeforeStart"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ endKind: undefined }) }))).toMatchObject({ endKind: ["organiser.errors.recurrenceNoEnd"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ startDate: "2026-02-27" }) }))).toEqual({ startDate: ["organiser.errors.dateInPast"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ repeat: "once", startDate: "2026-03-01", startTime: "09:00", endTime: "09:30", shifts: [] }) }))).toEqual({
      startTime: ["organiser.errors.timeInPast"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ title: "x".repeat(121) }) }))).toMatchObject({ title: ["organiser.errors.tooLong?max=120"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ description: "   " }) }))).toMatchObject({ description: ["organiser.errors.required"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ capacity: 0 }) }))).toMatchObject({ capacity: ["organiser.errors.capacityMin"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ shifts: [{ role: "Gastheer", needed: 1, startTime: "18:45", endTime: "19:45" }] }) }))).toEqual({
      "shifts[0].startTime": ["organiser.errors.shiftOutsideSession?start=19%3A00&end=21%3A00"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ shifts: [{ role: "Koffie", needed: 1, startTime: "20:00", endTime: "19:30" }] }) }))).toEqual({
      "shifts[0].endTime": ["organiser.errors.endBeforeStart"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ endKind: "until", until: "2026-03-10", count: undefined }) }))).toMatchObject({
      until: ["organiser.errors.untilBeforeStart"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ repeat: "weekly", weekdays: [] }) }))).toMatchObject({ weekdays: ["organiser.errors.weekdays"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ count: 400 }) }))).toMatchObject({ count: ["organiser.errors.atMost?max=366"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ weekdays: [1, 2, 3, 4, 5, 6, 7], endKind: "until", until: "2027-12-31", count: undefined }) }))).toEqual({
      until: ["organiser.errors.tooManySessions?max=366"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ timeZone: "Europe/Nergens" }) }))).toEqual({ timeZone: ["organiser.errors.timeZone"] });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ shifts: [{ ...validShift[0]!, requiredSkillId: 999_999 }] }) }))).toEqual({
      "shifts[0].requiredSkillId": ["organiser.errors.required"],
    });
    expect((await database.db.select().from(activity)).length).toBe(countBefore);
  });

  test("02:30 on 2026-03-29 does not exist: the message names that date; 02:30 on 2026-10-25 is the first one", async () => {
    const ctx = await ctxFor(ids.member);
    const errors = await fieldErrors(
      createActivity({ ctx, input: weeklyInput({ weekdays: [7], startDate: "2026-03-22", startTime: "02:30", endTime: "03:30", shifts: [] }) }),
    );
    expect(errors).toEqual({ startTime: ["organiser.errors.nonexistentTime?date=zondag+29+maart+2026&time=02%3A30"] });
    const created = await createActivity({ ctx, input: weeklyInput({ repeat: "once", startDate: "2026-10-25", startTime: "02:30", endTime: "03:30", shifts: [] }) });
    const [session] = await sessionsOf(created.activityId);
    expect(session!.startsAt).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  test("who may create: members and admins; not another organisation's member, a resident, a coordinator, or nobody", async () => {
    await expect(createActivity({ ctx: await ctxFor(ids.otherMember), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(Forbidden);
    await expect(createActivity({ ctx: await ctxFor(ids.resident), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(Forbidden);
    await expect(createActivity({ ctx: await ctxFor(ids.coordinatorA), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(Forbidden);
    await expect(createActivity({ ctx: await ctxFor(null), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(Unauthenticated);
    const byAdmin = await createActivity({ ctx: await ctxFor(ids.admin), input: weeklyInput({ shifts: validShift }) });
    expect(byAdmin.sessionIds).toHaveLength(4);
    // A pending organisation cannot post yet; an initiative must be the organisation's own.
    expect(await fieldErrors(createActivity({ ctx: await ctxFor(ids.member), input: weeklyInput({ organisationId: ids.pendingOrg, shifts: validShift }) }))).toEqual({
      organisationId: ["organiser.errors.organisationNotApproved"],
    });
    expect(await fieldErrors(createActivity({ ctx: await ctxFor(ids.member), input: weeklyInput({ initiativeId: ids.otherInitiative, shifts: validShift }) }))).toEqual({
      initiativeId: ["organiser.errors.initiativeOfOther"],
    });
  });

  test("the form offers only approved organisations the actor may post for, and their initiatives", async () => {
    const options = await getCreateActivityOptions({ ctx: await ctxFor(ids.member) });
    expect(options.organisations.map((o) => o.id)).toEqual([ids.org]);
    expect(options.initiatives.map((i) => i.id)).toEqual([ids.initiative]);
    expect(options.neighbourhoods.map((n) => n.id)).toEqual(expect.arrayContaining([ids.areaA, ids.areaB]));
    expect((await getCreateActivityOptions({ ctx: await ctxFor(ids.resident) })).organisations).toEqual([]);
  });
});

/** A weekly activity of `ids.org` with capacity 2 and one shift, and people signed up for its first session. */
async function activityWithSignups(participants: number, volunteers = 0) {
  const created = await createActivity({ ctx: await ctxFor(ids.member), input: weeklyInput({ shifts: validShift }) });
  const sessions = await sessionsOf(created.activityId);
  const first = sessions[0]!;
  const [firstShift] = await database.db.select().from(shift).where(eq(shift.sessionId, first.id));
  const people = await newPeople(participants + volunteers);
  const signups: number[] = [];
  for (const id of people.slice(0, participants)) {
    const r = await signUp({ ctx: await ctxFor(id), input: { sessionId: first.id, shiftId: null } });
    if ("signupId" in r) signups.push(r.signupId);
  }
  for (const id of people.slice(participants)) {
    await database.write((tx) => createVolunteerProfile(tx, { userId: id }));
    const r = await signUp({ ctx: await ctxFor(id), input: { sessionId: first.id, shiftId: firstShift!.id } });
    if ("signupId" in r) signups.push(r.signupId);
  }
  return { ...created, sessions, first, firstShift: firstShift!, people, signups };
}

describe("moving one session", () => {
  test("moves the session and its shifts, detaches it, and mails everyone signed up the old and new time", async () => {
    const a = await activityWithSignups(3, 1); // 2 confirmed, 1 waitlisted, 1 volunteer
    const result = await moveSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id, date: "2026-03-19", startTime: "18:30" } });
    expect(result).toEqual({ moved: true, notified: 4 });
    const sessions = await sessionsOf(a.activityId);
    const moved = sessions.find((s) => s.id === a.first.id)!;
    expect(amsterdam(moved.startsAt)).toBe("19-03-2026 18:30");
    expect(moved.endsAt - moved.startsAt).toBe(2 * HOUR);
    expect(moved).toMatchObject({ detached: true, sequence: 1, occurrenceDate: "2026-03-17" });
    // The rest of the series is untouched.
    expect(sessions.filter((s) => s.id !== a.first.id).every((s) => !s.detached && s.sequence === 0 && amsterdam(s.startsAt).endsWith("19:00"))).toBe(true);
    const [movedShift] = await database.db.select().from(shift).where(eq(shift.id, a.firstShift.id));
    expect(amsterdam(movedShift!.startsAt)).toBe("19-03-2026 18:30");
    expect(movedShift!.endsAt - movedShift!.startsAt).toBe(90 * MINUTE);
    const mails = await mailsLike("session-changed/%");
    const mine = mails.filter((m) => a.signups.some((id) => m.idempotencyKey === `session-changed/${id}/1`));
    expect(mine).toHaveLength(4);
    const volunteerMail = mine.find((m) => m.idempotencyKey === `session-changed/${a.signups[3]}/1`)!;
    expect(volunteerMail.props).toMatchObject({ role: "Gastheer", oldStartsAt: a.firstShift.startsAt, startsAt: movedShift!.startsAt });
    // Rendered in the recipient's language and time zone, with both times.
    const rendered = await renderEmail({ template: "session-changed", locale: "nl", timeZone: "Europe/Amsterdam", props: volunteerMail.props, secrets: {} });
    expect(rendered.subject).toBe("Gewijzigd: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("Was: di 17 mrt 2026, 19:00 – 20:30");
    expect(rendered.text).toContain("Nu: do 19 mrt 2026, 18:30 – 20:00");
    const english = await renderEmail({ template: "session-changed", locale: "en", timeZone: "Europe/London", props: volunteerMail.props, secrets: {} });
    expect(english.text).toContain("Now: Thu, Mar 19, 2026, 17:30 – 19:00");
    // A second move bumps the sequence again and mails again.
    await moveSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id, date: "2026-03-19", startTime: "19:00" } });
    expect((await mailsLike(`session-changed/${a.signups[0]}/%`)).map((m) => m.idempotencyKey)).toEqual([`session-changed/${a.signups[0]}/1`, `session-changed/${a.signups[0]}/2`]);
  });

  test("a time that does not exist, a past date, or a past session is refused", async () => {
    const a = await activityWithSignups(0);
    const ctx = await ctxFor(ids.member);
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-03-29", startTime: "02:15" } }))).toEqual({
      startTime: ["organiser.errors.nonexistentTime?date=zondag+29+maart+2026&time=02%3A15"],
    });
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-02-28", startTime: "19:00" } }))).toEqual({ date: ["organiser.errors.dateInPast"] });
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-3-1", startTime: "19:00" } }))).toEqual({ date: ["organiser.errors.date"] });
    const later = await ctxFor(ids.member, a.first.startsAt + MINUTE);
    expect(await fieldErrors(moveSession({ ctx: later, input: { sessionId: a.first.id, date: "2026-04-30", startTime: "19:00" } }))).toEqual({
      form: ["organiser.errors.sessionStarted"],
    });
  });

  test("only the organisation may move: not another organisation, a resident, or the neighbourhood's coordinator", async () => {
    const a = await activityWithSignups(0);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(moveSession({ ctx: await ctxFor(who), input: { sessionId: a.first.id, date: "2026-03-18", startTime: "19:00" } })).rejects.toBeInstanceOf(NotFound);
    }
    expect((await sessionsOf(a.activityId))[0]!.startsAt).toBe(a.first.startsAt);
  });
});

describe("cancelling", () => {
  test("one session: its sign-ups are cancelled by the organiser and each gets a mail; the series stays", async () => {
    const a = await activityWithSignups(3, 1);
    const result = await cancelSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id } });
    expect(result).toEqual({ sessions: 1, signups: 4 });
    const sessions = await sessionsOf(a.activityId);
    expect(sessions[0]).toMatchObject({ status: "cancelled", sequence: 1 });
    expect(sessions.slice(1).every((s) => s.status === "scheduled")).toBe(true);
    const rows = await database.db.select().from(signup).where(eq(signup.sessionId, a.first.id));
    expect(rows.every((r) => r.status === "cancelled" && r.cancelledBy === "organiser" && r.cancelledAt === T0)).toBe(true);
    const mails = await mailsLike("session-cancelled/%");
    expect(a.signups.every((id) => mails.some((m) => m.idempotencyKey === `session-cancelled/${id}`))).toBe(true);
    // No one was promoted into a cancelled session.
    expect(await mailsLike(`signup-promoted/${a.signups[2]}`)).toHaveLength(0);
    const rendered = await renderEmail({
      template: "session-cancelled",
      locale: "en",
      timeZone: "Europe/Amsterdam",
      props: mails.find((m) => m.idempotencyKey === `session-cancelled/${a.signups[0]}`)!.props,
      secrets: {},
    });
    expect(rendered.subject).toBe("Cancelled: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("When: Tue, Mar 17, 2026, 19:00 – 21:00");
    // Again: nothing more happens.
    expect(await cancelSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id } })).toEqual({ sessions: 0, signups: 0 });
  });

  test("the whole series: every future session, past ones kept, one mail per person", async () => {
    const a = await activityWithSignups(0);
    const [p1, p2] = await newPeople(2);
    // p1 signs up for all four sessions, p2 for the last one only.
    for (const s of a.sessions) await signUp({ ctx: await ctxFor(p1!), input: { sessionId: s.id, shiftId: null } });
    await signUp({ ctx: await ctxFor(p2!), input: { sessionId: a.sessions[3]!.id, shiftId: null } });
    // After the first session has begun, the organiser cancels the rest.
    const afterFirst = a.sessions[0]!.startsAt + HOUR;
    const result = await cancelSeries({ ctx: await ctxFor(ids.member, afterFirst), input: { seriesId: a.seriesId } });
    expect(result).toEqual({ sessions: 3, signups: 4 });
    const sessions = await sessionsOf(a.activityId);
    expect(sessions.map((s) => s.status)).toEqual(["scheduled", "cancelled", "cancelled", "cancelled"]);
    const series = await database.db.query.activitySeries.findFirst({ where: eq(activitySeries.id, a.seriesId) });
    expect(series?.cancelledAt).toBe(afterFirst);
    const firstSignup = await database.db.query.signup.findFirst({ where: and(eq(signup.sessionId, a.sessions[0]!.id), eq(signup.userId, p1!)) });
    expect(firstSignup?.status).toBe("confirmed");
    const p1Signups = await database.db.select().from(signup).where(eq(signup.userId, p1!)).orderBy(asc(signup.id));
    const p2Signup = await database.db.query.signup.findFirst({ where: eq(signup.userId, p2!) });
    const mails = (await mailsLike("session-cancelled/%")).filter((m) => [...p1Signups.map((s) => s.id), p2Signup!.id].some((id) => m.idempotencyKey === `session-cancelled/${id}`));
    expect(mails.map((m) => m.idempotencyKey)).toEqual([`session-cancelled/${p1Signups[1]!.id}`, `session-cancelled/${p2Signup!.id}`]);
    expect(mails[0]!.props).toMatchObject({ scope: "series", sessionCount: 3, startsAt: a.sessions[1]!.startsAt });
    const rendered = await renderEmail({ template: "session-cancelled", locale: "nl", timeZone: "Europe/Amsterdam", props: mails[0]!.props, secrets: {} });
    expect(rendered.subject).toBe("Gaat niet meer door: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("Dit gaat over 3 bijeenkomsten");
  });

  test("only the organisation may cancel", async () => {
    const a = await activityWithSignups(1);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(cancelSession({ ctx: await ctxFor(who), input: { sessionId: a.first.id } })).rejects.toBeInstanceOf(NotFound);
      await expect(cancelSeries({ ctx: await ctxFor(who), input: { seriesId: a.seriesId } })).rejects.toBeInstanceOf(NotFound);
    }
    expect((await sessionsOf(a.activityId)).every((s) => s.status === "scheduled")).toBe(true);
  });
});

describe("changing capacity", () => {
  test("below the number confirmed is refused; raising it promotes from the waitlist in arrival order", async () => {
    const a = await activityWithSignups(5); // capacity 2: 2 confirmed, 3 waitlisted
    const ctx = await ctxFor(ids.member);
    expect(await fieldErrors(changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 1 } }))).toEqual({
      capacity: ["organiser.errors.capacityBelowConfirmed?count=2"],
    });
    expect(await fieldErrors(changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 0 } }))).toEqual({ capacity: ["organiser.errors.capacityMin"] });
    const raised = await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 3 } });
    expect(raised.promoted).toEqual([a.signups[2]]);
    const session = (await sessionsOf(a.activityId))[0]!;
    expect(session).toMatchObject({ capacity: 3, detached: true });
    expect(await mailsLike(`signup-promoted/${a.signups[2]}`)).toHaveLength(1);
    const unlimited = await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: null } });
    expect(unlimited.promoted).toEqual([a.signups[3], a.signups[4]]);
    const statuses = (await database.db.select().from(signup).where(eq(signup.sessionId, a.first.id)).orderBy(asc(signup.id))).map((s) => s.status);
    expect(statuses).toEqual(["confirmed", "confirmed", "confirmed", "confirmed", "confirmed"]);
    // The same number as confirmed is fine.
    expect((await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 5 } })).promoted).toEqual([]);
  });

  test("only the organisation may change it", async () => {
    const a = await activityWithSignups(0);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA, ids.coordinatorB]) {
      await expect(changeCapacity({ ctx: await ctxFor(who), input: { sessionId: a.first.id, capacity: 10 } })).rejects.toBeInstanceOf(NotFound);
    }
  });
});

describe("the organiser's view of sign-ups", () => {
  test("confirmed and waitlist per session and shift, in arrival order, with counts", async () => {
    const a = await activityWithSignups(4, 2); // participants: 2 + 2 waiting; shift needs 1: 1 + 1 waiting
    const view = await getManageView({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId } });
    expect(view.canEdit).toBe(true);
    expect(view.activity).toMatchObject({ title: "Wandelvoetbal voor 60-plussers", organisation: "Sportclub De Esch" });
    expect(view.sessions).toHaveLength(4);
    const first = view.sessions[0]!;
    expect(first.participants.confirmed.map((p) => p.signupId)).toEqual(a.signups.slice(0, 2));
    expect(first.participants.waitlist.map((p) => p.signupId)).toEqual(a.signups.slice(2, 4));
    expect(first.shifts[0]).toMatchObject({ role: "Gastheer", needed: 1 });
    expect(first.shifts[0]!.confirmed.map((p) => p.signupId)).toEqual([a.signups[4]]);
    expect(first.shifts[0]!.waitlist.map((p) => p.signupId)).toEqual([a.signups[5]]);
    expect(first.local).toMatchObject({ date: "2026-03-17", time: "19:00" });
    expect(view.series).toEqual([{ id: a.seriesId, cancelled: false, futureSessions: 4 }]);
  });

  test("the neighbourhood's coordinator may view but not edit; others are refused", async () => {
    const a = await activityWithSignups(1);
    const asCoordinator = await getManageView({ ctx: await ctxFor(ids.coordinatorA), input: { activityId: a.activityId } });
    expect(asCoordinator.canEdit).toBe(false);
    expect(asCoordinator.sessions[0]!.participants.confirmed).toHaveLength(1);
    expect((await getManageView({ ctx: await ctxFor(ids.admin), input: { activityId: a.activityId } })).canEdit).toBe(true);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorB]) {
      await expect(getManageView({ ctx: await ctxFor(who), input: { activityId: a.activityId } })).rejects.toBeInstanceOf(NotFound);
    }
  });

  test("the list of manageable activities: own organisation's, the coordinator's neighbourhood, none for a resident", async () => {
    const a = await activityWithSignups(0);
    const forMember = await listManageableActivities({ ctx: await ctxFor(ids.member), input: { page: 1 } });
    expect(forMember.canCreate).toBe(true);
    expect(forMember.activities.some((x) => x.id === a.activityId && x.canEdit && x.nextSession === a.first.startsAt)).toBe(true);
    const forCoordinator = await listManageableActivities({ ctx: await ctxFor(ids.coordinatorA), input: { page: 1 } });
    expect(forCoordinator.canCreate).toBe(false);
    expect(forCoordinator.activities.find((x) => x.id === a.activityId)?.canEdit).toBe(false);
    expect((await listManageableActivities({ ctx: await ctxFor(ids.coordinatorB), input: { page: 1 } })).activities).toEqual([]);
    expect((await listManageableActivities({ ctx: await ctxFor(ids.otherMember), input: { page: 1 } })).activities.some((x) => x.id === a.activityId)).toBe(false);
    const forResident = await listManageableActivities({ ctx: await ctxFor(ids.resident), input: { page: 1 } });
    expect(forResident).toMatchObject({ activities: [], canCreate: false });
  });
});

describe("CSV export", () => {
  test("every sign-up with the session start in local time, role, name, email, status and attendance", async () => {
    const a = await activityWithSignups(3, 1);
    const { rows, filename } = await exportSignups({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId } });
    expect(filename).toBe(`aanmeldingen-${a.activityId}.csv`);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.sessionStart, r.role, r.status])).toEqual([
      ["2026-03-17 19:00", null, "confirmed"],
      ["2026-03-17 19:00", null, "confirmed"],
      ["2026-03-17 19:00", null, "waitlisted"],
      ["2026-03-17 19:00", "Gastheer", "confirmed"],
    ]);
    expect(rows[0]!.email).toMatch(/@example\.org$/);
    // The neighbourhood's coordinator may export too; others may not.
    expect((await exportSignups({ ctx: await ctxFor(ids.coordinatorA), input: { activityId: a.activityId } })).rows).toHaveLength(4);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorB]) {
      await expect(exportSignups({ ctx: await ctxFor(who), input: { activityId: a.activityId } })).rejects.toBeInstanceOf(NotFound);
    }
  });

  test("cells are escaped and formulas neutralised", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\",\"klik\")")).toBe(`"'=HYPERLINK(""http://evil"",""klik"")"`);
    expect(csvCell("+31 6 1234")).toBe("'+31 6 1234");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("de Vries, Anna")).toBe('"de Vries, Anna"');
    expect(csvCell("regel 1\nregel 2")).toBe('"regel 1\nregel 2"');
    expect(csvCell("Zoë")).toBe("Zoë");
    expect(csvCell(null)).toBe("");
    expect(csvCell(90)).toBe("90");
    expect(toCsv([["a", "b"], ["=1", 'x"y']])).toBe('\uFEFFa,b\r\n\'=1,"x""y"\r\n');
  });
});

describe("messages to everyone signed up", () => {
  test("for one session: confirmed and waitlisted get it, cancelled do not; the text is escaped in the mail", async () => {
    const a = await activityWithSignups(3, 1);
    await database.write((tx) => tx.update(signup).set({ status: "cancelled", cancelledAt: T0, cancelledBy: "person" }).where(eq(signup.id, a.signups[1]!)));
    const body = "Neem sportschoenen mee.\n<script>alert('x')</script> & veld 2";
    const result = await messageSignups({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId, sessionId: a.first.id, body } });
    expect(result.recipients).toBe(3);
    const mails = await mailsLike(`organiser-message/${result.messageId}/%`);
    expect(mails.map((m) => m.idempotencyKey)).toEqual([a.signups[0], a.signups[2], a.signups[3]].map((id) => `organiser-message/${result.messageId}/${id}`));
    expect(mails[0]!.props).toMatchObject({ message: body, senderName: "Fatima El Amrani", organisationName: "Sportclub De Esch", session: { startsAt: a.first.startsAt } });
    const rendered = await renderEmail({ template: "organiser-message", locale: "nl", timeZone: "Europe/Amsterdam", props: mails[0]!.props, secrets: {} });
    expect(rendered.subject).toBe("Bericht over Wandelvoetbal voor 60-plussers");
    expect(rendered.html).not.toContain("<script>");
    expect(rendered.html).toContain("&lt;script&gt;");
    expect(rendered.html).toContain("Neem sportschoenen mee.</span><span><br/>&lt;script&gt;");
    expect(rendered.text).toContain("Neem sportschoenen mee.");
  });

  test("for the whole activity: one mail per person, only sessions that have not ended", async () => {
    const a = await activityWithSignups(0);
    const [p1, p2] = await newPeople(2);
    for (const s of a.sessions) await signUp({ ctx: await ctxFor(p1!), input: { sessionId: s.id, shiftId: null } });
    await signUp({ ctx: await ctxFor(p2!), input: { sessionId: a.sessions[0]!.id, shiftId: null } });
    // After the first session has ended, p2 (only signed up for it) no longer gets messages.
    const later = await ctxFor(ids.member, a.sessions[0]!.endsAt + MINUTE);
    const result = await messageSignups({ ctx: later, input: { activityId: a.activityId, body: "De zaal is verhuisd." } });
    expect(result.recipients).toBe(1);
    const mails = await mailsLike(`organiser-message/${result.messageId}/%`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toMatch(/@example\.org$/);
    expect(mails[0]!.props).toMatchObject({ session: null });
  });

  test("an empty message is refused; only the organisation may send", async () => {
    const a = await activityWithSignups(1);
    expect(await fieldErrors(messageSignups({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId, body: "  " } }))).toEqual({ body: ["organiser.errors.required"] });
    expect(await fieldErrors(messageSignups({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId, body: "x".repeat(2001) } }))).toEqual({
      body: ["organiser.errors.tooLong?max=2000"],
    });
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(messageSignups({ ctx: await ctxFor(who), input: { activityId: a.activityId, body: "Hallo" } })).rejects.toBeInstanceOf(NotFound);
    }
  });
});

describe("attendance", () => {
  test("not before the session starts", async () => {
    const a = await activityWithSignups(1);
    expect(await fieldErrors(recordAttendance({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id, entries: [{ signupId: a.signups[0]!, attendance: "present" }] } }))).toEqual({
      form: ["organiser.errors.attendanceTooEarly"],
    });
  });

  test("present and absent per confirmed sign-up; a shift records its length in minutes unless given", async () => {
    const a = await activityWithSignups(2, 2); // 2 participants, volunteer 1 confirmed, volunteer 2 waitlisted
    const other = await activityWithSignups(1);
    const after = await ctxFor(ids.member, a.first.endsAt + HOUR);
    const sheet = await getAttendanceSheet({ ctx: after, input: { sessionId: a.first.id } });
    expect(sheet.entries.map((e) => [e.signupId, e.role, e.shiftMinutes])).toEqual([
      [a.signups[0], null, null],
      [a.signups[1], null, null],
      [a.signups[2], "Gastheer", 90],
    ]);
    const result = await recordAttendance({
      ctx: after,
      input: {
        sessionId: a.first.id,
        entries: [
          { signupId: a.signups[0]!, attendance: "present", minutes: 120 },
          { signupId: a.signups[1]!, attendance: "absent" },
          { signupId: a.signups[2]!, attendance: "present" },
          // Waitlisted, and someone of another session: ignored.
          { signupId: a.signups[3]!, attendance: "present" },
          { signupId: other.signups[0]!, attendance: "present" },
        ],
      },
    });
    expect(result).toEqual({ recorded: 3 });
    const rows = await database.db.select().from(signup).where(inArray(signup.id, [...a.signups, other.signups[0]!])).orderBy(asc(signup.id));
    expect(rows.map((r) => [r.attendance, r.minutes])).toEqual([
      ["present", null],
      ["absent", null],
      ["present", 90],
      [null, null],
      [null, null],
    ]);
    // The organiser corrects the volunteer's minutes.
    await recordAttendance({ ctx: after, input: { sessionId: a.first.id, entries: [{ signupId: a.signups[2]!, attendance: "present", minutes: 75 }] } });
    expect((await database.db.query.signup.findFirst({ where: eq(signup.id, a.signups[2]!) }))?.minutes).toBe(75);
    expect(await fieldErrors(recordAttendance({ ctx: after, input: { sessionId: a.first.id, entries: [{ signupId: a.signups[2]!, attendance: "present", minutes: -5 }] } }))).toEqual({
      "entries[0].minutes": ["organiser.errors.atLeast?min=0"],
    });
  });

  test("only the organisation records attendance", async () => {
    const a = await activityWithSignups(1);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      const ctx = await ctxFor(who, a.first.endsAt + HOUR);
      await expect(getAttendanceSheet({ ctx, input: { sessionId: a.first.id } })).rejects.toBeInstanceOf(NotFound);
      await expect(recordAttendance({ ctx, input: { sessionId: a.first.id, entries: [{ signupId: a.signups[0]!, attendance: "present" }] } })).rejects.toBeInstanceOf(NotFound);
    }
  });
});
