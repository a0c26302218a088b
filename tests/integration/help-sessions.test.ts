import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { emailOutbox, helpFeedback, helpRequest, helpRequestEvent, helpSession } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { Conflict, NotFound, Validation } from "~/domain/errors";
import {
  cancelHelpSession,
  confirmHelpSession,
  endHelpMatch,
  getHelpMatch,
  helpSessionsForPerson,
  leaveHelpFeedback,
  logHelpHours,
  scheduleHelpSessions,
} from "~/domain/help/sessions.server";
import {
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// After acceptance: helping sessions, cancelling, ending a match, hours and feedback.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let database: TestDatabase;
let now = Date.UTC(2026, 9, 1, 8, 0); // 1 Oct 2026, 10:00 in Amsterdam
const p = {} as Record<"coordinator" | "elsewhere" | "carer" | "volunteer" | "otherVolunteer" | "stranger", number>;
let areaId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    const other = await createNeighbourhood(tx, { municipalityId: town.id });
    areaId = area.id;
    for (const key of Object.keys({
      coordinator: 1,
      elsewhere: 1,
      carer: 1,
      volunteer: 1,
      otherVolunteer: 1,
      stranger: 1,
    }) as (keyof typeof p)[]) {
      p[key] = (await createUser(tx, { neighbourhoodId: area.id, name: key })).id;
    }
    await grantCoordinator(tx, p.coordinator, [area.id]);
    await grantCoordinator(tx, p.elsewhere, [other.id]);
  });
});
afterAll(() => database.cleanup());
beforeEach(async () => {
  now = Date.UTC(2026, 9, 1, 8, 0);
  await database.write((tx) => tx.delete(emailOutbox));
});

function as(who: keyof typeof p): Promise<Ctx> {
  return ctxAs(database, p[who], { now: () => now });
}

async function matchedRequest(values: Partial<typeof helpRequest.$inferInsert> = {}) {
  return database.write((tx) =>
    createHelpRequest(tx, {
      neighbourhoodId: areaId,
      requesterId: p.carer,
      status: "matched",
      matchedVolunteerId: p.volunteer,
      matchedAt: now - 7 * DAY,
      ...values,
    }),
  );
}

const outbox = () =>
  database.db.select({ to: emailOutbox.toAddress, key: emailOutbox.idempotencyKey }).from(emailOutbox).orderBy(asc(emailOutbox.id));
const emailOf = async (who: keyof typeof p) =>
  (await database.db.query.user.findFirst({ where: (u, { eq: e }) => e(u.id, p[who]) }))!.email;
const sessionsOf = (requestId: number) =>
  database.db.query.helpSession.findMany({ where: eq(helpSession.requestId, requestId), orderBy: asc(helpSession.startsAt) });

