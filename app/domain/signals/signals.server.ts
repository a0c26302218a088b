import { and, asc, desc, eq } from "drizzle-orm";
import { neighbourhood, signal, signalEvent, signalEvidence } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import type { Actor } from "../permissions";
import { can, ensureFound, hideForbidden } from "../permissions";
import { localDateOf } from "../scheduling/local-time";
import { isLocalDate } from "../scheduling/availability";
import { endOfPreviousMonth, periodCount, snapToPeriods, startOfMonthBefore, type Granularity } from "../scheduling/report-periods";
import { formatDateTime } from "../time";
import { figureText, type Figure } from "./disclosure";
import {
  categoriesOf,
  computeIndicators,
  indicatorCategoryKind,
  indicatorKeys,
  loadThresholds,
  signalMunicipality,
  type IndicatorKey,
  type Thresholds,
} from "./indicators.server";
import type { IndicatorReport } from "./indicator-report";
import { newSignalSchema, nextSignalStatus, periodStartDate, type ReportQueryInput, type SignalActionInput } from "./schemas";
import type { z } from "zod";
import { type SignalStatus } from "~/domain/vocabulary";

// Signals (knelpunten): coordinators record a bottleneck, back it with indicator figures, and
// follow it through draft → raised with the municipality → responded → resolved.
//
// Who: admins, and coordinators of the municipality (docs/decisions). Every coordinator of the
// municipality sees all its signals (one agenda with the municipality); a coordinator edits the
// signals of the neighbourhoods they coordinate and the municipality-wide ones.

const E = "signals.errors";
export const MAX_REPORT_MONTHS = 36;
export const MAX_REPORT_WEEKS = 156;

type Town = Awaited<ReturnType<typeof signalMunicipality>>;

const canEdit = (actor: Actor, row: { neighbourhoodId: number | null }) => can.editSignal(actor, row);

// ── The report period ───────────────────────────────────────────────────────────────────────

export interface ResolvedPeriod {
  from: string;
  to: string;
  granularity: Granularity;
  areaId: number | null;
}

/**
 * Turns the GET form into whole periods. Defaults: the overview shows the last 12 months up to
 * today; the report the last 12 complete months. Bad values are field errors (status 400).
 */
export function resolvePeriod(input: ReportQueryInput, town: Town, now: number, mode: "overview" | "report"): ResolvedPeriod {
  const today = localDateOf(now, town.timeZone);
  const granularity = input.granularity;
  const defaultTo = mode === "overview" ? today : endOfPreviousMonth(today);
  const defaultFrom = startOfMonthBefore(defaultTo, 11);
  const errors: Record<string, string[]> = {};
  const fromDate = input.from ? periodStartDate(input.from) : defaultFrom;
  const toDate = input.to ? periodStartDate(input.to) : defaultTo;
  if (!isLocalDate(fromDate)) errors.from = [`${E}.period`];
  if (!isLocalDate(toDate)) errors.to = [`${E}.period`];
  if (input.area !== undefined && !town.neighbourhoods.some((n) => n.id === input.area)) errors.area = [`${E}.area`];
  if (Object.keys(errors).length === 0) {
    const snapped = snapToPeriods(fromDate, toDate, granularity);
    if (snapped.to < snapped.from) errors.to = [`${E}.toBeforeFrom`];
    else if (periodCount(snapped.from, snapped.to, granularity) > (granularity === "month" ? MAX_REPORT_MONTHS : MAX_REPORT_WEEKS))
      errors.to = [`${E}.periodTooLong`];
    else return { ...snapped, granularity, areaId: input.area ?? null };
  }
  throw new Validation(errors);
}

async function indicatorsFor(ctx: Ctx, town: Town, period: ResolvedPeriod): Promise<IndicatorReport & { thresholds: Thresholds }> {
  const thresholds = await loadThresholds(ctx.database.db, town.id);
  const report = await computeIndicators(ctx.database.db, {
    municipalityId: town.id,
    zone: town.timeZone,
    from: period.from,
    to: period.to,
    granularity: period.granularity,
    neighbourhoodId: period.areaId,
    thresholds,
    now: ctx.now(),
  });
  return { ...report, thresholds };
}

async function listSignals(ctx: Ctx, town: Town, areaId: number | null) {
  const rows = await ctx.database.db
    .select({
      id: signal.id,
      kind: signal.kind,
      title: signal.title,
      description: signal.description,
      status: signal.status,
      category: signal.category,
      neighbourhoodId: signal.neighbourhoodId,
      neighbourhood: neighbourhood.name,
      raisedOn: signal.raisedOn,
      raisedWith: signal.raisedWith,
      respondedOn: signal.respondedOn,
      resolvedOn: signal.resolvedOn,
      updatedAt: signal.updatedAt,
    })
    .from(signal)
    .leftJoin(neighbourhood, eq(neighbourhood.id, signal.neighbourhoodId))
    .where(eq(signal.municipalityId, town.id))
    .orderBy(desc(signal.updatedAt), desc(signal.id));
  return areaId === null ? rows : rows.filter((r) => r.neighbourhoodId === areaId || r.neighbourhoodId === null);
}

