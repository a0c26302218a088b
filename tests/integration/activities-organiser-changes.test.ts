import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activitySeries, shift, signup } from "#db/schema";
import { renderEmail } from "#emails/render";
import { cancelSeries, cancelSession, changeCapacity, createActivity, moveSession } from "~/domain/activities/activities.server";
import { csvCell, toCsv } from "~/domain/csv";
import { NotFound } from "~/domain/errors";
import {
  exportSignups,
  getAttendanceSheet,
  getManageView,
  listManageableActivities,
  messageSignups,
  recordAttendance,
} from "~/domain/activities/organiser.server";
import { signUp } from "~/domain/activities/signups.server";
import { createVolunteerProfile } from "~/demo/builders";
import {
  HOUR,
  MINUTE,
  T0,
  amsterdam,
  ctxFor,
  database,
  fieldErrors,
  ids,
  mailsLike,
  newPeople,
  sessionsOf,
  setUpOrganiserWorld,
  validShift,
  weeklyInput,
} from "./activities-organiser-world";

// The organiser changes what exists: moving and cancelling sessions, capacity, and the view of sign-ups.

setUpOrganiserWorld();

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
    const result = await moveSession({
      ctx: await ctxFor(ids.member),
      input: { sessionId: a.first.id, date: "2026-03-19", startTime: "18:30" },
    });
    expect(result).toEqual({ moved: true, notified: 4 });
    const sessions = await sessionsOf(a.activityId);
    const moved = sessions.find((s) => s.id === a.first.id)!;
    expect(amsterdam(moved.startsAt)).toBe("19-03-2026 18:30");
    expect(moved.endsAt - moved.startsAt).toBe(2 * HOUR);
    expect(moved).toMatchObject({ detached: true, sequence: 1, occurrenceDate: "2026-03-17" });
    // The rest of the series is untouched.
    expect(
      sessions.filter((s) => s.id !== a.first.id).every((s) => !s.detached && s.sequence === 0 && amsterdam(s.startsAt).endsWith("19:00")),
    ).toBe(true);
    const [movedShift] = await database.db.select().from(shift).where(eq(shift.id, a.firstShift.id));
    expect(amsterdam(movedShift!.startsAt)).toBe("19-03-2026 18:30");
    expect(movedShift!.endsAt - movedShift!.startsAt).toBe(90 * MINUTE);
    const mails = await mailsLike("session-changed/%");
    const mine = mails.filter((m) => a.signups.some((id) => m.idempotencyKey === `session-changed/${id}/1`));
    expect(mine).toHaveLength(4);
    const volunteerMail = mine.find((m) => m.idempotencyKey === `session-changed/${a.signups[3]}/1`)!;
    expect(volunteerMail.props).toMatchObject({ role: "Gastheer", oldStartsAt: a.firstShift.startsAt, startsAt: movedShift!.startsAt });
    // Rendered in the recipient's language and time zone, with both times.
    const rendered = await renderEmail({
      template: "session-changed",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: volunteerMail.props,
      secrets: {},
    });
    expect(rendered.subject).toBe("Gewijzigd: Wandelvoetbal voor 60-plussers");
    expect(rendered.text).toContain("Was: di 17 mrt 2026, 19:00 – 20:30");
    expect(rendered.text).toContain("Nu: do 19 mrt 2026, 18:30 – 20:00");
    const english = await renderEmail({
      template: "session-changed",
      locale: "en",
      timeZone: "Europe/London",
      props: volunteerMail.props,
      secrets: {},
    });
    expect(english.text).toContain("Now: Thu, Mar 19, 2026, 17:30 – 19:00");
    // A second move bumps the sequence again and mails again.
    await moveSession({ ctx: await ctxFor(ids.member), input: { sessionId: a.first.id, date: "2026-03-19", startTime: "19:00" } });
    expect((await mailsLike(`session-changed/${a.signups[0]}/%`)).map((m) => m.idempotencyKey)).toEqual([
      `session-changed/${a.signups[0]}/1`,
      `session-changed/${a.signups[0]}/2`,
    ]);
  });

  test("a time that does not exist, a past date, or a past session is refused", async () => {
    const a = await activityWithSignups(0);
    const ctx = await ctxFor(ids.member);
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-03-29", startTime: "02:15" } }))).toEqual({
      startTime: ["organiser.errors.nonexistentTime?date=zondag+29+maart+2026&time=02%3A15"],
    });
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-02-28", startTime: "19:00" } }))).toEqual({
      date: ["organiser.errors.dateInPast"],
    });
    expect(await fieldErrors(moveSession({ ctx, input: { sessionId: a.first.id, date: "2026-3-1", startTime: "19:00" } }))).toEqual({
      date: ["organiser.errors.date"],
    });
    const later = await ctxFor(ids.member, a.first.startsAt + MINUTE);
    expect(
      await fieldErrors(moveSession({ ctx: later, input: { sessionId: a.first.id, date: "2026-04-30", startTime: "19:00" } })),
    ).toEqual({
      form: ["organiser.errors.sessionStarted"],
    });
  });

  test("only the organisation may move: not another organisation, a resident, or the neighbourhood's coordinator", async () => {
    const a = await activityWithSignups(0);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(
        moveSession({ ctx: await ctxFor(who), input: { sessionId: a.first.id, date: "2026-03-18", startTime: "19:00" } }),
      ).rejects.toBeInstanceOf(NotFound);
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
    const firstSignup = await database.db.query.signup.findFirst({
      where: and(eq(signup.sessionId, a.sessions[0]!.id), eq(signup.userId, p1!)),
    });
    expect(firstSignup?.status).toBe("confirmed");
    const p1Signups = await database.db.select().from(signup).where(eq(signup.userId, p1!)).orderBy(asc(signup.id));
    const p2Signup = await database.db.query.signup.findFirst({ where: eq(signup.userId, p2!) });
    const mails = (await mailsLike("session-cancelled/%")).filter((m) =>
      [...p1Signups.map((s) => s.id), p2Signup!.id].some((id) => m.idempotencyKey === `session-cancelled/${id}`),
    );
    expect(mails.map((m) => m.idempotencyKey)).toEqual([`session-cancelled/${p1Signups[1]!.id}`, `session-cancelled/${p2Signup!.id}`]);
    expect(mails[0]!.props).toMatchObject({ scope: "series", sessionCount: 3, startsAt: a.sessions[1]!.startsAt });
    const rendered = await renderEmail({
      template: "session-cancelled",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: mails[0]!.props,
      secrets: {},
    });
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
    expect(await fieldErrors(changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 0 } }))).toEqual({
      capacity: ["organiser.errors.capacityMin"],
    });
    const raised = await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 3 } });
    expect(raised.promoted).toEqual([a.signups[2]]);
    const session = (await sessionsOf(a.activityId))[0]!;
    expect(session).toMatchObject({ capacity: 3, detached: true });
    expect(await mailsLike(`signup-promoted/${a.signups[2]}`)).toHaveLength(1);
    const unlimited = await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: null } });
    expect(unlimited.promoted).toEqual([a.signups[3], a.signups[4]]);
    const statuses = (await database.db.select().from(signup).where(eq(signup.sessionId, a.first.id)).orderBy(asc(signup.id))).map(
      (s) => s.status,
    );
    expect(statuses).toEqual(["confirmed", "confirmed", "confirmed", "confirmed", "confirmed"]);
    // The same number as confirmed is fine.
    expect((await changeCapacity({ ctx, input: { sessionId: a.first.id, capacity: 5 } })).promoted).toEqual([]);
  });

  test("only the organisation may change it", async () => {
    const a = await activityWithSignups(0);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA, ids.coordinatorB]) {
      await expect(changeCapacity({ ctx: await ctxFor(who), input: { sessionId: a.first.id, capacity: 10 } })).rejects.toBeInstanceOf(
        NotFound,
      );
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
    expect(
      (await listManageableActivities({ ctx: await ctxFor(ids.otherMember), input: { page: 1 } })).activities.some(
        (x) => x.id === a.activityId,
      ),
    ).toBe(false);
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
    expect(csvCell('=HYPERLINK("http://evil","klik")')).toBe(`"'=HYPERLINK(""http://evil"",""klik"")"`);
    expect(csvCell("+31 6 1234")).toBe("'+31 6 1234");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("de Vries, Anna")).toBe('"de Vries, Anna"');
    expect(csvCell("regel 1\nregel 2")).toBe('"regel 1\nregel 2"');
    expect(csvCell("Zoë")).toBe("Zoë");
    expect(csvCell(null)).toBe("");
    expect(csvCell(90)).toBe("90");
    expect(
      toCsv([
        ["a", "b"],
        ["=1", 'x"y'],
      ]),
    ).toBe('\uFEFFa,b\r\n\'=1,"x""y"\r\n');
  });
});

