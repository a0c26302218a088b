import { afterEach, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { activitySeries, activitySession, signup } from "#db/schema";
import { getActivityPage, listActivities, type ActivityFilterInput } from "~/domain/activities/listing.server";
import type { Ctx } from "~/domain/context.server";
import { Validation } from "~/domain/errors";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
} from "~/demo/builders";
import { seedMunicipalScale } from "#tests/support/activity-scale";
import { fullScans, measured } from "#tests/support/query-plans";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// Each test gets its own database: the list is public and global, so tests must not see each other.
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026, 10:00 in Amsterdam
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.cleanup()));
});

async function world() {
  const database = await createTestDatabase();
  open.push(database);
  const ids = await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const north = await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" });
    const south = await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" });
    const org = await createOrganisation(tx);
    const pending = await createOrganisation(tx, { status: "pending" });
    const london = await createUser(tx, { neighbourhoodId: north.id, timeZone: "Europe/London" });
    const other = await createUser(tx, { neighbourhoodId: north.id });
    return { north: north.id, south: south.id, org: org.id, pending: pending.id, london: london.id, other: other.id };
  });
  const ctx = (userId: number | null = null, now = t): Promise<Ctx> => ctxAs(database, userId, { now: () => now });
  const list = async (input: ActivityFilterInput = {}, userId: number | null = null) => listActivities({ ctx: await ctx(userId), input });
  const titles = async (input: ActivityFilterInput = {}, userId: number | null = null) =>
    (await list(input, userId)).items.map((i) => i.title);
  return { database, ids, ctx, list, titles };
}

type World = Awaited<ReturnType<typeof world>>;

/** An activity with sessions starting at the given instants (each two hours long). */
async function activityWith(w: World, title: string, starts: number[], values: Partial<Parameters<typeof createActivity>[1]> = {}) {
  return w.database.write(async (tx) => {
    const a = await createActivity(tx, { organisationId: w.ids.org, neighbourhoodId: w.ids.north, title, ...values });
    const sessions = [];
    for (const startsAt of starts) sessions.push(await createSession(tx, { activityId: a.id, startsAt }));
    return { activity: a, sessions };
  });
}

