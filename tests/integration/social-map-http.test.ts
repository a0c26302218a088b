import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { facilityService } from "#db/schema";
import { tileImageSources } from "~/server/http";
import {
  addMember,
  createActivity,
  createCooperation,
  createFacility,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession as createActivitySession,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createBrowserlessClient, htmlWithBrackets as html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Monday 2 November 2026, 10:30 in Amsterdam.
const now = Date.UTC(2026, 10, 2, 9, 30);
const DAY = 86_400_000;

let server: TestServer;
const ids = {} as Record<"area" | "resident" | "coordinator" | "member" | "inloop" | "schuld" | "taal" | "activity", number>;
let areaSlug = "";
let postcodeArea = "";

beforeAll(async () => {
  server = await startTestServer({ now: () => now, env: { MAP_TILE_URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png" } });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Esch" });
    ids.area = area.id;
    areaSlug = area.slug;
    postcodeArea = area.postcodes[0]!;
    ids.resident = (await createUser(tx, { neighbourhoodId: area.id, name: "Rita Bewoner", postcode: `${postcodeArea}AB` })).id;
    ids.coordinator = (await createUser(tx, { neighbourhoodId: area.id, name: "Karin Coördinator" })).id;
    await grantCoordinator(tx, ids.coordinator, [area.id]);
    ids.member = (await createUser(tx, { neighbourhoodId: area.id, name: "Mo Lid" })).id;
    const club = await createOrganisation(tx, { name: "Buurthuis De Esch" });
    await addMember(tx, club.id, ids.member);
    const inloop = await createFacility(tx, {
      municipalityId: town.id,
      neighbourhoodId: area.id,
      postcodeArea,
      organization: { name: "Welzijn Esch", organisationId: club.id },
      location: {
        name: "Buurthuis De Esch",
        address: "Esweg 12",
        latitude: 52.23,
        longitude: 6.89,
        accessibility: ["wheelchair", "hearing-loop"],
      },
      service: {
        name: "Koffie-inloop <b>Esch</b>",
        category: "culture",
        description: "Koffie en een praatje.",
        languages: ["nl", "ar"],
        email: "inloop@esch.example.org",
        phone: "053 123 45 67",
        url: "https://esch.example.org",
        waitingWeeks: 0,
        verifiedAt: now - 5 * DAY,
      },
      hours: [{ weekday: 1, opensAt: "09:00", closesAt: "12:00" }],
    });
    ids.inloop = inloop.service.id;
    ids.schuld = (
      await createFacility(tx, {
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea,
        service: {
          name: "Schuldhulpmaatje Esch",
          category: "debt-income",
          access: "waiting-list",
          waitingWeeks: 5,
          capacityStatus: "full",
          verifiedAt: now - 200 * DAY,
        },
      })
    ).service.id;
    ids.taal = (
      await createFacility(tx, {
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea,
        service: { name: "Taalcafé Esch", category: "language-integration", languages: ["nl", "ti"], verifiedAt: now },
        hours: [{ weekday: 3, opensAt: "19:00", closesAt: "21:00" }],
      })
    ).service.id;
    await createCooperation(tx, {
      fromServiceId: ids.inloop,
      toServiceId: ids.schuld,
      kind: "referral",
      purpose: "Bezoekers met geldzorgen",
    });
    ids.activity = (
      await createActivity(tx, {
        organisationId: club.id,
        neighbourhoodId: area.id,
        title: "Samen koken",
        facilityLocationId: inloop.location.id,
      })
    ).id;
    await createActivitySession(tx, { activityId: ids.activity, startsAt: now + 3 * 86_400_000 });
    // Held there only in the past: not listed on the facility page.
    const past = await createActivity(tx, {
      organisationId: club.id,
      neighbourhoodId: area.id,
      title: "Oude buurtmiddag",
      facilityLocationId: inloop.location.id,
    });
    await createActivitySession(tx, { activityId: past.id, startsAt: now - 30 * 86_400_000 });
  });
});
afterAll(() => server.close());

const clientFor = (who: keyof typeof ids | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], now);

/** The server-rendered result list (without the hydration data that follows). */
const listOf = (page: string) => page.slice(page.indexOf('id="map-results-title"'), page.indexOf("window.__remixContext"));