describe("messages to everyone signed up", () => {
  test("for one session: confirmed and waitlisted get it, cancelled do not; the text is escaped in the mail", async () => {
    const a = await activityWithSignups(3, 1);
    await database.write((tx) =>
      tx.update(signup).set({ status: "cancelled", cancelledAt: T0, cancelledBy: "person" }).where(eq(signup.id, a.signups[1]!)),
    );
    const body = "Neem sportschoenen mee.\n<script>alert('x')</script> & veld 2";
    const result = await messageSignups({
      ctx: await ctxFor(ids.member),
      input: { activityId: a.activityId, sessionId: a.first.id, body },
    });
    expect(result.recipients).toBe(3);
    const mails = await mailsLike(`organiser-message/${result.messageId}/%`);
    expect(mails.map((m) => m.idempotencyKey)).toEqual(
      [a.signups[0], a.signups[2], a.signups[3]].map((id) => `organiser-message/${result.messageId}/${id}`),
    );
    expect(mails[0]!.props).toMatchObject({
      message: body,
      senderName: "Fatima El Amrani",
      organisationName: "Sportclub De Esch",
      session: { startsAt: a.first.startsAt },
    });
    const rendered = await renderEmail({
      template: "organiser-message",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: mails[0]!.props,
      secrets: {},
    });
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
    expect(await fieldErrors(messageSignups({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId, body: "  " } }))).toEqual({
      body: ["organiser.errors.required"],
    });
    expect(
      await fieldErrors(messageSignups({ ctx: await ctxFor(ids.member), input: { activityId: a.activityId, body: "x".repeat(2001) } })),
    ).toEqual({
      body: ["organiser.errors.tooLong?max=2000"],
    });
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      await expect(messageSignups({ ctx: await ctxFor(who), input: { activityId: a.activityId, body: "Hallo" } })).rejects.toBeInstanceOf(
        NotFound,
      );
    }
  });
});

