import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { circleAccessLog, circleMember, circleTaskClaim, circleTaskOccurrence, emailOutbox, notificationSetting } from "#db/schema";
import { Conflict, NotFound, Validation } from "~/domain/errors";
import { cancelCircleTask, changeCirclePlace, createCircleTask, getCircleTask, getTaskCalendar } from "~/domain/circles";
import { getMySchedule } from "~/domain/calendar/schedule.server";
import { feedForToken, regenerateFeedToken } from "~/domain/calendar/feeds.server";
import { rescheduleRemindersForUser } from "~/domain/notifications/reminders.server";
import { reminderGuard } from "~/domain/notifications/reminder-guard.server";
import { renderEmail } from "#emails/render";
import { instantToLocal } from "~/domain/scheduling/local-time";
import { createCareRecipient, createCircle, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The task calendar of a care circle (issue 16): tasks one-off and recurring across both DST
// changes, places claimed and assigned under concurrency, the calendar and the load, reminders
// without care details, and the person's schedule and feed.

const NOW = Date.UTC(2026, 2, 2, 9, 0); // Monday 2 March 2026, 10:00 in Amsterdam
const HOUR = 3_600_000;
const TITLE = "Soep brengen bij Anna";
const NOTES = "Anna eet geen zout; sleutel ligt bij de buren.";

let database: TestDatabase;
let neighbourhoodId: number;
let lead: number;
let member: number;
let other: number;
let outsider: number;
let circleId: number;

const ctxOf = (userId: number | null, now = NOW) => ctxAs(database, userId, { now: () => now });

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    const make = async (name: string) => (await createUser(tx, { neighbourhoodId, name })).id;
    lead = await make("Lea Leider");
    member = await make("Mo Lid");
    other = await make("Olga Ander");
    outsider = await make("Bert Buiten");
    const recipient = await createCareRecipient(tx, { carerId: lead, neighbourhoodId, firstName: "Anna" });
    circleId = (
      await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId,
        leadId: lead,
        members: [{ userId: member }, { userId: other }],
      })
    ).id;
  });
});
afterAll(() => database?.cleanup());

const once = (date: string, extra: Record<string, unknown> = {}) => ({
  circleId,
  kind: "meal" as const,
  title: TITLE,
  notes: NOTES,
  places: 1,
  startDate: date,
  startTime: "19:00",
  endTime: "20:00",
  repeat: "once" as const,
  ...extra,
});

async function newTask(by: number, input: Record<string, unknown>) {
  return createCircleTask({ ctx: await ctxOf(by), input: input as Parameters<typeof createCircleTask>[0]["input"] });
}

async function occurrencesOf(taskId: number) {
  return database.db
    .select()
    .from(circleTaskOccurrence)
    .where(eq(circleTaskOccurrence.taskId, taskId))
    .orderBy(asc(circleTaskOccurrence.startsAt));
}

async function place(by: number, form: Record<string, unknown>) {
  return changeCirclePlace({ ctx: await ctxOf(by), input: { circleId, form } });
}

