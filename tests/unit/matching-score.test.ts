import { describe, expect, test } from "vitest";
import {
  createScorer,
  rankCandidates,
  type CandidateFacts,
  type MatchRequest,
  type Reason,
  type ScoreResult,
} from "~/domain/help/matching/score";

const H = 3_600_000;
// Tuesday 1 December 2026, 14:00-17:00 in Amsterdam (UTC+1).
const tuesday = { startsAt: Date.UTC(2026, 11, 1, 13), endsAt: Date.UTC(2026, 11, 1, 16) };

const request = (values: Partial<MatchRequest> = {}): MatchRequest => ({
  kind: "respite",
  windows: [tuesday],
  neighbourhoodId: 1,
  municipalityId: 100,
  adjacentNeighbourhoodIds: new Set([2]),
  requiresVog: false,
  language: null,
  requiredSkillId: null,
  kindSkillIds: new Set([50]),
  ...values,
});

const candidate = (values: Partial<CandidateFacts> = {}): CandidateFacts => ({
  userId: 7,
  neighbourhoodId: 1,
  municipalityId: 100,
  travelRange: "own",
  skillIds: [],
  tags: [],
  languages: ["nl"],
  availability: {
    timeZone: "Europe/Amsterdam",
    weekly: [{ weekday: 2, startTime: "13:00", endTime: "18:00" }],
    unavailableDates: [],
    pausedUntil: null,
  },
  commitments: [],
  vogStatus: "none",
  vogValidUntil: null,
  hoursLast30Days: 0,
  activeMatchesLast30Days: 0,
  maxHoursPerMonth: null,
  helpedHouseholdBefore: false,
  ...values,
});

const score = (req: Partial<MatchRequest>, cand: Partial<CandidateFacts>) => createScorer(request(req))(candidate(cand));
function fits(result: ScoreResult) {
  if (!result.fits) throw new Error(`expected a fit, got ${result.rule}`);
  return result;
}
const factor = (result: ScoreResult, name: Reason["factor"]) => fits(result).reasons.find((r) => r.factor === name)!;
const rule = (result: ScoreResult) => (result.fits ? null : result.rule);

describe("hard rules filter, with the reason", () => {
  test("VOG required: none, requested, expired before the last wanted day, and valid", () => {
    expect(rule(score({ requiresVog: true }, {}))).toBe("vog");
    expect(rule(score({ requiresVog: true }, { vogStatus: "requested" }))).toBe("vog");
    expect(rule(score({ requiresVog: true }, { vogStatus: "valid", vogValidUntil: "2026-11-30" }))).toBe("vog");
    expect(rule(score({ requiresVog: true }, { vogStatus: "valid", vogValidUntil: "2026-12-01" }))).toBeNull();
    expect(rule(score({ requiresVog: false }, { vogStatus: "none" }))).toBeNull();
    const excluded = score({ requiresVog: true }, {});
    expect(excluded).toMatchObject({ fits: false, key: "helpCoordinator.excluded.vog" });
  });

  test("travel range: own, adjacent and municipality", () => {
    expect(rule(score({}, { neighbourhoodId: 2, travelRange: "own" }))).toBe("out-of-range");
    expect(rule(score({}, { neighbourhoodId: 2, travelRange: "adjacent" }))).toBeNull();
    expect(rule(score({}, { neighbourhoodId: 3, travelRange: "adjacent" }))).toBe("out-of-range");
    expect(rule(score({}, { neighbourhoodId: 3, travelRange: "municipality" }))).toBeNull();
    expect(rule(score({}, { neighbourhoodId: 3, municipalityId: 101, travelRange: "municipality" }))).toBe("out-of-range");
  });

  test("paused through the last wanted day is excluded; a pause that ends before is not", () => {
    const paused = (until: string) => ({ availability: { ...candidate().availability, pausedUntil: until } });
    expect(rule(score({}, paused("2026-12-01")))).toBe("paused");
    expect(rule(score({}, paused("2026-11-30")))).toBeNull();
  });

  test("max hours per month: recent hours plus the request's hours may not exceed it", () => {
    expect(rule(score({}, { hoursLast30Days: 8, maxHoursPerMonth: 10 }))).toBe("max-hours");
    expect(rule(score({}, { hoursLast30Days: 7, maxHoursPerMonth: 10 }))).toBeNull();
    expect(rule(score({}, { hoursLast30Days: 100, maxHoursPerMonth: null }))).toBeNull();
  });

  test("no availability overlap at all: other weekday, unavailable date, or busy the whole time", () => {
    expect(
      rule(score({}, { availability: { ...candidate().availability, weekly: [{ weekday: 3, startTime: "13:00", endTime: "18:00" }] } })),
    ).toBe("no-availability");
    expect(rule(score({}, { availability: { ...candidate().availability, unavailableDates: ["2026-12-01"] } }))).toBe("no-availability");
    expect(rule(score({}, { commitments: [{ startsAt: tuesday.startsAt - H, endsAt: tuesday.endsAt + H }] }))).toBe("no-availability");
  });

  test("rules are checked in a fixed order (VOG before range before availability)", () => {
    expect(
      rule(
        score(
          { requiresVog: true },
          {
            neighbourhoodId: 9,
            availability: { ...candidate().availability, weekly: [{ weekday: 5, startTime: "09:00", endTime: "10:00" }] },
          },
        ),
      ),
    ).toBe("vog");
    expect(
      rule(
        score(
          {},
          {
            neighbourhoodId: 9,
            availability: { ...candidate().availability, weekly: [{ weekday: 5, startTime: "09:00", endTime: "10:00" }] },
          },
        ),
      ),
    ).toBe("out-of-range");
  });
});

