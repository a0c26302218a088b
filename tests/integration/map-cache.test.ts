import { afterEach, describe, expect, test } from "vitest";
import { createDatabase } from "#db/client";
import { createFacility, deleteFacility, getMapPage, updateFacilityStatus, verifyFacility } from "~/domain/social-map";
import type { FacilityInput } from "~/domain/social-map/schemas";
import {
  createFacility as createFacilityRow,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { statementsOf } from "#tests/support/query-plans";

// /map's results and filter choices are kept in the process under the public data version
// (decision 046, as the activity list in decision 040). These tests change the data through the
// real verbs and check the very next view, with the clock standing still; move the clock without
// any write; and check that what the viewer may do is never kept with the results.

// Monday 2 November 2026, 10:30 in Amsterdam (09:30 UTC, winter time).
const t = Date.UTC(2026, 10, 2, 9, 30);
const MINUTE = 60_000;
const DAY = 86_400_000;
const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.cleanup()));
});

async function world() {
  const database = await createTestDatabase();
  open.push(database);
  const ids = await database.write(async (tx) => {
    const town = await createMunicipality(tx, { timeZone: "Europe/Amsterdam" });
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Esch" });
    const coordinator = await createUser(tx, { neighbourhoodId: area.id });
    await grantCoordinator(tx, coordinator.id, [area.id]);
    const resident = await createUser(tx, { neighbourhoodId: area.id });
    const inloop = await createFacilityRow(tx, {
      municipalityId: town.id,
      neighbourhoodId: area.id,
      postcodeArea: area.postcodes[0],
      service: { name: "Inloop", category: "culture", capacityStatus: "open", verifiedAt: t - 10 * DAY },
      hours: [{ weekday: 1, opensAt: "09:00", closesAt: "12:00" }],
    });
    return {
      town: town.id,
      area: area.id,
      postcodeArea: area.postcodes[0]!,
      coordinator: coordinator.id,
      resident: resident.id,
      inloop: inloop.service.id,
    };
  });
  const at = (userId: number | null, now = t) => ctxAs(database, userId, { now: () => now });
  const view = async (input: Record<string, unknown> = {}, now = t, userId: number | null = null) =>
    getMapPage({ ctx: await at(userId, now), input });
  const names = async (input: Record<string, unknown> = {}, now = t) => (await view(input, now)).items.map((i) => i.name);
  return { database, ids, at, view, names };
}

const newFacility = (postcodeArea: string, name: string): FacilityInput => ({
  organization: { name: "Stichting Nieuw", description: "" },
  location: {
    name: "Wijkcentrum",
    address: "Lindelaan 4",
    postcode: `${postcodeArea}XY`,
    city: "Hoflanden",
    accessibility: [],
    accessibilityNote: "",
  },
  service: {
    name,
    category: "health",
    description: "",
    targetGroups: ["everyone"],
    eligibility: "",
    access: "walk-in",
    cost: "",
    free: true,
    languages: ["nl"],
    capacityStatus: "open",
  },
  hours: [],
});