/** /signals: the live indicators with trends, and every signal of the municipality. */
export async function getSignalsOverview({ ctx, input }: { ctx: Ctx; input: ReportQueryInput }) {
  const town = await signalMunicipality(ctx);
  const period = resolvePeriod(input, town, ctx.now(), "overview");
  const [report, signals] = await Promise.all([indicatorsFor(ctx, town, period), listSignals(ctx, town, period.areaId)]);
  return { municipality: town, period, report, signals };
}

export interface NeighbourhoodSummary {
  neighbourhoodId: number;
  name: string;
  figures: Partial<Record<IndicatorKey, Figure | null>>;
  signals: number;
}

/** /signals/report: the municipal report. Aggregates and signal texts only, no people. */
export async function getMunicipalReport({ ctx, input }: { ctx: Ctx; input: ReportQueryInput }) {
  const town = await signalMunicipality(ctx);
  const period = resolvePeriod(input, town, ctx.now(), "report");
  const [report, signals] = await Promise.all([indicatorsFor(ctx, town, period), listSignals(ctx, town, period.areaId)]);
  const summaries: NeighbourhoodSummary[] = report.neighbourhoods.map((n, i) => ({
    neighbourhoodId: n.id,
    name: n.name,
    figures: Object.fromEntries(report.indicators.map((ind) => [ind.key, ind.rows[i]?.total ?? null])),
    signals: signals.filter((s) => s.neighbourhoodId === n.id && s.status !== "resolved").length,
  }));
  return {
    municipality: { id: town.id, name: town.name },
    neighbourhoods: town.neighbourhoods,
    area: period.areaId === null ? null : (town.neighbourhoods.find((n) => n.id === period.areaId) ?? null),
    period,
    report,
    summaries,
    signals: signals.map(({ neighbourhoodId: _n, updatedAt: _u, ...rest }) => rest),
  };
}

// ── Signals ─────────────────────────────────────────────────────────────────────────────────

export async function getSignalFormOptions({ ctx }: { ctx: Ctx }) {
  const town = await signalMunicipality(ctx);
  const actor = ctx.actor!;
  return {
    neighbourhoods: town.neighbourhoods.filter((n) => actor.isAdmin || actor.coordinatorOf.includes(n.id)),
    indicators: indicatorKeys,
  };
}

type NewSignal = z.output<typeof newSignalSchema>;

export async function createSignal({ ctx, input }: { ctx: Ctx; input: NewSignal }) {
  const town = await signalMunicipality(ctx);
  const actor = ctx.actor!;
  const data = newSignalSchema.parse(input);
  if (data.neighbourhoodId !== undefined) {
    if (!town.neighbourhoods.some((n) => n.id === data.neighbourhoodId)) throw new Validation({ neighbourhoodId: [`${E}.area`] });
    if (!canEdit(actor, { neighbourhoodId: data.neighbourhoodId }))
      throw new Validation({ neighbourhoodId: [`${E}.notYourNeighbourhood`] });
  }
  if (data.evidenceIndicator !== undefined && !(indicatorKeys as readonly string[]).includes(data.evidenceIndicator)) {
    throw new Validation({ evidenceIndicator: [`${E}.indicator`] });
  }
  const now = ctx.now();
  const evidence = data.evidenceIndicator
    ? await evidenceFigure(ctx, town, {
        indicator: data.evidenceIndicator as IndicatorKey,
        neighbourhoodId: data.neighbourhoodId ?? null,
        category: null,
        from: startOfMonthBefore(localDateOf(now, town.timeZone), 11),
        to: localDateOf(now, town.timeZone),
      })
    : null;
  return ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(signal)
      .values({
        municipalityId: town.id,
        kind: data.kind,
        neighbourhoodId: data.neighbourhoodId ?? null,
        category: data.category ?? null,
        title: data.title,
        description: data.description,
        status: "draft",
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: signal.id });
    await tx.insert(signalEvent).values({ signalId: row!.id, status: "draft", byId: actor.userId, at: now });
    if (evidence) await tx.insert(signalEvidence).values({ signalId: row!.id, ...evidence, createdAt: now });
    return { id: row!.id };
  });
}

async function loadSignal(ctx: Ctx, town: Town, id: number) {
  const row = await ctx.database.db.query.signal.findFirst({ where: and(eq(signal.id, id), eq(signal.municipalityId, town.id)) });
  if (!row) throw new NotFound();
  return row;
}

