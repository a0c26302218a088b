import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { consent, helpRequest } from "#db/schema";
import { createMunicipality, createNeighbourhood, createUser, createVolunteerProfile, grantCoordinator } from "~/demo/builders";
import { html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Withdrawing care-details consent over real HTTP, without JavaScript: the section on the
// requester's request page and on the coordinator's page (intake), the "I understand" box checked
// on the server with the message next to it, not-found for others, and the history on /me/data.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026
const ids = {} as Record<"north" | "carer" | "carerEn" | "volunteer" | "coordinator" | "resident", number>;
const PRIVATE = "Vader is snel in de war.";

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noorderkwartier" })).id;
    ids.carer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Carla Mantelzorg" })).id;
    ids.carerEn = (await createUser(tx, { neighbourhoodId: ids.north, name: "Cora English", locale: "en" })).id;
    ids.volunteer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Anna Helpt" })).id;
    await createVolunteerProfile(tx, { userId: ids.volunteer });
    ids.coordinator = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coco Coördinator" })).id;
    await grantCoordinator(tx, ids.coordinator, [ids.north]);
    ids.resident = (await createUser(tx, { neighbourhoodId: ids.north, name: "Rob Rest" })).id;
  });
});
afterAll(() => server.close());

const signedIn = (who: keyof typeof ids) => signedInClient(server, ids[who], t);

const fields = () => ({
  kind: "shopping",
  schedule: "windows",
  "windows[0].date": "2026-12-02",
  "windows[0].startTime": "10:00",
  "windows[0].endTime": "12:00",
  neighbourhoodId: String(ids.north),
  address: "Kerkstraat 7",
  urgency: "normal",
  publicText: "Wie kan wekelijks boodschappen doen bij de supermarkt?",
  privateText: PRIVATE,
  careConsent: "on",
});

