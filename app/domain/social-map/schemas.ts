import { z } from "zod";
import {
  accessibilityFeatures,
  capacityStatuses,
  cooperationKinds,
  facilityAccessKinds,
  facilityCategories,
  targetGroups,
} from "~/domain/vocabulary";
import { emailSchema, postcodeSchema } from "../accounts/schemas";
import { isTimeOfDay, optionalText } from "../forms";

// Form schemas for the social map (facilities), shared by the browser (Conform), the domain and
// the import (helper H6). Messages are translation keys under `socialMap.errors` (plus the shared
// `errors.email.*` / `errors.postcode.*`). Every field accepts what a form posts (strings, "on",
// "" for empty) as well as what a parsed file gives (numbers, booleans, arrays), so one schema
// serves forms and imports. Checks that need the database ("postcode in the municipality") live
// in app/domain/social-map/facilities.server.ts.

const E = "socialMap.errors";

export const FACILITY_NAME_MAX = 160;
export const MAX_WAITING_WEEKS = 520;
/** Rows of opening hours one form may hold (a few per weekday). */
export const MAX_OPENING_ROWS = 21;

/** ISO 639-1 language codes (two letters). */
export const iso6391Codes = (
  "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu " +
  "fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km " +
  "kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om " +
  "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr " +
  "ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
).split(" ");
const isoSet = new Set(iso6391Codes);
export function isIso6391(code: string): boolean {
  return isoSet.has(code);
}

// ── Small field helpers ───────────────────────────────────────────────────────────────────

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const nullToUndefined = (v: unknown) => (v === null ? undefined : v);

const requiredText = (max: number, requiredKey: string) =>
  z.preprocess(
    nullToUndefined,
    z.string({ required_error: requiredKey, invalid_type_error: requiredKey }).trim().min(1, requiredKey).max(max, `${E}.tooLong`),
  );

/** Optional text: blank or missing becomes "" (Conform already turns "" into undefined). */
const textOrBlank = (max: number) =>
  z.preprocess(
    nullToUndefined,
    optionalText(max, `${E}.tooLong`).transform((v) => v ?? ""),
  );

/** Optional field: blank becomes undefined, anything else must pass `schema`. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** A list from checkboxes (hidden blank first, see community-schemas), an array, or "a,b;c" text. */
function list<T extends z.ZodTypeAny>(item: T) {
  const schema = z.preprocess(
    (value) =>
      [value ?? []]
        .flat()
        .flatMap((v) => (typeof v === "string" ? v.split(/[,;]/) : [v]))
        .map((v) => (typeof v === "string" ? v.trim() : v))
        .filter((v) => v !== undefined && v !== null && v !== ""),
    z.array(item),
  );
  return schema as unknown as z.ZodEffects<z.ZodArray<T>, z.output<T>[], string[] | string | undefined>;
}

const unique = <T>(values: T[]) => [...new Set(values)];

export const facilityEmailSchema = emailSchema;

export const facilityPhoneSchema = z
  .string()
  .trim()
  .refine((p) => /^\+?[0-9 ()-]{6,20}$/.test(p) && p.replace(/\D/g, "").length >= 6, `${E}.phoneInvalid`);

/** A web address; "www.example.nl" gets https:// in front. Only http(s): no javascript: links. */
export const facilityUrlSchema = z
  .string()
  .trim()
  .max(300, `${E}.tooLong`)
  .transform((w) => (/^[a-z][a-z0-9+.-]*:/i.test(w) ? w : `https://${w}`))
  .refine((w) => {
    try {
      const url = new URL(w);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".") && !/\s/.test(w);
    } catch {
      return false;
    }
  }, `${E}.urlInvalid`);

const numberFrom = (invalidKey: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim().replace(",", ".")) : v),
    z.number({ invalid_type_error: invalidKey, required_error: invalidKey }).finite(invalidKey),
  );

const booleanFrom = z.preprocess((v) => {
  if (typeof v === "boolean") return v;
  if (v === undefined || v === null) return false;
  const s = String(v).trim().toLowerCase();
  return ["on", "true", "1", "yes", "ja"].includes(s);
}, z.boolean());

// ── Organization (HSDS organization) ──────────────────────────────────────────────────────

export const facilityOrganizationSchema = z.object({
  name: requiredText(FACILITY_NAME_MAX, `${E}.organizationNameRequired`),
  description: textOrBlank(2000),
  email: optional(facilityEmailSchema),
  website: optional(facilityUrlSchema),
  phone: optional(facilityPhoneSchema),
});

// ── Location (HSDS location + accessibility) ──────────────────────────────────────────────

