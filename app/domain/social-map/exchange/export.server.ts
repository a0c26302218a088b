import { asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { facilityCooperation, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";
import type { Ctx } from "../../context.server";
import { toCsv } from "../../csv";
import { NotFound } from "../../errors";
import {
  HSDS_VERSION,
  NOABER_TAXONOMY_ID,
  accessibilityDescriptions,
  attribute,
  derivedId,
  hsdsTables,
  isHsdsTable,
  noaberTerms,
  taxonomyTerm,
  weekdayCodes,
  type HsdsAttribute,
  type HsdsTable,
  type NoaberTerm,
} from "./hsds.server";
import { exchangeMunicipalityId } from "./scope.server";

/** One exported HSDS object: only fields with a value are present (HSDS types do not allow null). */
export type HsdsObject = Record<string, unknown>;

/** The export's envelope: HSDS's own API page shape (openapi.json `Page`) with the services in `contents`. */
export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsObject[];
  /** Not part of Page: which HSDS version and when, for whoever reads the file later. */
  hsds_version: string;
  generated_at: string;
}

/** Drops undefined, null and "" so optional HSDS fields are left out instead of holding a wrong type. */
function compact(object: Record<string, unknown>): HsdsObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null && v !== ""));
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });
const languageName = (code: string) => {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
};

async function loadFacilities(ctx: Ctx, municipalityId: number) {
  const { db } = ctx.database;
  const rows = await db
    .select({ service: facilityService, location: facilityLocation, organization: facilityOrganization })
    .from(facilityService)
    .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
    .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
    .where(eq(facilityOrganization.municipalityId, municipalityId))
    .orderBy(asc(facilityService.id));
  const serviceIds = rows.map((r) => r.service.id);
  const hours = serviceIds.length
    ? await db
        .select()
        .from(facilityOpeningHours)
        .where(inArray(facilityOpeningHours.serviceId, serviceIds))
        .orderBy(asc(facilityOpeningHours.weekday), asc(facilityOpeningHours.opensAt))
    : [];
  const partner = alias(facilityService, "partner");
  const links = serviceIds.length
    ? await db
        .select({
          fromServiceId: facilityCooperation.fromServiceId,
          kind: facilityCooperation.kind,
          purpose: facilityCooperation.purpose,
          to: partner.hsdsId,
        })
        .from(facilityCooperation)
        .innerJoin(partner, eq(partner.id, facilityCooperation.toServiceId))
        .where(inArray(facilityCooperation.fromServiceId, serviceIds))
        .orderBy(asc(facilityCooperation.id))
    : [];
  return { rows, hours, links };
}

type FacilityRow = Awaited<ReturnType<typeof loadFacilities>>["rows"][number];

