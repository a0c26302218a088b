import { afterEach, describe, expect, test } from "vitest";
import { createDatabase } from "#db/client";
import { cancelSession, changeCapacity } from "~/domain/activities/session-changes.server";
import { getActivityListPage, listActivities } from "~/domain/activities/listing.server";
import { cancelOwnSignup, signUp } from "~/domain/activities/signups.server";
import {
  addMember,
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createUser,
} from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { statementsOf } from "#tests/support/query-plans";

// The activity list and its filter choices are kept in the process under the public data version
// (decision 040). These tests change the data through the real verbs and check that the very next
// view shows the change, with the clock standing still, and that a view with nothing changed reads
// nothing but the version.

const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026, 10:00 in Amsterdam
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.cleanup()));
});

async function world() {
  const database = await createTestDatabase();
  open.push(database);
  const ids = await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const north = await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" });
    const org = await createOrganisation(tx);
    const organiser = await createUser(tx, { neighbourhoodId: north.id });
    await addMember(tx, org.id, organiser.id, "admin");
    const people = [];
    for (let i = 0; i < 3; i++) people.push((await createUser(tx, { neighbourhoodId: north.id })).id);
    const london = await createUser(tx, { neighbourhoodId: north.id, timeZone: "Europe/London" });
    return { town: town.id, north: north.id, org: org.id, organiser: organiser.id, people, london: london.id };
  });
  const at = (userId: number | null, now = t, locale: "nl" | "en" = "nl") => ctxAs(database, userId, { now: () => now, locale });
  const view = async (now = t) => (await listActivities({ ctx: await at(null, now), input: {} })).items;
  return { database, ids, at, view };
}

type World = Awaited<ReturnType<typeof world>>;

async function activityWith(w: World, title: string, sessions: { startsAt: number; capacity?: number | null }[]) {
  return w.database.write(async (tx) => {
    const a = await createActivity(tx, { organisationId: w.ids.org, neighbourhoodId: w.ids.north, title });
    const made = [];
    for (const s of sessions) made.push(await createSession(tx, { activityId: a.id, ...s }));
    return { activity: a, sessions: made };
  });
}

const placesOf = (items: Awaited<ReturnType<World["view"]>>, title: string) => items.find((i) => i.title === title)?.nextSession.placesLeft;

