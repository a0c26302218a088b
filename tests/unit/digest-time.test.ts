import { describe, expect, test } from "vitest";
import { latestDigestSlot, nextDigestSlot } from "~/domain/scheduling/digest-time";

// The weekly digest is due on Monday 08:00 on the person's own wall clock, also in the weeks of a
// daylight-saving change (Europe/Amsterdam: 2026-03-29 and 2026-10-25, both Sundays).

const AMS = "Europe/Amsterdam";
const utc = (iso: string) => Date.parse(iso);

describe("latestDigestSlot", () => {
  test("Monday 08:00 local in winter is 07:00 UTC; a minute before, it is still last week's", () => {
    expect(latestDigestSlot(utc("2026-11-30T07:00:00Z"), AMS)).toEqual({ at: utc("2026-11-30T07:00:00Z"), week: "2026-W49" });
    expect(latestDigestSlot(utc("2026-11-30T06:59:00Z"), AMS)).toEqual({ at: utc("2026-11-23T07:00:00Z"), week: "2026-W48" });
  });

  test("any moment in the week maps to that week's Monday, Sunday night included", () => {
    expect(latestDigestSlot(utc("2026-12-03T15:00:00Z"), AMS).at).toBe(utc("2026-11-30T07:00:00Z"));
    expect(latestDigestSlot(utc("2026-12-06T22:59:00Z"), AMS).at).toBe(utc("2026-11-30T07:00:00Z"));
  });

  test("the Monday after the spring change is 08:00 summer time (06:00 UTC)", () => {
    expect(latestDigestSlot(utc("2026-03-30T06:00:00Z"), AMS)).toEqual({ at: utc("2026-03-30T06:00:00Z"), week: "2026-W14" });
    expect(latestDigestSlot(utc("2026-03-30T05:59:00Z"), AMS)).toEqual({ at: utc("2026-03-23T07:00:00Z"), week: "2026-W13" });
  });

  test("the Monday after the autumn change is 08:00 winter time (07:00 UTC)", () => {
    expect(latestDigestSlot(utc("2026-10-26T07:00:00Z"), AMS)).toEqual({ at: utc("2026-10-26T07:00:00Z"), week: "2026-W44" });
    expect(latestDigestSlot(utc("2026-10-26T06:30:00Z"), AMS).at).toBe(utc("2026-10-19T06:00:00Z"));
  });

  test("follows the person's own zone", () => {
    expect(latestDigestSlot(utc("2026-11-30T13:00:00Z"), "America/New_York").at).toBe(utc("2026-11-30T13:00:00Z"));
    expect(latestDigestSlot(utc("2026-11-30T12:59:00Z"), "America/New_York").at).toBe(utc("2026-11-23T13:00:00Z"));
  });

  test("the week key changes at the turn of the ISO year", () => {
    expect(latestDigestSlot(utc("2026-12-28T07:00:00Z"), AMS).week).toBe("2026-W53");
    expect(latestDigestSlot(utc("2027-01-04T07:00:00Z"), AMS).week).toBe("2027-W01");
  });
});

describe("nextDigestSlot", () => {
  test("is the next Monday 08:00 local, across the spring change", () => {
    expect(nextDigestSlot(utc("2026-03-25T12:00:00Z"), AMS).at).toBe(utc("2026-03-30T06:00:00Z"));
    expect(nextDigestSlot(utc("2026-03-30T06:00:00Z"), AMS).at).toBe(utc("2026-04-06T06:00:00Z"));
  });
});