describe("the cached /map", () => {
  test("a repeat view with nothing changed reads only the data version, and answers the same", async () => {
    const w = await world();
    const ctx = await w.at(null);
    const cold = await statementsOf(w.database, () => getMapPage({ ctx, input: {} }));
    // The version, the filter choices with the zones, the search with its count and hours.
    expect(cold.sent).toHaveLength(3);
    const warm = await statementsOf(w.database, () => getMapPage({ ctx, input: {} }));
    expect(warm.sent).toHaveLength(1);
    expect(warm.sent[0]).toMatch(/data_version/);
    expect(warm.result).toEqual(cold.result);
    expect(warm.result).toMatchObject({ total: 1, neighbourhoods: [{ name: "Esch" }], items: [{ name: "Inloop", open: true }] });
  });

  test("a new facility, a status change, a verification, a removal and a new neighbourhood each show on the next view", async () => {
    const w = await world();
    const coordinator = await w.at(w.ids.coordinator);
    expect(await w.names()).toEqual(["Inloop"]);

    const { id } = await createFacility({ ctx: coordinator, input: newFacility(w.ids.postcodeArea, "Huisartsenpost") });
    expect((await w.view()).total).toBe(2);
    expect(await w.names({ category: "health" })).toEqual(["Huisartsenpost"]);

    await updateFacilityStatus({ ctx: coordinator, input: { id: w.ids.inloop, waitingWeeks: 4, capacityStatus: "full", hours: [] } });
    const inloop = (await w.view()).items.find((i) => i.id === w.ids.inloop);
    expect(inloop).toMatchObject({ capacityStatus: "full", waitingWeeks: 4, hasHours: false, open: false });
    expect(await w.names({ noWaitingList: "on" })).toEqual(["Huisartsenpost"]);

    await deleteFacility({ ctx: coordinator, input: { id } });
    expect(await w.names()).toEqual(["Inloop"]);
    expect(await w.names({ category: "health" })).toEqual([]);

    await w.database.write((tx) => createNeighbourhood(tx, { municipalityId: w.ids.town, name: "Zuid" }));
    expect((await w.view()).neighbourhoods.map((n) => n.name)).toEqual(["Esch", "Zuid"]);
  });

  test("open and stale follow the clock without any write; 'open now' lists follow the local minute", async () => {
    const w = await world();
    const inloopAt = async (now: number) => (await w.view({}, now)).items[0]!;
    expect(await inloopAt(t)).toMatchObject({ open: true, stale: false });
    expect(await w.names({ openNow: "on" }, t)).toEqual(["Inloop"]);
    // 12:00 in Amsterdam: closed (closing time not included), so no longer "open now".
    const noon = t + 90 * MINUTE;
    expect(await inloopAt(noon)).toMatchObject({ open: false });
    expect(await w.names({ openNow: "on" }, noon)).toEqual([]);
    expect(await w.names({ openNow: "on" }, noon - MINUTE)).toEqual(["Inloop"]);
    // Verified ten days before t: stale once six months and ten days have passed.
    const later = Date.UTC(2027, 4, 20, 9, 30);
    expect(await inloopAt(later)).toMatchObject({ stale: true });
    expect(await inloopAt(t)).toMatchObject({ stale: false });

    // Verifying makes it fresh on the next view, with the clock still at `later`.
    await verifyFacility({ ctx: await w.at(w.ids.coordinator, later), input: { id: w.ids.inloop } });
    expect(await inloopAt(later)).toMatchObject({ stale: false });
  });

  test("what the viewer may do is judged per view, never kept with the shared results", async () => {
    const w = await world();
    const coordinator = await w.view({}, t, w.ids.coordinator);
    expect(coordinator.canKeepMap).toBe(true);
    // The same results from the cache, without the coordinator's rights.
    const visitor = await statementsOf(w.database, async () => w.view({}, t, null));
    expect(visitor.sent).toHaveLength(1);
    expect(visitor.result.canKeepMap).toBe(false);
    expect(visitor.result.items).toEqual(coordinator.items);
    expect((await w.view({}, t, w.ids.resident)).canKeepMap).toBe(false);
    expect((await w.view({}, t, w.ids.coordinator)).canKeepMap).toBe(true);
  });

  test("another instance on the same database sees a write made through the first at once", async () => {
    const w = await world();
    const other = createDatabase({ url: w.database.url });
    try {
      const viewOn = async () => (await getMapPage({ ctx: await ctxAs(other, null, { now: () => t }), input: {} })).items;
      expect((await viewOn()).map((i) => i.capacityStatus)).toEqual(["open"]);
      expect((await w.view()).items.map((i) => i.capacityStatus)).toEqual(["open"]);
      await updateFacilityStatus({
        ctx: await w.at(w.ids.coordinator),
        input: { id: w.ids.inloop, capacityStatus: "limited", hours: [{ weekday: 1, opensAt: "09:00", closesAt: "12:00" }] },
      });
      expect((await viewOn()).map((i) => i.capacityStatus)).toEqual(["limited"]);
      expect((await w.view()).items.map((i) => i.capacityStatus)).toEqual(["limited"]);
    } finally {
      other.close();
    }
  });
});
