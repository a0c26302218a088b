import { describe, expect, test } from "vitest";
import { openingHoursSchema } from "~/domain/social-map/schemas";
import { staleBefore } from "~/domain/scheduling/freshness";
import { hoursByWeekday, isOpenAt, localWeekdayAndTime, openingState, overlappingRanges } from "~/domain/scheduling/opening-hours";

const ZONE = "Europe/Amsterdam";
// Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST. Sunday 25 October 2026: back from 03:00 CEST to 02:00 CET.
const sundayMorning = [{ weekday: 7, opensAt: "10:00", closesAt: "12:00" }];

describe("open now", () => {
  test("opening time is included, closing time is not", () => {
    const tuesday = [{ weekday: 2, opensAt: "09:00", closesAt: "12:00" }];
    expect(isOpenAt(tuesday, Date.UTC(2026, 0, 6, 8, 0), ZONE)).toBe(true); // Tue 09:00 CET
    expect(isOpenAt(tuesday, Date.UTC(2026, 0, 6, 7, 59), ZONE)).toBe(false);
    expect(isOpenAt(tuesday, Date.UTC(2026, 0, 6, 11, 0), ZONE)).toBe(false); // 12:00 CET
    expect(isOpenAt(tuesday, Date.UTC(2026, 0, 7, 8, 30), ZONE)).toBe(false); // Wednesday
  });

  test("on the spring-forward day the local clock decides (10:00 CEST is 08:00 UTC)", () => {
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 2, 29, 8, 0), ZONE)).toBe(true);
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 2, 29, 9, 59), ZONE)).toBe(true);
    // 10:00 UTC is 12:00 CEST: closed, although it would be 11:00 in winter time.
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 2, 29, 10, 0), ZONE)).toBe(false);
    // A week earlier (winter time) 08:00 UTC is 09:00: not open yet.
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 2, 22, 8, 0), ZONE)).toBe(false);
  });

  test("across the skipped hour (02:00-03:00 does not exist on 29 March)", () => {
    const night = [{ weekday: 7, opensAt: "01:00", closesAt: "04:00" }];
    expect(localWeekdayAndTime(Date.UTC(2026, 2, 29, 1, 0), ZONE)).toEqual({ weekday: 7, time: "03:00" });
    expect(isOpenAt(night, Date.UTC(2026, 2, 29, 1, 30), ZONE)).toBe(true); // 03:30 CEST
    expect(isOpenAt(night, Date.UTC(2026, 2, 29, 2, 0), ZONE)).toBe(false); // 04:00 CEST
  });

  test("on the fall-back day 10:00 local is 09:00 UTC, and the repeated hour counts twice", () => {
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 9, 25, 8, 30), ZONE)).toBe(false); // 09:30 CET
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 9, 25, 9, 0), ZONE)).toBe(true); // 10:00 CET
    const early = [{ weekday: 7, opensAt: "02:00", closesAt: "03:00" }];
    expect(isOpenAt(early, Date.UTC(2026, 9, 25, 0, 30), ZONE)).toBe(true); // 02:30 CEST
    expect(isOpenAt(early, Date.UTC(2026, 9, 25, 1, 30), ZONE)).toBe(true); // 02:30 CET
    expect(isOpenAt(early, Date.UTC(2026, 9, 25, 2, 0), ZONE)).toBe(false); // 03:00 CET
  });

  test("the zone matters: the same instant is another local time elsewhere", () => {
    expect(isOpenAt(sundayMorning, Date.UTC(2026, 2, 29, 8, 0), "Europe/London")).toBe(false); // 09:00 BST
  });
});

