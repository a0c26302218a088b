import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  facilityCooperation,
  facilityImport,
  facilityLocation,
  facilityOpeningHours,
  facilityOrganization,
  facilityService,
} from "#db/schema";
import { exportFacilitiesHsds, flattenServices, tableToCsv, type HsdsObject } from "~/domain/social-map/exchange/export.server";
import { hsdsTableNames } from "~/domain/social-map/exchange/hsds.server";
import {
  IMPORT_MAX_BYTES,
  getFacilityImport,
  importFacilities,
  resumeFacilityImports,
  startFacilityImport,
  type ImportFormat,
} from "~/domain/social-map/exchange/import.server";
import { getFacilityForEdit } from "~/domain/social-map";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { createExchangeWorld, exchangeNow } from "#tests/support/facility-exchange";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof createExchangeWorld>>;
const clock = () => exchangeNow;
const coordinatorCtx = () => ctxAs(database, world.coordinator.id, { now: clock });

beforeAll(async () => {
  database = await createTestDatabase();
  world = await database.write((tx) => createExchangeWorld(tx));
});
afterAll(() => database.cleanup());

const term = (code: string) => ({ id: randomUUID(), name: code, description: code, code: `noaber:${code}` });
const attr = (code: string, value: string) => ({
  id: randomUUID(),
  link_type: "noaber",
  link_entity: "service",
  value,
  taxonomy_term: term(code),
});