describe("the list of upcoming activities", () => {
  test("shows public activities by their next scheduled session; past, cancelled and unapproved ones are left out", async () => {
    const w = await world();
    await activityWith(w, "Later", [t + 5 * DAY]);
    await activityWith(w, "Eerder", [t - DAY, t + 2 * DAY, t + 9 * DAY]);
    await activityWith(w, "Voorbij", [t - 2 * DAY]);
    await activityWith(w, "Nog niet goedgekeurd", [t + DAY], { organisationId: w.ids.pending });
    const cancelled = await activityWith(w, "Afgelast", [t + DAY, t + 3 * DAY]);
    await w.database.write((tx) =>
      tx.update(activitySession).set({ status: "cancelled" }).where(eq(activitySession.id, cancelled.sessions[0]!.id)),
    );

    const result = await w.list();
    expect(result.items.map((i) => i.title)).toEqual(["Eerder", "Afgelast", "Later"]);
    // The next session is the first scheduled one still to come, not a past or cancelled one.
    expect(result.items.find((i) => i.title === "Eerder")!.nextSession.startsAt).toBe(t + 2 * DAY);
    expect(result.items.find((i) => i.title === "Afgelast")!.nextSession.startsAt).toBe(t + 3 * DAY);
    expect(result.items[0]!.nextSession.when).toContain("2026");
  });

  test("filters by neighbourhood and by category", async () => {
    const w = await world();
    await activityWith(w, "Voetbal noord", [t + DAY], { category: "sports" });
    await activityWith(w, "Voetbal zuid", [t + DAY], { category: "sports", neighbourhoodId: w.ids.south });
    await activityWith(w, "Koor zuid", [t + DAY], { category: "culture", neighbourhoodId: w.ids.south });
    expect(await w.titles({ neighbourhood: String(w.ids.south) })).toEqual(["Voetbal zuid", "Koor zuid"]);
    expect(await w.titles({ category: "sports" })).toEqual(["Voetbal noord", "Voetbal zuid"]);
    expect(await w.titles({ category: "sports", neighbourhood: String(w.ids.south) })).toEqual(["Voetbal zuid"]);
    // An empty field means "any".
    expect(await w.titles({ category: "", neighbourhood: "" })).toHaveLength(3);
  });

  test("filters by target group: only activities that name the group", async () => {
    const w = await world();
    await activityWith(w, "Voor jongeren", [t + DAY], { targetGroups: ["youth"] });
    await activityWith(w, "Jong en oud", [t + DAY], { targetGroups: ["youth", "older-people"] });
    await activityWith(w, "Voor iedereen", [t + DAY], { targetGroups: ["everyone"] });
    expect(await w.titles({ targetGroup: "older-people" })).toEqual(["Jong en oud"]);
    expect(await w.titles({ targetGroup: "youth" })).toEqual(["Voor jongeren", "Jong en oud"]);
  });

  test("a date range means local dates in the viewer's own time zone", async () => {
    const w = await world();
    // 00:30 on Tuesday 1 December in Amsterdam is still Monday 30 November (23:30) in London.
    const justAfterMidnight = Date.UTC(2026, 10, 30, 23, 30);
    await activityWith(w, "Nachtwandeling", [justAfterMidnight]);
    expect(await w.titles({ from: "2026-12-01", to: "2026-12-01" })).toEqual(["Nachtwandeling"]);
    expect(await w.titles({ from: "2026-11-30", to: "2026-11-30" })).toEqual([]);
    expect(await w.titles({ from: "2026-11-30", to: "2026-11-30" }, w.ids.london)).toEqual(["Nachtwandeling"]);
    expect(await w.titles({ from: "2026-12-01", to: "2026-12-01" }, w.ids.london)).toEqual([]);
  });

  test("with a date range the session shown is the first one inside the range; a past 'from' means from now", async () => {
    const w = await world();
    await activityWith(w, "Wekelijks", [t + DAY, t + 8 * DAY, t + 15 * DAY]);
    const inRange = await w.list({ from: "2026-12-03" });
    expect(inRange.items[0]!.nextSession.startsAt).toBe(t + 8 * DAY);
    const onlyTo = await w.list({ to: "2026-12-01" });
    expect(onlyTo.items[0]!.nextSession.startsAt).toBe(t + DAY);
    expect(await w.titles({ to: "2026-11-28" })).toEqual([]);
    const past = await w.list({ from: "2026-01-01" });
    expect(past.items[0]!.nextSession.startsAt).toBe(t + DAY);
  });

  test("'needs volunteers': a scheduled future session has a shift with an open place", async () => {
    const w = await world();
    const open = await activityWith(w, "Open taak", [t + 2 * DAY]);
    const full = await activityWith(w, "Volle taak", [t + 2 * DAY]);
    const onlyWaiting = await activityWith(w, "Alleen wachtenden", [t + 4 * DAY]);
    const pastOnly = await activityWith(w, "Taak voorbij", [t - DAY, t + 3 * DAY]);
    await activityWith(w, "Geen taken", [t + DAY]);
    const outsideRange = await activityWith(w, "Taak later", [t + DAY, t + 20 * DAY]);
    await w.database.write(async (tx) => {
      const s = open.sessions[0]!;
      await createShift(tx, { sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, needed: 2 });
      await tx.insert(signup).values({
        sessionId: s.id,
        shiftId: (await createShift(tx, { sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, needed: 1 })).id,
        userId: w.ids.other,
        status: "confirmed",
        createdAt: t,
      });
      const f = full.sessions[0]!;
      const fullShift = await createShift(tx, { sessionId: f.id, startsAt: f.startsAt, endsAt: f.endsAt, needed: 1 });
      await tx.insert(signup).values({ sessionId: f.id, shiftId: fullShift.id, userId: w.ids.other, status: "confirmed", createdAt: t });
      // A waitlisted or cancelled volunteer does not fill a place.
      const q = onlyWaiting.sessions[0]!;
      const waitingShift = await createShift(tx, { sessionId: q.id, startsAt: q.startsAt, endsAt: q.endsAt, needed: 1 });
      await tx.insert(signup).values([
        { sessionId: q.id, shiftId: waitingShift.id, userId: w.ids.other, status: "waitlisted", createdAt: t },
        { sessionId: q.id, shiftId: waitingShift.id, userId: w.ids.london, status: "cancelled", createdAt: t, cancelledAt: t },
      ]);
      const p = pastOnly.sessions[0]!;
      await createShift(tx, { sessionId: p.id, startsAt: p.startsAt, endsAt: p.endsAt, needed: 3 });
      const later = outsideRange.sessions[1]!;
      await createShift(tx, { sessionId: later.id, startsAt: later.startsAt, endsAt: later.endsAt, needed: 1 });
    });
    expect(await w.titles({ needsVolunteers: "on" })).toEqual(["Taak later", "Open taak", "Alleen wachtenden"]);
    expect(await w.titles({ needsVolunteers: "on", to: "2026-12-02" })).toEqual(["Open taak", "Alleen wachtenden"]);
    expect(await w.titles({ needsVolunteers: "on", to: "2026-12-01" })).toEqual(["Open taak"]);
    const all = await w.list();
    expect(all.items.filter((i) => i.needsVolunteers).map((i) => i.title)).toEqual(["Taak later", "Open taak", "Alleen wachtenden"]);
    expect(all.items).toHaveLength(6);
  });

  test("shows participant places left for the next session", async () => {
    const w = await world();
    const limited = await activityWith(w, "Beperkt", [t + DAY]);
    await activityWith(w, "Onbeperkt", [t + 2 * DAY]);
    await w.database.write(async (tx) => {
      const s = limited.sessions[0]!;
      await tx.update(activitySession).set({ capacity: 3 }).where(eq(activitySession.id, s.id));
      await tx.insert(signup).values([
        { sessionId: s.id, userId: w.ids.other, status: "confirmed", createdAt: t },
        { sessionId: s.id, userId: w.ids.london, status: "cancelled", createdAt: t, cancelledAt: t },
      ]);
    });
    const items = (await w.list()).items;
    expect(items.map((i) => [i.title, i.nextSession.placesLeft])).toEqual([
      ["Beperkt", 2],
      ["Onbeperkt", null],
    ]);
  });
});

