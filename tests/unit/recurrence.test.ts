import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { expandRecurrence, MAX_OCCURRENCES, type RecurrenceRule } from "~/domain/scheduling/recurrence";

const zone = "Europe/Amsterdam";

function rule(values: Partial<RecurrenceRule> & Pick<RecurrenceRule, "pattern">): RecurrenceRule {
  return { startDate: "2026-03-03", startTime: "19:00", durationMinutes: 120, timeZone: zone, ...values };
}

function expand(r: RecurrenceRule) {
  const result = expandRecurrence(r);
  if (!result.ok) throw new Error(`expected occurrences, got ${JSON.stringify(result.error)}`);
  return result.occurrences;
}

const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");

describe("weekly", () => {
  test("every Tuesday 19:00 stays 19:00 local across the spring change (2026-03-29)", () => {
    const occurrences = expand(
      rule({ startDate: "2026-03-17", pattern: { kind: "weekly", interval: 1, weekdays: [2] }, end: { count: 4 } }),
    );
    expect(occurrences.map((o) => local(o.startsAt))).toEqual([
      "2026-03-17 19:00 +01:00",
      "2026-03-24 19:00 +01:00",
      "2026-03-31 19:00 +02:00",
      "2026-04-07 19:00 +02:00",
    ]);
    // The UTC instant shifts by an hour, so the local time does not.
    expect(occurrences[2]!.startsAt - occurrences[1]!.startsAt).toBe(7 * 24 * 3_600_000 - 3_600_000);
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-03-17", "2026-03-24", "2026-03-31", "2026-04-07"]);
  });

  test("every Tuesday 19:00 stays 19:00 local across the autumn change (2026-10-25)", () => {
    const occurrences = expand(
      rule({ startDate: "2026-10-13", pattern: { kind: "weekly", interval: 1, weekdays: [2] }, end: { until: "2026-11-03" } }),
    );
    expect(occurrences.map((o) => local(o.startsAt))).toEqual([
      "2026-10-13 19:00 +02:00",
      "2026-10-20 19:00 +02:00",
      "2026-10-27 19:00 +01:00",
      "2026-11-03 19:00 +01:00",
    ]);
    expect(occurrences[2]!.startsAt - occurrences[1]!.startsAt).toBe(7 * 24 * 3_600_000 + 3_600_000);
  });

  test("a session on the night of a change lasts its duration in real time", () => {
    const [night] = expand(rule({ startDate: "2026-03-28", startTime: "23:00", durationMinutes: 240, pattern: { kind: "once" } }));
    expect(night!.endsAt - night!.startsAt).toBe(240 * 60_000);
    expect(local(night!.endsAt)).toBe("2026-03-29 04:00 +02:00");
  });

  test("every 2 weeks on Tuesday and Thursday", () => {
    const occurrences = expand(
      rule({ startDate: "2026-03-03", pattern: { kind: "weekly", interval: 2, weekdays: [4, 2] }, end: { count: 6 } }),
    );
    expect(occurrences.map((o) => o.localDate)).toEqual([
      "2026-03-03",
      "2026-03-05",
      "2026-03-17",
      "2026-03-19",
      "2026-03-31",
      "2026-04-02",
    ]);
    expect(occurrences.every((o) => local(o.startsAt).slice(11, 16) === "19:00")).toBe(true);
  });

  test("weekdays before the start date in the first week are skipped, the rhythm stays on the start week", () => {
    // Starts on a Thursday: that week's Tuesday is before the start and is not an occurrence.
    const occurrences = expand(
      rule({ startDate: "2026-03-05", pattern: { kind: "weekly", interval: 2, weekdays: [2, 4] }, end: { until: "2026-03-31" } }),
    );
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-03-05", "2026-03-17", "2026-03-19", "2026-03-31"]);
  });

  test("a start date that is not one of the weekdays starts at the next matching day", () => {
    const occurrences = expand(
      rule({ startDate: "2026-03-04", pattern: { kind: "weekly", interval: 1, weekdays: [1] }, end: { count: 2 } }),
    );
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-03-09", "2026-03-16"]);
  });

  test("no weekdays or a zero interval is invalid", () => {
    expect(expandRecurrence(rule({ pattern: { kind: "weekly", interval: 1, weekdays: [] }, end: { count: 2 } }))).toEqual({
      ok: false,
      error: { code: "invalid" },
    });
    expect(expandRecurrence(rule({ pattern: { kind: "weekly", interval: 0, weekdays: [2] }, end: { count: 2 } }))).toEqual({
      ok: false,
      error: { code: "invalid" },
    });
    expect(expandRecurrence(rule({ pattern: { kind: "weekly", interval: 1, weekdays: [8] }, end: { count: 2 } }))).toEqual({
      ok: false,
      error: { code: "invalid" },
    });
  });
});

