import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Unauthenticated } from "~/domain/errors";
import { getMySchedule, type ScheduleItem } from "~/domain/calendar/schedule.server";
import { localToInstant } from "~/domain/scheduling/local-time";
import { formatTimeRange } from "~/domain/time";
import {
  createActivity,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// /me/schedule's verb: a person's own commitments in their own zone, clashes, hours, the period.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 19 October 2026, 12:00 in Amsterdam; clocks go back on Sunday 25 October.
const NOW = Date.UTC(2026, 9, 19, 10, 0);
const ams = (date: string, time: string) => {
  const r = localToInstant(date, time, "Europe/Amsterdam");
  if (!r.ok) throw new Error(`bad local time ${date} ${time}`);
  return r.epochMs;
};

let database: TestDatabase;
const p = {} as Record<"anna" | "kenji" | "carer" | "helper" | "stranger", number>;
const s = {} as Record<string, number>;
let activityId: number;
let requestId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    p.anna = (await createUser(tx, { neighbourhoodId: area.id, name: "Anna" })).id;
    p.kenji = (await createUser(tx, { neighbourhoodId: area.id, name: "Kenji", timeZone: "Asia/Tokyo" })).id;
    p.carer = (await createUser(tx, { neighbourhoodId: area.id, name: "Carla" })).id;
    p.helper = (await createUser(tx, { neighbourhoodId: area.id, name: "Henk" })).id;
    p.stranger = (await createUser(tx, { neighbourhoodId: area.id, name: "Stijn" })).id;
    const org = await createOrganisation(tx);
    const act = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Koor" });
    activityId = act.id;
    // A Tuesday-19:00 series across the DST change: 20 Oct (CEST) and 27 Oct (CET).
    for (const date of ["2026-10-20", "2026-10-27"]) {
      s[date] = (
        await createSession(tx, { activityId: act.id, startsAt: ams(date, "19:00"), endsAt: ams(date, "21:00"), occurrenceDate: date })
      ).id;
    }
    await createSignupRecord(tx, { sessionId: s["2026-10-20"]!, userId: p.anna });
    await createSignupRecord(tx, { sessionId: s["2026-10-27"]!, userId: p.anna });
    // Kenji (Tokyo) takes a shift at the 27 October session.
    const shift = await createShift(tx, {
      sessionId: s["2026-10-27"]!,
      role: "Koffie",
      startsAt: ams("2026-10-27", "18:30"),
      endsAt: ams("2026-10-27", "21:00"),
    });
    await createSignupRecord(tx, { sessionId: s["2026-10-27"]!, shiftId: shift.id, userId: p.kenji });

    // Waitlisted, cancelled, a cancelled session, and a place cancelled and taken again.
    const waitSession = await createSession(tx, { activityId: act.id, startsAt: ams("2026-10-22", "10:00"), occurrenceDate: "2026-10-22" });
    s.wait = (await createSignupRecord(tx, { sessionId: waitSession.id, userId: p.anna, status: "waitlisted" })).id;
    const gone = await createSession(tx, {
      activityId: act.id,
      startsAt: ams("2026-10-23", "10:00"),
      occurrenceDate: "2026-10-23",
      status: "cancelled",
    });
    s.goneSession = (await createSignupRecord(tx, { sessionId: gone.id, userId: p.anna })).id;
    const again = await createSession(tx, { activityId: act.id, startsAt: ams("2026-10-24", "10:00"), occurrenceDate: "2026-10-24" });
    s.againOld = (await createSignupRecord(tx, { sessionId: again.id, userId: p.anna, status: "cancelled" })).id;
    s.againNew = (await createSignupRecord(tx, { sessionId: again.id, userId: p.anna })).id;
    const dropped = await createSession(tx, { activityId: act.id, startsAt: ams("2026-10-29", "10:00"), occurrenceDate: "2026-10-29" });
    s.dropped = (await createSignupRecord(tx, { sessionId: dropped.id, userId: p.anna, status: "cancelled" })).id;

    // Helping: Carla asked, Anna helps. One session clashes with Anna's choir on 20 October.
    requestId = (
      await createHelpRequest(tx, {
        neighbourhoodId: area.id,
        requesterId: p.carer,
        status: "matched",
        matchedVolunteerId: p.anna,
        matchedAt: NOW - 40 * DAY,
      })
    ).id;
    s.helpClash = (await createHelpSession(tx, { requestId, startsAt: ams("2026-10-20", "20:00"), endsAt: ams("2026-10-20", "22:00") })).id;
    s.helpCancelled = (
      await createHelpSession(tx, { requestId, startsAt: ams("2026-10-21", "14:00"), status: "cancelled", cancelReason: "ziek" })
    ).id;
    // The waitlisted place overlaps a helping session: a waitlisted place does not clash.
    s.helpBesideWait = (await createHelpSession(tx, { requestId, startsAt: ams("2026-10-22", "11:00") })).id;
    // Past: confirmed and not yet confirmed helping sessions; one too long ago.
    s.helpDone = (await createHelpSession(tx, { requestId, startsAt: NOW - 5 * DAY, confirmedAt: NOW - 4 * DAY, minutes: 120 })).id;
    s.helpOpen = (await createHelpSession(tx, { requestId, startsAt: NOW - 3 * DAY })).id;
    s.helpOld = (await createHelpSession(tx, { requestId, startsAt: NOW - 40 * DAY })).id;
    // Past activity places: present, absent, no attendance yet.
    for (const [key, days, attendance] of [
      ["present", 10, "present"],
      ["absent", 11, "absent"],
      ["open", 12, null],
    ] as const) {
      const past = await createSession(tx, { activityId: act.id, startsAt: NOW - days * DAY });
      s[key] = (
        await createSignupRecord(tx, { sessionId: past.id, userId: p.anna, attendance, minutes: attendance === "present" ? 120 : null })
      ).id;
    }
    // Far ahead: day 60 from now, outside the default 8 weeks.
    const far = await createSession(tx, { activityId: act.id, startsAt: ams("2026-12-18", "10:00"), occurrenceDate: "2026-12-18" });
    s.far = (await createSignupRecord(tx, { sessionId: far.id, userId: p.anna })).id;
  });
});
afterAll(() => database.cleanup());

