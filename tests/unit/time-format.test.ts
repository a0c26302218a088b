import { describe, expect, test } from "vitest";
import { formatTimeRange, formatTimeRangeWithLuxon } from "~/domain/time";

// formatTimeRange runs once per row of a list, so it keeps Intl formatters per zone and language
// instead of making luxon DateTimes (decision 046). Its text must stay exactly luxon's.

const utc = (iso: string) => Date.parse(`${iso}Z`);

describe("formatTimeRange", () => {
  test("writes what luxon wrote, in both languages, across DST changes, midnight and in zones with half-hour offsets", () => {
    const zones = ["Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"];
    const lengths = [0, 90 * 60_000, 5 * 3_600_000, 26 * 3_600_000];
    let compared = 0;
    for (const zone of zones)
      for (const locale of ["nl", "en"])
        for (let ms = utc("2026-01-01T00:00"); ms < utc("2027-01-01T00:00"); ms += 4_003 * 60_000)
          for (const length of lengths) {
            expect(formatTimeRange(ms, ms + length, zone, locale)).toBe(formatTimeRangeWithLuxon(ms, ms + length, zone, locale));
            compared++;
          }
    expect(compared).toBeGreaterThan(5_000);
  });

  test("the same day once, both dates when the range crosses local midnight", () => {
    expect(formatTimeRange(utc("2026-12-01T18:00"), utc("2026-12-01T20:00"), "Europe/Amsterdam", "nl")).toBe(
      "di 1 dec 2026, 19:00 – 21:00",
    );
    expect(formatTimeRange(utc("2026-12-01T22:00"), utc("2026-12-01T23:30"), "Europe/Amsterdam", "nl")).toBe(
      "di 1 dec 2026, 23:00 – 2 dec 00:30",
    );
    // The same instants in London do not cross midnight there.
    expect(formatTimeRange(utc("2026-12-01T22:00"), utc("2026-12-01T23:30"), "Europe/London", "en")).toBe(
      formatTimeRangeWithLuxon(utc("2026-12-01T22:00"), utc("2026-12-01T23:30"), "Europe/London", "en"),
    );
  });

  test("a zone Intl does not know gets luxon's answer", () => {
    expect(formatTimeRange(0, 3_600_000, "Not/AZone", "nl")).toBe(formatTimeRangeWithLuxon(0, 3_600_000, "Not/AZone", "nl"));
  });
});
