import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { HelpInviteStatus, HelpRequestStatus } from "~/domain/vocabulary";
import { careAccessLog, helpInvite, helpRequest } from "#db/schema";
import { createMunicipality, createNeighbourhood, createUser, createVolunteerProfile, grantCoordinator } from "~/demo/builders";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// The request pages over real HTTP, without JavaScript: asking (with field messages that keep
// what was typed, "add a time"), my requests, the request page per viewer with "who saw my
// details", accept/decline/offer/withdraw forms, open requests near me, coordinator intake.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026
const ids = {} as Record<"north" | "south" | "carer" | "volunteerA" | "volunteerB" | "coordinator" | "resident", number>;

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noorderkwartier" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuiderpark" })).id;
    ids.carer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Carla Mantelzorg", phone: "06-11112222" })).id;
    ids.volunteerA = (await createUser(tx, { neighbourhoodId: ids.north, name: "Anna Helpt" })).id;
    ids.volunteerB = (await createUser(tx, { neighbourhoodId: ids.north, name: "Bert Helpt" })).id;
    await createVolunteerProfile(tx, { userId: ids.volunteerA });
    await createVolunteerProfile(tx, { userId: ids.volunteerB });
    ids.coordinator = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coco Coördinator" })).id;
    await grantCoordinator(tx, ids.coordinator, [ids.north]);
    ids.resident = (await createUser(tx, { neighbourhoodId: ids.north, name: "Rob Rest" })).id;
  });
});
afterAll(() => server.close());

const signedIn = (who: keyof typeof ids | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], t);

const text = async (response: Response) =>
  (await response.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

const askFields = () => ({
  forWhom: "self",
  kind: "shopping",
  schedule: "windows",
  "windows[0].date": "2026-12-02",
  "windows[0].startTime": "10:00",
  "windows[0].endTime": "12:00",
  neighbourhoodId: String(ids.north),
  address: "Kerkstraat 7",
  urgency: "normal",
  publicText: "Wie kan wekelijks boodschappen doen bij de supermarkt?",
});

async function ask(extra: Record<string, string> = {}) {
  const response = await (await signedIn("carer")).post("/requests/new", { ...askFields(), ...extra });
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/^\/requests\/\d+\?created$/);
  return Number(location.split("/")[2]!.split("?")[0]);
}
async function setStatus(id: number, status: HelpRequestStatus) {
  await server.database.write((tx) => tx.update(helpRequest).set({ status }).where(eq(helpRequest.id, id)));
}
async function invite(id: number, who: keyof typeof ids, status: HelpInviteStatus = "asked") {
  await server.database.write((tx) => tx.insert(helpInvite).values({ requestId: id, volunteerId: ids[who], status, createdAt: t }));
}

