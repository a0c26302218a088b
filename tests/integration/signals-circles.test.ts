import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "#db/client";
import { circleTaskClaim } from "#db/schema";
import { HIDDEN, SUPPRESSED } from "~/domain/signals/disclosure";
import { computeIndicators, computeRawIndicators, THRESHOLD_DEFAULTS, type IndicatorQuery } from "~/domain/signals/indicators.server";
import { reportCsvRows } from "~/domain/signals/report-csv";
import "~/locales/i18n.server";
import { getT } from "~/locales/i18n";
import {
  createCareRecipient,
  createCircle,
  createCircleTaskRecord,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createUser,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// "Circles under strain" and the hand-offs in the signals: only counts per neighbourhood and
// period leave a circle, with the small-count rule; periods are local months (DST-safe).

const ZONE = "Europe/Amsterdam";
const NOW = Date.UTC(2026, 4, 15, 10); // 15 May 2026
/** Local Amsterdam summer time (UTC+2) as an instant; winter (UTC+1) before 29 March 02:00. */
const local = (m: number, d: number, h: number, min = 0) => {
  const summer = m > 3 || (m === 3 && d > 29) || (m === 3 && d === 29 && h >= 3);
  return Date.UTC(2026, m - 1, d, h - (summer ? 2 : 1), min);
};

let database: TestDatabase;
let town: number;
let north: number;
let south: number;

const query = (values: Partial<IndicatorQuery> = {}): IndicatorQuery => ({
  municipalityId: town,
  zone: ZONE,
  from: "2026-03-01",
  to: "2026-04-30",
  granularity: "month",
  neighbourhoodId: null,
  thresholds: { ...THRESHOLD_DEFAULTS },
  now: NOW,
  ...values,
});

/** A circle led by a new person; `tasks` are [start, who claims it: "lead" | "member" | null]. */
async function circleWith(tx: Tx, neighbourhoodId: number, tasks: [number, "lead" | "member" | null][]) {
  const lead = (await createUser(tx, { neighbourhoodId })).id;
  const member = (await createUser(tx, { neighbourhoodId })).id;
  const person = await createCareRecipient(tx, { carerId: lead, neighbourhoodId });
  const circle = await createCircle(tx, { careRecipientId: person.id, neighbourhoodId, leadId: lead, members: [{ userId: member }] });
  for (const [startsAt, who] of tasks) {
    const { occurrence } = await createCircleTaskRecord(tx, { circleId: circle.id, startsAt, kind: "meal", notes: "Geheim" });
    if (who)
      await tx.insert(circleTaskClaim).values({ occurrenceId: occurrence.id, userId: who === "lead" ? lead : member, claimedAt: startsAt });
  }
  return circle.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    town = (await createMunicipality(tx, { timeZone: ZONE })).id;
    north = (await createNeighbourhood(tx, { municipalityId: town, name: "Noord" })).id;
    south = (await createNeighbourhood(tx, { municipalityId: town, name: "Zuid" })).id;
    // Six circles in the north with 3 open tasks in March: tasks stayed unclaimed.
    const strained: number[] = [];
    for (let i = 0; i < 6; i++) {
      strained[i] = await circleWith(tx, north, [
        [local(3, 3 + i, 10), null],
        [local(3, 10 + i, 10), null],
        [local(3, 20, 10), null],
      ]);
    }
    const circleId = strained[0]!;
    // One in the south where the lead took 4 of 5 places in April: the lead carries most.
    await circleWith(tx, south, [
      [local(4, 2, 10), "lead"],
      [local(4, 3, 10), "lead"],
      [local(4, 4, 10), "lead"],
      [local(4, 5, 10), "lead"],
      [local(4, 6, 10), "member"],
    ]);
    // Not under strain: the lead took all, but only 3 places; and 2 open tasks only.
    await circleWith(tx, south, [
      [local(4, 7, 10), "lead"],
      [local(4, 8, 10), "lead"],
      [local(4, 9, 10), "lead"],
      [local(4, 10, 10), null],
      [local(4, 11, 10), null],
    ]);
    // Three open tasks around the end of March: 1 April 00:30 local is still 31 March in UTC, but
    // belongs to April. Two in March and one in April: not under strain in either month.
    await circleWith(tx, south, [
      [local(3, 30, 10), null],
      [local(3, 31, 23, 30), null],
      [local(4, 1, 0, 30), null],
    ]);
    // Open tasks still to come do not count (they have not started).
    await circleWith(tx, south, [
      [local(5, 20, 10), null],
      [local(5, 21, 10), null],
      [local(5, 22, 10), null],
    ]);
    // Two hand-offs from a circle in March (and a normal request that is none).
    const requester = (await createUser(tx, { neighbourhoodId: north })).id;
    for (const day of [4, 5]) {
      await createHelpRequest(tx, {
        neighbourhoodId: north,
        requesterId: requester,
        kind: "respite",
        circleId,
        createdAt: local(3, day, 12),
      });
    }
    await createHelpRequest(tx, { neighbourhoodId: north, requesterId: requester, kind: "respite", createdAt: local(3, 6, 12) });
  });
});
afterAll(() => database.cleanup());