/** One signal with its evidence and history; `canEdit` says whether the actor may move it on. */
export async function getSignal({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const town = await hideForbidden(signalMunicipality(ctx));
  const row = await loadSignal(ctx, town, input.id);
  const [evidence, events] = await Promise.all([
    ctx.database.db.select().from(signalEvidence).where(eq(signalEvidence.signalId, row.id)).orderBy(asc(signalEvidence.id)),
    ctx.database.db.select().from(signalEvent).where(eq(signalEvent.signalId, row.id)).orderBy(asc(signalEvent.at), asc(signalEvent.id)),
  ]);
  const zone = ctx.actor!.timeZone;
  return {
    signal: { ...row, neighbourhood: town.neighbourhoods.find((n) => n.id === row.neighbourhoodId)?.name ?? null },
    evidence,
    events: events.map((e) => ({ id: e.id, status: e.status, note: e.note, atText: formatDateTime(e.at, zone, ctx.locale) })),
    canEdit: canEdit(ctx.actor!, row),
    neighbourhoods: town.neighbourhoods,
    today: localDateOf(ctx.now(), town.timeZone),
  };
}

/**
 * Moves a signal on (raise / respond / resolve) or links a figure as evidence. A step that is
 * not allowed from the current status is a form error with a clear message, never applied.
 */
export async function changeSignal({ ctx, input }: { ctx: Ctx; input: { id: number; action: SignalActionInput } }) {
  const town = await hideForbidden(signalMunicipality(ctx));
  const row = await loadSignal(ctx, town, input.id);
  ensureFound(canEdit(ctx.actor!, row));
  const action = input.action;
  const now = ctx.now();
  const today = localDateOf(now, town.timeZone);
  if (action.intent === "evidence") {
    if (row.status === "resolved") throw new Validation({ form: [`${E}.resolvedNoEvidence`] });
    if (!(indicatorKeys as readonly string[]).includes(action.indicator)) throw new Validation({ indicator: [`${E}.indicator`] });
    if (action.neighbourhoodId !== undefined && !town.neighbourhoods.some((n) => n.id === action.neighbourhoodId)) {
      throw new Validation({ neighbourhoodId: [`${E}.area`] });
    }
    const evidence = await evidenceFigure(ctx, town, {
      indicator: action.indicator as IndicatorKey,
      neighbourhoodId: action.neighbourhoodId ?? null,
      category: action.category ?? null,
      from: periodStartDate(action.from),
      to: periodStartDate(action.to),
    });
    await ctx.database.write(async (tx) => {
      await tx.insert(signalEvidence).values({ signalId: row.id, ...evidence, createdAt: now });
      await tx.update(signal).set({ updatedAt: now }).where(eq(signal.id, row.id));
    });
    return { status: row.status };
  }
  const step = nextSignalStatus(row.status, action.intent);
  if (!step.ok) throw new Validation({ form: [step.error] });
  const errors: Record<string, string[]> = {};
  const checkDate = (field: string, date: string, notBefore: string | null) => {
    if (date > today) errors[field] = [`${E}.dateInFuture`];
    else if (notBefore && date < notBefore) errors[field] = [`${E}.dateBeforePrevious`];
  };
  let changes: Partial<typeof signal.$inferInsert> = {};
  let note = "";
  if (action.intent === "raise") {
    checkDate("raisedOn", action.raisedOn, null);
    changes = { raisedOn: action.raisedOn, raisedWith: action.raisedWith };
    note = action.raisedWith;
  } else if (action.intent === "respond") {
    checkDate("respondedOn", action.respondedOn, row.raisedOn);
    changes = { respondedOn: action.respondedOn, response: action.response };
  } else {
    checkDate("resolvedOn", action.resolvedOn, row.respondedOn);
    changes = { resolvedOn: action.resolvedOn };
    note = action.note ?? "";
  }
  if (Object.keys(errors).length) throw new Validation(errors);
  const to: SignalStatus = step.to;
  await ctx.database.write(async (tx) => {
    // The status in the WHERE makes two simultaneous steps from the same status apply once.
    const updated = await tx
      .update(signal)
      .set({ ...changes, status: to, updatedAt: now })
      .where(and(eq(signal.id, row.id), eq(signal.status, row.status)))
      .returning({ id: signal.id });
    if (updated.length === 0) throw new Validation({ form: [`${E}.changedMeanwhile`] });
    await tx.insert(signalEvent).values({ signalId: row.id, status: to, note, byId: ctx.actor!.userId, at: now });
  });
  return { status: to };
}

/** The figure for evidence, computed here (never taken from the form) and stored as published. */
async function evidenceFigure(
  ctx: Ctx,
  town: Town,
  input: { indicator: IndicatorKey; neighbourhoodId: number | null; category: string | null; from: string; to: string },
) {
  const period = resolvePeriod(
    { from: input.from, to: input.to, granularity: "month", area: input.neighbourhoodId ?? undefined },
    town,
    ctx.now(),
    "overview",
  );
  const report = await indicatorsFor(ctx, town, period);
  const indicator = report.indicators.find((i) => i.key === input.indicator)!;
  let value: Figure | null;
  if (input.category !== null) {
    const column = indicator.columns.indexOf(input.category);
    const known = categoriesOf[indicatorCategoryKind[input.indicator]].includes(input.category);
    if (!known) throw new Validation({ category: [`${E}.categoryForIndicator`] });
    value = column === -1 ? 0 : (indicator.columnTotals[column] ?? null);
  } else {
    value = indicator.total;
  }
  return {
    indicator: input.indicator,
    neighbourhoodId: input.neighbourhoodId,
    category: input.category,
    periodStart: period.from,
    periodEnd: period.to,
    value: figureText(value, "en", { useGrouping: false }),
  };
}
