import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { helpRequest } from "#db/schema";
import {
  createCareRecipient,
  createCircle,
  createCircleTaskRecord,
  createMunicipality,
  createNeighbourhood,
  createUser,
} from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// The warm hand-off in real Chromium: the lead of a circle with open tasks opens the pre-filled
// help request with JavaScript off at 320 px, types the address and sends it in one go; the request
// is linked to the circle and carries no task title or note. Axe finds no violations on the form.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const ids = {} as Record<"lead" | "circle", number>;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    ids.lead = (await createUser(tx, { name: "Lea Leider", neighbourhoodId: area.id })).id;
    const recipient = await createCareRecipient(tx, { carerId: ids.lead, neighbourhoodId: area.id, firstName: "Anna" });
    ids.circle = (
      await createCircle(tx, { careRecipientId: recipient.id, neighbourhoodId: area.id, leadId: ids.lead, name: "Kring rond Anna" })
    ).id;
    for (const [days, kind, title] of [
      [2, "meal", "Soep brengen"],
      [3, "ride", "Naar de huisarts"],
    ] as const)
      await createCircleTaskRecord(tx, {
        circleId: ids.circle,
        kind,
        title,
        notes: "Geheime notitie.",
        startsAt: Date.now() + days * 86_400_000,
      });
  });
});

async function noHorizontalScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(320);
}

describe("the warm hand-off", () => {
  it("the lead sends the open tasks as one help request, JavaScript off, at 320 px", async () => {
    const { page } = await e2e.open({ as: ids.lead, viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    const response = await visit(page, `${srv.url}/circles/${ids.circle}/hand-off`);
    expect(response?.status()).toBe(200);
    await noHorizontalScroll(page);
    const body = await page.content();
    expect(body).not.toContain("Soep brengen");
    expect(body).not.toContain("Geheime notitie");
    await page.getByLabel("Adres", { exact: true }).fill("Kerkstraat 7");
    await page.getByRole("button", { name: "Hulpvraag versturen" }).click();
    await page.waitForURL(/\/requests\/\d+/);
    const id = Number(/\/requests\/(\d+)/.exec(page.url())![1]);
    const [request] = await srv.database.db.select().from(helpRequest).where(eq(helpRequest.id, id));
    expect(request).toMatchObject({ circleId: ids.circle, requesterId: ids.lead, address: "Kerkstraat 7" });
    expect(`${request!.publicText} ${request!.privateText}`).not.toMatch(/Soep brengen|Naar de huisarts|Geheime notitie/);
  });

  it("axe finds no violations on the hand-off form", async () => {
    const { page } = await e2e.open({ as: ids.lead });
    await visit(page, `${srv.url}/circles/${ids.circle}/hand-off`);
    await expectNoViolations(page);
  });
});