describe("monthly", () => {
  test("the last Thursday, in months with four and with five Thursdays", () => {
    const occurrences = expand(rule({ startDate: "2026-01-01", pattern: { kind: "monthly", weekday: 4, nth: -1 }, end: { count: 6 } }));
    // January and April have five Thursdays (the last on the 29th and 30th); the others four.
    expect(occurrences.map((o) => o.localDate)).toEqual([
      "2026-01-29",
      "2026-02-26",
      "2026-03-26",
      "2026-04-30",
      "2026-05-28",
      "2026-06-25",
    ]);
    expect(occurrences.map((o) => local(o.startsAt).slice(11))).toEqual([
      "19:00 +01:00",
      "19:00 +01:00",
      "19:00 +01:00",
      "19:00 +02:00",
      "19:00 +02:00",
      "19:00 +02:00",
    ]);
  });

  test("the last Thursday across the autumn change, until a date", () => {
    const occurrences = expand(
      rule({ startDate: "2026-09-01", pattern: { kind: "monthly", weekday: 4, nth: -1 }, end: { until: "2026-12-31" } }),
    );
    expect(occurrences.map((o) => local(o.startsAt))).toEqual([
      "2026-09-24 19:00 +02:00",
      "2026-10-29 19:00 +01:00",
      "2026-11-26 19:00 +01:00",
      "2026-12-31 19:00 +01:00",
    ]);
  });

  test("the fourth Thursday is not the last one in a month with five", () => {
    const occurrences = expand(rule({ startDate: "2026-04-01", pattern: { kind: "monthly", weekday: 4, nth: 4 }, end: { count: 2 } }));
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-04-23", "2026-05-28"]);
  });

  test("the first Monday; a start after this month's skips to the next month", () => {
    const occurrences = expand(rule({ startDate: "2026-03-10", pattern: { kind: "monthly", weekday: 1, nth: 1 }, end: { count: 3 } }));
    expect(occurrences.map((o) => o.localDate)).toEqual(["2026-04-06", "2026-05-04", "2026-06-01"]);
  });
});

describe("the end of a series", () => {
  const weekly = { kind: "weekly" as const, interval: 1, weekdays: [2] };

  test("until a date includes that date", () => {
    expect(expand(rule({ pattern: weekly, end: { until: "2026-03-17" } })).map((o) => o.localDate)).toEqual([
      "2026-03-03",
      "2026-03-10",
      "2026-03-17",
    ]);
  });

  test("a count gives exactly that many", () => {
    expect(expand(rule({ pattern: weekly, end: { count: 5 } }))).toHaveLength(5);
  });

  test("until before the start gives nothing", () => {
    expect(expand(rule({ pattern: weekly, end: { until: "2026-03-01" } }))).toEqual([]);
  });

  test("a recurrence without an end is refused", () => {
    expect(expandRecurrence(rule({ pattern: weekly }))).toEqual({ ok: false, error: { code: "no-end" } });
    expect(expandRecurrence(rule({ pattern: { kind: "monthly", weekday: 4, nth: -1 } }))).toEqual({ ok: false, error: { code: "no-end" } });
  });

  test("a one-off session needs no end and gives one occurrence", () => {
    const occurrences = expand(rule({ startDate: "2026-05-12", pattern: { kind: "once" } }));
    expect(occurrences).toHaveLength(1);
    expect(local(occurrences[0]!.startsAt)).toBe("2026-05-12 19:00 +02:00");
    expect(occurrences[0]!.endsAt - occurrences[0]!.startsAt).toBe(120 * 60_000);
  });

  test("too many occurrences are refused, by count and by until", () => {
    expect(expandRecurrence(rule({ pattern: weekly, end: { count: MAX_OCCURRENCES + 1 } }))).toEqual({
      ok: false,
      error: { code: "too-many", max: MAX_OCCURRENCES },
    });
    expect(
      expandRecurrence(rule({ pattern: { kind: "weekly", interval: 1, weekdays: [1, 2, 3, 4, 5, 6, 7] }, end: { until: "2027-12-31" } })),
    ).toEqual({
      ok: false,
      error: { code: "too-many", max: MAX_OCCURRENCES },
    });
    expect(expand(rule({ pattern: weekly, end: { count: MAX_OCCURRENCES } }))).toHaveLength(MAX_OCCURRENCES);
  });

  test("a count below one is refused", () => {
    expect(expandRecurrence(rule({ pattern: weekly, end: { count: 0 } })).ok).toBe(false);
  });
});

describe("local times around daylight-saving changes", () => {
  test("02:30 on 2026-03-29 does not exist: refused with that date", () => {
    const result = expandRecurrence(
      rule({ startDate: "2026-03-15", startTime: "02:30", pattern: { kind: "weekly", interval: 1, weekdays: [7] }, end: { count: 4 } }),
    );
    expect(result).toEqual({ ok: false, error: { code: "nonexistent-time", localDate: "2026-03-29" } });
  });

  test("02:30 on 2026-10-25 happens twice: the first (summer time) is taken", () => {
    const [occurrence] = expand(rule({ startDate: "2026-10-25", startTime: "02:30", pattern: { kind: "once" } }));
    expect(local(occurrence!.startsAt)).toBe("2026-10-25 02:30 +02:00");
    expect(occurrence!.startsAt).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  test("a time zone that does not exist is invalid", () => {
    expect(expandRecurrence(rule({ timeZone: "Europe/Nowhere", pattern: { kind: "once" } }))).toEqual({
      ok: false,
      error: { code: "invalid" },
    });
  });

  test("a non-positive duration is invalid", () => {
    expect(expandRecurrence(rule({ durationMinutes: 0, pattern: { kind: "once" } }))).toEqual({ ok: false, error: { code: "invalid" } });
  });
});