const sum = (cells: { p: number; n: number; v: number }[], f: (c: { p: number; n: number }) => boolean) =>
  cells.filter(f).reduce((s, c) => s + c.v, 0);

describe("circles under strain", () => {
  test("raw: per neighbourhood and local month, for either reason, each circle once", async () => {
    const raw = await computeRawIndicators(database.db, query());
    expect(raw.periods.map((p) => p.key)).toEqual(["2026-03", "2026-04"]);
    expect(sum(raw.circlesUnderStrain, (c) => c.p === 0 && c.n === north)).toBe(6);
    expect(sum(raw.circlesUnderStrain, (c) => c.p === 1 && c.n === south)).toBe(1);
    expect(sum(raw.circlesUnderStrain, (c) => c.p === 0 && c.n === south)).toBe(0);
    expect(sum(raw.circlesUnderStrainInRange, (c) => c.n === north)).toBe(6);
    expect(sum(raw.circlesUnderStrainInRange, (c) => c.n === south)).toBe(1);
  });

  test("the month boundary is local midnight: with UTC months the circle around 31 March would count", async () => {
    const raw = await computeRawIndicators(database.db, query({ zone: "UTC" }));
    expect(sum(raw.circlesUnderStrain, (c) => c.p === 0 && c.n === south)).toBe(1);
  });

  test("disclosed: a count below 5 is '< 5' in the table, the trend and the CSV; nothing of a circle but counts", async () => {
    const report = await computeIndicators(database.db, query());
    const strain = report.indicators.find((i) => i.key === "circlesUnderStrain")!;
    expect(strain.columns).toEqual(["circles"]);
    const row = (n: number) => strain.rows.find((r) => r.neighbourhoodId === n)!;
    expect(row(south).cells).toEqual([SUPPRESSED]);
    // The north's 6 is hidden too, or the total 7 would give the south's 1 away.
    expect(row(north).cells).toEqual([HIDDEN]);
    expect(strain.total).toBe(7);
    expect(strain.trend!.map((p) => p.value)).toEqual([6, SUPPRESSED]);
    const csv = reportCsvRows(report, getT("en"));
    expect(csv).toContainEqual(["circlesUnderStrain", "Zuid", "circles", "2026-03/2026-04", "2026-03-01", "2026-04-30", "< 5", "count"]);
    expect(JSON.stringify(report)).not.toContain("Geheim");
  });

  test("hand-offs: help requests with a circle, per kind; 2 is '< 5'", async () => {
    const raw = await computeRawIndicators(database.db, query());
    expect(sum(raw.circleHandOffs, () => true)).toBe(2);
    const report = await computeIndicators(database.db, query());
    const handOffs = report.indicators.find((i) => i.key === "circleHandOffs")!;
    expect(handOffs.columns).toEqual(["respite"]);
    expect(handOffs.total).toBe(SUPPRESSED);
  });
});
