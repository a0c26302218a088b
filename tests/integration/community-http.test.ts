import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { initiativeInterest, organisation, organisationMembership, volunteerAvailability, volunteerProfile } from "#db/schema";
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
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Saturday 28 November 2026, 11:00 in Amsterdam.
const now = Date.UTC(2026, 10, 28, 10, 0);

let server: TestServer;
const ids = {} as Record<
  "north" | "south" | "resident" | "clubAdmin" | "otherAdmin" | "coordNorth" | "coordSouth" | "volunteer" | "club" | "initiative",
  number
>;
let clubSlug = "";

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    const person = async (name: string, neighbourhoodId = ids.north) => (await createUser(tx, { name, neighbourhoodId })).id;
    ids.resident = await person("Rita Bewoner");
    ids.clubAdmin = await person("Chris Clubbeheer");
    ids.otherAdmin = await person("Olga Anderclub");
    ids.coordNorth = await person("Karin Noord");
    await grantCoordinator(tx, ids.coordNorth, [ids.north]);
    ids.coordSouth = await person("Kees Zuid", ids.south);
    await grantCoordinator(tx, ids.coordSouth, [ids.south]);
    ids.volunteer = await person("Vincent Vrijwilliger");
    await createVolunteerProfile(tx, { userId: ids.volunteer, vogStatus: "requested" });
    await createSkill(tx, { slug: "koken-http", nameNl: "Koken voor groepen", nameEn: "Cooking for groups" });
    const club = await createOrganisation(tx, {
      name: "Hockeyclub Noord",
      kind: "sports",
      contactEmail: "info@hcnoord.example.org",
      description: "Hockey voor iedereen.",
    });
    clubSlug = club.slug;
    ids.club = club.id;
    await serveNeighbourhoods(tx, club.id, [ids.north]);
    await addMember(tx, club.id, ids.clubAdmin, "admin");
    const other = await createOrganisation(tx, { name: "Schaakclub Zuid" });
    await addMember(tx, other.id, ids.otherAdmin, "admin");
    ids.initiative = (
      await createInitiative(tx, {
        organisationId: club.id,
        title: "Sporten met ouderen",
        targetGroups: ["older-people"],
        partnerIds: [other.id],
      })
    ).id;
  });
});
afterAll(() => server.close());

/** A client with a session for this person, as if they had signed in. */
const clientFor = (who: keyof typeof ids | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], now);