/** An HSDS service as another system might send it: Noaber's extras found by the term code. */
function hsdsService(
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

const json = (services: HsdsObject[]) => [{ name: "services.json", text: JSON.stringify(services) }];

async function counts() {
  const [o] = await database.db.select({ n: count() }).from(facilityOrganization);
  const [l] = await database.db.select({ n: count() }).from(facilityLocation);
  const [s] = await database.db.select({ n: count() }).from(facilityService);
  const [h] = await database.db.select({ n: count() }).from(facilityOpeningHours);
  const [c] = await database.db.select({ n: count() }).from(facilityCooperation);
  return { organizations: o!.n, locations: l!.n, services: s!.n, hours: h!.n, links: c!.n };
}

async function run(format: ImportFormat, files: { name: string; text: string }[]) {
  return importFacilities({ ctx: await coordinatorCtx(), input: { format, files } });
}

describe("a good file", () => {
  test("an HSDS JSON file from elsewhere is imported, with the neighbourhood from the postcode", async () => {
    const service = hsdsService({ waiting: "3" });
    const result = await run("json", json([service]));
    expect(result).toMatchObject({ status: "done", errors: [], total: 1, processed: 1, payload: null, finishedAt: exchangeNow });
    const [row] = await database.db
      .select({ service: facilityService, location: facilityLocation })
      .from(facilityService)
      .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
      .where(eq(facilityService.hsdsId, String(service.id)));
    expect(row!.service).toMatchObject({
      category: "language-integration",
      targetGroups: ["newcomers"],
      access: "walk-in",
      waitingWeeks: 3,
      languages: ["nl"],
      email: "taal@bieb.example.nl",
      // No last-verified attribute and no assured_date: checked by whoever imported it, now.
      verifiedAt: exchangeNow,
      verifiedById: world.coordinator.id,
    });
    expect(row!.location).toMatchObject({
      postcode: "7511EF",
      neighbourhoodId: world.north.id,
      accessibility: ["wheelchair"],
      accessibilityNote: "Drempelvrij",
    });
    const hours = await database.db.select().from(facilityOpeningHours).where(eq(facilityOpeningHours.serviceId, row!.service.id));
    expect(hours.map((h) => [h.weekday, h.opensAt, h.closesAt])).toEqual([
      [1, "10:00", "12:00"],
      [3, "10:00", "12:00"],
    ]);
  });

  test("the export's page envelope is accepted, and CSV tables with a UTF-8 BOM and formula guards too", async () => {
    const services = [hsdsService({ name: "+Plus taalles" }), hsdsService()];
    const page = { total_items: 2, contents: services };
    expect(await run("json", [{ name: "export.json", text: JSON.stringify(page) }])).toMatchObject({ status: "done", errors: [] });

    const again = [hsdsService({ name: "-Min taalles" })];
    const tables = flattenServices(again);
    const files = hsdsTableNames.map((t) => ({ name: `${t}.csv`, text: tableToCsv(t, tables[t]) }));
    expect(await run("csv", files)).toMatchObject({ status: "done", errors: [] });
    const [row] = await database.db
      .select()
      .from(facilityService)
      .where(eq(facilityService.hsdsId, String(again[0]!.id)));
    // The CSV wrote "'-Min taalles" so a spreadsheet shows text; the import reads the name back.
    expect(row!.name).toBe("-Min taalles");
  });
});

describe("a file with errors", () => {
  test("CSV: every bad row is reported with row, field and message, and nothing is written", async () => {
    const services = [
      hsdsService(),
      hsdsService({ email: "geen-email" }),
      hsdsService({ postcode: "12AB" }),
      hsdsService({ waiting: "-2" }),
      hsdsService({ opens: "14:00", closes: "09:00" }),
    ];
    const tables = flattenServices(services);
    const text = Object.fromEntries(hsdsTableNames.map((t) => [t, tableToCsv(t, tables[t])]));
    // A service pointing at an organization that is not in organizations.csv.
    text.services = `${text.services}${randomUUID()},${randomUUID()},,Zwerver,,,,,active\r\n`;
    const before = await counts();
    const result = await run(
      "csv",
      hsdsTableNames.map((t) => ({ name: `${t}.csv`, text: text[t]! })),
    );
    expect(result.status).toBe("invalid");
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { row: 3, field: "services.csv: email", message: "errors.email.invalid" },
        { row: 4, field: "addresses.csv: postal_code", message: "errors.postcode.format" },
        { row: 7, field: "services.csv: organization_id", message: "facilityExchange.errors.referenceUnknown" },
        expect.objectContaining({ field: "attributes.csv: value", message: "socialMap.errors.waitingNegative" }),
        expect.objectContaining({ field: "schedules.csv: closes_at", message: "socialMap.errors.closesBeforeOpens" }),
      ]),
    );
    // The waiting-time row is the attribute row of the fourth service, in attributes.csv.
    const waitingRow = result.errors.find((e) => e.message === "socialMap.errors.waitingNegative")!.row;
    // (written as '-2: a spreadsheet would read -2 as a formula)
    expect(text.attributes!.split("\r\n")[waitingRow - 1]).toMatch(/,'-2$/);
    expect(result.payload).toBeNull();
    expect(await counts()).toEqual(before);
  });

  test("JSON: rows are services; a postcode outside the municipality, a duplicate and another town's id are refused", async () => {
    const foreignId = randomUUID();
    await database.write(async (tx) => {
      await tx
        .insert(facilityOrganization)
        .values({ hsdsId: foreignId, municipalityId: world.otherTown.id, name: "Elders BV", createdAt: 0, updatedAt: 0 });
    });
    const duplicate = hsdsService();
    const services = [
      hsdsService(),
      hsdsService({ postcode: "9999ZZ" }),
      duplicate,
      { ...duplicate },
      hsdsService({ organizationId: foreignId }),
    ];
    const before = await counts();
    const result = await run("json", json(services));
    expect(result.status).toBe("invalid");
    expect(result.errors).toEqual([
      { row: 4, field: "id", message: "facilityExchange.errors.duplicateService" },
      { row: 2, field: "service_at_locations[0].location.addresses[0].postal_code", message: "errors.postcode.outsideMunicipality" },
      { row: 5, field: "organization.id", message: "facilityExchange.errors.otherMunicipality" },
    ]);
    expect(await counts()).toEqual(before);
  });

  test("a file that is not JSON, or CSV without its tables, says so", async () => {
    expect((await run("json", [{ name: "x.json", text: "{nope" }])).errors).toEqual([
      { row: 0, field: "x.json", message: "facilityExchange.errors.jsonUnreadable" },
    ]);
    const csv = await run("csv", [{ name: "people.csv", text: "id,name\r\n1,a\r\n" }]);
    expect(csv.errors).toEqual(
      expect.arrayContaining([
        { row: 0, field: "people.csv", message: "facilityExchange.errors.unknownTable" },
        { row: 0, field: "services.csv", message: "facilityExchange.errors.tableMissing" },
      ]),
    );
  });

  test("an upload that is too large, or empty, is refused before anything starts", async () => {
    const ctx = await coordinatorCtx();
    await expect(
      startFacilityImport({ ctx, input: { format: "json", files: [{ name: "big.json", text: "x".repeat(IMPORT_MAX_BYTES + 1) }] } }),
    ).rejects.toMatchObject({
      fieldErrors: { files: ["facilityExchange.errors.tooLarge"] },
    });
    await expect(startFacilityImport({ ctx, input: { format: "json", files: [] } })).rejects.toMatchObject({
      fieldErrors: { files: ["facilityExchange.errors.noFile"] },
    });
  });
});

