// When a circle is "under strain" (issue 16, decision 049): the lead sees a suggestion to hand the
// open tasks to the coordinator, and the signals count such circles per neighbourhood and period.
// Pure: the figures come from the tasks module; the thresholds are here, once, and documented in
// docs/circles.md.

/** How far back the circle's load is shown and judged. */
export const LOAD_WEEKS = 8;

export const STRAIN_THRESHOLDS = {
  /** The lead carries "most" tasks when they took at least this share of the places taken… */
  leadShare: 0.6,
  /** …and at least this many places over the load period (a quiet circle is not under strain). */
  leadMinimumClaims: 4,
  /** Open tasks "stay unclaimed" when at least this many occurrences… */
  unclaimedMinimum: 2,
  /** …that start within this many days from now still have a place open. */
  unclaimedWithinDays: 7,
  /** In the signals (a past period): occurrences that started with a place open. */
  unfilledInPeriodMinimum: 3,
} as const;

export interface CircleLoad {
  /** Places taken over the load period, per person (user id), by everyone in the circle. */
  claimsByPerson: ReadonlyMap<number, number>;
  /** The lead's user id. */
  leadId: number;
  /** Occurrences in the coming `unclaimedWithinDays` days that still have a place open. */
  openSoon: number;
}

export type StrainReason = "lead-carries-most" | "tasks-unclaimed";

/** Why the lead should consider a hand-off; empty when the circle copes. */
export function strainReasons(load: CircleLoad, t = STRAIN_THRESHOLDS): StrainReason[] {
  const reasons: StrainReason[] = [];
  let total = 0;
  for (const n of load.claimsByPerson.values()) total += n;
  const lead = load.claimsByPerson.get(load.leadId) ?? 0;
  if (lead >= t.leadMinimumClaims && lead / total >= t.leadShare) reasons.push("lead-carries-most");
  if (load.openSoon >= t.unclaimedMinimum) reasons.push("tasks-unclaimed");
  return reasons;
}
