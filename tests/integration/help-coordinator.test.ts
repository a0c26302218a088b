import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { careAccessLog, emailOutbox, helpInvite, helpRequest, helpRequestEvent, helpRequestWindow } from "#db/schema";
import { Conflict, Forbidden, NotFound, Unauthenticated, Validation } from "~/domain/errors";
import {
  askVolunteers,
  cancelRequest,
  confirmOffer,
  flagUnmetRequests,
  getTriage,
  listCoordinatorQueue,
  NO_ACCEPTANCE_MS,
  triageRequest,
  WAITING_TOO_LONG_MS,
} from "~/domain/help/coordinator.server";
import { createHelpInvite } from "~/demo/builders";
import { addRequest, buildWorld, ctxFor, NOW, WINDOWS, type WorldIds } from "#tests/support/coordinator-world";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

const H = 3_600_000;
const DAY = 24 * H;
let database: TestDatabase;
let ids: WorldIds;

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await buildWorld(database);
});
afterAll(() => database.cleanup());

const as = (who: keyof WorldIds | null, at = NOW) => ctxFor(database, who === null ? null : ids[who], at);
const requestRow = (id: number) => database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) });
const mails = (key: string) => database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, key));

describe("the queue", () => {
  test("lists waiting requests of the coordinator's neighbourhoods: urgent first, then longest waiting, marked when too long", async () => {
    const oldLow = await addRequest(database, ids, { urgency: "low", createdAt: NOW - 8 * DAY });
    const newHigh = await addRequest(database, ids, { urgency: "high", status: "submitted", createdAt: NOW - 2 * H });
    const oldHigh = await addRequest(database, ids, { urgency: "high", createdAt: NOW - 2 * DAY });
    const freshNormal = await addRequest(database, ids, { urgency: "normal", createdAt: NOW - 1 * H });
    const matched = await addRequest(database, ids, { status: "matched", matchedVolunteerId: ids.vNear });
    const southRequest = await addRequest(database, ids, { neighbourhoodId: ids.south });
    await database.write(async (tx) => {
      await createHelpInvite(tx, { requestId: oldHigh.id, volunteerId: ids.vNear, status: "asked" });
      await createHelpInvite(tx, { requestId: oldHigh.id, volunteerId: ids.vAdjacent, status: "offered" });
      await createHelpInvite(tx, { requestId: oldHigh.id, volunteerId: ids.vContinuity, status: "declined" });
    });

    const { requests, neighbourhoods } = await listCoordinatorQueue({ ctx: await as("coordNorth") });
    expect(neighbourhoods.map((n) => n.id)).toEqual([ids.north]);
    const order = requests.map((r) => r.id).filter((id) => [oldLow.id, newHigh.id, oldHigh.id, freshNormal.id].includes(id));
    expect(order).toEqual([oldHigh.id, newHigh.id, freshNormal.id, oldLow.id]);
    const byId = new Map(requests.map((r) => [r.id, r]));
    expect(byId.get(oldHigh.id)).toMatchObject({ waitingTooLong: true, asked: 1, offered: 1, firstWindow: WINDOWS[0]!.startsAt });
    expect(byId.get(newHigh.id)).toMatchObject({ asked: 0, offered: 0 });
    expect(byId.get(newHigh.id)!.waitingTooLong).toBe(false);
    expect(byId.get(oldLow.id)!.waitingTooLong).toBe(true);
    expect(byId.get(freshNormal.id)!.waitingTooLong).toBe(false);
    expect(byId.has(matched.id)).toBe(false);
    expect(byId.has(southRequest.id)).toBe(false);
    // An admin sees every neighbourhood's queue.
    const admin = await listCoordinatorQueue({ ctx: await as("admin") });
    expect(admin.requests.some((r) => r.id === southRequest.id)).toBe(true);
  });

  test("residents and visitors have no queue", async () => {
    await expect(listCoordinatorQueue({ ctx: await as("resident") })).rejects.toBeInstanceOf(Forbidden);
    await expect(listCoordinatorQueue({ ctx: await as(null) })).rejects.toBeInstanceOf(Unauthenticated);
  });

  test("the thresholds are 1, 3 and 7 days", () => {
    expect(WAITING_TOO_LONG_MS).toEqual({ high: DAY, normal: 3 * DAY, low: 7 * DAY });
  });
});

