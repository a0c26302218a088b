import { createHash } from "node:crypto";

// The part of Open Referral HSDS 3.0 that Noaber reads and writes, the tabular (CSV) layout, and
// the taxonomy that carries Noaber's extras (waiting time, capacity, last verified, category,
// target groups, access, cooperation) in HSDS `attributes` rather than a changed shape
// (docs/architecture.md, Facility exchange).

export const HSDS_VERSION = "3.0";

/** HSDS ids are UUIDs. Sub-objects Noaber does not store (schedules, phones, …) get ids derived from their parent, so a re-export is stable. */
export function derivedId(...parts: (string | number)[]): string {
  const hex = createHash("sha1")
    .update(`noaber/${parts.join("/")}`)
    .digest("hex");
  // RFC 4122 name-based layout (version 5, variant 10xx).
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export const NOABER_TAXONOMY_ID = derivedId("taxonomy");

/** Noaber's extension fields, one HSDS taxonomy term each; an attribute's `value` holds the value. */
export const noaberTerms = {
  category: "Facility category (sociale kaart)",
  "target-group": "Target group; one attribute per group",
  access: "How to get access: walk-in, referral or waiting-list",
  "capacity-status": "Current capacity: open, limited or full",
  "waiting-weeks": "Current waiting time in whole weeks",
  "last-verified": "When the entry was last confirmed (ISO 8601 date-time, UTC)",
  free: "true when the service is free of charge",
  cooperation: 'A cooperation link, JSON {"kind","to","purpose"}: this service works with or refers to service "to"',
  accessibility: "An accessibility feature of the location; one attribute per feature",
  "accessibility-note": "Free text about the accessibility of the location",
} as const;
export type NoaberTerm = keyof typeof noaberTerms;

export const termId = (code: NoaberTerm) => derivedId("term", code);
const termByUuid = new Map(Object.keys(noaberTerms).map((code) => [termId(code as NoaberTerm), code as NoaberTerm]));

export interface HsdsTaxonomyTerm {
  id: string;
  code?: string;
  name: string;
  description: string;
  taxonomy?: string;
  taxonomy_id?: string;
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_type: string;
  link_entity: string;
  taxonomy_term_id: string;
  value: string;
  taxonomy_term?: HsdsTaxonomyTerm;
}

export function taxonomyTerm(code: NoaberTerm): HsdsTaxonomyTerm {
  return {
    id: termId(code),
    code: `noaber:${code}`,
    name: code,
    description: noaberTerms[code],
    taxonomy: "noaber",
    taxonomy_id: NOABER_TAXONOMY_ID,
  };
}

export function attribute(linkEntity: "service" | "location", linkId: string, code: NoaberTerm, value: string): HsdsAttribute {
  return {
    id: derivedId(linkId, "attribute", code, value),
    link_id: linkId,
    link_type: "noaber",
    link_entity: linkEntity,
    taxonomy_term_id: termId(code),
    value,
    taxonomy_term: taxonomyTerm(code),
  };
}

/** Which Noaber term an attribute carries, by term id or by the nested term's code; null for foreign attributes. */
export function termOf(attr: { taxonomy_term_id?: unknown; taxonomy_term?: unknown }): NoaberTerm | null {
  if (typeof attr.taxonomy_term_id === "string") {
    const byId = termByUuid.get(attr.taxonomy_term_id.toLowerCase());
    if (byId) return byId;
  }
  const term = attr.taxonomy_term;
  if (term && typeof term === "object" && "code" in term && typeof term.code === "string") {
    const code = term.code.replace(/^noaber:/, "");
    if (code in noaberTerms) return code as NoaberTerm;
  }
  return null;
}

export const weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** English names of the accessibility features, written to HSDS `accessibility.description`. */
export const accessibilityDescriptions: Record<string, string> = {
  wheelchair: "Wheelchair accessible",
  "accessible-toilet": "Accessible toilet",
  "hearing-loop": "Hearing loop",
  lift: "Lift",
  parking: "Parking nearby",
  "quiet-room": "Quiet room",
};

/**
 * The tabular layout: one CSV per table, with HSDS's own column names and order (as in
 * tests/fixtures/hsds/examples/csv). Only the tables Noaber fills are exported.
 */
export const hsdsTables = {
  organizations: [
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
  ],
  services: [
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "licenses",
    "alert",
    "last_modified",
  ],
  locations: [
    "id",
    "location_type",
    "url",
    "organization_id",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
  ],
  service_at_location: ["id", "service_id", "location_id", "description"],
  addresses: [
    "id",
    "location_id",
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
  ],
  accessibility: ["id", "location_id", "description", "details", "url"],
  schedules: [
    "id",
    "service_id",
    "location_id",
    "service_at_location_id",
    "valid_from",
    "valid_to",
    "dtstart",
    "timezone",
    "until",
    "count",
    "wkst",
    "freq",
    "interval",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
  ],
  languages: ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
  phones: [
    "id",
    "location_id",
    "service_id",
    "organization_id",
    "contact_id",
    "service_at_location_id",
    "number",
    "extension",
    "type",
    "description",
  ],
  contacts: ["id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title", "department", "email"],
  cost_options: ["id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"],
  attributes: ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
  taxonomies: ["id", "name", "description", "uri", "version"],
  taxonomy_terms: ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"],
} as const satisfies Record<string, readonly string[]>;
export type HsdsTable = keyof typeof hsdsTables;
export const hsdsTableNames = Object.keys(hsdsTables) as HsdsTable[];

export function isHsdsTable(name: string): name is HsdsTable {
  return Object.hasOwn(hsdsTables, name);
}

/** A CSV file name as uploaded ("services.csv", "Services (1).csv") to its table; `service_at_locations` is accepted too. */
export function tableOfFileName(fileName: string): HsdsTable | null {
  const base = fileName.toLowerCase().replace(/\\/g, "/").split("/").pop() ?? "";
  const name = base
    .replace(/\.csv$/, "")
    .replace(/\s*\(\d+\)$/, "")
    .trim();
  if (name === "service_at_locations") return "service_at_location";
  return isHsdsTable(name) ? name : null;
}
