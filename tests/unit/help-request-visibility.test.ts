import { describe, expect, test } from "vitest";
import type { HelpRequestStatus } from "~/domain/vocabulary";
import { relationOf } from "~/domain/help/request-view.server";
import { fieldsToLog, visibleFields, type HelpRequestField, type ViewerRelation } from "~/domain/help/visibility";

// The visibility rules as a table (issue 4): who sees which field of a help request, in which
// state, including after the match ends; and which of those reads go to the access log.

const NORTH = 1;
const SOUTH = 2;
const person = (userId: number, coordinatorOf: number[] = [], isAdmin = false) => ({ userId, coordinatorOf, isAdmin });

const people = {
  requester: person(10),
  "unmatched volunteer": person(11),
  "asked volunteer": person(12),
  "accepted volunteer": person(13),
  "coordinator of that neighbourhood": person(14, [NORTH]),
  "coordinator elsewhere": person(15, [SOUTH]),
  "other resident": person(16),
  admin: person(17, [], true),
  visitor: null,
} as const;
type Who = keyof typeof people;

function relation(who: Who, status: HelpRequestStatus): ViewerRelation {
  const matched = status === "matched" || status === "completed" ? 13 : null;
  const request = { requesterId: 10, neighbourhoodId: NORTH, matchedVolunteerId: matched, status };
  const invite =
    who === "asked volunteer" ? { status: "asked" as const } : who === "accepted volunteer" ? { status: "accepted" as const } : null;
  const isVolunteer = who === "unmatched volunteer" || who === "asked volunteer" || who === "accepted volunteer";
  return relationOf(people[who], request, invite, isVolunteer);
}

const ANY = ["kind", "windows", "neighbourhood", "publicText"];
const CARE = ["requesterName", "careRecipientFirstName", "address", "phone", "privateText", "notesForHelpers"];
const sorted = (fields: Iterable<HelpRequestField | string>) => [...fields].sort();

// who, status, relation, fields seen, fields logged
const table: [Who, HelpRequestStatus, ViewerRelation, string[], string[]][] = [
  ["requester", "submitted", "requester", [...ANY, "status", "history", ...CARE, "accessLog"], []],
  ["requester", "matched", "requester", [...ANY, "status", "history", ...CARE, "accessLog"], []],
  ["requester", "completed", "requester", [...ANY, "status", "history", ...CARE, "accessLog"], []],
  ["unmatched volunteer", "submitted", "volunteer", [], []],
  ["unmatched volunteer", "open", "volunteer", ANY, []],
  ["unmatched volunteer", "asked", "volunteer", ANY, []],
  ["unmatched volunteer", "matched", "volunteer", [], []],
  ["unmatched volunteer", "withdrawn", "volunteer", [], []],
  ["asked volunteer", "asked", "asked-volunteer", [...ANY, "status"], []],
  ["asked volunteer", "matched", "asked-volunteer", [...ANY, "status"], []],
  [
    "accepted volunteer",
    "matched",
    "accepted-volunteer",
    [...ANY, "status", ...CARE],
    ["address", "phone", "privateText", "notesForHelpers"],
  ],
  // After the match ends the helper keeps only what any volunteer may read, plus the status.
  ["accepted volunteer", "completed", "former-volunteer", [...ANY, "status"], []],
  [
    "coordinator of that neighbourhood",
    "submitted",
    "coordinator",
    [...ANY, "status", "history", ...CARE, "intakeContact", "accessLog"],
    ["address", "phone", "privateText", "notesForHelpers", "intakeContact"],
  ],
  [
    "coordinator of that neighbourhood",
    "completed",
    "coordinator",
    [...ANY, "status", "history", ...CARE, "intakeContact", "accessLog"],
    ["address", "phone", "privateText", "notesForHelpers", "intakeContact"],
  ],
  [
    "admin",
    "open",
    "coordinator",
    [...ANY, "status", "history", ...CARE, "intakeContact", "accessLog"],
    ["address", "phone", "privateText", "notesForHelpers", "intakeContact"],
  ],
  ["coordinator elsewhere", "open", "other", [], []],
  ["coordinator elsewhere", "matched", "other", [], []],
  ["other resident", "open", "other", [], []],
  ["other resident", "matched", "other", [], []],
  ["visitor", "open", "other", [], []],
];

describe("who sees which field of a help request", () => {
  test.each(table)("%s, request %s: relation %s", (who, status, expectedRelation, seen, logged) => {
    const rel = relation(who, status);
    expect(rel).toBe(expectedRelation);
    expect(sorted(visibleFields(rel, status))).toEqual(sorted(seen));
    expect(sorted(fieldsToLog(rel, status))).toEqual(sorted(logged));
  });

  test("no one but the requester, the coordinator and the helper during the match ever sees a care field", () => {
    const statuses: HelpRequestStatus[] = ["submitted", "open", "asked", "matched", "completed", "withdrawn", "expired", "cancelled"];
    for (const who of Object.keys(people) as Who[]) {
      for (const status of statuses) {
        const rel = relation(who, status);
        const care = CARE.filter((f) => visibleFields(rel, status).has(f as HelpRequestField));
        const allowed = rel === "requester" || rel === "coordinator" || (rel === "accepted-volunteer" && status === "matched");
        expect(care.length > 0, `${who} / ${status}`).toBe(allowed);
      }
    }
  });

  test("the requester is recognised before any other role, the coordinator before the helper", () => {
    const both = { userId: 14, coordinatorOf: [NORTH], isAdmin: false };
    expect(relationOf(both, { requesterId: 14, neighbourhoodId: NORTH, matchedVolunteerId: null, status: "open" }, null, true)).toBe(
      "requester",
    );
    expect(relationOf(both, { requesterId: 10, neighbourhoodId: NORTH, matchedVolunteerId: 14, status: "matched" }, null, true)).toBe(
      "coordinator",
    );
  });
});
