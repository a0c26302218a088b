import { afterAll, beforeAll } from "vitest";
import type { Ctx } from "~/domain/context.server";
import type { FacilityInput } from "~/domain/social-map/schemas";
import {
  addMember,
  createFacility as createFacilityRow,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The world facilities.test.ts and facilities-hand-off.test.ts share: one database per test file, with two
// neighbourhoods, their coordinators, an admin, a resident, an organisation member and five facilities.

export let database: TestDatabase;
// Monday 2 November 2026, 10:30 in Amsterdam (09:30 UTC, winter time).
export const now = Date.UTC(2026, 10, 2, 9, 30);
const DAY = 86_400_000;
export const clock = () => now;

export const ids = {} as Record<
  | "town"
  | "area"
  | "otherArea"
  | "admin"
  | "coordinator"
  | "otherCoordinator"
  | "resident"
  | "member"
  | "org"
  | "open"
  | "waiting"
  | "stale"
  | "elsewhere"
  | "arabic",
  number
>;
export let areaSlug = "";
export let otherSlug = "";
export let postcodeArea = "";
export let otherPostcodeArea = "";

export const as = (userId: number | null): Promise<Ctx> => ctxAs(database, userId, { now: clock });

/** Registers the shared world for the calling test file: a database with two neighbourhoods, their people and five facilities. */
export function setUpFacilitiesWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.write(async (tx) => {
      const town = await createMunicipality(tx, { timeZone: "Europe/Amsterdam" });
      ids.town = town.id;
      const area = await createNeighbourhood(tx, { municipalityId: town.id });
      const other = await createNeighbourhood(tx, { municipalityId: town.id });
      ids.area = area.id;
      ids.otherArea = other.id;
      areaSlug = area.slug;
      otherSlug = other.slug;
      postcodeArea = area.postcodes[0]!;
      otherPostcodeArea = other.postcodes[0]!;
      const person = async (neighbourhoodId = area.id) => (await createUser(tx, { neighbourhoodId })).id;
      ids.admin = await person();
      await grantAdmin(tx, ids.admin);
      ids.coordinator = await person();
      await grantCoordinator(tx, ids.coordinator, [area.id]);
      ids.otherCoordinator = await person(other.id);
      await grantCoordinator(tx, ids.otherCoordinator, [other.id]);
      ids.resident = await person();
      ids.member = await person();
      ids.org = (await createOrganisation(tx, { name: "Buurthuis Zon" })).id;
      await addMember(tx, ids.org, ids.member);

      const monday = [{ weekday: 1, opensAt: "09:00", closesAt: "12:00" }];
      ids.open = (
        await createFacilityRow(tx, {
          municipalityId: town.id,
          neighbourhoodId: area.id,
          postcodeArea,
          organization: { name: "Buurthuis Zon", organisationId: ids.org },
          service: {
            name: "Koffie-inloop Zon",
            category: "culture",
            targetGroups: ["everyone"],
            languages: ["nl"],
            verifiedAt: now - 10 * DAY,
          },
          hours: monday,
        })
      ).service.id;
      ids.waiting = (
        await createFacilityRow(tx, {
          municipalityId: town.id,
          neighbourhoodId: area.id,
          postcodeArea,
          service: {
            name: "Jeugdhulp Noord",
            category: "youth-care",
            targetGroups: ["youth"],
            access: "waiting-list",
            waitingWeeks: 6,
            capacityStatus: "full",
            verifiedAt: now - 20 * DAY,
          },
          hours: [{ weekday: 2, opensAt: "09:00", closesAt: "17:00" }],
        })
      ).service.id;
      ids.stale = (
        await createFacilityRow(tx, {
          municipalityId: town.id,
          neighbourhoodId: area.id,
          postcodeArea,
          service: {
            name: "Schuldhulp Oud",
            category: "debt-income",
            targetGroups: ["low-income"],
            waitingWeeks: 2,
            verifiedAt: now - 200 * DAY,
          },
        })
      ).service.id;
      ids.elsewhere = (
        await createFacilityRow(tx, {
          municipalityId: town.id,
          neighbourhoodId: other.id,
          postcodeArea: otherPostcodeArea,
          service: {
            name: "Taalcafé Elders",
            category: "language-integration",
            targetGroups: ["newcomers"],
            languages: ["nl", "ar"],
            verifiedAt: now - 300 * DAY,
          },
          hours: monday,
        })
      ).service.id;
      ids.arabic = (
        await createFacilityRow(tx, {
          municipalityId: town.id,
          neighbourhoodId: other.id,
          postcodeArea: otherPostcodeArea,
          service: {
            name: "Opvoedsteun Oost",
            category: "parenting-support",
            targetGroups: ["youth"],
            languages: ["ar"],
            waitingWeeks: 0,
            verifiedAt: now,
          },
          hours: [{ weekday: 1, opensAt: "13:00", closesAt: "17:00" }],
        })
      ).service.id;
    });
  });

  afterAll(async () => {
    await database.cleanup();
  });
}

export function validInput(
  overrides: { location?: Partial<FacilityInput["location"]>; service?: Partial<FacilityInput["service"]>; hours?: unknown } = {},
): FacilityInput {
  return {
    organization: { name: "Stichting Test", description: "", email: "info@test.example.org" },
    location: {
      name: "Wijkcentrum",
      address: "Lindelaan 4",
      postcode: `${postcodeArea}XY`,
      city: "Hoflanden",
      latitude: 52.2,
      longitude: 6.9,
      accessibility: ["wheelchair"],
      accessibilityNote: "",
      ...overrides.location,
    },
    service: {
      name: "Nieuwe voorziening",
      category: "health",
      description: "Uitleg",
      targetGroups: ["everyone"],
      eligibility: "",
      access: "walk-in",
      cost: "",
      free: true,
      languages: ["nl"],
      capacityStatus: "open",
      waitingWeeks: 0,
      ...overrides.service,
    },
    hours: (overrides.hours ?? [{ weekday: 3, opensAt: "09:00", closesAt: "12:00" }]) as FacilityInput["hours"],
  };
}
