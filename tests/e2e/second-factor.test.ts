import { generate } from "otplib";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createMunicipality, createNeighbourhood, createUser, grantCoordinator } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, signInContext, uniqueEmail, visit, type E2eServer } from "#tests/support/browser";

// Issue 13: a coordinator who signed in by email alone must prove a second factor before the
// coordinator pages. With JavaScript: add a passkey (Chromium's virtual authenticator), see the
// recovery codes once, go on; a new session proves the passkey. Without JavaScript: the
// authenticator app (the code computed from the secret on the page), a wrong code, a recovery
// code that works once, and the lock-out after too many wrong codes.

vi.setConfig({ testTimeout: 90_000 });

// WebAuthn refuses IP addresses as the relying party: the app runs as http://localhost:<port>.
const e2e = setUpBrowserTests({ host: "localhost" });
let srv: E2eServer;
const people = {
  passkey: { email: uniqueEmail("cora"), name: "Cora Passkey", id: 0 },
  app: { email: uniqueEmail("coen"), name: "Coen App", id: 0 },
  locked: { email: uniqueEmail("carla"), name: "Carla Slot", id: 0 },
  appJs: { email: uniqueEmail("cees"), name: "Cees App", id: 0 },
};

beforeAll(async () => {
  srv = e2e.srv;
  expect(srv.url).toMatch(/^http:\/\/localhost:\d+$/);
  await srv.database.write(async (tx) => {
    const municipality = await createMunicipality(tx, { name: "Deventer" });
    const area = await createNeighbourhood(tx, { municipalityId: municipality.id, postcodes: ["7511"] });
    for (const person of Object.values(people)) {
      const user = await createUser(tx, { neighbourhoodId: area.id, name: person.name, email: person.email, postcode: "7511AB" });
      person.id = user.id;
      await grantCoordinator(tx, user.id, [area.id]);
    }
  });
});

const secondFactorUrl = () => `${srv.url}/login/second-factor?redirectTo=%2Fcoordinator`;

/** A new session that signed in by email only (the old one, if any, is dropped from the browser). */
async function newEmailOnlySession(context: BrowserContext, userId: number) {
  await context.clearCookies();
  await signInContext(context, srv, userId, { emailOnly: true });
}

/** Opens /coordinator and lands on the second-factor page, which asks to return there. */
async function openCoordinator(page: Page, heading: string) {
  await visit(page, `${srv.url}/coordinator`);
  expect(page.url()).toBe(secondFactorUrl());
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

async function expectOnCoordinatorPage(page: Page) {
  await page.waitForURL(`${srv.url}/coordinator`);
  await page.getByRole("heading", { level: 1, name: "Coördinator" }).waitFor();
}

/** The page reflows at 320 CSS pixels (WCAG 1.4.10); the viewport is set back afterwards. */
async function expectReflowAt320(page: Page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(clientWidth).toBe(320);
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(320);
  if (before) await page.setViewportSize(before);
}

async function readRecoveryCodes(page: Page): Promise<string[]> {
  await page.getByRole("heading", { level: 1, name: "Uw herstelcodes" }).waitFor();
  const codes = await page.getByRole("list", { name: "Herstelcodes" }).getByRole("listitem").allInnerTexts();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code.trim()).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  return codes.map((c) => c.trim());
}

async function expectCodeError(page: Page, label: string, message: string, typed: string) {
  const input = page.getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const error = input.locator("xpath=..").locator(".field__error");
  expect(await error.innerText()).toBe(message);
  expect((await input.getAttribute("aria-describedby"))?.split(" ")).toContain(await error.getAttribute("id"));
  expect(await input.inputValue()).toBe(typed);
}

/** The app's code for now plus `offset` seconds (the e2e server runs on the real clock). */
const appCode = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset });

