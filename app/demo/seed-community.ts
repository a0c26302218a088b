import { eq, inArray } from "drizzle-orm";
import {
  addAvailability,
  addMember,
  createInitiative,
  createSkill,
  createUser,
  createVolunteerProfile,
  giveSkills,
  makeAdjacent,
  serveNeighbourhoods,
} from "~/demo/builders";
import type { Tx } from "#db/client";
import { initiativeInterest, neighbourhood, organisation, user, volunteerUnavailableDate } from "#db/schema";

// The community part of the demo seed: skills, adjacent neighbourhoods, organisations' contact
// and neighbourhoods, initiatives with partners, and volunteer profiles. Called by seedDatabase
// inside its transaction, after the neighbourhoods, people and organisations exist.

const DAY = 86_400_000;

export const DEMO_SKILLS = [
  { slug: "koken", kind: "skill", nameNl: "Koken", nameEn: "Cooking" },
  { slug: "vervoer", kind: "skill", nameNl: "Mensen rijden (rijbewijs)", nameEn: "Driving people (licence)" },
  { slug: "ehbo", kind: "skill", nameNl: "EHBO", nameEn: "First aid" },
  { slug: "klussen", kind: "skill", nameNl: "Klussen in huis", nameEn: "Odd jobs in the house" },
  { slug: "computer", kind: "skill", nameNl: "Hulp met computer en telefoon", nameEn: "Help with computers and phones" },
  { slug: "taalmaatje", kind: "skill", nameNl: "Taalmaatje", nameEn: "Language buddy" },
  { slug: "papieren", kind: "skill", nameNl: "Hulp bij post en papieren", nameEn: "Help with post and paperwork" },
  { slug: "sport-begeleiden", kind: "skill", nameNl: "Sport begeleiden", nameEn: "Coaching sports" },
  { slug: "tuinieren", kind: "interest", nameNl: "Tuinieren", nameEn: "Gardening" },
  { slug: "muziek", kind: "interest", nameNl: "Muziek maken", nameEn: "Making music" },
  { slug: "wandelen", kind: "interest", nameNl: "Wandelen", nameEn: "Walking" },
  { slug: "kinderen", kind: "interest", nameNl: "Met kinderen werken", nameEn: "Working with children" },
  { slug: "ouderen", kind: "interest", nameNl: "Met ouderen werken", nameEn: "Working with older people" },
  { slug: "evenementen", kind: "interest", nameNl: "Helpen bij evenementen", nameEn: "Helping at events" },
] as const;

/** Which demo neighbourhoods border each other (by slug). */
export const DEMO_ADJACENCY = [
  ["binnenstad", "oosterveld"],
  ["binnenstad", "westwijk"],
  ["binnenstad", "de-esch"],
  ["oosterveld", "noorderhaven"],
  ["westwijk", "kanaalzone"],
  ["de-esch", "boswijk"],
  ["kanaalzone", "noorderhaven"],
  ["kanaalzone", "boswijk"],
] as const;

