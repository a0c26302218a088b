import { eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import {
  activitySession,
  neighbourhoodAdjacency,
  signup,
  skill,
  volunteerAvailability,
  volunteerProfile,
  volunteerSkill,
  volunteerUnavailableDate,
} from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { listOpenShiftsForMe } from "~/domain/activities/open-shifts.server";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
  createVolunteerProfile,
} from "~/demo/builders";
import { seedMunicipalScale } from "#tests/support/activity-scale";
import { fullScans, measured } from "#tests/support/query-plans";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { statementsOf } from "#tests/support/query-plans";

// Each rule of "open shifts that fit me" gets a shift that passes every other rule and fails
// this one, next to a shift that fits; without the rule the first one would show up.

const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026
const HOUR = 3_600_000;
/** An instant from a wall-clock time in Amsterdam (CET in winter: UTC+1). */
const ams = (date: string, time: string) => Date.parse(`${date}T${time}:00+01:00`);
/** Same in summer time (CEST: UTC+2). */
const amsSummer = (date: string, time: string) => Date.parse(`${date}T${time}:00+02:00`);

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((d) => d.cleanup()));
});

async function world(
  options: {
    travelRange?: "own" | "adjacent" | "municipality";
    timeZone?: string;
    weekly?: { weekday: number; startTime: string; endTime: string }[];
  } = {},
) {
  const database = await createTestDatabase();
  databases.push(database);
  const ids = await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const otherTown = await createMunicipality(tx);
    const own = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Eigen wijk" })).id;
    const next = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Buurwijk" })).id;
    const far = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Verre wijk" })).id;
    const elsewhere = (await createNeighbourhood(tx, { municipalityId: otherTown.id, name: "Andere gemeente" })).id;
    await tx.insert(neighbourhoodAdjacency).values([
      { neighbourhoodId: own, adjacentId: next },
      { neighbourhoodId: next, adjacentId: own },
      { neighbourhoodId: next, adjacentId: far },
      { neighbourhoodId: far, adjacentId: next },
    ]);
    const org = (await createOrganisation(tx)).id;
    const pendingOrg = (await createOrganisation(tx, { status: "pending" })).id;
    const volunteer = (await createUser(tx, { neighbourhoodId: own, timeZone: options.timeZone ?? "Europe/Amsterdam" })).id;
    const someone = (await createUser(tx, { neighbourhoodId: own })).id;
    await createVolunteerProfile(tx, {
      userId: volunteer,
      travelRange: options.travelRange ?? "own",
      vogStatus: "valid",
      vogValidUntil: "2026-12-31",
    });
    const [cooking] = await tx
      .insert(skill)
      .values({ slug: `koken-${volunteer}`, nameNl: "Koken", nameEn: "Cooking" })
      .returning();
    const [firstAid] = await tx
      .insert(skill)
      .values({ slug: `ehbo-${volunteer}`, nameNl: "EHBO", nameEn: "First aid" })
      .returning();
    await tx.insert(volunteerSkill).values({ userId: volunteer, skillId: cooking!.id });
    // Tuesday evenings and Saturday mornings, in the volunteer's own zone.
    const weekly = options.weekly ?? [
      { weekday: 2, startTime: "18:00", endTime: "22:00" },
      { weekday: 6, startTime: "09:00", endTime: "12:00" },
    ];
    if (weekly.length) await tx.insert(volunteerAvailability).values(weekly.map((w) => ({ userId: volunteer, ...w })));
    return { own, next, far, elsewhere, org, pendingOrg, volunteer, someone, cooking: cooking!.id, firstAid: firstAid!.id };
  });

  const ctx = (userId = ids.volunteer, now = t): Promise<Ctx> => ctxAs(database, userId, { now: () => now });

  /** A shift filling a whole session of a new activity; options change one thing at a time. */
  async function shiftAt(
    title: string,
    startsAt: number,
    endsAt: number,
    o: { neighbourhoodId?: number; organisationId?: number; needed?: number; requiresVog?: boolean; requiredSkillId?: number | null } = {},
  ) {
    return database.write(async (tx) => {
      const a = await createActivity(tx, {
        organisationId: o.organisationId ?? ids.org,
        neighbourhoodId: o.neighbourhoodId ?? ids.own,
        title,
      });
      const s = await createSession(tx, { activityId: a.id, startsAt, endsAt });
      const sh = await createShift(tx, {
        sessionId: s.id,
        startsAt,
        endsAt,
        role: `Taak ${title}`,
        needed: o.needed ?? 1,
        requiresVog: o.requiresVog ?? false,
        requiredSkillId: o.requiredSkillId ?? null,
      });
      return { activityId: a.id, sessionId: s.id, shiftId: sh.id };
    });
  }

  const titles = async (userId = ids.volunteer, now = t) =>
    (await listOpenShiftsForMe({ ctx: await ctx(userId, now), input: {} })).items.map((i) => i.title);
  return { database, ids, ctx, shiftAt, titles };
}

