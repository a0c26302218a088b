import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { helpRequest, helpRequestEvent } from "#db/schema";
import { helpRequestStatuses, type HelpRequestStatus } from "~/domain/vocabulary";
import type { Ctx } from "~/domain/context.server";
import { Conflict, NotFound } from "~/domain/errors";
import { transitionRequest } from "~/domain/help/match.server";
import { allowedEvents, nextStatus, type HelpRequestEvent } from "~/domain/help/states";
import { createHelpRequest, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The help-request state machine through transitionRequest: every (state, event) pair, allowed
// ones with their history row (who, when, from, to), refused ones with a clear message and no
// change at all.

const EVENTS: HelpRequestEvent[] = ["triage", "ask", "all-declined", "accept", "complete", "withdraw", "cancel", "expire"];
const EXPECTED: Record<HelpRequestStatus, Partial<Record<HelpRequestEvent, HelpRequestStatus>>> = {
  submitted: { triage: "open", withdraw: "withdrawn", cancel: "cancelled", expire: "expired" },
  open: { ask: "asked", accept: "matched", withdraw: "withdrawn", cancel: "cancelled", expire: "expired" },
  asked: { ask: "asked", "all-declined": "open", accept: "matched", withdraw: "withdrawn", cancel: "cancelled", expire: "expired" },
  matched: { complete: "completed", withdraw: "withdrawn", cancel: "cancelled" },
  completed: {},
  withdrawn: {},
  expired: {},
  cancelled: {},
};

let database: TestDatabase;
let ctx: Ctx;
let areaId: number;
let actorId: number;
let volunteerId: number;
const at = Date.UTC(2026, 9, 25, 1, 30); // the night the clocks go back in Amsterdam

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    areaId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    actorId = (await createUser(tx, { neighbourhoodId: areaId })).id;
    volunteerId = (await createUser(tx, { neighbourhoodId: areaId })).id;
  });
  ctx = await ctxAs(database, actorId, { now: () => at });
});
afterAll(() => database.cleanup());

function requestIn(status: HelpRequestStatus) {
  const withVolunteer = status === "matched" || status === "completed" || status === "withdrawn" || status === "cancelled";
  return database.write((tx) =>
    createHelpRequest(tx, {
      neighbourhoodId: areaId,
      requesterId: actorId,
      status,
      matchedVolunteerId: withVolunteer ? volunteerId : null,
    }),
  );
}

const historyOf = (requestId: number) => database.db.select().from(helpRequestEvent).where(eq(helpRequestEvent.requestId, requestId));
const statusOf = async (requestId: number) =>
  (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, requestId) }))!.status;

test("the table in this test is the machine's table", () => {
  for (const from of helpRequestStatuses) expect(allowedEvents(from).sort()).toEqual(Object.keys(EXPECTED[from]).sort());
});

describe.each(helpRequestStatuses.flatMap((from) => EVENTS.map((event) => ({ from, event, to: EXPECTED[from][event] }))))(
  "$from + $event",
  ({ from, event, to }) => {
    if (to) {
      test(`→ ${to}, with one history row (who, when, from, to, note)`, async () => {
        const r = await requestIn(from);
        // Becoming matched needs the helper (a CHECK in the schema); matchVolunteer sets it in practice.
        const extra = to === "matched" ? { matchedVolunteerId: volunteerId } : {};
        const result = await database.write((tx) => transitionRequest(ctx, tx, r.id, event, extra, `note ${event}`));
        expect(result).toEqual({ from, to });
        expect(await statusOf(r.id)).toBe(to);
        const history = await historyOf(r.id);
        expect(history).toEqual([expect.objectContaining({ fromStatus: from, toStatus: to, actorId, at, note: `note ${event}` })]);
        const row = await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, r.id) });
        expect(row!.updatedAt).toBe(at);
      });
    } else {
      test(`is refused with helpRequests.errors.transition.${event}; nothing changes`, async () => {
        const r = await requestIn(from);
        const error = await database.write((tx) => transitionRequest(ctx, tx, r.id, event)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Conflict);
        expect((error as Conflict).message).toBe(`helpRequests.errors.transition.${event}`);
        expect(nextStatus(from, event)).toEqual({ ok: false, error: `helpRequests.errors.transition.${event}` });
        expect(await statusOf(r.id)).toBe(from);
        expect(await historyOf(r.id)).toEqual([]);
      });
    }
  },
);

describe("around the transitions", () => {
  test("extra columns are written with the change (ending a match keeps who helped)", async () => {
    const r = await requestIn("matched");
    await database.write((tx) => transitionRequest(ctx, tx, r.id, "complete", { endedAt: at, endReason: "Klaar" }));
    expect(await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, r.id) })).toMatchObject({
      status: "completed",
      endedAt: at,
      endReason: "Klaar",
      matchedVolunteerId: volunteerId,
    });
  });

  test("a whole life: submitted → open → asked → open → asked → matched → completed leaves six rows in order", async () => {
    const r = await requestIn("submitted");
    for (const event of ["triage", "ask", "all-declined", "ask", "accept", "complete"] as const) {
      await database.write((tx) => transitionRequest(ctx, tx, r.id, event, event === "accept" ? { matchedVolunteerId: volunteerId } : {}));
    }
    expect((await historyOf(r.id)).map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual([
      "submitted→open",
      "open→asked",
      "asked→open",
      "open→asked",
      "asked→matched",
      "matched→completed",
    ]);
  });

  test("two events at once (withdraw and cancel): one wins, the other is refused, one history row", async () => {
    const r = await requestIn("open");
    const results = await Promise.allSettled([
      database.write((tx) => transitionRequest(ctx, tx, r.id, "withdraw")),
      database.write((tx) => transitionRequest(ctx, tx, r.id, "cancel")),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((x) => x.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    expect(await historyOf(r.id)).toHaveLength(1);
  });

  test("the history is append-only: changing a row is refused by the database", async () => {
    const r = await requestIn("submitted");
    await database.write((tx) => transitionRequest(ctx, tx, r.id, "triage"));
    await expect(
      database.write((tx) => tx.update(helpRequestEvent).set({ toStatus: "cancelled" }).where(eq(helpRequestEvent.requestId, r.id))),
    ).rejects.toThrow();
    expect(await historyOf(r.id)).toHaveLength(1);
  });

  test("an unknown request is NotFound", async () => {
    await expect(database.write((tx) => transitionRequest(ctx, tx, 999_999, "triage"))).rejects.toBeInstanceOf(NotFound);
  });
});
