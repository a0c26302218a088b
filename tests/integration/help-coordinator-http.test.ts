import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { careAccessLog, helpInvite, helpRequest } from "#db/schema";
import { createHelpInvite } from "~/demo/builders";
import { addRequest, buildWorld, NOW, type WorldIds } from "#tests/support/coordinator-world";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

const DAY = 86_400_000;
let server: TestServer;
let ids: WorldIds;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  ids = await buildWorld(server.database);
});
afterAll(() => server.close());

const clientFor = (who: keyof WorldIds | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], NOW);
const row = (id: number) => server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) });

/** A form POST with repeated fields (several checkboxes with one name). */
function postMany(client: Awaited<ReturnType<typeof clientFor>>, path: string, pairs: [string, string][]) {
  return client.get(path, {
    method: "POST",
    body: new URLSearchParams(pairs),
    headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
  });
}

describe("/coordinator", () => {
  test("shows the queue with marks and links, and keeps the other coordinator links", async () => {
    const slow = await addRequest(server.database, ids, { urgency: "high", createdAt: NOW - 2 * DAY });
    const response = await (await clientFor("coordNorth")).get("/coordinator");
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toContain("Hulpvragen die wachten");
    expect(page).toContain(`href="/coordinator/requests/${slow.id}"`);
    expect(page).toContain(`href="/coordinator/requests/${ids.request}"`);
    expect(page).toContain("Wacht te lang");
    expect(page).toContain('href="/coordinator/organisations"');
    expect(page).toContain('href="/coordinator/volunteers"');
    expect(page.indexOf(`/coordinator/requests/${slow.id}"`)).toBeLessThan(page.indexOf(`/coordinator/requests/${ids.request}"`));
  });

  test("residents are refused and visitors are sent to log in", async () => {
    expect((await (await clientFor("resident")).get("/coordinator")).status).toBe(403);
    const visitor = await (await clientFor(null)).get("/coordinator");
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login");
  });
});

describe("/coordinator/requests/:id", () => {
  test("shows details, care fields (logged) and ranked volunteers with reasons and checkboxes", async () => {
    const before = (await server.database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request))).length;
    const response = await (await clientFor("coordNorth")).get(`/coordinator/requests/${ids.request}`);
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toContain("Lindelaan 12");
    expect(page).toContain("Sleutel ligt onder de mat.");
    expect(page).toContain("Nina Dichtbij");
    expect(page).toContain(`name="volunteerId" value="${ids.vNear}"`);
    expect(page).toContain("Woont in dezelfde wijk.");
    expect(page).toContain("Kan 100% van de tijd (2 van 2 momenten helemaal).");
    expect(page).toContain("Heeft pauze tot en met 31 december 2026.");
    expect(page).toContain("<legend");
    expect((await server.database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request))).length).toBe(before + 1);
  });

  test("a coordinator elsewhere and a resident are refused", async () => {
    expect((await (await clientFor("coordSouth")).get(`/coordinator/requests/${ids.request}`)).status).toBe(404);
    expect((await (await clientFor("resident")).get(`/coordinator/requests/${ids.request}`)).status).toBe(404);
    const post = await postMany(await clientFor("coordSouth"), `/coordinator/requests/${ids.request}`, [
      ["intent", "ask"],
      ["volunteerId", String(ids.vNear)],
    ]);
    expect(post.status).toBe(404);
  });

  test("triage, then ask two volunteers: redirect after post, and the page says so", async () => {
    const request = await addRequest(server.database, ids, { status: "submitted" });
    const client = await clientFor("coordNorth");
    const triaged = await client.post(`/coordinator/requests/${request.id}`, { intent: "triage" });
    expect(triaged.status).toBe(302);
    expect((await row(request.id))!.status).toBe("open");

    const asked = await postMany(client, `/coordinator/requests/${request.id}`, [
      ["intent", "ask"],
      ["volunteerId", String(ids.vNear)],
      ["volunteerId", String(ids.vAdjacent)],
    ]);
    expect(asked.status).toBe(302);
    const location = asked.headers.get("location")!;
    expect(location).toBe(`/coordinator/requests/${request.id}?done=ask&count=2`);
    expect((await row(request.id))!.status).toBe("asked");
    expect(await server.database.db.select().from(helpInvite).where(eq(helpInvite.requestId, request.id))).toHaveLength(2);
    const page = await html(await client.get(location));
    expect(page).toContain("2 vrijwilliger(s) gevraagd.");
    expect(page).toContain("Al: gevraagd");
  });

  test("asking nobody or someone who does not fit shows a message, never a 500", async () => {
    const request = await addRequest(server.database, ids);
    const client = await clientFor("coordNorth");
    const none = await client.post(`/coordinator/requests/${request.id}`, { intent: "ask" });
    expect(none.status).toBe(400);
    expect(await html(none)).toContain("Kies minstens één vrijwilliger.");
    const wrong = await client.post(`/coordinator/requests/${request.id}`, { intent: "ask", volunteerId: String(ids.vBusy) });
    expect(wrong.status).toBe(400);
    expect(await html(wrong)).toContain("past niet (meer)");
  });

  test("confirms an offer and cancels a request", async () => {
    const offered = await addRequest(server.database, ids);
    await server.database.write((tx) => createHelpInvite(tx, { requestId: offered.id, volunteerId: ids.vNear, status: "offered" }));
    const client = await clientFor("coordNorth");
    const page = await html(await client.get(`/coordinator/requests/${offered.id}`));
    expect(page).toContain("Bevestig Nina Dichtbij als helper");
    const confirmed = await client.post(`/coordinator/requests/${offered.id}`, { intent: "confirm", volunteerId: String(ids.vNear) });
    expect(confirmed.status).toBe(302);
    expect(await row(offered.id)).toMatchObject({ status: "matched", matchedVolunteerId: ids.vNear });
    const again = await client.post(`/coordinator/requests/${offered.id}`, { intent: "confirm", volunteerId: String(ids.vNear) });
    expect(again.status).toBe(409);
    expect(await html(again)).toContain("Iemand anders helpt al");

    const toCancel = await addRequest(server.database, ids);
    const cancelled = await client.post(`/coordinator/requests/${toCancel.id}`, { intent: "cancel", reason: "Dubbel ingevoerd" });
    expect(cancelled.status).toBe(302);
    expect((await row(toCancel.id))!.status).toBe("cancelled");
  });
});