// Tuesday 1 December 2026 19:00-21:00 in Amsterdam fits the default volunteer in every way.
const TUE = ["2026-12-01", "19:00", "21:00"] as const;
const fitting = (w: Awaited<ReturnType<typeof world>>, title = "Past") => w.shiftAt(title, ams(TUE[0], TUE[1]), ams(TUE[0], TUE[2]));

describe("open places and time", () => {
  test("a shift whose places are all taken is left out; a waitlisted or cancelled sign-up does not take a place", async () => {
    const w = await world();
    await fitting(w);
    const full = await w.shiftAt("Vol", ams("2026-12-01", "19:00"), ams("2026-12-01", "20:00"), { needed: 1 });
    const half = await w.shiftAt("Half", ams("2026-12-08", "19:00"), ams("2026-12-08", "20:00"), { needed: 2 });
    await w.database.write((tx) =>
      tx.insert(signup).values([
        { sessionId: full.sessionId, shiftId: full.shiftId, userId: w.ids.someone, status: "confirmed", createdAt: t },
        { sessionId: half.sessionId, shiftId: half.shiftId, userId: w.ids.someone, status: "confirmed", createdAt: t },
      ]),
    );
    expect(await w.titles()).toEqual(["Past", "Half"]);
    const items = (await listOpenShiftsForMe({ ctx: await w.ctx(), input: {} })).items;
    expect(items.find((i) => i.title === "Half")).toMatchObject({ openPlaces: 1, needed: 2 });
  });

  test("shifts that have started, and shifts of cancelled sessions or unapproved organisations, are left out", async () => {
    const w = await world();
    await fitting(w);
    await w.shiftAt("Vandaag begonnen", t - HOUR, t + HOUR, {});
    const cancelled = await w.shiftAt("Afgelast", ams("2026-12-08", "19:00"), ams("2026-12-08", "20:00"));
    await w.database.write((tx) =>
      tx.update(activitySession).set({ status: "cancelled" }).where(eq(activitySession.id, cancelled.sessionId)),
    );
    await w.shiftAt("Niet goedgekeurd", ams("2026-12-08", "19:00"), ams("2026-12-08", "20:00"), { organisationId: w.ids.pendingOrg });
    expect(await w.titles()).toEqual(["Past"]);
  });
});

