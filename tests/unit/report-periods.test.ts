import { describe, expect, test } from "vitest";
import {
  daysBetween,
  endOfPreviousMonth,
  minusMonths,
  periodCount,
  reportPeriods,
  snapToPeriods,
  startOfMonthBefore,
} from "~/domain/scheduling/report-periods";

const zone = "Europe/Amsterdam";
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe("reportPeriods", () => {
  test("months start at local midnight: March 2026 is 23 hours short at its end, October 2026 an hour long", () => {
    const [march, april] = reportPeriods("2026-03-01", "2026-04-30", "month", zone);
    expect(march).toMatchObject({
      key: "2026-03",
      from: "2026-03-01",
      to: "2026-03-31",
      startMs: utc("2026-02-28T23:00"),
      endMs: utc("2026-03-31T22:00"),
    });
    expect(april).toMatchObject({ key: "2026-04", startMs: utc("2026-03-31T22:00"), endMs: utc("2026-04-30T22:00") });
    expect(march!.endMs - march!.startMs).toBe((31 * 24 - 1) * 3_600_000);

    const [october] = reportPeriods("2026-10-01", "2026-10-31", "month", zone);
    expect(october).toMatchObject({ key: "2026-10", startMs: utc("2026-09-30T22:00"), endMs: utc("2026-10-31T23:00") });
    expect(october!.endMs - october!.startMs).toBe((31 * 24 + 1) * 3_600_000);
  });

  test("ISO weeks run Monday to Sunday; the week with 2026-03-29 is 167 hours, the one with 2026-10-25 is 169", () => {
    const weeks = reportPeriods("2026-03-23", "2026-03-29", "week", zone);
    expect(weeks).toHaveLength(1);
    expect(weeks[0]).toMatchObject({
      key: "2026-W13",
      from: "2026-03-23",
      to: "2026-03-29",
      startMs: utc("2026-03-22T23:00"),
      endMs: utc("2026-03-29T22:00"),
    });
    expect(weeks[0]!.endMs - weeks[0]!.startMs).toBe(167 * 3_600_000);
    const [autumn] = reportPeriods("2026-10-19", "2026-10-25", "week", zone);
    expect(autumn).toMatchObject({ key: "2026-W43", startMs: utc("2026-10-18T22:00"), endMs: utc("2026-10-25T23:00") });
    expect(autumn!.endMs - autumn!.startMs).toBe(169 * 3_600_000);
  });

  test("periods are clipped to the range; the week key uses the ISO week year", () => {
    const periods = reportPeriods("2026-03-15", "2026-05-10", "month", zone);
    expect(periods.map((p) => [p.key, p.from, p.to])).toEqual([
      ["2026-03", "2026-03-15", "2026-03-31"],
      ["2026-04", "2026-04-01", "2026-04-30"],
      ["2026-05", "2026-05-01", "2026-05-10"],
    ]);
    expect(periods[0]!.startMs).toBe(utc("2026-03-14T23:00"));
    expect(reportPeriods("2026-12-28", "2027-01-03", "week", zone).map((p) => p.key)).toEqual(["2026-W53"]);
  });

  test("the look-back window ends with the period and starts that many months earlier, at local midnight", () => {
    const [march] = reportPeriods("2026-03-01", "2026-03-31", "month", zone, 3);
    // The period ends 2026-04-01 00:00 local; three months before is 2026-01-01 00:00 local (+01:00).
    expect(march!.lookBackStartMs).toBe(utc("2025-12-31T23:00"));
    const [plain] = reportPeriods("2026-03-01", "2026-03-31", "month", zone);
    expect(plain!.lookBackStartMs).toBe(plain!.endMs);
  });
});

describe("period helpers", () => {
  test("snapToPeriods widens to whole months or ISO weeks", () => {
    expect(snapToPeriods("2026-03-15", "2026-04-02", "month")).toEqual({ from: "2026-03-01", to: "2026-04-30" });
    expect(snapToPeriods("2026-03-25", "2026-03-31", "week")).toEqual({ from: "2026-03-23", to: "2026-04-05" });
  });

  test("periodCount counts months and weeks", () => {
    expect(periodCount("2026-01-01", "2026-12-31", "month")).toBe(12);
    expect(periodCount("2025-11-01", "2026-02-28", "month")).toBe(4);
    expect(periodCount("2026-03-23", "2026-03-29", "week")).toBe(1);
    expect(periodCount("2026-03-23", "2026-04-05", "week")).toBe(2);
  });

  test("calendar date arithmetic is in days and months, not hours", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(minusMonths("2026-03-31", 1)).toBe("2026-02-28");
    expect(startOfMonthBefore("2026-03-29", 2)).toBe("2026-01-01");
    expect(endOfPreviousMonth("2026-03-29")).toBe("2026-02-28");
  });
});