describe("creating tasks", () => {
  test("a member adds a one-off task: one occurrence at 19:00 local", async () => {
    const { taskId, occurrences } = await newTask(member, once("2026-03-05", { places: 2 }));
    expect(occurrences).toBe(1);
    const [o] = await occurrencesOf(taskId);
    expect(instantToLocal(o!.startsAt, "Europe/Amsterdam")).toMatchObject({ date: "2026-03-05", time: "19:00" });
    expect(o!.places).toBe(2);
  });

  test("RECURRENCE AND DST: a weekly 19:00 task across 2026-03-29 and 2026-10-25 stays 19:00 local", async () => {
    const { taskId } = await newTask(
      lead,
      once("2026-03-22", { repeat: "weekly", interval: 1, weekdays: [7], endKind: "until", until: "2026-11-01" }),
    );
    const rows = await occurrencesOf(taskId);
    const dates = rows.map((r) => r.occurrenceDate);
    expect(dates).toContain("2026-03-29");
    expect(dates).toContain("2026-10-25");
    expect(rows.every((r) => instantToLocal(r.startsAt, "Europe/Amsterdam").time === "19:00")).toBe(true);
    const utcHour = (date: string) => new Date(rows.find((r) => r.occurrenceDate === date)!.startsAt).getUTCHours();
    expect([utcHour("2026-03-22"), utcHour("2026-03-29"), utcHour("2026-10-18"), utcHour("2026-10-25")]).toEqual([18, 17, 17, 18]);
  });

  test("every other week on two days, ending after 5 times; monthly on the last Friday", async () => {
    const weekly = await newTask(
      member,
      once("2026-03-03", { repeat: "weekly", interval: 2, weekdays: [2, 4], endKind: "count", count: 5 }),
    );
    expect((await occurrencesOf(weekly.taskId)).map((r) => r.occurrenceDate)).toEqual([
      "2026-03-03",
      "2026-03-05",
      "2026-03-17",
      "2026-03-19",
      "2026-03-31",
    ]);
    const monthly = await newTask(
      member,
      once("2026-03-03", { repeat: "monthly", monthlyNth: -1, monthlyWeekday: 5, endKind: "count", count: 2 }),
    );
    expect((await occurrencesOf(monthly.taskId)).map((r) => r.occurrenceDate)).toEqual(["2026-03-27", "2026-04-24"]);
  });

  test("the nonexistent 02:30 of 2026-03-29 is refused next to the start time, nothing is written", async () => {
    const error = await newTask(member, once("2026-03-29", { startTime: "02:30", endTime: "03:30" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Validation);
    expect((error as Validation).fieldErrors.startTime?.[0]).toMatch(/^circleTasks\.errors\.nonexistentTime\?/);
  });

  test("bad input is a Validation error next to the field, not a crash", async () => {
    const error = await newTask(member, once("2026-03-05", { title: "", places: 21, endTime: "18:00" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Validation);
    expect(Object.keys((error as Validation).fieldErrors).sort()).toEqual(["endTime", "places", "title"]);
    const past = await newTask(member, once("2026-03-01")).catch((e: unknown) => e);
    expect((past as Validation).fieldErrors.startDate).toEqual(["circleTasks.errors.dateInPast"]);
  });
});

describe("places", () => {
  test("claim, claim again (idempotent), unclaim; a lead assigns a member and releases the place", async () => {
    const { taskId } = await newTask(lead, once("2026-03-06", { places: 2 }));
    const [o] = await occurrencesOf(taskId);
    expect(await place(member, { intent: "claim", occurrenceId: o!.id })).toMatchObject({ intent: "claim", already: false });
    expect(await place(member, { intent: "claim", occurrenceId: o!.id })).toMatchObject({ already: true });
    const assigned = await place(lead, { intent: "assign", occurrenceId: o!.id, userId: other });
    expect(assigned).toMatchObject({ already: false });
    const claims = await database.db.select().from(circleTaskClaim).where(eq(circleTaskClaim.occurrenceId, o!.id));
    const otherPlace = claims.find((c) => c.userId === other)!;
    expect(otherPlace.assignedById).toBe(lead);
    // The assigned member is told: the kind, the time and a link; no title, no notes.
    const [mail] = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `circle-task-assigned/${otherPlace.id}`));
    expect(mail).toMatchObject({ template: "circle-task-assigned", userId: other, status: "pending" });
    expect(mail!.props).toEqual({
      name: "Olga Ander",
      kind: "meal",
      startsAt: o!.startsAt,
      endsAt: o!.endsAt,
      url: `http://localhost:3000/circles/${circleId}`,
    });
    // Full now: a lead cannot assign a third person.
    await expect(place(lead, { intent: "assign", occurrenceId: o!.id, userId: lead })).rejects.toBeInstanceOf(Conflict);
    expect(await place(member, { intent: "unclaim", occurrenceId: o!.id })).toMatchObject({ released: true });
    const otherClaim = claims.find((c) => c.userId === other)!;
    expect(await place(lead, { intent: "release", claimId: otherClaim.id })).toMatchObject({ released: true });
    const active = await database.db
      .select()
      .from(circleTaskClaim)
      .where(and(eq(circleTaskClaim.occurrenceId, o!.id), isNull(circleTaskClaim.releasedAt)));
    expect(active).toHaveLength(0);
  });

  test("a member may not assign or release (NotFound); a lead may not assign an outsider", async () => {
    const { taskId } = await newTask(lead, once("2026-03-07"));
    const [o] = await occurrencesOf(taskId);
    await expect(place(member, { intent: "assign", occurrenceId: o!.id, userId: other })).rejects.toBeInstanceOf(NotFound);
    await expect(place(lead, { intent: "assign", occurrenceId: o!.id, userId: outsider })).rejects.toBeInstanceOf(Validation);
  });

  test("CLAIM CONCURRENCY: two members claim the last place at once: exactly one claim, the other a Conflict", async () => {
    const { taskId } = await newTask(lead, once("2026-03-08"));
    const [o] = await occurrencesOf(taskId);
    const [a, b] = await Promise.all([ctxOf(member), ctxOf(other)]);
    const results = await Promise.allSettled([
      changeCirclePlace({ ctx: a, input: { circleId, form: { intent: "claim", occurrenceId: o!.id } } }),
      changeCirclePlace({ ctx: b, input: { circleId, form: { intent: "claim", occurrenceId: o!.id } } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(Conflict);
    expect((rejected[0]!.reason as Conflict).message).toBe("circleTasks.errors.full");
    const claims = await database.db.select().from(circleTaskClaim).where(eq(circleTaskClaim.occurrenceId, o!.id));
    expect(claims).toHaveLength(1);
  });

  test("no claim on a past or a cancelled occurrence", async () => {
    const { taskId } = await newTask(lead, once("2026-03-09"));
    const [o] = await occurrencesOf(taskId);
    const later = await ctxAs(database, member, { now: () => o!.startsAt + HOUR });
    const past = await changeCirclePlace({ ctx: later, input: { circleId, form: { intent: "claim", occurrenceId: o!.id } } }).catch(
      (e) => e,
    );
    expect((past as Validation).fieldErrors.form).toEqual(["circleTasks.errors.past"]);
    await cancelCircleTask({
      ctx: await ctxOf(lead),
      input: { circleId, taskId, form: { intent: "cancel-occurrence", occurrenceId: o!.id } },
    });
    const cancelled = await place(member, { intent: "claim", occurrenceId: o!.id }).catch((e: unknown) => e);
    expect((cancelled as Validation).fieldErrors.form).toEqual(["circleTasks.errors.cancelled"]);
  });

  test("cancelling a task cancels its future occurrences and gives back their places; only the creator or a lead may", async () => {
    const { taskId } = await newTask(
      member,
      once("2026-03-10", { repeat: "weekly", interval: 1, weekdays: [2], endKind: "count", count: 3 }),
    );
    const rows = await occurrencesOf(taskId);
    await place(other, { intent: "claim", occurrenceId: rows[1]!.id });
    await expect(
      cancelCircleTask({ ctx: await ctxOf(other), input: { circleId, taskId, form: { intent: "cancel-task", confirm: true } } }),
    ).rejects.toBeInstanceOf(NotFound);
    const done = await cancelCircleTask({
      ctx: await ctxOf(member),
      input: { circleId, taskId, form: { intent: "cancel-task", confirm: true } },
    });
    expect(done).toEqual({ cancelled: 3 });
    expect((await occurrencesOf(taskId)).every((r) => r.status === "cancelled")).toBe(true);
    const active = await database.db
      .select()
      .from(circleTaskClaim)
      .where(and(eq(circleTaskClaim.occurrenceId, rows[1]!.id), isNull(circleTaskClaim.releasedAt)));
    expect(active).toHaveLength(0);
    const reminders = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.topic, `circle-occurrence:${rows[1]!.id}`));
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((r) => r.status === "cancelled")).toBe(true);
  });

  test("non-members get NotFound on every verb and the calendar; former members too", async () => {
    const { taskId } = await newTask(lead, once("2026-03-11"));
    const [o] = await occurrencesOf(taskId);
    const ctx = await ctxOf(outsider);
    await expect(createCircleTask({ ctx, input: once("2026-03-12") })).rejects.toBeInstanceOf(NotFound);
    for (const form of [
      { intent: "claim", occurrenceId: o!.id },
      { intent: "unclaim", occurrenceId: o!.id },
      { intent: "assign", occurrenceId: o!.id, userId: outsider },
      { intent: "release", claimId: 1 },
    ]) {
      await expect(changeCirclePlace({ ctx, input: { circleId, form } })).rejects.toBeInstanceOf(NotFound);
    }
    await expect(getTaskCalendar({ ctx, input: { circleId } })).rejects.toBeInstanceOf(NotFound);
    await expect(getCircleTask({ ctx, input: { circleId, taskId } })).rejects.toBeInstanceOf(NotFound);
    await expect(
      cancelCircleTask({ ctx, input: { circleId, taskId, form: { intent: "cancel-task", confirm: true } } }),
    ).rejects.toBeInstanceOf(NotFound);
    // A task of another circle is NotFound through this circle, even for a member.
    await expect(getCircleTask({ ctx: await ctxOf(member), input: { circleId, taskId: 999_999 } })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("the calendar and the load", () => {
  test("the week's occurrences by day, with who took them, my place and the notes (logged as a care read)", async () => {
    const { taskId } = await newTask(lead, once("2026-03-04", { places: 3 }));
    const [o] = await occurrencesOf(taskId);
    await place(other, { intent: "claim", occurrenceId: o!.id });
    await place(member, { intent: "claim", occurrenceId: o!.id });
    const before = await database.db.select().from(circleAccessLog).where(eq(circleAccessLog.viewerId, member));
    const calendar = await getTaskCalendar({ ctx: await ctxOf(member), input: { circleId } });
    expect(calendar.week).toMatchObject({ monday: "2026-03-02", sunday: "2026-03-08", previous: "2026-02-23", next: "2026-03-09" });
    expect(calendar.days.map((d) => d.date)).toHaveLength(7);
    const wednesday = calendar.days.find((d) => d.date === "2026-03-04")!;
    const shown = wednesday.occurrences.find((x) => x.id === o!.id)!;
    expect(shown).toMatchObject({ kind: "meal", title: TITLE, notes: NOTES, places: 3, open: 1, mine: true });
    expect(shown.taken.map((c) => c.name).sort()).toEqual(["Mo Lid", "Olga Ander"]);
    const after = await database.db.select().from(circleAccessLog).where(eq(circleAccessLog.viewerId, member));
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.fields).toEqual(["task-notes"]);
    expect(calendar.suggestion).toEqual([]);
  });

  test("?week= picks the week of any date; a bad value falls back to this week with a problem", async () => {
    const ctx = await ctxOf(member);
    expect((await getTaskCalendar({ ctx, input: { circleId, week: "2026-03-26" } })).week.monday).toBe("2026-03-23");
    const bad = await getTaskCalendar({ ctx, input: { circleId, week: "2026-02-31" } });
    expect(bad).toMatchObject({ problem: "circleTasks.calendar.badWeek", week: { monday: "2026-03-02" } });
  });

  test("the load counts places over the last weeks per person and kind; the lead sees the suggestion", async () => {
    // A circle of its own: the lead does five rides, the member one; two tasks in the coming week stay open.
    const shared = circleId;
    circleId = await database.write(async (tx) => {
      const recipient = await createCareRecipient(tx, { carerId: lead, neighbourhoodId, firstName: "Kees" });
      return (await createCircle(tx, { careRecipientId: recipient.id, neighbourhoodId, leadId: lead, members: [{ userId: member }] })).id;
    });
    try {
      const { taskId } = await newTask(
        lead,
        once("2026-03-13", { kind: "ride", repeat: "weekly", interval: 1, weekdays: [5], endKind: "count", count: 6 }),
      );
      const rows = await occurrencesOf(taskId);
      for (const r of rows.slice(0, 5)) await place(lead, { intent: "claim", occurrenceId: r.id });
      await place(member, { intent: "claim", occurrenceId: rows[5]!.id });
      await newTask(lead, once("2026-04-19", { kind: "shopping", places: 2 }));
      await newTask(lead, once("2026-04-20", { kind: "chores" }));
      const at = rows[5]!.startsAt + HOUR; // Friday 17 April, 20:00
      const leadView = await getTaskCalendar({ ctx: await ctxOf(lead, at), input: { circleId } });
      expect(leadView.load.map((p) => [p.name, p.total, p.byKind])).toEqual([
        ["Lea Leider", 5, { ride: 5 }],
        ["Mo Lid", 1, { ride: 1 }],
      ]);
      expect(leadView.suggestion).toEqual(["lead-carries-most", "tasks-unclaimed"]);
      const memberView = await getTaskCalendar({ ctx: await ctxOf(member, at), input: { circleId } });
      expect(memberView.suggestion).toEqual([]);
      expect(memberView.load).toEqual(leadView.load);
    } finally {
      circleId = shared;
    }
  });
});

describe("reminders", () => {
  test("claiming schedules reminders without care details; unclaiming cancels them", async () => {
    const { taskId } = await newTask(lead, once("2026-03-14"));
    const [o] = await occurrencesOf(taskId);
    const { claimId } = (await place(member, { intent: "claim", occurrenceId: o!.id })) as { claimId: number };
    const rows = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.topic, `circle-occurrence:${o!.id}`));
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([
      `reminder/circle-claim-${claimId}/0/day-before`,
      `reminder/circle-claim-${claimId}/0/hours-before`,
    ]);
    for (const row of rows) {
      expect(row.status).toBe("pending");
      const text = JSON.stringify(row);
      expect(text).not.toContain(TITLE);
      expect(text).not.toContain("Soep");
      expect(text).not.toContain(NOTES);
      expect(text).not.toContain("Anna");
      expect(row.props).toMatchObject({
        about: "circle-task",
        circleTaskKind: "meal",
        circleClaimId: claimId,
        url: `http://localhost:3000/circles/${circleId}`,
      });
      expect(await reminderGuard({ database, now: () => NOW } as never, row as never)).toMatchObject({ send: true });
      const mail = await renderEmail({ template: row.template, locale: "nl", timeZone: "Europe/Amsterdam", props: row.props, secrets: {} });
      expect(mail.subject).toBe("Herinnering: taak in uw kring (maaltijd)");
      expect(mail.text).toContain("een taak in uw kring (maaltijd)");
      expect(mail.text).toContain(`http://localhost:3000/circles/${circleId}`);
      expect(`${mail.subject}${mail.html}`).not.toMatch(/Soep|zout|Anna/);
    }
    await place(member, { intent: "unclaim", occurrenceId: o!.id });
    const after = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.topic, `circle-occurrence:${o!.id}`));
    expect(after.every((r) => r.status === "cancelled")).toBe(true);
    expect(await reminderGuard({ database, now: () => NOW } as never, rows[0] as never)).toMatchObject({ send: false });
  });

  test("the person's reminder settings are followed, and recomputed when they change", async () => {
    await database.write((tx) =>
      tx
        .insert(notificationSetting)
        .values({ userId: other, dayBeforeAt: null, hoursBefore: 3, updatedAt: NOW })
        .then(() => undefined),
    );
    const { taskId } = await newTask(lead, once("2026-03-15"));
    const [o] = await occurrencesOf(taskId);
    await place(lead, { intent: "assign", occurrenceId: o!.id, userId: other });
    const pending = async () =>
      (
        await database.db
          .select()
          .from(emailOutbox)
          .where(eq(emailOutbox.topic, `circle-occurrence:${o!.id}`))
      ).filter((r) => r.status === "pending");
    expect((await pending()).map((r) => [r.idempotencyKey.split("/").at(-1), r.runAt])).toEqual([["hours-before", o!.startsAt - 3 * HOUR]]);
    await database.write(async (tx) => {
      await tx.update(notificationSetting).set({ dayBeforeAt: "18:00", hoursBefore: null }).where(eq(notificationSetting.userId, other));
      await rescheduleRemindersForUser(await ctxOf(other), tx, other);
    });
    expect((await pending()).map((r) => r.idempotencyKey.split("/").at(-1))).toEqual(["day-before"]);
  });
});

describe("my schedule and the calendar feed", () => {
  test("a claimed task shows with its kind and time only, and leaves when the person leaves the circle", async () => {
    const { taskId } = await newTask(lead, once("2026-03-16", { kind: "company" }));
    const [o] = await occurrencesOf(taskId);
    const fresh = await database.write(async (tx) => (await createUser(tx, { neighbourhoodId, name: "Nina Nieuw" })).id);
    await database.write((tx) =>
      tx
        .insert(circleMember)
        .values({ circleId, userId: fresh, role: "member", joinedAt: NOW })
        .then(() => undefined),
    );
    await place(fresh, { intent: "claim", occurrenceId: o!.id });
    const schedule = await getMySchedule({ ctx: await ctxOf(fresh), input: {} });
    const items = schedule.days.flatMap((d) => d.items);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: "circle-task",
      circleTaskKind: "company",
      activityTitle: null,
      href: `/circles/${circleId}`,
      startsAt: o!.startsAt,
    });
    expect(JSON.stringify(schedule)).not.toContain(TITLE);

    const { token } = await regenerateFeedToken({ ctx: await ctxOf(fresh) });
    const ics = await feedForToken({ ctx: await ctxOf(null), input: { token } });
    expect(ics).toContain("SUMMARY:Taak in uw kring: bezoek of gezelschap");
    expect(ics).toContain(`/circles/${circleId}`);
    expect(ics).not.toContain("Soep");
    expect(ics).not.toContain("zout");

    await database.write((tx) =>
      tx
        .update(circleMember)
        .set({ leftAt: NOW, leftReason: "left" })
        .where(and(eq(circleMember.userId, fresh), eq(circleMember.circleId, circleId)))
        .then(() => undefined),
    );
    const afterLeaving = await getMySchedule({ ctx: await ctxOf(fresh), input: {} });
    expect(afterLeaving.days).toEqual([]);
  });
});
