import { mkdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { signal } from "#db/schema";
import { createHelpRequest, createMunicipality, createNeighbourhood, createUser, grantCoordinator } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// The municipal report in Chromium: axe clean, reflows at 320 px, and the print layout (A4) hides
// the navigation and the forms. The screenshot of the print layout is kept in test-results/.

vi.setConfig({ testTimeout: 60_000 });

const DAY = 24 * 3_600_000;
const screenshots = path.resolve(import.meta.dirname, "../../test-results");
const e2e = setUpBrowserTests();
let srv: E2eServer;
let coordinatorId: number;
let englishCoordinatorId: number;

beforeAll(async () => {
  srv = e2e.srv;
  const now = Date.now();
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Hoflanden-e2e" });
    const north = await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" });
    const south = await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" });
    coordinatorId = (await createUser(tx, { neighbourhoodId: north.id, name: "Cora" })).id;
    await grantCoordinator(tx, coordinatorId, [north.id, south.id]);
    englishCoordinatorId = (await createUser(tx, { neighbourhoodId: south.id, name: "Colin", locale: "en" })).id;
    await grantCoordinator(tx, englishCoordinatorId, [south.id]);
    const carer = await createUser(tx, { neighbourhoodId: north.id });
    for (let i = 0; i < 40; i++) {
      await createHelpRequest(tx, {
        requesterId: carer.id,
        neighbourhoodId: i % 3 === 0 ? south.id : north.id,
        kind: i % 4 === 0 ? "transport" : "respite",
        status: i % 5 === 0 ? "expired" : "open",
        createdAt: now - (40 + i * 8) * DAY,
      });
    }
    await tx.insert(signal).values({
      municipalityId: town.id,
      kind: "supply",
      neighbourhoodId: north.id,
      category: "kind:respite",
      title: "Te weinig respijtaanbod in Noord",
      description: "Mantelzorgers wachten lang op een vrijwilliger voor respijt.",
      status: "raised",
      raisedOn: "2026-01-15",
      raisedWith: "Wethouder zorg",
      createdAt: now,
      updatedAt: now,
    });
  });
});

describe("the municipal report in a browser", () => {
  it("has no axe violations and reflows at 320 px", async () => {
    const { page } = await e2e.open({ viewport: { width: 320, height: 800 }, as: coordinatorId });
    const response = await visit(page, `${srv.url}/signals/report`);
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Knelpunten in Hoflanden-e2e" }).waitFor();
    expect(await page.getByText("Te weinig respijtaanbod in Noord").count()).toBe(1);
    await expectNoViolations(page);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  it("prints as a clean A4 document: no navigation, no forms, charts and tables kept", async () => {
    const { page } = await e2e.open({ viewport: { width: 794, height: 1123 }, as: coordinatorId });
    await visit(page, `${srv.url}/signals/report`);
    expect(await page.locator("nav.site-nav").isVisible()).toBe(true);
    expect(await page.locator("form.period-form").isVisible()).toBe(true);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.site-header").isVisible()).toBe(false);
    expect(await page.locator("nav.site-nav").isVisible()).toBe(false);
    expect(await page.locator("footer.site-footer").isVisible()).toBe(false);
    expect(await page.locator("form").evaluateAll((forms) => forms.filter((f) => (f as HTMLElement).offsetParent !== null).length)).toBe(0);
    expect(await page.getByRole("heading", { level: 1, name: "Knelpunten in Hoflanden-e2e" }).isVisible()).toBe(true);
    expect(await page.locator("svg.chart__svg").first().isVisible()).toBe(true);
    expect(await page.locator("table.figure-table").first().isVisible()).toBe(true);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "signals-report-print.png"), fullPage: true });
    // Chromium's own print to PDF uses the @page rule: A4 pages.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThan(0);
    expect(pdf.toString("latin1")).toMatch(/\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]/);
  });

  it("the overview is accessible in English too", async () => {
    const { page } = await e2e.open({ language: "en", as: englishCoordinatorId });
    const response = await visit(page, `${srv.url}/signals`);
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Signals and figures" }).waitFor();
    await expectNoViolations(page);
  });
});
