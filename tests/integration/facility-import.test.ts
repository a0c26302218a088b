import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";
import { exportFacilitiesHsds, flattenServices, tableToCsv } from "~/domain/social-map/exchange/export.server";
import { hsdsTableNames } from "~/domain/social-map/exchange/hsds.server";
import { IMPORT_MAX_BYTES, startFacilityImport } from "~/domain/social-map/exchange/import.server";
import { exchangeNow } from "#tests/support/facility-exchange";
import { coordinatorCtx, counts, database, hsdsService, json, run, setUpFacilityImportWorld, world } from "./facility-import-world";

setUpFacilityImportWorld();

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
