import {
  addMember,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import type { Database } from "#db/client";
import { seedActivities } from "./seed-activities";
import { seedCommunity } from "./seed-community";
import { seedHelpRequests } from "./seed-help-requests";
import { seedCircles } from "./seed-circles";
import { seedCircleHistory } from "./seed-circle-history";
import { seedSignals } from "./seed-signals";
import { seedFacilities } from "./seed-facilities";
import { municipality } from "#db/schema";

/** The fictional municipality of the demo: 7 neighbourhoods and the postcode areas they cover. */
export const DEMO_NEIGHBOURHOODS = [
  { name: "Binnenstad", slug: "binnenstad", postcodes: ["7511", "7512"] },
  { name: "Oosterveld", slug: "oosterveld", postcodes: ["7513", "7514"] },
  { name: "Westwijk", slug: "westwijk", postcodes: ["7521", "7522"] },
  { name: "De Esch", slug: "de-esch", postcodes: ["7531", "7532"] },
  { name: "Kanaalzone", slug: "kanaalzone", postcodes: ["7541"] },
  { name: "Boswijk", slug: "boswijk", postcodes: ["7544", "7545"] },
  { name: "Noorderhaven", slug: "noorderhaven", postcodes: ["7551"] },
] as const;

/** Demo accounts, listed in the README. Sign in through /dev/mailbox. */
export const DEMO_ACCOUNTS = {
  admin: "beheerder@example.org",
  coordinator: "coordinator@example.org",
  organisationAdmin: "sportclub@example.org",
  organisationMember: "vrijwilliger.sportclub@example.org",
  volunteer: "vrijwilliger@example.org",
  carer: "mantelzorger@example.org",
} as const;

type Area = Awaited<ReturnType<typeof createNeighbourhood>>;

export class SeedRefused extends Error {
  override name = "SeedRefused";
}

/**
 * Fills an empty local database with the demo municipality. Refuses a remote database (a seed
 * must never touch real data) and does nothing when any data exists.
 */
export async function seedDatabase(
  database: Database,
  { now, withActivities = true }: { now: number; withActivities?: boolean },
): Promise<{ seeded: boolean }> {
  if (!database.isLocal) throw new SeedRefused(`Refusing to seed a non-local database (${new URL(database.url).host})`);
  const result = await database.write(async (tx) => {
    const existing = await tx.select({ id: municipality.id }).from(municipality).limit(1);
    if (existing.length > 0) return { seeded: false };

    const town = await createMunicipality(tx, { name: "Hoflanden", timeZone: "Europe/Amsterdam" });
    const areas = [];
    for (const n of DEMO_NEIGHBOURHOODS) {
      areas.push(await createNeighbourhood(tx, { municipalityId: town.id, name: n.name, slug: n.slug, postcodes: [...n.postcodes] }));
    }
    const [binnenstad, oosterveld, westwijk, deEsch] = areas as [Area, Area, Area, Area, ...Area[]];
    const person = (email: string, name: string, area: Area, postcode: string, locale: "nl" | "en" = "nl") =>
      createUser(tx, { email, name, neighbourhoodId: area.id, postcode, locale, createdAt: now });

    const admin = await person(DEMO_ACCOUNTS.admin, "Bram Beheer", binnenstad, "7511AA");
    await grantAdmin(tx, admin.id);
    const coordinator = await person(DEMO_ACCOUNTS.coordinator, "Cora Jansen", oosterveld, "7513BC");
    await grantCoordinator(tx, coordinator.id, [binnenstad.id, oosterveld.id, westwijk.id]);
    const clubAdmin = await person(DEMO_ACCOUNTS.organisationAdmin, "Sven Bakker", westwijk, "7521CD");
    const clubMember = await person(DEMO_ACCOUNTS.organisationMember, "Fatima El Amrani", westwijk, "7522EF");
    await person(DEMO_ACCOUNTS.volunteer, "Willem de Boer", deEsch, "7531GH");
    await person(DEMO_ACCOUNTS.carer, "Maria Smit", binnenstad, "7512JK", "en");

    const club = await createOrganisation(tx, {
      slug: "sv-hoflanden",
      name: "Sportvereniging Hoflanden",
      kind: "sports",
      description: "Voetbal, wandelen en bewegen voor alle leeftijden.",
      contactEmail: "info@sv-hoflanden.example.org",
      createdAt: now,
    });
    await addMember(tx, club.id, clubAdmin.id, "admin");
    await addMember(tx, club.id, clubMember.id, "member");
    await createOrganisation(tx, {
      slug: "buurthuis-de-esch",
      name: "Buurthuis De Esch",
      kind: "welfare",
      description: "Ontmoeten, koffie en activiteiten in de wijk.",
      createdAt: now,
    });
    await createOrganisation(tx, { slug: "muziekschool-hoflanden", name: "Muziekschool Hoflanden", kind: "culture", createdAt: now });
    await createOrganisation(tx, {
      slug: "bakkerij-van-dam",
      name: "Bakkerij Van Dam",
      kind: "employer",
      status: "pending",
      createdAt: now,
    });
    await seedCommunity(tx, { now, accounts: DEMO_ACCOUNTS });
    return { seeded: true };
  });
  // Activities go through the domain verbs, which take the write lock themselves.
  if (result.seeded && withActivities) {
    await seedActivities(database, {
      now,
      adminEmail: DEMO_ACCOUNTS.admin,
      volunteerEmail: DEMO_ACCOUNTS.volunteer,
      memberEmail: DEMO_ACCOUNTS.organisationMember,
    });
    await seedHelpRequests(database, { now, accounts: DEMO_ACCOUNTS });
    await seedCircles(database, { now, accounts: DEMO_ACCOUNTS });
    await seedSignals(database, { now });
    await seedFacilities(database, { now });
    await seedCircleHistory(database, { now });
  }
  return result;
}