async function ask(who: "carer" | "carerEn") {
  const response = await (await signedIn(who)).post("/requests/new", { ...fields(), forWhom: "self" });
  expect(response.status).toBe(302);
  return Number(response.headers.get("location")!.split("/")[2]!.split("?")[0]);
}
/** The consents part of /me/data: from its heading to the next one. */
const consentsPart = (page: string) => page.split(/<h2[^>]*>Toestemmingen<\/h2>/)[1]!.split("<h2")[0]!;
const rowOf = async (id: number) => (await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;

describe("the requester's request page", () => {
  test("shows when consent was given; without the tick a message next to the box (400), with it the details go", async () => {
    const id = await ask("carer");
    const carer = await signedIn("carer");
    const page = await html(await carer.get(`/requests/${id}`));
    expect(page).toContain("Toestemming voor zorggegevens");
    expect(page).toContain("(versie 2026-11-care-1)");
    expect(page).toContain("Ik begrijp dat de gegevens over zorg worden gewist");

    const missing = await carer.post(`/requests/${id}`, { intent: "withdrawConsent" });
    expect(missing.status).toBe(400);
    const body = await html(missing);
    // The message sits next to the box, and the box points at it.
    const box = body.match(/<input[^>]*id="care-consent-confirm"[^>]*>/)?.[0] ?? "";
    expect(box).toContain('aria-invalid="true"');
    expect(box).toContain('aria-describedby="care-consent-confirm-error"');
    expect(body).toMatch(/id="care-consent-confirm-error"[^>]*>Zet een vinkje om te laten zien dat u begrijpt wat er gebeurt\./);
    expect(await rowOf(id)).toMatchObject({ privateText: PRIVATE, address: "Kerkstraat 7" });

    const done = await carer.post(`/requests/${id}`, { intent: "withdrawConsent", confirm: "on" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/requests/${id}?consentWithdrawn#care-consent-title`);
    expect(await rowOf(id)).toMatchObject({ privateText: "", address: "" });
    const after = await html(await carer.get(`/requests/${id}?consentWithdrawn`));
    expect(after).toContain("De toestemming is ingetrokken. De gegevens over zorg zijn gewist.");
    expect(after).toContain("Gewist (toestemming ingetrokken)");
    expect(after).not.toContain(PRIVATE);
    expect(after).not.toContain("Kerkstraat 7");
    expect(after).toContain("Wie kan wekelijks boodschappen doen bij de supermarkt?");
    // No second withdrawal offered; a replayed POST is a clear message, not a 500.
    expect(after).not.toContain('value="withdrawConsent"');
    const again = await carer.post(`/requests/${id}`, { intent: "withdrawConsent", confirm: "on" });
    expect(again.status).toBe(409);
    expect(await html(again)).toContain("De toestemming was al ingetrokken.");

    // The history on /me/data.
    const data = consentsPart(await html(await carer.get("/me/data")));
    expect(data).toContain("Gegevens over zorg");
    expect(data).toContain("Ingetrokken op");
    expect(data).toMatch(/<td>U<\/td>/);
  });

  test("in English for an English-speaking requester", async () => {
    const id = await ask("carerEn");
    const carer = await signedIn("carerEn");
    expect(await html(await carer.get(`/requests/${id}`))).toContain("Consent for care details");
    const missing = await carer.post(`/requests/${id}`, { intent: "withdrawConsent" });
    expect(missing.status).toBe(400);
    expect(await html(missing)).toContain("Tick the box to show that you understand what happens.");
  });

  test("a stranger, a volunteer and the coordinator (for a resident with an account) get 404; nothing changes", async () => {
    const id = await ask("carer");
    for (const who of ["resident", "volunteer"] as const) {
      const response = await (await signedIn(who)).post(`/requests/${id}`, { intent: "withdrawConsent", confirm: "on" });
      expect(response.status).toBe(404);
    }
    const coordinator = await signedIn("coordinator");
    expect((await coordinator.post(`/requests/${id}`, { intent: "withdrawConsent", confirm: "on" })).status).toBe(404);
    expect((await coordinator.post(`/coordinator/requests/${id}`, { intent: "withdrawConsent", confirm: "on" })).status).toBe(404);
    // The coordinator's page shows no withdrawal for a resident who can do it themself.
    expect(await html(await coordinator.get(`/coordinator/requests/${id}`))).not.toContain("Toestemming voor zorggegevens");
    expect(await rowOf(id)).toMatchObject({ privateText: PRIVATE, address: "Kerkstraat 7" });
  });
});

test("a request without care details shows no consent section", async () => {
  const { privateText: _p, careConsent: _c, ...plain } = fields();
  const response = await (await signedIn("carer")).post("/requests/new", { ...plain, forWhom: "self" });
  expect(response.status).toBe(302);
  const page = await html(await (await signedIn("carer")).get(response.headers.get("location")!));
  expect(page).toContain("Wie kan wekelijks boodschappen doen");
  expect(page).not.toContain("Toestemming voor zorggegevens");
});

describe("the coordinator's page, for a person registered at intake", () => {
  test("withdraws on the person's behalf after the tick; the contact name stays", async () => {
    const coordinator = await signedIn("coordinator");
    const created = await coordinator.post("/coordinator/intake", {
      ...fields(),
      contactName: "Meneer Pietersen",
      contactPhone: "0541 999888",
    });
    expect(created.status).toBe(302);
    const id = Number(created.headers.get("location")!.split("/")[2]!.split("?")[0]);
    const row = await rowOf(id);
    expect(await server.database.db.query.consent.findFirst({ where: eq(consent.id, row.careConsentId!) })).toMatchObject({
      userId: null,
      recordedById: ids.coordinator,
    });

    const page = await html(await coordinator.get(`/coordinator/requests/${id}`));
    expect(page).toContain("Toestemming voor zorggegevens");
    expect(page).toContain("Een coördinator heeft dat genoteerd.");
    const missing = await coordinator.post(`/coordinator/requests/${id}`, { intent: "withdrawConsent" });
    expect(missing.status).toBe(400);
    expect(await html(missing)).toMatch(/id="care-consent-confirm-error"[^>]*>Zet een vinkje/);

    const done = await coordinator.post(`/coordinator/requests/${id}`, { intent: "withdrawConsent", confirm: "on" });
    expect(done.status).toBe(302);
    expect(await rowOf(id)).toMatchObject({ privateText: "", address: "", contactPhone: null, contactName: "Meneer Pietersen" });
    const after = await html(await coordinator.get(`/coordinator/requests/${id}?done=withdrawConsent`));
    expect(after).toContain("De toestemming is ingetrokken. De gegevens over zorg zijn gewist.");
    expect(after).not.toContain("0541 999888");
    expect(after).not.toContain(PRIVATE);
    // Not the coordinator's own consent: their /me/data lists no care-details consent.
    expect(consentsPart(await html(await coordinator.get("/me/data")))).not.toContain("Gegevens over zorg");
  });
});