describe("opening state", () => {
  const week = [
    { weekday: 1, opensAt: "13:00", closesAt: "17:00" },
    { weekday: 1, opensAt: "09:00", closesAt: "12:00" },
    { weekday: 4, opensAt: "19:00", closesAt: "21:00" },
  ];
  test("open until the end of the current range", () => {
    expect(openingState(week, Date.UTC(2026, 0, 5, 9, 0), ZONE)).toEqual({ open: true, closesAt: "12:00" }); // Mon 10:00
  });
  test("closed over lunch: opens again today", () => {
    expect(openingState(week, Date.UTC(2026, 0, 5, 11, 30), ZONE)).toEqual({
      open: false,
      next: { weekday: 1, opensAt: "13:00", today: true },
    });
  });
  test("closed after the last range: the next day it opens", () => {
    expect(openingState(week, Date.UTC(2026, 0, 5, 17, 0), ZONE)).toEqual({
      open: false,
      next: { weekday: 4, opensAt: "19:00", today: false },
    });
    // Thursday evening after closing: next Monday.
    expect(openingState(week, Date.UTC(2026, 0, 8, 21, 0), ZONE)).toEqual({
      open: false,
      next: { weekday: 1, opensAt: "09:00", today: false },
    });
  });
  test("no hours at all", () => {
    expect(openingState([], Date.UTC(2026, 0, 5, 9, 0), ZONE)).toEqual({ open: false, next: null });
  });
  test("grouped per weekday, sorted", () => {
    const days = hoursByWeekday(week);
    expect(days).toHaveLength(7);
    expect(days[0]!.ranges.map((r) => r.opensAt)).toEqual(["09:00", "13:00"]);
    expect(days[1]!.ranges).toEqual([]);
  });
});

describe("overlaps", () => {
  test("ranges on one day may touch but not overlap; other days never clash", () => {
    expect(
      overlappingRanges([
        { weekday: 1, opensAt: "09:00", closesAt: "12:00" },
        { weekday: 1, opensAt: "12:00", closesAt: "14:00" },
        { weekday: 2, opensAt: "10:00", closesAt: "11:00" },
      ]),
    ).toEqual([]);
    expect(
      overlappingRanges([
        { weekday: 1, opensAt: "09:00", closesAt: "12:00" },
        { weekday: 1, opensAt: "11:59", closesAt: "14:00" },
        { weekday: 1, opensAt: "08:00", closesAt: "20:00" },
      ]),
    ).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
  });

  test("the form schema reports overlaps, end before start and bad times on the row's field", () => {
    const result = openingHoursSchema.safeParse([
      { weekday: "1", opensAt: "09:00", closesAt: "12:00" },
      { weekday: "1", opensAt: "11:00", closesAt: "13:00" },
      { weekday: "2", opensAt: "14:00", closesAt: "13:00" },
      { weekday: "3", opensAt: "9:00", closesAt: "10:00" },
      { weekday: "", opensAt: "", closesAt: "" },
    ]);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["1.opensAt", "socialMap.errors.hoursOverlap"],
        ["2.closesAt", "socialMap.errors.closesBeforeOpens"],
        ["3.opensAt", "socialMap.errors.timeInvalid"],
      ]),
    );
    expect(issues.some(([path]) => path!.startsWith("4"))).toBe(false);
  });

  test("valid rows come out sorted, empty rows dropped", () => {
    expect(
      openingHoursSchema.parse([
        { weekday: "3", opensAt: "13:00", closesAt: "15:00" },
        {},
        { weekday: 1, opensAt: "09:00", closesAt: "10:00" },
      ]),
    ).toEqual([
      { weekday: 1, opensAt: "09:00", closesAt: "10:00" },
      { weekday: 3, opensAt: "13:00", closesAt: "15:00" },
    ]);
  });
});

describe("stale after 6 calendar months", () => {
  test("31 August minus 6 months is the end of February, in the local zone", () => {
    const now = Date.UTC(2026, 7, 31, 10, 0); // 12:00 CEST
    expect(new Date(staleBefore(now, ZONE)).toISOString()).toBe("2026-02-28T11:00:00.000Z"); // 12:00 CET
  });
});