const scheduleOf = async (userId: number | null, input: { from?: string; to?: string } = {}) =>
  getMySchedule({ ctx: await ctxAs(database, userId, { now: () => NOW }), input });
const flat = (days: { items: ScheduleItem[] }[]) => days.flatMap((d) => d.items);
const byKey = (days: { items: ScheduleItem[] }[], key: string) => flat(days).find((i) => i.key === key);

describe("getMySchedule", () => {
  test("a Tuesday-19:00 series stays 19:00 local across the DST change, grouped by local date", async () => {
    const schedule = await scheduleOf(p.anna);
    expect(schedule.zone).toBe("Europe/Amsterdam");
    const choir = flat(schedule.days).filter(
      (i) => i.kind === "participant" && i.activityTitle === "Koor" && i.localDate.match(/2026-10-2[07]/),
    );
    expect(choir.map((i) => i.localDate)).toEqual(["2026-10-20", "2026-10-27"]);
    for (const item of choir) {
      expect(formatTimeRange(item.startsAt, item.endsAt, schedule.zone, "nl")).toContain("19:00 – 21:00");
      expect(item.href).toBe(`/activities/${activityId}`);
      expect(item.status).toBe("confirmed");
    }
    // One hour more between them in UTC: a week plus the extra hour of the autumn change.
    expect(choir[1]!.startsAt - choir[0]!.startsAt).toBe(7 * DAY + HOUR);
    expect(schedule.days.map((d) => d.date)).toEqual([...schedule.days.map((d) => d.date)].sort());
  });

  test("a person in another time zone sees their own local date and time", async () => {
    const schedule = await scheduleOf(p.kenji);
    expect(schedule.zone).toBe("Asia/Tokyo");
    const [day] = schedule.days;
    // 27 October 18:30–21:00 in Amsterdam (CET) is 28 October 02:30–05:00 in Tokyo.
    expect(day?.date).toBe("2026-10-28");
    const item = day!.items[0]!;
    expect(item).toMatchObject({ kind: "shift", role: "Koffie", activityTitle: "Koor", status: "confirmed" });
    expect(formatTimeRange(item.startsAt, item.endsAt, schedule.zone, "en")).toContain("02:30 – 05:00");
  });

  test("waitlisted and cancelled items are shown with their status; a place taken again shows once", async () => {
    const schedule = await scheduleOf(p.anna);
    expect(byKey(schedule.days, `signup-${s.wait}`)?.status).toBe("waitlisted");
    expect(byKey(schedule.days, `signup-${s.goneSession}`)?.status).toBe("cancelled");
    expect(byKey(schedule.days, `signup-${s.dropped}`)?.status).toBe("cancelled");
    expect(byKey(schedule.days, `signup-${s.againNew}`)?.status).toBe("confirmed");
    expect(byKey(schedule.days, `signup-${s.againOld}`)).toBeUndefined();
    expect(byKey(schedule.days, `help-${s.helpCancelled}`)?.status).toBe("cancelled");
  });

  test("overlapping active items are marked as clashes; waitlisted and cancelled ones are not", async () => {
    const schedule = await scheduleOf(p.anna);
    const clashing = flat(schedule.days)
      .filter((i) => i.clash)
      .map((i) => i.key)
      .sort();
    const choir20 = flat(schedule.days).find((i) => i.localDate === "2026-10-20" && i.kind === "participant")!;
    expect(clashing).toEqual([`help-${s.helpClash}`, choir20.key].sort());
    expect(byKey(schedule.days, `help-${s.helpBesideWait}`)?.clash).toBe(false);
    expect(byKey(schedule.days, `signup-${s.wait}`)?.clash).toBe(false);
  });

  test("helping sessions appear on both sides with a link to the sessions page", async () => {
    const helper = byKey((await scheduleOf(p.anna)).days, `help-${s.helpClash}`);
    expect(helper).toMatchObject({
      kind: "help-volunteer",
      helpKind: "respite",
      otherName: "Carla",
      href: `/requests/${requestId}/sessions`,
      status: "scheduled",
    });
    const asker = byKey((await scheduleOf(p.carer)).days, `help-${s.helpClash}`);
    expect(asker).toMatchObject({ kind: "help-requester", otherName: "Anna", href: `/requests/${requestId}/sessions` });
  });

  test("the last 30 days show hours confirmed or still to confirm; older items are left out", async () => {
    const { past } = await scheduleOf(p.anna);
    expect(byKey(past, `help-${s.helpDone}`)?.hours).toBe("confirmed");
    expect(byKey(past, `help-${s.helpOpen}`)?.hours).toBe("toConfirm");
    expect(byKey(past, `signup-${s.present}`)?.hours).toBe("confirmed");
    expect(byKey(past, `signup-${s.absent}`)?.hours).toBe("absent");
    expect(byKey(past, `signup-${s.open}`)?.hours).toBe("toConfirm");
    expect(byKey(past, `help-${s.helpOld}`)).toBeUndefined();
    expect(flat(past).every((i) => i.over)).toBe(true);
    // The carer's side: the confirmation by the helper shows there too.
    expect(byKey((await scheduleOf(p.carer)).past, `help-${s.helpDone}`)?.hours).toBe("confirmed");
  });

  test("the default period is today and the next 8 weeks; previous and next move by its length", async () => {
    const schedule = await scheduleOf(p.anna);
    expect(schedule.problem).toBeNull();
    expect(schedule.period).toEqual({ from: "2026-10-19", to: "2026-12-13" });
    expect(byKey(schedule.days, `signup-${s.far}`)).toBeUndefined();
    expect(schedule.next).toEqual({ from: "2026-12-14", to: "2027-02-07" });
    expect(schedule.previous).toEqual({ from: "2026-08-24", to: "2026-10-18" });
    const next = await scheduleOf(p.anna, schedule.next);
    expect(byKey(next.days, `signup-${s.far}`)?.localDate).toBe("2026-12-18");
    // Looking back: past items sit in the period itself, with their hours, not twice.
    const previous = await scheduleOf(p.anna, schedule.previous);
    expect(byKey(previous.days, `help-${s.helpDone}`)?.hours).toBe("confirmed");
    expect(byKey(previous.past, `help-${s.helpDone}`)).toBeUndefined();
    // Only one end given: 8 weeks from or up to it.
    expect((await scheduleOf(p.anna, { from: "2026-11-01" })).period).toEqual({ from: "2026-11-01", to: "2026-12-26" });
    expect((await scheduleOf(p.anna, { to: "2026-12-26" })).period).toEqual({ from: "2026-11-01", to: "2026-12-26" });
  });

  test("bad period values give a problem and the default period, never an error", async () => {
    for (const input of [
      { from: "gisteren" },
      { from: "2026-02-30" },
      { from: "2026-11-10", to: "2026-11-01" },
      { from: "2026-01-01", to: "2026-12-31" },
      { to: "2026-13-01" },
    ]) {
      const schedule = await scheduleOf(p.anna, input);
      expect(schedule.problem).toBe("schedule.errors.period");
      expect(schedule.period).toEqual({ from: "2026-10-19", to: "2026-12-13" });
    }
  });

  test("only your own: another person sees none of it, and a visitor is refused", async () => {
    const stranger = await scheduleOf(p.stranger);
    expect(stranger.days).toEqual([]);
    expect(stranger.past).toEqual([]);
    const helperOnly = await scheduleOf(p.helper);
    expect(flat(helperOnly.days)).toEqual([]);
    await expect(scheduleOf(null)).rejects.toBeInstanceOf(Unauthenticated);
  });
});
