import { asc, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activity, activitySeries, shift } from "#db/schema";
import { createActivity, getCreateActivityOptions } from "~/domain/activities/activities.server";
import { Forbidden, Unauthenticated } from "~/domain/errors";
import {
  HOUR,
  MINUTE,
  amsterdam,
  ctxFor,
  database,
  fieldErrors,
  ids,
  sessionsOf,
  setUpOrganiserWorld,
  validShift,
  weeklyInput,
} from "./activities-organiser-world";

setUpOrganiserWorld();

describe("createActivity", () => {
  test("a weekly series across the spring change: rule stored, sessions at 19:00 local, shifts copied", async () => {
    const ctx = await ctxFor(ids.member);
    const created = await createActivity({
      ctx,
      input: weeklyInput({ shifts: validShift, initiativeId: ids.initiative, accessibility: "Rolstoeltoegankelijk" }),
    });
    expect(created.sessionIds).toHaveLength(4);
    const row = await database.db.query.activity.findFirst({ where: eq(activity.id, created.activityId) });
    expect(row).toMatchObject({
      organisationId: ids.org,
      initiativeId: ids.initiative,
      timeZone: "Europe/Amsterdam",
      accessibility: "Rolstoeltoegankelijk",
      cancelCutoffHours: 0,
    });
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
    expect(sessions.map((s) => amsterdam(s.startsAt))).toEqual([
      "17-03-2026 19:00",
      "24-03-2026 19:00",
      "31-03-2026 19:00",
      "07-04-2026 19:00",
    ]);
    expect(
      sessions.every((s) => s.endsAt - s.startsAt === 2 * HOUR && s.capacity === 2 && s.seriesId === created.seriesId && !s.detached),
    ).toBe(true);
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
      input: weeklyInput({
        repeat: "monthly",
        monthlyNth: -1,
        monthlyWeekday: 4,
        startDate: "2026-03-01",
        endKind: "until",
        until: "2026-06-30",
        count: undefined,
      }),
    });
    expect((await sessionsOf(monthly.activityId)).map((s) => s.occurrenceDate)).toEqual([
      "2026-03-26",
      "2026-04-30",
      "2026-05-28",
      "2026-06-25",
    ]);
    const fortnightly = await createActivity({
      ctx,
      input: weeklyInput({ interval: 2, weekdays: [2, 4], startDate: "2026-03-03", count: 4 }),
    });
    expect((await sessionsOf(fortnightly.activityId)).map((s) => s.occurrenceDate)).toEqual([
      "2026-03-03",
      "2026-03-05",
      "2026-03-17",
      "2026-03-19",
    ]);
  });

  test("field-level validation, and nothing is written when it fails", async () => {
    const ctx = await ctxFor(ids.member);
    const countBefore = (await database.db.select().from(activity)).length;
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ endTime: "18:00" }) }))).toMatchObject({
      endTime: ["organiser.errors.endBeforeStart"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ endKind: undefined }) }))).toMatchObject({
      endKind: ["organiser.errors.recurrenceNoEnd"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ startDate: "2026-02-27" }) }))).toEqual({
      startDate: ["organiser.errors.dateInPast"],
    });
    expect(
      await fieldErrors(
        createActivity({
          ctx,
          input: weeklyInput({ repeat: "once", startDate: "2026-03-01", startTime: "09:00", endTime: "09:30", shifts: [] }),
        }),
      ),
    ).toEqual({
      startTime: ["organiser.errors.timeInPast"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ title: "x".repeat(121) }) }))).toMatchObject({
      title: ["organiser.errors.tooLong?max=120"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ description: "   " }) }))).toMatchObject({
      description: ["organiser.errors.required"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ capacity: 0 }) }))).toMatchObject({
      capacity: ["organiser.errors.capacityMin"],
    });
    expect(
      await fieldErrors(
        createActivity({ ctx, input: weeklyInput({ shifts: [{ role: "Gastheer", needed: 1, startTime: "18:45", endTime: "19:45" }] }) }),
      ),
    ).toEqual({
      "shifts[0].startTime": ["organiser.errors.shiftOutsideSession?start=19%3A00&end=21%3A00"],
    });
    expect(
      await fieldErrors(
        createActivity({ ctx, input: weeklyInput({ shifts: [{ role: "Koffie", needed: 1, startTime: "20:00", endTime: "19:30" }] }) }),
      ),
    ).toEqual({
      "shifts[0].endTime": ["organiser.errors.endBeforeStart"],
    });
    expect(
      await fieldErrors(createActivity({ ctx, input: weeklyInput({ endKind: "until", until: "2026-03-10", count: undefined }) })),
    ).toMatchObject({
      until: ["organiser.errors.untilBeforeStart"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ repeat: "weekly", weekdays: [] }) }))).toMatchObject({
      weekdays: ["organiser.errors.weekdays"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ count: 400 }) }))).toMatchObject({
      count: ["organiser.errors.atMost?max=366"],
    });
    expect(
      await fieldErrors(
        createActivity({
          ctx,
          input: weeklyInput({ weekdays: [1, 2, 3, 4, 5, 6, 7], endKind: "until", until: "2027-12-31", count: undefined }),
        }),
      ),
    ).toEqual({
      until: ["organiser.errors.tooManySessions?max=366"],
    });
    expect(await fieldErrors(createActivity({ ctx, input: weeklyInput({ timeZone: "Europe/Nergens" }) }))).toEqual({
      timeZone: ["organiser.errors.timeZone"],
    });
    expect(
      await fieldErrors(createActivity({ ctx, input: weeklyInput({ shifts: [{ ...validShift[0]!, requiredSkillId: 999_999 }] }) })),
    ).toEqual({
      "shifts[0].requiredSkillId": ["organiser.errors.required"],
    });
    expect((await database.db.select().from(activity)).length).toBe(countBefore);
  });

  test("02:30 on 2026-03-29 does not exist: the message names that date; 02:30 on 2026-10-25 is the first one", async () => {
    const ctx = await ctxFor(ids.member);
    const errors = await fieldErrors(
      createActivity({
        ctx,
        input: weeklyInput({ weekdays: [7], startDate: "2026-03-22", startTime: "02:30", endTime: "03:30", shifts: [] }),
      }),
    );
    expect(errors).toEqual({ startTime: ["organiser.errors.nonexistentTime?date=zondag+29+maart+2026&time=02%3A30"] });
    const created = await createActivity({
      ctx,
      input: weeklyInput({ repeat: "once", startDate: "2026-10-25", startTime: "02:30", endTime: "03:30", shifts: [] }),
    });
    const [session] = await sessionsOf(created.activityId);
    expect(session!.startsAt).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  test("who may create: members and admins; not another organisation's member, a resident, a coordinator, or nobody", async () => {
    await expect(createActivity({ ctx: await ctxFor(ids.otherMember), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(createActivity({ ctx: await ctxFor(ids.resident), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(
      createActivity({ ctx: await ctxFor(ids.coordinatorA), input: weeklyInput({ shifts: validShift }) }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(createActivity({ ctx: await ctxFor(null), input: weeklyInput({ shifts: validShift }) })).rejects.toBeInstanceOf(
      Unauthenticated,
    );
    const byAdmin = await createActivity({ ctx: await ctxFor(ids.admin), input: weeklyInput({ shifts: validShift }) });
    expect(byAdmin.sessionIds).toHaveLength(4);
    // A pending organisation cannot post yet; an initiative must be the organisation's own.
    expect(
      await fieldErrors(
        createActivity({ ctx: await ctxFor(ids.member), input: weeklyInput({ organisationId: ids.pendingOrg, shifts: validShift }) }),
      ),
    ).toEqual({
      organisationId: ["organiser.errors.organisationNotApproved"],
    });
    expect(
      await fieldErrors(
        createActivity({ ctx: await ctxFor(ids.member), input: weeklyInput({ initiativeId: ids.otherInitiative, shifts: validShift }) }),
      ),
    ).toEqual({
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
