import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { facilityLocation, facilityOrganization, facilityService, indicatorThreshold } from "#db/schema";
import { SUPPRESSED } from "~/domain/signals/disclosure";
import { computeIndicators, computeRawIndicators, THRESHOLD_DEFAULTS, type IndicatorQuery } from "~/domain/signals/indicators.server";
import { reportPeriods } from "~/domain/scheduling/report-periods";
import type { Tx } from "#db/client";
import {
  createActivity,
  createCareRecipient,
  createHelpInvite,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSignupRecord,
  createSkill,
  createUser,
  createVolunteerProfile,
  giveSkills,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = "Europe/Amsterdam";
const NOW = Date.UTC(2026, 4, 15, 10); // 15 May 2026
let database: TestDatabase;
let town: number;
let north: number;
let south: number;
let carers: number[];
let volunteers: number[];
let orgId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    town = (await createMunicipality(tx, { timeZone: ZONE })).id;
    north = (await createNeighbourhood(tx, { municipalityId: town, name: "Noord" })).id;
    south = (await createNeighbourhood(tx, { municipalityId: town, name: "Zuid" })).id;
    carers = [];
    for (let i = 0; i < 6; i++) carers.push((await createUser(tx, { neighbourhoodId: north })).id);
    volunteers = [];
    for (let i = 0; i < 3; i++) volunteers.push((await createUser(tx, { neighbourhoodId: i === 2 ? south : north })).id);
    orgId = (await createOrganisation(tx)).id;
  });
});
afterAll(() => database.cleanup());

const query = (values: Partial<IndicatorQuery> = {}): IndicatorQuery => ({
  municipalityId: town,
  zone: ZONE,
  from: "2026-02-01",
  to: "2026-04-30",
  granularity: "month",
  neighbourhoodId: null,
  thresholds: { ...THRESHOLD_DEFAULTS },
  now: NOW,
  ...values,
});
const sumWhere = (cells: { p: number; n: number; c: string; v: number }[], f: (c: { p: number; n: number; c: string }) => boolean) =>
  cells.filter(f).reduce((s, c) => s + c.v, 0);

/** A fresh municipality for tests that need their own data. */
async function freshTown(tx: Tx) {
  const id = (await createMunicipality(tx, { timeZone: ZONE })).id;
  const area = (await createNeighbourhood(tx, { municipalityId: id })).id;
  const person = (await createUser(tx, { neighbourhoodId: area })).id;
  return { id, area, person };
}

describe("report periods", () => {
  test("months start at local midnight, also across the DST changes (March and October)", () => {
    const [feb, mar, apr] = reportPeriods("2026-02-01", "2026-04-30", "month", ZONE);
    expect(feb!.endMs).toBe(Date.UTC(2026, 1, 28, 23)); // 1 March 00:00 CET
    expect(mar!.startMs).toBe(Date.UTC(2026, 1, 28, 23));
    expect(mar!.endMs).toBe(Date.UTC(2026, 2, 31, 22)); // 1 April 00:00 CEST
    expect(apr!.key).toBe("2026-04");
    const [oct] = reportPeriods("2026-10-01", "2026-10-31", "month", ZONE);
    expect(oct!.startMs).toBe(Date.UTC(2026, 8, 30, 22));
    expect(oct!.endMs).toBe(Date.UTC(2026, 9, 31, 23)); // 1 November 00:00 CET
  });

  test("the ISO week with the spring change has 167 hours and starts on Monday at local midnight", () => {
    const weeks = reportPeriods("2026-03-23", "2026-03-29", "week", ZONE);
    expect(weeks).toHaveLength(1);
    expect(weeks[0]!.key).toBe("2026-W13");
    expect(weeks[0]!.startMs).toBe(Date.UTC(2026, 2, 22, 23));
    expect(weeks[0]!.endMs - weeks[0]!.startMs).toBe(167 * HOUR);
  });
});

