import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { resolveWindows, type WindowsInput } from "~/domain/scheduling/time-windows";

const zone = "Europe/Amsterdam";
// A fixed clock: Sunday 2026-03-22 12:00 in Amsterdam, one week before the spring change.
const now = DateTime.fromISO("2026-03-22T12:00", { zone }).toMillis();
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "UTC" }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");

const dated = (windows: WindowsInput["windows"]): WindowsInput => ({ schedule: "windows", windows, weekdays: [] });
const weekly = (values: Partial<WindowsInput>): WindowsInput => ({
  schedule: "weekly",
  windows: [],
  weekdays: [7],
  recurStartDate: "2026-03-22",
  recurStartTime: "14:00",
  recurEndTime: "16:00",
  recurCount: 3,
  ...values,
});

describe("dated windows", () => {
  test("become instants in the zone, in time order; empty rows are skipped", () => {
    const result = resolveWindows(
      dated([
        { date: "2026-04-02", startTime: "09:00", endTime: "10:00" },
        undefined,
        { date: "2026-03-24", startTime: "14:00", endTime: "15:30" },
        {},
      ]),
      zone,
      now,
    );
    expect(result.problems).toEqual([]);
    expect(result.rule).toBeNull();
    expect(result.windows).toEqual([
      { startsAt: utc("2026-03-24T13:00"), endsAt: utc("2026-03-24T14:30") },
      { startsAt: utc("2026-04-02T07:00"), endsAt: utc("2026-04-02T08:00") },
    ]);
  });

  test("on 2026-03-29 (clocks go forward) a time in the skipped hour does not exist; the hours around it do", () => {
    const result = resolveWindows(
      dated([
        { date: "2026-03-29", startTime: "02:30", endTime: "04:00" },
        { date: "2026-03-29", startTime: "01:00", endTime: "02:15" },
        { date: "2026-03-29", startTime: "01:30", endTime: "03:30" },
      ]),
      zone,
      now,
    );
    expect(result.problems).toEqual([
      { field: "windows[0].startTime", problem: "timeDoesNotExist" },
      { field: "windows[1].endTime", problem: "timeDoesNotExist" },
    ]);
    // 01:30 winter time to 03:30 summer time: one hour of real time.
    expect(result.windows).toEqual([{ startsAt: utc("2026-03-29T00:30"), endsAt: utc("2026-03-29T01:30") }]);
  });

  test("on 2026-10-25 (clocks go back) a time that occurs twice is its first occurrence, and a window spans the extra hour", () => {
    const autumn = DateTime.fromISO("2026-10-20T12:00", { zone }).toMillis();
    const result = resolveWindows(
      dated([
        { date: "2026-10-25", startTime: "02:30", endTime: "03:30" },
        { date: "2026-10-25", startTime: "09:00", endTime: "10:00" },
      ]),
      zone,
      autumn,
    );
    expect(result.problems).toEqual([]);
    expect(result.windows).toEqual([
      // 02:30 summer time (00:30Z) to 03:30 winter time (02:30Z): two hours of real time.
      { startsAt: utc("2026-10-25T00:30"), endsAt: utc("2026-10-25T02:30") },
      { startsAt: utc("2026-10-25T08:00"), endsAt: utc("2026-10-25T09:00") },
    ]);
  });

  test("a window in the past, one ending before it starts, one overlapping another and an invalid time each get their field's problem", () => {
    const result = resolveWindows(
      dated([
        { date: "2026-03-22", startTime: "11:00", endTime: "13:00" },
        { date: "2026-03-25", startTime: "10:00", endTime: "09:00" },
        { date: "2026-03-25", startTime: "10:00", endTime: "12:00" },
        { date: "2026-03-25", startTime: "11:30", endTime: "13:00" },
        { date: "2026-03-25", startTime: "12:00", endTime: "13:00" },
        { date: "2026-03-26", startTime: "25:00", endTime: "26:00" },
        { date: "2026-03-26", startTime: "10:00", endTime: "10:60" },
      ]),
      zone,
      now,
    );
    expect(result.problems).toEqual([
      { field: "windows[0].date", problem: "dateInPast" },
      { field: "windows[1].endTime", problem: "endBeforeStart" },
      { field: "windows[3].startTime", problem: "windowsOverlap" },
      { field: "windows[5].startTime", problem: "timeInvalid" },
      { field: "windows[6].endTime", problem: "timeInvalid" },
    ]);
    // Back to back is no overlap.
    expect(result.windows.map((w) => local(w.startsAt))).toEqual(["2026-03-25 10:00 +01:00", "2026-03-25 12:00 +01:00"]);
  });

  test("a window starting exactly now is in the past", () => {
    const result = resolveWindows(dated([{ date: "2026-03-22", startTime: "12:00", endTime: "13:00" }]), zone, now);
    expect(result.problems).toEqual([{ field: "windows[0].date", problem: "dateInPast" }]);
  });
});

