import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NotFound, Unauthenticated } from "~/domain/errors";
import { rankVolunteersForRequest } from "~/domain/help/matching/rank.server";
import { addAvailability, createHelpInvite, createUser, createVolunteerProfile } from "~/demo/builders";
import { addRequest, buildWorld, ctxFor, type WorldIds } from "#tests/support/coordinator-world";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { statementsOf } from "#tests/support/query-plans";

let database: TestDatabase;
let ids: WorldIds;

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await buildWorld(database);
});
afterAll(() => database.cleanup());

const rank = async (who: keyof WorldIds | null, requestId = ids.request) =>
  rankVolunteersForRequest({ ctx: await ctxFor(database, who === null ? null : ids[who]), input: { requestId } });

async function measuredCount(fn: () => ReturnType<typeof rankVolunteersForRequest>) {
  const { result, sent } = await statementsOf(database, fn);
  return { queries: sent.length, ranked: result.ranked.length };
}

describe("rankVolunteersForRequest", () => {
  test("ranks fitting volunteers with reasons and lists the others with the rule that excluded them", async () => {
    const ranking = await rank("coordNorth");
    expect(ranking.ranked.map((r) => r.userId)).toEqual([ids.vNear, ids.vContinuity, ids.vAdjacent]);
    const near = ranking.ranked[0]!;
    expect(near.name).toBe("Nina Dichtbij");
    expect(near.neighbourhood).toBe("Noord");
    expect(near.reasons.find((r) => r.factor === "kindSkills")).toMatchObject({ points: 30, key: "helpCoordinator.reasons.skills.kind" });
    expect(near.reasons.find((r) => r.factor === "availability")).toMatchObject({
      points: 30,
      values: { percent: 100, whole: 2, total: 2 },
    });
    expect(ranking.ranked[1]!.reasons.find((r) => r.factor === "continuity")).toMatchObject({ points: 5 });
    expect(ranking.ranked[2]!.reasons.find((r) => r.factor === "distance")).toMatchObject({
      key: "helpCoordinator.reasons.distance.adjacent",
    });

    const excluded = Object.fromEntries(ranking.excluded.map((e) => [e.userId, e.rule]));
    expect(excluded).toEqual({
      [ids.vEastOwn]: "out-of-range",
      [ids.vBusy]: "no-availability",
      [ids.vHours]: "max-hours",
      [ids.vPaused]: "paused",
      [ids.vHoliday]: "no-availability",
    });
    // Other towns' volunteers and the requester are not candidates at all.
    const everyone = [...ranking.ranked, ...ranking.excluded].map((r) => r.userId);
    expect(everyone).not.toContain(ids.vOtherTown);
    expect(everyone).not.toContain(ids.carer);
    expect(ranking.excluded.find((e) => e.userId === ids.vHours)).toMatchObject({ values: { hours: 3, max: 8, extra: 6 } });
  });

  test("returns SQL and scoring time separately", async () => {
    const { timings } = await rank("coordNorth");
    expect(timings.sqlMs).toBeGreaterThan(0);
    expect(timings.scoringMs).toBeGreaterThanOrEqual(0);
    expect(timings.sqlMs + timings.scoringMs).toBeCloseTo(timings.totalMs, 5);
  });

  test("loads in two queries after the permission check, however many volunteers there are", async () => {
    const ctx = await ctxFor(database, ids.coordNorth);
    const before = await measuredCount(() => rankVolunteersForRequest({ ctx, input: { requestId: ids.request } }));
    await database.write(async (tx) => {
      for (let i = 0; i < 5; i++) {
        const user = await createUser(tx, { neighbourhoodId: ids.north });
        await createVolunteerProfile(tx, { userId: user.id });
        await addAvailability(tx, user.id, [{ weekday: 2, startTime: "09:00", endTime: "18:00" }]);
      }
    });
    const after = await measuredCount(() => rankVolunteersForRequest({ ctx, input: { requestId: ids.request } }));
    expect(after.ranked).toBe(before.ranked + 5);
    expect(after.queries).toBe(before.queries);
    expect(before.queries).toBe(3);
  });

  test("a VOG requirement and a language change the result", async () => {
    const request = await addRequest(database, ids, { requiresVog: true });
    const ranking = await rank("coordNorth", request.id);
    expect(ranking.ranked).toEqual([]);
    expect(new Set(ranking.excluded.map((e) => e.rule))).toEqual(new Set(["vog"]));

    const turkish = await addRequest(database, ids, { language: "tr" });
    const byLanguage = await rank("coordNorth", turkish.id);
    expect(byLanguage.ranked[0]!.userId).toBe(ids.vNear);
    expect(byLanguage.ranked[0]!.reasons.find((r) => r.factor === "language")).toMatchObject({ points: 10 });
    expect(byLanguage.ranked[1]!.reasons.find((r) => r.factor === "language")).toMatchObject({ points: 0 });
  });

  test("shows who was already asked", async () => {
    const request = await addRequest(database, ids, { status: "asked" });
    await database.write((tx) => createHelpInvite(tx, { requestId: request.id, volunteerId: ids.vAdjacent, status: "declined" }));
    const ranking = await rank("coordNorth", request.id);
    expect(ranking.ranked.find((r) => r.userId === ids.vAdjacent)?.invite).toBe("declined");
    expect(ranking.ranked.find((r) => r.userId === ids.vNear)?.invite).toBeNull();
  });

  test("an admin may rank; coordinators elsewhere, residents and visitors may not", async () => {
    await expect(rank("admin")).resolves.toMatchObject({ requestId: ids.request });
    await expect(rank("coordSouth")).rejects.toBeInstanceOf(NotFound);
    await expect(rank("resident")).rejects.toBeInstanceOf(NotFound);
    await expect(rank("carer")).rejects.toBeInstanceOf(NotFound);
    await expect(rank(null)).rejects.toBeInstanceOf(Unauthenticated);
    await expect(rank("coordNorth", 999_999)).rejects.toBeInstanceOf(NotFound);
  });
});
