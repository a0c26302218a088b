import { and, asc, eq, isNull } from "drizzle-orm";
import { createCooperation, createFacility } from "~/demo/builders";
import type { Database } from "#db/client";
import { activity, facilityService, municipality, neighbourhood, neighbourhoodPostcode, organisation } from "#db/schema";
import { CENTRES, FACILITIES_FIRST, HOURS, LINKS, STREETS } from "./seed-facilities-data";
import { FACILITIES_MORE } from "./seed-facilities-data-more";

// The social-map part of the demo seed: 44 facilities over the demo neighbourhoods, every
// category, with opening hours, cooperation links, some stale (verified more than 6 months ago),
// some full or with a waiting list, two kept by Noaber organisations, and activities held at some
// of the locations. Idempotent: does nothing when any facility exists.

const DAY = 86_400_000;

const FACILITIES = [...FACILITIES_FIRST, ...FACILITIES_MORE];

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export async function seedFacilities(database: Database, { now }: { now: number }) {
  const db = database.db;
  if ((await db.select({ id: facilityService.id }).from(facilityService).limit(1)).length > 0) return { seeded: false };
  const [town] = await db.select({ id: municipality.id }).from(municipality).orderBy(asc(municipality.id)).limit(1);
  if (!town) return { seeded: false };
  const areas = await db
    .select({ id: neighbourhood.id, slug: neighbourhood.slug, postcode: neighbourhoodPostcode.postcode })
    .from(neighbourhood)
    .innerJoin(neighbourhoodPostcode, eq(neighbourhoodPostcode.neighbourhoodId, neighbourhood.id))
    .where(eq(neighbourhood.municipalityId, town.id))
    .orderBy(asc(neighbourhoodPostcode.postcode));
  const areaOf = (s: string) => areas.find((a) => a.slug === s) ?? areas[0]!;
  const noaberOrgs = new Map(
    (await db.select({ id: organisation.id, name: organisation.name }).from(organisation)).map((o) => [o.name, o.id]),
  );

  return database.write(async (tx) => {
    const ids = new Map<string, number>();
    const locations = new Map<string, number>();
    // One organisation row per organisation name, with its services at several locations.
    const organizations = new Map<string, number>();
    for (const [index, f] of FACILITIES.entries()) {
      const area = areaOf(f.area);
      const [lat, lng] = CENTRES[f.area] ?? [52.22, 6.89];
      // Spread the locations a little around the centre, deterministically.
      const dLat = ((index * 37) % 19) / 19 - 0.5;
      const dLng = ((index * 53) % 23) / 23 - 0.5;
      const letters = String.fromCharCode(65 + (index % 26)) + String.fromCharCode(65 + ((index * 7) % 26));
      const verifiedAt = now - (f.verifiedDaysAgo ?? (index * 11) % 120) * DAY;
      const created = await createFacility(tx, {
        organizationId: organizations.get(f.org),
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea: area.postcode,
        organization: {
          name: f.org,
          description: "",
          website: `https://www.${slug(f.org)}.example.org`,
          organisationId: noaberOrgs.get(f.org) ?? null,
          createdAt: now - 400 * DAY,
          updatedAt: now - 400 * DAY,
        },
        location: {
          name: f.name.split(" – ")[0]!,
          address: `${STREETS[index % STREETS.length]} ${1 + ((index * 13) % 120)}`,
          postcode: `${area.postcode}${letters}`,
          city: "Hoflanden",
          latitude: Math.round((lat + dLat * 0.008) * 1e6) / 1e6,
          longitude: Math.round((lng + dLng * 0.012) * 1e6) / 1e6,
          accessibility: f.accessibility ?? [],
          createdAt: now - 400 * DAY,
          updatedAt: now - 400 * DAY,
        },
        service: {
          name: f.name,
          category: f.category,
          description: f.description,
          targetGroups: f.groups,
          access: f.access,
          free: f.free ?? false,
          cost: f.free ? "Gratis" : (f.cost ?? ""),
          languages: f.languages,
          email: `info@${slug(f.org)}.example.org`,
          phone: `053 ${String(200 + index).padStart(3, "0")} ${String(10 + index).padStart(2, "0")} ${String(30 + index).padStart(2, "0")}`,
          waitingWeeks: f.waiting ?? (f.access === "waiting-list" ? 4 : null),
          capacityStatus: f.capacity ?? "open",
          verifiedAt,
          createdAt: now - 400 * DAY,
          updatedAt: verifiedAt,
        },
        hours: HOURS[f.hours ?? "office"],
      });
      ids.set(f.name, created.service.id);
      organizations.set(f.org, created.organization.id);
      locations.set(f.area, locations.get(f.area) ?? created.location.id);
    }
    const links = [
      ...FACILITIES.filter((f) => f.linkTo).map(
        (f) => [f.name, f.linkTo!, "referral", `${f.name} verwijst door naar ${f.linkTo}`] as const,
      ),
      ...LINKS,
    ];
    for (const [from, to, kind, purpose] of links) {
      const fromServiceId = ids.get(from);
      const toServiceId = ids.get(to);
      if (fromServiceId && toServiceId)
        await createCooperation(tx, { fromServiceId, toServiceId, kind, purpose, createdAt: now - 30 * DAY });
    }
    // Activities in a neighbourhood with a facility are held at its first location there.
    const activities = await tx
      .select({ id: activity.id, neighbourhoodId: activity.neighbourhoodId })
      .from(activity)
      .where(isNull(activity.facilityLocationId));
    for (const a of activities) {
      const area = areas.find((n) => n.id === a.neighbourhoodId);
      const locationId = area ? locations.get(area.slug) : undefined;
      if (locationId)
        await tx
          .update(activity)
          .set({ facilityLocationId: locationId })
          .where(and(eq(activity.id, a.id), isNull(activity.facilityLocationId)));
    }
    return { seeded: true, facilities: ids.size };
  });
}
