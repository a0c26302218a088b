import { DateTime } from "luxon";

// The only module besides scheduling/ that imports luxon: the rest of the app gets strings.

/** "28 november 2026 14:05" in the given zone and language. */
export function formatDateTime(epochMs: number, zone: string, locale: string): string {
  return DateTime.fromMillis(epochMs, { zone }).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** "di 1 dec. 2026, 19:00 – 21:00" (or both dates when the range crosses midnight). */
export function formatTimeRange(startMs: number, endMs: number, zone: string, locale: string): string {
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