export const facilityLocationSchema = z
  .object({
    name: requiredText(FACILITY_NAME_MAX, `${E}.locationNameRequired`),
    address: requiredText(200, `${E}.addressRequired`),
    postcode: z.preprocess((v) => v ?? "", postcodeSchema),
    city: requiredText(100, `${E}.cityRequired`),
    latitude: optional(
      numberFrom(`${E}.latitudeInvalid`).pipe(z.number().min(-90, `${E}.latitudeInvalid`).max(90, `${E}.latitudeInvalid`)),
    ),
    longitude: optional(
      numberFrom(`${E}.longitudeInvalid`).pipe(z.number().min(-180, `${E}.longitudeInvalid`).max(180, `${E}.longitudeInvalid`)),
    ),
    accessibility: list(z.enum(accessibilityFeatures, { errorMap: () => ({ message: `${E}.accessibilityUnknown` }) })).transform(unique),
    accessibilityNote: textOrBlank(500),
  })
  .superRefine((v, ctx) => {
    // A point needs both coordinates.
    if ((v.latitude === undefined) !== (v.longitude === undefined)) {
      const path = v.latitude === undefined ? "latitude" : "longitude";
      ctx.addIssue({ code: "custom", path: [path], message: `${E}.coordinatesBoth` });
    }
  });

// ── Service (HSDS service, plus Noaber's waiting time / capacity) ─────────────────────────

export const waitingWeeksSchema = optional(
  numberFrom(`${E}.waitingInvalid`).pipe(
    z.number().int(`${E}.waitingInvalid`).min(0, `${E}.waitingNegative`).max(MAX_WAITING_WEEKS, `${E}.waitingTooLong`),
  ),
);

export const capacityStatusSchema = z.preprocess(
  (v) => blankToUndefined(v) ?? "open",
  z.enum(capacityStatuses, { errorMap: () => ({ message: `${E}.capacityUnknown` }) }),
);

export const facilityServiceSchema = z.object({
  name: requiredText(FACILITY_NAME_MAX, `${E}.serviceNameRequired`),
  category: z.enum(facilityCategories, { errorMap: () => ({ message: `${E}.categoryRequired` }) }),
  description: textOrBlank(4000),
  targetGroups: list(z.enum(targetGroups, { errorMap: () => ({ message: `${E}.targetGroupUnknown` }) }))
    .transform(unique)
    .pipe(z.array(z.enum(targetGroups)).min(1, `${E}.targetGroupsRequired`)),
  eligibility: textOrBlank(1000),
  access: z.enum(facilityAccessKinds, { errorMap: () => ({ message: `${E}.accessRequired` }) }),
  cost: textOrBlank(200),
  free: booleanFrom,
  languages: list(
    z
      .string()
      .transform((c) => c.toLowerCase())
      .refine(isIso6391, `${E}.languageInvalid`),
  )
    .transform(unique)
    .pipe(z.array(z.string()).min(1, `${E}.languagesRequired`)),
  email: optional(facilityEmailSchema),
  phone: optional(facilityPhoneSchema),
  url: optional(facilityUrlSchema),
  waitingWeeks: waitingWeeksSchema,
  capacityStatus: capacityStatusSchema,
});

// ── Opening hours (HSDS schedule: byday + opens_at/closes_at, local time) ─────────────────

export type OpeningHoursRow = { weekday: number; opensAt: string; closesAt: string };

/** One row; a row left completely empty is ignored (forms offer spare rows). */
export const openingHoursRowSchema = z
  .object({
    weekday: z.union([z.string(), z.number()]).optional(),
    opensAt: z.string().optional(),
    closesAt: z.string().optional(),
  })
  .optional()
  .superRefine((row, ctx) => {
    if (!row) return;
    const weekday = row.weekday === undefined ? "" : String(row.weekday).trim();
    const opensAt = row.opensAt?.trim() ?? "";
    const closesAt = row.closesAt?.trim() ?? "";
    if (!weekday && !opensAt && !closesAt) return;
    if (!/^[1-7]$/.test(weekday)) ctx.addIssue({ code: "custom", path: ["weekday"], message: `${E}.weekdayRequired` });
    if (!opensAt) ctx.addIssue({ code: "custom", path: ["opensAt"], message: `${E}.timeRequired` });
    else if (!isTimeOfDay(opensAt)) ctx.addIssue({ code: "custom", path: ["opensAt"], message: `${E}.timeInvalid` });
    if (!closesAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: `${E}.timeRequired` });
    else if (!isTimeOfDay(closesAt)) ctx.addIssue({ code: "custom", path: ["closesAt"], message: `${E}.timeInvalid` });
    else if (isTimeOfDay(opensAt) && closesAt <= opensAt) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: `${E}.closesBeforeOpens` });
    }
  });

/** Opening hours: valid rows only, empty rows dropped; ranges on one day may touch but not overlap. */
export const openingHoursSchema = z
  .preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : v),
    z.array(openingHoursRowSchema).max(MAX_OPENING_ROWS, `${E}.tooManyRows`),
  )
  .superRefine((rows, ctx) => {
    const valid = validOpeningRows(rows);
    for (const row of valid) {
      const clash = valid.some(
        (other) => other.index < row.index && other.weekday === row.weekday && other.opensAt < row.closesAt && row.opensAt < other.closesAt,
      );
      if (clash) ctx.addIssue({ code: "custom", path: [row.index, "opensAt"], message: `${E}.hoursOverlap` });
    }
  })
  .transform((rows): OpeningHoursRow[] =>
    validOpeningRows(rows)
      .map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt }))
      .sort((a, b) => a.weekday - b.weekday || a.opensAt.localeCompare(b.opensAt)),
  );

