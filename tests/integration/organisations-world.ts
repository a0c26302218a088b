import { afterAll, beforeAll } from "vitest";
import type { Ctx } from "~/domain/context.server";
import type { OrganisationInput } from "~/domain/organisations/schemas";
import {
  addMember,
  createActivity,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  grantAdmin,
  grantCoordinator,
  serveNeighbourhoods,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The world organisations.test.ts and organisation-members.test.ts share: one database per test
// file, with two neighbourhoods, their coordinators, an admin, a resident and two clubs.

export let database: TestDatabase;
export const now = Date.UTC(2026, 10, 28, 10, 0);

export const ids = {} as Record<
  "north" | "south" | "admin" | "coordNorth" | "coordSouth" | "resident" | "clubAdmin" | "clubMember" | "otherAdmin" | "club" | "otherClub",
  number
>;
export let clubSlug = "";

/** Registers the shared world for the calling test file: a database with two neighbourhoods, their coordinators, an admin and two clubs. */
export function setUpOrganisationsWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
      ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
      const person = async (email: string, neighbourhoodId = ids.north) => (await createUser(tx, { email, neighbourhoodId })).id;
      ids.admin = await person("admin@example.org");
      await grantAdmin(tx, ids.admin);
      ids.coordNorth = await person("coord.noord@example.org");
      await grantCoordinator(tx, ids.coordNorth, [ids.north]);
      ids.coordSouth = await person("coord.zuid@example.org", ids.south);
      await grantCoordinator(tx, ids.coordSouth, [ids.south]);
      ids.resident = await person("bewoner@example.org");
      ids.clubAdmin = await person("club.admin@example.org");
      ids.clubMember = await person("club.lid@example.org");
      ids.otherAdmin = await person("andere.club@example.org", ids.south);
      const club = await createOrganisation(tx, { name: "Voetbalclub Noord", contactEmail: "info@vcnoord.example.org" });
      clubSlug = club.slug;
      ids.club = club.id;
      await serveNeighbourhoods(tx, club.id, [ids.north]);
      await addMember(tx, club.id, ids.clubAdmin, "admin");
      await addMember(tx, club.id, ids.clubMember, "member");
      ids.otherClub = (await createOrganisation(tx, { name: "Zangkoor Zuid" })).id;
      await serveNeighbourhoods(tx, ids.otherClub, [ids.south]);
      await addMember(tx, ids.otherClub, ids.otherAdmin, "admin");
      const initiative = await createInitiative(tx, { organisationId: club.id, title: "Iedereen beweegt" });
      await createActivity(tx, {
        organisationId: club.id,
        neighbourhoodId: ids.north,
        initiativeId: initiative.id,
        title: "Wandelvoetbal",
      });
    });
  });
  afterAll(() => database.cleanup());
}

export function ctxFor(userId: number | null): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => now });
}

export const as = (who: keyof typeof ids | null) => ctxFor(who === null ? null : ids[who]);

export const registration = (values: Partial<OrganisationInput> = {}): OrganisationInput => ({
  name: "Sportclub Oost",
  kind: "sports",
  description: "Sporten voor iedereen.",
  contactEmail: "info@oost.example.org",
  contactPhone: "053 123 45 67",
  website: "www.oost.example.org",
  neighbourhoodIds: [ids.north],
  ...values,
});
