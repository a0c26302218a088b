import { readFileSync } from "node:fs";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { mailboxMessage, user } from "#db/schema";
import { DEMO_ACCOUNTS, seedDatabase } from "~/demo/seed";
import {
  createActivity,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import {
  expectNoViolations,
  setUpBrowserTests,
  uniqueEmail,
  visit,
  waitForMail,
  type E2eServer,
  type OpenedContext,
} from "#tests/support/browser";

// Privacy rights (issue 14) in a browser: /me (correcting one's details, and a new email
// address), /me/data (the readable copy of one's data), the page behind the link that confirms
// a new address, and deleting one's account (the demo carer of the seed). Axe (nl and en), reflow
// at 320 px, and the forms and link without JavaScript.

vi.setConfig({ testTimeout: 60_000 });

const DAY = 24 * 3_600_000;
const e2e = setUpBrowserTests();
let srv: E2eServer;
let postcodeArea = "";
let neighbourhoodId = 0;

beforeAll(async () => {
  srv = e2e.srv;
  // The demo municipality first (the seed fills only an empty database): its carer deletes their account.
  await seedDatabase(srv.database, { now: Date.now() });
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    neighbourhoodId = area.id;
    postcodeArea = area.postcodes[0]!;
  });
});

/** A person with a sign-up and a help request of their own, so /me/data has rows to show. */
async function person(name: string, locale: "nl" | "en" = "nl") {
  return srv.database.write(async (tx) => {
    const someone = await createUser(tx, { neighbourhoodId, name, locale, email: uniqueEmail("privacy"), postcodeArea });
    const org = await createOrganisation(tx);
    const activity = await createActivity(tx, { organisationId: org.id, neighbourhoodId, title: "Koffieochtend in het buurthuis" });
    const session = await createSession(tx, { activityId: activity.id, startsAt: Date.now() + 3 * DAY });
    await createSignupRecord(tx, { sessionId: session.id, userId: someone.id });
    await createHelpRequest(tx, { neighbourhoodId, requesterId: someone.id, kind: "respite" });
    return someone;
  });
}

const noHorizontalScroll = async (page: OpenedContext["page"]) => {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(clientWidth).toBe(320);
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(clientWidth);
};

/** The confirmation link in the newest mail to `to`, on this test server. */
async function confirmationLink(to: string) {
  await waitForMail(srv, to);
  const [mail] = await srv.database.db
    .select({ text: mailboxMessage.text })
    .from(mailboxMessage)
    .where(eq(mailboxMessage.toAddress, to))
    .orderBy(desc(mailboxMessage.id))
    .limit(1);
  const path = /\/me\/email\/[A-Za-z0-9_-]+/.exec(mail?.text ?? "")?.[0];
  if (!path) throw new Error(`no confirmation link in the mail to ${to}:\n${mail?.text}`);
  return `${srv.url}${path}`;
}

const sentText = { nl: "Wij hebben een link gestuurd naar het nieuwe adres.", en: "We sent a link to the new address." };

const account = async (id: number) => (await srv.database.db.query.user.findFirst({ where: eq(user.id, id) }))!;