describe("help-request indicators", () => {
  beforeAll(async () => {
    await database.write(async (tx) => {
      const r = (values: Parameters<typeof createHelpRequest>[1]) =>
        createHelpRequest(tx, { requesterId: carers[0]!, kind: "shopping", ...values });
      // Period boundaries: 23:59 local on 28 February is February; 00:30 local on 1 March is March.
      await r({ neighbourhoodId: north, createdAt: Date.UTC(2026, 1, 28, 22, 59) });
      await r({ neighbourhoodId: north, createdAt: Date.UTC(2026, 1, 28, 23, 30) });
      // 23:59 local on 31 March (summer time) is March; 00:00 local on 1 April is April.
      await r({ neighbourhoodId: north, createdAt: Date.UTC(2026, 2, 31, 21, 59) });
      await r({ neighbourhoodId: north, createdAt: Date.UTC(2026, 2, 31, 22, 0) });
      // April, south, transport: unmet and expired cases.
      const april = Date.UTC(2026, 3, 2, 10);
      const t = (values: Partial<Parameters<typeof createHelpRequest>[1]>) =>
        r({ kind: "transport", createdAt: april, ...values, neighbourhoodId: south });
      await t({ status: "expired" }); // unmet, expired
      await t({ status: "completed", matchedVolunteerId: volunteers[0]!, matchedAt: april + 10 * DAY }); // waited 10 days > 7: unmet
      await t({ status: "completed", matchedVolunteerId: volunteers[0]!, matchedAt: april + 2 * DAY }); // met in time
      await t({ status: "matched", matchedVolunteerId: volunteers[1]!, matchedAt: april + 1 * DAY });
      await t({ status: "matched", matchedVolunteerId: volunteers[1]!, matchedAt: april + 3 * DAY });
      await t({ status: "open" }); // still open at NOW (43 days): unmet
      await t({ status: "withdrawn" }); // withdrawn: not counted as unmet
      await t({ status: "open", createdAt: Date.UTC(2026, 3, 30, 9), flaggedAt: Date.UTC(2026, 3, 30, 10), flagReason: "no-fit" });
    });
  });

  test("each request counts in the period of its local creation date", async () => {
    const raw = await computeRawIndicators(database.db, query());
    const shopping = (p: number) => sumWhere(raw.requests, (c) => c.p === p && c.c === "shopping");
    expect([shopping(0), shopping(1), shopping(2)]).toEqual([1, 2, 1]);
  });

  test("unmet: expired, flagged, still open past the threshold, or matched after it", async () => {
    const raw = await computeRawIndicators(database.db, query());
    expect(sumWhere(raw.unmet, (c) => c.n === south && c.c === "transport")).toBe(4);
    expect(sumWhere(raw.expired, (c) => c.n === south)).toBe(1);
    // A higher threshold: the 10-day match is no longer late.
    const lenient = await computeRawIndicators(database.db, query({ thresholds: { ...THRESHOLD_DEFAULTS, waitDays: 14 } }));
    expect(sumWhere(lenient.unmet, (c) => c.n === south && c.c === "transport")).toBe(3);
  });

  test("median time to a match (hours histogram) and the expired share are disclosed by their rules", async () => {
    const report = await computeIndicators(database.db, query());
    const median = report.indicators.find((i) => i.key === "medianMatchDays")!;
    // Matches after 1, 2, 3 and 10 days: only 4 cases, so the median is hidden.
    const southRow = median.rows.find((r) => r.neighbourhoodId === south)!;
    expect(southRow.total).toBe(SUPPRESSED);
    const raw = await computeRawIndicators(database.db, query());
    expect(
      raw.matchHours
        .filter((h) => h.n === south)
        .map((h) => h.h)
        .sort((a, b) => a - b),
    ).toEqual([24, 48, 72, 240]);
    const share = report.indicators.find((i) => i.key === "expiredShare")!;
    // 1 expired of 8: the count is < 5, so the share is hidden too.
    expect(share.rows.find((r) => r.neighbourhoodId === south)!.total).toBe(SUPPRESSED);
  });

  test("a median on five matches is shown", async () => {
    const own = await database.write(async (tx) => {
      const place = await freshTown(tx);
      for (const days of [1, 2, 3, 4, 20]) {
        await createHelpRequest(tx, {
          requesterId: place.person,
          neighbourhoodId: place.area,
          status: "completed",
          matchedVolunteerId: volunteers[0]!,
          createdAt: Date.UTC(2026, 3, 1, 12),
          matchedAt: Date.UTC(2026, 3, 1, 12) + days * DAY,
        });
      }
      return place;
    });
    const report = await computeIndicators(database.db, query({ municipalityId: own.id }));
    expect(report.indicators.find((i) => i.key === "medianMatchDays")!.total).toBe(3);
  });

  test("volunteer offers count offered, accepted and filled invites, not asked or declined", async () => {
    const id = await database.write(async (tx) => {
      const request = await createHelpRequest(tx, {
        requesterId: carers[1]!,
        neighbourhoodId: north,
        kind: "digital",
        createdAt: Date.UTC(2026, 3, 10),
      });
      await createHelpInvite(tx, { requestId: request.id, volunteerId: volunteers[0]!, status: "offered" });
      await createHelpInvite(tx, { requestId: request.id, volunteerId: volunteers[1]!, status: "declined" });
      await createHelpInvite(tx, { requestId: request.id, volunteerId: volunteers[2]!, status: "accepted" });
      return request.id;
    });
    expect(id).toBeGreaterThan(0);
    const raw = await computeRawIndicators(database.db, query());
    expect(sumWhere(raw.offers, (c) => c.c === "digital")).toBe(2);
  });

  test("the area filter keeps one neighbourhood; another municipality never counts", async () => {
    await database.write(async (tx) => {
      const other = await freshTown(tx);
      await createHelpRequest(tx, {
        requesterId: other.person,
        neighbourhoodId: other.area,
        kind: "shopping",
        createdAt: Date.UTC(2026, 2, 10),
      });
    });
    const raw = await computeRawIndicators(database.db, query({ neighbourhoodId: north }));
    expect(raw.neighbourhoods.map((n) => n.id)).toEqual([north]);
    expect(raw.requests.every((c) => c.n === north)).toBe(true);
    expect(sumWhere(raw.requests, (c) => c.c === "shopping")).toBe(4);
  });
});