describe("scores per factor", () => {
  test("kind and skills: required skill held, missing, and skills or tags that fit the kind", () => {
    expect(factor(score({ requiredSkillId: 60 }, { skillIds: [60] }), "kindSkills")).toMatchObject({
      points: 20,
      key: "helpCoordinator.reasons.skills.required",
    });
    expect(factor(score({ requiredSkillId: 60 }, { skillIds: [60, 50] }), "kindSkills")).toMatchObject({
      points: 30,
      key: "helpCoordinator.reasons.skills.requiredAndKind",
    });
    expect(factor(score({ requiredSkillId: 60 }, { skillIds: [] }), "kindSkills")).toMatchObject({
      points: 0,
      key: "helpCoordinator.reasons.skills.missingRequired",
    });
    expect(factor(score({}, { skillIds: [50] }), "kindSkills")).toMatchObject({ points: 30, key: "helpCoordinator.reasons.skills.kind" });
    expect(factor(score({}, { tags: ["Gezelschap bij ouderen"] }), "kindSkills").points).toBe(30);
    expect(factor(score({ kind: "transport" }, { tags: ["gezelschap"] }), "kindSkills")).toMatchObject({
      points: 0,
      key: "helpCoordinator.reasons.skills.noKind",
    });
  });

  test("availability: the share of the wanted time that is free, with whole windows counted", () => {
    expect(factor(score({}, {}), "availability")).toMatchObject({ points: 30, values: { percent: 100, whole: 1, total: 1 } });
    // Free 15:00-18:00 of 14:00-17:00: two of three hours.
    const partly = score(
      {},
      { availability: { ...candidate().availability, weekly: [{ weekday: 2, startTime: "15:00", endTime: "18:00" }] } },
    );
    expect(factor(partly, "availability")).toMatchObject({ points: 20, values: { percent: 67, whole: 0, total: 1 } });
    // A shift already taken 14:00-15:00 leaves two of three hours.
    const busy = score({}, { commitments: [{ startsAt: tuesday.startsAt, endsAt: tuesday.startsAt + H }] });
    expect(factor(busy, "availability").values).toMatchObject({ percent: 67 });
    // No weekly slots: every time of day fits.
    expect(factor(score({}, { availability: { ...candidate().availability, weekly: [] } }), "availability").points).toBe(30);
  });

  test("availability across several windows: an unavailable date takes one out", () => {
    const nextTuesday = { startsAt: tuesday.startsAt + 7 * 24 * H, endsAt: tuesday.endsAt + 7 * 24 * H };
    const result = score(
      { windows: [tuesday, nextTuesday] },
      { availability: { ...candidate().availability, unavailableDates: ["2026-12-08"] } },
    );
    expect(factor(result, "availability")).toMatchObject({ points: 15, values: { percent: 50, whole: 1, total: 2 } });
    const pausedFirst = score(
      { windows: [tuesday, nextTuesday] },
      { availability: { ...candidate().availability, pausedUntil: "2026-12-01" } },
    );
    expect(factor(pausedFirst, "availability").values).toMatchObject({ percent: 50 });
  });

  test("distance: same neighbourhood > adjacent > elsewhere in the municipality", () => {
    const same = factor(score({}, { travelRange: "municipality" }), "distance");
    const adjacent = factor(score({}, { neighbourhoodId: 2, travelRange: "municipality" }), "distance");
    const town = factor(score({}, { neighbourhoodId: 3, travelRange: "municipality" }), "distance");
    expect([same.points, adjacent.points, town.points]).toEqual([15, 9, 3]);
    expect([same.key, adjacent.key, town.key]).toEqual([
      "helpCoordinator.reasons.distance.same",
      "helpCoordinator.reasons.distance.adjacent",
      "helpCoordinator.reasons.distance.municipality",
    ]);
  });

  test("language: speaks it (case-insensitive), does not, or none asked", () => {
    expect(factor(score({ language: "tr" }, { languages: ["nl", "TR"] }), "language")).toMatchObject({
      points: 10,
      key: "helpCoordinator.reasons.language.speaks",
    });
    expect(factor(score({ language: "tr" }, { languages: ["nl"] }), "language")).toMatchObject({
      points: 0,
      key: "helpCoordinator.reasons.language.not",
    });
    expect(factor(score({ language: null }, { languages: [] }), "language")).toMatchObject({
      points: 10,
      key: "helpCoordinator.reasons.language.any",
    });
  });

  test("workload fairness: fewer hours and matches in the last 30 days score higher", () => {
    const idle = factor(score({}, {}), "workload").points;
    const someHours = factor(score({}, { hoursLast30Days: 10 }), "workload").points;
    const busyHours = factor(score({}, { hoursLast30Days: 40 }), "workload").points;
    const oneMatch = factor(score({}, { activeMatchesLast30Days: 1 }), "workload").points;
    const manyMatches = factor(score({}, { activeMatchesLast30Days: 5, hoursLast30Days: 40 }), "workload").points;
    expect(idle).toBe(10);
    expect(someHours).toBe(7);
    expect(busyHours).toBe(4);
    expect(oneMatch).toBe(8);
    expect(manyMatches).toBe(0);
  });

  test("continuity: helped this household before", () => {
    expect(factor(score({}, { helpedHouseholdBefore: true }), "continuity")).toMatchObject({
      points: 5,
      key: "helpCoordinator.reasons.continuity.before",
    });
    expect(factor(score({}, {}), "continuity").points).toBe(0);
  });

  test("the total is the sum of the factors, at most 100", () => {
    const best = fits(score({ requiredSkillId: 60, language: "nl" }, { skillIds: [60, 50], helpedHouseholdBefore: true }));
    expect(best.score).toBe(100);
    expect(best.reasons.reduce((s, r) => s + r.max, 0)).toBe(100);
  });
});