describe("/me and /me/data in a browser", () => {
  for (const language of ["nl", "en"] as const) {
    it(`have no axe violations and reflow at 320 px, also with form errors (${language})`, async () => {
      const someone = await person(`Pim ${language}`, language);
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 }, as: someone.id });
      expect((await visit(page, `${srv.url}/me`))?.status()).toBe(200);
      await expectNoViolations(page);
      await noHorizontalScroll(page);

      // With errors next to the fields (the server's answer, as without JavaScript).
      await page.locator('input[name="postcode"]').fill("12");
      await page.locator('button[value="profile"]').click();
      await expect.poll(() => page.locator('input[name="postcode"]').getAttribute("aria-invalid")).toBe("true");
      await expectNoViolations(page);
      await noHorizontalScroll(page);

      expect((await visit(page, `${srv.url}/me/data`))?.status()).toBe(200);
      // The sign-up is a table row, the help request a section of its own.
      await expect.poll(() => page.locator("main article h3").count()).toBe(1);
      await page.locator("main table th", { hasText: "Koffieochtend in het buurthuis" }).first().waitFor();
      await expectNoViolations(page);
      await noHorizontalScroll(page);
    });
  }

  it("works without JavaScript: a bad postcode is kept with its message, a good one saves", async () => {
    const someone = await person("Noor Zonder Script");
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: someone.id });
    await visit(page, `${srv.url}/me`);
    const postcode = page.getByLabel("Postcode", { exact: true });
    await page.getByLabel("Naam", { exact: true }).fill("Noor de Boer");
    await postcode.fill("12 AB");
    await page.getByRole("button", { name: "Gegevens opslaan" }).click();
    const message = page.getByText("Vul een postcode in zoals 7511 AB.");
    await message.waitFor();
    expect(await postcode.inputValue()).toBe("12 AB");
    expect(await page.getByLabel("Naam", { exact: true }).inputValue()).toBe("Noor de Boer");
    expect(await postcode.getAttribute("aria-invalid")).toBe("true");
    // The message stands next to the field and is read with it.
    const messageId = await message.getAttribute("id");
    expect(messageId).toBeTruthy();
    expect((await postcode.getAttribute("aria-describedby"))?.split(" ")).toContain(messageId);
    expect(await postcode.evaluate((input, id) => input.closest(".field")?.querySelector(`[id="${id}"]`) !== null, messageId)).toBe(true);
    expect((await account(someone.id)).postcode).toBe(`${postcodeArea}AB`);

    await postcode.fill(`${postcodeArea} xy`);
    await page.getByRole("button", { name: "Gegevens opslaan" }).click();
    await page.getByText("Uw gegevens zijn opgeslagen.").waitFor();
    const saved = await account(someone.id);
    expect(saved.name).toBe("Noor de Boer");
    expect(saved.postcode).toBe(`${postcodeArea}XY`);
    expect(await postcode.inputValue()).toBe(`${postcodeArea}XY`);
  });

  it("works without JavaScript: the new-address form answers with its neutral text", async () => {
    const someone = await person("Niels Zonder Script");
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: someone.id });
    await visit(page, `${srv.url}/me`);
    const newAddress = uniqueEmail("privacy-new");
    await page.getByLabel("Nieuw e-mailadres").fill(newAddress);
    await page.getByRole("button", { name: "Stuur de link" }).click();
    await page.getByRole("status").filter({ hasText: "Wij hebben een link gestuurd naar het nieuwe adres." }).waitFor();
    // Only the link changes the address.
    expect((await account(someone.id)).email).toBe(someone.email);
    expect(await confirmationLink(newAddress)).toMatch(/\/me\/email\//);
  });

  it("has the download link on /me/data without JavaScript", async () => {
    const someone = await person("Nel Zonder Script");
    const { context, page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: someone.id });
    expect((await visit(page, `${srv.url}/me/data`))?.status()).toBe(200);
    const link = page.locator('a[href="/me/data.json"]');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute("href")).toBe("/me/data.json");
    const json = await context.request.get(`${srv.url}/me/data.json`);
    expect(json.status()).toBe(200);
    expect(json.headers()["content-type"]).toMatch(/json/);
  });
});

describe("the confirmation page of a new email address", () => {
  for (const language of ["nl", "en"] as const) {
    it(`has no axe violations and reflows at 320 px, before and after confirming (${language})`, async () => {
      const someone = await person(`Els ${language}`, language);
      const { page, expectNotFound } = await e2e.open({ language, viewport: { width: 320, height: 640 }, as: someone.id });
      await visit(page, `${srv.url}/me`);
      const newAddress = uniqueEmail(`privacy-confirm-${language}`);
      await page.locator('input[name="email"]').fill(newAddress);
      await page.locator('button[value="email"]').click();
      await page.getByRole("status").filter({ hasText: sentText[language] }).waitFor();
      const link = await confirmationLink(newAddress);
      // After the POST, Remix reloads the page's data: the used link is then gone (404), while the
      // page shows the action's answer.
      expectNotFound(`${new URL(link).pathname}.data`);

      expect((await visit(page, link))?.status()).toBe(200);
      await expectNoViolations(page);
      await noHorizontalScroll(page);

      await page.locator("form button[type=submit]").last().click();
      await page.locator("main [role=status]").waitFor();
      await expectNoViolations(page);
      await noHorizontalScroll(page);
      expect((await account(someone.id)).email).toBe(newAddress);
    });
  }

  it("confirms without JavaScript", async () => {
    const someone = await person("Nina Zonder Script");
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: someone.id });
    await visit(page, `${srv.url}/me`);
    const newAddress = uniqueEmail("privacy-confirm-nojs");
    await page.getByLabel("Nieuw e-mailadres").fill(newAddress);
    await page.getByRole("button", { name: "Stuur de link" }).click();
    await page.getByText("Wij hebben een link gestuurd naar het nieuwe adres.").waitFor();
    await visit(page, await confirmationLink(newAddress));
    await page.getByRole("button", { name: "Ja, gebruik dit e-mailadres" }).click();
    await page.getByRole("heading", { level: 1, name: "Uw e-mailadres is aangepast" }).waitFor();
    expect((await account(someone.id)).email).toBe(newAddress);
  });
});

