import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  availabilityWindows,
  coveredBy,
  createAvailabilityChecker,
  fitsAvailability,
  isLocalDate,
  overlaps,
  startOfLocalDay,
  type Availability,
  type WeeklySlot,
} from "~/domain/scheduling/availability";

const AMS = "Europe/Amsterdam";
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** An instant from a local wall-clock time in a zone (test helper; ambiguous times pick the offset given). */
function at(iso: string, zone = AMS): number {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad time ${iso}`);
  return dt.toMillis();
}
const utc = (iso: string) => Date.parse(`${iso}Z`);

function volunteer(weekly: readonly WeeklySlot[], extra: Partial<Availability> = {}): Availability {
  return { timeZone: AMS, weekly, unavailableDates: [], pausedUntil: null, ...extra };
}
const shift = (startsAt: number, endsAt: number) => ({ startsAt, endsAt });

// 2026-03-24 and 2026-03-31 are Tuesdays on either side of the spring change (Sunday 2026-03-29);
// 2026-10-20 and 2026-10-27 on either side of the autumn change (Sunday 2026-10-25).
const tuesdayEvening = volunteer([{ weekday: 2, startTime: "19:00", endTime: "22:00" }]);

describe("weekly availability in the volunteer's own zone", () => {
  it("fits a shift inside the slot, including one that fills it exactly", () => {
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-24T19:30"), at("2026-11-24T21:00")))).toBe(true);
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-24T19:00"), at("2026-11-24T22:00")))).toBe(true);
  });

  it("refuses a shift that starts before or ends after the slot", () => {
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-24T18:59"), at("2026-11-24T21:00")))).toBe(false);
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-24T21:00"), at("2026-11-24T22:01")))).toBe(false);
  });

  it("refuses a shift on another weekday at the same hours", () => {
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-25T19:30"), at("2026-11-25T21:00")))).toBe(false);
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-23T19:30"), at("2026-11-23T21:00")))).toBe(false);
  });

  it("knows Sunday as ISO weekday 7", () => {
    const sunday = volunteer([{ weekday: 7, startTime: "10:00", endTime: "12:00" }]);
    expect(fitsAvailability(sunday, shift(at("2026-11-29T10:00"), at("2026-11-29T11:00")))).toBe(true);
    expect(fitsAvailability(sunday, shift(at("2026-11-30T10:00"), at("2026-11-30T11:00")))).toBe(false);
  });

  it("refuses an empty or reversed shift", () => {
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-24T20:00"), at("2026-11-24T20:00")))).toBe(false);
    expect(fitsAvailability(tuesdayEvening, shift(at("2026-11-24T21:00"), at("2026-11-24T20:00")))).toBe(false);
  });

  it("reads the availability in the volunteer's zone, not the activity's", () => {
    // 19:00-21:00 in Amsterdam is 18:00-20:00 in London: fits a London volunteer free 18:00-20:00,
    // not one free 19:00-21:00 London time.
    const s = shift(at("2026-11-24T19:00"), at("2026-11-24T21:00"));
    expect(fitsAvailability(volunteer([{ weekday: 2, startTime: "18:00", endTime: "20:00" }], { timeZone: "Europe/London" }), s)).toBe(
      true,
    );
    expect(fitsAvailability(volunteer([{ weekday: 2, startTime: "19:00", endTime: "21:00" }], { timeZone: "Europe/London" }), s)).toBe(
      false,
    );
  });

  it("uses the volunteer's local weekday when the zones put the shift on different dates", () => {
    // Tuesday 02:00-03:00 in Amsterdam is Monday 20:00-21:00 in New York (November: 6 hours apart).
    const s = shift(at("2026-11-24T02:00"), at("2026-11-24T03:00"));
    const newYorkMonday = volunteer([{ weekday: 1, startTime: "19:00", endTime: "22:00" }], { timeZone: "America/New_York" });
    const newYorkTuesday = volunteer([{ weekday: 2, startTime: "00:00", endTime: "24:00" }], { timeZone: "America/New_York" });
    expect(fitsAvailability(newYorkMonday, s)).toBe(true);
    expect(fitsAvailability(newYorkTuesday, s)).toBe(false);
  });

  it("follows the volunteer's own daylight-saving dates (New York changes three weeks before Amsterdam)", () => {
    const ny = volunteer([{ weekday: 2, startTime: "13:00", endTime: "15:00" }], { timeZone: "America/New_York" });
    // 2026-03-17: New York is already on EDT (UTC-4), Amsterdam still on CET (UTC+1): 5 hours apart.
    expect(fitsAvailability(ny, shift(at("2026-03-17T18:00"), at("2026-03-17T20:00")))).toBe(true);
    expect(fitsAvailability(ny, shift(at("2026-03-17T19:00"), at("2026-03-17T21:00")))).toBe(false);
    // 2026-03-10 was also after the US change; 2026-03-03 before it (6 hours apart).
    expect(fitsAvailability(ny, shift(at("2026-03-03T19:00"), at("2026-03-03T21:00")))).toBe(true);
    expect(fitsAvailability(ny, shift(at("2026-03-03T18:00"), at("2026-03-03T20:00")))).toBe(false);
  });
});

describe("daylight-saving weeks in Europe/Amsterdam", () => {
  it("keeps a Tuesday 19:00 slot at 19:00 local on both sides of 2026-03-29 (the UTC hour moves)", () => {
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-03-24T18:00"), utc("2026-03-24T20:00")))).toBe(true); // 19:00 CET
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-03-31T17:00"), utc("2026-03-31T19:00")))).toBe(true); // 19:00 CEST
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-03-24T17:00"), utc("2026-03-24T19:00")))).toBe(false); // 18:00 CET
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-03-31T18:30"), utc("2026-03-31T20:30")))).toBe(false); // 20:30-22:30 CEST
  });

  it("keeps a Tuesday 19:00 slot at 19:00 local on both sides of 2026-10-25", () => {
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-10-20T17:00"), utc("2026-10-20T20:00")))).toBe(true); // 19-22 CEST
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-10-27T18:00"), utc("2026-10-27T21:00")))).toBe(true); // 19-22 CET
    expect(fitsAvailability(tuesdayEvening, shift(utc("2026-10-27T17:00"), utc("2026-10-27T20:00")))).toBe(false); // 18-21 CET
  });

  it("on 2026-03-29 a night slot 01:00-04:00 lasts two real hours", () => {
    const sundayNight = volunteer([{ weekday: 7, startTime: "01:00", endTime: "04:00" }]);
    const [window] = availabilityWindows(sundayNight, "2026-03-29", "2026-03-29");
    expect(window).toEqual({ startsAt: utc("2026-03-29T00:00"), endsAt: utc("2026-03-29T02:00") });
    // 01:30 CET to 03:30 CEST is one real hour and fits.
    expect(fitsAvailability(sundayNight, shift(utc("2026-03-29T00:30"), utc("2026-03-29T01:30")))).toBe(true);
    // Three real hours from 01:00 would end at 05:00 CEST: too late.
    expect(fitsAvailability(sundayNight, shift(utc("2026-03-29T00:00"), utc("2026-03-29T03:00")))).toBe(false);
  });

  it("on 2026-03-29 a slot that starts at a time that does not exist (02:30) starts when the clock reaches 03:00", () => {
    const sunday = volunteer([{ weekday: 7, startTime: "02:30", endTime: "05:00" }]);
    const [window] = availabilityWindows(sunday, "2026-03-29", "2026-03-29");
    expect(window).toEqual({ startsAt: utc("2026-03-29T01:00"), endsAt: utc("2026-03-29T03:00") });
    expect(fitsAvailability(sunday, shift(at("2026-03-29T03:00"), at("2026-03-29T04:00")))).toBe(true);
    expect(fitsAvailability(sunday, shift(at("2026-03-29T01:45"), at("2026-03-29T04:00")))).toBe(false);
  });

  it("on 2026-03-29 a slot that ends inside the gap ends when the clock jumps", () => {
    const sunday = volunteer([{ weekday: 7, startTime: "01:00", endTime: "02:30" }]);
    expect(availabilityWindows(sunday, "2026-03-29", "2026-03-29")).toEqual([
      { startsAt: utc("2026-03-29T00:00"), endsAt: utc("2026-03-29T01:00") },
    ]);
  });

  it("on 2026-10-25 a slot 01:00-04:00 lasts four real hours, and the repeated hour counts once each time", () => {
    const sundayNight = volunteer([{ weekday: 7, startTime: "01:00", endTime: "04:00" }]);
    const [window] = availabilityWindows(sundayNight, "2026-10-25", "2026-10-25");
    expect(window).toEqual({ startsAt: utc("2026-10-24T23:00"), endsAt: utc("2026-10-25T03:00") });
    // 02:15 CEST to 02:45 CET (the second pass) is 90 minutes, all inside the slot.
    expect(fitsAvailability(sundayNight, shift(utc("2026-10-25T00:15"), utc("2026-10-25T01:45")))).toBe(true);
  });

  it("on 2026-10-25 a slot ending at the repeated 02:30 ends at its second occurrence", () => {
    const sunday = volunteer([{ weekday: 7, startTime: "01:00", endTime: "02:30" }]);
    expect(availabilityWindows(sunday, "2026-10-25", "2026-10-25")).toEqual([
      { startsAt: utc("2026-10-24T23:00"), endsAt: utc("2026-10-25T01:30") },
    ]);
    // 02:10-02:20 on the second pass (CET) fits; 02:40 CET does not.
    expect(fitsAvailability(sunday, shift(utc("2026-10-25T01:10"), utc("2026-10-25T01:20")))).toBe(true);
    expect(fitsAvailability(sunday, shift(utc("2026-10-25T01:10"), utc("2026-10-25T01:40")))).toBe(false);
  });

  it("on 2026-10-25 a slot starting at the repeated 02:30 starts at its first occurrence", () => {
    const sunday = volunteer([{ weekday: 7, startTime: "02:30", endTime: "04:00" }]);
    expect(availabilityWindows(sunday, "2026-10-25", "2026-10-25")).toEqual([
      { startsAt: utc("2026-10-25T00:30"), endsAt: utc("2026-10-25T03:00") },
    ]);
  });

  it("a whole free day is 23 hours on 2026-03-29 and 25 hours on 2026-10-25", () => {
    const anyTime = volunteer([]);
    const [spring] = availabilityWindows(anyTime, "2026-03-29", "2026-03-29");
    const [autumn] = availabilityWindows(anyTime, "2026-10-25", "2026-10-25");
    expect(spring!.endsAt - spring!.startsAt).toBe(23 * HOUR);
    expect(autumn!.endsAt - autumn!.startsAt).toBe(25 * HOUR);
  });
});

describe("windows across midnight, merging and ends of day", () => {
  const lateMonday = { weekday: 1, startTime: "20:00", endTime: "24:00" };
  const earlyTuesday = { weekday: 2, startTime: "00:00", endTime: "02:00" };

  it("joins Monday until 24:00 and Tuesday from 00:00 into one window", () => {
    const both = volunteer([lateMonday, earlyTuesday]);
    expect(availabilityWindows(both, "2026-11-23", "2026-11-24")).toEqual([
      { startsAt: at("2026-11-23T20:00"), endsAt: at("2026-11-24T02:00") },
    ]);
    expect(fitsAvailability(both, shift(at("2026-11-23T23:00"), at("2026-11-24T01:00")))).toBe(true);
  });

  it("a shift across midnight needs both days", () => {
    expect(fitsAvailability(volunteer([lateMonday]), shift(at("2026-11-23T23:00"), at("2026-11-24T01:00")))).toBe(false);
    expect(fitsAvailability(volunteer([earlyTuesday]), shift(at("2026-11-23T23:00"), at("2026-11-24T01:00")))).toBe(false);
  });

  it("a slot until 24:00 holds a shift that ends exactly at midnight", () => {
    expect(fitsAvailability(volunteer([lateMonday]), shift(at("2026-11-23T22:00"), at("2026-11-24T00:00")))).toBe(true);
  });

  it("joins touching and overlapping slots on the same day", () => {
    const split = volunteer([
      { weekday: 3, startTime: "09:00", endTime: "12:00" },
      { weekday: 3, startTime: "12:00", endTime: "14:00" },
      { weekday: 3, startTime: "13:00", endTime: "15:00" },
    ]);
    expect(availabilityWindows(split, "2026-11-25", "2026-11-25")).toEqual([
      { startsAt: at("2026-11-25T09:00"), endsAt: at("2026-11-25T15:00") },
    ]);
    expect(fitsAvailability(split, shift(at("2026-11-25T11:00"), at("2026-11-25T14:30")))).toBe(true);
  });

  it("keeps a gap between two slots: a shift over the gap does not fit", () => {
    const gap = volunteer([
      { weekday: 3, startTime: "09:00", endTime: "12:00" },
      { weekday: 3, startTime: "13:00", endTime: "17:00" },
    ]);
    expect(availabilityWindows(gap, "2026-11-25", "2026-11-25")).toHaveLength(2);
    expect(fitsAvailability(gap, shift(at("2026-11-25T11:00"), at("2026-11-25T14:00")))).toBe(false);
    expect(fitsAvailability(gap, shift(at("2026-11-25T13:00"), at("2026-11-25T14:00")))).toBe(true);
  });

  it("ignores slots that cannot be read (reversed, empty or malformed times)", () => {
    const broken = volunteer([
      { weekday: 2, startTime: "22:00", endTime: "19:00" },
      { weekday: 2, startTime: "10:00", endTime: "10:00" },
      { weekday: 2, startTime: "7:00", endTime: "9:00" },
      { weekday: 2, startTime: "24:00", endTime: "24:00" },
    ]);
    expect(availabilityWindows(broken, "2026-11-24", "2026-11-24")).toEqual([]);
  });
});

describe("exceptions: unavailable dates and a pause", () => {
  it("an unavailable date removes that day's slot only", () => {
    const away = volunteer(tuesdayEvening.weekly, { unavailableDates: ["2026-11-24"] });
    expect(fitsAvailability(away, shift(at("2026-11-24T19:30"), at("2026-11-24T21:00")))).toBe(false);
    expect(fitsAvailability(away, shift(at("2026-12-01T19:30"), at("2026-12-01T21:00")))).toBe(true);
  });

  it("an unavailable date breaks a window across midnight", () => {
    const away = volunteer(
      [
        { weekday: 1, startTime: "20:00", endTime: "24:00" },
        { weekday: 2, startTime: "00:00", endTime: "02:00" },
      ],
      { unavailableDates: ["2026-11-24"] },
    );
    expect(fitsAvailability(away, shift(at("2026-11-23T23:00"), at("2026-11-24T01:00")))).toBe(false);
    expect(fitsAvailability(away, shift(at("2026-11-23T22:00"), at("2026-11-24T00:00")))).toBe(true);
  });

  it("unavailable dates are local dates in the volunteer's zone", () => {
    // Wednesday 00:30 in Amsterdam is still Tuesday 2026-11-24 in London.
    const london = volunteer([{ weekday: 2, startTime: "22:00", endTime: "24:00" }], {
      timeZone: "Europe/London",
      unavailableDates: ["2026-11-25"],
    });
    expect(fitsAvailability(london, shift(at("2026-11-25T00:00"), at("2026-11-25T00:45")))).toBe(true);
    const londonAway = { ...london, unavailableDates: ["2026-11-24"] };
    expect(fitsAvailability(londonAway, shift(at("2026-11-25T00:00"), at("2026-11-25T00:45")))).toBe(false);
  });

  it("a pause covers every date up to and including its last day", () => {
    const paused = volunteer(tuesdayEvening.weekly, { pausedUntil: "2026-12-01" });
    expect(fitsAvailability(paused, shift(at("2026-11-24T19:30"), at("2026-11-24T21:00")))).toBe(false);
    expect(fitsAvailability(paused, shift(at("2026-12-01T19:30"), at("2026-12-01T21:00")))).toBe(false);
    expect(fitsAvailability(paused, shift(at("2026-12-08T19:30"), at("2026-12-08T21:00")))).toBe(true);
  });

  it("with no weekly slots every time fits, except unavailable and paused dates", () => {
    const anyTime = volunteer([], { unavailableDates: ["2026-11-26"], pausedUntil: "2026-11-20" });
    expect(fitsAvailability(anyTime, shift(at("2026-11-25T03:00"), at("2026-11-25T23:00")))).toBe(true);
    expect(fitsAvailability(anyTime, shift(at("2026-11-25T22:00"), at("2026-11-26T01:00")))).toBe(false);
    expect(fitsAvailability(anyTime, shift(at("2026-11-19T10:00"), at("2026-11-19T11:00")))).toBe(false);
    // Consecutive free days form one window, so a shift over midnight fits.
    expect(fitsAvailability(anyTime, shift(at("2026-11-24T22:00"), at("2026-11-25T02:00")))).toBe(true);
  });
});

describe("helpers", () => {
  it("coveredBy finds the only window that can hold an interval", () => {
    const windows = [
      { startsAt: 0, endsAt: 10 },
      { startsAt: 20, endsAt: 30 },
      { startsAt: 40, endsAt: 50 },
    ];
    expect(coveredBy(windows, { startsAt: 20, endsAt: 30 })).toBe(true);
    expect(coveredBy(windows, { startsAt: 41, endsAt: 49 })).toBe(true);
    expect(coveredBy(windows, { startsAt: 5, endsAt: 21 })).toBe(false);
    expect(coveredBy(windows, { startsAt: 15, endsAt: 18 })).toBe(false);
    expect(coveredBy(windows, { startsAt: -5, endsAt: 2 })).toBe(false);
    expect(coveredBy(windows, { startsAt: 45, endsAt: 55 })).toBe(false);
    expect(coveredBy([], { startsAt: 1, endsAt: 2 })).toBe(false);
  });

  it("overlaps treats intervals as half-open: back-to-back does not clash", () => {
    expect(overlaps({ startsAt: 0, endsAt: 10 }, { startsAt: 10, endsAt: 20 })).toBe(false);
    expect(overlaps({ startsAt: 0, endsAt: 10 }, { startsAt: 9, endsAt: 20 })).toBe(true);
    expect(overlaps({ startsAt: 5, endsAt: 6 }, { startsAt: 0, endsAt: 20 })).toBe(true);
  });

  it("startOfLocalDay gives local midnight, or the first instant of a day that skips midnight", () => {
    expect(startOfLocalDay("2026-03-29", AMS)).toBe(utc("2026-03-28T23:00"));
    expect(startOfLocalDay("2026-03-30", AMS)).toBe(utc("2026-03-29T22:00"));
    expect(startOfLocalDay("2026-10-25", AMS)).toBe(utc("2026-10-24T22:00"));
    expect(startOfLocalDay("2026-10-26", AMS)).toBe(utc("2026-10-25T23:00"));
    // Havana moves its clocks from 00:00 to 01:00 on 2026-03-08: the day begins at 01:00 (UTC-4).
    expect(startOfLocalDay("2026-03-08", "America/Havana")).toBe(utc("2026-03-08T05:00"));
  });

  it("isLocalDate accepts real calendar dates only", () => {
    expect(isLocalDate("2026-02-28")).toBe(true);
    expect(isLocalDate("2028-02-29")).toBe(true);
    expect(isLocalDate("2026-02-30")).toBe(false);
    expect(isLocalDate("2026-2-3")).toBe(false);
    expect(isLocalDate("gisteren")).toBe(false);
  });

  it("windows span the requested dates only", () => {
    const windows = availabilityWindows(tuesdayEvening, "2026-11-01", "2026-11-30");
    expect(windows).toHaveLength(4);
    expect(windows.every((w) => w.endsAt - w.startsAt === 3 * HOUR)).toBe(true);
    expect(windows[0]!.startsAt).toBe(at("2026-11-03T19:00"));
    expect(windows[3]!.startsAt + 30 * MINUTE).toBe(at("2026-11-24T19:30"));
  });
});

describe("createAvailabilityChecker", () => {
  it("agrees with windows worked out in one go, for every half hour of both DST weeks and many lengths", () => {
    const weekly: WeeklySlot[] = [
      { weekday: 6, startTime: "22:00", endTime: "24:00" },
      { weekday: 7, startTime: "00:00", endTime: "03:00" },
      { weekday: 7, startTime: "02:30", endTime: "04:00" },
      { weekday: 1, startTime: "09:00", endTime: "12:00" },
      { weekday: 1, startTime: "12:00", endTime: "13:30" },
      { weekday: 2, startTime: "19:00", endTime: "22:00" },
    ];
    for (const [weekStart, zone] of [
      ["2026-03-26", "Europe/Amsterdam"],
      ["2026-10-22", "Europe/Amsterdam"],
      ["2026-03-05", "America/New_York"],
    ] as const) {
      const availability = volunteer(weekly, {
        timeZone: zone,
        unavailableDates: [DateTime.fromISO(weekStart).plus({ days: 5 }).toISODate()!],
      });
      const check = createAvailabilityChecker(availability);
      const first = at(`${weekStart}T00:00`, zone);
      const all = availabilityWindows(
        availability,
        DateTime.fromISO(weekStart).minus({ days: 1 }).toISODate()!,
        DateTime.fromISO(weekStart).plus({ days: 8 }).toISODate()!,
      );
      let fits = 0;
      for (let start = first; start < first + 6 * 24 * HOUR; start += 30 * MINUTE) {
        for (const minutes of [30, 60, 90, 150, 240, 330]) {
          const interval = { startsAt: start, endsAt: start + minutes * MINUTE };
          const expected = coveredBy(all, interval);
          expect(check(interval), `${zone} ${new Date(start).toISOString()} +${minutes}m`).toBe(expected);
          if (expected) fits++;
        }
      }
      expect(fits).toBeGreaterThan(20);
    }
  });
});
