import { z } from "zod";
import { organisationKinds, targetGroups, travelRanges, vogStatuses } from "~/domain/vocabulary";
import { emailSchema } from "../accounts/schemas";
import { isCalendarDate, isTimeOfDay, optionalText } from "../forms";

// Form schemas for organisations, initiatives and the volunteer profile, shared by the browser
// (Conform) and the server. Messages are translation keys under `community.errors`. Checks that
// need the clock or the database ("not in the past", "not above the daily invitation limit") live in the domain.

const E = "community.errors";

const dateSchema = z.string().trim().refine(isCalendarDate, `${E}.dateInvalid`);

// ── Organisations ───────────────────────────────────────────────────────────────────────────

export const phoneSchema = z
  .string()
  .trim()
  .refine((p) => /^\+?[0-9 ()-]{6,20}$/.test(p) && p.replace(/\D/g, "").length >= 6, `${E}.phoneInvalid`);

/** A web address; "www.club.nl" gets https:// in front. Only http(s): no javascript: links. */
export const websiteSchema = z
  .string()
  .trim()
  .max(200, `${E}.tooLong`)
  .transform((w) => (/^[a-z][a-z0-9+.-]*:/i.test(w) ? w : `https://${w}`))
  .refine((w) => {
    try {
      const url = new URL(w);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
    } catch {
      return false;
    }
  }, `${E}.websiteInvalid`);

/**
 * The values of a group of checkboxes. The group posts a hidden empty value first, so the field is
 * always in the form data (Conform shows errors only for fields that were submitted) even when
 * nothing is ticked; the blanks are dropped here.
 */
export function checkboxList<T extends z.ZodTypeAny>(item: T) {
  const list = z.preprocess((value) => [value ?? []].flat().filter((v) => v !== undefined && v !== null && v !== ""), z.array(item));
  // What the browser sends: strings (typed so form default values can be string lists).
  return list as unknown as z.ZodEffects<z.ZodArray<T>, z.output<T>[], string[] | undefined>;
}

const idList = checkboxList(z.coerce.number().int().positive());

export const organisationSchema = z.object({
  name: z
    .string({ required_error: `${E}.nameRequired` })
    .trim()
    .min(2, `${E}.nameRequired`)
    .max(100, `${E}.tooLong`),
  kind: z.enum(organisationKinds, { errorMap: () => ({ message: `${E}.kindRequired` }) }),
  description: optionalText(2000, `${E}.tooLong`),
  contactEmail: emailSchema.optional(),
  contactPhone: phoneSchema.optional(),
  website: websiteSchema.optional(),
  neighbourhoodIds: checkboxList(z.coerce.number().int().positive()).pipe(z.array(z.number()).min(1, `${E}.neighbourhoodsRequired`)),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

/** Inviting someone to an organisation: the address and the role offered. */
export const invitationSchema = z.object({
  email: emailSchema,
  role: z.enum(["member", "admin"]).default("member"),
});

export const memberChangeSchema = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(["member", "admin"]).optional(),
});

// ── Initiatives ─────────────────────────────────────────────────────────────────────────────

export const initiativeSchema = z
  .object({
    title: z
      .string({ required_error: `${E}.titleRequired` })
      .trim()
      .min(1, `${E}.titleRequired`)
      .max(120, `${E}.tooLong`),
    goal: z
      .string({ required_error: `${E}.goalRequired` })
      .trim()
      .min(1, `${E}.goalRequired`)
      .max(500, `${E}.tooLong`),
    description: optionalText(4000, `${E}.tooLong`),
    targetGroups: checkboxList(z.enum(targetGroups, { errorMap: () => ({ message: `${E}.targetGroupsRequired` }) })).pipe(
      z.array(z.enum(targetGroups)).min(1, `${E}.targetGroupsRequired`),
    ),
    startsOn: z.string({ required_error: `${E}.dateRequired` }).pipe(dateSchema),
    endsOn: dateSchema.optional(),
    partnerIds: idList,
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: `${E}.endBeforeStart` });
  });
export type InitiativeInput = z.infer<typeof initiativeSchema>;

// ── Volunteer profile ───────────────────────────────────────────────────────────────────────

export const MAX_HOURS_PER_MONTH = 744;
export const MAX_UNAVAILABLE_DAYS = 366;
/** Rows of weekly times or holiday periods one form may hold. */
export const MAX_ROWS = 30;

