import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import {
  completeWelcome,
  openMailFor,
  reachWelcomeForm,
  requestSignIn,
  signInWithCode,
  setUpBrowserTests,
  uniqueEmail,
  visit,
  waitForHydration,
  waitForMail,
  type E2eServer,
} from "#tests/support/browser";

// A browser on a busy 2-core machine is slower than unit tests: more room than the global 20 s.
vi.setConfig({ testTimeout: 60_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const people = {
  link: { email: uniqueEmail("anna"), name: "Anna de Vries" },
  linkNoJs: { email: uniqueEmail("gert"), name: "Gert Hofman" },
  logoutJs: { email: uniqueEmail("henk"), name: "Henk Jansen" },
  logoutNoJs: { email: uniqueEmail("ineke"), name: "Ineke Mulder" },
};

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const municipality = await createMunicipality(tx, { name: "Deventer" });
    const area = await createNeighbourhood(tx, { municipalityId: municipality.id, postcodes: ["7511"] });
    for (const person of Object.values(people)) {
      await createUser(tx, { neighbourhoodId: area.id, name: person.name, email: person.email, postcode: "7511AB" });
    }
  });
});

const open = (javaScriptEnabled = true) => e2e.open({ javaScriptEnabled });

/** The header's tools: the signed-in person's name (a link to /me) or the sign-in link. */
const header = (page: Page) => page.getByRole("banner");

async function expectSignedIn(page: Page, name: string) {
  await page.getByRole("heading", { level: 1, name: `Welkom, ${name}` }).waitFor();
  const me = header(page).getByRole("link", { name });
  expect(await me.getAttribute("href")).toBe("/me");
  expect(await header(page).getByRole("button", { name: "Uitloggen" }).count()).toBe(1);
  expect(await header(page).getByRole("link", { name: "Inloggen" }).count()).toBe(0);
}

async function expectSignedOut(page: Page) {
  await page.getByRole("heading", { level: 1, name: "Noaber: buren helpen buren" }).waitFor();
  expect(await header(page).getByRole("link", { name: "Inloggen" }).count()).toBe(1);
  expect(await header(page).getByRole("button", { name: "Uitloggen" }).count()).toBe(0);
}

/** The field's error is shown inside the field's own wrapper and announced through aria-describedby. */
async function expectFieldError(page: Page, label: string, message: string) {
  const input: Locator = page.getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const error = input.locator("xpath=..").locator(".field__error");
  expect(await error.innerText()).toBe(message);
  const describedBy = (await input.getAttribute("aria-describedby"))?.split(" ") ?? [];
  expect(describedBy).toContain(await error.getAttribute("id"));
}

/**
 * The welcome form on a new address: a postcode outside the municipality is refused with a
 * Dutch message next to the postcode field, and what was typed stays; then a valid one works.
 */
async function welcomeWithWrongPostcodeFirst(page: Page, name: string) {
  await page.getByLabel("Naam", { exact: true }).fill(name);
  await page.getByLabel("Postcode", { exact: true }).fill("1011AA");
  await page.getByLabel("Ik heb de privacyverklaring gelezen").check();
  await page.getByRole("button", { name: "Account maken" }).click();
  await expectFieldError(page, "Postcode", "Deze postcode hoort niet bij onze gemeente. Noaber werkt alleen in deze gemeente.");
  expect(page.url()).toBe(`${srv.url}/login/welcome`);
  expect(await page.getByLabel("Naam", { exact: true }).inputValue()).toBe(name);
  expect(await page.getByLabel("Postcode", { exact: true }).inputValue()).toBe("1011AA");
  await completeWelcome(page, srv, name, "7511 AB");
  await expectSignedIn(page, name);
}

