import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loginToken } from "#db/schema";
import { createMunicipality, createNeighbourhood } from "~/demo/builders";
import {
  completeWelcome,
  expectNoViolations,
  reachWelcomeForm,
  requestSignIn,
  setUpBrowserTests,
  uniqueEmail,
  visit,
  waitForMail,
  type E2eServer,
} from "#tests/support/browser";

// WCAG 2.2 AA, as promised on /accessibility: automated checks catch part of it (contrast,
// names, structure, ARIA); reflow and keyboard access are checked by hand below.

// A browser on a busy 2-core machine is slower than unit tests: more room than the global 20 s.
vi.setConfig({ testTimeout: 60_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const municipality = await createMunicipality(tx, { name: "Deventer" });
    await createNeighbourhood(tx, { municipalityId: municipality.id, name: "Binnenstad", postcodes: ["7511"] });
  });
  // The mailbox pages need a message to show.
  const { page } = await e2e.open({ language: "nl" });
  const email = uniqueEmail("mailbox");
  await requestSignIn(page, srv.url, email);
  await waitForMail(srv, email);
});

async function goto(page: Page, path: string, status = 200) {
  const response = await visit(page, `${srv.url}${path}`);
  expect(response?.status(), path).toBe(status);
}

/** An open sign-in link, so the confirm page shows the account it signs into. */
async function openSignInLink(email: string) {
  const token = `a11y-${email}`;
  await srv.database.write((tx) =>
    tx.insert(loginToken).values({
      email,
      linkHash: srv.services.keys.hash(`link:${token}`),
      codeHash: srv.services.keys.hash(`code:${email}:unused`),
      requesterHash: "a11y",
      createdAt: Date.now(),
      expiresAt: Date.now() + 10 * 60_000,
    }),
  );
  return token;
}

const HEADINGS = {
  nl: { home: "Noaber: buren helpen buren", login: "Inloggen", sent: "Kijk in uw e-mail" },
  en: { home: "Noaber: neighbours helping neighbours", login: "Sign in", sent: "Check your email" },
};

describe("axe finds no WCAG 2.2 AA violations", () => {
  for (const language of ["nl", "en"] as const) {
    describe(language, () => {
      const h = HEADINGS[language];

      it("on the home page, the sign-in page and its code form", async () => {
        const { page } = await e2e.open({ language });
        await goto(page, "/");
        expect(await page.locator("html").getAttribute("lang")).toBe(language);
        await page.getByRole("heading", { level: 1, name: h.home }).waitFor();
        await expectNoViolations(page);

        await goto(page, "/login");
        await page.getByRole("heading", { level: 1, name: h.login }).waitFor();
        await expectNoViolations(page);

        // With an error shown next to the field.
        await page.locator("input[name=email]").fill("not-an-address");
        await page.locator("form#login-request button[type=submit]").click();
        await page.locator("#login-request-email-error").waitFor();
        await expectNoViolations(page);

        await page.locator("input[name=email]").fill(uniqueEmail(`code-${language}`));
        await page.locator("form#login-request button[type=submit]").click();
        await page.getByRole("heading", { level: 1, name: h.sent }).waitFor();
        await expectNoViolations(page);

        // A wrong code: the server's error next to the code field.
        await page.locator("input[name=code]").fill("ABCDEF");
        await page.locator("form#login-code button[type=submit]").click();
        await page.locator("#login-code-code-error").waitFor();
        await expectNoViolations(page);
      });

      it("on the privacy statement, the accessibility statement and the confirm page of a link", async () => {
        const { page } = await e2e.open({ language });
        const token = await openSignInLink(uniqueEmail(`confirm-${language}`));
        for (const path of ["/privacy", "/accessibility", `/login/verify?token=${encodeURIComponent(token)}`]) {
          await goto(page, path);
          await expectNoViolations(page);
        }
        // A used or unknown link: the invalid-link page, answered 400.
        for (const path of ["/login/verify?token=something", "/login/verify"]) {
          await goto(page, path, 400);
          await expectNoViolations(page);
        }
      });

      it("on the mailbox and a message in it", async () => {
        const { page } = await e2e.open({ language });
        await goto(page, "/dev/mailbox");
        await expectNoViolations(page);
        await page.locator("table a").first().click();
        await page.waitForURL(/\/dev\/mailbox\/\d+$/);
        await page.locator("pre").waitFor();
        await expectNoViolations(page);
      });
    });
  }

  it("on the welcome form (empty, with errors) and, once signed in, on /me", async () => {
    const { context, page } = await e2e.open({ language: "nl" });
    await reachWelcomeForm(context, page, srv, uniqueEmail("welcome"));
    await expectNoViolations(page);

    await page.getByRole("button", { name: "Account maken" }).click();
    await page.locator("#welcome-consent-error").waitFor();
    await expectNoViolations(page);

    await completeWelcome(page, srv, "Wim Welkom", "7511AB");
    await expectNoViolations(page);

    await goto(page, "/me");
    await page.getByRole("heading", { level: 1, name: "Mijn gegevens" }).waitFor();
    await expectNoViolations(page);

    // And in English, switched with the header button (stored on the account).
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "My details" }).waitFor();
    await expectNoViolations(page);
  });
});

describe("reflow at 320 CSS pixels (WCAG 1.4.10)", () => {
  for (const language of ["nl", "en"] as const) {
    it(`needs no horizontal scrolling (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 } });
      for (const path of ["/", "/login", "/privacy", "/accessibility", "/dev/mailbox"]) {
        await goto(page, path);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(clientWidth, path).toBe(320);
        expect(scrollWidth, `${path} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(320);
      }
    });
  }
});

describe("keyboard", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`the first Tab reaches the skip link, which moves focus to the main content (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { page } = await e2e.open({ language: "nl", javaScriptEnabled });
      for (const path of ["/", "/login"]) {
        await goto(page, path);
        await page.keyboard.press("Tab");
        const skip = page.locator(":focus");
        expect(await skip.evaluate((e) => [e.tagName, e.getAttribute("href"), e.textContent])).toEqual(["A", "#main", "Ga naar de inhoud"]);
        // Visible while focused (it sits off-screen otherwise).
        const box = await skip.boundingBox();
        expect(box && box.y >= 0 && box.height > 0, `skip link box ${JSON.stringify(box)}`).toBe(true);

        await page.keyboard.press("Enter");
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
        // The next Tab continues inside the main content, not back in the header.
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => !!document.activeElement?.closest("main")), path).toBe(true);
      }
    });
  }
});
