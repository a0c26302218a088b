import type { HelpRequestKind, TravelRange, VogStatus } from "~/domain/vocabulary";
import { availabilityWindows, type Availability, type Interval, type WeeklySlot } from "../../scheduling/availability";
import { addDays, localDateOf, weekdayOf, type LocalDate } from "../../scheduling/local-time";

/**
 * How well a volunteer fits a help request. Pure: no clock, no I/O; the caller loads the facts.
 *
 * HARD RULES filter a volunteer out, with the rule that failed (checked in this order):
 *   vog            the request needs a VOG and the volunteer has none valid on the last wanted day
 *                  (a local date in the volunteer's zone)
 *   out-of-range   the request's neighbourhood is outside the volunteer's travel range
 *                  (own: same neighbourhood; adjacent: same or next to it; municipality: same municipality)
 *   paused         the volunteer's pause runs through the last wanted day
 *   max-hours      hours in the last 30 days plus the request's hours in its first 30 days exceed
 *                  the volunteer's maximum hours per month
 *   no-availability none of the wanted time is inside the volunteer's weekly availability (their own
 *                  zone, without unavailable dates and pause days) outside commitments already made
 *
 * The rest SCORES, each factor with its points, its maximum and a human reason (translation key +
 * values), in total at most 100:
 *   kindSkills   30  required skill held 20 (missing: 0, said so); a skill or tag that fits the kind 10
 *                    (without a required skill the kind fit counts 30)
 *   availability 30  share of the wanted time the volunteer is free for, times 30
 *   distance     15  same neighbourhood 15, adjacent 9, elsewhere in the municipality 3
 *   language     10  speaks the requested language 10 (not: 0); no language asked: 10 for everyone
 *   workload     10  fewer hours (6 points, none at 0 h … 0 at ≥ 20 h) and fewer active matches
 *                    (4 points, 0 matches … 0 at ≥ 2) in the last 30 days score higher (fairness)
 *   continuity    5  helped this household before
 * Ties are broken by fewer hours in the last 30 days, then by user id, so the order is stable.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface MatchRequest {
  kind: HelpRequestKind;
  /** Wanted windows as UTC instants, non-overlapping. */
  windows: readonly Interval[];
  neighbourhoodId: number;
  municipalityId: number;
  /** Neighbourhoods next to the request's neighbourhood. */
  adjacentNeighbourhoodIds: ReadonlySet<number>;
  requiresVog: boolean;
  /** A language code ("nl", "en", "tr" …) or null when any language will do. */
  language: string | null;
  requiredSkillId: number | null;
  /** Skill ids whose slug fits the kind (see KIND_KEYWORDS); the caller resolves them once. */
  kindSkillIds: ReadonlySet<number>;
}

export interface CandidateFacts {
  userId: number;
  neighbourhoodId: number;
  municipalityId: number;
  travelRange: TravelRange;
  skillIds: readonly number[];
  tags: readonly string[];
  languages: readonly string[];
  /** Weekly availability, unavailable dates and pause, in the volunteer's own zone. */
  availability: Availability;
  /** Shift sign-ups and help sessions already promised, as instants. */
  commitments: readonly Interval[];
  vogStatus: VogStatus;
  vogValidUntil: LocalDate | null;
  hoursLast30Days: number;
  activeMatchesLast30Days: number;
  maxHoursPerMonth: number | null;
  helpedHouseholdBefore: boolean;
}

export type HardRule = "vog" | "out-of-range" | "paused" | "max-hours" | "no-availability";
export type Factor = "kindSkills" | "availability" | "distance" | "language" | "workload" | "continuity";

export interface Reason {
  factor: Factor;
  points: number;
  max: number;
  key: string;
  values?: Record<string, string | number>;
}

export type ScoreResult =
  | { fits: true; userId: number; score: number; reasons: Reason[]; hoursLast30Days: number }
  | { fits: false; userId: number; rule: HardRule; key: string; values?: Record<string, string | number> };

