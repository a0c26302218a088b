import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  createActivity,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// /me/schedule in a browser: axe (nl and en), reflow at 320 px, and it works without JavaScript.

vi.setConfig({ testTimeout: 60_000 });

const DAY = 24 * 3_600_000;
const e2e = setUpBrowserTests();
let srv: E2eServer;
let annaId: number;

beforeAll(async () => {
  srv = e2e.srv;
  const now = Date.now();
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    annaId = (await createUser(tx, { neighbourhoodId: area.id, name: "Anna" })).id;
    const carer = await createUser(tx, { neighbourhoodId: area.id, name: "Carla" });
    const org = await createOrganisation(tx);
    const activity = await createActivity(tx, {
      organisationId: org.id,
      neighbourhoodId: area.id,
      title: "Wandelclub met een heel lange naam voor kleine schermen",
    });
    const startsAt = now + 2 * DAY;
    const session = await createSession(tx, { activityId: activity.id, startsAt });
    await createSignupRecord(tx, { sessionId: session.id, userId: annaId });
    const later = await createSession(tx, { activityId: activity.id, startsAt: now + 3 * DAY });
    await createSignupRecord(tx, { sessionId: later.id, userId: annaId, status: "cancelled" });
    const request = await createHelpRequest(tx, {
      neighbourhoodId: area.id,
      requesterId: carer.id,
      status: "matched",
      matchedVolunteerId: annaId,
      matchedAt: now - 10 * DAY,
    });
    await createHelpSession(tx, { requestId: request.id, startsAt: startsAt + 3_600_000 });
    await createHelpSession(tx, { requestId: request.id, startsAt: now - 3 * DAY });
  });
});

describe("/me/schedule in a browser", () => {
  for (const language of ["nl", "en"] as const) {
    it(`has no axe violations and reflows at 320 px (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 }, as: annaId });
      const response = await visit(page, `${srv.url}/me/schedule`);
      expect(response?.status()).toBe(200);
      expect(await page.locator(".schedule-item--clash").count()).toBe(2);
      await expectNoViolations(page);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    });
  }

  it("works without JavaScript: the next-period link loads the next period", async () => {
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: annaId });
    await visit(page, `${srv.url}/me/schedule`);
    expect(await page.getByRole("heading", { level: 1, name: "Mijn agenda" }).count()).toBe(1);
    await page.getByRole("link", { name: "Volgende periode" }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/);
    expect(await page.getByText("In deze periode staat niets in uw agenda.").count()).toBe(1);
  });
});