describe("the cached activity list", () => {
  test("a sign-up, a cancellation with waitlist promotion, a capacity change and a cancelled session each show on the next view", async () => {
    const w = await world();
    const [first, second, third] = w.ids.people as [number, number, number];
    const club = await activityWith(w, "Koor", [
      { startsAt: t + DAY, capacity: 2 },
      { startsAt: t + 3 * DAY, capacity: 5 },
    ]);
    await activityWith(w, "Wandelen", [{ startsAt: t + 2 * DAY, capacity: null }]);
    const session = club.sessions[0]!.id;
    expect(placesOf(await w.view(), "Koor")).toBe(2);

    await signUp({ ctx: await w.at(first), input: { sessionId: session, shiftId: null } });
    expect(placesOf(await w.view(), "Koor")).toBe(1);
    await signUp({ ctx: await w.at(second), input: { sessionId: session, shiftId: null } });
    expect(placesOf(await w.view(), "Koor")).toBe(0);
    const waiting = await signUp({ ctx: await w.at(third), input: { sessionId: session, shiftId: null } });
    expect(waiting.outcome).toBe("waitlisted");
    expect(placesOf(await w.view(), "Koor")).toBe(0);

    // The first person cancels; the third moves up from the waitlist: still full.
    const [own] = await w.database.client
      .execute({ sql: "SELECT id FROM signup WHERE session_id = ? AND user_id = ?", args: [session, first] })
      .then((r) => r.rows);
    await cancelOwnSignup({ ctx: await w.at(first), input: { signupId: Number(own!.id) } });
    const confirmed = await w.database.client.execute({
      sql: "SELECT user_id FROM signup WHERE session_id = ? AND status = 'confirmed' ORDER BY user_id",
      args: [session],
    });
    expect(confirmed.rows.map((r) => Number(r.user_id))).toEqual([second, third]);
    expect(placesOf(await w.view(), "Koor")).toBe(0);

    await changeCapacity({ ctx: await w.at(w.ids.organiser), input: { sessionId: session, capacity: 4 } });
    expect(placesOf(await w.view(), "Koor")).toBe(2);

    // Cancelled: the activity's next session is now the one after it.
    await cancelSession({ ctx: await w.at(w.ids.organiser), input: { sessionId: session } });
    const items = await w.view();
    expect(items.map((i) => i.title)).toEqual(["Wandelen", "Koor"]);
    expect(items[1]!.nextSession).toMatchObject({ id: club.sessions[1]!.id, placesLeft: 5 });
  });

  test("a repeat view with nothing changed reads only the data version, and answers the same", async () => {
    const w = await world();
    await activityWith(w, "Koor", [{ startsAt: t + DAY, capacity: 2 }]);
    const ctx = await w.at(null);
    const cold = await statementsOf(w.database, () => getActivityListPage({ ctx, input: {} }));
    expect(cold.sent.length).toBeGreaterThan(1);
    const warm = await statementsOf(w.database, () => getActivityListPage({ ctx, input: {} }));
    expect(warm.sent).toHaveLength(1);
    expect(warm.sent[0]).toMatch(/data_version/);
    expect(warm.result).toEqual(cold.result);
    expect(warm.result.options.neighbourhoods.map((n) => n.name)).toEqual(["Noord"]);
  });

  test("when a session starts the list moves on without any write; a clock read earlier than the cached one computes again", async () => {
    const w = await world();
    await activityWith(w, "Koor", [{ startsAt: t + HOUR }, { startsAt: t + 3 * DAY }]);
    await activityWith(w, "Wandelen", [{ startsAt: t + 2 * DAY }]);
    expect((await w.view(t)).map((i) => i.title)).toEqual(["Koor", "Wandelen"]);
    // Up to the start itself the session is still to come.
    expect((await w.view(t + HOUR)).map((i) => i.title)).toEqual(["Koor", "Wandelen"]);
    expect((await w.view(t + HOUR + 1)).map((i) => i.title)).toEqual(["Wandelen", "Koor"]);
    expect((await w.view(t)).map((i) => i.title)).toEqual(["Koor", "Wandelen"]);
  });

  test("another instance on the same database sees a write made through the first at once", async () => {
    const w = await world();
    const club = await activityWith(w, "Koor", [{ startsAt: t + DAY, capacity: 3 }]);
    const other = createDatabase({ url: w.database.url });
    try {
      const viewOn = async () => (await listActivities({ ctx: await ctxAs(other, null, { now: () => t }), input: {} })).items;
      expect(placesOf(await viewOn(), "Koor")).toBe(3);
      expect(placesOf(await w.view(), "Koor")).toBe(3);
      await signUp({ ctx: await w.at(w.ids.people[0]!), input: { sessionId: club.sessions[0]!.id, shiftId: null } });
      expect(placesOf(await viewOn(), "Koor")).toBe(2);
      expect(placesOf(await w.view(), "Koor")).toBe(2);
    } finally {
      other.close();
    }
  });

  test("each time zone and language has its own list; the filter choices follow a new neighbourhood", async () => {
    const w = await world();
    await activityWith(w, "Koor", [{ startsAt: t + DAY }]);
    const when = async (userId: number | null, locale: "nl" | "en") =>
      (await listActivities({ ctx: await w.at(userId, t, locale), input: {} })).items[0]!.nextSession.when;
    const amsterdam = await when(null, "nl");
    expect(amsterdam).toContain("10:00");
    expect(await when(w.ids.london, "nl")).toContain("09:00");
    expect(await when(null, "en")).not.toEqual(amsterdam);
    expect(await when(null, "nl")).toEqual(amsterdam);

    const names = async () => (await getActivityListPage({ ctx: await w.at(null), input: {} })).options.neighbourhoods.map((n) => n.name);
    expect(await names()).toEqual(["Noord"]);
    await w.database.write((tx) => createNeighbourhood(tx, { municipalityId: w.ids.town, name: "Zuid" }));
    expect(await names()).toEqual(["Noord", "Zuid"]);
    // Invalid filters still come with the choices, and are not kept.
    const invalid = await getActivityListPage({ ctx: await w.at(null), input: { neighbourhood: "999999" } });
    expect(invalid).toMatchObject({ result: null, errors: { neighbourhood: ["activityPages.errors.neighbourhood"] } });
    expect(invalid.options.neighbourhoods).toHaveLength(2);
  });
});