describe("activity indicators", () => {
  test("unfilled places are needed minus confirmed per shift; waitlists count waitlisted sign-ups", async () => {
    await database.write(async (tx) => {
      const activity = await createActivity(tx, { organisationId: orgId, neighbourhoodId: north, category: "sports" });
      const at = Date.UTC(2026, 2, 14, 9);
      const session = await createSession(tx, { activityId: activity.id, startsAt: at, capacity: 1 });
      const shift = await createShift(tx, { sessionId: session.id, startsAt: at, endsAt: at + 2 * HOUR, needed: 3 });
      await createSignupRecord(tx, { sessionId: session.id, shiftId: shift.id, userId: volunteers[0]!, status: "confirmed" });
      await createSignupRecord(tx, { sessionId: session.id, shiftId: shift.id, userId: volunteers[1]!, status: "cancelled" });
      await createSignupRecord(tx, { sessionId: session.id, userId: carers[0]!, status: "confirmed" });
      await createSignupRecord(tx, { sessionId: session.id, userId: carers[1]!, status: "waitlisted" });
      await createSignupRecord(tx, { sessionId: session.id, userId: carers[2]!, status: "waitlisted" });
      // A cancelled session's shift is not an unfilled place.
      const cancelled = await createSession(tx, { activityId: activity.id, startsAt: at + DAY, status: "cancelled" });
      await createShift(tx, { sessionId: cancelled.id, startsAt: at + DAY, endsAt: at + DAY + HOUR, needed: 5 });
    });
    const raw = await computeRawIndicators(database.db, query());
    expect(sumWhere(raw.unfilledPlaces, (c) => c.c === "sports" && c.p === 1)).toBe(2);
    expect(sumWhere(raw.waitlisted, (c) => c.c === "sports" && c.p === 1)).toBe(2);
  });
});

