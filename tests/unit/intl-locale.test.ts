import { describe, expect, test } from "vitest";
import { intlLocale } from "~/locales/intl";

describe("intlLocale", () => {
  test("maps each language to the locale Intl formats with; anything else is Dutch", () => {
    expect(intlLocale("nl")).toBe("nl-NL");
    expect(intlLocale("en")).toBe("en-GB");
    expect(intlLocale("de")).toBe("nl-NL");
    expect(new Intl.DateTimeFormat(intlLocale("en"), { dateStyle: "long", timeZone: "UTC" }).format(Date.UTC(2026, 2, 29))).toBe(
      "29 March 2026",
    );
    expect(new Intl.DateTimeFormat(intlLocale("nl"), { dateStyle: "long", timeZone: "UTC" }).format(Date.UTC(2026, 2, 29))).toBe(
      "29 maart 2026",
    );
  });
});
