import { asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { activitySession, emailOutbox, shift } from "#db/schema";
import { createActivity } from "~/domain/activities/activities.server";
import { signUp } from "~/domain/activities/signups.server";
import type { Ctx } from "~/domain/context.server";
import { Validation } from "~/domain/errors";
import type { CreateActivityInput } from "~/domain/activities/organiser-schemas";
import {
  addMember,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSkill,
  createUser,
  createVolunteerProfile,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The world activities-organiser.test.ts, activities-organiser-changes.test.ts and activities-organiser-signups.test.ts share.

export let database: TestDatabase;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Sunday 1 March 2026, 10:00 in Amsterdam: before the spring change of 29 March. */
export const T0 = Date.UTC(2026, 2, 1, 9, 0);

export const ids = {
  areaA: 0,
  areaB: 0,
  org: 0,
  otherOrg: 0,
  pendingOrg: 0,
  initiative: 0,
  otherInitiative: 0,
  skill: 0,
  member: 0,
  otherMember: 0,
  resident: 0,
  coordinatorA: 0,
  coordinatorB: 0,
  admin: 0,
};

/** Registers the shared world for the calling test file. */
export function setUpOrganiserWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      ids.areaA = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" })).id;
      ids.areaB = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
      ids.org = (await createOrganisation(tx, { name: "Sportclub De Esch" })).id;
      ids.otherOrg = (await createOrganisation(tx, { name: "Muziekschool" })).id;
      ids.pendingOrg = (await createOrganisation(tx, { name: "Nieuw Initiatief", status: "pending" })).id;
      ids.initiative = (await createInitiative(tx, { organisationId: ids.org, title: "Fit in de wijk" })).id;
      ids.otherInitiative = (await createInitiative(tx, { organisationId: ids.otherOrg })).id;
      ids.skill = (await createSkill(tx)).id;
      const person = async (name: string) => (await createUser(tx, { neighbourhoodId: ids.areaA, name })).id;
      ids.member = await person("Fatima El Amrani");
      ids.otherMember = await person("Jan Muziek");
      ids.resident = await person("Piet Bewoner");
      ids.coordinatorA = await person("Carla Coördinator");
      ids.coordinatorB = await person("Bram Coördinator");
      ids.admin = await person("Anne Beheer");
      await addMember(tx, ids.org, ids.member);
      await addMember(tx, ids.pendingOrg, ids.member, "admin");
      await addMember(tx, ids.otherOrg, ids.otherMember, "admin");
      await grantCoordinator(tx, ids.coordinatorA, [ids.areaA]);
      await grantCoordinator(tx, ids.coordinatorB, [ids.areaB]);
      await grantAdmin(tx, ids.admin);
    });
  });
  afterAll(() => database.cleanup());
}

export function ctxFor(userId: number | null, now = T0): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => now });
}

/** Every Tuesday 19:00–21:00 for four weeks from 17 March, across the spring change; one shift 19:00–20:30. */
export function weeklyInput(over: Partial<CreateActivityInput> = {}): CreateActivityInput {
  return {
    title: "Wandelvoetbal voor 60-plussers",
    description: "Rustig voetballen, zonder rennen.",
    category: "sports",
    organisationId: ids.org,
    address: "Eschweg 12",
    neighbourhoodId: ids.areaA,
    targetGroups: ["older-people"],
    startDate: "2026-03-17",
    startTime: "19:00",
    endTime: "21:00",
    repeat: "weekly",
    interval: 1,
    weekdays: [2],
    endKind: "count",
    count: 4,
    capacity: 2,
    shifts: [{ role: "Gastheer", needed: 1, startTime: "19:00", endTime: "20:30" }],
    ...over,
  };
}

export const amsterdam = (ms: number) =>
  new Intl.DateTimeFormat("nl-NL", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  })
    .format(ms)
    .replace(", ", " ");

export async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Validation)) throw new Error(`expected a Validation error, got ${String(error)}`);
  return error.fieldErrors;
}

export async function newPeople(n: number) {
  return database.write(async (tx) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await createUser(tx, { neighbourhoodId: ids.areaA })).id);
    return out;
  });
}

export async function sessionsOf(activityId: number) {
  return database.db
    .select()
    .from(activitySession)
    .where(eq(activitySession.activityId, activityId))
    .orderBy(asc(activitySession.startsAt));
}

export async function mailsLike(pattern: string) {
  return database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, pattern)).orderBy(asc(emailOutbox.id));
}

export const validShift = [{ role: "Gastheer", needed: 1, startTime: "19:00", endTime: "20:30", requiresVog: false }];

/** An organiser's weekly activity whose first session has the given number of participants and volunteers signed up. */
export async function activityWithSignups(participants: number, volunteers = 0) {
  const created = await createActivity({ ctx: await ctxFor(ids.member), input: weeklyInput({ shifts: validShift }) });
  const sessions = await sessionsOf(created.activityId);
  const first = sessions[0]!;
  const [firstShift] = await database.db.select().from(shift).where(eq(shift.sessionId, first.id));
  const people = await newPeople(participants + volunteers);
  const signups: number[] = [];
  for (const id of people.slice(0, participants)) {
    const r = await signUp({ ctx: await ctxFor(id), input: { sessionId: first.id, shiftId: null } });
    if ("signupId" in r) signups.push(r.signupId);
  }
  for (const id of people.slice(participants)) {
    await database.write((tx) => createVolunteerProfile(tx, { userId: id }));
    const r = await signUp({ ctx: await ctxFor(id), input: { sessionId: first.id, shiftId: firstShift!.id } });
    if ("signupId" in r) signups.push(r.signupId);
  }
  return { ...created, sessions, first, firstShift: firstShift!, people, signups };
}