describe("time zones and daylight saving in the availability overlap", () => {
  // Sunday 29 March 2026: Amsterdam moves from UTC+1 to UTC+2 at 02:00; London from UTC+0 to UTC+1 at 01:00.
  const springWindow = { startsAt: Date.UTC(2026, 2, 29, 8), endsAt: Date.UTC(2026, 2, 29, 10) }; // 10:00-12:00 in Amsterdam
  const weekBefore = { startsAt: Date.UTC(2026, 2, 22, 9), endsAt: Date.UTC(2026, 2, 22, 11) }; // 10:00-12:00 in Amsterdam (winter)
  const sundayMorning = [{ weekday: 7, startTime: "10:00", endTime: "12:00" }];

  test("the wall-clock slot follows the volunteer's zone in the DST week and the week before", () => {
    const amsterdam = score(
      { windows: [weekBefore, springWindow] },
      { availability: { timeZone: "Europe/Amsterdam", weekly: sundayMorning, unavailableDates: [], pausedUntil: null } },
    );
    expect(factor(amsterdam, "availability").values).toEqual({ percent: 100, whole: 2, total: 2 });
    // In London 10:00-12:00 is 10:00-12:00 UTC the week before and 09:00-11:00 UTC on the 29th.
    const london = score(
      { windows: [weekBefore, springWindow] },
      { availability: { timeZone: "Europe/London", weekly: sundayMorning, unavailableDates: [], pausedUntil: null } },
    );
    expect(factor(london, "availability").values).toEqual({ percent: 50, whole: 0, total: 2 });
  });

  test("a slot inside the skipped hour (02:00-03:00 on 29 March) gives no time at all", () => {
    const window = { startsAt: Date.UTC(2026, 2, 29, 0), endsAt: Date.UTC(2026, 2, 29, 2) }; // 01:00-04:00 local
    const result = score(
      { windows: [window] },
      {
        availability: {
          timeZone: "Europe/Amsterdam",
          weekly: [{ weekday: 7, startTime: "02:00", endTime: "03:00" }],
          unavailableDates: [],
          pausedUntil: null,
        },
      },
    );
    expect(rule(result)).toBe("no-availability");
  });

  test("on 25 October 2026 the hour 02:00-03:00 happens twice: a slot 02:00-03:00 covers two real hours", () => {
    // 00:00-02:00 UTC = 02:00 summer time until 03:00 winter time in Amsterdam.
    const window = { startsAt: Date.UTC(2026, 9, 25, 0), endsAt: Date.UTC(2026, 9, 25, 2) };
    const slot = [{ weekday: 7, startTime: "02:00", endTime: "03:00" }];
    const result = score(
      { windows: [window] },
      { availability: { timeZone: "Europe/Amsterdam", weekly: slot, unavailableDates: [], pausedUntil: null } },
    );
    expect(factor(result, "availability").values).toEqual({ percent: 100, whole: 1, total: 1 });
    // The week after, the same wall-clock slot is one hour: 01:00-02:00 UTC.
    const next = { startsAt: Date.UTC(2026, 10, 1, 0), endsAt: Date.UTC(2026, 10, 1, 2) };
    const after = score(
      { windows: [next] },
      { availability: { timeZone: "Europe/Amsterdam", weekly: slot, unavailableDates: [], pausedUntil: null } },
    );
    expect(factor(after, "availability").values).toEqual({ percent: 50, whole: 0, total: 1 });
  });

  test("an unavailable date is the volunteer's local date, not the UTC date", () => {
    // Monday 23:30 UTC is Tuesday 00:30 in Amsterdam: a Tuesday exception applies.
    const window = { startsAt: Date.UTC(2026, 11, 7, 23, 30), endsAt: Date.UTC(2026, 11, 8, 0, 30) };
    const allWeek = { timeZone: "Europe/Amsterdam", weekly: [], pausedUntil: null };
    expect(rule(score({ windows: [window] }, { availability: { ...allWeek, unavailableDates: ["2026-12-08"] } }))).toBe("no-availability");
    expect(rule(score({ windows: [window] }, { availability: { ...allWeek, unavailableDates: ["2026-12-07"] } }))).toBeNull();
  });
});

describe("ranking", () => {
  test("best score first; ties go to the volunteer with fewer recent hours, then the lower id", () => {
    const { ranked, excluded } = rankCandidates(request(), [
      candidate({ userId: 1, neighbourhoodId: 3, travelRange: "municipality" }),
      candidate({ userId: 2 }),
      candidate({ userId: 3, hoursLast30Days: 1 }),
      candidate({ userId: 4, neighbourhoodId: 3 }),
      candidate({ userId: 5 }),
    ]);
    expect(ranked.map((r) => r.userId)).toEqual([2, 5, 3, 1]);
    expect(excluded).toEqual([
      { fits: false, userId: 4, rule: "out-of-range", key: "helpCoordinator.excluded.out-of-range", values: { range: "own" } },
    ]);
  });
});
