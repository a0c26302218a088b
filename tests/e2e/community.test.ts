import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { mailboxMessage, organisationMembership, user, volunteerAvailability, volunteerProfile } from "#db/schema";
import {
  addMember,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSkill,
  createUser,
  createVolunteerProfile,
  grantCoordinator,
  serveNeighbourhoods,
} from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, waitForMail, type E2eServer } from "#tests/support/browser";

// Organisation, initiative and volunteer-profile pages in a real browser: WCAG checks by axe,
// reflow at 320px, and the volunteer form with and without JavaScript.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const ids = {} as Record<"coordinator" | "clubAdmin" | "resident" | "volunteer" | "initiative", number>;
let clubSlug = "";
let pendingSlug = "";

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    const person = async (name: string) => (await createUser(tx, { name, neighbourhoodId: area.id, postcodeArea: "7511" })).id;
    ids.coordinator = await person("Cora Coördinator");
    await grantCoordinator(tx, ids.coordinator, [area.id]);
    ids.clubAdmin = await person("Sven Sport");
    ids.resident = await person("Rosa Bewoner");
    ids.volunteer = await person("Willem Vrijwilliger");
    await createVolunteerProfile(tx, { userId: ids.volunteer, vogStatus: "requested" });
    await createSkill(tx, { slug: "koken-e2e", nameNl: "Koken", nameEn: "Cooking" });
    await createSkill(tx, { slug: "wandelen-e2e", nameNl: "Wandelen", nameEn: "Walking", kind: "interest" });
    const club = await createOrganisation(tx, {
      name: "Sportvereniging Binnenstad",
      kind: "sports",
      description: "Voetbal en wandelen.",
      contactEmail: "info@svb.example.org",
      contactPhone: "053 111 22 33",
      website: "https://svb.example.org",
    });
    clubSlug = club.slug;
    await serveNeighbourhoods(tx, club.id, [area.id]);
    await addMember(tx, club.id, ids.clubAdmin, "admin");
    const partner = await createOrganisation(tx, { name: "Bibliotheek Binnenstad" });
    const pending = await createOrganisation(tx, { name: "Nieuwe Buurtclub", status: "pending", contactEmail: "nieuw@example.org" });
    pendingSlug = pending.slug;
    await serveNeighbourhoods(tx, pending.id, [area.id]);
    await addMember(tx, pending.id, ids.resident, "admin");
    ids.initiative = (
      await createInitiative(tx, {
        organisationId: club.id,
        title: "Binnenstad beweegt",
        description: "Elke week samen bewegen.",
        targetGroups: ["older-people", "disability"],
        partnerIds: [partner.id],
      })
    ).id;
  });
});

/** A browser context signed in as this person (a session made directly, as sign-in would). */
const open = (who: keyof typeof ids | null, options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) =>
  e2e.open({ ...options, as: who ? ids[who] : undefined });

async function goto(page: Page, path: string) {
  const response = await visit(page, `${srv.url}${path}`);
  expect(response?.status(), path).toBe(200);
}

const pagesFor = () =>
  ({
    clubAdmin: [
      `/organisations/${clubSlug}`,
      `/organisations/${clubSlug}/edit`,
      `/organisations/${clubSlug}/members`,
      `/initiatives/${ids.initiative}`,
      `/initiatives/new?organisation=${clubSlug}`,
      `/initiatives/${ids.initiative}/edit`,
    ],
    resident: ["/initiatives", `/organisations/${pendingSlug}`, "/organisations/new", "/me/volunteer", "/me"],
    coordinator: ["/coordinator", "/coordinator/organisations", "/coordinator/volunteers"],
  }) as const;

