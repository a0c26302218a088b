import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { signUp } from "~/domain/activities/signups.server";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
  createVolunteerProfile,
} from "~/demo/builders";
import {
  expectNoViolations,
  setUpBrowserTests,
  signInWithCode,
  uniqueEmail,
  visit,
  waitForMail,
  type E2eServer,
} from "#tests/support/browser";
import { ctxAs } from "#tests/support/ctx";

// Issue 3's browser test: a volunteer finds an open shift in "open shifts that fit me", signs up,
// cancels, and the next person on the waitlist gets the promotion email. Once with JavaScript on a
// 320px wide phone screen, once without JavaScript.

vi.setConfig({ testTimeout: 90_000 });

const DAY = 24 * 3_600_000;
const e2e = setUpBrowserTests();
let srv: E2eServer;
let areaId: number;
let organisationId: number;

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Deventer" });
    areaId = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] })).id;
    organisationId = (await createOrganisation(tx, { name: "Buurthuis De Kern", slug: `buurthuis-de-kern-${process.pid}` })).id;
  });
});

/** A volunteer, the person who will wait for the same task, and one task with one place. */
async function scenario(label: string, title: string, role: string) {
  const volunteer = { email: uniqueEmail(`vrijwilliger-${label}`), name: `Vera ${label}` };
  const waiting = { email: uniqueEmail(`wachtende-${label}`), name: `Wim ${label}` };
  // Whole hours a few days ahead, so the cut-off (24 hours) is far away.
  const startsAt = Math.ceil((Date.now() + 3 * DAY) / 3_600_000) * 3_600_000;
  const ids = await srv.database.write(async (tx) => {
    const vera = await createUser(tx, { ...volunteer, neighbourhoodId: areaId, postcode: "7511AB" });
    const wim = await createUser(tx, { ...waiting, neighbourhoodId: areaId, postcode: "7511AB" });
    await createVolunteerProfile(tx, { userId: vera.id, travelRange: "own" });
    const activity = await createActivity(tx, { organisationId, neighbourhoodId: areaId, title, cancelCutoffHours: 24 });
    const session = await createSession(tx, { activityId: activity.id, startsAt, endsAt: startsAt + 3 * 3_600_000 });
    const shift = await createShift(tx, { sessionId: session.id, startsAt, endsAt: startsAt + 2 * 3_600_000, role, needed: 1 });
    return { vera: vera.id, wim: wim.id, activityId: activity.id, sessionId: session.id, shiftId: shift.id };
  });
  return { volunteer, waiting, ...ids };
}

/** Someone else signs up for the same (now full) task through the domain verb: the waitlist. */
async function joinWaitlist(userId: number, sessionId: number, shiftId: number) {
  const ctx = await ctxAs(srv.database, userId, { now: Date.now, appUrl: srv.url });
  return signUp({ ctx, input: { sessionId, shiftId } });
}

async function expectNoHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
}