describe("requirements", () => {
  test("a VOG counts only until its end date, on the shift's local date", async () => {
    const w = await world();
    await w.shiftAt("VOG binnen geldigheid", ams("2026-12-29", "19:00"), ams("2026-12-29", "21:00"), { requiresVog: true });
    await w.shiftAt("VOG verlopen", ams("2027-01-05", "19:00"), ams("2027-01-05", "21:00"), { requiresVog: true });
    await w.shiftAt("Geen VOG nodig", ams("2027-01-05", "19:00"), ams("2027-01-05", "21:00"));
    expect(await w.titles()).toEqual(["VOG binnen geldigheid", "Geen VOG nodig"]);
  });

  test("without a valid VOG, no shift that needs one", async () => {
    const w = await world();
    await w.database.write((tx) =>
      tx.update(volunteerProfile).set({ vogStatus: "requested", vogValidUntil: null }).where(eq(volunteerProfile.userId, w.ids.volunteer)),
    );
    await fitting(w);
    await w.shiftAt("VOG nodig", ams("2026-12-01", "19:00"), ams("2026-12-01", "21:00"), { requiresVog: true });
    expect(await w.titles()).toEqual(["Past"]);
  });

  test("a shift that needs a skill shows only to volunteers who have it", async () => {
    const w = await world();
    await w.shiftAt("Koken", ams("2026-12-01", "19:00"), ams("2026-12-01", "21:00"), { requiredSkillId: w.ids.cooking });
    await w.shiftAt("EHBO", ams("2026-12-01", "19:00"), ams("2026-12-01", "21:00"), { requiredSkillId: w.ids.firstAid });
    const result = await listOpenShiftsForMe({ ctx: await w.ctx(), input: {} });
    expect(result.items.map((i) => [i.title, i.skill])).toEqual([["Koken", "Koken"]]);
  });

  test("a pause hides shifts up to and including its last day", async () => {
    const w = await world();
    await w.database.write((tx) =>
      tx.update(volunteerProfile).set({ pausedUntil: "2026-12-01" }).where(eq(volunteerProfile.userId, w.ids.volunteer)),
    );
    await fitting(w, "Tijdens pauze");
    await w.shiftAt("Na pauze", ams("2026-12-08", "19:00"), ams("2026-12-08", "21:00"));
    expect(await w.titles()).toEqual(["Na pauze"]);
  });
});

describe("travel range", () => {
  async function everywhere(w: Awaited<ReturnType<typeof world>>) {
    await w.shiftAt("Eigen", ams("2026-12-01", "19:00"), ams("2026-12-01", "20:00"), { neighbourhoodId: w.ids.own });
    await w.shiftAt("Naast", ams("2026-12-01", "19:00"), ams("2026-12-01", "20:00"), { neighbourhoodId: w.ids.next });
    await w.shiftAt("Ver", ams("2026-12-01", "19:00"), ams("2026-12-01", "20:00"), { neighbourhoodId: w.ids.far });
    await w.shiftAt("Buiten", ams("2026-12-01", "19:00"), ams("2026-12-01", "20:00"), { neighbourhoodId: w.ids.elsewhere });
  }

  test("own neighbourhood only", async () => {
    const w = await world({ travelRange: "own" });
    await everywhere(w);
    expect(await w.titles()).toEqual(["Eigen"]);
  });

  test("own and adjacent neighbourhoods (not the neighbours of neighbours)", async () => {
    const w = await world({ travelRange: "adjacent" });
    await everywhere(w);
    expect(await w.titles()).toEqual(["Eigen", "Naast"]);
  });

  test("the whole municipality, not another one", async () => {
    const w = await world({ travelRange: "municipality" });
    await everywhere(w);
    expect(await w.titles()).toEqual(["Eigen", "Naast", "Ver"]);
  });
});

