import type { Interval } from "../../scheduling/availability";
import { addDays, instantToLocal, localDateOf, weekdayOf, type LocalDate } from "../../scheduling/local-time";
import { HOUR } from "./score";

/**
 * What SQL needs to apply the zone-dependent hard rules before any facts are loaded (decision 041).
 * Pure: no clock, no I/O.
 *
 * For one zone and the request's wanted windows:
 * - `last`: the last wanted day as a local date in that zone, exactly as the scorer works it out
 *   (the VOG and pause rules compare dates with it);
 * - `days`: every local date a window touches in that zone (the same dates the scorer walks), with
 *   its ISO weekday and the wall-clock bounds `from`/`until` a weekly slot on that weekday must cross
 *   to give any of the window's time: a slot can only overlap when `startTime < until` and
 *   `endTime > from` (plain "HH:mm" string comparison; "24:00" ends the day).
 *
 * The bounds never rule out a slot the scorer would count, so a volunteer none of whose slots pass
 * is certainly excluded by "no-availability". They are not tight: `until` is one minute late, and
 * near a daylight-saving change (an end of the window within 3 hours of one) the bound is dropped
 * for that date, because wall-clock times repeat when the clocks go back. A slot that passes is
 * only "maybe": the scorer decides with unavailable dates, pause days and commitments.
 */
export interface WantedDay {
  weekday: number;
  from: string;
  until: string;
}

export interface ZoneFacts {
  last: LocalDate;
  days: WantedDay[];
}

/** Sorts before and after every "HH:mm" string. */
const BEFORE_ANY = "";
const AFTER_ANY = "~";
/** Farther than any daylight-saving shift (the largest, Antarctica/Troll, is 2 hours). */
const STEADY_MARGIN = 3 * HOUR;

/** The zone's UTC offset at an instant, in milliseconds (from its wall clock to the minute). */
function offsetAt(epochMs: number, zone: string): number {
  const { date, time } = instantToLocal(epochMs, zone);
  return Date.parse(`${date}T${time}:00Z`) - Math.floor(epochMs / 60_000) * 60_000;
}

/** No offset change within the margin around the instant, so wall-clock order is time order there. */
function steadyAround(epochMs: number, zone: string): boolean {
  return offsetAt(epochMs - STEADY_MARGIN, zone) === offsetAt(epochMs + STEADY_MARGIN, zone);
}

function oneMinuteAfter(time: string): string {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + 1;
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Whether luxon knows the zone (the scorer cannot work with one it does not). */
export function isKnownZone(zone: string): boolean {
  return typeof localDateOf(0, zone) === "string";
}

export function zoneFacts(windows: readonly Interval[], zone: string): ZoneFacts {
  const lastEnd = windows.reduce((max, w) => Math.max(max, w.endsAt), 0);
  const last = lastEnd > 0 ? localDateOf(lastEnd - 1, zone) : "0000-01-01";
  const days: WantedDay[] = [];
  for (const w of windows) {
    if (w.endsAt <= w.startsAt) continue; // no time wanted, nothing to overlap
    const first = localDateOf(w.startsAt, zone);
    const to = localDateOf(w.endsAt - 1, zone);
    const endDate = localDateOf(w.endsAt, zone);
    const from = steadyAround(w.startsAt, zone) ? instantToLocal(w.startsAt, zone).time : BEFORE_ANY;
    const until = steadyAround(w.endsAt, zone) ? oneMinuteAfter(instantToLocal(w.endsAt, zone).time) : AFTER_ANY;
    for (let date = first; date <= to; date = addDays(date, 1)) {
      days.push({ weekday: weekdayOf(date), from: date === first ? from : BEFORE_ANY, until: date === endDate ? until : AFTER_ANY });
    }
  }
  return { last, days };
}