describe("/map without JavaScript", () => {
  test("lists every facility for a visitor, with a GET filter form", async () => {
    const response = await (await clientFor(null)).get("/map");
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toContain('<form method="get"');
    expect(page).toContain("3 voorzieningen gevonden");
    const list = listOf(page);
    expect(list).toContain("Schuldhulpmaatje Esch");
    expect(list).toContain("Taalcafé Esch");
    expect(list).toContain(`href="/facilities/${ids.inloop}"`);
    // Badges: waiting list, full, stale.
    expect(list).toContain("Wachttijd: 5 weken");
    expect(list).toContain("Vol");
    expect(list).toContain("Niet gecontroleerd");
  });

  test("filters by category, neighbourhood, language, open now and no waiting list; the form keeps them", async () => {
    const client = await clientFor(null);
    const byCategory = listOf(await html(await client.get("/map?category=debt-income")));
    expect(byCategory).toContain("Schuldhulpmaatje Esch");
    expect(byCategory).not.toContain("Taalcafé Esch");
    const openNow = await html(await client.get(`/map?openNow=on&neighbourhood=${areaSlug}`));
    expect(listOf(openNow)).toContain(`/facilities/${ids.inloop}`);
    expect(listOf(openNow)).not.toContain("Taalcafé Esch");
    expect(openNow).toMatch(/id="map-openNow"[^>]*checked/);
    const tigrinya = listOf(await html(await client.get("/map?language=ti")));
    expect(tigrinya).toContain("Taalcafé Esch");
    expect(tigrinya).not.toContain("Schuldhulpmaatje Esch");
    const noWait = listOf(await html(await client.get("/map?noWaitingList=on")));
    expect(noWait).not.toContain("Schuldhulpmaatje Esch");
    expect(noWait).toContain("Taalcafé Esch");
  });

  test("the results are shared between viewers, what the viewer may do is not: a coordinator's links never reach a visitor", async () => {
    const keeperLinks = /href="\/facilities\/new"|href="\/coordinator\/facilities"/;
    const coordinator = await html(await (await clientFor("coordinator")).get("/map"));
    expect(coordinator).toMatch(keeperLinks);
    const visitor = await html(await (await clientFor(null)).get("/map"));
    expect(visitor).not.toMatch(keeperLinks);
    expect(await html(await (await clientFor("resident")).get("/map"))).not.toMatch(keeperLinks);
    const cards = (page: string) => page.slice(page.indexOf('id="map-results-title"'), page.indexOf("</section>"));
    expect(cards(visitor)).toEqual(cards(coordinator));
    expect(await html(await (await clientFor("coordinator")).get("/map"))).toMatch(keeperLinks);
  });

  test("nonsense filters are ignored, not a 500", async () => {
    const response = await (await clientFor(null)).get("/map?category=nope&language=xx&after=abc&openNow=maybe");
    expect(response.status).toBe(200);
    expect(await html(response)).toContain("3 voorzieningen gevonden");
  });

  test("the CSP lets map tiles load from the configured tile host, and nothing else extra", async () => {
    const response = await (await clientFor(null)).get("/map");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/img-src 'self' data: https:\/\/\*\.tiles\.example\.org(;|$)/);
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(tileImageSources("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).toEqual(["https://tile.openstreetmap.org"]);
    expect(tileImageSources("/tiles/{z}/{x}/{y}.png")).toEqual([]);
    expect(tileImageSources("")).toEqual([]);
    expect(tileImageSources("https://evil.example.org;script-src *")).toEqual([]);
  });
});

describe("/facilities/:id", () => {
  test("shows everything: organisation, address, accessibility, hours, access, languages, contact, waiting, capacity, verified, partners, activities", async () => {
    const response = await (await clientFor(null)).get(`/facilities/${ids.inloop}`);
    expect(response.status).toBe(200);
    const page = await html(response);
    // The name is text, not markup.
    expect(await (await (await clientFor(null)).get(`/facilities/${ids.inloop}`)).text()).toContain(
      "Koffie-inloop &lt;b&gt;Esch&lt;/b&gt;",
    );
    for (const text of [
      "Welzijn Esch",
      "Esweg 12",
      "Toegankelijk met rolstoel",
      "Ringleiding",
      "Nu open, tot 12:00",
      "maandag",
      "09:00 – 12:00",
      "Zonder afspraak binnenlopen",
      "Nederlands, Arabisch",
      "mailto:inloop@esch.example.org",
      "tel:0531234567",
      "Geen wachttijd",
      "Plek vrij",
      "28 oktober 2026",
      "Verwijst naar",
      "Schuldhulpmaatje Esch",
      "Bezoekers met geldzorgen",
      "Samen koken",
      `/requests/new?facility=${ids.inloop}`,
    ]) {
      expect(page, text).toContain(text);
    }
    expect(page).not.toContain("Oude buurtmiddag");
    expect(page).not.toContain("Klopt nog");
  });

  test("a stale entry is marked, and the partner sees the link the other way", async () => {
    const page = await html(await (await clientFor(null)).get(`/facilities/${ids.schuld}`));
    expect(page).toContain("meer dan 6 maanden niet gecontroleerd");
    expect(page).toContain("Krijgt verwijzingen van");
  });

  test("an unknown facility is a 404", async () => {
    expect((await (await clientFor(null)).get("/facilities/999999")).status).toBe(404);
    expect((await (await clientFor(null)).get("/facilities/abc")).status).toBe(404);
  });

  test("a member of the linked organisation presses 'still correct'; a resident's POST is refused", async () => {
    await server.database.write((tx) =>
      tx
        .update(facilityService)
        .set({ verifiedAt: now - 300 * DAY })
        .where(eq(facilityService.id, ids.inloop)),
    );
    const resident = await clientFor("resident");
    expect((await resident.post(`/facilities/${ids.inloop}`, { intent: "verify" })).status).toBe(404);
    const member = await clientFor("member");
    const page = await html(await member.get(`/facilities/${ids.inloop}`));
    expect(page).toContain("Klopt nog");
    const response = await member.post(`/facilities/${ids.inloop}`, { intent: "verify" });
    expect(response.status).toBe(302);
    const [row] = await server.database.db.select().from(facilityService).where(eq(facilityService.id, ids.inloop));
    expect(row?.verifiedAt).toBe(now);
  });

  test("a coordinator records a cooperation; a bad form keeps what was typed, with errors at the fields", async () => {
    const coordinator = await clientFor("coordinator");
    const bad = await coordinator.post(`/facilities/${ids.taal}`, {
      intent: "addPartner",
      partnerId: "",
      kind: "referral",
      direction: "outgoing",
      purpose: "Taalvragen bij schulden",
    });
    expect(bad.status).toBe(400);
    const page = await html(bad);
    expect(page).toContain("Kies een voorziening.");
    expect(page).toContain('value="Taalvragen bij schulden"');
    const ok = await coordinator.post(`/facilities/${ids.taal}`, {
      intent: "addPartner",
      partnerId: String(ids.schuld),
      kind: "referral",
      direction: "outgoing",
      purpose: "Taalvragen bij schulden",
    });
    expect(ok.status).toBe(302);
    expect(await html(await coordinator.get(`/facilities/${ids.schuld}`))).toContain("Taalvragen bij schulden");
  });
});

describe("facility forms over HTTP", () => {
  const form = (overrides: Record<string, string> = {}) => ({
    "organization.name": "Stichting Nieuw",
    "location.name": "Wijkpunt",
    "location.address": "Lindelaan 1",
    "location.postcode": `${postcodeArea} ZZ`,
    "location.city": "Hoflanden",
    "service.name": "Spreekuur wonen",
    "service.category": "housing",
    "service.targetGroups": "everyone",
    "service.access": "walk-in",
    "service.languages": "nl",
    "service.capacityStatus": "open",
    "hours[0].weekday": "2",
    "hours[0].opensAt": "09:00",
    "hours[0].closesAt": "11:00",
    ...overrides,
  });

  test("invalid input is answered with 400, errors next to the fields, and the typed values kept", async () => {
    const coordinator = await clientFor("coordinator");
    const response = await coordinator.post(
      "/facilities/new",
      form({
        "location.postcode": "12AB",
        "service.waitingWeeks": "-3",
        "service.url": "http//kapot",
        "service.email": "geen-mail",
        "hours[1].weekday": "2",
        "hours[1].opensAt": "10:00",
        "hours[1].closesAt": "12:00",
        "hours[2].weekday": "4",
        "hours[2].opensAt": "15:00",
        "hours[2].closesAt": "14:00",
      }),
    );
    expect(response.status).toBe(400);
    const page = await html(response);
    for (const message of [
      "Vul een postcode in zoals 7511 AB.",
      "De wachttijd kan niet minder dan 0 weken zijn.",
      "Dit is geen geldig webadres.",
      "Dit is geen geldig e-mailadres.",
      "Deze tijden overlappen met andere tijden op dezelfde dag.",
      "De sluitingstijd moet na de openingstijd liggen.",
    ]) {
      expect(page, message).toContain(message);
    }
    expect(page).toContain('value="Spreekuur wonen"');
    expect(page).toContain('value="12AB"');
    expect(page).toContain('value="-3"');
    expect(page).toContain('value="http//kapot"');
  });

  test("a valid form creates the facility and shows it; a resident gets 403", async () => {
    expect((await (await clientFor("resident")).get("/facilities/new")).status).toBe(403);
    const coordinator = await clientFor("coordinator");
    expect((await coordinator.get("/facilities/new")).status).toBe(200);
    const response = await coordinator.post("/facilities/new", form());
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/facilities\/\d+$/);
    const page = await html(await coordinator.get(location));
    expect(page).toContain("Spreekuur wonen");
    expect(page).toContain(`${postcodeArea} ZZ`);
  });

  test("the facility's own people get the status form only", async () => {
    const member = await clientFor("member");
    const page = await html(await member.get(`/facilities/${ids.inloop}/edit`));
    expect(page).toContain('name="waitingWeeks"');
    expect(page).not.toContain('name="service.name"');
    const response = await member.post(`/facilities/${ids.inloop}/edit`, {
      mode: "status",
      waitingWeeks: "2",
      capacityStatus: "limited",
      "hours[0].weekday": "1",
      "hours[0].opensAt": "09:00",
      "hours[0].closesAt": "12:00",
    });
    expect(response.status).toBe(302);
    const [row] = await server.database.db.select().from(facilityService).where(eq(facilityService.id, ids.inloop));
    expect(row).toMatchObject({ waitingWeeks: 2, capacityStatus: "limited" });
    // The full form is refused for them, even when posted by hand.
    expect((await member.post(`/facilities/${ids.inloop}/edit`, form())).status).toBe(404);
  });
});

