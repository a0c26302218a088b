import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Database, Tx } from "#db/client";
import {
  facilityCooperation,
  facilityLocation,
  facilityOpeningHours,
  facilityOrganization,
  facilityService,
  neighbourhood,
} from "#db/schema";
import { createMunicipality, createNeighbourhood, createUser, grantAdmin, grantCoordinator } from "~/demo/builders";

// A small social map for the import/export tests: two neighbourhoods, three facilities with every
// field Noaber exchanges filled (and some left empty), opening hours and a cooperation link.

export const exchangeNow = Date.UTC(2026, 10, 28, 10, 0);

export async function createExchangeWorld(tx: Tx) {
  const town = await createMunicipality(tx);
  const north = await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord", postcodes: ["7511"] });
  const south = await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid", postcodes: ["7512", "7513"] });
  const otherTown = await createMunicipality(tx);
  const elsewhere = await createNeighbourhood(tx, { municipalityId: otherTown.id, name: "Elders", postcodes: ["8011"] });
  const coordinator = await createUser(tx, { email: `coord-${randomUUID()}@example.org`, neighbourhoodId: north.id });
  await grantCoordinator(tx, coordinator.id, [north.id]);
  const admin = await createUser(tx, { email: `admin-${randomUUID()}@example.org`, neighbourhoodId: south.id });
  await grantAdmin(tx, admin.id);
  const resident = await createUser(tx, { email: `resident-${randomUUID()}@example.org`, neighbourhoodId: north.id });
  const otherCoordinator = await createUser(tx, { email: `elders-${randomUUID()}@example.org`, neighbourhoodId: elsewhere.id });
  await grantCoordinator(tx, otherCoordinator.id, [elsewhere.id]);
  return { town, north, south, otherTown, elsewhere, coordinator, admin, resident, otherCoordinator };
}