describe("scheduling", () => {
  test("the volunteer plans a one-off session; it shows for the carer, the volunteer and the coordinator", async () => {
    const r = await matchedRequest();
    const result = await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: { requestId: r.id, date: "2026-10-06", startTime: "14:00", endTime: "17:00", repeat: "once" },
    });
    expect(result).toEqual({ created: 1 });
    const [session] = await sessionsOf(r.id);
    expect(session).toMatchObject({
      startsAt: Date.UTC(2026, 9, 6, 12, 0),
      endsAt: Date.UTC(2026, 9, 6, 15, 0),
      status: "scheduled",
      sequence: 0,
    });
    const week = [now, now + 14 * DAY] as const;
    expect(await helpSessionsForPerson(await as("carer"), ...week)).toEqual([
      expect.objectContaining({ requestId: r.id, role: "requester", otherName: "volunteer" }),
    ]);
    expect(await helpSessionsForPerson(await as("volunteer"), ...week)).toEqual([
      expect.objectContaining({ requestId: r.id, role: "volunteer", otherName: "carer" }),
    ]);
    expect(await helpSessionsForPerson(await as("otherVolunteer"), ...week)).toEqual([]);
    const view = await getHelpMatch({ ctx: await as("coordinator"), input: { requestId: r.id } });
    expect(view.sessions.map((s) => s.id)).toEqual([session!.id]);
    expect(view.may).toMatchObject({ schedule: true, cancel: true, end: true, confirm: false, feedback: false });
  });

  test("a weekly series keeps its local time across the autumn DST change (Europe/Amsterdam, 25 Oct 2026)", async () => {
    const r = await matchedRequest();
    await scheduleHelpSessions({
      ctx: await as("coordinator"),
      input: { requestId: r.id, date: "2026-10-22", startTime: "14:00", endTime: "16:00", repeat: "weekly", weekdays: [4], count: 2 },
    });
    const sessions = await sessionsOf(r.id);
    expect(sessions.map((s) => s.startsAt)).toEqual([Date.UTC(2026, 9, 22, 12, 0), Date.UTC(2026, 9, 29, 13, 0)]);
  });

  test("a time that does not exist on the spring DST day (29 Mar 2026, 02:30) is refused at the start time", async () => {
    now = Date.UTC(2026, 2, 1, 9, 0);
    const r = await matchedRequest({ matchedAt: now - DAY });
    const error = await scheduleHelpSessions({
      ctx: await as("volunteer"),
      input: { requestId: r.id, date: "2026-03-29", startTime: "02:30", endTime: "04:00", repeat: "once" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Validation);
    expect((error as Validation).fieldErrors).toEqual({ startTime: ["helpMatch.errors.nonexistentTime"] });
  });

  test("past moments, overlaps, a series without an end and end before start are refused field by field", async () => {
    const r = await matchedRequest();
    const ctx = await as("volunteer");
    const attempt = (input: Record<string, unknown>) =>
      scheduleHelpSessions({ ctx, input: { requestId: r.id, ...input } }).catch((e: unknown) => (e as Validation).fieldErrors);
    expect(await attempt({ date: "2026-09-30", startTime: "14:00", endTime: "15:00", repeat: "once" })).toEqual({
      date: ["helpMatch.errors.past"],
    });
    expect(await attempt({ date: "2026-10-06", startTime: "15:00", endTime: "14:00", repeat: "once" })).toEqual({
      endTime: ["helpMatch.errors.endBeforeStart"],
    });
    expect(await attempt({ date: "2026-10-06", startTime: "14:00", endTime: "15:00", repeat: "weekly", weekdays: [2] })).toEqual({
      count: ["helpMatch.errors.countRequired"],
    });
    await scheduleHelpSessions({
      ctx,
      input: { requestId: r.id, date: "2026-10-06", startTime: "14:00", endTime: "16:00", repeat: "once" },
    });
    expect(await attempt({ date: "2026-10-06", startTime: "15:00", endTime: "17:00", repeat: "once" })).toEqual({
      date: ["helpMatch.errors.overlap"],
    });
    expect(await sessionsOf(r.id)).toHaveLength(1);
  });

  test("only the coordinator or the matched volunteer may plan, and only while matched", async () => {
    const r = await matchedRequest();
    const input = { requestId: r.id, date: "2026-10-06", startTime: "14:00", endTime: "15:00", repeat: "once" };
    for (const who of ["carer", "otherVolunteer", "stranger", "elsewhere"] as const) {
      await expect(scheduleHelpSessions({ ctx: await as(who), input })).rejects.toBeInstanceOf(NotFound);
    }
    const open = await database.write((tx) => createHelpRequest(tx, { neighbourhoodId: areaId, requesterId: p.carer, status: "open" }));
    await expect(scheduleHelpSessions({ ctx: await as("coordinator"), input: { ...input, requestId: open.id } })).rejects.toThrow(
      "helpMatch.errors.notMatched",
    );
    for (const who of ["otherVolunteer", "stranger", "elsewhere"] as const) {
      await expect(getHelpMatch({ ctx: await as(who), input: { requestId: r.id } })).rejects.toBeInstanceOf(NotFound);
    }
    expect(await sessionsOf(r.id)).toHaveLength(0);
  });
});

describe("cancelling a session", () => {
  test("the carer cancels with a reason: sequence goes up, the volunteer and the coordinator are told", async () => {
    const r = await matchedRequest();
    const s = await database.write((tx) => createHelpSession(tx, { requestId: r.id, startsAt: now + 2 * DAY }));
    await cancelHelpSession({ ctx: await as("carer"), input: { requestId: r.id, sessionId: s.id, reason: "Mijn moeder is ziek" } });
    const [after] = await sessionsOf(r.id);
    expect(after).toMatchObject({ status: "cancelled", cancelReason: "Mijn moeder is ziek", cancelledById: p.carer, sequence: 1 });
    const mails = await outbox();
    expect(mails.map((m) => m.to).sort()).toEqual([await emailOf("coordinator"), await emailOf("volunteer")].sort());
    expect(mails.every((m) => m.key.startsWith("help-sessionCancelled/"))).toBe(true);
    await expect(
      cancelHelpSession({ ctx: await as("volunteer"), input: { requestId: r.id, sessionId: s.id, reason: "x" } }),
    ).rejects.toThrow("helpMatch.errors.alreadyCancelled");
  });

  test("a session that has started cannot be cancelled; a reason is required; outsiders are refused", async () => {
    const r = await matchedRequest();
    const started = await database.write((tx) => createHelpSession(tx, { requestId: r.id, startsAt: now - HOUR }));
    const later = await database.write((tx) => createHelpSession(tx, { requestId: r.id, startsAt: now + DAY }));
    await expect(
      cancelHelpSession({ ctx: await as("volunteer"), input: { requestId: r.id, sessionId: started.id, reason: "te laat" } }),
    ).rejects.toThrow("helpMatch.errors.started");
    const missing = await cancelHelpSession({
      ctx: await as("volunteer"),
      input: { requestId: r.id, sessionId: later.id, reason: "  " },
    }).catch((e: unknown) => e);
    expect((missing as Validation).fieldErrors).toEqual({ reason: ["helpMatch.errors.required"] });
    await expect(
      cancelHelpSession({ ctx: await as("otherVolunteer"), input: { requestId: r.id, sessionId: later.id, reason: "x" } }),
    ).rejects.toBeInstanceOf(NotFound);
    // A session id of another request is not found through this one.
    const other = await matchedRequest();
    await expect(
      cancelHelpSession({ ctx: await as("volunteer"), input: { requestId: other.id, sessionId: later.id, reason: "x" } }),
    ).rejects.toThrow("errors.notFound");
    expect((await sessionsOf(r.id)).map((s) => s.status)).toEqual(["scheduled", "scheduled"]);
    expect(await outbox()).toEqual([]);
  });
});

