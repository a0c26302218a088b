import { asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { facilityLocation, facilityOpeningHours, facilityOrganization, facilityService, municipality, neighbourhood } from "#db/schema";
import { NotFound } from "../errors";
import type { OpeningHoursRow } from "./schemas";

// Loading one facility (service, organisation, location, neighbourhood, zone) and opening hours,
// shared by the facility's page, its writes and the search. Not re-exported by the capability's index.

const facilityColumns = {
  service: facilityService,
  organization: facilityOrganization,
  location: facilityLocation,
  neighbourhood: { id: neighbourhood.id, name: neighbourhood.name, slug: neighbourhood.slug },
  timeZone: municipality.timeZone,
};

export async function loadFacility(db: Queryable, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound();
  const [row] = await db
    .select(facilityColumns)
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .innerJoin(neighbourhood, eq(neighbourhood.id, facilityLocation.neighbourhoodId))
    .innerJoin(municipality, eq(municipality.id, facilityOrganization.municipalityId))
    .where(eq(facilityService.id, id));
  if (!row) throw new NotFound();
  return row;
}
type FacilityRow = Awaited<ReturnType<typeof loadFacility>>;

export const scopeOf = (row: FacilityRow) => ({
  neighbourhoodId: row.location.neighbourhoodId,
  organisationId: row.organization.organisationId,
});

export async function hoursOf(db: Queryable, serviceIds: number[]) {
  if (serviceIds.length === 0) return new Map<number, OpeningHoursRow[]>();
  const rows = await db
    .select()
    .from(facilityOpeningHours)
    .where(inArray(facilityOpeningHours.serviceId, serviceIds))
    .orderBy(asc(facilityOpeningHours.weekday), asc(facilityOpeningHours.opensAt));
  const byService = new Map<number, OpeningHoursRow[]>();
  for (const r of rows) {
    const list = byService.get(r.serviceId) ?? [];
    list.push({ weekday: r.weekday, opensAt: r.opensAt, closesAt: r.closesAt });
    byService.set(r.serviceId, list);
  }
  return byService;
}
