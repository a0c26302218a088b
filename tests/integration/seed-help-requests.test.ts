import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  careRecipient,
  consent,
  emailOutbox,
  helpFeedback,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpSession,
  user,
} from "#db/schema";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { helpRequestStatuses } from "~/domain/vocabulary";
import { DEMO_ACCOUNTS, seedDatabase } from "~/demo/seed";
import { helpSessionsForPerson } from "~/domain/help/sessions.server";
import { flagUnmetRequests, listCoordinatorQueue, rankVolunteersForRequest } from "~/domain/help";
import { loadActor } from "~/domain/accounts/sessions.server";
import { ctxAs } from "#tests/support/ctx";

// The demo seed's help requests: a request in every state, made through the domain verbs, with a
// consistent history, and no mail left in the outbox. Seeded at two moments: a Saturday (the
// weekday of the demo's sessions) and the spring DST day. Always a local file: the seed refuses a
// libSQL server by design, also when the rest of the suite runs against sqld.

const HOUR = 3_600_000;

describe.each([
  { label: "on a Saturday morning", now: Date.UTC(2026, 10, 28, 9, 0) },
  { label: "on the spring DST day", now: Date.UTC(2026, 2, 29, 12, 0) },
])("demo help requests, seeded $label", ({ now }) => {
  let database: Database;
  let dir: string;
  const idOf = async (email: string) => (await database.db.query.user.findFirst({ where: eq(user.email, email) }))!.id;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "noaber-seed-help-"));
    database = createDatabase({ url: `file:${path.join(dir, "seed.db")}` });
    await migrateDatabase(database);
    expect(await seedDatabase(database, { now })).toEqual({ seeded: true });
  });
  afterAll(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("has a request in every state, in the demo coordinator's neighbourhoods, with carers and people cared for", async () => {
    // The live demo requests; the signals seed adds a year of history over every neighbourhood.
    const requests = (await database.db.select().from(helpRequest)).filter((r) => !r.publicText.includes("(demo-historie)"));
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(helpRequestStatuses));
    const coordinator = await loadActor(database.db, await idOf(DEMO_ACCOUNTS.coordinator));
    expect(requests.every((r) => coordinator!.coordinatorOf.includes(r.neighbourhoodId))).toBe(true);
    expect(requests.filter((r) => r.requesterId === null)).toEqual([]);
    const maria = await idOf(DEMO_ACCOUNTS.carer);
    expect(
      requests
        .filter((r) => r.requesterId === maria)
        .map((r) => r.status)
        .sort(),
    ).toEqual(["asked", "matched", "submitted"]);
    expect(await database.db.$count(careRecipient)).toBeGreaterThanOrEqual(3);
    // Care details only with a care-details consent.
    for (const r of requests.filter((x) => x.privateText !== "")) {
      const given = await database.db.query.consent.findFirst({ where: eq(consent.id, r.careConsentId!) });
      expect(given).toMatchObject({ userId: r.requesterId, purpose: "care-details" });
    }
  });

  test("every request's history starts at submitted and chains to its current state", async () => {
    const requests = await database.db.select().from(helpRequest);
    for (const r of requests) {
      const events = await database.db
        .select()
        .from(helpRequestEvent)
        .where(eq(helpRequestEvent.requestId, r.id))
        .orderBy(asc(helpRequestEvent.at), asc(helpRequestEvent.id));
      expect(events[0]).toMatchObject({ fromStatus: null, toStatus: "submitted" });
      for (let i = 1; i < events.length; i++) expect(events[i]!.fromStatus).toBe(events[i - 1]!.toStatus);
      expect(events.at(-1)!.toStatus).toBe(r.status);
      expect(events.every((e) => e.at <= now)).toBe(true);
    }
  });

  test("asked has open invites (one declined, Willem still to answer); matched has past confirmed and future sessions; completed has feedback from both sides", async () => {
    const willem = await idOf(DEMO_ACCOUNTS.volunteer);
    const [asked] = await database.db.select().from(helpRequest).where(eq(helpRequest.status, "asked"));
    const invites = await database.db.select().from(helpInvite).where(eq(helpInvite.requestId, asked!.id));
    expect(invites.map((i) => i.status).sort()).toEqual(["asked", "asked", "declined"]);
    expect(invites.find((i) => i.volunteerId === willem)?.status).toBe("asked");

    const [matched] = await database.db.select().from(helpRequest).where(eq(helpRequest.status, "matched"));
    expect(matched).toMatchObject({ kind: "respite", matchedVolunteerId: willem });
    const sessions = await database.db.select().from(helpSession).where(eq(helpSession.requestId, matched!.id));
    expect(sessions.filter((s) => s.endsAt <= now && s.confirmedAt !== null)).toHaveLength(2);
    expect(sessions.filter((s) => s.startsAt > now && s.status === "scheduled")).toHaveLength(6);
    const ctx = await ctxAs(database, willem, { now: () => now });
    expect((await helpSessionsForPerson(ctx, now, now + 8 * 7 * 86_400_000)).filter((s) => s.requestId === matched!.id)).toHaveLength(6);

    const [completed] = await database.db.select().from(helpRequest).where(eq(helpRequest.status, "completed"));
    expect(completed!.endedAt).not.toBeNull();
    expect(completed!.endReason).toBeTruthy();
    expect(await database.db.$count(helpFeedback, eq(helpFeedback.requestId, completed!.id))).toBe(2);
  });

  test("the coordinator's queue mixes just-in, waiting-within-the-norm and waited-too-long requests", async () => {
    const ctx = await ctxAs(database, await idOf(DEMO_ACCOUNTS.coordinator), { now: () => now });
    const { requests } = await listCoordinatorQueue({ ctx });
    const fresh = requests.filter((r) => !r.waitingTooLong && !r.flagged);
    // Just in: submitted within the last hour, not yet triaged.
    expect(fresh.filter((r) => r.status === "submitted" && r.waitingMs <= HOUR).length).toBeGreaterThanOrEqual(1);
    // Waiting within the norm: triaged (or asked) some hours or days ago, not past its urgency's limit.
    expect(fresh.filter((r) => r.status !== "submitted" && r.waitingMs > HOUR).length).toBeGreaterThanOrEqual(2);
    // A few past the limit, not the whole queue.
    const late = requests.filter((r) => r.waitingTooLong);
    expect(late.length).toBeGreaterThanOrEqual(2);
    expect(late.length).toBeLessThanOrEqual(requests.length / 2);
  });

  test("an urgent open request ranks several fitting volunteers with their reasons, and shows who is left out and why", async () => {
    const ctx = await ctxAs(database, await idOf(DEMO_ACCOUNTS.coordinator), { now: () => now });
    const { requests } = await listCoordinatorQueue({ ctx });
    const urgent = requests.find((r) => r.urgency === "high" && r.status === "open" && !r.waitingTooLong);
    expect(urgent).toBeDefined();
    const ranking = await rankVolunteersForRequest({ ctx, input: { requestId: urgent!.id } });
    expect(ranking.ranked.length).toBeGreaterThanOrEqual(3);
    for (const volunteer of ranking.ranked) {
      expect(volunteer.reasons.map((r) => r.factor).sort()).toEqual([
        "availability",
        "continuity",
        "distance",
        "kindSkills",
        "language",
        "workload",
      ]);
      expect(volunteer.score).toBeGreaterThan(0);
    }
    // Best first; the best ones fit the kind of help and are free for the wanted time.
    expect(ranking.ranked.map((v) => v.score)).toEqual([...ranking.ranked.map((v) => v.score)].sort((a, b) => b - a));
    const [best] = ranking.ranked;
    expect(best!.reasons.find((r) => r.factor === "kindSkills")!.points).toBeGreaterThan(0);
    expect(best!.reasons.find((r) => r.factor === "availability")!.points).toBe(30);
    // Volunteers the hard rules leave out are listed with the rule (out of range, no valid VOG …).
    expect(ranking.excluded.length).toBeGreaterThanOrEqual(1);
  });

  test("leaves no mail in the outbox, and seeding again changes nothing", async () => {
    expect(await database.db.$count(emailOutbox)).toBe(0);
    const before = await database.db.$count(helpRequest);
    expect(await seedDatabase(database, { now: now + 1 })).toEqual({ seeded: false });
    expect(await database.db.$count(helpRequest)).toBe(before);
  });

  test("the maintenance tick at seed time flags only the requests that waited too long", async () => {
    const coordinator = await idOf(DEMO_ACCOUNTS.coordinator);
    const ctx = await ctxAs(database, coordinator, { now: () => now });
    const before = (await listCoordinatorQueue({ ctx })).requests;
    const { expired, flagged } = await flagUnmetRequests({ ctx: await ctxAs(database, null, { now: () => now }) });
    expect(expired).toEqual([]);
    const late = new Set(before.filter((r) => r.waitingTooLong || r.flagged).map((r) => r.id));
    expect(flagged.every((f) => late.has(f.id))).toBe(true);
    const after = (await listCoordinatorQueue({ ctx })).requests;
    expect(after.filter((r) => !r.flagged && !r.waitingTooLong).length).toBeGreaterThanOrEqual(3);
  });
});