describe("second factor with a passkey (JavaScript)", () => {
  it("a coordinator adds a passkey, sees the recovery codes once, reaches /coordinator, and a new session proves the passkey", async () => {
    const { context, page } = await e2e.open();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await newEmailOnlySession(context, people.passkey.id);
    await openCoordinator(page, "Voeg een tweede stap toe");
    await page.getByText("ziet u gegevens over de zorg van buurtbewoners").waitFor();
    expect(await page.getByRole("img", { name: "QR-code om de app met codes in te stellen" }).count()).toBe(1);
    await expectNoViolations(page);
    await expectReflowAt320(page);

    await page.getByLabel("Naam van de passkey").fill("Laptop thuis");
    await page.getByRole("button", { name: "Passkey toevoegen" }).click();
    await readRecoveryCodes(page);
    await expectNoViolations(page);
    await expectReflowAt320(page);
    await page.getByRole("link", { name: "Ik heb ze bewaard — verder" }).click();
    await expectOnCoordinatorPage(page);

    // A new session that signed in by email only proves the passkey.
    await newEmailOnlySession(context, people.passkey.id);
    await openCoordinator(page, "Bevestig dat u het bent");
    await expectNoViolations(page);
    await expectReflowAt320(page);
    // A wrong app code and a wrong recovery code: the messages next to their fields.
    await page.getByLabel("Code uit de app", { exact: true }).fill("12345x");
    await page.getByRole("button", { name: "Bevestigen", exact: true }).click();
    await expectCodeError(page, "Code uit de app", "De code heeft 6 cijfers.", "12345x");
    await page.getByLabel("Code uit de app", { exact: true }).fill("123456");
    await page.getByRole("button", { name: "Bevestigen", exact: true }).click();
    await expectCodeError(page, "Code uit de app", "Deze code klopt niet. Kijk in de app en typ de nieuwste code.", "123456");
    await expectNoViolations(page);
    await page.getByText("Telefoon of passkey kwijt?").click();
    await page.getByLabel("Herstelcode", { exact: true }).fill("abcde-23456");
    await page.getByRole("button", { name: "Bevestigen met herstelcode" }).click();
    await expectCodeError(page, "Herstelcode", "Deze herstelcode klopt niet of is al gebruikt.", "abcde-23456");
    await expectNoViolations(page);
    await page.getByRole("button", { name: "Bevestigen met passkey" }).click();
    await expectOnCoordinatorPage(page);
  });
});

describe("the authenticator app with JavaScript", () => {
  it("adding the app shows the recovery codes (they stay on the page), and /login/passkey answers 400 to bad bodies", async () => {
    const { context, page } = await e2e.open();
    await newEmailOnlySession(context, people.appJs.id);
    await openCoordinator(page, "Voeg een tweede stap toe");

    // The JSON endpoint: a body that is not JSON, an unknown intent or a malformed answer is a 400.
    const statuses = await page.evaluate(async () => {
      const post = (body: string) =>
        fetch("/login/passkey", { method: "POST", headers: { "Content-Type": "application/json" }, body }).then((r) => r.status);
      return [
        await post("{"),
        await post(JSON.stringify({ intent: "steal" })),
        await post(JSON.stringify({ intent: "auth", response: {} })),
      ];
    });
    expect(statuses).toEqual([400, 400, 400]);

    const secret = (await page.locator("[data-secret]").innerText()).replace(/\s+/g, "");
    await page.getByLabel("Code uit de app", { exact: true }).fill(await appCode(secret));
    await page.getByRole("button", { name: "App toevoegen" }).click();
    await readRecoveryCodes(page);
    await page.waitForTimeout(500);
    expect(page.url()).toBe(secondFactorUrl());
    await expectNoViolations(page);
    await page.getByRole("link", { name: "Ik heb ze bewaard — verder" }).click();
    await expectOnCoordinatorPage(page);

    // On /me/security they add a passkey beside the app (PasskeyEnrolButton), then remove it.
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await visit(page, `${srv.url}/me/security`);
    await page.getByLabel("Naam van de passkey").fill("Sleutel werk");
    await page.getByRole("button", { name: "Passkey toevoegen" }).click();
    await page.getByRole("rowheader", { name: "Sleutel werk" }).waitFor();
    await page.getByRole("button", { name: "Verwijderen Sleutel werk" }).click();
    await page.getByText("De passkey is verwijderd.").first().waitFor();
    expect(await page.getByRole("rowheader", { name: "Sleutel werk" }).count()).toBe(0);
  });
});