describe("a volunteer takes an open shift and gives it back; the waitlist moves up", () => {
  it("with JavaScript, on a phone (320px)", async () => {
    const s = await scenario("js", "Kerstmarkt in de wijk", "Kraam bemannen");
    const { context, page } = await e2e.open({ viewport: { width: 320, height: 720 } });
    await signInWithCode(context, page, srv, s.volunteer.email, s.volunteer.name);

    // The menu leads to the open shifts; the task is there with its place and a button.
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Open taken" }).click();
    await page.getByRole("heading", { level: 1, name: "Open taken voor u" }).waitFor();
    const card = page.getByRole("listitem").filter({ hasText: "Kraam bemannen · Kerstmarkt in de wijk" });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain("Nog 1 van 1 plekken open");
    await expectNoHorizontalScroll(page);
    await expectNoViolations(page);

    await card.getByRole("button", { name: /^Neem deze taak/ }).click();
    await page.waitForURL(new RegExp(`/activities/${s.activityId}\\?notice=confirmed$`));
    await page.getByRole("status").filter({ hasText: "U bent aangemeld." }).waitFor();
    const shift = page.locator(`#shift-${s.shiftId}`);
    await expect.poll(() => shift.innerText()).toContain("U bent aangemeld.");
    await expectNoHorizontalScroll(page);
    await expectNoViolations(page);

    // The place is gone from the list of open shifts.
    await visit(page, `${srv.url}/activities/open-shifts`);
    expect(await page.getByRole("listitem").filter({ hasText: "Kerstmarkt in de wijk" }).count()).toBe(0);

    // Wim comes second: waitlisted.
    expect((await joinWaitlist(s.wim, s.sessionId, s.shiftId)).outcome).toBe("waitlisted");
    await waitForMail(srv, s.waiting.email, 1);

    await visit(page, `${srv.url}/activities/${s.activityId}`);
    await shift.getByRole("button", { name: /^Afmelden/ }).click();
    await page.waitForURL(new RegExp(`/activities/${s.activityId}\\?notice=cancelled$`));
    await page.getByRole("status").filter({ hasText: "U bent afgemeld." }).waitFor();
    await expect.poll(() => shift.getByRole("button", { name: /^Neem deze taak|^Zet mij op de wachtlijst/ }).count()).toBe(1);

    // Wim got the place and an email about it (waitlisted mail first, then the promotion).
    await waitForMail(srv, s.waiting.email, 2);
    await visit(page, `${srv.url}/dev/mailbox`);
    const row = page
      .getByRole("row")
      .filter({ hasText: s.waiting.email })
      .filter({ hasText: "Er is een plek vrij: Kerstmarkt in de wijk" });
    await row.getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: "Er is een plek vrij: Kerstmarkt in de wijk" }).waitFor();
    const mail = await page.locator("pre").innerText();
    expect(mail).toContain(`Hallo ${s.waiting.name},`);
    expect(mail).toContain("U bent nu aangemeld.");
    expect(mail).toContain("Kraam bemannen");
  });

  it("without JavaScript: plain forms and redirects all the way", async () => {
    const s = await scenario("nojs", "Voorleesochtend", "Voorlezen");
    const signIn = await e2e.open();
    // Sign in with JavaScript (the code flow is tested elsewhere), then carry the session over.
    await signInWithCode(signIn.context, signIn.page, srv, s.volunteer.email, s.volunteer.name);
    const cookies = await signIn.context.cookies();
    const plain = await e2e.open({ javaScriptEnabled: false });
    await plain.context.addCookies(cookies);
    const page = plain.page;

    await page.goto(`${srv.url}/activities/open-shifts`);
    const card = page.getByRole("listitem").filter({ hasText: "Voorlezen · Voorleesochtend" });
    await card.getByRole("button", { name: /^Neem deze taak/ }).click();
    await page.waitForURL(new RegExp(`/activities/${s.activityId}\\?notice=confirmed$`));
    expect(await page.locator(`#shift-${s.shiftId}`).innerText()).toContain("U bent aangemeld.");

    expect((await joinWaitlist(s.wim, s.sessionId, s.shiftId)).outcome).toBe("waitlisted");
    await page
      .locator(`#shift-${s.shiftId}`)
      .getByRole("button", { name: /^Afmelden/ })
      .click();
    await page.waitForURL(new RegExp(`/activities/${s.activityId}\\?notice=cancelled$`));
    expect(await page.getByRole("status").innerText()).toContain("U bent afgemeld.");

    await waitForMail(srv, s.waiting.email, 2);
    await page.goto(`${srv.url}/dev/mailbox`);
    expect(
      await page.getByRole("row").filter({ hasText: s.waiting.email }).filter({ hasText: "Er is een plek vrij: Voorleesochtend" }).count(),
    ).toBe(1);
  });
});