function validOpeningRows(rows: z.output<typeof openingHoursRowSchema>[]) {
  return rows.flatMap((row, index) => {
    const weekday = row?.weekday === undefined ? "" : String(row.weekday).trim();
    const opensAt = row?.opensAt?.trim() ?? "";
    const closesAt = row?.closesAt?.trim() ?? "";
    return /^[1-7]$/.test(weekday) && isTimeOfDay(opensAt) && isTimeOfDay(closesAt) && opensAt < closesAt
      ? [{ index, weekday: Number(weekday), opensAt, closesAt }]
      : [];
  });
}

// ── The whole facility form and the smaller forms ─────────────────────────────────────────

/** One form = organisation + location + service + opening hours (Conform field names `organization.name`, `hours[0].opensAt`, …). */
export const facilityInput = z.object({
  organization: facilityOrganizationSchema,
  location: facilityLocationSchema,
  service: facilityServiceSchema,
  hours: openingHoursSchema,
  /** The Noaber organisation whose members may keep the entry up to date (coordinators/admins set it). */
  organisationId: optional(numberFrom(`${E}.organisationInvalid`).pipe(z.number().int().positive(`${E}.organisationInvalid`))),
});
export type FacilityInput = z.infer<typeof facilityInput>;

/** What the facility's own people may change: waiting time, capacity, hours (and "still correct"). */
export const facilityStatusInput = z.object({
  waitingWeeks: waitingWeeksSchema,
  capacityStatus: capacityStatusSchema,
  hours: openingHoursSchema,
});
export type FacilityStatusInput = z.infer<typeof facilityStatusInput>;

export const cooperationInput = z
  .object({
    fromServiceId: numberFrom(`${E}.partnerRequired`).pipe(z.number().int().positive(`${E}.partnerRequired`)),
    toServiceId: numberFrom(`${E}.partnerRequired`).pipe(z.number().int().positive(`${E}.partnerRequired`)),
    kind: z.enum(cooperationKinds, { errorMap: () => ({ message: `${E}.cooperationKindRequired` }) }),
    purpose: requiredText(500, `${E}.purposeRequired`),
  })
  .superRefine((v, ctx) => {
    if (v.fromServiceId === v.toServiceId) ctx.addIssue({ code: "custom", path: ["toServiceId"], message: `${E}.partnerSelf` });
  });
export type CooperationInput = z.infer<typeof cooperationInput>;

// ── /map search filters (GET form) ────────────────────────────────────────────────────────

export const MAP_PAGE_SIZE = 50;

const enumOrUndefined = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" && (values as readonly string[]).includes(v) ? v : undefined), z.enum(values).optional());

/** Search filters; unknown or malformed values are ignored rather than rejected (it is a GET search). */
export const facilitySearchSchema = z.object({
  q: z.preprocess((v) => (typeof v === "string" ? v.trim().slice(0, 100) : undefined), z.string().optional()),
  category: enumOrUndefined(facilityCategories),
  neighbourhood: z.preprocess((v) => (typeof v === "string" && /^[a-z0-9-]{1,64}$/.test(v) ? v : undefined), z.string().optional()),
  targetGroup: enumOrUndefined(targetGroups),
  language: z.preprocess((v) => (typeof v === "string" && isIso6391(v.toLowerCase()) ? v.toLowerCase() : undefined), z.string().optional()),
  openNow: z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean()),
  noWaitingList: z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean()),
  /** Keyset cursor: the last service id of the previous page (results are ordered by name, id); anything else is ignored. */
  after: z.preprocess((v) => (typeof v === "string" && /^\d{1,12}$/.test(v) ? v : undefined), z.string().optional()),
});
export type FacilitySearch = z.infer<typeof facilitySearchSchema>;

/** Reads the /map filters from URL search params. */
export function parseFacilitySearch(params: URLSearchParams): FacilitySearch {
  const raw: Record<string, string> = {};
  for (const key of ["q", "category", "neighbourhood", "targetGroup", "language", "openNow", "noWaitingList", "after"]) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return facilitySearchSchema.parse(raw);
}

/** The "record cooperation" form on a facility page: the other facility and which way the link goes. */
export const cooperationFormSchema = z.object({
  partnerId: numberFrom(`${E}.partnerRequired`).pipe(z.number().int().positive(`${E}.partnerRequired`)),
  direction: z.enum(["outgoing", "incoming"], { errorMap: () => ({ message: `${E}.directionRequired` }) }),
  kind: z.enum(cooperationKinds, { errorMap: () => ({ message: `${E}.cooperationKindRequired` }) }),
  purpose: requiredText(500, `${E}.purposeRequired`),
});