export const MAX_POINTS: Record<Factor, number> = {
  kindSkills: 30,
  availability: 30,
  distance: 15,
  language: 10,
  workload: 10,
  continuity: 5,
};
/** Hours in 30 days at which the workload hours part reaches 0. */
export const FAIR_HOURS_CEILING = 20;
/** Active matches at which the workload matches part reaches 0. */
export const FAIR_MATCHES_CEILING = 2;

/** Words in a skill slug or a volunteer's own tag that fit a kind of help (Dutch and English). */
export const KIND_KEYWORDS: Record<HelpRequestKind, readonly string[]> = {
  respite: ["respijt", "gezelschap", "ouderen", "dementie", "zorg", "respite", "company", "older", "care"],
  transport: ["vervoer", "rijden", "auto", "transport", "driving", "car"],
  shopping: ["boodschappen", "winkel", "shopping", "vervoer"],
  household: ["klussen", "huishouden", "tuin", "koken", "household", "diy", "garden", "cooking"],
  paperwork: ["papieren", "administratie", "post", "formulier", "paperwork", "admin", "taalmaatje"],
  digital: ["computer", "digitaal", "telefoon", "tablet", "digital", "phone"],
  walking: ["wandelen", "buiten", "walking", "outdoor", "ouderen"],
  other: [],
};

export function fitsKind(kind: HelpRequestKind, text: string): boolean {
  const lower = text.toLowerCase();
  return KIND_KEYWORDS[kind].some((word) => lower.includes(word));
}

const R = "helpCoordinator.reasons";
const X = "helpCoordinator.excluded";

/**
 * A weekly slot on a local date as instants, per (zone, date, slot): a pure function of its key,
 * so kept across rankings (most requests fall on the same few weeks); bounded.
 */
const slotMemo = new Map<string, Interval[]>();
function remember(key: string, intervals: Interval[]) {
  if (slotMemo.size >= 50_000) slotMemo.clear();
  slotMemo.set(key, intervals);
}

/**
 * Prepares scoring for one request and returns the scorer for its candidates. Local times are
 * turned into instants once per (zone, date, slot) and shared by every candidate (and ranking), so
 * ranking thousands of volunteers costs a few luxon calls, not thousands.
 */
/**
 * The request's wanted time in total: the windows sorted, their length, and the hours wanted in
 * the first 30 days (the max-hours rule). Shared by the scorer and the SQL pre-filter.
 */
export function wantedTime(requestWindows: readonly Interval[]) {
  const windows = [...requestWindows].sort((a, b) => a.startsAt - b.startsAt);
  const wantedMs = windows.reduce((sum, w) => sum + (w.endsAt - w.startsAt), 0);
  const firstStart = windows[0]?.startsAt ?? 0;
  const firstMonthHours = windows.reduce((sum, w) => (w.startsAt < firstStart + 30 * DAY ? sum + (w.endsAt - w.startsAt) / HOUR : sum), 0);
  return { windows, wantedMs, firstMonthHours };
}

/** A hard rule's result, as the scorer gives it (also for a rule already applied in SQL). */
export function excludedBy(
  userId: number,
  rule: HardRule,
  values?: Record<string, string | number>,
): Extract<ScoreResult, { fits: false }> {
  return { fits: false, userId, rule, key: `${X}.${rule}`, values };
}

/** The values the "max-hours" exclusion shows. */
export function maxHoursValues(hoursLast30Days: number, maxHoursPerMonth: number, firstMonthHours: number) {
  return { hours: round1(hoursLast30Days), max: maxHoursPerMonth, extra: round1(firstMonthHours) };
}

/** Best first; ties by fewer hours in the last 30 days, then by user id. */
export function byRank(a: Extract<ScoreResult, { fits: true }>, b: Extract<ScoreResult, { fits: true }>): number {
  return b.score - a.score || a.hoursLast30Days - b.hoursLast30Days || a.userId - b.userId;
}

