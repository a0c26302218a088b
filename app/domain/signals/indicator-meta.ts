import { activityCategories, facilityCategories, helpRequestKinds } from "~/domain/vocabulary";

// What the indicators are and which categories each one uses; browser-safe (forms and labels).

export const indicatorKeys = [
  "requests",
  "unmet",
  "expiredShare",
  "medianMatchDays",
  "offers",
  "unfilledPlaces",
  "waitlisted",
  "facilitiesUnderPressure",
  "respiteOverload",
  "facilityReferrals",
  "circlesUnderStrain",
  "circleHandOffs",
] as const;
export type IndicatorKey = (typeof indicatorKeys)[number];

/**
 * Each indicator keeps its natural category: help-request figures the kind of help, shifts and
 * waitlists the activity category, facilities and referrals the social-map category; overload is respite;
 * circles under strain are one count per neighbourhood, hand-offs the kind of help.
 */
export type CategoryKind = "kind" | "activity" | "facility" | "respite" | "circle";
export const indicatorCategoryKind: Record<IndicatorKey, CategoryKind> = {
  requests: "kind",
  unmet: "kind",
  expiredShare: "kind",
  medianMatchDays: "kind",
  offers: "kind",
  unfilledPlaces: "activity",
  waitlisted: "activity",
  facilitiesUnderPressure: "facility",
  respiteOverload: "respite",
  facilityReferrals: "facility",
  circlesUnderStrain: "circle",
  circleHandOffs: "kind",
};
export const categoriesOf: Record<CategoryKind, readonly string[]> = {
  kind: helpRequestKinds,
  activity: activityCategories,
  facility: facilityCategories,
  respite: ["respite"],
  /** Circles are counted, not split: only aggregates leave a circle (decision 048). */
  circle: ["circles"],
};

/** Where each category group's labels live: the same words as on the pages they come from. */
const categoryLabelPrefix: Record<CategoryKind, string> = {
  kind: "helpRequests.kinds",
  respite: "helpRequests.kinds",
  activity: "organiser.categories",
  facility: "socialMap.categories",
  circle: "signals.circleCategories",
};

/** The translation key of a category's label, e.g. ("facility", "housing") → "socialMap.categories.housing". */
export function categoryLabelKey(group: string, value: string): string {
  const prefix = categoryLabelPrefix[group as CategoryKind] ?? categoryLabelPrefix.kind;
  return `${prefix}.${value}`;
}
