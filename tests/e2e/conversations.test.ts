import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { circleUpdate, message } from "#db/schema";
import { createCareRecipient, createCircle, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, uniqueEmail, visit, type E2eServer, type OpenedContext } from "#tests/support/browser";

// The circle's updates board and conversation in a real browser (issue 16): without JavaScript,
// at 320 px, with no axe violations: the lead posts an update, a member sends a message (after
// an empty one is refused next to the field), and the lead sees it as read.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const ids = { lead: 0, member: 0, circle: 0 };

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    const person = async (name: string) => (await createUser(tx, { name, neighbourhoodId: area.id, email: uniqueEmail("circle") })).id;
    ids.lead = await person("Lotte Leider");
    ids.member = await person("Maarten Lid");
    const recipient = await createCareRecipient(tx, { carerId: ids.lead, neighbourhoodId: area.id, firstName: "Opa Henk" });
    ids.circle = (
      await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId: area.id,
        leadId: ids.lead,
        members: [{ userId: ids.member }],
        name: "Kring rond Opa Henk",
      })
    ).id;
  });
});

const narrow = { viewport: { width: 320, height: 800 }, javaScriptEnabled: false, language: "nl" as const };

async function fits320(page: OpenedContext["page"]) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(clientWidth).toBe(320);
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(clientWidth);
}

/**
 * axe runs inside the page, so it checks the same page in a context with JavaScript (and 320 px
 * wide); the flows themselves run without.
 */
async function checkPage(as: number, path: string) {
  const { page } = await e2e.open({ viewport: { width: 320, height: 800 }, language: "nl", as });
  await open(page, path);
  await expectNoViolations(page);
  await fits320(page);
}

async function open(page: OpenedContext["page"], path: string) {
  const response = await visit(page, `${srv.url}${path}`);
  expect(response?.status(), path).toBe(200);
}

describe("a care circle's updates and conversation, without JavaScript at 320 px", () => {
  it("the lead posts an update; the member reads it", async () => {
    const { page } = await e2e.open({ ...narrow, as: ids.lead });
    await checkPage(ids.lead, `/circles/${ids.circle}/updates`);
    await open(page, `/circles/${ids.circle}/updates`);
    await fits320(page);
    await page.getByLabel("Uw nieuws").fill("Opa slaapt weer beter. Dank voor alle hulp!");
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.getByRole("status").filter({ hasText: "Uw nieuws staat erop." }).waitFor();
    await expect(page.getByText("Opa slaapt weer beter. Dank voor alle hulp!").count()).resolves.toBe(1);
    await fits320(page);
    await checkPage(ids.lead, `/circles/${ids.circle}/updates`);
    expect(await srv.database.db.select().from(circleUpdate).where(eq(circleUpdate.circleId, ids.circle))).toHaveLength(1);

    const member = await e2e.open({ ...narrow, as: ids.member });
    await open(member.page, `/circles/${ids.circle}/updates`);
    await member.page.getByText("Opa slaapt weer beter. Dank voor alle hulp!").waitFor();
    // Members may not post in this circle: no form, a short explanation.
    expect(await member.page.getByLabel("Uw nieuws").count()).toBe(0);
    await member.page.getByText("In deze kring plaatsen alleen de leiders nieuws.").waitFor();
    await checkPage(ids.member, `/circles/${ids.circle}/updates`);
  });

  it("a member sends a message; an empty one is refused next to the field; the lead reads it", async () => {
    const { page } = await e2e.open({ ...narrow, as: ids.member });
    await checkPage(ids.member, `/circles/${ids.circle}/messages`);
    await open(page, `/circles/${ids.circle}/messages`);
    await fits320(page);
    const field = page.getByRole("textbox", { name: "Uw bericht" });
    await page.getByRole("button", { name: "Versturen" }).click();
    await page.getByText("Schrijf eerst uw bericht.").waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await fits320(page);
    await field.fill("Ik breng zaterdag soep.");
    await page.getByRole("button", { name: "Versturen" }).click();
    await page.getByRole("status").filter({ hasText: "Uw bericht is verstuurd." }).waitFor();
    await page.getByText("Ik breng zaterdag soep.").waitFor();
    await page.getByText("Nog niet gelezen").waitFor();
    await fits320(page);
    expect(await srv.database.db.select().from(message)).toHaveLength(1);

    const lead = await e2e.open({ ...narrow, as: ids.lead });
    await open(lead.page, `/circles/${ids.circle}/messages`);
    await lead.page.getByText("Ik breng zaterdag soep.").waitFor();
    await lead.page.getByText("Maarten Lid").first().waitFor();
    await checkPage(ids.lead, `/circles/${ids.circle}/messages`);
    // The member now sees that the lead read it.
    await open(page, `/circles/${ids.circle}/messages`);
    await page.getByText("Gelezen door: Lotte Leider").waitFor();
  });
});