function toHsdsService(
  { service, location, organization }: FacilityRow,
  hours: { weekday: number; opensAt: string; closesAt: string }[],
  links: { kind: string; purpose: string; to: string }[],
): HsdsObject {
  const serviceId = service.hsdsId;
  const orgId = organization.hsdsId;
  const locationId = location.hsdsId;
  const salId = derivedId(serviceId, "at", locationId);
  const serviceAttr = (code: NoaberTerm, value: string) => attribute("service", serviceId, code, value);
  const locationAttr = (code: NoaberTerm, value: string) => attribute("location", locationId, code, value);

  const attributes: HsdsAttribute[] = [
    serviceAttr("category", service.category),
    ...service.targetGroups.map((g) => serviceAttr("target-group", g)),
    serviceAttr("access", service.access),
    serviceAttr("capacity-status", service.capacityStatus),
    ...(service.waitingWeeks === null ? [] : [serviceAttr("waiting-weeks", String(service.waitingWeeks))]),
    serviceAttr("last-verified", new Date(service.verifiedAt).toISOString()),
    serviceAttr("free", String(service.free)),
    ...links.map((l) => serviceAttr("cooperation", JSON.stringify({ kind: l.kind, to: l.to, purpose: l.purpose }))),
  ];

  const phones = service.phone
    ? [compact({ id: derivedId(serviceId, "phone"), service_id: serviceId, number: service.phone, type: "voice" })]
    : [];
  const orgPhones = organization.phone
    ? [compact({ id: derivedId(orgId, "phone"), organization_id: orgId, number: organization.phone, type: "voice" })]
    : [];

  const hsdsLocation = compact({
    id: locationId,
    location_type: "physical",
    organization_id: location.organizationId === organization.id ? orgId : undefined,
    name: location.name,
    latitude: location.latitude ?? undefined,
    longitude: location.longitude ?? undefined,
    addresses: [
      {
        id: derivedId(locationId, "address"),
        location_id: locationId,
        address_1: location.address,
        city: location.city,
        // Required by HSDS; Noaber does not track the province, so it is left empty.
        state_province: "",
        postal_code: location.postcode,
        country: "NL",
        address_type: "physical",
      },
    ],
    accessibility: [
      ...location.accessibility.map((feature) =>
        compact({
          id: derivedId(locationId, "accessibility", feature),
          location_id: locationId,
          description: accessibilityDescriptions[feature] ?? feature,
        }),
      ),
      ...(location.accessibilityNote
        ? [compact({ id: derivedId(locationId, "accessibility-note"), location_id: locationId, description: location.accessibilityNote })]
        : []),
    ],
    attributes: [
      ...location.accessibility.map((feature) => locationAttr("accessibility", feature)),
      ...(location.accessibilityNote ? [locationAttr("accessibility-note", location.accessibilityNote)] : []),
    ],
  });

  return compact({
    id: serviceId,
    organization_id: orgId,
    name: service.name,
    description: service.description,
    url: service.url ?? undefined,
    email: service.email ?? undefined,
    status: "active",
    fees_description: service.cost,
    wait_time: service.waitingWeeks === null ? undefined : `${service.waitingWeeks} weeks`,
    eligibility_description: service.eligibility,
    assured_date: new Date(service.verifiedAt).toISOString().slice(0, 10),
    last_modified: new Date(service.updatedAt).toISOString(),
    organization: {
      ...compact({
        id: orgId,
        name: organization.name,
        email: organization.email ?? undefined,
        website: organization.website ?? undefined,
        phones: orgPhones,
      }),
      // Required by HSDS, so present even when empty.
      description: organization.description,
    },
    service_at_locations: [{ id: salId, service_id: serviceId, location_id: locationId, location: hsdsLocation }],
    schedules: hours.map((h) =>
      compact({
        id: derivedId(serviceId, "schedule", h.weekday, h.opensAt),
        service_id: serviceId,
        location_id: locationId,
        service_at_location_id: salId,
        freq: "WEEKLY",
        interval: 1,
        byday: weekdayCodes[h.weekday - 1],
        opens_at: h.opensAt,
        closes_at: h.closesAt,
      }),
    ),
    languages: service.languages.map((code) => ({
      id: derivedId(serviceId, "language", code),
      service_id: serviceId,
      name: languageName(code),
      code,
    })),
    phones,
    contacts:
      service.email || service.phone
        ? [compact({ id: derivedId(serviceId, "contact"), service_id: serviceId, name: service.name, email: service.email ?? undefined })]
        : [],
    cost_options:
      service.cost || service.free
        ? [
            compact({
              id: derivedId(serviceId, "cost"),
              service_id: serviceId,
              option: service.cost || "free",
              currency: "EUR",
              amount: service.free ? 0 : undefined,
            }),
          ]
        : [],
    attributes,
  });
}

/** Map.groupBy is not in Node 20. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Every facility (service at its location) of the coordinator's municipality as HSDS 3.0 services. */
export async function exportFacilitiesHsds({ ctx }: { ctx: Ctx }): Promise<HsdsPage> {
  const municipalityId = await exchangeMunicipalityId(ctx);
  const { rows, hours, links } = await loadFacilities(ctx, municipalityId);
  const hoursOf = groupBy(hours, (h) => h.serviceId);
  const linksOf = groupBy(links, (l) => l.fromServiceId);
  const contents = rows.map((row) => toHsdsService(row, hoursOf.get(row.service.id) ?? [], linksOf.get(row.service.id) ?? []));
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
    hsds_version: HSDS_VERSION,
    generated_at: new Date(ctx.now()).toISOString(),
  };
}