describe("pagination", () => {
  test("keyset pages cover every activity exactly once, forwards and back, also when starts are equal", async () => {
    const w = await world();
    // 45 activities, in groups of three starting at the same moment.
    for (let i = 0; i < 45; i++) await activityWith(w, `Activiteit ${String(i).padStart(2, "0")}`, [t + (Math.floor(i / 3) + 1) * HOUR]);
    const page1 = await w.list();
    expect(page1.items).toHaveLength(20);
    expect(page1.previous).toBeNull();
    const page2 = await w.list({ after: page1.next! });
    expect(page2.items).toHaveLength(20);
    const page3 = await w.list({ after: page2.next! });
    expect(page3.items).toHaveLength(5);
    expect(page3.next).toBeNull();
    const seen = [...page1.items, ...page2.items, ...page3.items].map((i) => i.title);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `Activiteit ${String(i).padStart(2, "0")}`));
    // Back from page 3 gives page 2, back from page 2 gives page 1 (which has no previous).
    const back2 = await w.list({ before: page3.previous! });
    expect(back2.items.map((i) => i.id)).toEqual(page2.items.map((i) => i.id));
    const back1 = await w.list({ before: back2.previous! });
    expect(back1.items.map((i) => i.id)).toEqual(page1.items.map((i) => i.id));
    expect(back1.previous).toBeNull();
    expect(back1.next).toBe(page1.next);
  });

  test("pages keep the filters", async () => {
    const w = await world();
    for (let i = 0; i < 25; i++) await activityWith(w, `Sport ${String(i).padStart(2, "0")}`, [t + (i + 1) * HOUR], { category: "sports" });
    for (let i = 0; i < 10; i++) await activityWith(w, `Cultuur ${i}`, [t + (i + 1) * HOUR + 1], { category: "culture" });
    const page1 = await w.list({ category: "sports" });
    const page2 = await w.list({ category: "sports", after: page1.next! });
    expect([...page1.items, ...page2.items].map((i) => i.title)).toEqual(
      Array.from({ length: 25 }, (_, i) => `Sport ${String(i).padStart(2, "0")}`),
    );
    expect(page2.next).toBeNull();
  });
});