describe("axe finds no WCAG 2.2 AA violations", () => {
  for (const who of ["clubAdmin", "resident", "coordinator"] as const) {
    it(`on the pages of a ${who}`, async () => {
      const { page } = await open(who);
      for (const path of pagesFor()[who]) {
        await goto(page, path);
        await expectNoViolations(page);
      }
    });
  }

  it("on forms showing errors next to the fields (organisation, initiative, volunteer profile)", async () => {
    // axe runs inside the page, so JavaScript is on here; the messages are the same ones the
    // server sends without it (community-http.test.ts checks those).
    const { page } = await open("clubAdmin");
    page.setDefaultTimeout(15_000);
    await goto(page, "/organisations/new");
    await page.getByLabel("Naam van de organisatie").fill("Buurtclub Oost");
    await page.getByLabel("Soort organisatie").selectOption("culture");
    await page.getByLabel("Website (niet verplicht)").fill("ftp://nergens");
    await page.getByRole("button", { name: "Aanmelden" }).click();
    await page.locator("#organisation-new-website-error").waitFor();
    await expectNoViolations(page);
    // A good address, still no neighbourhood: the server's message next to the group.
    await page.getByLabel("Website (niet verplicht)").fill("www.buurtclub-oost.nl");
    await page.getByRole("button", { name: "Aanmelden" }).click();
    await page.locator("#organisation-new-neighbourhoodIds-error").waitFor();
    expect(await page.getByLabel("Naam van de organisatie").inputValue()).toBe("Buurtclub Oost");
    await expectNoViolations(page);

    await goto(page, `/initiatives/new?organisation=${clubSlug}`);
    await page.getByLabel("Titel").fill("Samen wandelen");
    await page.getByLabel("Wat wilt u bereiken?").fill("Meer bewegen");
    await page.getByLabel("Ouderen").check();
    await page.getByLabel("Begindatum").fill("2027-02-01");
    await page.getByLabel("Einddatum (niet verplicht)").fill("2027-01-01");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.locator("#initiative-new-endsOn-error").waitFor();
    await expectNoViolations(page);

    await goto(page, "/me/volunteer");
    const slot = page.getByRole("group", { name: "Moment 1" });
    await slot.getByLabel("Dag").selectOption("2");
    await slot.getByLabel("Van").fill("14:00");
    await slot.getByLabel("Tot").fill("10:00");
    await page.getByLabel("Hoeveel uur per maand").fill("0");
    await page.getByRole("button", { name: "Opslaan", exact: true }).last().click();
    await page.getByText("Het einde moet na het begin liggen.").waitFor();
    await page.getByText("Vul een getal in dat groter is dan 0.").waitFor();
    expect(await page.getByRole("group", { name: "Moment 1" }).getByLabel("Tot").inputValue()).toBe("10:00");
    await expectNoViolations(page);
  });
});

