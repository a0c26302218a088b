import { z } from "zod";
import { helpRequestKinds, helpRequestUrgencies } from "~/domain/vocabulary";
import { emailSchema } from "../accounts/schemas";
import { isCalendarDate, isTimeOfDay, optionalText } from "../forms";
import { checkboxList, commonLanguages, phoneSchema } from "../organisations/schemas";

// Form schemas for asking for help (resident, coordinator intake, edit) and answering an invite,
// shared by the browser (Conform) and the server. Messages are translation keys under
// `helpRequest.errors`. Checks that need the clock, the zone or the database (past, overlap,
// daylight saving, neighbourhood) live in app/domain/scheduling/time-windows.ts and
// app/domain/help/requests.server.ts.

const E = "helpRequest.errors";

/** The wording version of the care-details consent; bump it when the consent text changes. */
export const CARE_DETAILS_CONSENT_VERSION = "2026-11-care-1";

export const MAX_WINDOWS = 20;
export const MAX_RECURRING_COUNT = 52;
export const TEXT_LIMITS = {
  publicText: 2000,
  privateText: 4000,
  notesForHelpers: 2000,
  address: 200,
  firstName: 60,
  reason: 500,
} as const;

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true");

/** A one-off window: a local date and start/end time. Completely empty rows are ignored. */
const windowRow = z
  .object({ date: z.string().optional(), startTime: z.string().optional(), endTime: z.string().optional() })
  .optional()
  .superRefine((row, ctx) => {
    if (!row || (!row.date && !row.startTime && !row.endTime)) return;
    if (!row.date) ctx.addIssue({ code: "custom", path: ["date"], message: `${E}.dateRequired` });
    else if (!isCalendarDate(row.date)) ctx.addIssue({ code: "custom", path: ["date"], message: `${E}.dateInvalid` });
    if (!row.startTime) ctx.addIssue({ code: "custom", path: ["startTime"], message: `${E}.timeRequired` });
    else if (!isTimeOfDay(row.startTime)) ctx.addIssue({ code: "custom", path: ["startTime"], message: `${E}.timeInvalid` });
    if (!row.endTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: `${E}.timeRequired` });
    else if (!isTimeOfDay(row.endTime)) ctx.addIssue({ code: "custom", path: ["endTime"], message: `${E}.timeInvalid` });
    else if (row.startTime && isTimeOfDay(row.startTime) && row.endTime <= row.startTime) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: `${E}.endBeforeStart` });
    }
  });

const requestFields = {
  kind: z.enum(helpRequestKinds, { errorMap: () => ({ message: `${E}.kindRequired` }) }),
  schedule: z.enum(["windows", "weekly"], { errorMap: () => ({ message: `${E}.scheduleRequired` }) }).default("windows"),
  windows: z.array(windowRow).max(MAX_WINDOWS, `${E}.tooManyWindows`).optional().default([]),
  weekdays: checkboxList(z.coerce.number().int().min(1).max(7)),
  recurStartDate: z.string().trim().optional(),
  recurStartTime: z.string().trim().optional(),
  recurEndTime: z.string().trim().optional(),
  recurUntil: z.string().trim().optional(),
  recurCount: z.coerce
    .number({ invalid_type_error: `${E}.countInvalid` })
    .int(`${E}.countInvalid`)
    .min(1, `${E}.countInvalid`)
    .max(MAX_RECURRING_COUNT, `${E}.countTooMany`)
    .optional(),
  neighbourhoodId: z.coerce
    .number({ invalid_type_error: `${E}.neighbourhoodRequired`, required_error: `${E}.neighbourhoodRequired` })
    .int()
    .positive(`${E}.neighbourhoodRequired`),
  address: z
    .string({ required_error: `${E}.addressRequired` })
    .trim()
    .min(3, `${E}.addressRequired`)
    .max(TEXT_LIMITS.address, `${E}.tooLong`),
  requiresVog: checkbox,
  language: z.enum(commonLanguages, { errorMap: () => ({ message: `${E}.languageUnknown` }) }).optional(),
  requiredSkillId: z.coerce.number().int().positive().optional(),
  urgency: z.enum(helpRequestUrgencies, { errorMap: () => ({ message: `${E}.urgencyRequired` }) }).default("normal"),
  publicText: z
    .string({ required_error: `${E}.publicTextRequired` })
    .trim()
    .min(1, `${E}.publicTextRequired`)
    .max(TEXT_LIMITS.publicText, `${E}.tooLong`),
  privateText: optionalText(TEXT_LIMITS.privateText, `${E}.tooLong`),
  careConsent: checkbox,
};

