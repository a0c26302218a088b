import { afterAll, beforeAll } from "vitest";
import { createMunicipality, createNeighbourhood, createOrganisation } from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// What signups.test.ts and series-signup.test.ts share: a database of their own for the whole file with one town,
// one neighbourhood and one organisation, where each test builds the activities and people it needs.

export interface SignupWorld {
  database: TestDatabase;
  neighbourhoodId: number;
  organisationId: number;
}

/**
 * Registers the file's hooks: before all tests `fill` gets a fresh database with one neighbourhood and one
 * organisation; after all tests the database goes.
 */
export function signupWorldPerFile(fill: (world: SignupWorld) => void) {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const ids = await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
      const organisationId = (await createOrganisation(tx)).id;
      return { neighbourhoodId, organisationId };
    });
    fill({ database, ...ids });
  });
  afterAll(() => database?.cleanup());
}
