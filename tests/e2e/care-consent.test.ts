import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { consent, helpRequest } from "#db/schema";
import { CARE_DETAILS_CONSENT_VERSION } from "~/domain/help/shared";
import { createHelpRequest, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, uniqueEmail, visit, type E2eServer } from "#tests/support/browser";

// Withdrawing care-details consent in a browser (issue 14): the section on the requester's request
// page, the "I understand" box checked in the browser before anything is sent, the withdrawal, axe
// in nl and en, and the same without JavaScript.

vi.setConfig({ testTimeout: 60_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
let neighbourhoodId = 0;
const PRIVATE = "Moeder vergeet soms te eten.";

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
  });
});

/** A carer with a request that holds care details under their consent. */
async function carerWithRequest(locale: "nl" | "en") {
  return srv.database.write(async (tx) => {
    const carer = await createUser(tx, { neighbourhoodId, locale, email: uniqueEmail("consent") });
    const [given] = await tx
      .insert(consent)
      .values({ userId: carer.id, purpose: "care-details", version: CARE_DETAILS_CONSENT_VERSION, givenAt: Date.now() })
      .returning();
    const request = await createHelpRequest(tx, {
      neighbourhoodId,
      requesterId: carer.id,
      privateText: PRIVATE,
      address: "Molenweg 3",
      careConsentId: given!.id,
    });
    return { carer, request };
  });
}

describe("withdrawing care-details consent on the request page", () => {
  it("asks for the tick first, then withdraws; the page passes axe before and after", async () => {
    const { carer, request } = await carerWithRequest("nl");
    const { page } = await e2e.open({ as: carer.id, language: "nl" });
    await visit(page, `${srv.url}/requests/${request.id}`);
    await expect(page.getByRole("heading", { name: "Toestemming voor zorggegevens" }).isVisible()).resolves.toBe(true);
    await expectNoViolations(page);

    await page.getByRole("button", { name: "Toestemming intrekken" }).click();
    const message = page.getByText("Zet een vinkje om te laten zien dat u begrijpt wat er gebeurt.");
    await message.waitFor();
    const box = page.getByRole("checkbox", { name: /Ik begrijp dat de gegevens over zorg worden gewist/ });
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    expect(await box.getAttribute("aria-describedby")).toContain(await message.getAttribute("id"));
    const still = await srv.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, request.id) });
    expect(still?.privateText).toBe(PRIVATE);

    await box.check();
    await page.getByRole("button", { name: "Toestemming intrekken" }).click();
    await page.getByText("De toestemming is ingetrokken. De gegevens over zorg zijn gewist.").waitFor();
    expect(page.url()).toContain("consentWithdrawn");
    // What the page shows (the first document's hydration data is still in a script tag).
    expect(await page.locator("main").innerText()).not.toContain(PRIVATE);
    const after = await srv.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, request.id) });
    expect(after).toMatchObject({ privateText: "", address: "" });
    await expectNoViolations(page);
  });

  it("in English: the message for a missing tick, and axe", async () => {
    const { carer, request } = await carerWithRequest("en");
    const { page } = await e2e.open({ as: carer.id, language: "en" });
    await visit(page, `${srv.url}/requests/${request.id}`);
    await page.getByRole("button", { name: "Withdraw consent" }).click();
    await page.getByText("Tick the box to show that you understand what happens.").waitFor();
    await expectNoViolations(page);
  });

  it("without JavaScript: tick the box and send", async () => {
    const { carer, request } = await carerWithRequest("nl");
    const { page } = await e2e.open({ as: carer.id, language: "nl", javaScriptEnabled: false });
    await visit(page, `${srv.url}/requests/${request.id}`);
    // Without JavaScript the browser itself asks for the tick (the box is required); the server's own
    // message for a missing tick is in care-consent-http.test.ts.
    await page.getByRole("checkbox", { name: /Ik begrijp dat de gegevens over zorg worden gewist/ }).check();
    await page.getByRole("button", { name: "Toestemming intrekken" }).click();
    await page.getByText("De toestemming is ingetrokken. De gegevens over zorg zijn gewist.").waitFor();
    expect(await page.locator("main").innerText()).not.toContain(PRIVATE);
  });
});
