import { describe, expect, test } from "vitest";
import { zoneFacts } from "~/domain/help/matching/prefilter";
import { availabilityWindows, type Interval } from "~/domain/scheduling/availability";
import { addDays, localDateOf, weekdayOf } from "~/domain/scheduling/local-time";

const ZONES = ["Europe/Amsterdam", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
const TIMES = [
  "00:00",
  "00:30",
  "01:00",
  "01:59",
  "02:00",
  "02:30",
  "02:45",
  "03:00",
  "03:30",
  "13:00",
  "14:00",
  "17:00",
  "23:30",
  "24:00",
];

/** Whether the slot gives any of the window's time on the dates the scorer walks (as the scorer does). */
function slotGivesTime(zone: string, window: Interval, slot: { weekday: number; startTime: string; endTime: string }) {
  const to = localDateOf(window.endsAt - 1, zone);
  for (let date = localDateOf(window.startsAt, zone); date <= to; date = addDays(date, 1)) {
    if (weekdayOf(date) !== slot.weekday) continue;
    const free = availabilityWindows({ timeZone: zone, weekly: [slot], unavailableDates: [], pausedUntil: null }, date, date);
    if (free.some((f) => Math.min(f.endsAt, window.endsAt) > Math.max(f.startsAt, window.startsAt))) return true;
  }
  return false;
}

describe("zoneFacts (the SQL pre-filter's bounds)", () => {
  test("a slot the bounds rule out never gives wanted time, also across daylight-saving changes", () => {
    let seed = 41;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    // Windows starting every 30 minutes over the nights of the changes in Europe (29 March, 25 October
    // 2026), the USA (8 March, 1 November) and Lord Howe Island (5 April, 4 October).
    const nights = [Date.UTC(2026, 2, 28, 22), Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 2, 8, 4), Date.UTC(2026, 10, 1, 4)];
    nights.push(Date.UTC(2026, 3, 4, 12), Date.UTC(2026, 9, 3, 13));
    let ruledOut = 0;
    for (const night of nights) {
      for (let q = 0; q < 16; q++) {
        const startsAt = night + q * 30 * 60_000;
        const window = { startsAt, endsAt: startsAt + (1 + Math.floor(random() * 12)) * 15 * 60_000 };
        for (const zone of ZONES) {
          const { days } = zoneFacts([window], zone);
          for (let s = 0; s < 12; s++) {
            const a = TIMES[Math.floor(random() * TIMES.length)]!;
            const b = TIMES[Math.floor(random() * TIMES.length)]!;
            if (a >= b) continue;
            const slot = { weekday: 1 + Math.floor(random() * 7), startTime: a, endTime: b };
            const mayOverlap = days.some((d) => d.weekday === slot.weekday && slot.startTime < d.until && slot.endTime > d.from);
            if (!mayOverlap) {
              ruledOut += 1;
              expect(slotGivesTime(zone, window, slot), `${zone} ${JSON.stringify(window)} ${JSON.stringify(slot)}`).toBe(false);
            }
          }
        }
      }
    }
    expect(ruledOut).toBeGreaterThan(500);
  });

  test("drops the bound next to the night the clocks go back, where wall-clock times repeat", () => {
    // 02:45 summer time (the first pass) on 25 October 2026 until 04:00: 00:00-02:30 ends at the
    // second 02:30, after the window started.
    const window = { startsAt: Date.UTC(2026, 9, 25, 0, 45), endsAt: Date.UTC(2026, 9, 25, 3) };
    const slot = { weekday: 7, startTime: "00:00", endTime: "02:30" };
    expect(slotGivesTime("Europe/Amsterdam", window, slot)).toBe(true);
    expect(zoneFacts([window], "Europe/Amsterdam").days).toEqual([{ weekday: 7, from: "", until: "~" }]);
  });

  test("on an ordinary day the bounds are the window's wall-clock times, a minute late at the end", () => {
    const window = { startsAt: Date.UTC(2026, 11, 1, 13), endsAt: Date.UTC(2026, 11, 1, 16) };
    expect(zoneFacts([window], "Europe/Amsterdam")).toEqual({ last: "2026-12-01", days: [{ weekday: 2, from: "14:00", until: "17:01" }] });
    expect(zoneFacts([window], "Asia/Kolkata")).toEqual({ last: "2026-12-01", days: [{ weekday: 2, from: "18:30", until: "21:31" }] });
    // A window past midnight touches two dates; no windows: no dates, and the scorer's "no last day".
    const late = { startsAt: Date.UTC(2026, 11, 1, 21), endsAt: Date.UTC(2026, 11, 2, 1) };
    expect(zoneFacts([late], "Europe/Amsterdam").days).toEqual([
      { weekday: 2, from: "22:00", until: "~" },
      { weekday: 3, from: "", until: "02:01" },
    ]);
    expect(zoneFacts([], "Europe/Amsterdam")).toEqual({ last: "0000-01-01", days: [] });
  });
});