describe("deleting one's account in a browser", () => {
  it("the demo carer downloads their data, corrects it and deletes their account from the browser (en, 320 px, axe)", async () => {
    const carer = (await srv.database.db.query.user.findFirst({ where: eq(user.email, DEMO_ACCOUNTS.carer) }))!;
    expect(carer.locale).toBe("en");
    const { page } = await e2e.open({ language: "en", viewport: { width: 320, height: 640 }, as: carer.id });

    // Download: the link on /me/data saves a JSON file with everything about them.
    await visit(page, `${srv.url}/me/data`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('a[href="/me/data.json"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^noaber-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(readFileSync((await download.path())!, "utf8")) as { account: { email: string }; helpRequests: unknown[] };
    expect(file.account.email).toBe(DEMO_ACCOUNTS.carer);
    expect(file.helpRequests.length).toBeGreaterThan(0);

    // Correct: a phone number saved on /me.
    await visit(page, `${srv.url}/me`);
    await page.locator('input[name="phone"]').fill("06 1234 5678");
    await page.locator('button[value="profile"]').click();
    await expect.poll(async () => (await account(carer.id)).phone?.replace(/\D/g, "")).toBe("0612345678");

    await visit(page, `${srv.url}/me`);
    await page.getByRole("link", { name: "Delete my account" }).click();
    await page.getByRole("heading", { level: 1, name: "Delete your account" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/me/delete");
    await expectNoViolations(page);
    await noHorizontalScroll(page);

    // A wrong address: the message next to the field, what was typed kept, nothing deleted.
    const confirm = page.getByLabel("Type your email address");
    await confirm.fill("someone-else@example.org");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByText("This is not the email address of your account. Type it exactly.").waitFor();
    expect(await confirm.inputValue()).toBe("someone-else@example.org");
    expect(await confirm.getAttribute("aria-invalid")).toBe("true");
    await expectNoViolations(page);
    await noHorizontalScroll(page);
    expect(await account(carer.id)).toBeTruthy();

    await confirm.fill(DEMO_ACCOUNTS.carer.toUpperCase());
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByRole("heading", { level: 1, name: "Your account has been deleted" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/account-deleted");
    await expectNoViolations(page);
    await noHorizontalScroll(page);
    expect(await srv.database.db.query.user.findFirst({ where: eq(user.id, carer.id) })).toBeUndefined();

    // Signed out: /me asks to sign in.
    await visit(page, `${srv.url}/me`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("works without JavaScript (nl; axe needs scripts, so it runs in the test above)", async () => {
    const someone = await person("Dirk Zonder Script");
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: someone.id });
    expect((await visit(page, `${srv.url}/me/delete`))?.status()).toBe(200);
    const confirm = page.getByLabel("Typ uw e-mailadres");
    await confirm.fill("fout@example.org");
    await page.getByRole("button", { name: "Verwijder mijn account" }).click();
    await page.getByText("Dit is niet het e-mailadres van uw account. Typ het precies zo.").waitFor();
    expect(await confirm.inputValue()).toBe("fout@example.org");
    await confirm.fill(someone.email);
    await page.getByRole("button", { name: "Verwijder mijn account" }).click();
    await page.getByRole("heading", { level: 1, name: "Uw account is verwijderd" }).waitFor();
    expect(await srv.database.db.query.user.findFirst({ where: eq(user.id, someone.id) })).toBeUndefined();
  });
});
