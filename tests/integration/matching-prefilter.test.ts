import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { helpRequestWindow, signup, volunteerAvailability, volunteerUnavailableDate } from "#db/schema";
import { rankForRequest } from "~/domain/help/matching/rank.server";
import {
  createActivity,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSkill,
  createUser,
  createVolunteerProfile,
  giveSkills,
  makeAdjacent,
} from "~/demo/builders";
import { ctxFor } from "#tests/support/coordinator-world";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { referenceRanking } from "#tests/support/matching-reference";

// Decision 041: the ranking applies the hard rules in SQL before loading facts. This compares it
// with the straightforward reference (every candidate's facts loaded, every rule checked by the
// scorer) on a seeded random population of a few hundred volunteers, with the edges where SQL and
// the scorer could disagree: the travel-range boundary, slots touching a window's start or end,
// the daylight-saving weeks of Europe/Amsterdam (2026-03-29 and 2026-10-25) and zones with other
// rules, pauses ending just before, on or after the last wanted day, VOGs valid until about then,
// and max hours reached exactly.

const H = 3_600_000;
const DAY = 24 * H;
const SPRING_NOW = Date.UTC(2026, 2, 10, 9);
const AUTUMN_NOW = Date.UTC(2026, 9, 12, 9);
const ZONES = ["Europe/Amsterdam", "Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"];
const TIMES = [
  "00:00",
  "01:00",
  "02:00",
  "02:30",
  "03:00",
  "09:00",
  "13:00",
  "13:59",
  "14:00",
  "15:30",
  "17:00",
  "17:01",
  "21:00",
  "24:00",
];

/** Amsterdam wall-clock time as an instant (UTC+1 before 29 March and from 25 October 03:00, else UTC+2). */
const ams = (y: number, m: number, d: number, h: number, min = 0, offset = 1) => Date.UTC(y, m - 1, d, h - offset, min);

/** Each request: its windows (Amsterdam), the clock, and options. */
const REQUESTS = {
  // Tuesdays 14:00-17:00 around spring forward, and the Sunday night of the change itself (01:00-04:00).
  spring: {
    now: SPRING_NOW,
    windows: [
      { startsAt: ams(2026, 3, 24, 14), endsAt: ams(2026, 3, 24, 17) },
      { startsAt: ams(2026, 3, 29, 1), endsAt: ams(2026, 3, 29, 4, 0, 2) },
      { startsAt: ams(2026, 3, 31, 14, 0, 2), endsAt: ams(2026, 3, 31, 17, 0, 2) },
    ],
    values: {},
  },
  // The night the clocks go back (01:30-02:30 summer time to 02:30 winter time) and the Tuesday after.
  autumn: {
    now: AUTUMN_NOW,
    windows: [
      { startsAt: ams(2026, 10, 25, 1, 30, 2), endsAt: ams(2026, 10, 25, 2, 30, 1) },
      { startsAt: ams(2026, 10, 27, 14), endsAt: ams(2026, 10, 27, 17) },
    ],
    values: {},
  },
  vog: {
    now: SPRING_NOW,
    windows: [
      { startsAt: ams(2026, 3, 17, 14), endsAt: ams(2026, 3, 17, 17) },
      { startsAt: ams(2026, 3, 31, 14, 0, 2), endsAt: ams(2026, 3, 31, 17, 0, 2) },
    ],
    values: { requiresVog: true, language: "tr", kind: "transport" as const },
  },
  // Windows ending at midnight and past it, for zones east and west of Amsterdam.
  midnight: {
    now: AUTUMN_NOW,
    windows: [{ startsAt: ams(2026, 10, 30, 21, 0, 1), endsAt: ams(2026, 10, 31, 2, 0, 1) }],
    values: {},
  },
  none: { now: SPRING_NOW, windows: [], values: {} },
};

let database: TestDatabase;
const requestIds: Record<string, number> = {};
let coordinator = 0;