export function createScorer(request: MatchRequest): (candidate: CandidateFacts) => ScoreResult {
  const { windows, wantedMs, firstMonthHours } = wantedTime(request.windows);
  const lastEnd = windows.reduce((max, w) => Math.max(max, w.endsAt), 0);

  const datesPerZone = new Map<string, { perWindow: { date: LocalDate; weekday: number }[][]; last: LocalDate }>();
  const datesIn = (zone: string) => {
    let entry = datesPerZone.get(zone);
    if (!entry) {
      const perWindow = windows.map((w) => {
        const dates: { date: LocalDate; weekday: number }[] = [];
        const to = localDateOf(w.endsAt - 1, zone);
        for (let date = localDateOf(w.startsAt, zone); date <= to; date = addDays(date, 1)) dates.push({ date, weekday: weekdayOf(date) });
        return dates;
      });
      entry = { perWindow, last: lastEnd > 0 ? localDateOf(lastEnd - 1, zone) : "0000-01-01" };
      datesPerZone.set(zone, entry);
    }
    return entry;
  };
  const slotOn = (zone: string, date: LocalDate, slot: { weekday: number; startTime: string; endTime: string }) => {
    const key = `${zone}|${date}|${slot.weekday}|${slot.startTime}|${slot.endTime}`;
    let found = slotMemo.get(key);
    if (!found) {
      found = availabilityWindows({ timeZone: zone, weekly: [slot], unavailableDates: [], pausedUntil: null }, date, date);
      remember(key, found);
    }
    return found;
  };

  const allDay = (zone: string, date: LocalDate) => {
    const key = `${zone}|${date}|all`;
    let found = slotMemo.get(key);
    if (!found) {
      found = availabilityWindows({ timeZone: zone, weekly: [], unavailableDates: [], pausedUntil: null }, date, date);
      remember(key, found);
    }
    return found;
  };

  /**
   * Per zone and weekly slot (or the whole day, for someone without slots): for each window, the
   * slot's instants on each of the window's local dates. Worked out once per request, so a
   * candidate costs a lookup per slot.
   */
  type Plan = { date: LocalDate; intervals: Interval[] }[][];
  const plans = new Map<string, Plan>();
  const planFor = (zone: string, slot: WeeklySlot | null): Plan => {
    const key = slot ? `${zone}|${slot.weekday}|${slot.startTime}|${slot.endTime}` : `${zone}|all`;
    let plan = plans.get(key);
    if (!plan) {
      plan = datesIn(zone).perWindow.map((dates) =>
        dates
          .filter((d) => !slot || d.weekday === slot.weekday)
          .map((d) => ({ date: d.date, intervals: slot ? slotOn(zone, d.date, slot) : allDay(zone, d.date) })),
      );
      plans.set(key, plan);
    }
    return plan;
  };

  /**
   * The plans of a candidate's weekly slots. Kept per slot list (the caller may hand the same list
   * to candidates with the same slots) and zone, so most candidates cost one lookup.
   */
  const plansByWeekly = new WeakMap<readonly WeeklySlot[], Map<string, Plan[]>>();
  /** The free time of a slot list in a zone with no days off, pause or commitments: the common case. */
  const plainFree = new WeakMap<readonly WeeklySlot[], Map<string, { ms: number; whole: number }>>();
  const plansFor = (zone: string, weekly: readonly WeeklySlot[]): Plan[] => {
    let byZone = plansByWeekly.get(weekly);
    if (!byZone) plansByWeekly.set(weekly, (byZone = new Map()));
    let found = byZone.get(zone);
    if (!found) {
      found = weekly.length === 0 ? [planFor(zone, null)] : weekly.map((slot) => planFor(zone, slot));
      byZone.set(zone, found);
    }
    return found;
  };

  /** Milliseconds of wanted time the candidate is free for, and how many windows are wholly free. */
  function freeTime(candidate: CandidateFacts): { ms: number; whole: number } {
    const { availability, commitments } = candidate;
    const zone = availability.timeZone;
    if (commitments.length === 0 && availability.unavailableDates.length === 0 && !availability.pausedUntil) {
      let byZone = plainFree.get(availability.weekly);
      if (!byZone) plainFree.set(availability.weekly, (byZone = new Map()));
      let found = byZone.get(zone);
      if (!found) byZone.set(zone, (found = freeTimeOf(candidate)));
      return found;
    }
    return freeTimeOf(candidate);
  }

  function freeTimeOf(candidate: CandidateFacts): { ms: number; whole: number } {
    const { availability, commitments } = candidate;
    const zone = availability.timeZone;
    const slotPlans = plansFor(zone, availability.weekly);
    const paused = availability.pausedUntil;
    const off = availability.unavailableDates;
    let ms = 0;
    let whole = 0;
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i]!;
      const free: Interval[] = [];
      for (const plan of slotPlans) {
        for (const { date, intervals } of plan[i]!) {
          if (paused && date <= paused) continue;
          if (off.length > 0 && off.includes(date)) continue;
          for (const interval of intervals) free.push(interval);
        }
      }
      if (free.length === 0) continue;
      const clipped = clip(free.length === 1 ? free : merge(free), window);
      let length = 0;
      for (const c of commitments.length === 0 ? clipped : subtract(clipped, commitments)) length += c.endsAt - c.startsAt;
      ms += length;
      if (length === window.endsAt - window.startsAt) whole += 1;
    }
    return { ms, whole };
  }

  return (candidate) => {
    const userId = candidate.userId;
    const { last } = datesIn(candidate.availability.timeZone);
    const excluded = (rule: HardRule, values?: Record<string, string | number>) => excludedBy(userId, rule, values);

    // Hard rules.
    if (request.requiresVog && !(candidate.vogStatus === "valid" && candidate.vogValidUntil !== null && candidate.vogValidUntil >= last)) {
      return excluded("vog");
    }
    const sameArea = candidate.neighbourhoodId === request.neighbourhoodId;
    const adjacent = request.adjacentNeighbourhoodIds.has(candidate.neighbourhoodId);
    const sameTown = candidate.municipalityId === request.municipalityId;
    const inRange = candidate.travelRange === "own" ? sameArea : candidate.travelRange === "adjacent" ? sameArea || adjacent : sameTown;
    if (!inRange) return excluded("out-of-range", { range: candidate.travelRange });
    if (candidate.availability.pausedUntil && candidate.availability.pausedUntil >= last)
      return excluded("paused", { until: candidate.availability.pausedUntil });
    if (candidate.maxHoursPerMonth !== null && candidate.hoursLast30Days + firstMonthHours > candidate.maxHoursPerMonth) {
      return excluded("max-hours", maxHoursValues(candidate.hoursLast30Days, candidate.maxHoursPerMonth, firstMonthHours));
    }
    const free = wantedMs > 0 ? freeTime(candidate) : { ms: 0, whole: 0 };
    if (free.ms === 0) return excluded("no-availability");

    // Scores.
    const reasons: Reason[] = [];
    const kindFit =
      candidate.skillIds.some((id) => request.kindSkillIds.has(id)) || candidate.tags.some((tag) => fitsKind(request.kind, tag));
    if (request.requiredSkillId !== null) {
      const has = candidate.skillIds.includes(request.requiredSkillId);
      reasons.push({
        factor: "kindSkills",
        points: (has ? 20 : 0) + (kindFit ? 10 : 0),
        max: MAX_POINTS.kindSkills,
        key: `${R}.skills.${has ? "required" : "missingRequired"}${kindFit ? "AndKind" : ""}`,
      });
    } else {
      reasons.push({
        factor: "kindSkills",
        points: kindFit ? 30 : 0,
        max: MAX_POINTS.kindSkills,
        key: `${R}.skills.${kindFit ? "kind" : "noKind"}`,
      });
    }

    const share = free.ms / wantedMs;
    reasons.push({
      factor: "availability",
      points: Math.round(share * MAX_POINTS.availability),
      max: MAX_POINTS.availability,
      key: `${R}.availability`,
      values: { percent: Math.round(share * 100), whole: free.whole, total: windows.length },
    });

    reasons.push(
      sameArea
        ? { factor: "distance", points: 15, max: MAX_POINTS.distance, key: `${R}.distance.same` }
        : adjacent
          ? { factor: "distance", points: 9, max: MAX_POINTS.distance, key: `${R}.distance.adjacent` }
          : { factor: "distance", points: 3, max: MAX_POINTS.distance, key: `${R}.distance.municipality` },
    );

    if (request.language === null) {
      reasons.push({ factor: "language", points: MAX_POINTS.language, max: MAX_POINTS.language, key: `${R}.language.any` });
    } else {
      const speaks = candidate.languages.some((l) => l.toLowerCase() === request.language!.toLowerCase());
      reasons.push({
        factor: "language",
        points: speaks ? 10 : 0,
        max: MAX_POINTS.language,
        key: `${R}.language.${speaks ? "speaks" : "not"}`,
        values: { language: request.language },
      });
    }

    const hoursPart = 6 * (1 - Math.min(candidate.hoursLast30Days, FAIR_HOURS_CEILING) / FAIR_HOURS_CEILING);
    const matchesPart = 4 * (1 - Math.min(candidate.activeMatchesLast30Days, FAIR_MATCHES_CEILING) / FAIR_MATCHES_CEILING);
    reasons.push({
      factor: "workload",
      points: Math.round(hoursPart + matchesPart),
      max: MAX_POINTS.workload,
      key: `${R}.workload`,
      values: { hours: round1(candidate.hoursLast30Days), matches: candidate.activeMatchesLast30Days },
    });

    reasons.push(
      candidate.helpedHouseholdBefore
        ? { factor: "continuity", points: 5, max: MAX_POINTS.continuity, key: `${R}.continuity.before` }
        : { factor: "continuity", points: 0, max: MAX_POINTS.continuity, key: `${R}.continuity.new` },
    );

    return { fits: true, userId, score: reasons.reduce((s, r) => s + r.points, 0), reasons, hoursLast30Days: candidate.hoursLast30Days };
  };
}

