import { parseWithZod } from "@conform-to/zod";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { helpRequest } from "#db/schema";
import { createHelpRequest as askForHelp, getTriage } from "~/domain/help";
import { helpRequestSchema } from "~/domain/help/request-schemas";
import { SUPPRESSED } from "~/domain/signals/disclosure";
import { computeIndicators, computeRawIndicators, THRESHOLD_DEFAULTS } from "~/domain/signals/indicators.server";
import { getFacilityPage } from "~/domain/social-map";
import {
  createFacility,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
  grantAdmin,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// "Facility hand-off traced": a request started from a facility page keeps the facility; the
// facility page shows its referrals to the coordinators of its neighbourhood only; the signals
// count referrals per facility category and per facility, small counts as "< 5".

const ZONE = "Europe/Amsterdam";
const NOW = Date.UTC(2026, 10, 28, 10); // Saturday 28 November 2026
const DAY = 86_400_000;
let database: TestDatabase;
const ids = {} as Record<
  "town" | "north" | "south" | "resident" | "coordinator" | "otherCoordinator" | "admin" | "debt" | "respite",
  number
>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    ids.town = (await createMunicipality(tx, { timeZone: ZONE })).id;
    ids.north = (await createNeighbourhood(tx, { municipalityId: ids.town, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: ids.town, name: "Zuid" })).id;
    ids.resident = (await createUser(tx, { neighbourhoodId: ids.north })).id;
    ids.coordinator = (await createUser(tx, { neighbourhoodId: ids.north })).id;
    await grantCoordinator(tx, ids.coordinator, [ids.north]);
    ids.otherCoordinator = (await createUser(tx, { neighbourhoodId: ids.south })).id;
    await grantCoordinator(tx, ids.otherCoordinator, [ids.south]);
    ids.admin = (await createUser(tx, { neighbourhoodId: ids.south })).id;
    await grantAdmin(tx, ids.admin);
    const facility = (name: string, category: "debt-income" | "respite-day-care") =>
      createFacility(tx, { municipalityId: ids.town, neighbourhoodId: ids.north, service: { name, category } });
    ids.debt = (await facility("Schuldhulp Noord", "debt-income")).service.id;
    ids.respite = (await facility("Dagopvang De Linde", "respite-day-care")).service.id;
    // Referrals: 6 from the debt service (one 13 months ago), 2 from the day care; one without a facility.
    const request = (facilityId: number | null, createdAt: number, kind: "paperwork" | "respite") =>
      createHelpRequest(tx, { neighbourhoodId: ids.north, requesterId: ids.resident, kind, facilityId, createdAt });
    for (let i = 1; i <= 5; i++) await request(ids.debt, NOW - i * 10 * DAY, "paperwork");
    await request(ids.debt, NOW - 395 * DAY, "paperwork");
    await request(ids.debt, NOW - 20 * DAY, "respite");
    await request(ids.respite, NOW - 5 * DAY, "respite");
    await request(ids.respite, NOW - 6 * DAY, "respite");
    await request(null, NOW - 7 * DAY, "respite");
  });
});
afterAll(() => database.cleanup());

const as = (userId: number | null) => ctxAs(database, userId, { now: () => NOW });

function requestForm(extra: Record<string, string>) {
  const data = new FormData();
  const fields: Record<string, string> = {
    kind: "paperwork",
    schedule: "windows",
    "windows[0].date": "2026-12-01",
    "windows[0].startTime": "14:00",
    "windows[0].endTime": "15:00",
    neighbourhoodId: String(ids.north),
    address: "Dorpsstraat 12",
    publicText: "Via Schuldhulp Noord: hulp met post.",
    ...extra,
  };
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  const submission = parseWithZod(data, { schema: helpRequestSchema });
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  return submission.value;
}

describe("a request started from a facility page", () => {
  test("keeps the facility (the hidden field), and ignores an id that is no facility", async () => {
    const ctx = await as(ids.resident);
    const traced = await askForHelp({ ctx, input: requestForm({ facilityId: String(ids.debt) }) });
    const unknown = await askForHelp({ ctx, input: requestForm({ facilityId: "999999" }) });
    const garbage = await askForHelp({ ctx, input: requestForm({ facilityId: "abc" }) });
    const facilityOf = async (id: number) =>
      (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id), columns: { facilityId: true } }))!.facilityId;
    expect(await facilityOf(traced.id)).toBe(ids.debt);
    expect(await facilityOf(unknown.id)).toBeNull();
    expect(await facilityOf(garbage.id)).toBeNull();
    // The coordinator's triage page says where it came from.
    const triage = async (id: number) => (await getTriage({ ctx: await as(ids.coordinator), input: { requestId: id } })).request;
    expect(await triage(traced.id)).toMatchObject({ viaFacility: "Schuldhulp Noord", viaCircle: false });
    expect(await triage(unknown.id)).toMatchObject({ viaFacility: null, viaCircle: false });
    // Put the count back as the other tests expect it.
    await database.write((tx) => tx.delete(helpRequest).where(eq(helpRequest.id, traced.id)));
  });
});

describe("the facility page", () => {
  test("shows the coordinator of its neighbourhood the referrals of the last 12 months per kind", async () => {
    const page = await getFacilityPage({ ctx: await as(ids.coordinator), input: { id: ids.debt } });
    expect(page.referrals).toEqual([
      { kind: "paperwork", count: 5 },
      { kind: "respite", count: 1 },
    ]);
    const admin = await getFacilityPage({ ctx: await as(ids.admin), input: { id: ids.respite } });
    expect(admin.referrals).toEqual([{ kind: "respite", count: 2 }]);
  });

  test("shows nothing of it to the public, residents or coordinators elsewhere (the cached page is the visitor's)", async () => {
    for (const who of [null, ids.resident, ids.otherCoordinator]) {
      const page = await getFacilityPage({ ctx: await as(who), input: { id: ids.debt } });
      expect(page.referrals).toBeNull();
    }
  });
});

describe("referrals in the signals", () => {
  const query = () => ({
    municipalityId: ids.town,
    zone: ZONE,
    from: "2026-11-01",
    to: "2026-11-30",
    granularity: "month" as const,
    neighbourhoodId: null,
    thresholds: { ...THRESHOLD_DEFAULTS },
    now: NOW,
  });

  test("counted per facility category and per facility for the period", async () => {
    const raw = await computeRawIndicators(database.db, query());
    const byCategory = (c: string) => raw.facilityReferrals.filter((r) => r.c === c).reduce((s, r) => s + r.v, 0);
    // November: 3 of the debt service's (18 November, and two on 8 November) and both of the day care's.
    expect(byCategory("debt-income")).toBe(3);
    expect(byCategory("respite-day-care")).toBe(2);
    expect(raw.referralsByFacility.map((f) => [f.name, f.v])).toEqual([
      ["Schuldhulp Noord", 3],
      ["Dagopvang De Linde", 2],
    ]);
  });

  test("counts below 5 are '< 5'", async () => {
    const report = await computeIndicators(database.db, query());
    const referrals = report.indicators.find((i) => i.key === "facilityReferrals")!;
    expect([...referrals.columns].sort()).toEqual(["debt-income", "respite-day-care"]);
    expect(referrals.rows.find((r) => r.neighbourhoodId === ids.north)!.cells).toEqual([SUPPRESSED, SUPPRESSED]);
    expect(referrals.total).toBe(5);
    expect(report.referrals.map((f) => f.count)).toEqual([SUPPRESSED, SUPPRESSED]);
    expect(report.referralTotal).toBe(5);
  });
});
