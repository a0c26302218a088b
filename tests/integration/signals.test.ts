import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signal, signalEvent, signalEvidence } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError, Forbidden, NotFound, Validation } from "~/domain/errors";
import { getThresholds, saveThresholds, THRESHOLD_DEFAULTS } from "~/domain/signals/indicators.server";
import { changeSignal, createSignal, getMunicipalReport, getSignal, getSignalsOverview } from "~/domain/signals/signals.server";
import { createHelpRequest, createMunicipality, createNeighbourhood, createUser, grantAdmin, grantCoordinator } from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

const NOW = Date.UTC(2026, 5, 10, 12); // 10 June 2026
let database: TestDatabase;
const ids = { north: 0, south: 0, coordNorth: 0, coordSouth: 0, admin: 0, resident: 0, coordElsewhere: 0 };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx, { timeZone: "Europe/Amsterdam" });
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    const person = async (area: number) => (await createUser(tx, { neighbourhoodId: area })).id;
    ids.coordNorth = await person(ids.north);
    await grantCoordinator(tx, ids.coordNorth, [ids.north]);
    ids.coordSouth = await person(ids.south);
    await grantCoordinator(tx, ids.coordSouth, [ids.south]);
    ids.admin = await person(ids.north);
    await grantAdmin(tx, ids.admin);
    ids.resident = await person(ids.north);
    const elsewhere = await createMunicipality(tx);
    const far = (await createNeighbourhood(tx, { municipalityId: elsewhere.id })).id;
    ids.coordElsewhere = await person(far);
    await grantCoordinator(tx, ids.coordElsewhere, [far]);
    for (let i = 0; i < 3; i++)
      await createHelpRequest(tx, {
        requesterId: ids.resident,
        neighbourhoodId: ids.north,
        kind: "respite",
        createdAt: Date.UTC(2026, 4, 2 + i),
      });
  });
});
afterAll(() => database.cleanup());

const as = (who: keyof typeof ids): Promise<Ctx> => ctxAs(database, ids[who], { now: () => NOW });
const draft = async (who: keyof typeof ids = "coordNorth", neighbourhoodId: number | null = ids.north) =>
  createSignal({
    ctx: await as(who),
    input: {
      kind: "supply",
      neighbourhoodId: neighbourhoodId ?? undefined,
      category: "kind:respite",
      title: "Te weinig respijt",
      description: "Mantelzorgers wachten lang op respijt.",
      evidenceIndicator: undefined,
    },
  });

async function fieldErrors(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Validation);
  return (error as Validation).fieldErrors;
}