// axe runs inside the page, so it needs JavaScript: the same page states are checked with axe in
// the passkey test above.
describe("second factor with the authenticator app (no JavaScript)", () => {
  it("enrols the app with a code computed from the secret on the page, then uses a recovery code once", async () => {
    const { context, page } = await e2e.open({ javaScriptEnabled: false });
    await newEmailOnlySession(context, people.app.id);
    await openCoordinator(page, "Voeg een tweede stap toe");
    // (Playwright switches scripts off after parsing decides, so <noscript> stays text: read its source.)
    expect(await page.locator("noscript").first().textContent()).toContain("Een passkey werkt alleen met JavaScript");

    const secret = (await page.locator("[data-secret]").innerText()).replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const input = page.getByLabel("Code uit de app", { exact: true });
    expect(await input.getAttribute("autocomplete")).toBe("one-time-code");
    expect(await input.getAttribute("inputmode")).toBe("numeric");

    // A wrong code: the message next to the field, what was typed kept.
    const right = new Set(await Promise.all([-30, 0, 30].map((offset) => appCode(secret, offset))));
    const wrong = ["000000", "111111", "222222"].find((c) => !right.has(c))!;
    await input.fill(wrong);
    await page.getByRole("button", { name: "App toevoegen" }).click();
    await expectCodeError(page, "Code uit de app", "Deze code klopt niet. Kijk in de app en typ de nieuwste code.", wrong);

    await page.getByLabel("Code uit de app", { exact: true }).fill(await appCode(secret));
    await page.getByRole("button", { name: "App toevoegen" }).click();
    const codes = await readRecoveryCodes(page);
    await page.getByRole("link", { name: "Ik heb ze bewaard — verder" }).click();
    await expectOnCoordinatorPage(page);

    // A new session proves the app (the next 30-second code: the one just used is refused).
    await newEmailOnlySession(context, people.app.id);
    await openCoordinator(page, "Bevestig dat u het bent");
    expect(await page.getByRole("button", { name: "Bevestigen met passkey" }).count()).toBe(0);
    await expectReflowAt320(page);
    await page.getByLabel("Code uit de app", { exact: true }).fill(await appCode(secret, 30));
    await page.getByRole("button", { name: "Bevestigen", exact: true }).click();
    await expectOnCoordinatorPage(page);

    // Another one uses a recovery code ("Telefoon of passkey kwijt?"), by keyboard.
    await newEmailOnlySession(context, people.app.id);
    await openCoordinator(page, "Bevestig dat u het bent");
    await page.getByText("Telefoon of passkey kwijt?").focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Herstelcode", { exact: true }).fill(codes[0]!);
    await page.getByRole("button", { name: "Bevestigen met herstelcode" }).click();
    await expectOnCoordinatorPage(page);

    // The same recovery code works only once.
    await newEmailOnlySession(context, people.app.id);
    await openCoordinator(page, "Bevestig dat u het bent");
    await page.getByText("Telefoon of passkey kwijt?").click();
    await page.getByLabel("Herstelcode", { exact: true }).fill(codes[0]!);
    await page.getByRole("button", { name: "Bevestigen met herstelcode" }).click();
    await expectCodeError(page, "Herstelcode", "Deze herstelcode klopt niet of is al gebruikt.", codes[0]!);
    expect(await page.locator("details[open]").count()).toBe(1);
  });

  it("after five wrong codes the account waits, and the page says how many minutes", async () => {
    const { context, page } = await e2e.open({ javaScriptEnabled: false });
    await newEmailOnlySession(context, people.locked.id);
    await openCoordinator(page, "Voeg een tweede stap toe");
    const secret = (await page.locator("[data-secret]").innerText()).replace(/\s+/g, "");
    const right = new Set(await Promise.all([-30, 0, 30].map((offset) => appCode(secret, offset))));
    const wrong = ["000000", "111111", "222222"].find((c) => !right.has(c))!;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel("Code uit de app", { exact: true }).fill(wrong);
      await page.getByRole("button", { name: "App toevoegen" }).click();
      await page.locator(".field__error").waitFor();
    }
    const locked = "U hebt te vaak een verkeerde code getypt. Wacht 15 minuten en probeer het dan opnieuw.";
    await expectCodeError(page, "Code uit de app", locked, wrong);
    // A right code is not even checked while the account waits; the page says so on its own too.
    await page.getByLabel("Code uit de app", { exact: true }).fill(await appCode(secret));
    await page.getByRole("button", { name: "App toevoegen" }).click();
    await expectCodeError(page, "Code uit de app", locked, await appCode(secret));
    await visit(page, secondFactorUrl());
    expect(await page.getByRole("alert").innerText()).toContain("Wacht 15 minuten");
  });
});