/** mulberry32: the same "random" population on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const random = seeded(41);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const hoods = [];
    for (const name of ["Noord", "Zuid", "Oost", "West"]) hoods.push((await createNeighbourhood(tx, { municipalityId: town.id, name })).id);
    await makeAdjacent(tx, hoods[0]!, hoods[1]!);
    await makeAdjacent(tx, hoods[0]!, hoods[2]!);
    const elsewhere = (await createNeighbourhood(tx, { municipalityId: (await createMunicipality(tx)).id, name: "Elders" })).id;
    const skills = [];
    for (const slug of ["vervoer", "ouderen", "koken"])
      skills.push((await createSkill(tx, { slug: `${slug}-${Math.floor(random() * 1e9)}` })).id);
    const carer = (await createUser(tx, { neighbourhoodId: hoods[0]! })).id;
    coordinator = (await createUser(tx, { neighbourhoodId: hoods[0]! })).id;
    const org = await createOrganisation(tx);
    const activity = await createActivity(tx, { organisationId: org.id, neighbourhoodId: hoods[0]! });

    for (const [name, r] of Object.entries(REQUESTS)) {
      const row = await createHelpRequest(tx, { neighbourhoodId: hoods[0]!, requesterId: carer, status: "open", ...r.values });
      requestIds[name] = row.id;
      if (r.windows.length) await tx.insert(helpRequestWindow).values(r.windows.map((w) => ({ requestId: row.id, ...w })));
    }

    // Past work with whole hours, so "max hours reached exactly" happens: 3 h in the last 30 days
    // before each clock; the requests ask 6 to 9 hours in their first month.
    const pastShift = async (at: number) => {
      const session = await createSession(tx, { activityId: activity.id, startsAt: at, endsAt: at + 3 * H });
      return createShift(tx, { sessionId: session.id, needed: 1000, startsAt: at, endsAt: at + 3 * H });
    };
    const past = [await pastShift(SPRING_NOW - 10 * DAY), await pastShift(AUTUMN_NOW - 10 * DAY)];
    // Commitments inside the wanted windows.
    const busy = [
      await pastShift(ams(2026, 3, 24, 13)),
      await pastShift(ams(2026, 10, 27, 15)),
      await pastShift(ams(2026, 3, 29, 2, 0, 1)),
    ];

    for (let i = 0; i < 320; i++) {
      const neighbourhoodId = i % 40 === 0 ? elsewhere : pick(hoods);
      const id = (await createUser(tx, { neighbourhoodId, timeZone: pick(ZONES), name: `Vrijwilliger ${i}` })).id;
      const lastDays = ["2026-03-30", "2026-03-31", "2026-04-01", "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-31", "2026-11-01"];
      const valid = random() < 0.5;
      await createVolunteerProfile(tx, {
        userId: id,
        travelRange: pick(["own", "adjacent", "municipality"] as const),
        languages: random() < 0.3 ? ["nl", "tr"] : ["nl"],
        tags: random() < 0.2 ? ["vervoer"] : [],
        vogStatus: valid ? "valid" : pick(["none", "requested"] as const),
        vogValidUntil: valid ? pick(lastDays) : null,
        pausedUntil: random() < 0.25 ? pick([...lastDays, "2026-03-24", "2026-10-25", ""]) : null,
        maxHoursPerMonth: random() < 0.3 ? pick([6, 8, 9, 10, 12, 13]) : null,
      });
      if (random() < 0.5) await giveSkills(tx, id, [pick(skills)]);
      const slots = Math.floor(random() * 4); // 0: every time of day fits
      const seen = new Set<string>();
      for (let s = 0; s < slots; s++) {
        const a = pick(TIMES);
        const b = pick(TIMES);
        const weekday = pick([2, 2, 5, 6, 7, 1]);
        if (a >= b || seen.has(`${weekday}${a}`)) continue;
        seen.add(`${weekday}${a}`);
        await tx.insert(volunteerAvailability).values({ userId: id, weekday, startTime: a, endTime: b });
      }
      if (random() < 0.2) {
        await tx
          .insert(volunteerUnavailableDate)
          .values({ userId: id, date: pick(["2026-03-24", "2026-03-29", "2026-03-31", "2026-10-25", "2026-10-27", "2026-10-31"]) });
      }
      if (random() < 0.4) {
        for (const s of past) {
          await tx.insert(signup).values({
            sessionId: s.sessionId,
            shiftId: s.id,
            userId: id,
            status: "confirmed",
            createdAt: SPRING_NOW - 20 * DAY,
            attendance: "present",
            minutes: 180,
          });
        }
      }
      if (random() < 0.15) {
        const s = pick(busy);
        await tx.insert(signup).values({ sessionId: s.sessionId, shiftId: s.id, userId: id, status: "confirmed", createdAt: SPRING_NOW });
      }
      if (random() < 0.1) {
        const match = await createHelpRequest(tx, {
          neighbourhoodId: hoods[0]!,
          requesterId: random() < 0.5 ? carer : coordinator,
          status: "matched",
          matchedVolunteerId: id,
          matchedAt: SPRING_NOW - 5 * DAY,
        });
        await createHelpSession(tx, { requestId: match.id, startsAt: ams(2026, 3, 31, 15, 0, 2), confirmedAt: SPRING_NOW, minutes: 60 });
      }
    }
  });
}, 60_000);
afterAll(() => database.cleanup());

describe("ranking with the hard rules in SQL (decision 041)", () => {
  test.each(Object.keys(REQUESTS))("gives exactly the reference ranking: %s", async (name) => {
    const ctx = await ctxFor(database, null, REQUESTS[name as keyof typeof REQUESTS].now);
    const { timings, ...ranking } = await rankForRequest(ctx, requestIds[name]!);
    const reference = await referenceRanking(ctx, requestIds[name]!);
    expect(ranking).toEqual(reference);
    expect(JSON.stringify(ranking)).toBe(JSON.stringify(reference));
    expect(timings.queries).toBe(2);
  });

  test("the population reaches every rule and some volunteers fit", async () => {
    const rules = new Set<string>();
    let ranked = 0;
    for (const [name, r] of Object.entries(REQUESTS)) {
      const ranking = await rankForRequest(await ctxFor(database, null, r.now), requestIds[name]!);
      ranking.excluded.forEach((e) => rules.add(e.rule));
      ranked += ranking.ranked.length;
    }
    expect(rules).toEqual(new Set(["vog", "out-of-range", "paused", "max-hours", "no-availability"]));
    expect(ranked).toBeGreaterThan(20);
  });
});