describe("organisation pages", () => {
  test("an approved organisation's page is public and shows no members to visitors", async () => {
    const response = await (await clientFor(null)).get(`/organisations/${clubSlug}`);
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toContain("<h1");
    expect(page).toContain("Hockeyclub Noord");
    expect(page).toContain("info@hcnoord.example.org");
    expect(page).toContain("Sporten met ouderen");
    expect(page).not.toContain("Chris Clubbeheer");
    const member = await html(await (await clientFor("clubAdmin")).get(`/organisations/${clubSlug}`));
    expect(member).toContain("Chris Clubbeheer");
    expect(member).toContain(`/organisations/${clubSlug}/members`);
  });

  test("registering: bad input comes back with messages and what was typed; good input makes a pending organisation", async () => {
    const client = await clientFor("resident");
    const form = {
      name: "Buurtkoor Noord",
      kind: "culture",
      description: "Zingen",
      website: "ftp://koor",
      neighbourhoodIds: String(ids.north),
    };
    const bad = await client.post("/organisations/new", form);
    expect(bad.status).toBe(400);
    const badPage = await html(bad);
    expect(badPage).toContain("Vul een webadres in zoals www.voorbeeld.nl.");
    expect(badPage).toContain('value="Buurtkoor Noord"');
    // Nothing ticked: the group's blank value keeps the field in the form, so its message shows.
    const none = await client.post("/organisations/new", { ...form, website: "koor.example.org", neighbourhoodIds: "" });
    expect(none.status).toBe(400);
    expect(await html(none)).toContain("Kies minstens één wijk.");
    const good = await client.post("/organisations/new", { ...form, website: "koor.example.org" });
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toBe("/organisations/buurtkoor-noord");
    const row = await server.database.db.query.organisation.findFirst({ where: eq(organisation.slug, "buurtkoor-noord") });
    expect(row).toMatchObject({ status: "pending", website: "https://koor.example.org" });
    const own = await client.get("/organisations/buurtkoor-noord");
    expect(own.status).toBe(200);
    expect(await html(own)).toContain("wacht op goedkeuring");
    expect((await (await clientFor(null)).get("/organisations/buurtkoor-noord")).status).toBe(404);
    expect((await (await clientFor("coordSouth")).get("/organisations/buurtkoor-noord")).status).toBe(404);
  });

  test("approval: a resident may not open the list; a coordinator of the neighbourhood approves", async () => {
    expect((await (await clientFor("resident")).get("/coordinator/organisations")).status).toBe(403);
    const coordinator = await clientFor("coordNorth");
    const list = await html(await coordinator.get("/coordinator/organisations"));
    expect(list).toContain("Buurtkoor Noord");
    const row = await server.database.db.query.organisation.findFirst({ where: eq(organisation.slug, "buurtkoor-noord") });
    expect((await (await clientFor("coordSouth")).post("/coordinator/organisations", { organisationId: String(row!.id) })).status).toBe(
      404,
    );
    const approved = await coordinator.post("/coordinator/organisations", { organisationId: String(row!.id) });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("location")).toBe("/organisations/buurtkoor-noord?approved");
    expect((await (await clientFor(null)).get("/organisations/buurtkoor-noord")).status).toBe(200);
  });

  test("on the organisation's own page: a coordinator approves, a member leaves, the last admin cannot leave", async () => {
    const resident = await clientFor("resident");
    await resident.post("/organisations/new", { name: "Repair Café Noord", kind: "other", neighbourhoodIds: String(ids.north) });
    const pending = await html(await (await clientFor("coordNorth")).get("/organisations/repair-cafe-noord"));
    expect(pending).toContain("Goedkeuren");
    const row = await server.database.db.query.organisation.findFirst({ where: eq(organisation.slug, "repair-cafe-noord") });
    expect((await resident.post("/organisations/repair-cafe-noord", { intent: "approve", organisationId: String(row!.id) })).status).toBe(
      404,
    );
    const approved = await (
      await clientFor("coordNorth")
    ).post("/organisations/repair-cafe-noord", { intent: "approve", organisationId: String(row!.id) });
    expect(approved.headers.get("location")).toBe("/organisations/repair-cafe-noord?approved");
    expect(await html(await resident.get("/organisations/repair-cafe-noord?approved"))).toContain("De organisatie is goedgekeurd.");
    const lastAdmin = await resident.post("/organisations/repair-cafe-noord", { intent: "leave" });
    expect(lastAdmin.status).toBe(400);
    expect(await html(lastAdmin)).toContain("Dit is de laatste beheerder.");
    await server.database.write((tx) => addMember(tx, row!.id, ids.otherAdmin, "member"));
    const left = await (await clientFor("otherAdmin")).post("/organisations/repair-cafe-noord", { intent: "leave" });
    expect(left.headers.get("location")).toBe("/me");
    expect(await server.database.db.$count(organisationMembership, eq(organisationMembership.organisationId, row!.id))).toBe(1);
  });

  test("members page: only the organisation's admins; the last admin rule shows as a message", async () => {
    expect((await (await clientFor("otherAdmin")).get(`/organisations/${clubSlug}/members`)).status).toBe(404);
    expect(
      (
        await (
          await clientFor("resident")
        ).post(`/organisations/${clubSlug}/members`, { intent: "invite", email: "x@example.org", role: "admin" })
      ).status,
    ).toBe(404);
    const admin = await clientFor("clubAdmin");
    const demote = await admin.post(`/organisations/${clubSlug}/members`, {
      intent: "role",
      userId: String(ids.clubAdmin),
      role: "member",
    });
    expect(demote.status).toBe(400);
    expect(await html(demote)).toContain("Dit is de laatste beheerder.");
    const membership = await server.database.db.query.organisationMembership.findFirst({
      where: and(eq(organisationMembership.organisationId, ids.club), eq(organisationMembership.userId, ids.clubAdmin)),
    });
    expect(membership?.role).toBe("admin");
  });

  test("editing: another organisation's admin is refused; the admin's bad phone number is kept with a message", async () => {
    expect((await (await clientFor("otherAdmin")).get(`/organisations/${clubSlug}/edit`)).status).toBe(404);
    const response = await (
      await clientFor("clubAdmin")
    ).post(`/organisations/${clubSlug}/edit`, {
      name: "Hockeyclub Noord",
      kind: "sports",
      contactPhone: "bel ons",
      neighbourhoodIds: String(ids.north),
    });
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain("Vul een telefoonnummer in");
    expect(page).toContain('value="bel ons"');
  });
});

