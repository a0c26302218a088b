import { DateTime } from "luxon";

// When the weekly digest is due: Monday 08:00 on the person's own wall clock. Pure (no clock, no
// I/O): the maintenance tick passes "now" and the person's zone.

export const DIGEST_WEEKDAY = 1; // ISO Monday
export const DIGEST_HOUR = 8;

export interface DigestSlot {
  /** The instant of Monday 08:00 local that starts this digest week. */
  at: number;
  /** ISO week of that Monday, e.g. "2026-W14": one digest per person per week. */
  week: string;
}

function slotOf(monday: DateTime): DigestSlot {
  // 08:00 exists on every Monday in every zone we know; if a zone ever skipped it, luxon moves it
  // forward to the first existing time, which is still the right morning.
  const at = monday.set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
  return { at: at.toMillis(), week: at.toISOWeekDate()!.slice(0, 8) };
}

/** The latest Monday 08:00 (local, in `zone`) at or before `now`. */
export function latestDigestSlot(now: number, zone: string): DigestSlot {
  const local = DateTime.fromMillis(now, { zone });
  const monday = local.minus({ days: (local.weekday - DIGEST_WEEKDAY + 7) % 7 }).startOf("day");
  const slot = slotOf(monday);
  return slot.at <= now ? slot : slotOf(monday.minus({ weeks: 1 }));
}

/** The first Monday 08:00 (local) strictly after `now`. */
export function nextDigestSlot(now: number, zone: string): DigestSlot {
  const latest = DateTime.fromMillis(latestDigestSlot(now, zone).at, { zone });
  return slotOf(latest.plus({ weeks: 1 }).startOf("day"));
}
