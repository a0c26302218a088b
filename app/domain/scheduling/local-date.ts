import { intlLocale } from "~/locales/intl";

/**
 * A local calendar date ("2026-12-31") for display: "31 december 2026". The date has no time or
 * zone, so it is formatted as the same day in UTC. Call it on the server (in loaders), so the
 * browser never formats it differently from the server.
 */
export function formatLocalDate(date: string, locale: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
