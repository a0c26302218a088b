import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createActivity,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// /me/schedule over HTTP: sign-in required, the page lists one's own items with links, and bad
// period values give a message (400), never a 500.

const DAY = 24 * 3_600_000;
let server: TestServer;
const ids = {} as Record<"anna" | "stranger" | "activity" | "request", number>;

beforeAll(async () => {
  server = await startTestServer();
  const now = Date.now();
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    ids.anna = (await createUser(tx, { neighbourhoodId: area.id, name: "Anna" })).id;
    ids.stranger = (await createUser(tx, { neighbourhoodId: area.id, name: "Stijn" })).id;
    const carer = await createUser(tx, { neighbourhoodId: area.id, name: "Carla" });
    const org = await createOrganisation(tx);
    ids.activity = (await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Wandelclub" })).id;
    const session = await createSession(tx, { activityId: ids.activity, startsAt: now + 2 * DAY });
    await createSignupRecord(tx, { sessionId: session.id, userId: ids.anna, status: "waitlisted" });
    ids.request = (
      await createHelpRequest(tx, {
        neighbourhoodId: area.id,
        requesterId: carer.id,
        status: "matched",
        matchedVolunteerId: ids.anna,
        matchedAt: now - 10 * DAY,
      })
    ).id;
    await createHelpSession(tx, { requestId: ids.request, startsAt: now - 3 * DAY });
  });
});
afterAll(() => server.close());

const clientFor = (who: "anna" | "stranger" | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], Date.now());

describe("/me/schedule", () => {
  test("a visitor is sent to sign in", async () => {
    const response = await (await clientFor(null)).get("/me/schedule");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/login?redirectTo=");
  });

  test("the page lists one's own items with links, status, hours and the nav item", async () => {
    const response = await (await clientFor("anna")).get("/me/schedule");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("<h1");
    expect(page).toContain("Mijn agenda");
    expect(page).toContain('href="/me/schedule"');
    expect(page).toContain("Meedoen: Wandelclub");
    expect(page).toContain(`href="/activities/${ids.activity}"`);
    expect(page).toContain("Op de wachtlijst");
    expect(page).toContain(`href="/requests/${ids.request}/sessions"`);
    expect(page).toContain("Uren nog bevestigen");
    expect(page).toContain("Europe/Amsterdam");
  });

  test("someone else sees none of it", async () => {
    const page = await (await (await clientFor("stranger")).get("/me/schedule")).text();
    expect(page).not.toContain("Wandelclub");
    expect(page).not.toContain(`/requests/${ids.request}/sessions`);
    expect(page).toContain("In deze periode staat niets in uw agenda.");
  });

  test("bad period values give 400 with a message and the default period, never a 500", async () => {
    const client = await clientFor("anna");
    for (const query of [
      "?from=morgen",
      "?from=2026-02-30",
      "?from=2026-12-01&to=2026-11-01",
      "?from=2026-01-01&to=2027-12-31",
      "?to=%00",
    ]) {
      const response = await client.get(`/me/schedule${query}`);
      expect(response.status, query).toBe(400);
      const page = await response.text();
      expect(page).toContain("Deze periode klopt niet. U ziet nu de komende 8 weken.");
      expect(page).toContain("Wandelclub");
    }
  });

  test("previous and next period links are plain GET links that work", async () => {
    const client = await clientFor("anna");
    const page = await (await client.get("/me/schedule")).text();
    const next = /href="(\/me\/schedule\?from=[\d-]+&amp;to=[\d-]+)"[^>]*>Volgende periode/.exec(page)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toBeDefined();
    const response = await client.get(next!);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("Wandelclub");
  });
});

describe("the calendar link on /me/schedule", () => {
  test("a POST shows a new feed link once; the feed works without signing in; a new link retires the old one", async () => {
    const anna = await clientFor("anna");
    const first = await anna.post("/me/schedule", {});
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toContain("no-store");
    const feed = (await first.text()).match(/\/calendar\/[A-Za-z0-9_-]{40,}\.ics/)?.[0];
    expect(feed).toBeTruthy();
    const ics = await fetch(`${server.url}${feed}`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
    // The link is not shown again on a plain visit.
    expect(await (await anna.get("/me/schedule")).text()).not.toContain(feed!);
    const second = await anna.post("/me/schedule", {});
    const renewed = (await second.text()).match(/\/calendar\/[A-Za-z0-9_-]{40,}\.ics/)?.[0];
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(feed);
    expect((await fetch(`${server.url}${feed}`)).status).toBe(404);
    expect((await fetch(`${server.url}${renewed}`)).status).toBe(200);
  });

  test("a visitor cannot make a feed link", async () => {
    const response = await (await clientFor(null)).post("/me/schedule", {});
    expect(response.status).toBe(302);
  });
});
