import type { z } from "zod";
import { cooperationKinds, type CooperationKind } from "~/domain/vocabulary";
import { facilityInput, type FacilityInput } from "../schemas";
import type { HsdsObject } from "./export.server";
import { accessibilityDescriptions, termOf, weekdayCodes, type NoaberTerm } from "./hsds.server";
import { errorAt, type Origin, type RowError } from "./read.server";

// One HSDS service to Noaber's facility input: the HSDS shape Noaber relies on (ids, one
// location with an address), then Noaber's own rules from ../schemas.ts (the same rules as
// the facility form), with every problem pointed back at the file, row and HSDS field.

const K = "facilityExchange.errors";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const serviceStatuses = ["active", "inactive", "defunct", "temporarily closed"];

export interface FacilityRecord {
  serviceId: string;
  organizationId: string;
  locationId: string;
  input: FacilityInput;
  /** The 4-digit postcode area, for the neighbourhood. */
  postcodeArea: string;
  verifiedAt: number;
  links: { to: string; kind: CooperationKind; purpose: string; at: RowError }[];
  /** Where the address lives in the file: for "postcode not in the municipality". */
  postcodeAt: RowError;
  idAt: { service: RowError; organization: RowError; location: RowError };
}

const objects = (value: unknown): HsdsObject[] =>
  Array.isArray(value) ? value.filter((v): v is HsdsObject => typeof v === "object" && v !== null && !Array.isArray(v)) : [];
const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
const isObject = (v: unknown): v is HsdsObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** "09:00:00" or "09:00" → "09:00"; anything else is passed on for the schema to reject. */
const localTime = (value: unknown) => {
  const t = text(value)?.trim() ?? "";
  return /^\d{2}:\d{2}(:\d{2})?$/.test(t) ? t.slice(0, 5) : t;
};

