import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { dayBeforeInstant, defaultReminderSettings, reminderTimes } from "~/domain/scheduling/reminder-times";

const zone = "Europe/Amsterdam";
const at = (iso: string, z = zone) => DateTime.fromISO(iso, { zone: z }).toMillis();
const local = (ms: number, z = zone) => DateTime.fromMillis(ms, { zone: z }).toFormat("yyyy-MM-dd HH:mm ZZ");
const HOUR = 3_600_000;

function times(startsAt: number, options: { now?: number; settings?: Partial<typeof defaultReminderSettings>; zone?: string } = {}) {
  return reminderTimes({
    startsAt,
    zone: options.zone ?? zone,
    settings: { ...defaultReminderSettings, ...options.settings },
    now: options.now ?? at("2026-01-01T00:00"),
  }).map((r) => ({ kind: r.kind, local: local(r.runAt, options.zone ?? zone) }));
}

describe("defaults: the day before at 18:00 and 2 hours before", () => {
  test("an ordinary session", () => {
    expect(times(at("2026-06-10T19:30"))).toEqual([
      { kind: "day-before", local: "2026-06-09 18:00 +02:00" },
      { kind: "hours-before", local: "2026-06-10 17:30 +02:00" },
    ]);
  });

  test("settings change the times; null switches a reminder off", () => {
    expect(times(at("2026-06-10T19:30"), { settings: { dayBeforeAt: "09:15", hoursBefore: 5 } })).toEqual([
      { kind: "day-before", local: "2026-06-09 09:15 +02:00" },
      { kind: "hours-before", local: "2026-06-10 14:30 +02:00" },
    ]);
    expect(times(at("2026-06-10T19:30"), { settings: { dayBeforeAt: null } })).toEqual([
      { kind: "hours-before", local: "2026-06-10 17:30 +02:00" },
    ]);
    expect(times(at("2026-06-10T19:30"), { settings: { hoursBefore: null } })).toEqual([
      { kind: "day-before", local: "2026-06-09 18:00 +02:00" },
    ]);
    expect(times(at("2026-06-10T19:30"), { settings: { dayBeforeAt: null, hoursBefore: null } })).toEqual([]);
  });
});

describe("daylight saving (Europe/Amsterdam)", () => {
  test("spring: a session on Sunday 2026-03-29 (the change day) gets Saturday 18:00 CET", () => {
    expect(times(at("2026-03-29T10:00"))).toEqual([
      { kind: "day-before", local: "2026-03-28 18:00 +01:00" },
      // Two real hours before 10:00 CEST is 08:00 CEST.
      { kind: "hours-before", local: "2026-03-29 08:00 +02:00" },
    ]);
  });

  test("spring: a session on Monday 2026-03-30 gets Sunday 18:00 CEST, 23 hours after Saturday's", () => {
    expect(times(at("2026-03-30T19:00"))).toEqual([
      { kind: "day-before", local: "2026-03-29 18:00 +02:00" },
      { kind: "hours-before", local: "2026-03-30 17:00 +02:00" },
    ]);
  });

  test("autumn: a session on Sunday 2026-10-25 gets Saturday 18:00 CEST; on Monday, Sunday 18:00 CET", () => {
    expect(times(at("2026-10-25T14:00"))[0]).toEqual({ kind: "day-before", local: "2026-10-24 18:00 +02:00" });
    expect(times(at("2026-10-26T14:00"))[0]).toEqual({ kind: "day-before", local: "2026-10-25 18:00 +01:00" });
  });

  test("2 hours before a start just after the autumn change counts real hours (03:30 CET → 02:30 CEST)", () => {
    const start = at("2026-10-25T03:30");
    expect(local(start)).toBe("2026-10-25 03:30 +01:00");
    const hoursBefore = reminderTimes({ startsAt: start, zone, settings: { dayBeforeAt: null, hoursBefore: 2 }, now: 0 })[0]!;
    expect(hoursBefore.runAt).toBe(start - 2 * HOUR);
    expect(local(hoursBefore.runAt)).toBe("2026-10-25 02:30 +02:00");
  });

  test("a day-before time skipped by the spring change moves forward by the gap", () => {
    expect(local(dayBeforeInstant(at("2026-03-30T10:00"), zone, "02:30")!)).toBe("2026-03-29 03:30 +02:00");
  });

  test("the person's zone decides the local time, not the server's", () => {
    expect(times(at("2026-06-10T19:30"), { zone: "America/New_York" })[0]).toEqual({
      kind: "day-before",
      local: "2026-06-09 18:00 -04:00",
    });
  });
});

describe("what is left out", () => {
  test("reminders already in the past at scheduling time", () => {
    const start = at("2026-06-10T19:30");
    expect(times(start, { now: at("2026-06-09T18:00") })).toEqual([{ kind: "hours-before", local: "2026-06-10 17:30 +02:00" }]);
    expect(times(start, { now: at("2026-06-10T17:30") })).toEqual([]);
  });

  test("a day-before reminder that would come after (or with) the hours-before one", () => {
    // Session at 00:30: the day before at 23:00 is only 1.5 hours before, after "2 hours before".
    expect(times(at("2026-06-10T00:30"), { settings: { dayBeforeAt: "23:00" } })).toEqual([
      { kind: "hours-before", local: "2026-06-09 22:30 +02:00" },
    ]);
    expect(times(at("2026-06-10T00:30"), { settings: { dayBeforeAt: "22:30" } })).toEqual([
      { kind: "hours-before", local: "2026-06-09 22:30 +02:00" },
    ]);
    // With 48 hours before, the day-before reminder comes after it and is dropped.
    expect(times(at("2026-06-10T19:30"), { settings: { hoursBefore: 48 } })).toEqual([
      { kind: "hours-before", local: "2026-06-08 19:30 +02:00" },
    ]);
  });

  test("a malformed day-before time gives no day-before reminder rather than a wrong one", () => {
    expect(times(at("2026-06-10T19:30"), { settings: { dayBeforeAt: "25:00", hoursBefore: null } })).toEqual([]);
    expect(dayBeforeInstant(at("2026-06-10T19:30"), zone, "7:00")).toBeNull();
  });
});
