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