describe("ending the match", () => {
  test("completes the request with reason and history, cancels only future sessions, tells the other side and coordinators", async () => {
    const r = await matchedRequest();
    await database.write(async (tx) => {
      await createHelpSession(tx, { requestId: r.id, startsAt: now - 2 * DAY });
      await createHelpSession(tx, { requestId: r.id, startsAt: now + 2 * DAY });
      await createHelpSession(tx, { requestId: r.id, startsAt: now + 9 * DAY });
    });
    const result = await endHelpMatch({ ctx: await as("volunteer"), input: { requestId: r.id, reason: "Ik verhuis" } });
    expect(result).toEqual({ cancelledSessions: 2 });
    const request = await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, r.id) });
    expect(request).toMatchObject({ status: "completed", endedAt: now, endReason: "Ik verhuis", matchedVolunteerId: p.volunteer });
    const events = await database.db.select().from(helpRequestEvent).where(eq(helpRequestEvent.requestId, r.id));
    expect(events).toEqual([
      expect.objectContaining({ fromStatus: "matched", toStatus: "completed", actorId: p.volunteer, note: "Ik verhuis", at: now }),
    ]);
    expect((await sessionsOf(r.id)).map((s) => [s.status, s.sequence])).toEqual([
      ["scheduled", 0],
      ["cancelled", 1],
      ["cancelled", 1],
    ]);
    const mails = await outbox();
    expect(mails.map((m) => m.to).sort()).toEqual([await emailOf("carer"), await emailOf("coordinator")].sort());
    expect(mails.every((m) => m.key.startsWith("help-matchEnded/"))).toBe(true);
    // After the end: nothing more to plan, cancel or end, with a clear message.
    await expect(endHelpMatch({ ctx: await as("carer"), input: { requestId: r.id, reason: "nog eens" } })).rejects.toThrow(
      "helpMatch.errors.ended",
    );
    await expect(
      scheduleHelpSessions({
        ctx: await as("coordinator"),
        input: { requestId: r.id, date: "2026-10-20", startTime: "14:00", endTime: "15:00", repeat: "once" },
      }),
    ).rejects.toBeInstanceOf(Conflict);
  });

  test("the former volunteer still sees the sessions but no longer the carer's name", async () => {
    const r = await matchedRequest();
    await database.write((tx) => createHelpSession(tx, { requestId: r.id, startsAt: now - DAY }));
    await endHelpMatch({ ctx: await as("carer"), input: { requestId: r.id, reason: "Klaar" } });
    const view = await getHelpMatch({ ctx: await as("volunteer"), input: { requestId: r.id } });
    expect(view.requesterName).toBeNull();
    expect(view.sessions).toHaveLength(1);
    const mine = await helpSessionsForPerson(await as("volunteer"), now - 2 * DAY, now);
    expect(mine.find((s) => s.requestId === r.id)?.otherName).toBeNull();
  });
});