describe("attendance", () => {
  test("not before the session starts", async () => {
    const a = await activityWithSignups(1);
    expect(
      await fieldErrors(
        recordAttendance({
          ctx: await ctxFor(ids.member),
          input: { sessionId: a.first.id, entries: [{ signupId: a.signups[0]!, attendance: "present" }] },
        }),
      ),
    ).toEqual({
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
    const rows = await database.db
      .select()
      .from(signup)
      .where(inArray(signup.id, [...a.signups, other.signups[0]!]))
      .orderBy(asc(signup.id));
    expect(rows.map((r) => [r.attendance, r.minutes])).toEqual([
      ["present", null],
      ["absent", null],
      ["present", 90],
      [null, null],
      [null, null],
    ]);
    // The organiser corrects the volunteer's minutes.
    await recordAttendance({
      ctx: after,
      input: { sessionId: a.first.id, entries: [{ signupId: a.signups[2]!, attendance: "present", minutes: 75 }] },
    });
    expect((await database.db.query.signup.findFirst({ where: eq(signup.id, a.signups[2]!) }))?.minutes).toBe(75);
    expect(
      await fieldErrors(
        recordAttendance({
          ctx: after,
          input: { sessionId: a.first.id, entries: [{ signupId: a.signups[2]!, attendance: "present", minutes: -5 }] },
        }),
      ),
    ).toEqual({
      "entries[0].minutes": ["organiser.errors.atLeast?min=0"],
    });
  });

  test("only the organisation records attendance", async () => {
    const a = await activityWithSignups(1);
    for (const who of [ids.otherMember, ids.resident, ids.coordinatorA]) {
      const ctx = await ctxFor(who, a.first.endsAt + HOUR);
      await expect(getAttendanceSheet({ ctx, input: { sessionId: a.first.id } })).rejects.toBeInstanceOf(NotFound);
      await expect(
        recordAttendance({ ctx, input: { sessionId: a.first.id, entries: [{ signupId: a.signups[0]!, attendance: "present" }] } }),
      ).rejects.toBeInstanceOf(NotFound);
    }
  });
});
