import { randomUUID } from "node:crypto";
import { count } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { facilityCooperation, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";
import { type HsdsObject } from "~/domain/social-map/exchange/export.server";
import { importFacilities, type ImportFormat } from "~/domain/social-map/exchange/import.server";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { createExchangeWorld, exchangeNow } from "#tests/support/facility-exchange";

// The world facility-import.test.ts and facility-import-progress.test.ts share: one database per test file with
// the exchange world, and HSDS files to import as the coordinator of Noord.

export let database: TestDatabase;
export let world: Awaited<ReturnType<typeof createExchangeWorld>>;
export const clock = () => exchangeNow;
export const coordinatorCtx = () => ctxAs(database, world.coordinator.id, { now: clock });

/** Registers the shared world for the calling test file. */
export function setUpFacilityImportWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    world = await database.write((tx) => createExchangeWorld(tx));
  });
  afterAll(() => database.cleanup());
}

const term = (code: string) => ({ id: randomUUID(), name: code, description: code, code: `noaber:${code}` });
const attr = (code: string, value: string) => ({
  id: randomUUID(),
  link_type: "noaber",
  link_entity: "service",
  value,
  taxonomy_term: term(code),
});

/** An HSDS service as another system might send it: Noaber's extras found by the term code. */
export function hsdsService(
  overrides: {
    name?: string;
    postcode?: string;
    email?: string;
    waiting?: string;
    organizationId?: string;
    locationId?: string;
    id?: string;
    opens?: string;
    closes?: string;
  } = {},
): HsdsObject {
  const organizationId = overrides.organizationId ?? randomUUID();
  const locationId = overrides.locationId ?? randomUUID();
  const id = overrides.id ?? randomUUID();
  return {
    id,
    name: overrides.name ?? `Taalcafé ${id.slice(0, 6)}`,
    status: "active",
    description: "Samen Nederlands oefenen.",
    email: overrides.email ?? "taal@bieb.example.nl",
    organization: { id: organizationId, name: "Bibliotheek Oost", description: "" },
    service_at_locations: [
      {
        id: randomUUID(),
        location: {
          id: locationId,
          location_type: "physical",
          name: "Bibliotheek Oost",
          latitude: 52.2,
          longitude: 6.9,
          addresses: [
            {
              id: randomUUID(),
              address_1: "Boekweg 3",
              city: "Enschede",
              state_province: "",
              postal_code: overrides.postcode ?? "7511 EF",
              country: "NL",
              address_type: "physical",
            },
          ],
          accessibility: [
            { id: randomUUID(), description: "Wheelchair accessible" },
            { id: randomUUID(), description: "Drempelvrij" },
          ],
        },
      },
    ],
    schedules: [
      {
        id: randomUUID(),
        freq: "WEEKLY",
        byday: "MO,WE",
        opens_at: overrides.opens ?? "10:00:00",
        closes_at: overrides.closes ?? "12:00:00",
      },
    ],
    languages: [{ id: randomUUID(), name: "Dutch", code: "nl" }],
    attributes: [
      attr("category", "language-integration"),
      attr("target-group", "newcomers"),
      attr("access", "walk-in"),
      attr("capacity-status", "open"),
      ...(overrides.waiting === undefined ? [] : [attr("waiting-weeks", overrides.waiting)]),
    ],
  };
}

export const json = (services: HsdsObject[]) => [{ name: "services.json", text: JSON.stringify(services) }];

export async function counts() {
  const [o] = await database.db.select({ n: count() }).from(facilityOrganization);
  const [l] = await database.db.select({ n: count() }).from(facilityLocation);
  const [s] = await database.db.select({ n: count() }).from(facilityService);
  const [h] = await database.db.select({ n: count() }).from(facilityOpeningHours);
  const [c] = await database.db.select({ n: count() }).from(facilityCooperation);
  return { organizations: o!.n, locations: l!.n, services: s!.n, hours: h!.n, links: c!.n };
}

export async function run(format: ImportFormat, files: { name: string; text: string }[]) {
  return importFacilities({ ctx: await coordinatorCtx(), input: { format, files } });
}