describe("writing", () => {
  test("a failure in the middle of the write rolls everything back", async () => {
    await database.client.execute(
      "CREATE TRIGGER fail_on_boom BEFORE INSERT ON facility_service WHEN NEW.name = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom'); END",
    );
    try {
      const before = await counts();
      const result = await run("json", json([hsdsService(), hsdsService(), hsdsService({ name: "Boom" })]));
      expect(result).toMatchObject({
        status: "failed",
        errors: [{ row: 0, field: "", message: "facilityExchange.errors.writeFailed" }],
        payload: null,
      });
      expect(await counts()).toEqual(before);
    } finally {
      await database.client.execute("DROP TRIGGER fail_on_boom");
    }
  });

  test("re-importing updates in place by HSDS id", async () => {
    const ctx = await coordinatorCtx();
    const page = await exportFacilitiesHsds({ ctx });
    expect(page.contents.length).toBeGreaterThan(0);
    const before = await counts();
    const changed = page.contents.map((s, i) => (i === 0 ? { ...s, name: "Nieuwe naam" } : s));
    expect(await run("json", json(changed))).toMatchObject({ status: "done" });
    expect(await counts()).toEqual(before);
    const [row] = await database.db
      .select()
      .from(facilityService)
      .where(eq(facilityService.hsdsId, String(page.contents[0]!.id)));
    expect(row!.name).toBe("Nieuwe naam");
  });
});

describe("progress", () => {
  test("moves in chunks while validating, then the import is done", async () => {
    const ctx = await coordinatorCtx();
    const seen: { processed: number; total: number; status: string; stored: number }[] = [];
    const { id, done } = await startFacilityImport({
      ctx,
      input: {
        format: "json",
        files: json([hsdsService(), hsdsService(), hsdsService(), hsdsService(), hsdsService()]),
        chunkSize: 2,
        onProgress: async (processed, total) => {
          const job = await getFacilityImport({ ctx, input: { id } });
          seen.push({ processed, total, status: job.status, stored: job.processed });
        },
      },
    });
    await done;
    expect(seen).toEqual([
      { processed: 2, total: 5, status: "validating", stored: 2 },
      { processed: 4, total: 5, status: "validating", stored: 4 },
      { processed: 5, total: 5, status: "validating", stored: 5 },
    ]);
    expect(await getFacilityImport({ ctx, input: { id } })).toMatchObject({ status: "done", processed: 5, total: 5, running: false });
  });

  test("an import a restart interrupted is resumed by the maintenance tick; a fresh one is left alone", async () => {
    const services = [hsdsService()];
    const [stale, fresh] = await database.write((tx) =>
      tx
        .insert(facilityImport)
        .values([
          {
            municipalityId: world.town.id,
            format: "json",
            status: "validating",
            payload: JSON.stringify(json(services)),
            createdById: world.coordinator.id,
            createdAt: exchangeNow - 10 * 60_000,
            total: 1,
            processed: 1,
          },
          {
            municipalityId: world.town.id,
            format: "json",
            status: "validating",
            payload: JSON.stringify(json([hsdsService()])),
            createdAt: exchangeNow - 1_000,
          },
        ])
        .returning(),
    );
    const resumed = await resumeFacilityImports({ ctx: await ctxAs(database, null, { now: clock }) });
    expect(resumed).toEqual([stale!.id]);
    const ctx = await coordinatorCtx();
    expect(await getFacilityImport({ ctx, input: { id: stale!.id } })).toMatchObject({ status: "done", total: 1 });
    expect(await getFacilityImport({ ctx, input: { id: fresh!.id } })).toMatchObject({ status: "validating" });
    await database.write((tx) => tx.delete(facilityImport).where(eq(facilityImport.id, fresh!.id)));
  });
});