describe("the signal workflow", () => {
  test("draft → raised → responded → resolved, each step in signal_event with its dates", async () => {
    const { id } = await draft();
    const ctx = await as("coordNorth");
    await changeSignal({ ctx, input: { id, action: { intent: "raise", raisedOn: "2026-06-01", raisedWith: "Wethouder zorg" } } });
    await changeSignal({ ctx, input: { id, action: { intent: "respond", respondedOn: "2026-06-05", response: "Er komt extra budget." } } });
    await changeSignal({ ctx, input: { id, action: { intent: "resolve", resolvedOn: "2026-06-10", note: "Budget toegekend" } } });
    const row = await database.db.query.signal.findFirst({ where: eq(signal.id, id) });
    expect(row).toMatchObject({
      status: "resolved",
      raisedOn: "2026-06-01",
      raisedWith: "Wethouder zorg",
      respondedOn: "2026-06-05",
      response: "Er komt extra budget.",
      resolvedOn: "2026-06-10",
    });
    const events = await database.db.select().from(signalEvent).where(eq(signalEvent.signalId, id));
    expect(events.map((e) => e.status)).toEqual(["draft", "raised", "responded", "resolved"]);
    expect(events.every((e) => e.byId === ids.coordNorth && e.at === NOW)).toBe(true);
  });

  test("a step that does not follow from the status is refused with a clear message", async () => {
    const { id } = await draft();
    const ctx = await as("coordNorth");
    expect(
      await fieldErrors(changeSignal({ ctx, input: { id, action: { intent: "resolve", resolvedOn: "2026-06-01", note: undefined } } })),
    ).toEqual({
      form: ["signals.errors.transition.resolve"],
    });
    expect(
      await fieldErrors(changeSignal({ ctx, input: { id, action: { intent: "respond", respondedOn: "2026-06-01", response: "x" } } })),
    ).toEqual({
      form: ["signals.errors.transition.respond"],
    });
    await changeSignal({ ctx, input: { id, action: { intent: "raise", raisedOn: "2026-06-01", raisedWith: "Gemeente" } } });
    expect(
      await fieldErrors(changeSignal({ ctx, input: { id, action: { intent: "raise", raisedOn: "2026-06-02", raisedWith: "Gemeente" } } })),
    ).toEqual({
      form: ["signals.errors.transition.raise"],
    });
    expect((await database.db.query.signal.findFirst({ where: eq(signal.id, id) }))!.status).toBe("raised");
  });

  test("dates: not in the future, not before the previous step", async () => {
    const { id } = await draft();
    const ctx = await as("coordNorth");
    expect(
      await fieldErrors(changeSignal({ ctx, input: { id, action: { intent: "raise", raisedOn: "2026-06-11", raisedWith: "Gemeente" } } })),
    ).toEqual({
      raisedOn: ["signals.errors.dateInFuture"],
    });
    await changeSignal({ ctx, input: { id, action: { intent: "raise", raisedOn: "2026-06-03", raisedWith: "Gemeente" } } });
    expect(
      await fieldErrors(changeSignal({ ctx, input: { id, action: { intent: "respond", respondedOn: "2026-06-02", response: "Ja" } } })),
    ).toEqual({
      respondedOn: ["signals.errors.dateBeforePrevious"],
    });
  });

  test("evidence stores the disclosed figure, computed on the server", async () => {
    const { id } = await draft();
    await changeSignal({
      ctx: await as("coordNorth"),
      input: {
        id,
        action: {
          intent: "evidence",
          indicator: "requests",
          neighbourhoodId: ids.north,
          category: "respite",
          from: "2026-05",
          to: "2026-05",
        },
      },
    });
    const [evidence] = await database.db.select().from(signalEvidence).where(eq(signalEvidence.signalId, id));
    // Three requests: stored as "< 5", never as 3.
    expect(evidence).toMatchObject({
      indicator: "requests",
      neighbourhoodId: ids.north,
      category: "respite",
      periodStart: "2026-05-01",
      periodEnd: "2026-05-31",
      value: "< 5",
    });
    expect(
      await fieldErrors(
        changeSignal({
          ctx: await as("coordNorth"),
          input: {
            id,
            action: {
              intent: "evidence",
              indicator: "requests",
              neighbourhoodId: undefined,
              category: "youth-care",
              from: "2026-05",
              to: "2026-05",
            },
          },
        }),
      ),
    ).toEqual({ category: ["signals.errors.categoryForIndicator"] });
  });

  test("a new signal can link a first figure straight away", async () => {
    const { id } = await createSignal({
      ctx: await as("coordNorth"),
      input: {
        kind: "access",
        neighbourhoodId: ids.north,
        category: undefined,
        title: "Respijt",
        description: "Veel vragen.",
        evidenceIndicator: "requests",
      },
    });
    const [evidence] = await database.db.select().from(signalEvidence).where(eq(signalEvidence.signalId, id));
    expect(evidence).toMatchObject({ indicator: "requests", periodStart: "2025-07-01", periodEnd: "2026-06-30", value: "< 5" });
  });
});

