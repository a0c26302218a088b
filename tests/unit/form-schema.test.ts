import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf, fieldName, isCalendarDate, isExistingDate, isTimeOfDay, optionalText } from "~/domain/forms";

describe("isTimeOfDay", () => {
  it("takes HH:MM from 00:00 to 23:59, whatever the day (no daylight saving involved)", () => {
    for (const t of ["00:00", "02:30", "09:05", "12:00", "23:59"]) expect(isTimeOfDay(t), t).toBe(true);
  });

  it("refuses 24:00 and anything that is not HH:MM", () => {
    for (const t of ["24:00", "23:60", "9:05", "09:5", "09.05", "09:05:00", " 09:05", "", "ab:cd"]) expect(isTimeOfDay(t), t).toBe(false);
  });
});

describe("isCalendarDate", () => {
  it("takes dates that exist", () => {
    for (const d of ["2026-01-01", "2026-12-31", "2028-02-29", "1900-01-01", "2200-12-31"]) expect(isCalendarDate(d), d).toBe(true);
  });

  it("refuses dates that do not exist, other shapes and years out of range", () => {
    for (const d of [
      "2026-02-30",
      "2026-02-29",
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "26-01-01",
      "2026-1-1",
      "2026/01/01",
      "1899-12-31",
      "2201-01-01",
      "",
    ]) {
      expect(isCalendarDate(d), d).toBe(false);
    }
  });

  it("isExistingDate has no year range", () => {
    expect(isExistingDate("1850-06-01")).toBe(true);
    expect(isExistingDate("2026-02-30")).toBe(false);
  });
});

describe("optionalText", () => {
  const schema = optionalText(5, "tooLong");
  it("trims, may be left out, and has a maximum length", () => {
    expect(schema.parse(undefined)).toBeUndefined();
    expect(schema.parse("  abc  ")).toBe("abc");
    expect(schema.safeParse("abcdef").error?.issues[0]?.message).toBe("tooLong");
  });
});

describe("fieldErrorsOf", () => {
  it("keys messages by Conform's field names, and 'form' for the whole form", () => {
    const schema = z.object({ name: z.string().min(1, "required"), rows: z.array(z.object({ at: z.string().regex(/^\d+$/, "number") })) });
    const result = schema.safeParse({ name: "", rows: [{ at: "1" }, { at: "x" }] });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual({ name: ["required"], "rows[1].at": ["number"] });
    expect(fieldName([])).toBe("form");
    expect(fieldErrorsOf({ issues: [{ path: [], message: "whole" }] })).toEqual({ form: ["whole"] });
  });
});
