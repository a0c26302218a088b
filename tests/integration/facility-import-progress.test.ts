import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { facilityImport, facilityService } from "#db/schema";
import { type HsdsObject } from "~/domain/social-map/exchange/export.server";
import {
  getFacilityImport,
  importFacilities,
  resumeFacilityImports,
  startFacilityImport,
} from "~/domain/social-map/exchange/import.server";
import { getFacilityForEdit } from "~/domain/social-map";
import { ctxAs } from "#tests/support/ctx";
import { exchangeNow } from "#tests/support/facility-exchange";
import { clock, coordinatorCtx, counts, database, hsdsService, json, run, setUpFacilityImportWorld, world } from "./facility-import-world";

setUpFacilityImportWorld();

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