const asObjects = (value: unknown): HsdsObject[] => (Array.isArray(value) ? (value as HsdsObject[]) : []);

/**
 * HSDS services (nested, as exported or imported) flattened into HSDS's tables. Shared objects
 * (an organization or location used by several services) appear once.
 */
export function flattenServices(services: HsdsObject[]): Record<HsdsTable, HsdsObject[]> {
  const tables = Object.fromEntries(Object.keys(hsdsTables).map((t) => [t, new Map<string, HsdsObject>()])) as Record<
    HsdsTable,
    Map<string, HsdsObject>
  >;
  const put = (table: HsdsTable, row: HsdsObject) => {
    const id = String(row.id);
    if (!tables[table].has(id)) tables[table].set(id, row);
  };
  const putAttributes = (rows: HsdsObject[]) => {
    for (const a of rows) {
      const term = a.taxonomy_term as HsdsObject | undefined;
      put("attributes", term ? { ...a, taxonomy_term_id: a.taxonomy_term_id ?? term.id } : a);
      if (term) put("taxonomy_terms", term);
    }
  };
  // In JSON, nesting says what belongs to what; in tables only the foreign keys do, so fill them in.
  const withKey = (row: HsdsObject, column: string, id: unknown) =>
    row[column] === undefined && id !== undefined ? { ...row, [column]: id } : row;
  for (const service of services) {
    const organization = service.organization as HsdsObject | undefined;
    if (organization) {
      put("organizations", organization);
      for (const p of asObjects(organization.phones)) put("phones", withKey(p, "organization_id", organization.id));
    }
    put("services", withKey(service, "organization_id", organization?.id));
    for (const sal of asObjects(service.service_at_locations)) {
      const location = sal.location as HsdsObject | undefined;
      put("service_at_location", withKey(withKey(sal, "service_id", service.id), "location_id", location?.id));
      if (!location) continue;
      put("locations", location);
      for (const a of asObjects(location.addresses)) put("addresses", withKey(a, "location_id", location.id));
      for (const a of asObjects(location.accessibility)) put("accessibility", withKey(a, "location_id", location.id));
      putAttributes(asObjects(location.attributes).map((a) => withKey(a, "link_id", location.id)));
    }
    for (const s of asObjects(service.schedules)) put("schedules", withKey(s, "service_id", service.id));
    for (const l of asObjects(service.languages)) put("languages", withKey(l, "service_id", service.id));
    for (const p of asObjects(service.phones)) put("phones", withKey(p, "service_id", service.id));
    for (const c of asObjects(service.contacts)) put("contacts", withKey(c, "service_id", service.id));
    for (const c of asObjects(service.cost_options)) put("cost_options", withKey(c, "service_id", service.id));
    putAttributes(asObjects(service.attributes).map((a) => withKey(a, "link_id", service.id)));
  }
  if (tables.attributes.size > 0) {
    put("taxonomies", {
      id: NOABER_TAXONOMY_ID,
      name: "noaber",
      description: "Noaber's extension fields for the social map (sociale kaart)",
      version: "1",
    });
    for (const code of Object.keys(noaberTerms) as NoaberTerm[]) put("taxonomy_terms", { ...taxonomyTerm(code) });
  }
  return Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, [...rows.values()]])) as Record<HsdsTable, HsdsObject[]>;
}

/** One table as CSV text: HSDS column names in HSDS order, formula-injection safe. */
export function tableToCsv(table: HsdsTable, rows: HsdsObject[]): string {
  const columns = hsdsTables[table];
  const cell = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "number" ? v : String(v));
  return toCsv([columns, ...rows.map((row) => columns.map((c) => cell(row[c])))]);
}

/** One HSDS table of the municipality's facilities as CSV; `table` must be one of `hsdsTables`. */
export async function exportFacilityTable({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { table: string };
}): Promise<{ filename: string; csv: string }> {
  if (!isHsdsTable(input.table)) throw new NotFound();
  const table = input.table;
  const { contents } = await exportFacilitiesHsds({ ctx });
  return { filename: `${table}.csv`, csv: tableToCsv(table, flattenServices(contents)[table]) };
}