describe("/requests/new", () => {
  test("needs a signed-in person; the menu offers asking for help and my requests, and open requests to volunteers", async () => {
    const anonymous = await (await signedIn(null)).get("/requests/new");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Frequests%2Fnew");
    const page = await (await signedIn("carer")).get("/requests/new");
    expect(page.status).toBe(200);
    const body = await text(page);
    expect(body).toContain("Hulp vragen");
    expect(body).toContain("Mijn hulpvragen");
    expect(body).not.toContain("Open hulpvragen");
    expect(body).toContain("Wat mag elke vrijwilliger lezen?");
    expect(await text(await (await signedIn("volunteerA")).get("/requests/new"))).toContain("Open hulpvragen");
  });

  test("bad input gets messages next to the fields, keeps what was typed, and is never a 500", async () => {
    const client = await signedIn("carer");
    const response = await client.post("/requests/new", {
      ...askFields(),
      "windows[0].date": "2026-11-27",
      privateText: "Zij is snel in de war.",
      careConsent: "",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Geef toestemming voor het opslaan van gegevens over zorg");
    // What was typed is kept in the form.
    expect(html).toContain("Zij is snel in de war.");
    expect(html).toContain('value="Kerkstraat 7"');
    expect(html).toContain('value="2026-11-27"');

    const past = await client.post("/requests/new", { ...askFields(), "windows[0].date": "2026-11-27" });
    expect(past.status).toBe(400);
    expect(await text(past)).toContain("Deze datum of tijd is al voorbij.");

    const outside = await client.post("/requests/new", { ...askFields(), neighbourhoodId: "999999" });
    expect(outside.status).toBe(400);
    expect(await text(outside)).toContain("Deze wijk hoort niet bij onze gemeente.");

    const garbage = await client.post("/requests/new", {
      kind: "skydiving",
      schedule: "sometimes",
      recurCount: "many",
      neighbourhoodId: "x",
    });
    expect(garbage.status).toBe(400);
    expect(await text(garbage)).toContain("Kies een soort hulp.");
  });

  test("'add a time' works without JavaScript", async () => {
    const client = await signedIn("carer");
    const raw = await (await client.get("/requests/new")).text();
    const intent = [...raw.matchAll(/name="__intent__" value="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&quot;/g, '"'))
      .find((v) => v.includes('"insert"') && v.includes('"windows"'));
    expect(intent).toBeDefined();
    const added = await client.post("/requests/new", { ...askFields(), __intent__: intent! });
    expect(added.status).toBe(200);
    const body = await text(added);
    expect(body).toContain("Moment 2");
    expect(body).toContain("Moment 1");
  });
});

describe("the request page", () => {
  test("the requester sees everything; a coordinator's look is logged and shown as 'who saw my details'; others get 404", async () => {
    const id = await ask({ privateText: "Sleutel onder de mat.", careConsent: "on" });
    const carer = await signedIn("carer");
    const first = await text(await carer.get(`/requests/${id}?created`));
    expect(first).toContain("Uw hulpvraag is verstuurd.");
    expect(first).toContain("Ingediend");
    expect(first).toContain("Kerkstraat 7");
    expect(first).toContain("Sleutel onder de mat.");
    expect(first).toContain("Nog niemand.");

    expect((await (await signedIn("volunteerA")).get(`/requests/${id}`)).status).toBe(404);
    expect((await (await signedIn("resident")).get(`/requests/${id}`)).status).toBe(404);
    // A visitor signs in first, for any number: the redirect says nothing about the request.
    const visitor = await (await signedIn(null)).get(`/requests/${id}`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toBe(`/login?redirectTo=%2Frequests%2F${id}`);

    const coordinatorPage = await text(await (await signedIn("coordinator")).get(`/requests/${id}`));
    expect(coordinatorPage).toContain("Kerkstraat 7");
    const logs = await server.database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, id));
    expect(logs.map((l) => l.viewerId)).toEqual([ids.coordinator]);

    const after = await text(await carer.get(`/requests/${id}`));
    expect(after).toContain("Wie heeft mijn gegevens bekeken?");
    expect(after).toContain("Coco Coördinator");
    expect(after).toContain("adres, telefoon, tekst voor de helper");

    const mine = await text(await carer.get("/requests"));
    expect(mine).toContain("Boodschappen");
    expect(mine).toContain("Ingediend");
  });

  test("an open request shows only what any volunteer may read; 'I can help' makes an offer", async () => {
    const id = await ask({ privateText: "Alleen voor de helper.", careConsent: "on" });
    await setStatus(id, "open");
    const volunteer = await signedIn("volunteerA");
    const page = await text(await volunteer.get(`/requests/${id}`));
    expect(page).toContain("Wie kan wekelijks boodschappen doen");
    expect(page).not.toContain("Kerkstraat");
    expect(page).not.toContain("Alleen voor de helper.");
    expect(page).not.toContain("Carla");

    const list = await text(await volunteer.get("/requests/open"));
    expect(list).toContain("Wie kan wekelijks boodschappen doen");
    expect(list).not.toContain("Kerkstraat");
    const offered = await volunteer.post("/requests/open", { requestId: String(id) });
    expect(offered.status).toBe(302);
    expect(offered.headers.get("location")).toBe(`/requests/${id}?offered`);
    const again = await volunteer.post("/requests/open", { requestId: String(id) });
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("U hebt al gereageerd op deze hulpvraag.");
    const row = await server.database.db.query.helpInvite.findFirst({
      where: and(eq(helpInvite.requestId, id), eq(helpInvite.volunteerId, ids.volunteerA)),
    });
    expect(row?.status).toBe("offered");

    const notVolunteer = await text(await (await signedIn("resident")).get("/requests/open"));
    expect(notVolunteer).toContain("U hebt nog geen vrijwilligersprofiel.");
  });

  test("asked volunteers accept or decline on the page; the second to accept gets a clear message, not a 500", async () => {
    const id = await ask();
    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    await invite(id, "volunteerB");
    const a = await signedIn("volunteerA");
    const b = await signedIn("volunteerB");
    const askedPage = await text(await a.get(`/requests/${id}`));
    expect(askedPage).toContain("U bent gevraagd om te helpen");
    expect(askedPage).not.toContain("Kerkstraat");

    const accepted = await a.post(`/requests/${id}`, { intent: "accept" });
    expect(accepted.status).toBe(302);
    const helper = await text(await a.get(accepted.headers.get("location")!));
    expect(helper).toContain("Bedankt! U helpt bij deze hulpvraag.");
    expect(helper).toContain("Kerkstraat 7");
    expect(helper).toContain("06-11112222");

    const late = await b.post(`/requests/${id}`, { intent: "accept" });
    expect(late.status).toBe(409);
    expect(await text(late)).toContain("Iemand anders helpt al bij deze hulpvraag.");
    const decline = await b.post(`/requests/${id}`, { intent: "decline", reason: "Te laat" });
    expect(decline.status).toBe(409);
  });

  test("declining with a reason, and the requester withdrawing", async () => {
    const id = await ask();
    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    const declined = await (await signedIn("volunteerA")).post(`/requests/${id}`, { intent: "decline", reason: "Ik ben op vakantie." });
    expect(declined.status).toBe(302);
    const row = await server.database.db.query.helpInvite.findFirst({
      where: and(eq(helpInvite.requestId, id), eq(helpInvite.volunteerId, ids.volunteerA)),
    });
    expect(row).toMatchObject({ status: "declined", reason: "Ik ben op vakantie." });
    expect((await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!.status).toBe("open");

    expect((await (await signedIn("resident")).post(`/requests/${id}`, { intent: "withdraw" })).status).toBe(404);
    const carer = await signedIn("carer");
    const withdrawn = await carer.post(`/requests/${id}`, { intent: "withdraw" });
    expect(withdrawn.status).toBe(302);
    const page = await text(await carer.get(withdrawn.headers.get("location")!));
    expect(page).toContain("De hulpvraag is ingetrokken.");
    expect(page).toContain("Ingetrokken");
    const twice = await carer.post(`/requests/${id}`, { intent: "withdraw" });
    expect(twice.status).toBe(409);
  });

  test("the requester changes a request on the edit page; others cannot open it", async () => {
    const id = await ask();
    const carer = await signedIn("carer");
    const form = await text(await carer.get(`/requests/${id}/edit`));
    expect(form).toContain("Hulpvraag veranderen");
    expect((await (await signedIn("resident")).get(`/requests/${id}/edit`)).status).toBe(404);
    const bad = await carer.post(`/requests/${id}/edit`, { ...askFields(), "windows[0].endTime": "09:00" });
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain("De eindtijd moet na de begintijd liggen.");
    const past = await carer.post(`/requests/${id}/edit`, { ...askFields(), "windows[0].date": "2026-11-20" });
    expect(past.status).toBe(400);
    expect(await text(past)).toContain("Deze datum of tijd is al voorbij.");
    const saved = await carer.post(`/requests/${id}/edit`, { ...askFields(), kind: "transport" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/requests/${id}?saved`);
    expect((await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!.kind).toBe("transport");
  });
});

describe("/coordinator/intake", () => {
  test("only coordinators; a registered request keeps the contact and has no requester", async () => {
    expect((await (await signedIn("resident")).get("/coordinator/intake")).status).toBe(403);
    const coordinator = await signedIn("coordinator");
    const page = await text(await coordinator.get("/coordinator/intake"));
    expect(page).toContain("Hulpvraag invoeren voor iemand");
    const { forWhom: _ignored, ...fields } = askFields();
    const missing = await coordinator.post("/coordinator/intake", { ...fields, contactName: "Meneer Pietersen" });
    expect(missing.status).toBe(400);
    expect(await text(missing)).toContain("Vul een telefoonnummer of e-mailadres in.");
    const created = await coordinator.post("/coordinator/intake", {
      ...fields,
      contactName: "Meneer Pietersen",
      contactPhone: "0541 999888",
    });
    expect(created.status).toBe(302);
    const id = Number(created.headers.get("location")!.split("/")[2]!.split("?")[0]);
    const row = (await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row).toMatchObject({
      requesterId: null,
      registeredById: ids.coordinator,
      contactName: "Meneer Pietersen",
      contactPhone: "0541 999888",
    });
    const view = await text(await coordinator.get(`/requests/${id}`));
    expect(view).toContain("Meneer Pietersen");
  });
});