describe("initiatives", () => {
  test("the list filters by target group and the nav links to it", async () => {
    const client = await clientFor(null);
    const all = await html(await client.get("/initiatives"));
    expect(all).toContain("Sporten met ouderen");
    expect(all).toContain('href="/initiatives"');
    expect(await html(await client.get("/initiatives?group=older-people"))).toContain("Sporten met ouderen");
    expect(await html(await client.get("/initiatives?group=youth"))).not.toContain("Sporten met ouderen");
    expect((await client.get("/initiatives?group=onzin&page=abc")).status).toBe(200);
  });

  test("the detail page shows partners; 'I'm interested' switches on and off and the count follows", async () => {
    const anonymous = await html(await (await clientFor(null)).get(`/initiatives/${ids.initiative}`));
    expect(anonymous).toContain("Schaakclub Zuid");
    expect(anonymous).toContain("Log in om te laten weten");
    const client = await clientFor("resident");
    const on = await client.post(`/initiatives/${ids.initiative}`, { interested: "yes" });
    expect(on.status).toBe(302);
    const page = await html(await client.get(`/initiatives/${ids.initiative}`));
    expect(page).toContain("1 persoon vindt dit interessant");
    expect(page).toContain("Ik vind dit niet meer interessant");
    await client.post(`/initiatives/${ids.initiative}`, { interested: "no" });
    const rows = await server.database.db.select().from(initiativeInterest).where(eq(initiativeInterest.initiativeId, ids.initiative));
    expect(rows).toHaveLength(0);
    expect((await (await clientFor(null)).post(`/initiatives/${ids.initiative}`, { interested: "yes" })).headers.get("location")).toMatch(
      /^\/login/,
    );
    expect((await (await clientFor(null)).get("/initiatives/999999")).status).toBe(404);
  });

  test("a member creates an initiative; an end before the start comes back as a message; a resident is refused", async () => {
    const form = { title: "Wandelen", goal: "Meer bewegen", targetGroups: "older-people", startsOn: "2027-01-10", endsOn: "2027-01-01" };
    expect((await (await clientFor("resident")).get(`/initiatives/new?organisation=${clubSlug}`)).status).toBe(404);
    const admin = await clientFor("clubAdmin");
    const bad = await admin.post(`/initiatives/new?organisation=${clubSlug}`, form);
    expect(bad.status).toBe(400);
    expect(await html(bad)).toContain("Het einde moet na het begin liggen.");
    const good = await admin.post(`/initiatives/new?organisation=${clubSlug}`, { ...form, endsOn: "2027-03-01" });
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toMatch(/^\/initiatives\/\d+$/);
    const page = await html(await admin.get(good.headers.get("location")!));
    expect(page).toContain("Wandelen");
    expect(page).toContain("Bereik");
  });
});