describe("hand-off and coordinator pages", () => {
  test("'ask for help with this' pre-fills the help request: kind from the category, text 'Via <name>: '", async () => {
    const resident = await clientFor("resident");
    const page = await html(await resident.get(`/requests/new?facility=${ids.schuld}`));
    expect(page).toContain("Via Schuldhulpmaatje Esch: ");
    expect(page).toMatch(/value="paperwork"[^>]*checked|checked[^>]*value="paperwork"|<option value="paperwork" selected/);
    // A visitor is sent to sign in first and comes back to the same pre-filled form.
    const visitor = await (await clientFor(null)).get(`/requests/new?facility=${ids.schuld}`);
    expect(visitor.status).toBe(302);
    expect(decodeURIComponent(visitor.headers.get("location") ?? "")).toContain(`/requests/new?facility=${ids.schuld}`);
    // An unknown facility just gives the empty form.
    expect((await resident.get("/requests/new?facility=999999")).status).toBe(200);
  });

  test("the coordinator's stale list and the cooperation overview", async () => {
    const coordinator = await clientFor("coordinator");
    const stale = await html(await coordinator.get("/coordinator/facilities"));
    expect(stale).toContain("Schuldhulpmaatje Esch");
    expect(stale).not.toContain("Taalcafé Esch");
    expect((await (await clientFor("resident")).get("/coordinator/facilities")).status).toBe(403);
    const overview = await html(await (await clientFor(null)).get("/map/cooperation"));
    expect(overview).toContain("Esch");
    expect(overview).toContain("Bezoekers met geldzorgen");
  });

  test("the main navigation has the social map for everyone", async () => {
    const page = await html(await (await clientFor(null)).get("/"));
    expect(page).toContain('href="/map"');
    expect(page).toContain("Sociale kaart");
  });
});