/** A weekly availability row. A row left completely empty is ignored (forms offer spare rows). */
const availabilityRow = z
  .object({ weekday: z.string().optional(), startTime: z.string().optional(), endTime: z.string().optional() })
  .optional()
  .superRefine((row, ctx) => {
    if (!row || (!row.weekday && !row.startTime && !row.endTime)) return;
    if (!row.weekday || !/^[1-7]$/.test(row.weekday)) ctx.addIssue({ code: "custom", path: ["weekday"], message: `${E}.weekdayRequired` });
    if (!row.startTime) ctx.addIssue({ code: "custom", path: ["startTime"], message: `${E}.timeRequired` });
    else if (!isTimeOfDay(row.startTime)) ctx.addIssue({ code: "custom", path: ["startTime"], message: `${E}.timeInvalid` });
    if (!row.endTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: `${E}.timeRequired` });
    else if (!isTimeOfDay(row.endTime)) ctx.addIssue({ code: "custom", path: ["endTime"], message: `${E}.timeInvalid` });
    else if (row.startTime && isTimeOfDay(row.startTime) && row.endTime <= row.startTime) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: `${E}.endBeforeStart` });
    }
  });

const unavailableRow = z
  .object({ from: z.string().optional(), to: z.string().optional() })
  .optional()
  .superRefine((row, ctx) => {
    if (!row || (!row.from && !row.to)) return;
    if (!row.from) ctx.addIssue({ code: "custom", path: ["from"], message: `${E}.dateRequired` });
    else if (!isCalendarDate(row.from)) ctx.addIssue({ code: "custom", path: ["from"], message: `${E}.dateInvalid` });
    if (row.to && !isCalendarDate(row.to)) ctx.addIssue({ code: "custom", path: ["to"], message: `${E}.dateInvalid` });
    else if (row.to && row.from && isCalendarDate(row.from)) {
      if (row.to < row.from) ctx.addIssue({ code: "custom", path: ["to"], message: `${E}.endBeforeStart` });
      else if (daysBetween(row.from, row.to) >= MAX_UNAVAILABLE_DAYS)
        ctx.addIssue({ code: "custom", path: ["to"], message: `${E}.rangeTooLong` });
    }
  });

export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => {
    const [y, m, day] = d.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

const listOfWords = (maxEach: number, maxCount: number) =>
  z
    .string()
    .max(1000, `${E}.tooLong`)
    .optional()
    .transform((s) => [
      ...new Set(
        (s ?? "")
          .split(",")
          .map((w) => w.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .superRefine((words, ctx) => {
      if (words.some((w) => w.length > maxEach)) ctx.addIssue({ code: "custom", message: `${E}.tagTooLong` });
      if (words.length > maxCount) ctx.addIssue({ code: "custom", message: `${E}.tooManyTags` });
    });

/** Languages offered as checkboxes (ISO 639-1); others can be typed. */
export const commonLanguages = ["nl", "en", "de", "fr", "es", "pl", "tr", "ar", "uk", "ti", "so", "pap"] as const;

export const volunteerProfileSchema = z
  .object({
    skillIds: idList,
    tags: listOfWords(40, 20),
    languages: checkboxList(z.enum(commonLanguages)),
    otherLanguages: listOfWords(40, 10),
    availability: z.array(availabilityRow).max(MAX_ROWS, `${E}.tooManyRows`).optional().default([]),
    unavailable: z.array(unavailableRow).max(MAX_ROWS, `${E}.tooManyRows`).optional().default([]),
    travelRange: z.enum(travelRanges, { errorMap: () => ({ message: `${E}.travelRangeRequired` }) }),
    pausedUntil: dateSchema.optional(),
    maxHoursPerMonth: z
      .number({ invalid_type_error: `${E}.hoursInvalid` })
      .int(`${E}.hoursInvalid`)
      .positive(`${E}.hoursPositive`)
      .max(MAX_HOURS_PER_MONTH, `${E}.hoursTooMany`)
      .optional(),
  })
  .superRefine((v, ctx) => {
    // Two rows on the same weekday may touch (09:00-12:00 and 12:00-14:00) but not overlap.
    const rows = v.availability.flatMap((row, index) =>
      row?.weekday && row.startTime && row.endTime && row.startTime < row.endTime
        ? [{ index, weekday: row.weekday, start: row.startTime, end: row.endTime }]
        : [],
    );
    for (const row of rows) {
      const clash = rows.some(
        (other) => other.index < row.index && other.weekday === row.weekday && other.start < row.end && row.start < other.end,
      );
      if (clash) ctx.addIssue({ code: "custom", path: ["availability", row.index, "startTime"], message: `${E}.availabilityOverlap` });
    }
  });
export type VolunteerProfileForm = z.infer<typeof volunteerProfileSchema>;

export const vogSchema = z
  .object({
    userId: z.coerce.number().int().positive(),
    vogStatus: z.enum(vogStatuses, { errorMap: () => ({ message: `${E}.vogStatusRequired` }) }),
    vogValidUntil: dateSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.vogStatus === "valid" && !v.vogValidUntil)
      ctx.addIssue({ code: "custom", path: ["vogValidUntil"], message: `${E}.vogDateRequired` });
  });