describe("clashes", () => {
  test("shifts overlapping a commitment are left out; back-to-back is fine; the shift one already has is not offered", async () => {
    const w = await world();
    const mine = await w.shiftAt("Al aangemeld", ams("2026-12-01", "18:00"), ams("2026-12-01", "19:30"), { needed: 3 });
    await w.shiftAt("Overlapt", ams("2026-12-01", "19:00"), ams("2026-12-01", "21:00"));
    await w.shiftAt("Erna", ams("2026-12-01", "19:30"), ams("2026-12-01", "21:00"));
    // A participant place counts as a commitment too, a cancelled one does not.
    const evening = await w.shiftAt("Deelname", ams("2026-12-08", "20:00"), ams("2026-12-08", "21:00"));
    await w.shiftAt("Tijdens deelname", ams("2026-12-08", "19:00"), ams("2026-12-08", "20:30"));
    const dropped = await w.shiftAt("Afgemeld", ams("2026-12-15", "20:00"), ams("2026-12-15", "21:00"));
    await w.shiftAt("Na afmelding", ams("2026-12-15", "19:00"), ams("2026-12-15", "20:30"));
    await w.database.write((tx) =>
      tx.insert(signup).values([
        { sessionId: mine.sessionId, shiftId: mine.shiftId, userId: w.ids.volunteer, status: "confirmed", createdAt: t },
        { sessionId: evening.sessionId, shiftId: null, userId: w.ids.volunteer, status: "waitlisted", createdAt: t },
        { sessionId: dropped.sessionId, shiftId: null, userId: w.ids.volunteer, status: "cancelled", createdAt: t, cancelledAt: t },
      ]),
    );
    expect(await w.titles()).toEqual(["Erna", "Na afmelding", "Afgemeld"]);
  });
});

describe("weekly availability", () => {
  test("only shifts inside a weekly slot, on the right weekday", async () => {
    const w = await world();
    await fitting(w);
    await w.shiftAt("Woensdag", ams("2026-12-02", "19:00"), ams("2026-12-02", "21:00"));
    await w.shiftAt("Te vroeg", ams("2026-12-01", "17:30"), ams("2026-12-01", "19:30"));
    await w.shiftAt("Zaterdagochtend", ams("2026-12-05", "09:30"), ams("2026-12-05", "11:30"));
    expect(await w.titles()).toEqual(["Past", "Zaterdagochtend"]);
  });

  test("an unavailable date removes that day only", async () => {
    const w = await world();
    await w.database.write((tx) =>
      tx.insert(volunteerUnavailableDate).values({ userId: w.ids.volunteer, date: "2026-12-01", note: "Vakantie" }),
    );
    await fitting(w, "Op vrije dag");
    await w.shiftAt("Week later", ams("2026-12-08", "19:00"), ams("2026-12-08", "21:00"));
    expect(await w.titles()).toEqual(["Week later"]);
  });

  test("weekly times are read in the volunteer's own time zone", async () => {
    // 18:00-20:00 in London is 19:00-21:00 in Amsterdam.
    const w = await world({ timeZone: "Europe/London", weekly: [{ weekday: 2, startTime: "18:00", endTime: "20:00" }] });
    await fitting(w, "Past in Londen");
    await w.shiftAt("Te laat voor Londen", ams("2026-12-01", "20:00"), ams("2026-12-01", "22:00"));
    expect(await w.titles()).toEqual(["Past in Londen"]);
  });

  test("a Tuesday 19:00 slot stays 19:00 local across the change to summer time (2026-03-29)", async () => {
    const w = await world({ weekly: [{ weekday: 2, startTime: "19:00", endTime: "21:00" }] });
    const before = Date.UTC(2026, 2, 20, 9, 0);
    await w.shiftAt("Winter 19:00", ams("2026-03-24", "19:00"), ams("2026-03-24", "21:00"));
    await w.shiftAt("Zomer 19:00", amsSummer("2026-03-31", "19:00"), amsSummer("2026-03-31", "21:00"));
    // The same UTC hours as the winter shift are 20:00-22:00 in summer time: outside the slot.
    await w.shiftAt("Zomer op winteruren", ams("2026-03-31", "19:00"), ams("2026-03-31", "21:00"));
    expect(await w.titles(w.ids.volunteer, before)).toEqual(["Winter 19:00", "Zomer 19:00"]);
  });

  test("and back to winter time (2026-10-25)", async () => {
    const w = await world({ weekly: [{ weekday: 2, startTime: "19:00", endTime: "21:00" }] });
    const before = Date.UTC(2026, 9, 15, 9, 0);
    await w.shiftAt("Zomer", amsSummer("2026-10-20", "19:00"), amsSummer("2026-10-20", "21:00"));
    await w.shiftAt("Winter", ams("2026-10-27", "19:00"), ams("2026-10-27", "21:00"));
    await w.shiftAt("Winter op zomeruren", amsSummer("2026-10-27", "19:00"), amsSummer("2026-10-27", "21:00"));
    expect(await w.titles(w.ids.volunteer, before)).toEqual(["Zomer", "Winter"]);
  });

  test("without weekly times every time fits", async () => {
    const w = await world({ weekly: [] });
    await fitting(w);
    await w.shiftAt("Woensdagnacht", ams("2026-12-02", "23:00"), ams("2026-12-03", "01:00"));
    const result = await listOpenShiftsForMe({ ctx: await w.ctx(), input: {} });
    expect(result.items.map((i) => i.title)).toEqual(["Past", "Woensdagnacht"]);
    expect(result.profile).toEqual({ travelRange: "own", hasWeeklyAvailability: false });
  });
});