describe("a weekly pattern", () => {
  test("keeps its local time across the spring change and is returned as its rule", () => {
    const result = resolveWindows(weekly({ recurStartDate: "2026-03-23", weekdays: [7] }), zone, now);
    expect(result.problems).toEqual([]);
    expect(result.windows.map((w) => `${local(w.startsAt)} – ${local(w.endsAt)}`)).toEqual([
      "2026-03-29 14:00 +02:00 – 2026-03-29 16:00 +02:00",
      "2026-04-05 14:00 +02:00 – 2026-04-05 16:00 +02:00",
      "2026-04-12 14:00 +02:00 – 2026-04-12 16:00 +02:00",
    ]);
    expect(result.rule).toMatchObject({
      startDate: "2026-03-23",
      startTime: "14:00",
      durationMinutes: 120,
      timeZone: zone,
      pattern: { kind: "weekly", interval: 1, weekdays: [7] },
      end: { count: 3 },
    });
  });

  test("on the autumn change a window over the repeated hour ends at its local end time", () => {
    const autumn = DateTime.fromISO("2026-10-20T12:00", { zone }).toMillis();
    const result = resolveWindows(
      weekly({ recurStartDate: "2026-10-25", recurStartTime: "01:00", recurEndTime: "04:00", recurCount: 2 }),
      zone,
      autumn,
    );
    expect(result.problems).toEqual([]);
    expect(result.windows).toEqual([
      // 01:00 summer time to 04:00 winter time: four hours that day, three a week later.
      { startsAt: utc("2026-10-24T23:00"), endsAt: utc("2026-10-25T03:00") },
      { startsAt: utc("2026-11-01T00:00"), endsAt: utc("2026-11-01T03:00") },
    ]);
  });

  test("a start or end time skipped on 2026-03-29 gets a problem and no windows", () => {
    expect(resolveWindows(weekly({ recurStartTime: "02:30", recurEndTime: "04:00" }), zone, now)).toEqual({
      windows: [],
      rule: null,
      problems: [{ field: "recurStartTime", problem: "timeDoesNotExist" }],
    });
    expect(resolveWindows(weekly({ recurStartTime: "01:00", recurEndTime: "02:30" }), zone, now)).toEqual({
      windows: [],
      rule: null,
      problems: [{ field: "recurEndTime", problem: "timeDoesNotExist" }],
    });
  });

  test("a first occurrence in the past is a problem; only the future occurrences remain", () => {
    const result = resolveWindows(weekly({ recurStartDate: "2026-03-22", recurStartTime: "10:00", recurEndTime: "11:00" }), zone, now);
    expect(result.problems).toEqual([{ field: "recurStartDate", problem: "dateInPast" }]);
    expect(result.windows.map((w) => local(w.startsAt))).toEqual(["2026-03-29 10:00 +02:00", "2026-04-05 10:00 +02:00"]);
  });

  test("an end before the first occurrence, a count over the limit and a missing end", () => {
    expect(
      resolveWindows(weekly({ recurStartDate: "2026-03-23", recurUntil: "2026-03-25", recurCount: undefined }), zone, now).problems,
    ).toEqual([{ field: "recurUntil", problem: "untilBeforeStart" }]);
    expect(resolveWindows(weekly({ recurCount: 400 }), zone, now).problems).toEqual([{ field: "recurUntil", problem: "countTooMany" }]);
    expect(resolveWindows(weekly({ recurCount: undefined }), zone, now).problems).toEqual([
      { field: "recurUntil", problem: "countTooMany" },
    ]);
    expect(resolveWindows(weekly({ recurStartTime: "16:00", recurEndTime: "14:00" }), zone, now).problems).toEqual([
      { field: "recurStartTime", problem: "timeInvalid" },
    ]);
  });
});
