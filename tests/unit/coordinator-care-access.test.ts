import { describe, expect, test } from "vitest";
import { coordinatorMaySeeCare, RETENTION } from "~/domain/privacy/shared";
import { fieldsToLog, visibleFields } from "~/domain/help/visibility";
import { helpRequestStatuses } from "~/domain/vocabulary";

// A coordinator's access to care details ends the retention table's `coordinatorAccess` period
// after the help ended (decision 034), counted in calendar days in the request's zone.

const zone = "Europe/Amsterdam";
/** The help ended on Saturday 24 October 2026, 12:00 in Amsterdam (the DST change is the next night). */
const ended = Date.UTC(2026, 9, 24, 10, 0);
const HOUR = 3_600_000;
const request = (status: (typeof helpRequestStatuses)[number], endedAt: number | null = ended) => ({
  status,
  endedAt,
  updatedAt: ended,
  timeZone: zone,
});

describe("coordinatorMaySeeCare", () => {
  test("ends 30 calendar days after the help ended, across the DST change (23 November 12:00 in Amsterdam)", () => {
    const end = Date.UTC(2026, 10, 23, 11, 0); // 12:00 CET
    expect(coordinatorMaySeeCare(request("completed"), end - 1)).toBe(true);
    expect(coordinatorMaySeeCare(request("completed"), end)).toBe(false);
    expect(coordinatorMaySeeCare(request("withdrawn"), end - 24 * HOUR)).toBe(true);
  });

  test("while the help runs it never ends; a closed request without ended_at counts from its last change", () => {
    const muchLater = ended + 400 * 24 * HOUR;
    for (const status of ["submitted", "open", "asked", "matched"] as const)
      expect(coordinatorMaySeeCare(request(status), muchLater)).toBe(true);
    for (const status of ["completed", "withdrawn", "expired", "cancelled"] as const) {
      expect(coordinatorMaySeeCare(request(status, null), muchLater)).toBe(false);
    }
  });

  test("the period comes from the table", () => {
    const longer = RETENTION.map((e) => (e.key === "coordinatorAccess" ? { ...e, period: { days: 60 } } : e));
    const day40 = ended + 40 * 24 * HOUR;
    expect(coordinatorMaySeeCare(request("completed"), day40)).toBe(false);
    expect(coordinatorMaySeeCare(request("completed"), day40, longer)).toBe(true);
  });
});

describe("visibleFields after the coordinator's access ended", () => {
  test.each(helpRequestStatuses)("%s: the record without care details, and nothing to log", (status) => {
    expect([...visibleFields("coordinator", status, false)].sort()).toEqual([
      "accessLog",
      "history",
      "kind",
      "neighbourhood",
      "publicText",
      "status",
      "windows",
    ]);
    expect(fieldsToLog("coordinator", status, false)).toEqual([]);
    // Only the coordinator's view depends on it.
    expect(visibleFields("requester", status, false)).toEqual(visibleFields("requester", status));
  });
});
