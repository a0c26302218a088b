import { parse } from "csv-parse/sync";
import type { HsdsObject } from "./export.server";
import { tableOfFileName, type HsdsTable } from "./hsds.server";

// Reading an uploaded exchange file into nested HSDS services, remembering where every object
// came from (CSV file and row, or JSON service number and path) so errors can point at it.

export interface ImportFile {
  name: string;
  text: string;
}

/** A row-by-row problem: `message` is a translation key. `row` 0 means the file as a whole. */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** Where an object came from: errors on its fields are reported as `row` and `prefix + column`. */
export interface Origin {
  row: number;
  prefix: string;
}

export interface ReadResult {
  services: HsdsObject[];
  origins: WeakMap<object, Origin>;
  errors: RowError[];
}

const K = "facilityExchange.errors";

export function errorAt(origins: WeakMap<object, Origin>, object: object | undefined, column: string, message: string): RowError {
  const origin = object ? origins.get(object) : undefined;
  return { row: origin?.row ?? 0, field: `${origin?.prefix ?? ""}${column}`, message };
}

const isObject = (v: unknown): v is HsdsObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Registers every nested object of a JSON service under its path ("service_at_locations[0].location."). */
function registerJson(origins: WeakMap<object, Origin>, value: unknown, row: number, prefix: string) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => registerJson(origins, item, row, `${prefix.replace(/\.$/, "")}[${i}].`));
    return;
  }
  if (!isObject(value)) return;
  if (!origins.has(value)) origins.set(value, { row, prefix });
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === "object" && child !== null) registerJson(origins, child, row, `${prefix}${key}.`);
  }
}

/** HSDS JSON: an array of services, the export's page envelope (`contents`), or one service. */
export function readJson(files: ImportFile[]): ReadResult {
  const origins = new WeakMap<object, Origin>();
  const services: HsdsObject[] = [];
  const errors: RowError[] = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(file.text.replace(/^\uFEFF/, ""));
    } catch {
      errors.push({ row: 0, field: file.name, message: `${K}.jsonUnreadable` });
      continue;
    }
    const list = Array.isArray(data)
      ? data
      : isObject(data) && Array.isArray(data.contents)
        ? data.contents
        : isObject(data) && "id" in data
          ? [data]
          : null;
    if (!list) {
      errors.push({ row: 0, field: file.name, message: `${K}.jsonShape` });
      continue;
    }
    list.forEach((item: unknown) => {
      const row = services.length + 1;
      if (!isObject(item)) {
        errors.push({ row, field: file.name, message: `${K}.jsonShape` });
        return;
      }
      registerJson(origins, item, row, "");
      services.push(item);
    });
  }
  return { services, origins, errors };
}

/** The tables an import needs; the others (schedules, languages, attributes, …) are optional. */
const requiredTables: HsdsTable[] = ["services", "organizations", "locations", "service_at_location", "addresses"];

/** Our CSV export writes a leading apostrophe before a formula-like value (CSV injection); read it back without. */
const unguard = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

function readTable(file: ImportFile, origins: WeakMap<object, Origin>, errors: RowError[]): HsdsObject[] {
  let records: string[][];
  try {
    records = parse(file.text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const line = typeof error === "object" && error !== null && "lines" in error && typeof error.lines === "number" ? error.lines : 0;
    errors.push({ row: line, field: file.name, message: `${K}.csvUnreadable` });
    return [];
  }
  const [header = [], ...rows] = records;
  const columns = header.map((h) => h.trim().toLowerCase());
  return rows.map((cells, index) => {
    const row: HsdsObject = {};
    columns.forEach((column, i) => {
      const value = unguard(cells[i]?.trim() ?? "");
      if (column && value !== "") row[column] = value;
    });
    // Row 1 is the header, so the first record is row 2: the number a spreadsheet shows.
    origins.set(row, { row: index + 2, prefix: `${file.name}: ` });
    return row;
  });
}

function groupBy(rows: HsdsObject[], column: string): Map<string, HsdsObject[]> {
  const map = new Map<string, HsdsObject[]>();
  for (const row of rows) {
    const key = row[column];
    if (typeof key !== "string") continue;
    const list = map.get(key.toLowerCase());
    if (list) list.push(row);
    else map.set(key.toLowerCase(), [row]);
  }
  return map;
}

/** HSDS tabular: one CSV per table, joined by ids into the same nested services as the JSON. */
export function readCsv(files: ImportFile[]): ReadResult {
  const origins = new WeakMap<object, Origin>();
  const errors: RowError[] = [];
  const tables = new Map<HsdsTable, HsdsObject[]>();
  for (const file of files) {
    const table = tableOfFileName(file.name);
    if (!table) {
      errors.push({ row: 0, field: file.name, message: `${K}.unknownTable` });
      continue;
    }
    if (tables.has(table)) {
      errors.push({ row: 0, field: file.name, message: `${K}.tableTwice` });
      continue;
    }
    tables.set(table, readTable(file, origins, errors));
  }
  for (const table of requiredTables) {
    if (!tables.has(table)) errors.push({ row: 0, field: `${table}.csv`, message: `${K}.tableMissing` });
  }
  if (errors.length > 0) return { services: [], origins, errors };

  const rows = (t: HsdsTable) => tables.get(t) ?? [];
  const byId = (t: HsdsTable) => groupBy(rows(t), "id");
  const organizations = byId("organizations");
  const locations = byId("locations");
  const addresses = groupBy(rows("addresses"), "location_id");
  const accessibility = groupBy(rows("accessibility"), "location_id");
  const attributes = groupBy(rows("attributes"), "link_id");
  const schedules = groupBy(rows("schedules"), "service_id");
  const languages = groupBy(rows("languages"), "service_id");
  const servicePhones = groupBy(
    rows("phones").filter((p) => p.service_id),
    "service_id",
  );
  const organizationPhones = groupBy(
    rows("phones").filter((p) => !p.service_id && !p.location_id && !p.contact_id),
    "organization_id",
  );
  const costOptions = groupBy(rows("cost_options"), "service_id");
  const placements = groupBy(rows("service_at_location"), "service_id");
  const key = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : "");

  // An attribute names its term by id; the term (and its code, e.g. noaber:category) is in taxonomy_terms.csv.
  const terms = byId("taxonomy_terms");
  for (const attribute of rows("attributes")) {
    const term = terms.get(key(attribute.taxonomy_term_id))?.[0];
    if (term) attribute.taxonomy_term = term;
  }
  for (const location of rows("locations")) {
    location.addresses = addresses.get(key(location.id)) ?? [];
    location.accessibility = accessibility.get(key(location.id)) ?? [];
    location.attributes = attributes.get(key(location.id)) ?? [];
  }
  for (const organization of rows("organizations")) organization.phones = organizationPhones.get(key(organization.id)) ?? [];

  const services = rows("services").map((service) => {
    const id = key(service.id);
    // Unknown references are reported by the row checks (validate.server.ts), once per service.
    const organization = organizations.get(key(service.organization_id))?.[0];
    if (organization) service.organization = organization;
    service.service_at_locations = (placements.get(id) ?? []).map((sal) => {
      const location = locations.get(key(sal.location_id))?.[0];
      if (location) sal.location = location;
      return sal;
    });
    service.schedules = schedules.get(id) ?? [];
    service.languages = languages.get(id) ?? [];
    service.phones = servicePhones.get(id) ?? [];
    service.cost_options = costOptions.get(id) ?? [];
    service.attributes = attributes.get(id) ?? [];
    return service;
  });
  return { services, origins, errors };
}