describe("the volunteer profile at /me/volunteer", () => {
  test("needs a signed-in person", async () => {
    const response = await (await clientFor(null)).get("/me/volunteer");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fme%2Fvolunteer");
  });

  test("a new profile starts with one empty row; 'add a row' works without JavaScript", async () => {
    const client = await clientFor("resident");
    const raw = await (await client.get("/me/volunteer")).text();
    const page = raw.replace(/&quot;/g, '"');
    expect(page).toContain("Moment 1");
    expect(page).not.toContain("Moment 2");
    expect(page).toContain("Koken voor groepen");
    const intent = [...raw.matchAll(/name="__intent__" value="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&quot;/g, '"'))
      .find((v) => v.includes('"insert"') && v.includes('"availability"'));
    expect(intent).toBeDefined();
    const added = await client.post("/me/volunteer", {
      __intent__: intent!,
      travelRange: "own",
      "availability[0].weekday": "2",
      "availability[0].startTime": "19:00",
      "availability[0].endTime": "21:00",
    });
    expect(added.status).toBe(200);
    const withRow = await html(added);
    expect(withRow).toContain("Moment 2");
    expect(withRow).toContain('value="19:00"');
    // Removing the first row keeps the second one's values, also without JavaScript.
    const removeFirst = JSON.stringify({ type: "remove", payload: { name: "availability", index: 0 } });
    const removed = await html(
      await client.post("/me/volunteer", {
        __intent__: removeFirst,
        travelRange: "own",
        "availability[0].weekday": "2",
        "availability[0].startTime": "19:00",
        "availability[0].endTime": "21:00",
        "availability[1].weekday": "5",
        "availability[1].startTime": "08:15",
        "availability[1].endTime": "09:45",
      }),
    );
    expect(removed).toContain('value="08:15"');
    expect(removed).not.toContain('value="19:00"');
    expect(removed).not.toContain("Moment 2");
  });

  test("end before start and max hours of 0 come back as messages with the typed values; nothing is saved", async () => {
    const client = await clientFor("resident");
    const response = await client.post("/me/volunteer", {
      travelRange: "adjacent",
      tags: "fietsen maken",
      "availability[0].weekday": "3",
      "availability[0].startTime": "14:00",
      "availability[0].endTime": "10:00",
      maxHoursPerMonth: "0",
    });
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain("Het einde moet na het begin liggen.");
    expect(page).toContain("Vul een getal in dat groter is dan 0.");
    expect(page).toContain('value="14:00"');
    expect(page).toContain('value="fietsen maken"');
    expect(await server.database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.resident) })).toBeUndefined();
  });

  test("a date in the past comes back as a message (a domain check, after the form check)", async () => {
    const response = await (await clientFor("resident")).post("/me/volunteer", { travelRange: "own", pausedUntil: "2026-11-01" });
    expect(response.status).toBe(400);
    expect(await html(response)).toContain("Deze datum is al voorbij.");
  });

  test("a good profile is saved and summarised on /me", async () => {
    const client = await clientFor("resident");
    const response = await client.post("/me/volunteer", {
      travelRange: "adjacent",
      languages: "nl",
      "availability[0].weekday": "3",
      "availability[0].startTime": "09:00",
      "availability[0].endTime": "12:00",
      "unavailable[0].from": "2026-12-24",
      "unavailable[0].to": "2026-12-26",
      maxHoursPerMonth: "8",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/me/volunteer?saved");
    const slots = await server.database.db.select().from(volunteerAvailability).where(eq(volunteerAvailability.userId, ids.resident));
    expect(slots.map((s) => [s.weekday, s.startTime, s.endTime])).toEqual([[3, "09:00", "12:00"]]);
    const saved = await html(await client.get("/me/volunteer?saved"));
    expect(saved).toContain("Uw vrijwilligersprofiel is opgeslagen.");
    expect(saved).toContain('value="2026-12-26"');
    const me = await html(await client.get("/me"));
    expect(me).toContain("In mijn wijk en de wijken ernaast");
    expect(me).toContain("Geen VOG");
  });
});

describe("VOG by coordinators at /coordinator/volunteers", () => {
  test("a resident is refused; a coordinator of another neighbourhood cannot set it (404, as for no such volunteer)", async () => {
    expect((await (await clientFor("resident")).get("/coordinator/volunteers")).status).toBe(403);
    const south = await clientFor("coordSouth");
    expect(await html(await south.get("/coordinator/volunteers"))).not.toContain("Vincent Vrijwilliger");
    const refused = await south.post("/coordinator/volunteers", {
      userId: String(ids.volunteer),
      vogStatus: "valid",
      vogValidUntil: "2029-01-01",
    });
    expect(refused.status).toBe(404);
  });

  test("a coordinator of the volunteer's neighbourhood sets it; a missing date is a message", async () => {
    const client = await clientFor("coordNorth");
    const list = await html(await client.get("/coordinator/volunteers"));
    expect(list).toContain("Vincent Vrijwilliger");
    expect(list).toContain("VOG aangevraagd");
    const missing = await client.post("/coordinator/volunteers", { userId: String(ids.volunteer), vogStatus: "valid" });
    expect(missing.status).toBe(400);
    expect(await html(missing)).toContain("Vul in tot wanneer de VOG geldig is.");
    const saved = await client.post("/coordinator/volunteers", {
      userId: String(ids.volunteer),
      vogStatus: "valid",
      vogValidUntil: "2029-01-01",
    });
    expect(saved.status).toBe(200);
    const page = await html(saved);
    expect(page).toContain("De VOG van Vincent Vrijwilliger is opgeslagen.");
    const profile = await server.database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.volunteer) });
    expect(profile).toMatchObject({ vogStatus: "valid", vogValidUntil: "2029-01-01", vogSetBy: ids.coordNorth, vogSetAt: now });
    const own = await html(await (await clientFor("volunteer")).get("/me/volunteer"));
    expect(own).toContain("Geldige VOG");
    expect(own).toContain("1 januari 2029");
  });
});
