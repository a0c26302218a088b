import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { circleTaskClaim, helpRequest } from "#db/schema";
import {
  createCareRecipient,
  createCircle,
  createCircleTaskRecord,
  createFacility,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// The circle hand-off and the traced facility hand-off over real HTTP, without JavaScript.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026, 10:00 in Amsterdam
/** Local Amsterdam winter time (UTC+1) as an instant. */
const cet = (m: number, d: number, h: number) => Date.UTC(2026, m - 1, d, h - 1);
const ids = {} as Record<"town" | "north" | "carer" | "member" | "coordinator" | "circle" | "quiet" | "facility", number>;

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  await server.database.write(async (tx) => {
    ids.town = (await createMunicipality(tx)).id;
    ids.north = (await createNeighbourhood(tx, { municipalityId: ids.town, name: "Noorderkwartier" })).id;
    ids.carer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Carla Mantelzorg" })).id;
    ids.member = (await createUser(tx, { neighbourhoodId: ids.north, name: "Mees Lid" })).id;
    ids.coordinator = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coco Coördinator" })).id;
    await grantCoordinator(tx, ids.coordinator, [ids.north]);
    const anna = await createCareRecipient(tx, { carerId: ids.carer, neighbourhoodId: ids.north, firstName: "Anna" });
    ids.circle = (
      await createCircle(tx, { careRecipientId: anna.id, neighbourhoodId: ids.north, leadId: ids.carer, members: [{ userId: ids.member }] })
    ).id;
    await createCircleTaskRecord(tx, {
      circleId: ids.circle,
      kind: "meal",
      startsAt: cet(11, 30, 17),
      title: "Soep bij oma",
      notes: "Pillen!",
    });
    await createCircleTaskRecord(tx, { circleId: ids.circle, kind: "ride", startsAt: cet(12, 2, 10), title: "Naar de huisarts" });
    const bep = await createCareRecipient(tx, { carerId: ids.member, neighbourhoodId: ids.north, firstName: "Bep" });
    ids.quiet = (await createCircle(tx, { careRecipientId: bep.id, neighbourhoodId: ids.north, leadId: ids.member })).id;
    const taken = await createCircleTaskRecord(tx, { circleId: ids.quiet, startsAt: cet(12, 3, 18) });
    await tx.insert(circleTaskClaim).values({ occurrenceId: taken.occurrence.id, userId: ids.member, claimedAt: t });
    ids.facility = (
      await createFacility(tx, {
        municipalityId: ids.town,
        neighbourhoodId: ids.north,
        service: { name: "Schuldhulp Noord", category: "debt-income" },
      })
    ).service.id;
  });
});
afterAll(() => server.close());

const as = (who: "carer" | "member" | "coordinator" | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], t);

const fields = (extra: Record<string, string> = {}) => ({
  forWhom: "self",
  kind: "transport",
  schedule: "windows",
  "windows[0].date": "2026-11-30",
  "windows[0].startTime": "17:00",
  "windows[0].endTime": "18:00",
  neighbourhoodId: String(ids.north),
  address: "Kerkstraat 7",
  urgency: "normal",
  publicText: "Onze kring zoekt hulp bij: maaltijd, vervoer.",
  ...extra,
});

describe("/circles/:id/hand-off", () => {
  test("the lead gets the form pre-filled with kinds, days and times; no task titles or notes", async () => {
    const page = await (await as("carer")).get(`/circles/${ids.circle}/hand-off`);
    expect(page.status).toBe(200);
    const body = await html(page);
    expect(body).toContain("Onze kring zoekt hulp bij: maaltijd, vervoer. Op: ma 30 nov, wo 2 dec.");
    expect(body).toMatch(/name="windows\[0\]\.date"[^>]*value="2026-11-30"|value="2026-11-30"[^>]*name="windows\[0\]\.date"/);
    expect(body).toContain('autoComplete="street-address"');
    for (const secret of ["Soep bij oma", "Pillen!", "Naar de huisarts"]) expect(body).not.toContain(secret);
  });

  test("one submit creates the request with the circle and goes to its page", async () => {
    const response = await (await as("carer")).post(`/circles/${ids.circle}/hand-off`, fields());
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/requests\/\d+\?created$/);
    const id = Number(location.split("/")[2]!.split("?")[0]);
    const row = await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) });
    expect(row).toMatchObject({ circleId: ids.circle, requesterId: ids.carer });
  });

  test("care details without the consent: the error next to the box, what was typed kept", async () => {
    const response = await (await as("carer")).post(`/circles/${ids.circle}/hand-off`, fields({ privateText: "Anna hoort slecht." }));
    expect(response.status).toBe(400);
    const body = await html(response);
    expect(body).toContain("Anna hoort slecht.");
    expect(body).toContain("Kerkstraat 7");
  });

  test("a member who does not lead gets 404; nothing to hand off is said plainly, and refused", async () => {
    expect((await (await as("member")).get(`/circles/${ids.circle}/hand-off`)).status).toBe(404);
    expect((await (await as("coordinator")).post(`/circles/${ids.circle}/hand-off`, fields())).status).toBe(404);
    const quiet = await (await as("member")).get(`/circles/${ids.quiet}/hand-off`);
    expect(quiet.status).toBe(200);
    expect(await html(quiet)).toContain("Er zijn geen open taken in de komende 4 weken.");
    const refused = await (await as("member")).post(`/circles/${ids.quiet}/hand-off`, fields({ "windows[0].date": "2026-12-03" }));
    expect(refused.status).toBe(400);
    expect(await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.circleId, ids.quiet) })).toBeUndefined();
    expect(await html(refused)).toContain("Er zijn geen open taken in de komende 4 weken.");
  });
});

describe("the facility hand-off, traced", () => {
  test("/requests/new?facility= carries the facility; the coordinator's facility page counts it; the public page does not", async () => {
    const carer = await as("carer");
    const form = await html(await carer.get(`/requests/new?facility=${ids.facility}`));
    expect(form).toMatch(new RegExp(`name="facilityId"[^>]*value="${ids.facility}"|value="${ids.facility}"[^>]*name="facilityId"`));
    const response = await carer.post("/requests/new", fields({ kind: "paperwork", facilityId: String(ids.facility) }));
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("location")!.split("/")[2]!.split("?")[0]);
    expect((await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!.facilityId).toBe(ids.facility);

    const coordinatorPage = await html(await (await as("coordinator")).get(`/facilities/${ids.facility}`));
    expect(coordinatorPage).toContain("Hulpvragen via deze voorziening");
    const publicPage = await (await as(null)).get(`/facilities/${ids.facility}`);
    expect(publicPage.status).toBe(200);
    expect(await html(publicPage)).not.toContain("Hulpvragen via deze voorziening");
    expect(await html(await (await as("carer")).get(`/facilities/${ids.facility}`))).not.toContain("Hulpvragen via deze voorziening");
  });
});