export function validateService(
  service: HsdsObject,
  origins: WeakMap<object, Origin>,
  now: number,
): { record?: FacilityRecord; errors: RowError[] } {
  const errors: RowError[] = [];
  const at = (object: object | undefined, column: string, message: string) => errorAt(origins, object, column, message);
  const fail = (object: object | undefined, column: string, message: string) => errors.push(at(object, column, message));

  // ── HSDS shape ──────────────────────────────────────────────────────────────
  const requireId = (object: HsdsObject | undefined, owner: object) => {
    const id = text(object?.id)?.trim();
    if (!object || !id) fail(object ?? owner, "id", `${K}.idRequired`);
    else if (!UUID.test(id)) fail(object, "id", `${K}.idInvalid`);
    return id?.toLowerCase() ?? "";
  };
  const serviceId = requireId(service, service);
  const status = text(service.status);
  if (status !== undefined && !serviceStatuses.includes(status)) fail(service, "status", `${K}.statusInvalid`);

  const organization = isObject(service.organization) ? service.organization : undefined;
  if (!organization) fail(service, "organization_id", service.organization_id ? `${K}.referenceUnknown` : `${K}.organizationRequired`);
  const organizationId = organization ? requireId(organization, service) : "";

  const allPlacements = objects(service.service_at_locations);
  const placements = allPlacements.filter((sal) => isObject(sal.location));
  const dangling = allPlacements.find((sal) => !isObject(sal.location) && sal.location_id);
  if (dangling) fail(dangling, "location_id", `${K}.referenceUnknown`);
  else if (placements.length !== 1) fail(service, "service_at_locations", `${K}.oneLocation`);
  const location = placements.length === 1 ? (placements[0]!.location as HsdsObject) : undefined;
  const locationId = location ? requireId(location, service) : "";
  const addresses = objects(location?.addresses);
  const address = addresses.find((a) => a.address_type === "physical") ?? addresses[0];
  if (location && !address) fail(location, "addresses", `${K}.addressRequired`);
  // Without an organization, one location and an address, Noaber's field rules would only repeat the problem.
  if (!organization || !location || !address) return { errors };

  // ── Noaber's extras from attributes ─────────────────────────────────────────
  const attributesOf = (owner: HsdsObject | undefined) => {
    const map = new Map<NoaberTerm, HsdsObject[]>();
    for (const attr of objects(owner?.attributes)) {
      const term = termOf(attr);
      if (term) map.set(term, [...(map.get(term) ?? []), attr]);
    }
    return map;
  };
  const serviceAttrs = attributesOf(service);
  const locationAttrs = attributesOf(location);
  const one = (map: Map<NoaberTerm, HsdsObject[]>, term: NoaberTerm) => map.get(term)?.[0];
  const values = (map: Map<NoaberTerm, HsdsObject[]>, term: NoaberTerm) => (map.get(term) ?? []).map((a) => text(a.value) ?? "");

  // Accessibility: Noaber's attributes, or (a file from elsewhere) the descriptions themselves.
  const accessibilityEntries = objects(location?.accessibility);
  let accessibility = values(locationAttrs, "accessibility");
  let accessibilityNote = text(one(locationAttrs, "accessibility-note")?.value);
  if (!locationAttrs.has("accessibility") && !locationAttrs.has("accessibility-note")) {
    const known = new Map(
      Object.entries(accessibilityDescriptions).flatMap(([code, label]) => [
        [code, code],
        [label.toLowerCase(), code],
      ]),
    );
    const descriptions = accessibilityEntries.map((a) => text(a.description)?.trim() ?? "").filter(Boolean);
    accessibility = descriptions.flatMap((d) => known.get(d.toLowerCase()) ?? []);
    accessibilityNote = descriptions.filter((d) => !known.has(d.toLowerCase())).join("; ");
  }

  const schedules = objects(service.schedules);
  const hourOrigins: HsdsObject[] = [];
  const hours = schedules.flatMap((schedule) => {
    const days = (text(schedule.byday) ?? "").split(",").map((d) => d.trim().toUpperCase());
    return days.map((day) => {
      hourOrigins.push(schedule);
      const weekday = weekdayCodes.indexOf(day as (typeof weekdayCodes)[number]) + 1;
      return {
        weekday: weekday > 0 ? String(weekday) : "",
        opensAt: localTime(schedule.opens_at),
        closesAt: localTime(schedule.closes_at),
      };
    });
  });

  const languages = objects(service.languages);
  const costOptions = objects(service.cost_options);
  const freeAttr = text(one(serviceAttrs, "free")?.value);
  const organizationPhone = objects(organization?.phones)[0];
  const servicePhone = objects(service.phones)[0];

  const raw = {
    organization: {
      name: organization?.name,
      description: organization?.description,
      email: organization?.email,
      website: organization?.website,
      phone: organizationPhone?.number,
    },
    location: {
      name: location?.name,
      address: [text(address?.address_1), text(address?.address_2)].filter(Boolean).join(", "),
      postcode: address?.postal_code,
      city: address?.city,
      latitude: location?.latitude,
      longitude: location?.longitude,
      accessibility,
      accessibilityNote,
    },
    service: {
      name: service.name,
      category: text(one(serviceAttrs, "category")?.value),
      description: service.description,
      targetGroups: values(serviceAttrs, "target-group"),
      eligibility: service.eligibility_description,
      access: text(one(serviceAttrs, "access")?.value),
      cost: text(service.fees_description) ?? text(costOptions[0]?.option),
      free: freeAttr ?? (costOptions.some((c) => Number(c.amount) === 0 && text(c.amount) !== undefined) ? "true" : "false"),
      languages: languages.map((l) => text(l.code) ?? ""),
      email: service.email,
      phone: servicePhone?.number,
      url: service.url,
      waitingWeeks: text(one(serviceAttrs, "waiting-weeks")?.value),
      capacityStatus: text(one(serviceAttrs, "capacity-status")?.value),
    },
    hours,
  };

  // Where each Noaber field lives in the HSDS file.
  const attrField = (
    map: Map<NoaberTerm, HsdsObject[]>,
    owner: HsdsObject | undefined,
    term: NoaberTerm,
    index = 0,
  ): [object | undefined, string] => {
    const attr = map.get(term)?.[index] ?? map.get(term)?.[0];
    return attr ? [attr, "value"] : [owner, `attributes[noaber:${term}]`];
  };
  const fieldOf = (path: (string | number)[]): [object | undefined, string] => {
    const [group, field, index] = path;
    const i = typeof index === "number" ? index : 0;
    if (group === "hours") {
      const schedule = hourOrigins[typeof field === "number" ? field : 0];
      const column = { weekday: "byday", opensAt: "opens_at", closesAt: "closes_at" }[String(index)] ?? "byday";
      return [schedule ?? service, schedule ? column : "schedules"];
    }
    if (group === "organization") {
      if (field === "phone") return [organizationPhone ?? organization, "number"];
      return [organization ?? service, String(field)];
    }
    if (group === "location") {
      switch (field) {
        case "address":
          return [address ?? location, "address_1"];
        case "postcode":
          return [address ?? location, "postal_code"];
        case "city":
          return [address ?? location, "city"];
        case "accessibility":
          return locationAttrs.has("accessibility")
            ? attrField(locationAttrs, location, "accessibility", i)
            : [accessibilityEntries[0] ?? location, "description"];
        case "accessibilityNote":
          return locationAttrs.has("accessibility-note")
            ? attrField(locationAttrs, location, "accessibility-note")
            : [accessibilityEntries[0] ?? location, "description"];
        default:
          return [location ?? service, String(field)];
      }
    }
    if (group === "service") {
      switch (field) {
        case "category":
          return attrField(serviceAttrs, service, "category");
        case "targetGroups":
          return attrField(serviceAttrs, service, "target-group", i);
        case "access":
          return attrField(serviceAttrs, service, "access");
        case "capacityStatus":
          return attrField(serviceAttrs, service, "capacity-status");
        case "waitingWeeks":
          return attrField(serviceAttrs, service, "waiting-weeks");
        case "free":
          return attrField(serviceAttrs, service, "free");
        case "eligibility":
          return [service, "eligibility_description"];
        case "cost":
          return [service, "fees_description"];
        case "languages":
          return [languages[i] ?? service, languages[i] ? "code" : "languages"];
        case "phone":
          return [servicePhone ?? service, "number"];
        default:
          return [service, String(field)];
      }
    }
    return [service, path.join(".")];
  };

  const parsed = facilityInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of (parsed.error as z.ZodError).issues) {
      const [object, column] = fieldOf(issue.path);
      fail(object, column, issue.message);
    }
  }

  // Last verified: Noaber's own instant, else HSDS's assured_date, else now (imported = checked now).
  let verifiedAt = now;
  const verifiedAttr = one(serviceAttrs, "last-verified");
  const verifiedText = text(verifiedAttr?.value) ?? text(service.assured_date);
  if (verifiedText !== undefined) {
    const ms = Date.parse(verifiedText);
    if (Number.isNaN(ms)) fail(verifiedAttr ?? service, verifiedAttr ? "value" : "assured_date", `${K}.dateInvalid`);
    else verifiedAt = ms;
  }

  const links: FacilityRecord["links"] = [];
  for (const attr of serviceAttrs.get("cooperation") ?? []) {
    const where = at(attr, "value", `${K}.cooperationInvalid`);
    let link: unknown;
    try {
      link = JSON.parse(text(attr.value) ?? "");
    } catch {
      errors.push(where);
      continue;
    }
    const to = isObject(link) ? text(link.to)?.trim().toLowerCase() : undefined;
    const kind = isObject(link) ? text(link.kind) : undefined;
    const purpose = isObject(link) ? text(link.purpose)?.trim() : undefined;
    if (
      !to ||
      !UUID.test(to) ||
      to === serviceId ||
      !kind ||
      !(cooperationKinds as readonly string[]).includes(kind) ||
      !purpose ||
      purpose.length > 500
    ) {
      errors.push(where);
      continue;
    }
    links.push({ to, kind: kind as CooperationKind, purpose, at: at(attr, "value", `${K}.partnerUnknown`) });
  }

  if (errors.length > 0 || !parsed.success) return { errors };
  return {
    errors,
    record: {
      serviceId,
      organizationId,
      locationId,
      input: parsed.data,
      postcodeArea: parsed.data.location.postcode.slice(0, 4),
      verifiedAt,
      links,
      postcodeAt: at(address, "postal_code", "errors.postcode.outsideMunicipality"),
      idAt: { service: at(service, "id", ""), organization: at(organization, "id", ""), location: at(location, "id", "") },
    },
  };
}