describe("the triage page", () => {
  test("shows care details to the coordinator, ranks volunteers, and logs the read", async () => {
    const before = await database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request));
    const triage = await getTriage({ ctx: await as("coordNorth"), input: { requestId: ids.request } });
    expect(triage.request).toMatchObject({
      address: "Lindelaan 12",
      privateText: "Sleutel ligt onder de mat.",
      notesForHelpers: "Jan heeft dementie.",
      requesterName: "Carla Mantelzorger",
      recipientFirstName: "Opa Jan",
    });
    expect(triage.ranking!.ranked[0]!.userId).toBe(ids.vNear);
    expect(triage.windows).toHaveLength(2);
    const after = await database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request));
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      viewerId: ids.coordNorth,
      purpose: "triage",
      fields: ["address", "phone", "privateText", "notesForHelpers", "intakeContact"],
    });
  });

  test("coordinators elsewhere and residents are refused, and nothing is logged", async () => {
    const before = (await database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request))).length;
    await expect(getTriage({ ctx: await as("coordSouth"), input: { requestId: ids.request } })).rejects.toBeInstanceOf(NotFound);
    await expect(getTriage({ ctx: await as("resident"), input: { requestId: ids.request } })).rejects.toBeInstanceOf(NotFound);
    await expect(getTriage({ ctx: await as("vNear"), input: { requestId: ids.request } })).rejects.toBeInstanceOf(NotFound);
    expect((await database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request))).length).toBe(before);
  });

  test("triage opens a submitted request once; a second time is a clear conflict", async () => {
    const request = await addRequest(database, ids, { status: "submitted" });
    await triageRequest({ ctx: await as("coordNorth"), input: { requestId: request.id } });
    expect((await requestRow(request.id))!.status).toBe("open");
    await expect(triageRequest({ ctx: await as("coordNorth"), input: { requestId: request.id } })).rejects.toThrow(
      "helpRequests.errors.transition.triage",
    );
    await expect(triageRequest({ ctx: await as("coordSouth"), input: { requestId: request.id } })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("asking volunteers", () => {
  test("asks the chosen fitting volunteers: invites, status asked with history, one email each", async () => {
    const request = await addRequest(database, ids, { status: "submitted" });
    const result = await askVolunteers({
      ctx: await as("coordNorth"),
      input: { requestId: request.id, volunteerIds: [ids.vNear, ids.vAdjacent] },
    });
    expect(result.asked).toBe(2);
    expect((await requestRow(request.id))!.status).toBe("asked");
    const invites = await database.db.select().from(helpInvite).where(eq(helpInvite.requestId, request.id));
    expect(invites.map((i) => [i.volunteerId, i.status, i.askedById]).sort()).toEqual(
      [
        [ids.vNear, "asked", ids.coordNorth],
        [ids.vAdjacent, "asked", ids.coordNorth],
      ].sort(),
    );
    const events = await database.db.select().from(helpRequestEvent).where(eq(helpRequestEvent.requestId, request.id));
    expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      ["submitted", "open"],
      ["open", "asked"],
    ]);
    const sent = await mails("help-asked/%");
    const forRequest = sent.filter((m) => invites.some((i) => m.idempotencyKey === `help-asked/${i.id}`));
    expect(forRequest).toHaveLength(2);
    expect(JSON.stringify(forRequest.map((m) => m.props))).not.toContain("Lindelaan");
  });

  test("refuses nobody, volunteers who do not fit, and volunteers already asked", async () => {
    const request = await addRequest(database, ids);
    const ctx = await as("coordNorth");
    await expect(askVolunteers({ ctx, input: { requestId: request.id, volunteerIds: [] } })).rejects.toBeInstanceOf(Validation);
    await expect(askVolunteers({ ctx, input: { requestId: request.id, volunteerIds: [ids.vBusy] } })).rejects.toBeInstanceOf(Validation);
    await expect(askVolunteers({ ctx, input: { requestId: request.id, volunteerIds: [ids.resident] } })).rejects.toBeInstanceOf(Validation);
    await askVolunteers({ ctx, input: { requestId: request.id, volunteerIds: [ids.vNear] } });
    await expect(askVolunteers({ ctx, input: { requestId: request.id, volunteerIds: [ids.vNear] } })).rejects.toBeInstanceOf(Validation);
    // Asking another one later keeps the request asked.
    await askVolunteers({ ctx, input: { requestId: request.id, volunteerIds: [ids.vContinuity] } });
    expect((await requestRow(request.id))!.status).toBe("asked");
    await expect(
      askVolunteers({ ctx: await as("coordSouth"), input: { requestId: request.id, volunteerIds: [ids.vAdjacent] } }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  test("a closed request cannot be asked for", async () => {
    const request = await addRequest(database, ids, { status: "cancelled" });
    await expect(
      askVolunteers({ ctx: await as("coordNorth"), input: { requestId: request.id, volunteerIds: [ids.vNear] } }),
    ).rejects.toBeInstanceOf(Conflict);
  });
});

describe("offers and cancelling", () => {
  test("confirming an offer makes the match; others offering are told it is filled", async () => {
    const request = await addRequest(database, ids);
    await database.write(async (tx) => {
      await createHelpInvite(tx, { requestId: request.id, volunteerId: ids.vNear, status: "offered" });
      await createHelpInvite(tx, { requestId: request.id, volunteerId: ids.vAdjacent, status: "offered" });
    });
    await confirmOffer({ ctx: await as("coordNorth"), input: { requestId: request.id, volunteerId: ids.vNear } });
    expect(await requestRow(request.id)).toMatchObject({ status: "matched", matchedVolunteerId: ids.vNear });
    const invites = await database.db.select().from(helpInvite).where(eq(helpInvite.requestId, request.id));
    expect(Object.fromEntries(invites.map((i) => [i.volunteerId, i.status]))).toEqual({
      [ids.vNear]: "accepted",
      [ids.vAdjacent]: "filled",
    });
    await expect(
      confirmOffer({ ctx: await as("coordNorth"), input: { requestId: request.id, volunteerId: ids.vAdjacent } }),
    ).rejects.toThrow("helpRequests.errors.filled");
  });

  test("confirming someone who did not offer is refused with a clear message", async () => {
    const request = await addRequest(database, ids);
    await expect(confirmOffer({ ctx: await as("coordNorth"), input: { requestId: request.id, volunteerId: ids.vNear } })).rejects.toThrow(
      "helpCoordinator.errors.noOffer",
    );
    await expect(
      confirmOffer({ ctx: await as("coordSouth"), input: { requestId: request.id, volunteerId: ids.vNear } }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  test("cancelling records the reason and withdraws open invites", async () => {
    const request = await addRequest(database, ids, { status: "asked" });
    await database.write((tx) => createHelpInvite(tx, { requestId: request.id, volunteerId: ids.vNear }));
    await cancelRequest({ ctx: await as("coordNorth"), input: { requestId: request.id, reason: "Familie helpt zelf" } });
    expect((await requestRow(request.id))!.status).toBe("cancelled");
    const [invite] = await database.db.select().from(helpInvite).where(eq(helpInvite.requestId, request.id));
    expect(invite!.status).toBe("withdrawn");
    const [event] = await database.db
      .select()
      .from(helpRequestEvent)
      .where(and(eq(helpRequestEvent.requestId, request.id), eq(helpRequestEvent.toStatus, "cancelled")));
    expect(event).toMatchObject({ note: "Familie helpt zelf", actorId: ids.coordNorth });
    await expect(cancelRequest({ ctx: await as("coordNorth"), input: { requestId: request.id } })).rejects.toThrow(
      "helpRequests.errors.transition.cancel",
    );
    await expect(cancelRequest({ ctx: await as("resident"), input: { requestId: request.id } })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("flagging unmet requests", () => {
  test("expires, flags each reason once, and tells the neighbourhood's coordinators once", async () => {
    const later = NOW + 3 * DAY;
    const past = await addRequest(database, ids, {}, [{ startsAt: NOW + H, endsAt: NOW + 2 * H }]);
    await database.write((tx) => createHelpInvite(tx, { requestId: past.id, volunteerId: ids.vNear }));
    const unanswered = await addRequest(database, ids, { status: "asked", createdAt: later - 3 * H });
    await database.write((tx) =>
      createHelpInvite(tx, {
        requestId: unanswered.id,
        volunteerId: ids.vNear,
        askedById: ids.coordNorth,
        createdAt: later - NO_ACCEPTANCE_MS,
      }),
    );
    const recentAsk = await addRequest(database, ids, { status: "asked", createdAt: later - 3 * H });
    await database.write((tx) =>
      createHelpInvite(tx, { requestId: recentAsk.id, volunteerId: ids.vNear, askedById: ids.coordNorth, createdAt: later - H }),
    );
    const noFit = await addRequest(database, ids, { requiresVog: true, createdAt: later - H });
    const slow = await addRequest(database, ids, { status: "submitted", urgency: "high", createdAt: later - 2 * DAY });
    const fine = await addRequest(database, ids, { createdAt: later - H });

    const result = await flagUnmetRequests({ ctx: await as(null, later) });
    expect(result.expired).toContain(past.id);
    const flags = Object.fromEntries(result.flagged.map((f) => [f.id, f.reason]));
    expect(flags[unanswered.id]).toBe("no-acceptance");
    expect(flags[noFit.id]).toBe("no-fit");
    expect(flags[slow.id]).toBe("waiting-too-long");
    expect(flags[recentAsk.id]).toBeUndefined();
    expect(flags[fine.id]).toBeUndefined();

    expect((await requestRow(past.id))!.status).toBe("expired");
    const [pastInvite] = await database.db.select().from(helpInvite).where(eq(helpInvite.requestId, past.id));
    expect(pastInvite!.status).toBe("withdrawn");
    expect(await requestRow(noFit.id)).toMatchObject({ flagReason: "no-fit", flaggedAt: later, status: "open" });
    expect(await mails(`help-waiting/${noFit.id}/%`)).toHaveLength(1);
    expect((await mails(`help-waiting/${noFit.id}/%`))[0]!.idempotencyKey).toBe(`help-waiting/${noFit.id}/${ids.coordNorth}`);

    // A second run flags nothing again and sends nothing again.
    const again = await flagUnmetRequests({ ctx: await as(null, later + H) });
    expect(again.flagged.map((f) => f.id)).not.toContain(noFit.id);
    expect(again.expired).not.toContain(past.id);
    expect(await mails(`help-waiting/${noFit.id}/%`)).toHaveLength(1);
  });

  test("flagged requests are marked in the queue", async () => {
    const request = await addRequest(database, ids, { requiresVog: true, createdAt: NOW - H });
    await flagUnmetRequests({ ctx: await as(null) });
    const { requests } = await listCoordinatorQueue({ ctx: await as("coordNorth") });
    expect(requests.find((r) => r.id === request.id)).toMatchObject({ flagged: true, flagReason: "no-fit" });
  });

  test("only the system or an admin may run it", async () => {
    await expect(flagUnmetRequests({ ctx: await as("coordNorth") })).rejects.toBeInstanceOf(Forbidden);
    await expect(flagUnmetRequests({ ctx: await as("admin") })).resolves.toBeTruthy();
  });

  test("a request whose windows are all in the past expires, one with a window ahead does not", async () => {
    const ahead = await addRequest(database, ids, {}, [
      { startsAt: NOW - 2 * H, endsAt: NOW - H },
      { startsAt: WINDOWS[0]!.startsAt, endsAt: WINDOWS[0]!.endsAt },
    ]);
    const result = await flagUnmetRequests({ ctx: await as(null) });
    expect(result.expired).not.toContain(ahead.id);
    const windows = await database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, ahead.id));
    expect(windows).toHaveLength(2);
  });
});
