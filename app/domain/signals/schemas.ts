import { z } from "zod";
import { activityCategories, facilityCategories, helpRequestKinds, signalKinds, type SignalStatus } from "~/domain/vocabulary";
import { isExistingDate } from "../forms";

// Form schemas for signals, shared by browser and server (messages are translation keys), and
// the signal state machine (pure).

const E = "signals.errors";

const blank = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v);
const MONTH = /^(\d{4})-(\d{2})$/;

const dateField = (required: string, invalid: string) =>
  z.preprocess(blank, z.string({ required_error: required }).refine(isExistingDate, invalid));

/** A signal's category: namespaced by what it is about ("kind:respite", "facility:youth-care", "activity:sports"). */
export const signalCategories = [
  ...helpRequestKinds.map((k) => `kind:${k}`),
  ...facilityCategories.map((k) => `facility:${k}`),
  ...activityCategories.map((k) => `activity:${k}`),
] as const;

const idField = z.preprocess(blank, z.coerce.number().int().positive().optional());

export const newSignalSchema = z.object({
  kind: z.enum(signalKinds, { errorMap: () => ({ message: `${E}.kind` }) }),
  neighbourhoodId: idField,
  category: z.preprocess(
    blank,
    z
      .string()
      .refine((v) => (signalCategories as readonly string[]).includes(v), `${E}.category`)
      .optional(),
  ),
  title: z.preprocess(blank, z.string({ required_error: `${E}.titleRequired` }).max(160, `${E}.titleTooLong`)),
  description: z.preprocess(blank, z.string({ required_error: `${E}.descriptionRequired` }).max(4000, `${E}.descriptionTooLong`)),
  /** Optional first piece of evidence: an indicator for the signal's neighbourhood and the last 12 months. */
  evidenceIndicator: z.preprocess(blank, z.string().optional()),
});

export const signalActions = ["raise", "respond", "resolve"] as const;
export type SignalAction = (typeof signalActions)[number];

const transitions: Record<SignalStatus, Partial<Record<SignalAction, SignalStatus>>> = {
  draft: { raise: "raised" },
  raised: { respond: "responded" },
  responded: { resolve: "resolved" },
  resolved: {},
};

export function nextSignalStatus(from: SignalStatus, action: SignalAction): { ok: true; to: SignalStatus } | { ok: false; error: string } {
  const to = transitions[from][action];
  return to ? { ok: true, to } : { ok: false, error: `${E}.transition.${action}` };
}

export const raiseSchema = z.object({
  intent: z.literal("raise"),
  raisedOn: dateField(`${E}.dateRequired`, `${E}.date`),
  raisedWith: z.preprocess(blank, z.string({ required_error: `${E}.raisedWithRequired` }).max(200, `${E}.tooLong`)),
});
export const respondSchema = z.object({
  intent: z.literal("respond"),
  respondedOn: dateField(`${E}.dateRequired`, `${E}.date`),
  response: z.preprocess(blank, z.string({ required_error: `${E}.responseRequired` }).max(4000, `${E}.tooLong`)),
});
export const resolveSchema = z.object({
  intent: z.literal("resolve"),
  resolvedOn: dateField(`${E}.dateRequired`, `${E}.date`),
  note: z.preprocess(blank, z.string().max(2000, `${E}.tooLong`).optional()),
});
export const evidenceSchema = z.object({
  intent: z.literal("evidence"),
  indicator: z.preprocess(blank, z.string({ required_error: `${E}.indicator` })),
  neighbourhoodId: idField,
  category: z.preprocess(blank, z.string().max(60).optional()),
  from: z.preprocess(
    blank,
    z.string({ required_error: `${E}.dateRequired` }).refine((v) => MONTH.test(v) || isExistingDate(v), `${E}.period`),
  ),
  to: z.preprocess(
    blank,
    z.string({ required_error: `${E}.dateRequired` }).refine((v) => MONTH.test(v) || isExistingDate(v), `${E}.period`),
  ),
});
export const signalActionSchema = z.discriminatedUnion("intent", [raiseSchema, respondSchema, resolveSchema, evidenceSchema]);
export type SignalActionInput = z.output<typeof signalActionSchema>;

const periodField = z.preprocess(
  blank,
  z
    .string()
    .refine((v) => MONTH.test(v) || isExistingDate(v), `${E}.period`)
    .optional(),
);

/** The GET form of /signals and /signals/report: from/to as "2026-03" or "2026-03-15", widened to whole periods. */
export const reportQuerySchema = z.object({
  from: periodField,
  to: periodField,
  granularity: z.preprocess(blank, z.enum(["month", "week"], { errorMap: () => ({ message: `${E}.granularity` }) }).default("month")),
  area: idField,
});
export type ReportQueryInput = z.output<typeof reportQuerySchema>;

/** "2026-03" → "2026-03-01"; dates pass unchanged. */
export function periodStartDate(value: string): string {
  return MONTH.test(value) ? `${value}-01` : value;
}

export const thresholdsSchema = z.object({
  waitDays: z.coerce.number({ invalid_type_error: `${E}.thresholdRange` }).int(`${E}.thresholdRange`),
  facilityWaitWeeks: z.coerce.number({ invalid_type_error: `${E}.thresholdRange` }).int(`${E}.thresholdRange`),
  respiteRequests: z.coerce.number({ invalid_type_error: `${E}.thresholdRange` }).int(`${E}.thresholdRange`),
  respiteMonths: z.coerce.number({ invalid_type_error: `${E}.thresholdRange` }).int(`${E}.thresholdRange`),
});
