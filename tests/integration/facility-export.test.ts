import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NotFound } from "~/domain/errors";
import { exportFacilitiesHsds, exportFacilityTable, type HsdsObject } from "~/domain/social-map/exchange/export.server";
import { hsdsTableNames, hsdsTables } from "~/domain/social-map/exchange/hsds.server";
import { importFacilities } from "~/domain/social-map/exchange/import.server";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { createExchangeFacilities, createExchangeWorld, exchangeNow, snapshotFacilities } from "#tests/support/facility-exchange";

// Vendored copies of the HSDS 3.0 files (tests/fixtures/hsds/README.md), so a fresh clone has them.
const hsdsDir = path.resolve(import.meta.dirname, "../fixtures/hsds");
// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

let database: TestDatabase;
let world: Awaited<ReturnType<typeof createExchangeWorld>>;
let facilities: Awaited<ReturnType<typeof createExchangeFacilities>>;
const clock = () => exchangeNow;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await database.write((tx) => createExchangeWorld(tx));
  facilities = await database.write((tx) => createExchangeFacilities(tx, world));
});
afterAll(() => database.cleanup());

function validator() {
  const schema = JSON.parse(readFileSync(path.join(hsdsDir, "compiled/service_with_definitions.json"), "utf8")) as object;
  // HSDS's schema carries its own keywords (datapackage_metadata, tabular_required, core, …): non-strict.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const csvRows = (csv: string) => parse(csv, { bom: true }) as string[][];

describe("HSDS JSON export", () => {
  test("every exported service validates against the HSDS 3.0 service schema", async () => {
    const validate = validator();
    const page = await exportFacilitiesHsds({ ctx: await ctxAs(database, world.coordinator.id, { now: clock }) });
    expect(page.contents).toHaveLength(3);
    expect(page).toMatchObject({ total_items: 3, page_number: 1, total_pages: 1, empty: false, hsds_version: "3.0" });
    for (const service of page.contents) {
      const ok = validate(service);
      expect(validate.errors ?? [], `service ${String(service.name)}`).toEqual([]);
      expect(ok).toBe(true);
    }
    // The schema really checks: a broken service fails.
    expect(validate({ ...page.contents[0], status: "open", id: "not-a-uuid" })).toBe(false);
  });

  test("carries the nested objects and Noaber's extras as HSDS attributes", async () => {
    const page = await exportFacilitiesHsds({ ctx: await ctxAs(database, world.admin.id, { now: clock }) });
    const debt = page.contents.find((s) => s.name === "Schuldhulp Noord")!;
    const [schuldhulp, inloop, opvang] = facilities.services;
    expect(debt.id).toBe(schuldhulp!.hsdsId);
    expect(debt.organization).toMatchObject({
      id: facilities.organizations[0]!.hsdsId,
      name: "Stichting Welzijn Noord",
      website: "https://welzijn.example.nl",
    });
    const sal = (debt.service_at_locations as HsdsObject[])[0]!;
    const location = sal.location as HsdsObject;
    expect(location).toMatchObject({ name: "Buurthuis De Brug", latitude: 52.22, longitude: 6.89, location_type: "physical" });
    expect((location.addresses as HsdsObject[])[0]).toMatchObject({
      address_1: "Brugstraat 1",
      postal_code: "7511AB",
      city: "Enschede",
      country: "NL",
    });
    expect((location.accessibility as HsdsObject[]).map((a) => a.description)).toEqual([
      "Wheelchair accessible",
      "Hearing loop",
      'Ingang aan de achterkant, "bel" aanwezig',
    ]);
    expect((debt.schedules as HsdsObject[]).map((s) => [s.byday, s.opens_at, s.closes_at])).toEqual([
      ["MO", "09:00", "12:00"],
      ["MO", "13:00", "17:00"],
      ["TH", "09:00", "12:30"],
    ]);
    expect((debt.languages as HsdsObject[]).map((l) => [l.code, l.name])).toEqual([
      ["nl", "Dutch"],
      ["en", "English"],
      ["ar", "Arabic"],
    ]);
    expect((debt.phones as HsdsObject[])[0]).toMatchObject({ number: "+31 53 765 4321" });
    expect((debt.cost_options as HsdsObject[])[0]).toMatchObject({ amount: 0, currency: "EUR" });
    const attributes = (debt.attributes as HsdsObject[]).map((a) => [(a.taxonomy_term as HsdsObject).code, a.value]);
    expect(attributes).toEqual(
      expect.arrayContaining([
        ["noaber:category", "debt-income"],
        ["noaber:target-group", "low-income"],
        ["noaber:access", "waiting-list"],
        ["noaber:capacity-status", "limited"],
        ["noaber:waiting-weeks", "6"],
        ["noaber:last-verified", "2026-04-01T08:30:00.000Z"],
        ["noaber:cooperation", JSON.stringify({ kind: "agreement", to: opvang!.hsdsId, purpose: "Opvang tijdens gesprekken" })],
      ]),
    );
    const walkIn = page.contents.find((s) => s.id === inloop!.hsdsId)!;
    expect(walkIn.schedules).toEqual([]);
    expect(walkIn.wait_time).toBeUndefined();
  });

  test("only coordinators and admins export, and only their own municipality", async () => {
    await expect(exportFacilitiesHsds({ ctx: await ctxAs(database, world.resident.id, { now: clock }) })).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(exportFacilitiesHsds({ ctx: await ctxAs(database, null, { now: clock }) })).rejects.toMatchObject({
      kind: "unauthenticated",
    });
    const other = await exportFacilitiesHsds({ ctx: await ctxAs(database, world.otherCoordinator.id, { now: clock }) });
    expect(other.contents).toEqual([]);
    expect(other.empty).toBe(true);
  });
});

describe("HSDS tabular (CSV) export", () => {
  test("each table's header is HSDS's tabular field list, in HSDS's order", async () => {
    const ctx = await ctxAs(database, world.coordinator.id, { now: clock });
    for (const table of hsdsTableNames) {
      const example = readFileSync(path.join(hsdsDir, "examples/csv", `${table}.csv`), "utf8");
      const { csv, filename } = await exportFacilityTable({ ctx, input: { table } });
      expect(filename).toBe(`${table}.csv`);
      expect(csvRows(csv)[0], table).toEqual(csvRows(example)[0]);
      expect(csvRows(csv)[0]).toEqual([...hsdsTables[table]]);
    }
  });

  test("rows reference each other by HSDS id and shared objects appear once", async () => {
    const ctx = await ctxAs(database, world.coordinator.id, { now: clock });
    const table = async (name: string) => {
      const [header, ...rows] = csvRows((await exportFacilityTable({ ctx, input: { table: name } })).csv);
      return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
    };
    expect(await table("organizations")).toHaveLength(2);
    expect(await table("locations")).toHaveLength(2);
    expect(await table("services")).toHaveLength(3);
    const schedules = await table("schedules");
    expect(schedules.filter((s) => s.service_id === facilities.services[0]!.hsdsId)).toHaveLength(3);
    const sal = await table("service_at_location");
    expect(sal.map((s) => s.location_id).sort()).toEqual(
      [facilities.locations[0]!.hsdsId, facilities.locations[0]!.hsdsId, facilities.locations[1]!.hsdsId].sort(),
    );
    const services = await table("services");
    // A value that a spreadsheet would run as a formula is written as text.
    expect(services.find((s) => s.id === facilities.services[2]!.hsdsId)!.name).toBe('\'=HYPERLINK("http://evil.example")');
  });

  test("an unknown table is not found", async () => {
    const ctx = await ctxAs(database, world.coordinator.id, { now: clock });
    await expect(exportFacilityTable({ ctx, input: { table: "users" } })).rejects.toBeInstanceOf(NotFound);
    await expect(exportFacilityTable({ ctx, input: { table: "__proto__" } })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("round trip", () => {
  // The map has facilities in Noord and Zuid; the coordinator keeps Noord only, so an admin
  // imports the copy (each record is authorised like the edit form).
  async function emptyTwin() {
    const twin = await createTestDatabase();
    const twinWorld = await twin.write((tx) => createExchangeWorld(tx));
    return { twin, twinWorld };
  }

  test("export as JSON, import into an empty database: the same facilities", async () => {
    const page = await exportFacilitiesHsds({ ctx: await ctxAs(database, world.coordinator.id, { now: clock }) });
    const { twin, twinWorld } = await emptyTwin();
    try {
      const ctx = await ctxAs(twin, twinWorld.admin.id, { now: clock });
      const result = await importFacilities({
        ctx,
        input: { format: "json", files: [{ name: "export.json", text: JSON.stringify(page) }] },
      });
      expect(result).toMatchObject({ status: "done", errors: [] });
      const original = await snapshotFacilities(database, world.town.id);
      expect(original).toHaveLength(3);
      expect(original.flatMap((f) => f.links)).toHaveLength(2);
      expect(await snapshotFacilities(twin, twinWorld.town.id)).toEqual(original);
      // Importing the same file again changes nothing and adds nothing.
      const again = await importFacilities({
        ctx,
        input: { format: "json", files: [{ name: "export.json", text: JSON.stringify(page) }] },
      });
      expect(again).toMatchObject({ status: "done", errors: [] });
      expect(await snapshotFacilities(twin, twinWorld.town.id)).toEqual(await snapshotFacilities(database, world.town.id));
    } finally {
      await twin.cleanup();
    }
  });

  test("export as CSV tables, import into an empty database: the same facilities", async () => {
    const ctx = await ctxAs(database, world.coordinator.id, { now: clock });
    const files = await Promise.all(
      hsdsTableNames.map(async (table) => {
        const { filename, csv } = await exportFacilityTable({ ctx, input: { table } });
        return { name: filename, text: csv };
      }),
    );
    const { twin, twinWorld } = await emptyTwin();
    try {
      const result = await importFacilities({
        ctx: await ctxAs(twin, twinWorld.admin.id, { now: clock }),
        input: { format: "csv", files },
      });
      expect(result).toMatchObject({ status: "done", errors: [] });
      const copy = await snapshotFacilities(twin, twinWorld.town.id);
      expect(copy).toHaveLength(3);
      expect(copy).toEqual(await snapshotFacilities(database, world.town.id));
    } finally {
      await twin.cleanup();
    }
  });
});