describe("the list itself", () => {
  test("someone without a volunteer profile gets no list, only that fact", async () => {
    const w = await world();
    await fitting(w);
    expect(await listOpenShiftsForMe({ ctx: await w.ctx(w.ids.someone), input: {} })).toEqual({ profile: null, items: [], next: null });
  });

  test("pages in start order, across batches of shifts that do not fit", async () => {
    const w = await world();
    // 150 Wednesday shifts (never fit) sit between 25 Tuesday shifts that do.
    for (let week = 0; week < 25; week++) {
      const date = new Date(Date.UTC(2026, 11, 1 + 7 * week)).toISOString().slice(0, 10);
      const wed = new Date(Date.UTC(2026, 11, 2 + 7 * week)).toISOString().slice(0, 10);
      await w.shiftAt(`Dinsdag ${String(week).padStart(2, "0")}`, ams(date, "19:00"), ams(date, "20:00"));
      for (let i = 0; i < 6; i++) await w.shiftAt(`Woensdag ${week}.${i}`, ams(wed, "19:00") + i * 60_000, ams(wed, "20:00"));
    }
    const first = await listOpenShiftsForMe({ ctx: await w.ctx(), input: {} });
    expect(first.items).toHaveLength(20);
    expect(first.next).not.toBeNull();
    const [at, id] = first.next!.split(".").map(Number) as [number, number];
    const second = await listOpenShiftsForMe({ ctx: await w.ctx(), input: { after: { at, id } } });
    expect(second.next).toBeNull();
    expect([...first.items, ...second.items].map((i) => i.title)).toEqual(
      Array.from({ length: 25 }, (_, i) => `Dinsdag ${String(i).padStart(2, "0")}`),
    );
  });

  test("stops after looking at a bounded number of shifts and offers to look further", async () => {
    const w = await world();
    await w.database.write(async (tx) => {
      const a = await createActivity(tx, { organisationId: w.ids.org, neighbourhoodId: w.ids.own, title: "Woensdagen" });
      const s = await createSession(tx, { activityId: a.id, startsAt: ams("2026-12-02", "19:00"), endsAt: ams("2026-12-02", "21:00") });
      for (let i = 0; i < 1_050; i++)
        await createShift(tx, { sessionId: s.id, startsAt: ams("2026-12-02", "19:00"), endsAt: ams("2026-12-02", "20:00") });
    });
    await w.shiftAt("Eindelijk", ams("2026-12-08", "19:00"), ams("2026-12-08", "20:00"));
    const first = await listOpenShiftsForMe({ ctx: await w.ctx(), input: {} });
    expect(first.items).toEqual([]);
    expect(first.next).not.toBeNull();
    const [at, id] = first.next!.split(".").map(Number) as [number, number];
    const second = await listOpenShiftsForMe({ ctx: await w.ctx(), input: { after: { at, id } } });
    expect(second.items.map((i) => i.title)).toEqual(["Eindelijk"]);
    expect(second.next).toBeNull();
  });

  test("a page is two statements when the first batch fills it; a narrow volunteer reaches the scan limit in five", async () => {
    const w = await world({ weekly: [] });
    for (let i = 0; i < 25; i++)
      await w.shiftAt(`Dienst ${i}`, ams("2026-12-01", "19:00") + i * HOUR, ams("2026-12-01", "20:00") + i * HOUR);
    const ctx = await w.ctx();
    const wide = await statementsOf(w.database, () => listOpenShiftsForMe({ ctx, input: {} }));
    expect(wide.result.items).toHaveLength(20);
    // What the list needs to know about the volunteer, then one batch of candidates.
    expect(wide.sent).toHaveLength(2);

    const narrow = await world();
    await narrow.database.write(async (tx) => {
      const a = await createActivity(tx, { organisationId: narrow.ids.org, neighbourhoodId: narrow.ids.own, title: "Woensdagen" });
      const s = await createSession(tx, { activityId: a.id, startsAt: ams("2026-12-02", "19:00"), endsAt: ams("2026-12-02", "21:00") });
      for (let i = 0; i < 1_050; i++)
        await createShift(tx, { sessionId: s.id, startsAt: ams("2026-12-02", "19:00"), endsAt: ams("2026-12-02", "20:00") });
    });
    const narrowCtx = await narrow.ctx();
    const scan = await statementsOf(narrow.database, () => listOpenShiftsForMe({ ctx: narrowCtx, input: {} }));
    expect(scan.result).toMatchObject({ items: [], next: expect.any(String) });
    // Batches of 40, 160, 640 and the last 160 of the 1,000 looked at.
    expect(scan.sent).toHaveLength(5);
  });

  test("the required skill's name comes in the volunteer's language", async () => {
    const w = await world();
    await w.shiftAt("Koken", ams("2026-12-01", "19:00"), ams("2026-12-01", "21:00"), { requiredSkillId: w.ids.cooking });
    const english = { ...(await w.ctx()), locale: "en" as const };
    expect((await listOpenShiftsForMe({ ctx: english, input: {} })).items.map((i) => i.skill)).toEqual(["Cooking"]);
  });

  test("formats times in the volunteer's zone and language", async () => {
    const w = await world({ weekly: [] });
    await fitting(w);
    const [item] = (await listOpenShiftsForMe({ ctx: await w.ctx(), input: {} })).items;
    expect(item!.when).toContain("19:00");
    expect(item!.when).toContain("21:00");
    expect(item!.openPlaces).toBe(1);
  });
});