describe("signing in", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`an existing person signs in through the link in the emailed HTML version (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const person = javaScriptEnabled ? people.link : people.linkNoJs;
      const { context, page } = await open(javaScriptEnabled);
      await requestSignIn(page, srv.url, person.email);
      await waitForMail(srv, person.email);

      await openMailFor(page, srv.url, person.email);
      await page.getByRole("link", { name: "Opgemaakte versie" }).click();
      await page.waitForURL(/\/dev\/mailbox\/\d+\/html$/);
      // The email's button opens the link in a new tab (target="_blank"), as mail clients do.
      const link = page.getByRole("link", { name: "Inloggen" });
      expect(await link.getAttribute("href")).toMatch(new RegExp(`^${srv.url}/login/verify\\?token=[^&]+$`));
      const [verify] = await Promise.all([context.waitForEvent("page"), link.click()]);
      await verify.waitForURL(/\/login\/verify\?token=/);
      // Opening the link does not sign in by itself (mail scanners follow links): a button does.
      await verify.getByRole("heading", { level: 1, name: "Inloggen bevestigen" }).waitFor();
      await waitForHydration(verify);

      await verify.getByRole("button", { name: "Inloggen" }).click();
      await verify.waitForURL(`${srv.url}/`);
      await expectSignedIn(verify, person.name);
    });
  }

  it("a new address signs in with the emailed code and fills in the welcome form", async () => {
    const { context, page } = await open();
    await reachWelcomeForm(context, page, srv, uniqueEmail("bea"));

    // Submitted empty: every required field says what is missing, in Dutch, next to it.
    await page.getByRole("button", { name: "Account maken" }).click();
    await expectFieldError(page, "Naam", "Vul uw naam in.");
    await expectFieldError(page, "Postcode", "Vul uw postcode in.");
    await expectFieldError(
      page,
      "Ik heb de privacyverklaring gelezen en ga ermee akkoord.",
      "U moet akkoord gaan met de privacyverklaring om een account te maken.",
    );

    await welcomeWithWrongPostcodeFirst(page, "Bea Bakker");
  });

  it("the same works without JavaScript", async () => {
    const { context, page } = await open(false);
    await reachWelcomeForm(context, page, srv, uniqueEmail("cees"));
    await welcomeWithWrongPostcodeFirst(page, "Cees Smit");
  });
});

describe("the sign-in form with JavaScript", () => {
  it("loads its checks after the first view, then shows an error next to the field before anything is sent", async () => {
    const { page } = await open();
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    const response = await visit(page, `${srv.url}/login`);
    // The form's module (Conform, the zod schema) is not preloaded by the page's HTML: it comes with import().
    const preloaded = Array.from((await response!.text()).matchAll(/<link rel="modulepreload" href="([^"]+)"/g), (m) => m[1]!);
    expect(preloaded.length).toBeGreaterThan(0);
    expect(preloaded.filter((href) => href.includes(".page-"))).toEqual([]);
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
    expect(scripts.some((url) => /\/assets\/login\._index\.page-[\w-]+\.js$/.test(url))).toBe(true);

    const email = page.getByLabel("E-mailadres", { exact: true });
    await email.fill("geen-adres");
    await email.press("Tab");
    await expectFieldError(page, "E-mailadres", "Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl");
    await page.getByRole("button", { name: "Stuur mij een link" }).click();
    await expectFieldError(page, "E-mailadres", "Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl");
    expect(posts).toEqual([]);
    expect(page.url()).toBe(`${srv.url}/login`);
  });
});

describe("signing out", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`the header button signs out (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const person = javaScriptEnabled ? people.logoutJs : people.logoutNoJs;
      const { context, page } = await open(javaScriptEnabled);
      await signInWithCode(context, page, srv, person.email, person.name);
      await expectSignedIn(page, person.name);

      // A POST form, not a link: a prefetch or a crawler cannot sign anyone out.
      const logout = header(page).getByRole("button", { name: "Uitloggen" });
      expect(await logout.evaluate((b) => (b as HTMLButtonElement).form?.method)).toBe("post");
      await visit(page, `${srv.url}/me`);
      await header(page).getByRole("button", { name: "Uitloggen" }).click();
      await page.waitForURL(`${srv.url}/`);
      await expectSignedOut(page);

      // The session is gone on the server too, not just hidden.
      await visit(page, `${srv.url}/me`);
      expect(page.url()).toBe(`${srv.url}/login?redirectTo=%2Fme`);
      await page.getByRole("heading", { level: 1, name: "Inloggen" }).waitFor();
    });
  }
});

describe("language switch", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`switches to English and back (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { page } = await open(javaScriptEnabled);
      await visit(page, `${srv.url}/login`);
      await page.getByRole("heading", { level: 1, name: "Inloggen" }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("nl");

      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
      expect(page.url()).toBe(`${srv.url}/login`);
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
      expect(await page.getByLabel("Email address").count()).toBe(1);

      // The choice is remembered in a cookie for the next page.
      await visit(page, `${srv.url}/`);
      await page.getByRole("heading", { level: 1, name: "Noaber: neighbours helping neighbours" }).waitFor();

      await page.getByRole("button", { name: "Nederlands" }).click();
      await page.getByRole("heading", { level: 1, name: "Noaber: buren helpen buren" }).waitFor();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("nl");
    });
  }
});