describe("who sees and changes signals", () => {
  test("residents see nothing; a coordinator elsewhere finds nothing", async () => {
    const { id } = await draft();
    await expect(getSignal({ ctx: await as("resident"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(
      createSignal({
        ctx: await as("resident"),
        input: {
          kind: "supply",
          neighbourhoodId: undefined,
          category: undefined,
          title: "x",
          description: "y",
          evidenceIndicator: undefined,
        },
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(getSignalsOverview({ ctx: await as("resident"), input: { granularity: "month" } })).rejects.toBeInstanceOf(Forbidden);
    await expect(getMunicipalReport({ ctx: await ctxAs(database, null), input: { granularity: "month" } })).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(getSignal({ ctx: await as("coordElsewhere"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    const overview = await getSignalsOverview({ ctx: await as("coordElsewhere"), input: { granularity: "month" } });
    expect(overview.signals.some((s) => s.id === id)).toBe(false);
  });

  test("another neighbourhood's coordinator reads but cannot change; municipality-wide signals are shared", async () => {
    const { id } = await draft();
    const south = await as("coordSouth");
    const view = await getSignal({ ctx: south, input: { id } });
    expect(view.canEdit).toBe(false);
    await expect(
      changeSignal({ ctx: south, input: { id, action: { intent: "raise", raisedOn: "2026-06-01", raisedWith: "x" } } }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await fieldErrors(draft("coordSouth", ids.north))).toEqual({ neighbourhoodId: ["signals.errors.notYourNeighbourhood"] });
    const wide = await draft("coordNorth", null);
    await changeSignal({ ctx: south, input: { id: wide.id, action: { intent: "raise", raisedOn: "2026-06-01", raisedWith: "Raad" } } });
    await changeSignal({ ctx: await as("admin"), input: { id, action: { intent: "raise", raisedOn: "2026-06-01", raisedWith: "Raad" } } });
    expect((await database.db.query.signal.findFirst({ where: eq(signal.id, id) }))!.status).toBe("raised");
  });

  test("thresholds: coordinators save within limits; out-of-range values are field errors", async () => {
    const ctx = await as("coordNorth");
    await saveThresholds({ ctx, input: { ...THRESHOLD_DEFAULTS, waitDays: 10 } });
    expect((await getThresholds({ ctx })).thresholds.waitDays).toBe(10);
    expect(await fieldErrors(saveThresholds({ ctx, input: { ...THRESHOLD_DEFAULTS, respiteRequests: 1, respiteMonths: 99 } }))).toEqual({
      respiteRequests: ["signals.errors.thresholdRange"],
      respiteMonths: ["signals.errors.thresholdRange"],
    });
    await expect(saveThresholds({ ctx: await as("resident"), input: { ...THRESHOLD_DEFAULTS } })).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("report periods from the form", () => {
  test("months widen to whole months; bad or reversed periods are field errors", async () => {
    const ctx = await as("coordNorth");
    const report = await getMunicipalReport({ ctx, input: { from: "2026-03-15", to: "2026-05", granularity: "month" } });
    expect(report.period).toMatchObject({ from: "2026-03-01", to: "2026-05-31" });
    expect(report.report.periods.map((p) => p.key)).toEqual(["2026-03", "2026-04", "2026-05"]);
    // Default: the last 12 complete months.
    expect((await getMunicipalReport({ ctx, input: { granularity: "month" } })).period).toMatchObject({
      from: "2025-06-01",
      to: "2026-05-31",
    });
    expect(await fieldErrors(getMunicipalReport({ ctx, input: { from: "2026-05", to: "2026-03", granularity: "month" } }))).toEqual({
      to: ["signals.errors.toBeforeFrom"],
    });
    expect(await fieldErrors(getMunicipalReport({ ctx, input: { from: "2026-02-30", to: "2026-03", granularity: "month" } }))).toEqual({
      from: ["signals.errors.period"],
    });
    expect(await fieldErrors(getMunicipalReport({ ctx, input: { from: "2020-01", to: "2026-03", granularity: "month" } }))).toEqual({
      to: ["signals.errors.periodTooLong"],
    });
    expect(await fieldErrors(getMunicipalReport({ ctx, input: { granularity: "month", area: 999_999 } }))).toEqual({
      area: ["signals.errors.area"],
    });
  });
});
