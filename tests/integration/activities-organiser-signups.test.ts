import { asc, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { signup } from "#db/schema";
import { renderEmail } from "#emails/render";
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
import {
  HOUR,
  MINUTE,
  T0,
  activityWithSignups,
  ctxFor,
  database,
  fieldErrors,
  ids,
  mailsLike,
  newPeople,
  setUpOrganiserWorld,
} from "./activities-organiser-world";

// The organiser works with who signed up: the view of sign-ups, the CSV export, messages and attendance.

setUpOrganiserWorld();

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