describe("hours", () => {
  test("the volunteer confirms a session after it is over; minutes default to its length and can be changed", async () => {
    const r = await matchedRequest();
    const s = await database.write((tx) => createHelpSession(tx, { requestId: r.id, startsAt: now - 3 * HOUR, endsAt: now + HOUR }));
    const ctx = await as("volunteer");
    const early = await confirmHelpSession({ ctx, input: { requestId: r.id, sessionId: s.id } }).catch((e: unknown) => e);
    expect((early as Validation).fieldErrors).toEqual({ minutes: ["helpMatch.errors.notOverYet"] });
    const confirmedAt = now + 2 * HOUR;
    now = confirmedAt;
    expect(await confirmHelpSession({ ctx, input: { requestId: r.id, sessionId: s.id } })).toEqual({ sessionId: s.id, minutes: 240 });
    now += HOUR;
    await confirmHelpSession({ ctx, input: { requestId: r.id, sessionId: s.id, minutes: 180 } });
    expect((await sessionsOf(r.id))[0]).toMatchObject({ confirmedAt, minutes: 180 });
    await expect(confirmHelpSession({ ctx: await as("carer"), input: { requestId: r.id, sessionId: s.id } })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(confirmHelpSession({ ctx: await as("coordinator"), input: { requestId: r.id, sessionId: s.id } })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  test("the volunteer logs hours of unplanned help in the past, not in the future or before the match", async () => {
    const r = await matchedRequest();
    const ctx = await as("volunteer");
    await logHelpHours({ ctx, input: { requestId: r.id, date: "2026-09-29", startTime: "10:00", minutes: 90 } });
    expect(await sessionsOf(r.id)).toEqual([
      expect.objectContaining({
        startsAt: Date.UTC(2026, 8, 29, 8, 0),
        endsAt: Date.UTC(2026, 8, 29, 9, 30),
        minutes: 90,
        confirmedAt: now,
      }),
    ]);
    const attempt = (date: string) =>
      logHelpHours({ ctx, input: { requestId: r.id, date, startTime: "10:00", minutes: 60 } }).catch(
        (e: unknown) => (e as Validation).fieldErrors,
      );
    expect(await attempt("2026-10-02")).toEqual({ date: ["helpMatch.errors.logFuture"] });
    expect(await attempt("2026-09-01")).toEqual({ date: ["helpMatch.errors.beforeMatch"] });
    await expect(
      logHelpHours({ ctx: await as("carer"), input: { requestId: r.id, date: "2026-09-29", startTime: "12:00", minutes: 60 } }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe("feedback", () => {
  test("only after the end, one per author (writing again replaces it); the coordinator reads all, authors only their own", async () => {
    const r = await matchedRequest();
    await expect(leaveHelpFeedback({ ctx: await as("carer"), input: { requestId: r.id, text: "Fijn" } })).rejects.toThrow(
      "helpMatch.errors.feedbackNotYet",
    );
    await endHelpMatch({ ctx: await as("coordinator"), input: { requestId: r.id, reason: "De acht weken zijn voorbij" } });
    await leaveHelpFeedback({ ctx: await as("carer"), input: { requestId: r.id, text: "Fijn" } });
    await leaveHelpFeedback({ ctx: await as("carer"), input: { requestId: r.id, text: "Heel fijn, dank!" } });
    await leaveHelpFeedback({ ctx: await as("volunteer"), input: { requestId: r.id, text: "Goed contact" } });
    await expect(leaveHelpFeedback({ ctx: await as("coordinator"), input: { requestId: r.id, text: "x" } })).rejects.toBeInstanceOf(
      NotFound,
    );
    const rows = await database.db.select().from(helpFeedback).where(eq(helpFeedback.requestId, r.id));
    expect(rows.map((f) => f.text).sort()).toEqual(["Goed contact", "Heel fijn, dank!"]);
    const coordinatorView = await getHelpMatch({ ctx: await as("coordinator"), input: { requestId: r.id } });
    expect(coordinatorView.feedback.map((f) => f.authorName).sort()).toEqual(["carer", "volunteer"]);
    const carerView = await getHelpMatch({ ctx: await as("carer"), input: { requestId: r.id } });
    expect(carerView.feedback).toEqual([]);
    expect(carerView.ownFeedback).toBe("Heel fijn, dank!");
    expect(carerView.may.feedback).toBe(true);
    // No mail for feedback, and none with care details in general.
    expect((await database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, "%feedback%"))).length).toBe(0);
  });
});

describe("helpSessionsForPerson", () => {
  test("returns only sessions overlapping the range, cancelled ones marked", async () => {
    const r = await matchedRequest({ requesterId: p.stranger });
    await database.write(async (tx) => {
      await createHelpSession(tx, { requestId: r.id, startsAt: now + DAY });
      await createHelpSession(tx, { requestId: r.id, startsAt: now + 3 * DAY, status: "cancelled" });
      await createHelpSession(tx, { requestId: r.id, startsAt: now + 30 * DAY });
    });
    const mine = await helpSessionsForPerson(await as("stranger"), now, now + 7 * DAY);
    expect(mine.map((s) => [s.startsAt, s.status])).toEqual([
      [now + DAY, "scheduled"],
      [now + 3 * DAY, "cancelled"],
    ]);
    const rows = await database.db
      .select()
      .from(helpSession)
      .where(and(eq(helpSession.requestId, r.id)));
    expect(rows).toHaveLength(3);
  });
});
