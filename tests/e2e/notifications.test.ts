import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { emailSuppression, notificationSetting } from "#db/schema";
import { unsubscribeToken } from "~/domain/notifications/preferences.server";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer, type OpenedContext } from "#tests/support/browser";

// Mail settings on /me and the unsubscribe page in a browser: axe (nl and en), reflow at 320 px,
// and both work without JavaScript.

vi.setConfig({ testTimeout: 60_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
let annaId: number;
let bramId: number;
let areaId: number;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    areaId = area.id;
    const anna = await createUser(tx, { neighbourhoodId: area.id, name: "Anna" });
    annaId = anna.id;
    bramId = (await createUser(tx, { neighbourhoodId: area.id, name: "Bram" })).id;
    // Anna's mail bounced: the page explains it next to her settings.
    await tx.insert(emailSuppression).values({ address: anna.email, reason: "bounce", eventId: "msg_e2e", createdAt: Date.now() });
  });
});

const noHorizontalScroll = async (page: OpenedContext["page"]) => {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
};

describe("mail settings on /me in a browser", () => {
  for (const language of ["nl", "en"] as const) {
    it(`has no axe violations and reflows at 320 px (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 }, as: annaId });
      expect((await visit(page, `${srv.url}/me`))?.status()).toBe(200);
      expect(await page.locator("#notifications").count()).toBe(1);
      await expectNoViolations(page);
      await noHorizontalScroll(page);
    });
  }

  it("works without JavaScript: a missing value comes back with its message, a good one is saved", async () => {
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: bramId });
    await visit(page, `${srv.url}/me`);
    await page.getByLabel("Stuur mij elke week een overzicht").check();
    await page.getByLabel("Hoeveel uur van tevoren?").fill("");
    await page.getByRole("button", { name: "Instellingen opslaan" }).click();
    await page.getByText("Vul in hoeveel uur van tevoren. Of zet deze herinnering uit.").waitFor();
    expect(await page.getByLabel("Stuur mij elke week een overzicht").isChecked()).toBe(true);
    await page.getByLabel("Hoeveel uur van tevoren?").fill("4");
    await page.getByRole("button", { name: "Instellingen opslaan" }).click();
    await page.getByText("Uw instellingen zijn opgeslagen.").waitFor();
    const [row] = await srv.database.db.select().from(notificationSetting).where(eq(notificationSetting.userId, bramId));
    expect(row).toMatchObject({ hoursBefore: 4, digest: true, dayBeforeAt: "18:00", afterSession: true });
  });
});

describe("the unsubscribe page in a browser", () => {
  const linkFor = async (name: string) => {
    const person = await srv.database.write((tx) => createUser(tx, { neighbourhoodId: areaId, name }));
    return { person, url: `${srv.url}/unsubscribe/${encodeURIComponent(unsubscribeToken(srv.services.keys, person.id, "after-session"))}` };
  };

  for (const language of ["nl", "en"] as const) {
    it(`has no axe violations and reflows at 320 px, before and after (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 } });
      const { url } = await linkFor(`Unsubscriber ${language}`);
      await visit(page, url);
      await expectNoViolations(page);
      await noHorizontalScroll(page);
      await page
        .getByRole("button", {
          name: language === "nl" ? "Ja, stuur mij geen vragen na afloop meer" : "Yes, stop sending me questions after a session",
        })
        .click();
      await page.getByRole("status").waitFor();
      await expectNoViolations(page);
    });
  }

  it("its button works without JavaScript and without signing in", async () => {
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false });
    const { person, url } = await linkFor("Zonder JavaScript");
    await visit(page, url);
    await page.getByRole("button", { name: "Ja, stuur mij geen vragen na afloop meer" }).click();
    await page.getByText("Klaar. U krijgt geen vragen na afloop meer.").waitFor();
    const [row] = await srv.database.db.select().from(notificationSetting).where(eq(notificationSetting.userId, person.id));
    expect(row?.afterSession).toBe(false);
  });
});