describe("facility and carer indicators", () => {
  test("facilities count when full or waiting longer than the threshold", async () => {
    await database.write(async (tx) => {
      const [org] = await tx
        .insert(facilityOrganization)
        .values({ hsdsId: crypto.randomUUID(), municipalityId: town, name: "Zorg BV", createdAt: NOW, updatedAt: NOW })
        .returning();
      const [loc] = await tx
        .insert(facilityLocation)
        .values({
          hsdsId: crypto.randomUUID(),
          organizationId: org!.id,
          name: "Locatie",
          address: "Straat 1",
          postcode: "7511AB",
          city: "Hoflanden",
          neighbourhoodId: south,
          createdAt: NOW,
          updatedAt: NOW,
        })
        .returning();
      const service = (name: string, values: Partial<typeof facilityService.$inferInsert>) =>
        tx.insert(facilityService).values({
          hsdsId: crypto.randomUUID(),
          organizationId: org!.id,
          locationId: loc!.id,
          name,
          category: "youth-care",
          targetGroups: ["youth"],
          access: "referral",
          languages: ["nl"],
          verifiedAt: NOW,
          createdAt: NOW,
          updatedAt: NOW,
          ...values,
        });
      await service("Vol", { capacityStatus: "full" });
      await service("Lang", { waitingWeeks: 10 });
      await service("Precies", { waitingWeeks: 8 });
      await service("Open", {});
    });
    const raw = await computeRawIndicators(database.db, query());
    expect(sumWhere(raw.facilitiesUnderPressure, (c) => c.n === south && c.c === "youth-care")).toBe(2);
    const strict = await computeRawIndicators(database.db, query({ thresholds: { ...THRESHOLD_DEFAULTS, facilityWaitWeeks: 7 } }));
    expect(sumWhere(strict.facilitiesUnderPressure, (c) => c.n === south)).toBe(3);
  });

  test("carers with 3+ respite requests in 3 months are counted once, by person, at each period end", async () => {
    await database.write(async (tx) => {
      const respite = (carer: number | null, createdAt: number, careRecipientId?: number) =>
        createHelpRequest(tx, {
          requesterId: carer,
          registeredById: carer === null ? volunteers[0]! : null,
          careRecipientId: careRecipientId ?? null,
          neighbourhoodId: north,
          kind: "respite",
          createdAt,
        });
      // Carer 3: three requests in February–April → overloaded at the end of April (and March? no: 2 by then).
      await respite(carers[3]!, Date.UTC(2026, 1, 20));
      await respite(carers[3]!, Date.UTC(2026, 2, 20));
      await respite(carers[3]!, Date.UTC(2026, 3, 20));
      // Carer 4: three requests spread over five months → never three within three months.
      await respite(carers[4]!, Date.UTC(2025, 11, 1));
      await respite(carers[4]!, Date.UTC(2026, 1, 10));
      await respite(carers[4]!, Date.UTC(2026, 3, 25));
      // Carer 5: asked through intake for the person they care for (no requester) and once themselves.
      const recipient = await createCareRecipient(tx, { carerId: carers[5]!, neighbourhoodId: north });
      await respite(null, Date.UTC(2026, 2, 1), recipient.id);
      await respite(null, Date.UTC(2026, 2, 5), recipient.id);
      await respite(carers[5]!, Date.UTC(2026, 2, 9));
    });
    const raw = await computeRawIndicators(database.db, query());
    const at = (p: number) => sumWhere(raw.respiteOverload, (c) => c.p === p);
    // Carer 5's three requests (two via intake) link through the person cared for.
    expect(at(1)).toBe(1);
    expect(at(2)).toBe(2);
    const report = await computeIndicators(database.db, query());
    const overload = report.indicators.find((i) => i.key === "respiteOverload")!;
    expect(overload.total).toBe(SUPPRESSED);
  });

  test("supply and demand per skill: requests needing it and available volunteers having it", async () => {
    await database.write(async (tx) => {
      const skill = await createSkill(tx, { slug: "rolstoel-duwen" });
      await createVolunteerProfile(tx, { userId: volunteers[0]! });
      await createVolunteerProfile(tx, { userId: volunteers[1]!, pausedUntil: "2026-12-31" });
      await giveSkills(tx, volunteers[0]!, [skill.id]);
      await giveSkills(tx, volunteers[1]!, [skill.id]);
      for (let i = 0; i < 6; i++)
        await createHelpRequest(tx, {
          requesterId: carers[0]!,
          neighbourhoodId: north,
          kind: "walking",
          requiredSkillId: skill.id,
          createdAt: Date.UTC(2026, 3, 3),
        });
    });
    const raw = await computeRawIndicators(database.db, query());
    expect(raw.skillDemand.find((s) => s.c === "rolstoel-duwen")!.v).toBe(6);
    // The paused volunteer does not count as supply.
    expect(raw.skillSupply.find((s) => s.c === "rolstoel-duwen")!.v).toBe(1);
  });
});

describe("thresholds and empty periods", () => {
  test("an empty period reports empty instead of failing", async () => {
    const report = await computeIndicators(database.db, query({ from: "2024-01-01", to: "2024-03-31" }));
    expect(report.empty).toBe(true);
    expect(report.periods.map((p) => p.key)).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(report.indicators.find((i) => i.key === "requests")!.total).toBe(0);
  });

  test("a municipality's stored threshold overrides the default", async () => {
    const { loadThresholds } = await import("~/domain/signals/indicators.server");
    await database.write((tx) =>
      tx.insert(indicatorThreshold).values({ municipalityId: town, key: "waitDays", value: 21, updatedAt: NOW }),
    );
    expect(await loadThresholds(database.db, town)).toEqual({ ...THRESHOLD_DEFAULTS, waitDays: 21 });
  });
});
