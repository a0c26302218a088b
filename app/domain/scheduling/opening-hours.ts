import { DateTime } from "luxon";

// Opening hours of a facility are weekly wall-clock ranges ("Tuesday 09:00-12:00") in the
// municipality's zone (HSDS schedule: byday + opens_at/closes_at). Pure functions, no I/O.

export interface OpeningRange {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:mm", local. */
  opensAt: string;
  /** "HH:mm", local, after opensAt (a range never crosses midnight). */
  closesAt: string;
}

/** The local weekday and "HH:mm" of an instant in a zone: what "open now" compares against. */
export function localWeekdayAndTime(epochMs: number, zone: string): { weekday: number; time: string } {
  const dt = DateTime.fromMillis(epochMs, { zone });
  return { weekday: dt.weekday, time: dt.toFormat("HH:mm") };
}

/** Whether a range covers a local weekday and time: opening time included, closing time not. */
export function rangeCovers(range: OpeningRange, weekday: number, time: string): boolean {
  return range.weekday === weekday && range.opensAt <= time && time < range.closesAt;
}

/** Open at this instant, judged by the local clock of `zone` (so DST changes move the instant, not the hours). */
export function isOpenAt(ranges: readonly OpeningRange[], epochMs: number, zone: string): boolean {
  const { weekday, time } = localWeekdayAndTime(epochMs, zone);
  return ranges.some((r) => rangeCovers(r, weekday, time));
}

/** Pairs of indexes whose ranges overlap on the same weekday (touching, 12:00-12:00, is fine). */
export function overlappingRanges(ranges: readonly OpeningRange[]): [number, number][] {
  const pairs: [number, number][] = [];
  ranges.forEach((a, i) => {
    ranges.forEach((b, j) => {
      if (j > i && a.weekday === b.weekday && a.opensAt < b.closesAt && b.opensAt < a.closesAt) pairs.push([i, j]);
    });
  });
  return pairs;
}

/** The ranges grouped by weekday (1-7), each day sorted by opening time; days without ranges are empty. */
export function hoursByWeekday(ranges: readonly OpeningRange[]): { weekday: number; ranges: OpeningRange[] }[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    ranges: ranges.filter((r) => r.weekday === weekday).sort((a, b) => a.opensAt.localeCompare(b.opensAt)),
  }));
}

export type OpeningState =
  { open: true; closesAt: string } | { open: false; next: { weekday: number; opensAt: string; today: boolean } | null };

/** Open now (and until when), or when it opens next within a week; null when it has no hours. */
export function openingState(ranges: readonly OpeningRange[], epochMs: number, zone: string): OpeningState {
  const { weekday, time } = localWeekdayAndTime(epochMs, zone);
  const current = ranges.find((r) => rangeCovers(r, weekday, time));
  if (current) return { open: true, closesAt: current.closesAt };
  for (let offset = 0; offset < 8; offset++) {
    const day = ((weekday - 1 + offset) % 7) + 1;
    const later = ranges
      .filter((r) => r.weekday === day && (offset > 0 || r.opensAt > time))
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt))[0];
    if (later) return { open: false, next: { weekday: day, opensAt: later.opensAt, today: offset === 0 } };
  }
  return { open: false, next: null };
}
