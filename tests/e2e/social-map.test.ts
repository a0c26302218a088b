import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  addMember,
  createCooperation,
  createFacility,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
} from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// The social map in a real browser: filter the map, open a facility, hand off to a help request;
// axe clean, usable at 320 px, and the list without JavaScript. No tile server here (MAP_TILE_URL
// none): the markers must still carry the names.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests({ env: { MAP_TILE_URL: "none" } });
let srv: E2eServer;
const ids = {} as Record<"resident" | "debt" | "inloop", number>;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    ids.resident = (await createUser(tx, { name: "Rosa Bewoner", neighbourhoodId: area.id, postcodeArea: "7511" })).id;
    const club = await createOrganisation(tx, { name: "Buurthuis Binnenstad" });
    await addMember(tx, club.id, ids.resident);
    const base = { municipalityId: town.id, neighbourhoodId: area.id, postcodeArea: "7511" };
    ids.debt = (
      await createFacility(tx, {
        ...base,
        organization: { name: "Schuldhulpmaatje Hoflanden" },
        location: { name: "Wijkpunt Markt", address: "Marktstraat 3", latitude: 52.2215, longitude: 6.8937, accessibility: ["wheelchair"] },
        service: {
          name: "Schuldhulpmaatje",
          category: "debt-income",
          description: "Hulp bij schulden en papieren.",
          access: "walk-in",
          languages: ["nl", "ar"],
          verifiedAt: Date.now(),
        },
        hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: "09:00", closesAt: "17:00" })),
      })
    ).service.id;
    ids.inloop = (
      await createFacility(tx, {
        ...base,
        location: { name: "Buurthuis", address: "Kerkstraat 8", latitude: 52.2231, longitude: 6.8912 },
        service: { name: "Koffie-inloop", category: "culture", verifiedAt: Date.now() },
      })
    ).service.id;
    await createCooperation(tx, {
      fromServiceId: ids.inloop,
      toServiceId: ids.debt,
      kind: "referral",
      purpose: "Bezoekers met geldzorgen",
    });
  });
});

describe("the social map in a browser", () => {
  it("filters the map, opens a facility and hands off to a help request", async () => {
    const { page } = await e2e.open({ as: ids.resident });
    page.setDefaultTimeout(15_000);
    await visit(page, `${srv.url}/map`);
    await page.getByRole("heading", { level: 2, name: "2 voorzieningen gevonden" }).waitFor();
    // The Leaflet view: one keyboard-focusable marker per location, named without tiles. It loads
    // only when its place comes near the screen.
    await page.locator(".facility-map-slot").scrollIntoViewIfNeeded();
    await page.locator(".facility-marker").first().waitFor();
    expect(await page.locator(".facility-marker").count()).toBe(2);
    expect(await page.locator(".facility-marker").first().getAttribute("title")).toMatch(
      /Wijkpunt Markt: Schuldhulpmaatje|Buurthuis: Koffie-inloop/,
    );
    await expectNoViolations(page);

    await page.getByLabel("Soort hulp").selectOption("debt-income");
    await page.getByLabel("Taal").selectOption("ar");
    await page.getByRole("button", { name: "Zoeken" }).click();
    await page.getByRole("heading", { level: 2, name: "1 voorziening gevonden" }).waitFor();
    expect(page.url()).toContain("category=debt-income");
    await page.locator(".facility-map-slot").scrollIntoViewIfNeeded();
    await page.locator(".facility-marker").first().waitFor();
    expect(await page.locator(".facility-marker").count()).toBe(1);
    await expectNoViolations(page);

    await page.getByRole("link", { name: "Schuldhulpmaatje", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Schuldhulpmaatje" }).waitFor();
    expect(await page.getByText("Bezoekers met geldzorgen").count()).toBe(1);
    await expectNoViolations(page);

    await page.getByRole("link", { name: "Hulp vragen hierbij" }).click();
    await page.waitForURL(/\/requests\/new\?facility=/);
    expect(await page.locator('textarea[name="publicText"]').inputValue()).toBe("Via Schuldhulpmaatje: ");
    expect(await page.locator('select[name="kind"]').inputValue()).toBe("paperwork");
  });

  it("loads the map's code only when its place comes near the screen", async () => {
    const { page } = await e2e.open({ viewport: { width: 320, height: 640 } });
    // Scripts only: the page links Leaflet's stylesheet up front, so the map never shows unstyled.
    const mapCode: string[] = [];
    page.on("request", (request) => {
      if (/(facility-map|leaflet)[^/]*\.js$/i.test(new URL(request.url()).pathname)) mapCode.push(request.url());
    });
    await visit(page, `${srv.url}/map`);
    // Hydrated: the empty frame keeps the map's place, well below the first screen.
    const frame = page.locator('.facility-map[aria-busy="true"]');
    await frame.waitFor({ state: "attached" });
    expect((await frame.boundingBox())!.y).toBeGreaterThan(640 + 200);
    await page.waitForTimeout(500);
    expect(mapCode).toEqual([]);
    expect(await page.locator(".leaflet-container").count()).toBe(0);

    await page.locator(".facility-map-slot").scrollIntoViewIfNeeded();
    await page.locator(".facility-marker").first().waitFor();
    expect(mapCode.length).toBeGreaterThan(0);
    expect(await page.locator(".facility-marker").count()).toBe(2);
  });

  it("works at 320 px without sideways scrolling, and the list works without JavaScript", async () => {
    const narrow = await e2e.open({ viewport: { width: 320, height: 640 } });
    for (const path of ["/map", `/facilities/${ids.debt}`, "/map/cooperation"]) {
      const response = await visit(narrow.page, `${srv.url}${path}`);
      expect(response?.status(), path).toBe(200);
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await expectNoViolations(narrow.page);
    }

    const noJs = await e2e.open({ javaScriptEnabled: false });
    await noJs.page.goto(`${srv.url}/map`);
    expect(await noJs.page.locator(".facility-marker").count()).toBe(0);
    await noJs.page.getByLabel("Soort hulp").selectOption("culture");
    await noJs.page.getByRole("button", { name: "Zoeken" }).click();
    await noJs.page.getByRole("heading", { level: 2, name: "1 voorziening gevonden" }).waitFor();
    await noJs.page.getByRole("link", { name: "Koffie-inloop" }).click();
    await noJs.page.getByRole("heading", { level: 1, name: "Koffie-inloop" }).waitFor();
  });
});
