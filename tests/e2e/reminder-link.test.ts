import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { signup } from "#db/schema";
import { reminderLinkToken } from "~/domain/notifications/reminder-links.server";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// The one-click page from a reminder email in a browser, not signed in: axe (nl and en), reflow at
// 320 px, and the button works without JavaScript.

vi.setConfig({ testTimeout: 60_000 });

const DAY = 24 * 3_600_000;
const e2e = setUpBrowserTests();
let srv: E2eServer;
const places: { signupId: number; userId: number; startsAt: number }[] = [];

beforeAll(async () => {
  srv = e2e.srv;
  const startsAt = Date.now() + 3 * DAY;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    const org = await createOrganisation(tx);
    const activity = await createActivity(tx, {
      organisationId: org.id,
      neighbourhoodId: area.id,
      title: "Buurtmaaltijd in het wijkgebouw met een lange naam",
      address: "Wijkgebouw De Kern, Lindelaan 120",
    });
    const session = await createSession(tx, { activityId: activity.id, startsAt });
    for (let i = 0; i < 3; i++) {
      const person = await createUser(tx, { neighbourhoodId: area.id, name: `Gast ${i}` });
      const place = await createSignupRecord(tx, { sessionId: session.id, userId: person.id });
      places.push({ signupId: place.id, userId: person.id, startsAt });
    }
  });
});

function linkFor(index: number, action: "confirm" | "cancel") {
  const place = places[index]!;
  return `${srv.url}/reminders/${reminderLinkToken(srv.services.keys, { kind: "signup", id: place.signupId, userId: place.userId, action, expiresAt: place.startsAt })}`;
}

describe("the reminder link page", () => {
  for (const language of ["nl", "en"] as const) {
    it(`has no axe violations and reflows at 320 px (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 } });
      const response = await visit(page, linkFor(0, "confirm"));
      expect(response?.status()).toBe(200);
      await expectNoViolations(page);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      const bad = await visit(page, `${srv.url}/reminders/not-a-token`);
      expect(bad?.status()).toBe(400);
      await expectNoViolations(page);
    });
  }

  it("cancels without JavaScript and without signing in", async () => {
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false });
    await visit(page, linkFor(1, "cancel"));
    await page.getByRole("button", { name: "Ja, meld mij af" }).click();
    await page.getByRole("heading", { level: 1, name: "U bent afgemeld" }).waitFor();
    const [row] = await srv.database.db.select().from(signup).where(eq(signup.id, places[1]!.signupId));
    expect(row).toMatchObject({ status: "cancelled", cancelledBy: "person" });
  });

  it("confirms with JavaScript (the same form, enhanced)", async () => {
    const { page } = await e2e.open({ language: "en" });
    await visit(page, linkFor(2, "confirm"));
    await page.getByRole("button", { name: "Yes, I am coming" }).click();
    await page.getByRole("heading", { level: 1, name: "Thank you!" }).waitFor();
    const [row] = await srv.database.db.select().from(signup).where(eq(signup.id, places[2]!.signupId));
    expect(row!.confirmedAt).not.toBeNull();
  });
});