describe("at municipal scale (2,000 activities, 50,000 sessions, 25,000 shifts, 225,000 sign-ups)", () => {
  test("finds a page of fitting shifts through indexes, quickly, for wide and narrow volunteers", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const seeded = await seedMunicipalScale(database, t);
    const people = await database.write(async (tx) => {
      const out: number[] = [];
      const kinds = [
        { travelRange: "municipality" as const, weekly: [] },
        { travelRange: "municipality" as const, weekly: [{ weekday: 2, startTime: "18:00", endTime: "22:00" }] },
        { travelRange: "own" as const, weekly: [{ weekday: 6, startTime: "09:00", endTime: "17:00" }] },
      ];
      for (const kind of kinds) {
        const person = await createUser(tx, { neighbourhoodId: seeded.neighbourhoods[0]! });
        await createVolunteerProfile(tx, { userId: person.id, travelRange: kind.travelRange });
        if (kind.weekly.length) await tx.insert(volunteerAvailability).values(kind.weekly.map((w) => ({ userId: person.id, ...w })));
        out.push(person.id);
      }
      return out;
    });
    for (const userId of people) {
      const ctx = await ctxAs(database, userId, { now: () => t });
      await listOpenShiftsForMe({ ctx, input: {} });
      const { result, ms, plans } = await measured(database, () => listOpenShiftsForMe({ ctx, input: {} }));
      expect(result.items.length).toBeGreaterThan(0);
      expect(plans.length).toBeGreaterThan(3);
      expect(fullScans(plans)).toEqual([]);
      expect(ms).toBeLessThan(600);
    }
  }, 60_000);
});