describe("bad filter values", () => {
  const cases: [string, ActivityFilterInput, string, string][] = [
    ["a neighbourhood that is not a number", { neighbourhood: "abc" }, "neighbourhood", "activityPages.errors.neighbourhood"],
    ["an unknown neighbourhood", { neighbourhood: "999999" }, "neighbourhood", "activityPages.errors.neighbourhood"],
    ["an unknown category", { category: "skydiving" }, "category", "activityPages.errors.category"],
    ["an unknown target group", { targetGroup: "aliens" }, "targetGroup", "activityPages.errors.targetGroup"],
    ["a date that does not exist", { from: "2026-02-30" }, "from", "activityPages.errors.date"],
    ["a date in another format", { to: "1-12-2026" }, "to", "activityPages.errors.date"],
    ["an end before the start", { from: "2026-12-05", to: "2026-12-01" }, "to", "activityPages.errors.toBeforeFrom"],
    ["a broken page position", { after: "'; DROP TABLE activity; --" }, "after", "activityPages.errors.page"],
    ["both directions at once", { after: "1.1", before: "2.2" }, "after", "activityPages.errors.page"],
    ["a strange checkbox value", { needsVolunteers: "maybe" }, "needsVolunteers", "activityPages.errors.needsVolunteers"],
  ];
  test.each(cases)("%s gives a field message, not a crash", async (_name, input, field, key) => {
    const w = await world();
    const error = await w.list(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Validation);
    expect((error as Validation).fieldErrors[field]).toEqual([key]);
  });
});

