import { DateTime } from "luxon";
import { wallClockOf } from "./scheduling/local-time";

// The only module besides scheduling/ that imports luxon: the rest of the app gets strings.

/** "28 november 2026 14:05" in the given zone and language. */
export function formatDateTime(epochMs: number, zone: string, locale: string): string {
  return DateTime.fromMillis(epochMs, { zone }).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/**
 * "di 1 dec. 2026, 19:00 – 21:00" (or both dates when the range crosses midnight). Lists format one
 * range per row, so this uses `Intl.DateTimeFormat`s made once per zone and language (~20 µs a
 * range) rather than luxon (~250 µs: it builds its formatters again for each DateTime); the text is
 * the same as luxon's (tests/unit/time-format.test.ts). Anything the cached formatters cannot do
 * (an unknown zone, a year outside 1000–9999) goes the luxon way.
 */
export function formatTimeRange(startMs: number, endMs: number, zone: string, locale: string): string {
  const start = wallClockOf(startMs, zone);
  const end = wallClockOf(endMs, zone);
  const day = start && end && formatter(locale, zone, "day");
  const dayMonth = day && formatter(locale, zone, "dayMonth");
  if (!start || !end || !day || !dayMonth) return formatTimeRangeWithLuxon(startMs, endMs, zone, locale);
  const sameDay = start.date === end.date;
  return `${day.format(startMs)}, ${start.time} – ${sameDay ? end.time : `${dayMonth.format(endMs)} ${end.time}`}`;
}

const formatOptions = {
  day: { weekday: "short", day: "numeric", month: "short", year: "numeric" },
  dayMonth: { day: "numeric", month: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formatters by language, zone and kind; null where Intl refuses the zone or language. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(locale: string, zone: string, kind: keyof typeof formatOptions): Intl.DateTimeFormat | null {
  const key = `${kind}|${zone}|${locale}`;
  let made = formatters.get(key);
  if (made === undefined) {
    try {
      made = new Intl.DateTimeFormat(locale, { ...formatOptions[kind], timeZone: zone });
    } catch {
      made = null;
    }
    // Zones and languages are few; the bound only keeps odd input from growing the map without end.
    if (formatters.size >= 1_000) formatters.clear();
    formatters.set(key, made);
  }
  return made;
}

/** The same text through luxon: the fallback, and what the tests compare the fast way with. */
export function formatTimeRangeWithLuxon(startMs: number, endMs: number, zone: string, locale: string): string {
  const start = DateTime.fromMillis(startMs, { zone }).setLocale(locale);
  const end = DateTime.fromMillis(endMs, { zone }).setLocale(locale);
  const day = start.toLocaleString({ weekday: "short", day: "numeric", month: "short", year: "numeric" });
  const sameDay = start.hasSame(end, "day");
  return `${day}, ${start.toFormat("HH:mm")} – ${sameDay ? end.toFormat("HH:mm") : `${end.toLocaleString({ day: "numeric", month: "short" })} ${end.toFormat("HH:mm")}`}`;
}

/** An instant as ISO 8601 with the zone's offset at that moment: "2026-11-28T10:00:00+01:00". */
export function isoInZone(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(epochMs).toISOString();
}

/** An ISO 8601 instant with offset (as `isoInZone` writes it) for people, in the offset it carries. */
export function formatIsoDateTime(iso: string, locale: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}