describe("permissions", () => {
  test("residents may not import; another municipality's coordinator cannot see the import", async () => {
    await expect(
      startFacilityImport({
        ctx: await ctxAs(database, world.resident.id, { now: clock }),
        input: { format: "json", files: json([hsdsService()]) },
      }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    const result = await run("json", json([hsdsService()]));
    await expect(
      getFacilityImport({ ctx: await ctxAs(database, world.otherCoordinator.id, { now: clock }), input: { id: result.id } }),
    ).rejects.toMatchObject({
      kind: "not-found",
    });
    expect(await getFacilityImport({ ctx: await ctxAs(database, world.admin.id, { now: clock }), input: { id: result.id } })).toMatchObject(
      { status: "done" },
    );
  });
});

describe("each record is authorised like the edit form (the coordinator serves Noord, not Zuid)", () => {
  const notYours = "facilityExchange.errors.notYours";
  const postcodeField = "service_at_locations[0].location.addresses[0].postal_code";
  const adminCtx = () => ctxAs(database, world.admin.id, { now: clock });
  const serviceRow = async (hsdsId: string) =>
    (await database.db.select().from(facilityService).where(eq(facilityService.hsdsId, hsdsId)))[0];

  test("a new facility in a neighbourhood they do not serve is a row error, and nothing of the file is written", async () => {
    const before = await counts();
    const result = await run("json", json([hsdsService(), hsdsService({ postcode: "7512 AB" })]));
    expect(result.status).toBe("invalid");
    expect(result.errors).toEqual([{ row: 2, field: postcodeField, message: notYours }]);
    expect(await counts()).toEqual(before);
  });

  test("changing a facility in Zuid is refused, also when the file moves it to Noord; the edit form refuses it too", async () => {
    const south = hsdsService({ postcode: "7513 CD", name: "Zuidelijke dienst" });
    expect(await importFacilities({ ctx: await adminCtx(), input: { format: "json", files: json([south]) } })).toMatchObject({
      status: "done",
    });
    const row = await serviceRow(String(south.id));

    const renamed = { ...south, name: "Overgenomen" };
    const moved = hsdsService({ id: String(south.id), organizationId: String((south.organization as HsdsObject).id), name: "Verhuisd" });
    for (const attempt of [renamed, moved]) {
      const before = await counts();
      const result = await run("json", json([hsdsService(), attempt]));
      expect(result.status).toBe("invalid");
      expect(result.errors).toEqual([{ row: 2, field: "id", message: notYours }]);
      expect(await counts()).toEqual(before);
      expect((await serviceRow(String(south.id)))!.name).toBe("Zuidelijke dienst");
    }
    // The same rule, the same answer as the edit form's: not theirs.
    await expect(getFacilityForEdit({ ctx: await coordinatorCtx(), input: { id: row!.id } })).rejects.toMatchObject({ kind: "not-found" });
  });

  test("a new service at an existing location in Zuid is refused: writing the location changes a facility there", async () => {
    const south = hsdsService({ postcode: "7512 GH" });
    await importFacilities({ ctx: await adminCtx(), input: { format: "json", files: json([south]) } });
    const locationId = String(((south.service_at_locations as HsdsObject[])[0]!.location as HsdsObject).id);
    const before = await counts();
    const result = await run("json", json([hsdsService({ locationId, postcode: "7511 AB" })]));
    expect(result.errors).toEqual([{ row: 1, field: "id", message: notYours }]);
    expect(await counts()).toEqual(before);
  });

  test("in their own neighbourhood it is imported; an admin imports anywhere", async () => {
    expect(await run("json", json([hsdsService({ postcode: "7511 ZZ" })]))).toMatchObject({ status: "done", errors: [] });
    expect(
      await importFacilities({
        ctx: await adminCtx(),
        input: { format: "json", files: json([hsdsService({ postcode: "7512 ZZ" }), hsdsService()]) },
      }),
    ).toMatchObject({
      status: "done",
      errors: [],
    });
  });

  test("a resumed import is checked against the uploader's rights; one without an uploader writes nothing", async () => {
    const [job] = await database.write((tx) =>
      tx
        .insert(facilityImport)
        .values({
          municipalityId: world.town.id,
          format: "json",
          status: "validating",
          payload: JSON.stringify(json([hsdsService()])),
          createdAt: exchangeNow - 10 * 60_000,
        })
        .returning(),
    );
    const before = await counts();
    expect(await resumeFacilityImports({ ctx: await ctxAs(database, null, { now: clock }) })).toEqual([job!.id]);
    expect(await getFacilityImport({ ctx: await coordinatorCtx(), input: { id: job!.id } })).toMatchObject({
      status: "invalid",
      errors: [{ row: 1, field: postcodeField, message: notYours }],
    });
    expect(await counts()).toEqual(before);
  });

  test("someone who may not import gets 'not found' for an import's page, as for one that does not exist", async () => {
    const result = await run("json", json([hsdsService()]));
    await expect(
      getFacilityImport({ ctx: await ctxAs(database, world.resident.id, { now: clock }), input: { id: result.id } }),
    ).rejects.toMatchObject({ kind: "not-found" });
  });
});
