import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { passkey, totpCredential } from "#db/schema";
import { createMunicipality, createNeighbourhood, createUser, grantAdmin, grantCoordinator } from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer, type OpenedContext } from "#tests/support/browser";

// /me/security and the admins' staff security page in a browser: axe (nl and en), reflow at
// 320 px, and setting up the authenticator app without JavaScript.

vi.setConfig({ testTimeout: 60_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const ids = {} as Record<"resident" | "coordinator" | "admin" | "noScript", number>;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    ids.resident = (await createUser(tx, { neighbourhoodId: area.id, name: "Renske" })).id;
    ids.noScript = (await createUser(tx, { neighbourhoodId: area.id, name: "Nico" })).id;
    ids.coordinator = (await createUser(tx, { neighbourhoodId: area.id, name: "Coby" })).id;
    await grantCoordinator(tx, ids.coordinator, [area.id]);
    ids.admin = (await createUser(tx, { neighbourhoodId: area.id, name: "Ad" })).id;
    await grantAdmin(tx, ids.admin);
    const now = Date.now();
    await tx.insert(passkey).values([
      { userId: ids.resident, credentialId: "e2e-resident", publicKey: "pk", name: "Telefoon van Renske", createdAt: now - 86_400_000 },
      { userId: ids.coordinator, credentialId: "e2e-coordinator", publicKey: "pk", name: "Laptop", createdAt: now, lastUsedAt: now },
    ]);
  });
});

const noHorizontalScroll = async (page: OpenedContext["page"]) => {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
};

describe("/me/security in a browser", () => {
  for (const language of ["nl", "en"] as const) {
    it(`has no axe violations and reflows at 320 px, also while setting up the app (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 }, as: ids.resident });
      expect((await visit(page, `${srv.url}/me/security`))?.status()).toBe(200);
      await expectNoViolations(page);
      await noHorizontalScroll(page);
      await page.locator('button[value="totp-start"]').click();
      await page.locator(".qr-code svg").waitFor();
      await expectNoViolations(page);
      await noHorizontalScroll(page);
      await page.locator('button[value="totp-cancel"]').click();
      await page.locator('button[value="totp-start"]').waitFor();
    });
  }

  it("works without JavaScript: the app is set up with a code, a wrong one is kept with its message", async () => {
    const { page } = await e2e.open({ language: "nl", javaScriptEnabled: false, as: ids.noScript });
    await visit(page, `${srv.url}/me/security`);
    await page.getByRole("button", { name: "App instellen" }).click();
    const secret = (await page.locator(".totp-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    await page.getByLabel("Code uit de app").fill("12345");
    await page.getByRole("button", { name: "Code controleren en aanzetten" }).click();
    await page.getByText("De code bestaat uit 6 cijfers.").waitFor();
    expect(await page.getByLabel("Code uit de app").inputValue()).toBe("12345");
    await page.getByLabel("Code uit de app").fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) }));
    await page.getByRole("button", { name: "Code controleren en aanzetten" }).click();
    await page.getByText("Uw nieuwe herstelcodes").waitFor();
    expect(await page.locator(".recovery-codes li").count()).toBe(10);
    const row = await srv.database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, ids.noScript) });
    expect(row?.confirmedAt).not.toBeNull();
  });
});

describe("the admins' staff security pages in a browser", () => {
  for (const language of ["nl", "en"] as const) {
    it(`have no axe violations and reflow at 320 px (${language})`, async () => {
      const { page } = await e2e.open({ language, viewport: { width: 320, height: 640 }, as: ids.admin });
      expect((await visit(page, `${srv.url}/admin`))?.status()).toBe(200);
      await expectNoViolations(page);
      await noHorizontalScroll(page);
      expect((await visit(page, `${srv.url}/admin/staff/${ids.coordinator}`))?.status()).toBe(200);
      await expectNoViolations(page);
      await noHorizontalScroll(page);
    });
  }
});
