import { DateTime } from "luxon";
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

describe("the fast ways give luxon's answers (they replace a luxon DateTime per row)", () => {
  const zones = ["Europe/Amsterdam", "Europe/London", "America/New_York", "America/Santiago", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"];

  test("localDateOf, every 7 hours 13 minutes over two years, in zones with and without DST (midnight changes, half hours)", () => {
    for (const zone of zones)
      for (let ms = utc("2025-01-01T00:00"); ms < utc("2027-01-01T00:00"); ms += 433 * 60_000)
        expect([zone, ms, localDateOf(ms, zone)]).toEqual([zone, ms, DateTime.fromMillis(ms, { zone }).toISODate()]);
  });

  test("addDays and weekdayOf, for every day of ten years and steps across months, years and leap days", () => {
    for (let ms = utc("2020-01-01T00:00"); ms < utc("2030-01-01T00:00"); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const luxon = DateTime.fromISO(date, { zone: "UTC" });
      expect(weekdayOf(date)).toBe(luxon.weekday);
      for (const days of [-366, -29, -1, 0, 1, 28, 365]) expect(addDays(date, days)).toBe(luxon.plus({ days }).toISODate());
    }
  });

  test("what the fast way does not take still gets luxon's answer", () => {
    for (const date of ["2026-02-30", "2026-13-01", "26-03-01", "0999-12-31", "9999-12-31", "20260301"]) {
      expect(addDays(date, 1)).toBe(DateTime.fromISO(date, { zone: "UTC" }).plus({ days: 1 }).toISODate());
      expect(weekdayOf(date)).toEqual(DateTime.fromISO(date, { zone: "UTC" }).weekday);
    }
    expect(addDays("2026-03-01", 1.5)).toBe(DateTime.fromISO("2026-03-01", { zone: "UTC" }).plus({ days: 1.5 }).toISODate());
    expect(localDateOf(Date.UTC(500, 0, 1), "UTC")).toBe("0500-01-01");
    expect(localDateOf(0, "Not/AZone")).toBe(DateTime.fromMillis(0, { zone: "Not/AZone" }).toISODate());
  });
});