describe("refusals and overlaps in the browser", () => {
  it("shows the requirement that is missing, and asks before taking an overlapping shift", async () => {
    const s = await scenario("clash", "Sinterklaasfeest", "Pieten begeleiden");
    const other = await srv.database.write(async (tx) => {
      const session = await tx.query.activitySession.findFirst({ where: (x, { eq }) => eq(x.id, s.sessionId) });
      const vog = await createShift(tx, {
        sessionId: s.sessionId,
        startsAt: session!.startsAt,
        endsAt: session!.startsAt + 3_600_000,
        role: "Kinderen opvangen",
        requiresVog: true,
      });
      const a = await createActivity(tx, { organisationId, neighbourhoodId: areaId, title: "Koffieochtend" });
      const overlapping = await createSession(tx, { activityId: a.id, startsAt: session!.startsAt + 1_800_000 });
      const overlappingShift = await createShift(tx, {
        sessionId: overlapping.id,
        startsAt: overlapping.startsAt,
        endsAt: overlapping.endsAt,
        role: "Koffie zetten",
      });
      return { vog: vog.id, activityId: a.id, shiftId: overlappingShift.id };
    });
    const { context, page } = await e2e.open();
    await signInWithCode(context, page, srv, s.volunteer.email, s.volunteer.name);

    await visit(page, `${srv.url}/activities/${s.activityId}`);
    await page
      .locator(`#shift-${other.vog}`)
      .getByRole("button", { name: /^Neem deze taak/ })
      .click();
    await page.getByRole("alert").filter({ hasText: "Voor deze taak is een geldige VOG nodig." }).waitFor();

    await page
      .locator(`#shift-${s.shiftId}`)
      .getByRole("button", { name: /^Neem deze taak/ })
      .click();
    await page.waitForURL(/notice=confirmed/);
    await visit(page, `${srv.url}/activities/${other.activityId}`);
    await page
      .locator(`#shift-${other.shiftId}`)
      .getByRole("button", { name: /^Neem deze taak/ })
      .click();
    const question = page.getByRole("alert").filter({ hasText: "Dit valt samen met iets anders" });
    await question.waitFor();
    expect(await question.innerText()).toContain("Sinterklaasfeest");
    await question.getByRole("button", { name: "Ja, toch aanmelden" }).click();
    await page.waitForURL(/notice=confirmed/);
    await expect.poll(() => page.locator(`#shift-${other.shiftId}`).innerText()).toContain("U bent aangemeld.");
  });
});

describe("the public activity pages", () => {
  it("pass axe on the list (with and without a filter error) and on an activity", async () => {
    const s = await scenario("axe", "Buurtkoor", "Koffie schenken");
    const { page } = await e2e.open();
    await visit(page, `${srv.url}/activities`);
    await page.getByRole("heading", { level: 1, name: "Activiteiten" }).waitFor();
    await page.getByRole("link", { name: "Buurtkoor" }).waitFor();
    await expectNoViolations(page);

    await page.getByLabel("Soort activiteit").selectOption("social");
    await page.getByLabel("Alleen activiteiten die vrijwilligers zoeken").check();
    await page.getByRole("button", { name: "Zoek activiteiten" }).click();
    await page.waitForURL(/category=social/);
    await page.getByRole("link", { name: "Buurtkoor" }).waitFor();
    expect(await page.getByLabel("Soort activiteit").inputValue()).toBe("social");
    // "Clear all filters" (a client-side navigation with JavaScript) empties the fields again.
    await page.getByRole("link", { name: "Wis alle filters" }).click();
    await page.waitForURL(`${srv.url}/activities`);
    await expect.poll(() => page.getByLabel("Soort activiteit").inputValue()).toBe("");
    expect(await page.getByLabel("Alleen activiteiten die vrijwilligers zoeken").isChecked()).toBe(false);

    const bad = await page.goto(`${srv.url}/activities?from=2026-02-30`);
    expect(bad?.status()).toBe(400);
    await page.getByText("Vul een datum in zoals 2026-12-01.").waitFor();
    await expectNoViolations(page);

    await visit(page, `${srv.url}/activities/${s.activityId}`);
    await page.getByRole("heading", { level: 1, name: "Buurtkoor" }).waitFor();
    await expectNoViolations(page);
  });
});
