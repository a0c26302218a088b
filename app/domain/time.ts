import { DateTime } from "luxon";

// The only module besides scheduling/ that imports luxon: the rest of the app gets strings.

/** "28 november 2026 14:05" in the given zone and language. */
export function formatDateTime(epochMs: number, zone: string, locale: string): string {
  return DateTime.fromMillis(epochMs, { zone }).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