export async function createExchangeFacilities(tx: Tx, world: Awaited<ReturnType<typeof createExchangeWorld>>) {
  const at = exchangeNow - 86_400_000;
  const [welzijn] = await tx
    .insert(facilityOrganization)
    .values({
      hsdsId: randomUUID(),
      municipalityId: world.town.id,
      name: "Stichting Welzijn Noord",
      description: "Welzijnswerk in de wijk.",
      email: "info@welzijn.example.nl",
      website: "https://welzijn.example.nl",
      phone: "+31 53 123 4567",
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const [kinderopvang] = await tx
    .insert(facilityOrganization)
    .values({ hsdsId: randomUUID(), municipalityId: world.town.id, name: "Kinderopvang =Zon", createdAt: at, updatedAt: at })
    .returning();
  const [buurthuis] = await tx
    .insert(facilityLocation)
    .values({
      hsdsId: randomUUID(),
      organizationId: welzijn!.id,
      name: "Buurthuis De Brug",
      address: "Brugstraat 1",
      postcode: "7511AB",
      city: "Enschede",
      neighbourhoodId: world.north.id,
      latitude: 52.22,
      longitude: 6.89,
      accessibility: ["wheelchair", "hearing-loop"],
      accessibilityNote: 'Ingang aan de achterkant, "bel" aanwezig',
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const [zon] = await tx
    .insert(facilityLocation)
    .values({
      hsdsId: randomUUID(),
      organizationId: kinderopvang!.id,
      name: "Locatie Zuid",
      address: "Zonnelaan 12",
      postcode: "7513CD",
      city: "Enschede",
      neighbourhoodId: world.south.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const [schuldhulp] = await tx
    .insert(facilityService)
    .values({
      hsdsId: randomUUID(),
      organizationId: welzijn!.id,
      locationId: buurthuis!.id,
      name: "Schuldhulp Noord",
      category: "debt-income",
      description: "Hulp bij schulden, op afspraak.\nOok thuis.",
      targetGroups: ["everyone", "low-income"],
      eligibility: "Voor inwoners van de gemeente.",
      access: "waiting-list",
      cost: "gratis",
      free: true,
      languages: ["nl", "en", "ar"],
      email: "schuld@welzijn.example.nl",
      phone: "+31 53 765 4321",
      url: "https://welzijn.example.nl/schulden",
      waitingWeeks: 6,
      capacityStatus: "limited",
      verifiedAt: Date.UTC(2026, 3, 1, 8, 30),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const [inloop] = await tx
    .insert(facilityService)
    .values({
      hsdsId: randomUUID(),
      organizationId: welzijn!.id,
      locationId: buurthuis!.id,
      name: "Inloop voor mantelzorgers",
      category: "respite-day-care",
      targetGroups: ["carers"],
      access: "walk-in",
      languages: ["nl"],
      capacityStatus: "open",
      verifiedAt: Date.UTC(2026, 9, 1),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const [opvang] = await tx
    .insert(facilityService)
    .values({
      hsdsId: randomUUID(),
      organizationId: kinderopvang!.id,
      locationId: zon!.id,
      name: '=HYPERLINK("http://evil.example")',
      category: "childcare",
      targetGroups: ["youth"],
      access: "referral",
      cost: "€ 9 per uur",
      languages: ["nl", "tr"],
      capacityStatus: "full",
      waitingWeeks: 0,
      verifiedAt: Date.UTC(2025, 0, 1),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(facilityOpeningHours).values([
    { serviceId: schuldhulp!.id, weekday: 1, opensAt: "09:00", closesAt: "12:00" },
    { serviceId: schuldhulp!.id, weekday: 1, opensAt: "13:00", closesAt: "17:00" },
    { serviceId: schuldhulp!.id, weekday: 4, opensAt: "09:00", closesAt: "12:30" },
    { serviceId: opvang!.id, weekday: 7, opensAt: "07:30", closesAt: "18:00" },
  ]);
  await tx.insert(facilityCooperation).values([
    { fromServiceId: inloop!.id, toServiceId: schuldhulp!.id, kind: "referral", purpose: "Geldzorgen van mantelzorgers", createdAt: at },
    { fromServiceId: schuldhulp!.id, toServiceId: opvang!.id, kind: "agreement", purpose: "Opvang tijdens gesprekken", createdAt: at },
  ]);
  return { services: [schuldhulp!, inloop!, opvang!], organizations: [welzijn!, kinderopvang!], locations: [buurthuis!, zon!] };
}

/**
 * The facilities of a municipality in a comparable form (no internal ids or timestamps of the
 * write): what a round trip must keep.
 */
export async function snapshotFacilities(database: Database, municipalityId: number) {
  const { db } = database;
  const services = await db
    .select({ service: facilityService, location: facilityLocation, organization: facilityOrganization })
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .where(eq(facilityOrganization.municipalityId, municipalityId))
    .orderBy(asc(facilityService.hsdsId));
  const hours = await db.select().from(facilityOpeningHours).orderBy(asc(facilityOpeningHours.weekday), asc(facilityOpeningHours.opensAt));
  const links = await db.select().from(facilityCooperation);
  const hsdsOf = new Map(services.map((s) => [s.service.id, s.service.hsdsId]));
  const areas = new Map((await db.select().from(neighbourhood)).map((n) => [n.id, n.name]));
  return services.map(({ service, location, organization }) => {
    const { id: _s, organizationId: _o, locationId: _l, createdAt: _c, updatedAt: _u, verifiedById: _v, ...serviceFields } = service;
    const { id: _li, organizationId: _lo, createdAt: _lc, updatedAt: _lu, neighbourhoodId, ...rest } = location;
    const locationFields = { ...rest, neighbourhood: areas.get(neighbourhoodId) };
    const { id: _oi, createdAt: _oc, updatedAt: _ou, organisationId: _oo, ...organizationFields } = organization;
    return {
      ...serviceFields,
      location: locationFields,
      organization: organizationFields,
      hours: hours.filter((h) => h.serviceId === service.id).map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt })),
      links: links
        .filter((l) => l.fromServiceId === service.id)
        .map((l) => ({ to: hsdsOf.get(l.toServiceId), kind: l.kind, purpose: l.purpose }))
        .sort((a, b) => String(a.to).localeCompare(String(b.to))),
    };
  });
}