function scheduleRules(
  v: {
    schedule: "windows" | "weekly";
    windows: unknown[];
    weekdays: number[];
    recurStartDate?: string | undefined;
    recurStartTime?: string | undefined;
    recurEndTime?: string | undefined;
    recurUntil?: string | undefined;
    recurCount?: number | undefined;
  },
  ctx: z.RefinementCtx,
) {
  if (v.schedule === "windows") {
    if (!v.windows.some((w) => w && typeof w === "object" && Object.values(w).some(Boolean))) {
      ctx.addIssue({ code: "custom", path: ["windows"], message: `${E}.windowsRequired` });
    }
    return;
  }
  if (v.weekdays.length === 0) ctx.addIssue({ code: "custom", path: ["weekdays"], message: `${E}.weekdaysRequired` });
  if (!v.recurStartDate) ctx.addIssue({ code: "custom", path: ["recurStartDate"], message: `${E}.dateRequired` });
  else if (!isCalendarDate(v.recurStartDate)) ctx.addIssue({ code: "custom", path: ["recurStartDate"], message: `${E}.dateInvalid` });
  if (!v.recurStartTime) ctx.addIssue({ code: "custom", path: ["recurStartTime"], message: `${E}.timeRequired` });
  else if (!isTimeOfDay(v.recurStartTime)) ctx.addIssue({ code: "custom", path: ["recurStartTime"], message: `${E}.timeInvalid` });
  if (!v.recurEndTime) ctx.addIssue({ code: "custom", path: ["recurEndTime"], message: `${E}.timeRequired` });
  else if (!isTimeOfDay(v.recurEndTime)) ctx.addIssue({ code: "custom", path: ["recurEndTime"], message: `${E}.timeInvalid` });
  else if (v.recurStartTime && isTimeOfDay(v.recurStartTime) && v.recurEndTime <= v.recurStartTime) {
    ctx.addIssue({ code: "custom", path: ["recurEndTime"], message: `${E}.endBeforeStart` });
  }
  if (!v.recurUntil && v.recurCount === undefined) ctx.addIssue({ code: "custom", path: ["recurUntil"], message: `${E}.recurrenceNoEnd` });
  else if (v.recurUntil && v.recurCount !== undefined)
    ctx.addIssue({ code: "custom", path: ["recurUntil"], message: `${E}.recurrenceBothEnds` });
  else if (v.recurUntil && !isCalendarDate(v.recurUntil))
    ctx.addIssue({ code: "custom", path: ["recurUntil"], message: `${E}.dateInvalid` });
  else if (v.recurUntil && v.recurStartDate && v.recurUntil < v.recurStartDate)
    ctx.addIssue({ code: "custom", path: ["recurUntil"], message: `${E}.untilBeforeStart` });
}

function consentRule(v: { privateText?: string | undefined; careConsent: boolean }, notes: string | undefined, ctx: z.RefinementCtx) {
  if ((v.privateText || notes) && !v.careConsent) ctx.addIssue({ code: "custom", path: ["careConsent"], message: `${E}.consentRequired` });
}

/** A resident asking for help, for themselves or for a person they care for. */
export const helpRequestSchema = z
  .object({
    ...requestFields,
    forWhom: z.enum(["self", "existing", "new"], { errorMap: () => ({ message: `${E}.forWhomRequired` }) }).default("self"),
    careRecipientId: z.coerce.number().int().positive().optional(),
    recipientFirstName: optionalText(TEXT_LIMITS.firstName, `${E}.tooLong`),
    recipientBirthYear: z.coerce
      .number({ invalid_type_error: `${E}.birthYearInvalid` })
      .int(`${E}.birthYearInvalid`)
      .min(1900, `${E}.birthYearInvalid`)
      .max(2100, `${E}.birthYearInvalid`)
      .optional(),
    recipientNeighbourhoodId: z.coerce.number().int().positive().optional(),
    recipientNotes: optionalText(TEXT_LIMITS.notesForHelpers, `${E}.tooLong`),
    /** The facility page the request was started from (a hidden field; an unknown id is ignored). */
    facilityId: z.coerce.number().int().positive().optional().catch(undefined),
    /** The circle whose lead hands its open tasks off (set by the hand-off route, not by the form). */
    circleId: z.coerce.number().int().positive().optional(),
  })
  .superRefine((v, ctx) => {
    scheduleRules(v, ctx);
    if (v.forWhom === "existing" && !v.careRecipientId)
      ctx.addIssue({ code: "custom", path: ["careRecipientId"], message: `${E}.recipientRequired` });
    if (v.forWhom === "new") {
      if (!v.recipientFirstName) ctx.addIssue({ code: "custom", path: ["recipientFirstName"], message: `${E}.firstNameRequired` });
      if (!v.recipientNeighbourhoodId)
        ctx.addIssue({ code: "custom", path: ["recipientNeighbourhoodId"], message: `${E}.neighbourhoodRequired` });
    }
    consentRule(v, v.forWhom === "new" ? v.recipientNotes : undefined, ctx);
  });
export type HelpRequestForm = z.infer<typeof helpRequestSchema>;

/** Changing a request: the same fields, without choosing the person again. */
export const helpRequestEditSchema = z.object(requestFields).superRefine((v, ctx) => {
  scheduleRules(v, ctx);
  consentRule(v, undefined, ctx);
});
export type HelpRequestEditForm = z.infer<typeof helpRequestEditSchema>;

/** A coordinator registering a request for someone without an account (phone or walk-in). */
export const intakeSchema = z
  .object({
    ...requestFields,
    contactName: z
      .string({ required_error: `${E}.contactNameRequired` })
      .trim()
      .min(1, `${E}.contactNameRequired`)
      .max(100, `${E}.tooLong`),
    contactPhone: phoneSchema.optional(),
    contactEmail: emailSchema.optional(),
  })
  .superRefine((v, ctx) => {
    scheduleRules(v, ctx);
    if (!v.contactPhone && !v.contactEmail) ctx.addIssue({ code: "custom", path: ["contactPhone"], message: `${E}.contactRequired` });
    consentRule(v, undefined, ctx);
  });
export type IntakeForm = z.infer<typeof intakeSchema>;

/** What an asked volunteer answers on the request page. */
export const inviteAnswerSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("decline"), reason: optionalText(TEXT_LIMITS.reason, `${E}.tooLong`) }),
  z.object({ intent: z.literal("offer") }),
  z.object({ intent: z.literal("withdraw") }),
]);
