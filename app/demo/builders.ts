import { eq } from "drizzle-orm";
import { instantToLocal, type RecurrenceRule } from "~/domain/scheduling";
import type { Tx } from "#db/client";
import { signal, signalEvent } from "#db/schema";
import {
  activity,
  activitySession,
  municipality,
  neighbourhood,
  neighbourhoodPostcode,
  organisation,
  organisationMembership,
  roleGrant,
  shift,
  user,
  volunteerProfile,
} from "#db/schema";
import {
  initiative,
  initiativePartner,
  neighbourhoodAdjacency,
  organisationNeighbourhood,
  signup,
  skill,
  volunteerAvailability,
  volunteerSkill,
} from "#db/schema";
import { careRecipient, consent, helpInvite, helpRequest, helpRequestWindow, helpSession } from "#db/schema";
import { careCircle, circleMember, circleTask, circleTaskOccurrence } from "#db/schema";
import { facilityCooperation, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";

// Factories make valid, unique rows. Tests and the seed (app/demo/seed.ts) both use them.

let sequence = 0;
const next = () => ++sequence;
/** A unique suffix per call, also unique across test files running in parallel. */
const unique = () => `${process.pid.toString(36)}${next().toString(36)}`;

export async function createMunicipality(tx: Tx, values: Partial<typeof municipality.$inferInsert> = {}) {
  const [row] = await tx
    .insert(municipality)
    .values({ name: `Gemeente ${unique()}`, ...values })
    .returning();
  return row!;
}

let postcodeCounter = 1000 + Math.floor(Math.random() * 8000);
/** A 4-digit postcode area that no other factory call in this process has used. */
export function uniquePostcodeArea(): string {
  postcodeCounter = postcodeCounter >= 9999 ? 1000 : postcodeCounter + 1;
  return String(postcodeCounter);
}

export async function createNeighbourhood(tx: Tx, values: { municipalityId: number; name?: string; slug?: string; postcodes?: string[] }) {
  const name = values.name ?? `Wijk ${unique()}`;
  const [row] = await tx
    .insert(neighbourhood)
    .values({
      municipalityId: values.municipalityId,
      name,
      slug: values.slug ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${unique()}`,
    })
    .returning();
  const postcodes = values.postcodes ?? [uniquePostcodeArea()];
  if (postcodes.length > 0) {
    await tx.insert(neighbourhoodPostcode).values(postcodes.map((postcode) => ({ postcode, neighbourhoodId: row!.id })));
  }
  return { ...row!, postcodes };
}

export async function createUser(tx: Tx, values: Partial<typeof user.$inferInsert> & { neighbourhoodId: number; postcodeArea?: string }) {
  const n = unique();
  const { postcodeArea, ...rest } = values;
  const [row] = await tx
    .insert(user)
    .values({
      email: `person-${n}@example.org`,
      name: `Persoon ${n}`,
      postcode: `${postcodeArea ?? "1000"}AB`,
      createdAt: Date.UTC(2026, 0, 1),
      ...rest,
    })
    .returning();
  return row!;
}

export async function createOrganisation(tx: Tx, values: Partial<typeof organisation.$inferInsert> = {}) {
  const n = unique();
  const [row] = await tx
    .insert(organisation)
    .values({
      slug: `organisatie-${n}`,
      name: `Organisatie ${n}`,
      kind: "other",
      status: "approved",
      createdAt: Date.UTC(2026, 0, 1),
      ...values,
    })
    .returning();
  return row!;
}

export async function addMember(tx: Tx, organisationId: number, userId: number, role: "member" | "admin" = "member") {
  await tx.insert(organisationMembership).values({ organisationId, userId, role, createdAt: Date.UTC(2026, 0, 1) });
}

export async function grantCoordinator(tx: Tx, userId: number, neighbourhoodIds: number[]) {
  await tx.insert(roleGrant).values(
    neighbourhoodIds.map((neighbourhoodId) => ({
      userId,
      role: "coordinator" as const,
      neighbourhoodId,
      grantedAt: Date.UTC(2026, 0, 1),
    })),
  );
}

export async function grantAdmin(tx: Tx, userId: number) {
  await tx.insert(roleGrant).values({ userId, role: "admin", grantedAt: Date.UTC(2026, 0, 1) });
}

export async function createActivity(
  tx: Tx,
  values: Partial<typeof activity.$inferInsert> & { organisationId: number; neighbourhoodId: number },
) {
  const n = unique();
  const [row] = await tx
    .insert(activity)
    .values({
      title: `Activiteit ${n}`,
      description: "Samen bezig zijn in de wijk.",
      category: "social",
      address: "Dorpsstraat 1",
      targetGroups: ["everyone"],
      timeZone: "Europe/Amsterdam",
      createdAt: Date.UTC(2026, 0, 1),
      updatedAt: Date.UTC(2026, 0, 1),
      ...values,
    })
    .returning();
  return row!;
}

export async function createSession(
  tx: Tx,
  values: Partial<typeof activitySession.$inferInsert> & { activityId: number; startsAt: number },
) {
  const [row] = await tx
    .insert(activitySession)
    .values({
      occurrenceDate: new Date(values.startsAt).toISOString().slice(0, 10),
      endsAt: values.startsAt + 2 * 60 * 60_000,
      updatedAt: Date.UTC(2026, 0, 1),
      ...values,
    })
    .returning();
  return row!;
}

export async function createShift(
  tx: Tx,
  values: Partial<typeof shift.$inferInsert> & { sessionId: number; startsAt: number; endsAt: number },
) {
  const [row] = await tx
    .insert(shift)
    .values({ role: "Gastheer", needed: 1, ...values })
    .returning();
  return row!;
}

export async function createVolunteerProfile(tx: Tx, values: Partial<typeof volunteerProfile.$inferInsert> & { userId: number }) {
  const [row] = await tx
    .insert(volunteerProfile)
    .values({ updatedAt: Date.UTC(2026, 0, 1), ...values })
    .returning();
  return row!;
}

// ── Organisations, initiatives and volunteer profiles (community) ──────────────────────────────

export async function serveNeighbourhoods(tx: Tx, organisationId: number, neighbourhoodIds: number[]) {
  if (neighbourhoodIds.length === 0) return;
  await tx.insert(organisationNeighbourhood).values(neighbourhoodIds.map((neighbourhoodId) => ({ organisationId, neighbourhoodId })));
}

/** Marks two neighbourhoods as adjacent, stored both ways. */
export async function makeAdjacent(tx: Tx, a: number, b: number) {
  await tx
    .insert(neighbourhoodAdjacency)
    .values([
      { neighbourhoodId: a, adjacentId: b },
      { neighbourhoodId: b, adjacentId: a },
    ])
    .onConflictDoNothing();
}

export async function createSkill(tx: Tx, values: Partial<typeof skill.$inferInsert> = {}) {
  const n = unique();
  const [row] = await tx
    .insert(skill)
    .values({ slug: `vaardigheid-${n}`, nameNl: `Vaardigheid ${n}`, nameEn: `Skill ${n}`, ...values })
    .returning();
  return row!;
}

export async function createInitiative(
  tx: Tx,
  values: Partial<typeof initiative.$inferInsert> & { organisationId: number; partnerIds?: number[] },
) {
  const n = unique();
  const { partnerIds = [], ...rest } = values;
  const [row] = await tx
    .insert(initiative)
    .values({
      title: `Initiatief ${n}`,
      goal: "Meer mensen doen mee in de wijk.",
      targetGroups: ["everyone"],
      startsOn: "2026-01-01",
      createdAt: Date.UTC(2026, 0, 1),
      ...rest,
    })
    .returning();
  if (partnerIds.length)
    await tx.insert(initiativePartner).values(partnerIds.map((organisationId) => ({ initiativeId: row!.id, organisationId })));
  return row!;
}

export async function giveSkills(tx: Tx, userId: number, skillIds: number[]) {
  if (skillIds.length) await tx.insert(volunteerSkill).values(skillIds.map((skillId) => ({ userId, skillId })));
}

export async function addAvailability(tx: Tx, userId: number, slots: { weekday: number; startTime: string; endTime: string }[]) {
  if (slots.length) await tx.insert(volunteerAvailability).values(slots.map((s) => ({ userId, ...s })));
}

/** A sign-up row as it is after the fact (for reach figures and attendance), without the capacity rule. */
export async function createSignupRecord(tx: Tx, values: Partial<typeof signup.$inferInsert> & { sessionId: number; userId: number }) {
  const status = values.status ?? "confirmed";
  const [row] = await tx
    .insert(signup)
    .values({ status, createdAt: Date.UTC(2026, 0, 1), cancelledAt: status === "cancelled" ? Date.UTC(2026, 0, 2) : null, ...values })
    .returning();
  return row!;
}

// ── Help requests (issue 4; used by tests and app/demo/seed-help-requests.ts) ─────────────────────────

export async function createCareRecipient(
  tx: Tx,
  values: Partial<typeof careRecipient.$inferInsert> & { carerId: number; neighbourhoodId: number },
) {
  const [row] = await tx
    .insert(careRecipient)
    .values({ firstName: `Naaste ${unique()}`, createdAt: Date.UTC(2026, 0, 1), ...values })
    .returning();
  return row!;
}

/**
 * A care circle around a person cared for, with its lead and any other members (rows only: the
 * verbs in app/domain/circles check rights and send mail; tests of those use the verbs).
 */
export async function createCircle(
  tx: Tx,
  values: {
    careRecipientId: number;
    neighbourhoodId: number;
    leadId: number;
    members?: { userId: number; role?: "co-lead" | "member" }[];
    name?: string;
    timeZone?: string;
    membersMayPost?: boolean;
    createdAt?: number;
  },
) {
  const createdAt = values.createdAt ?? Date.UTC(2026, 0, 1);
  const [row] = await tx
    .insert(careCircle)
    .values({
      careRecipientId: values.careRecipientId,
      neighbourhoodId: values.neighbourhoodId,
      name: values.name ?? `Kring ${unique()}`,
      timeZone: values.timeZone ?? "Europe/Amsterdam",
      membersMayPost: values.membersMayPost ?? false,
      createdAt,
      updatedAt: createdAt,
    })
    .returning();
  await tx.insert(circleMember).values([
    { circleId: row!.id, userId: values.leadId, role: "lead" as const, joinedAt: createdAt },
    ...(values.members ?? []).map((m) => ({
      circleId: row!.id,
      userId: m.userId,
      role: m.role ?? ("member" as const),
      joinedAt: createdAt,
    })),
  ]);
  return row!;
}

/** A one-off circle task with its single occurrence (rows only). */
export async function createCircleTaskRecord(
  tx: Tx,
  values: {
    circleId: number;
    startsAt: number;
    endsAt?: number;
    kind?: (typeof circleTask.$inferInsert)["kind"];
    title?: string;
    notes?: string;
    places?: number;
    createdById?: number | null;
    timeZone?: string;
  },
) {
  const endsAt = values.endsAt ?? values.startsAt + 60 * 60_000;
  const now = Date.UTC(2026, 0, 1);
  const timeZone = values.timeZone ?? "Europe/Amsterdam";
  const local = instantToLocal(values.startsAt, timeZone);
  const rule: RecurrenceRule = {
    startDate: local.date,
    startTime: local.time,
    durationMinutes: Math.round((endsAt - values.startsAt) / 60_000),
    timeZone,
    pattern: { kind: "once" },
  };
  const [task] = await tx
    .insert(circleTask)
    .values({
      circleId: values.circleId,
      kind: values.kind ?? "meal",
      title: values.title ?? `Taak ${unique()}`,
      notes: values.notes ?? "",
      places: values.places ?? 1,
      rule: { ...rule },
      createdById: values.createdById ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const [occurrence] = await tx
    .insert(circleTaskOccurrence)
    .values({
      taskId: task!.id,
      circleId: values.circleId,
      occurrenceDate: local.date,
      startsAt: values.startsAt,
      endsAt,
      places: values.places ?? 1,
      updatedAt: now,
    })
    .returning();
  return { task: task!, occurrence: occurrence! };
}

/** A consent record for care details (purpose 'care-details'), as the request form writes it. */
export async function createCareConsent(
  tx: Tx,
  userId: number,
  { givenAt = Date.UTC(2026, 0, 1), version = "1" }: { givenAt?: number; version?: string } = {},
) {
  const [row] = await tx.insert(consent).values({ userId, purpose: "care-details", version, givenAt }).returning();
  return row!;
}

/**
 * A help request row in any state, without the state machine (tests of the machine itself, and
 * the seed's history). A matched or completed request needs `matchedVolunteerId`.
 */
export async function createHelpRequest(
  tx: Tx,
  values: Partial<typeof helpRequest.$inferInsert> & { neighbourhoodId: number; requesterId?: number | null },
) {
  const [row] = await tx
    .insert(helpRequest)
    .values({
      kind: "respite",
      address: "Dorpsstraat 1",
      publicText: "Even vrij voor de mantelzorger.",
      timeZone: "Europe/Amsterdam",
      createdAt: Date.UTC(2026, 0, 1),
      updatedAt: Date.UTC(2026, 0, 1),
      ...values,
    })
    .returning();
  return row!;
}

export async function createHelpInvite(
  tx: Tx,
  values: Partial<typeof helpInvite.$inferInsert> & { requestId: number; volunteerId: number },
) {
  const [row] = await tx
    .insert(helpInvite)
    .values({ status: "asked", createdAt: Date.UTC(2026, 0, 1), ...values })
    .returning();
  return row!;
}

export async function addHelpWindows(tx: Tx, requestId: number, windows: { startsAt: number; endsAt: number }[]) {
  if (windows.length) await tx.insert(helpRequestWindow).values(windows.map((w) => ({ requestId, ...w })));
}

export async function createHelpSession(
  tx: Tx,
  values: Partial<typeof helpSession.$inferInsert> & { requestId: number; startsAt: number },
) {
  const [row] = await tx
    .insert(helpSession)
    .values({ endsAt: values.startsAt + 2 * 3_600_000, createdAt: Date.UTC(2026, 0, 1), ...values })
    .returning();
  return row!;
}

// ── Social map (facilities) ─────────────────────────────────────────────────────────────────

/**
 * One facility: an organization, a location in `neighbourhoodId` (postcode `<postcodeArea>AB`)
 * and a service there, with opening hours. Returns all three rows.
 */
export async function createFacility(
  tx: Tx,
  values: {
    municipalityId: number;
    neighbourhoodId: number;
    postcodeArea?: string;
    organization?: Partial<typeof facilityOrganization.$inferInsert>;
    location?: Partial<typeof facilityLocation.$inferInsert>;
    service?: Partial<typeof facilityService.$inferInsert>;
    hours?: { weekday: number; opensAt: string; closesAt: string }[];
    /** An existing facility organisation to add this service to (instead of a new one). */
    organizationId?: number;
  },
) {
  const n = unique();
  const at = Date.UTC(2026, 0, 1);
  const [org] = values.organizationId
    ? await tx.select().from(facilityOrganization).where(eq(facilityOrganization.id, values.organizationId))
    : await tx
        .insert(facilityOrganization)
        .values({
          hsdsId: crypto.randomUUID(),
          municipalityId: values.municipalityId,
          name: `Stichting ${n}`,
          createdAt: at,
          updatedAt: at,
          ...values.organization,
        })
        .returning();
  const [loc] = await tx
    .insert(facilityLocation)
    .values({
      hsdsId: crypto.randomUUID(),
      organizationId: org!.id,
      name: `Locatie ${n}`,
      address: "Dorpsstraat 1",
      postcode: `${values.postcodeArea ?? "1000"}AB`,
      city: "Hoflanden",
      neighbourhoodId: values.neighbourhoodId,
      createdAt: at,
      updatedAt: at,
      ...values.location,
    })
    .returning();
  const [service] = await tx
    .insert(facilityService)
    .values({
      hsdsId: crypto.randomUUID(),
      organizationId: org!.id,
      locationId: loc!.id,
      name: `Voorziening ${n}`,
      category: "health",
      targetGroups: ["everyone"],
      access: "walk-in",
      languages: ["nl"],
      verifiedAt: at,
      createdAt: at,
      updatedAt: at,
      ...values.service,
    })
    .returning();
  if (values.hours?.length) await tx.insert(facilityOpeningHours).values(values.hours.map((h) => ({ serviceId: service!.id, ...h })));
  return { organization: org!, location: loc!, service: service! };
}

export async function createCooperation(
  tx: Tx,
  values: Partial<typeof facilityCooperation.$inferInsert> & { fromServiceId: number; toServiceId: number },
) {
  const [row] = await tx
    .insert(facilityCooperation)
    .values({ kind: "referral", purpose: "Doorverwijzen", createdAt: Date.UTC(2026, 0, 1), ...values })
    .returning();
  return row!;
}

// ── Signals (issue 6; used by tests and app/demo/seed-signals.ts) ──────────────────────────────────

/** A signal row in any status, with its history row(s), without the workflow checks. */
export async function createSignalRecord(tx: Tx, values: Partial<typeof signal.$inferInsert> & { municipalityId: number }) {
  const at = values.createdAt ?? Date.UTC(2026, 0, 1);
  const [row] = await tx
    .insert(signal)
    .values({
      kind: "supply",
      title: `Signaal ${unique()}`,
      description: "Er is te weinig aanbod in de wijk.",
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  await tx.insert(signalEvent).values({ signalId: row!.id, status: row!.status, byId: row!.createdById, at });
  return row!;
}
