// Value lists used by both the schema and browser code (form schemas, labels). No drizzle imports
// here, so the browser bundle can use them without pulling in the database layer.

export const organisationKinds = ["sports", "culture", "school", "employer", "welfare", "other"] as const;

export const targetGroups = ["everyone", "youth", "older-people", "disability", "newcomers", "low-income", "carers"] as const;
export type TargetGroup = (typeof targetGroups)[number];

export const travelRanges = ["own", "adjacent", "municipality"] as const;
export type TravelRange = (typeof travelRanges)[number];

export const vogStatuses = ["none", "requested", "valid"] as const;
export type VogStatus = (typeof vogStatuses)[number];

export const skillKinds = ["skill", "interest"] as const;

export const helpRequestKinds = ["respite", "transport", "shopping", "household", "paperwork", "digital", "walking", "other"] as const;
export type HelpRequestKind = (typeof helpRequestKinds)[number];

export const helpRequestUrgencies = ["low", "normal", "high"] as const;
export type HelpRequestUrgency = (typeof helpRequestUrgencies)[number];

/** The help-request state machine's states; transitions live in app/domain/help/states.ts. */
export const helpRequestStatuses = ["submitted", "open", "asked", "matched", "completed", "withdrawn", "expired", "cancelled"] as const;
export type HelpRequestStatus = (typeof helpRequestStatuses)[number];

/** A volunteer's part in a request: asked by the coordinator, or offering on their own. */
export const helpInviteStatuses = ["asked", "offered", "accepted", "declined", "filled", "withdrawn"] as const;
export type HelpInviteStatus = (typeof helpInviteStatuses)[number];

/** Mail a person may switch off on /me (everything else is essential). */
export const optionalEmailKinds = ["reminder", "after-session", "digest", "circle-update", "message"] as const;
export type OptionalEmailKind = (typeof optionalEmailKinds)[number];

/** Social-map service categories (sociale kaart). */
export const facilityCategories = [
  "childcare",
  "education",
  "culture",
  "financial-support",
  "parenting-support",
  "youth-care",
  "disability-care",
  "mental-health",
  "respite-day-care",
  "health",
  "sport-leisure",
  "debt-income",
  "housing",
  "language-integration",
] as const;
export type FacilityCategory = (typeof facilityCategories)[number];

export const facilityAccessKinds = ["walk-in", "referral", "waiting-list"] as const;
export type FacilityAccessKind = (typeof facilityAccessKinds)[number];

export const capacityStatuses = ["open", "limited", "full"] as const;
export type CapacityStatus = (typeof capacityStatuses)[number];

/** Accessibility features of a location (HSDS accessibility.description carries the text). */
export const accessibilityFeatures = ["wheelchair", "accessible-toilet", "hearing-loop", "lift", "parking", "quiet-room"] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

export const cooperationKinds = ["agreement", "referral"] as const;
export type CooperationKind = (typeof cooperationKinds)[number];

export const signalKinds = ["supply", "access", "throughput"] as const;

export const signalStatuses = ["draft", "raised", "responded", "resolved"] as const;
export type SignalStatus = (typeof signalStatuses)[number];

/** What the security log records (append-only; the person and admins read it). */
export const securityEventKinds = [
  "sign-in",
  "second-factor-verified",
  "second-factor-failed",
  "locked-out",
  "passkey-added",
  "passkey-renamed",
  "passkey-removed",
  "totp-enabled",
  "totp-disabled",
  "recovery-codes-created",
  "recovery-code-used",
  "second-factor-reset",
  "signed-out-everywhere",
  "email-changed",
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

/** How a session proved its second factor. */
export const secondFactorMethods = ["passkey", "totp", "recovery-code"] as const;
export type SecondFactorMethod = (typeof secondFactorMethods)[number];

/** Languages offered as checkboxes on the facility form; others can be typed as codes. */
export const facilityFormLanguages = ["nl", "en", "de", "ar", "tr", "pl", "uk", "ti", "so", "fr", "es"] as const;

/** The kinds of activity (db/schema/activities.ts has the same list; organiser-schemas.ts checks that). */
export const activityCategories = ["sports", "culture", "social", "learning", "nature", "care", "other"] as const;

/** A person's part in a care circle (decision 048). */
export const circleRoles = ["lead", "co-lead", "member"] as const;
export type CircleRole = (typeof circleRoles)[number];

/** The kinds of task a care circle shares. */
export const circleTaskKinds = ["meal", "ride", "company", "respite", "shopping", "chores", "appointment", "other"] as const;
export type CircleTaskKind = (typeof circleTaskKinds)[number];