/** Scores every candidate; fitting ones ranked best first, the others with the rule that excluded them. */
export function rankCandidates(request: MatchRequest, candidates: readonly CandidateFacts[]) {
  const score = createScorer(request);
  const ranked: Extract<ScoreResult, { fits: true }>[] = [];
  const excluded: Extract<ScoreResult, { fits: false }>[] = [];
  for (const candidate of candidates) {
    const result = score(candidate);
    if (result.fits) ranked.push(result);
    else excluded.push(result);
  }
  ranked.sort(byRank);
  return { ranked, excluded };
}

function round1(n: number) {
  return Math.round(n * 10) / 10;
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.startsAt - b.startsAt);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.startsAt <= last.endsAt) last.endsAt = Math.max(last.endsAt, i.endsAt);
    else out.push({ ...i });
  }
  return out;
}

function clip(intervals: Interval[], window: Interval): Interval[] {
  const out: Interval[] = [];
  for (const i of intervals) {
    const startsAt = Math.max(i.startsAt, window.startsAt);
    const endsAt = Math.min(i.endsAt, window.endsAt);
    if (endsAt > startsAt) out.push({ startsAt, endsAt });
  }
  return out;
}

function subtract(intervals: Interval[], busy: readonly Interval[]): Interval[] {
  let out = intervals;
  for (const b of busy) {
    const next: Interval[] = [];
    for (const i of out) {
      if (b.endsAt <= i.startsAt || b.startsAt >= i.endsAt) {
        next.push(i);
        continue;
      }
      if (b.startsAt > i.startsAt) next.push({ startsAt: i.startsAt, endsAt: b.startsAt });
      if (b.endsAt < i.endsAt) next.push({ startsAt: b.endsAt, endsAt: i.endsAt });
    }
    out = next;
  }
  return out;
}
