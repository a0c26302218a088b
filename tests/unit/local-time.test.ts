import { describe, expect, test } from "vitest";
import { addDays, instantToLocal, localDateOf, localToInstant, minutesOf, weekdayOf } from "~/domain/scheduling/local-time";

const zone = "Europe/Amsterdam";
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe("localToInstant", () => {
  test("an ordinary local time is its instant in the zone (winter +01:00, summer +02:00)", () => {
    expect(localToInstant("2026-01-15", "09:00", zone)).toEqual({ ok: true, epochMs: utc("2026-01-15T08:00") });
    expect(localToInstant("2026-07-15", "09:00", zone)).toEqual({ ok: true, epochMs: utc("2026-07-15T07:00") });
  });

  test("2026-03-29: the hour skipped when clocks go forward does not exist; the minutes around it do", () => {
    expect(localToInstant("2026-03-29", "01:59", zone)).toEqual({ ok: true, epochMs: utc("2026-03-29T00:59") });
    expect(localToInstant("2026-03-29", "02:00", zone)).toEqual({ ok: false, reason: "nonexistent" });
    expect(localToInstant("2026-03-29", "02:30", zone)).toEqual({ ok: false, reason: "nonexistent" });
    expect(localToInstant("2026-03-29", "03:00", zone)).toEqual({ ok: true, epochMs: utc("2026-03-29T01:00") });
  });

  test("2026-10-25: a time that occurs twice resolves to its first occurrence (summer time)", () => {
    expect(localToInstant("2026-10-25", "01:59", zone)).toEqual({ ok: true, epochMs: utc("2026-10-24T23:59") });
    expect(localToInstant("2026-10-25", "02:00", zone)).toEqual({ ok: true, epochMs: utc("2026-10-25T00:00") });
    expect(localToInstant("2026-10-25", "02:30", zone)).toEqual({ ok: true, epochMs: utc("2026-10-25T00:30") });
    expect(localToInstant("2026-10-25", "03:00", zone)).toEqual({ ok: true, epochMs: utc("2026-10-25T02:00") });
  });

  test("malformed or impossible dates and times are invalid", () => {
    for (const [date, time] of [
      ["2026-02-30", "10:00"],
      ["2026-13-01", "10:00"],
      ["26-03-01", "10:00"],
      ["2026-03-01", "24:00"],
      ["2026-03-01", "9:00"],
      ["2026-03-01", "10:60"],
    ] as const) {
      expect(localToInstant(date, time, zone)).toEqual({ ok: false, reason: "invalid" });
    }
  });
});

describe("instantToLocal and localDateOf", () => {
  test("read an instant as the zone's wall clock, both times 02:30 happens on 2026-10-25", () => {
    expect(instantToLocal(utc("2026-10-25T00:30"), zone)).toEqual({ date: "2026-10-25", time: "02:30", weekday: 7 });
    expect(instantToLocal(utc("2026-10-25T01:30"), zone)).toEqual({ date: "2026-10-25", time: "02:30", weekday: 7 });
    expect(instantToLocal(utc("2026-03-29T01:00"), zone)).toEqual({ date: "2026-03-29", time: "03:00", weekday: 7 });
  });

  test("the local date changes at local midnight, not at UTC midnight", () => {
    expect(localDateOf(utc("2026-03-28T22:59"), zone)).toBe("2026-03-28");
    expect(localDateOf(utc("2026-03-28T23:00"), zone)).toBe("2026-03-29");
    expect(localDateOf(utc("2026-10-24T21:59"), zone)).toBe("2026-10-24");
    expect(localDateOf(utc("2026-10-24T22:00"), zone)).toBe("2026-10-25");
    expect(localDateOf(utc("2026-10-25T22:59"), zone)).toBe("2026-10-25");
    expect(localDateOf(utc("2026-10-25T23:00"), zone)).toBe("2026-10-26");
  });
});

describe("calendar helpers", () => {
  test("addDays counts calendar days, unaffected by the DST days", () => {
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", -1)).toBe("2026-10-24");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  test("weekdayOf is ISO (Monday 1 … Sunday 7) and minutesOf counts from midnight", () => {
    expect(weekdayOf("2026-03-29")).toBe(7);
    expect(weekdayOf("2026-03-30")).toBe(1);
    expect(minutesOf("00:00")).toBe(0);
    expect(minutesOf("19:45")).toBe(19 * 60 + 45);
  });
});
