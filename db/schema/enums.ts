// Value lists used by both the schema and browser code (form schemas, labels). No drizzle imports
// here, so the browser bundle can use them without pulling in the database layer.

export const organisationKinds = ["sports", "culture", "school", "employer", "welfare", "other"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const targetGroups = ["everyone", "youth", "older-people", "disability", "newcomers", "low-income", "carers"] as const;
export type TargetGroup = (typeof targetGroups)[number];

export const travelRanges = ["own", "adjacent", "municipality"] as const;
export type TravelRange = (typeof travelRanges)[number];

export const vogStatuses = ["none", "requested", "valid"] as const;
export type VogStatus = (typeof vogStatuses)[number];

export const skillKinds = ["skill", "interest"] as const;
export type SkillKind = (typeof skillKinds)[number];

export const helpRequestKinds = ["respite", "transport", "shopping", "household", "paperwork", "digital", "walking", "other"] as const;
export type HelpRequestKind = (typeof helpRequestKinds)[number];

export const helpRequestUrgencies = ["low", "normal", "high"] as const;
export type HelpRequestUrgency = (typeof helpRequestUrgencies)[number];

/** The help-request state machine's states; transitions live in app/domain/help-request-states.ts. */
export const helpRequestStatuses = ["submitted", "open", "asked", "matched", "completed", "withdrawn", "expired", "cancelled"] as const;
export type HelpRequestStatus = (typeof helpRequestStatuses)[number];

/** A volunteer's part in a request: asked by the coordinator, or offering on their own. */
export const helpInviteStatuses = ["asked", "offered", "accepted", "declined", "filled", "withdrawn"] as const;
export type HelpInviteStatus = (typeof helpInviteStatuses)[number];