describe("one activity", () => {
  test("shows the viewer's own place and waitlist position", async () => {
    const w = await world();
    const a = await activityWith(w, "Koffie", [t + DAY]);
    const s = a.sessions[0]!;
    const [me, first] = await w.database.write(async (tx) => [
      (await createUser(tx, { neighbourhoodId: w.ids.north })).id,
      (await createUser(tx, { neighbourhoodId: w.ids.north })).id,
    ]);
    await w.database.write(async (tx) => {
      await tx.update(activitySession).set({ capacity: 1 }).where(eq(activitySession.id, s.id));
      await tx.insert(signup).values([
        { sessionId: s.id, userId: w.ids.other, status: "confirmed", createdAt: t },
        { sessionId: s.id, userId: first!, status: "waitlisted", createdAt: t },
        { sessionId: s.id, userId: w.ids.london, status: "cancelled", createdAt: t, cancelledAt: t },
        { sessionId: s.id, userId: me!, status: "waitlisted", createdAt: t },
      ]);
    });
    const page = await getActivityPage({ ctx: await w.ctx(me!), input: { activityId: a.activity.id } });
    expect(page.sessions[0]).toMatchObject({ placesLeft: 0, waitlisted: 2, mine: { status: "waitlisted", position: 2 } });
    const anonymous = await getActivityPage({ ctx: await w.ctx(), input: { activityId: a.activity.id } });
    expect(anonymous.sessions[0]!.mine).toBeNull();
  });

  test("offers each series with sessions still to come, with the shift roles of those sessions", async () => {
    const w = await world();
    const a = await activityWith(w, "Wekelijks", []);
    await w.database.write(async (tx) => {
      const [series] = await tx.insert(activitySeries).values({ activityId: a.activity.id, rule: {}, createdAt: t }).returning();
      const [over] = await tx.insert(activitySeries).values({ activityId: a.activity.id, rule: {}, createdAt: t }).returning();
      for (const [i, startsAt] of [t - 7 * DAY, t + DAY, t + 8 * DAY, t + 15 * DAY].entries()) {
        const s = await createSession(tx, {
          activityId: a.activity.id,
          seriesId: series!.id,
          startsAt,
          occurrenceDate: `2026-12-0${i + 1}`,
        });
        await createShift(tx, { sessionId: s.id, startsAt, endsAt: startsAt + HOUR, role: i === 3 ? "Kassa" : "Gastheer" });
      }
      await createSession(tx, { activityId: a.activity.id, seriesId: over!.id, startsAt: t - DAY, occurrenceDate: "2026-11-27" });
    });
    const page = await getActivityPage({ ctx: await w.ctx(), input: { activityId: a.activity.id } });
    expect(page.series).toEqual([
      expect.objectContaining({ upcoming: 3, firstStartsAt: t + DAY, lastStartsAt: t + 15 * DAY, roles: ["Gastheer", "Kassa"] }),
    ]);
    expect(page.sessions.map((s) => s.startsAt)).toEqual([t + DAY, t + 8 * DAY, t + 15 * DAY]);
  });

  test("pages through many sessions", async () => {
    const w = await world();
    const a = await activityWith(
      w,
      "Vaak",
      Array.from({ length: 23 }, (_, i) => t + (i + 1) * DAY),
    );
    const first = await getActivityPage({ ctx: await w.ctx(), input: { activityId: a.activity.id } });
    expect(first.sessions).toHaveLength(10);
    const second = await getActivityPage({ ctx: await w.ctx(), input: { activityId: a.activity.id, after: first.nextSessions } });
    const third = await getActivityPage({ ctx: await w.ctx(), input: { activityId: a.activity.id, after: second.nextSessions } });
    expect(third.nextSessions).toBeNull();
    expect([...first.sessions, ...second.sessions, ...third.sessions].map((s) => s.startsAt)).toEqual(a.sessions.map((s) => s.startsAt));
  });

  test("an activity of an organisation that is not approved is not found", async () => {
    const w = await world();
    const a = await activityWith(w, "Geheim", [t + DAY], { organisationId: w.ids.pending });
    await expect(getActivityPage({ ctx: await w.ctx(), input: { activityId: a.activity.id } })).rejects.toThrow("errors.notFound");
  });
});

describe("at municipal scale (2,000 activities, 50,000 sessions, 225,000 sign-ups)", () => {
  test("every filter answers from indexes, in well under a page's time budget", async () => {
    const database = await createTestDatabase();
    open.push(database);
    const seeded = await seedMunicipalScale(database, t);
    const ctx = await ctxAs(database, null, { now: () => t });
    const inputs: ActivityFilterInput[] = [
      {},
      { neighbourhood: String(seeded.neighbourhoods[3]) },
      { category: "sports", from: "2026-12-10", to: "2026-12-20" },
      { targetGroup: "youth" },
      { needsVolunteers: "on" },
      { needsVolunteers: "on", neighbourhood: String(seeded.neighbourhoods[5]), category: "culture" },
    ];
    for (const input of inputs) {
      const first = await listActivities({ ctx, input });
      expect(first.items.length).toBeGreaterThan(0);
      const { result, ms, plans } = await measured(database, () =>
        listActivities({ ctx, input: { ...input, after: first.next ?? undefined } }),
      );
      expect(result.items.length, JSON.stringify(input)).toBeGreaterThan(0);
      // The only full pass allowed is over the activities themselves (one index seek each for
      // their next session); sessions, shifts and sign-ups are always reached through an index.
      expect(plans.length).toBeGreaterThan(3);
      expect(fullScans(plans), JSON.stringify(input)).toEqual([]);
      expect(ms, JSON.stringify(input)).toBeLessThan(400);
    }
    const activityId = (await listActivities({ ctx, input: {} })).items[0]!.id;
    const page = await measured(database, () => getActivityPage({ ctx, input: { activityId } }));
    expect(fullScans(page.plans)).toEqual([]);
    expect(page.ms).toBeLessThan(200);
  }, 60_000);
});
