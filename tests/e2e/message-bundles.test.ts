import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createActivity, createMunicipality, createNeighbourhood, createOrganisation, createSession } from "~/demo/builders";
import { en } from "~/locales/en";
import { nl } from "~/locales/nl";
import { setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// Messages per namespace in a real browser (decision 039): a page starts with only the messages
// the server inlined, and client-side navigation to pages with other namespaces (activities, an
// activity, sign-in, the social map) shows their text, never a raw `namespace.key`.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests({ env: { MAP_TILE_URL: "none" } });
let srv: E2eServer;
const TITLE = "Koffie in de wijk";
const rawKey = new RegExp(`\\b(${Object.keys(nl).join("|")})\\.[A-Za-z]`);

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    const club = await createOrganisation(tx, { name: "Buurthuis Binnenstad" });
    const activity = await createActivity(tx, { organisationId: club.id, neighbourhoodId: area.id, title: TITLE });
    const startsAt = Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000;
    await createSession(tx, { activityId: activity.id, startsAt });
  });
});

/** The page's visible text and title hold no untranslated key. */
async function expectTranslated(page: Page) {
  const text = await page.locator("body").innerText();
  expect(text.match(rawKey)?.[0], text).toBeUndefined();
  expect(await page.title()).not.toMatch(rawKey);
}

describe("client-side navigation between pages with different messages", () => {
  it.each(["nl", "en"] as const)("shows translated text on every page (%s)", async (language) => {
    const m = language === "nl" ? nl : en;
    const { page } = await e2e.open({ language });
    page.setDefaultTimeout(15_000);
    const fetched: string[] = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/assets/messages/")) fetched.push(pathname);
    });
    await visit(page, `${srv.url}/`);
    await page.getByRole("heading", { level: 1, name: m.home.title }).waitFor();
    await expectTranslated(page);
    // A mark on the window: it survives client-side navigation, not a new document.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await page.getByRole("navigation", { name: m.app.mainNavigation }).getByRole("link", { name: m.nav.activities }).click();
    await page.getByRole("heading", { level: 1, name: m.activityPages.list.title }).waitFor();
    await expectTranslated(page);

    await page.getByRole("link", { name: TITLE }).first().click();
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await expectTranslated(page);

    await page.getByRole("link", { name: m.nav.login }).click();
    await page.getByRole("heading", { level: 1, name: m.login.title }).waitFor();
    await expect.poll(() => page.title()).toBe(`${m.login.title} · Noaber`);
    await expectTranslated(page);

    await page.getByRole("navigation", { name: m.app.mainNavigation }).getByRole("link", { name: m.nav.map }).click();
    await page.getByRole("heading", { level: 1, name: m.socialMap.map.title }).waitFor();
    await expectTranslated(page);

    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
    // What the navigation needed came as files in the page's language only.
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.every((p) => p.startsWith(`/assets/messages/${language}/`))).toBe(true);
    expect(await page.locator("html").getAttribute("lang")).toBe(language);
  });
});
