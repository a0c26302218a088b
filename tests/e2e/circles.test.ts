import { and, eq, isNull } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { circleMember, mailboxMessage } from "#db/schema";
import { createCareRecipient, createCircle, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, waitForMail, type E2eServer } from "#tests/support/browser";

// Care circles in a real browser (decision 048): the lead invites with the members page's form, the
// invited person opens the link from the local mailbox and accepts — both without JavaScript — and
// the circle pages pass axe and reflow at 320 CSS pixels.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const ids = {} as Record<"lead" | "invitee" | "circle", number>;
const INVITEE = `ivo-${process.pid}@example.org`;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    ids.lead = (await createUser(tx, { name: "Carla de Vries", neighbourhoodId: area.id, postcodeArea: "7511" })).id;
    ids.invitee = (await createUser(tx, { name: "Ivo Jansen", email: INVITEE, neighbourhoodId: area.id, postcodeArea: "7511" })).id;
    const recipient = await createCareRecipient(tx, { carerId: ids.lead, neighbourhoodId: area.id, firstName: "Jan" });
    ids.circle = (
      await createCircle(tx, { careRecipientId: recipient.id, neighbourhoodId: area.id, leadId: ids.lead, name: "Kring rond Opa Jan" })
    ).id;
  });
});

const open = (who: keyof typeof ids | null, options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) =>
  e2e.open({ ...options, as: who ? ids[who] : undefined });

async function goto(page: Page, path: string) {
  const response = await visit(page, `${srv.url}${path}`);
  expect(response?.status(), path).toBe(200);
}

describe("joining a circle by invitation", () => {
  it("the lead invites with the form and the invitee accepts from the mailbox link, without JavaScript", async () => {
    const { page: lead } = await open("lead", { javaScriptEnabled: false });
    lead.setDefaultTimeout(15_000);
    await goto(lead, `/circles/${ids.circle}/members`);
    await lead.getByLabel("E-mailadres").fill(INVITEE);
    await lead.getByLabel("Rol", { exact: true }).selectOption("member");
    await lead.getByRole("button", { name: "Uitnodiging sturen" }).click();
    await lead.getByText("Als het adres nog geen lid is, krijgt het een uitnodiging.").waitFor();
    await lead.getByRole("button", { name: /^Uitnodiging voor .+ intrekken$/ }).waitFor();

    // The mail: who invites and the link; not the circle's name nor the person cared for.
    const mailId = await waitForMail(srv, INVITEE);
    const mail = await srv.database.db.query.mailboxMessage.findFirst({ where: eq(mailboxMessage.id, mailId) });
    expect(mail!.subject).toBe("Uitnodiging voor een kring op Noaber");
    expect(mail!.text).toContain("Carla de Vries nodigt u uit voor een zorgkring op Noaber.");
    expect(`${mail!.subject}${mail!.text}${mail!.html}`).not.toMatch(/Opa|Jan\b/);

    // The invitee opens the mail in the local mailbox and follows its link.
    const { page } = await open("invitee", { javaScriptEnabled: false });
    page.setDefaultTimeout(15_000);
    await goto(page, "/dev/mailbox");
    await page
      .getByRole("row")
      .filter({ hasText: INVITEE })
      .first()
      .getByRole("link", { name: "Uitnodiging voor een kring op Noaber" })
      .click();
    const text = await page.locator("pre").innerText();
    const invitationPath = /\/circle-invitations\/[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(invitationPath).toBeDefined();
    await goto(page, invitationPath!);
    await page.getByRole("heading", { name: "Uitnodiging voor Kring rond Opa Jan" }).waitFor();
    await page.getByRole("button", { name: "Ja, ik doe mee" }).click();
    await page.getByText("U bent nu lid van 'Kring rond Opa Jan'.").waitFor();
    const membership = await srv.database.db.query.circleMember.findFirst({
      where: and(eq(circleMember.circleId, ids.circle), eq(circleMember.userId, ids.invitee), isNull(circleMember.leftAt)),
    });
    expect(membership?.role).toBe("member");

    // The link is used up: the same "no longer works" page as for any dead link.
    expect((await fetch(`${srv.url}${invitationPath!}`)).status).toBe(404);

    // The new member sees the members page and may leave after a confirmation step (no JavaScript).
    await goto(page, `/circles/${ids.circle}/members`);
    await page.getByRole("link", { name: "Uit de kring gaan" }).click();
    await page.getByRole("button", { name: "Ja, uit de kring gaan" }).waitFor();
    await page.getByRole("link", { name: "Nee, blijven" }).click();
    await page.getByRole("link", { name: "Uit de kring gaan" }).waitFor();
  });

  it("the circle pages and the invitation page pass axe (with JavaScript)", async () => {
    const { page: lead } = await open("lead");
    for (const path of ["/circles", "/circles/new", `/circles/${ids.circle}/members`]) {
      await goto(lead, path);
      await expectNoViolations(lead);
    }
    // A second invitation, opened signed out: the page asks to sign in.
    await goto(lead, `/circles/${ids.circle}/members`);
    const other = `kees-${process.pid}@example.org`;
    await lead.getByLabel("E-mailadres").fill(other);
    await lead.getByRole("button", { name: "Uitnodiging sturen" }).click();
    await lead.getByText("Als het adres nog geen lid is, krijgt het een uitnodiging.").waitFor();
    await expectNoViolations(lead);
    const mailId = await waitForMail(srv, other);
    const mail = await srv.database.db.query.mailboxMessage.findFirst({ where: eq(mailboxMessage.id, mailId) });
    const invitationPath = /\/circle-invitations\/[A-Za-z0-9_-]+/.exec(mail!.text)?.[0];
    const { page: visitor } = await open(null);
    await goto(visitor, invitationPath!);
    await visitor.locator("#main").getByRole("link", { name: "Inloggen" }).waitFor();
    await expectNoViolations(visitor);
  });

  it("starts a circle with the form", async () => {
    const { page } = await open("invitee");
    await goto(page, "/circles/new");
    await page.getByLabel("Voor iemand anders (nieuw)").check();
    await page.getByLabel("Voornaam van deze persoon").fill("Bep");
    await page.getByRole("button", { name: "Kring beginnen" }).click();
    await page.getByRole("heading", { name: "Leden van Kring rond Bep" }).waitFor();
    await page.getByText("De kring is begonnen. Nodig nu mensen uit.").waitFor();
    await expectNoViolations(page);
  });
});

describe("reflow at 320 CSS pixels (WCAG 1.4.10)", () => {
  it("the circle pages need no horizontal scrolling", async () => {
    const { page } = await open("lead", { viewport: { width: 320, height: 640 } });
    for (const path of ["/circles", "/circles/new", `/circles/${ids.circle}/members`, `/circles/${ids.circle}/members?leave`]) {
      await goto(page, path);
      const { scrollWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
      expect(scrollWidth, `${path} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(320);
    }
  });
});