describe("reflow at 320 CSS pixels (WCAG 1.4.10)", () => {
  it("needs no horizontal scrolling", async () => {
    for (const who of ["clubAdmin", "resident", "coordinator"] as const) {
      const { page } = await open(who, { viewport: { width: 320, height: 640 } });
      for (const path of pagesFor()[who]) {
        await goto(page, path);
        const { scrollWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
        expect(scrollWidth, `${path} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(320);
      }
    }
  });
});

describe("the volunteer profile form", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`adds a row, saves, and Enter in a text field saves instead of removing a row (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { page } = await open("volunteer", { javaScriptEnabled });
      await goto(page, "/me/volunteer");
      await page.getByLabel("Koken").check();
      await page.getByLabel("Wandelen").check();
      await page.getByRole("radio", { name: "In mijn wijk en de wijken ernaast" }).check();
      await page.getByRole("group", { name: "Moment 1" }).getByLabel("Dag").selectOption("2");
      await page.getByRole("group", { name: "Moment 1" }).getByLabel("Van").fill("19:00");
      await page.getByRole("group", { name: "Moment 1" }).getByLabel("Tot").fill("21:00");
      await page.getByRole("button", { name: "Nog een moment toevoegen" }).click();
      const second = page.getByRole("group", { name: "Moment 2" });
      await second.waitFor();
      expect(await page.getByRole("group", { name: "Moment 1" }).getByLabel("Van").inputValue()).toBe("19:00");
      await second.getByLabel("Dag").selectOption("6");
      await second.getByLabel("Van").fill("09:00");
      await second.getByLabel("Tot").fill("12:00");
      await page.getByLabel("Andere dingen die u kunt of graag doet (niet verplicht)").fill("fietsen maken");
      await page.getByLabel("Andere dingen die u kunt of graag doet (niet verplicht)").press("Enter");
      await page.getByText("Uw vrijwilligersprofiel is opgeslagen.").waitFor();
      const slots = await srv.database.db.select().from(volunteerAvailability).where(eq(volunteerAvailability.userId, ids.volunteer));
      expect(slots.map((s) => [s.weekday, s.startTime, s.endTime]).sort()).toEqual([
        [2, "19:00", "21:00"],
        [6, "09:00", "12:00"],
      ]);
      const profile = await srv.database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.volunteer) });
      expect(profile).toMatchObject({ travelRange: "adjacent", tags: ["fietsen maken"], vogStatus: "requested" });
      expect(await page.getByLabel("Koken").isChecked()).toBe(true);
      expect(await page.getByLabel("Wandelen").isChecked()).toBe(true);
      await page.getByText("VOG aangevraagd").waitFor();
      // Reset for the other run.
      await srv.database.write((tx) => tx.delete(volunteerAvailability).where(eq(volunteerAvailability.userId, ids.volunteer)));
    });
  }
});

describe("membership by invitation", () => {
  it("the admin invites from the members page; the invited person accepts without JavaScript; both pages pass axe", async () => {
    const resident = await srv.database.db.query.user.findFirst({ where: eq(user.id, ids.resident) });
    const { page: adminPage } = await open("clubAdmin");
    adminPage.setDefaultTimeout(15_000);
    await goto(adminPage, `/organisations/${clubSlug}/members`);
    await adminPage.getByLabel("E-mailadres").fill(resident!.email);
    await adminPage.getByLabel("Rol", { exact: true }).selectOption("member");
    await adminPage.getByRole("button", { name: "Uitnodiging versturen" }).click();
    await adminPage.getByText("Als dit adres nog geen lid is, krijgt het een uitnodiging per e-mail.").waitFor();
    await adminPage.getByRole("button", { name: /^Uitnodiging voor .+ intrekken$/ }).waitFor();
    expect(await adminPage.content()).not.toContain(resident!.name);
    await expectNoViolations(adminPage);

    // The mail, as the worker delivered it: the organisation and the role, nothing about anyone.
    const mailId = await waitForMail(srv, resident!.email);
    const mail = await srv.database.db.query.mailboxMessage.findFirst({ where: eq(mailboxMessage.id, mailId) });
    expect(mail!.subject).toBe("Uitnodiging van Sportvereniging Binnenstad");
    expect(mail!.text).toContain("Sportvereniging Binnenstad nodigt u uit om lid te worden op Noaber.");
    expect(mail!.text).not.toContain("Sven Sport");
    const invitationPath = /\/invitations\/[A-Za-z0-9_-]+/.exec(mail!.text)?.[0];
    expect(invitationPath).toBeDefined();

    const { page: withScript } = await open("resident");
    await goto(withScript, invitationPath!);
    await withScript.getByRole("heading", { name: "Uitnodiging van Sportvereniging Binnenstad" }).waitFor();
    await expectNoViolations(withScript);

    const { page } = await open("resident", { javaScriptEnabled: false });
    await goto(page, invitationPath!);
    await page.getByRole("button", { name: "Uitnodiging aannemen" }).click();
    await page.getByText("U bent nu lid van Sportvereniging Binnenstad.").waitFor();
    const membership = await srv.database.db.query.organisationMembership.findFirst({
      where: and(eq(organisationMembership.userId, ids.resident), eq(organisationMembership.role, "member")),
    });
    expect(membership).toBeDefined();
  });
});
