import { afterAll, beforeAll, expect } from "vitest";
import { activitySeries, initiative } from "#db/schema";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
  createVolunteerProfile,
} from "~/demo/builders";
import { type createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// The world activity-pages-http.test.ts and activity-pages-list-http.test.ts share: a test server per test file,
// seeded with activities, sessions, shifts and people, and signed-in clients over real HTTP.

export let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export let ids: Awaited<ReturnType<typeof seed>>;

async function seed() {
  return server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" });
    const org = await createOrganisation(tx, { name: "Sportclub De Esch", slug: "sportclub-de-esch" });
    const pending = await createOrganisation(tx, { status: "pending" });
    const [plan] = await tx
      .insert(initiative)
      .values({
        organisationId: org.id,
        title: "Bewegen in de wijk",
        goal: "Meer bewegen",
        targetGroups: ["older-people"],
        startsOn: "2026-01-01",
        createdAt: t,
      })
      .returning();
    const walking = await createActivity(tx, {
      organisationId: org.id,
      neighbourhoodId: area.id,
      initiativeId: plan!.id,
      title: "Wandelvoetbal",
      category: "sports",
      address: "Eschweg 12",
      accessibility: "Rolstoeltoegankelijk, invalidentoilet aanwezig",
      targetGroups: ["older-people"],
      cancelCutoffHours: 24,
    });
    const full = await createSession(tx, { activityId: walking.id, startsAt: t + 3 * DAY, capacity: 1 });
    const roomy = await createSession(tx, { activityId: walking.id, startsAt: t + 4 * DAY, capacity: 10 });
    const soon = await createSession(tx, { activityId: walking.id, startsAt: t + 10 * HOUR, capacity: 10 });
    const host = await createShift(tx, { sessionId: roomy.id, startsAt: t + 4 * DAY, endsAt: t + 4 * DAY + HOUR, role: "Gastheer" });
    const vogShift = await createShift(tx, {
      sessionId: roomy.id,
      startsAt: t + 4 * DAY,
      endsAt: t + 4 * DAY + HOUR,
      role: "Trainer jeugd",
      requiresVog: true,
    });
    const choir = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Buurtkoor", category: "culture" });
    const choirSession = await createSession(tx, { activityId: choir.id, startsAt: t + 4 * DAY + 30 * 60_000 });
    const choirShift = await createShift(tx, {
      sessionId: choirSession.id,
      startsAt: t + 4 * DAY + 30 * 60_000,
      endsAt: t + 4 * DAY + 2 * HOUR,
      role: "Koffie",
    });
    const garden = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Buurttuin", category: "nature" });
    const gardenSession = await createSession(tx, { activityId: garden.id, startsAt: t + 6 * DAY });
    await createShift(tx, {
      sessionId: gardenSession.id,
      startsAt: t + 6 * DAY,
      endsAt: t + 6 * DAY + HOUR,
      role: "Schoffelen",
      needed: 2,
    });
    const hidden = await createActivity(tx, { organisationId: pending.id, neighbourhoodId: area.id, title: "Verborgen activiteit" });
    await createSession(tx, { activityId: hidden.id, startsAt: t + DAY });
    const weekly = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Taalcafé" });
    const [series] = await tx.insert(activitySeries).values({ activityId: weekly.id, rule: {}, capacity: 1, createdAt: t }).returning();
    const seriesSessions = [];
    for (let week = 0; week < 3; week++) {
      seriesSessions.push(
        await createSession(tx, {
          activityId: weekly.id,
          seriesId: series!.id,
          startsAt: t + (week * 7 + 5) * DAY,
          capacity: 1,
          occurrenceDate: `2026-12-0${week + 1}`,
        }),
      );
    }
    const anna = await createUser(tx, { neighbourhoodId: area.id, name: "Anna", email: "anna@example.org" });
    const bert = await createUser(tx, { neighbourhoodId: area.id, name: "Bert", email: "bert@example.org" });
    const carla = await createUser(tx, { neighbourhoodId: area.id, name: "Carla", email: "carla@example.org" });
    await createVolunteerProfile(tx, { userId: anna.id, travelRange: "own" });
    return {
      area: area.id,
      walking: walking.id,
      initiative: plan!.id,
      full: full.id,
      roomy: roomy.id,
      soon: soon.id,
      host: host.id,
      vogShift: vogShift.id,
      choir: choir.id,
      choirSession: choirSession.id,
      choirShift: choirShift.id,
      hidden: hidden.id,
      garden: garden.id,
      weekly: weekly.id,
      series: series!.id,
      seriesSessions: seriesSessions.map((s) => s.id),
      anna: anna.id,
      bert: bert.id,
      carla: carla.id,
    };
  });
}

/** Registers the shared world for the calling test file: a test server with the seeded activities. */
export function setUpActivityPagesWorld() {
  beforeAll(async () => {
    server = await startTestServer({ now: () => t });
    ids = await seed();
  });
  afterAll(() => server.close());
}

/** A client signed in as the person (a session row and its signed cookie, as sign-in makes them). */
export const signedIn = (userId: number) => signedInClient(server, userId, t);

export const text = async (response: Response) =>
  (await response.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

export async function follow(client: ReturnType<typeof createBrowserlessClient>, response: Response) {
  expect(response.status).toBe(302);
  return client.get(response.headers.get("location")!);
}
