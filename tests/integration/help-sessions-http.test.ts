import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { helpSession } from "#db/schema";
import {
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// /requests/:id/sessions over HTTP: who may load it, bad input and refused actions answered with
// a status and a message, never a 500.

const DAY = 24 * 3_600_000;
let server: TestServer;
const ids = {} as Record<"carer" | "volunteer" | "coordinator" | "stranger" | "request" | "upcoming", number>;

beforeAll(async () => {
  server = await startTestServer();
  const now = Date.now();
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    for (const who of ["carer", "volunteer", "coordinator", "stranger"] as const)
      ids[who] = (await createUser(tx, { neighbourhoodId: area.id, name: `Naam ${who}` })).id;
    await grantCoordinator(tx, ids.coordinator, [area.id]);
    ids.request = (
      await createHelpRequest(tx, {
        neighbourhoodId: area.id,
        requesterId: ids.carer,
        status: "matched",
        matchedVolunteerId: ids.volunteer,
        matchedAt: now - DAY,
      })
    ).id;
    ids.upcoming = (await createHelpSession(tx, { requestId: ids.request, startsAt: now + 2 * DAY })).id;
  });
});
afterAll(() => server.close());

const clientFor = (who: "carer" | "volunteer" | "coordinator" | "stranger" | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], Date.now());
const path = () => `/requests/${ids.request}/sessions`;

describe("/requests/:id/sessions", () => {
  test("a visitor is sent to sign in; a stranger gets 404, as for an unknown or malformed id", async () => {
    const visitor = await (await clientFor(null)).get(path());
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login?redirectTo=");
    expect((await (await clientFor("stranger")).get(path())).status).toBe(404);
    expect((await (await clientFor("stranger")).post(path(), { intent: "end", reason: "x" })).status).toBe(404);
    expect((await (await clientFor("carer")).get("/requests/99999999/sessions")).status).toBe(404);
    expect((await (await clientFor("carer")).get("/requests/abc/sessions")).status).toBe(404);
  });

  test("each side and the coordinator see the page with the helper's name", async () => {
    for (const who of ["carer", "volunteer", "coordinator"] as const) {
      const response = await (await clientFor(who)).get(path());
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Helper: Naam volunteer");
    }
  });

  test("an unknown intent is 400; bad input is 400 with the message and nothing changes", async () => {
    const client = await clientFor("volunteer");
    expect((await client.post(path(), { intent: "explode" })).status).toBe(400);
    const bad = await client.post(path(), { intent: "schedule", date: "2026-13-40", startTime: "14:00", endTime: "13:00", repeat: "once" });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain("Vul een datum in, zoals 2026-12-01.");
    expect(page).toContain("De eindtijd moet na de begintijd liggen.");
    expect(await server.database.db.$count(helpSession, eq(helpSession.requestId, ids.request))).toBe(1);
  });

  test("a refused action (the carer may not plan; a session cancelled twice) is answered with a message, never a 500", async () => {
    const carer = await clientFor("carer");
    expect(
      (await carer.post(path(), { intent: "schedule", date: "2030-01-08", startTime: "14:00", endTime: "15:00", repeat: "once" })).status,
    ).toBe(404);
    const first = await carer.post(path(), { intent: "cancel", sessionId: String(ids.upcoming), reason: "Ziek" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${path()}?done=cancel`);
    const again = await carer.post(path(), { intent: "cancel", sessionId: String(ids.upcoming), reason: "Ziek" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Dit hulpmoment is al afgezegd.");
  });
});