export async function seedCommunity(
  tx: Tx,
  {
    now,
    accounts,
  }: { now: number; accounts: { admin: string; coordinator: string; organisationMember: string; volunteer: string; carer: string } },
) {
  const date = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);
  const areas = new Map(
    (await tx.select({ id: neighbourhood.id, slug: neighbourhood.slug }).from(neighbourhood)).map((n) => [n.slug, n.id]),
  );
  const area = (slug: string) => areas.get(slug)!;
  const people = new Map(
    (
      await tx
        .select({ id: user.id, email: user.email })
        .from(user)
        .where(inArray(user.email, Object.values(accounts)))
    ).map((p) => [p.email, p.id]),
  );
  const person = (email: string) => people.get(email)!;
  const orgs = new Map((await tx.select({ id: organisation.id, slug: organisation.slug }).from(organisation)).map((o) => [o.slug, o.id]));
  const org = (slug: string) => orgs.get(slug)!;

  const skills = new Map<string, number>();
  for (const s of DEMO_SKILLS) skills.set(s.slug, (await createSkill(tx, { ...s })).id);
  const skillIds = (...slugs: string[]) => slugs.map((s) => skills.get(s)!);

  for (const [a, b] of DEMO_ADJACENCY) await makeAdjacent(tx, area(a), area(b));

  const contact = {
    "sv-hoflanden": { contactPhone: "053 201 00 10", website: "https://sv-hoflanden.example.org", areas: ["westwijk", "binnenstad"] },
    "buurthuis-de-esch": {
      contactEmail: "welkom@buurthuis-de-esch.example.org",
      contactPhone: "053 201 00 20",
      areas: ["de-esch", "boswijk"],
    },
    "muziekschool-hoflanden": {
      contactEmail: "les@muziekschool-hoflanden.example.org",
      website: "https://muziekschool-hoflanden.example.org",
      areas: ["binnenstad", "oosterveld"],
    },
    "bakkerij-van-dam": { contactEmail: "bakker@bakkerij-van-dam.example.org", areas: ["binnenstad"] },
  } as const;
  for (const [slug, { areas: served, ...details }] of Object.entries(contact)) {
    await tx
      .update(organisation)
      .set(details)
      .where(eq(organisation.id, org(slug)));
    await serveNeighbourhoods(tx, org(slug), served.map(area));
    if (slug === "sv-hoflanden") continue;
    // Every organisation has an admin; the pending bakery's admin is who registered it.
    const admin = await createUser(tx, {
      email: `beheer@${slug}.example.org`,
      name:
        { "buurthuis-de-esch": "Ineke Mulder", "muziekschool-hoflanden": "Joost Kramer", "bakkerij-van-dam": "Henk van Dam" }[slug] ?? slug,
      neighbourhoodId: area(served[0]),
      postcode: slug === "buurthuis-de-esch" ? "7532KL" : "7511MN",
      createdAt: now,
    });
    await addMember(tx, org(slug), admin.id, "admin");
  }
  await tx
    .update(organisation)
    .set({ approvedBy: person(accounts.admin), approvedAt: now })
    .where(eq(organisation.status, "approved"));

  const moving = await createInitiative(tx, {
    organisationId: org("sv-hoflanden"),
    title: "Hoflanden beweegt",
    goal: "Meer ouderen en mensen met een beperking komen elke week in beweging.",
    description: "Wandelvoetbal, beweegles in het buurthuis en samen wandelen. Vrijwilligers begeleiden en zorgen voor koffie.",
    targetGroups: ["older-people", "disability"],
    startsOn: date(-60),
    endsOn: date(240),
    partnerIds: [org("buurthuis-de-esch")],
    createdAt: now,
  });
  const table = await createInitiative(tx, {
    organisationId: org("buurthuis-de-esch"),
    title: "Samen aan tafel",
    goal: "Minder eenzaamheid: elke week samen koken en eten met buren.",
    description: "Iedereen is welkom. Wie weinig geld heeft, eet gratis mee.",
    targetGroups: ["older-people", "newcomers", "low-income"],
    startsOn: date(-200),
    partnerIds: [org("sv-hoflanden")],
    createdAt: now,
  });
  await createInitiative(tx, {
    organisationId: org("muziekschool-hoflanden"),
    title: "Muziek voor elk kind",
    goal: "Kinderen uit gezinnen met weinig geld leren een instrument bespelen.",
    targetGroups: ["youth", "low-income"],
    startsOn: date(-30),
    endsOn: date(300),
    partnerIds: [org("buurthuis-de-esch")],
    createdAt: now,
  });
  await createInitiative(tx, {
    organisationId: org("buurthuis-de-esch"),
    title: "Taalcafé De Esch",
    goal: "Nieuwkomers oefenen Nederlands met buren, in een gewoon gesprek.",
    targetGroups: ["newcomers"],
    startsOn: date(-120),
    createdAt: now,
  });
  await tx.insert(initiativeInterest).values([
    { initiativeId: table.id, userId: person(accounts.carer), createdAt: now },
    { initiativeId: moving.id, userId: person(accounts.volunteer), createdAt: now },
  ]);

  // Willem: a volunteer with a valid VOG (registered by the admin: he lives outside the demo coordinator's area).
  const willem = person(accounts.volunteer);
  await createVolunteerProfile(tx, {
    userId: willem,
    languages: ["nl", "en"],
    tags: ["fietsen repareren"],
    travelRange: "adjacent",
    vogStatus: "valid",
    vogValidUntil: date(3 * 365),
    vogSetBy: person(accounts.admin),
    vogSetAt: now,
    maxHoursPerMonth: 16,
    updatedAt: now,
  });
  await giveSkills(tx, willem, skillIds("koken", "vervoer", "wandelen", "ouderen"));
  await addAvailability(tx, willem, [
    { weekday: 2, startTime: "19:00", endTime: "21:30" },
    { weekday: 6, startTime: "09:00", endTime: "13:00" },
  ]);
  await tx
    .insert(volunteerUnavailableDate)
    .values([date(30), date(31), date(32), date(33)].map((d) => ({ userId: willem, date: d, note: "vakantie" })));

  // Fatima: her VOG is requested, so the coordinator of Westwijk sees it on /coordinator/volunteers.
  const fatima = person(accounts.organisationMember);
  await createVolunteerProfile(tx, {
    userId: fatima,
    languages: ["nl", "ar"],
    travelRange: "own",
    vogStatus: "requested",
    vogSetBy: person(accounts.coordinator),
    vogSetAt: now,
    updatedAt: now,
  });
  await giveSkills(tx, fatima, skillIds("sport-begeleiden", "ehbo", "kinderen"));
  await addAvailability(tx, fatima, [{ weekday: 3, startTime: "14:00", endTime: "17:00" }]);

  return { initiatives: { moving: moving.id, table: table.id } };
}
