import { parseWithZod } from "@conform-to/zod";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import type { HelpInviteStatus, HelpRequestStatus } from "~/domain/vocabulary";
import { careAccessLog, helpInvite, helpRequest } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { Conflict } from "~/domain/errors";
import { helpRequestSchema, type helpRequestEditSchema, type intakeSchema } from "~/domain/help/request-schemas";
import { createHelpRequest } from "~/domain/help";
import {
  createMunicipality,
  createNeighbourhood,
  createSkill,
  createUser,
  createVolunteerProfile,
  grantAdmin,
  grantCoordinator,
  makeAdjacent,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The world help-requests.test.ts and help-request-answers.test.ts share: a town with three
// neighbourhoods and one elsewhere, a carer, volunteers near and far, coordinators, an admin.

export let database: TestDatabase;
// Saturday 28 November 2026, 10:00 UTC (11:00 in Amsterdam).
export const now = Date.UTC(2026, 10, 28, 10, 0);

export type Who =
  "carer" | "volunteerA" | "volunteerB" | "vogVolunteer" | "farVolunteer" | "coordNorth" | "coordSouth" | "resident" | "admin";
export const ids = {} as Record<Who | "north" | "south" | "east" | "elsewhere" | "dementia", number>;

/** Registers the shared world for the calling test file. */
export function setUpHelpRequestsWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const other = await createMunicipality(tx);
      ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
      ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
      ids.east = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
      ids.elsewhere = (await createNeighbourhood(tx, { municipalityId: other.id, name: "Elders" })).id;
      await makeAdjacent(tx, ids.north, ids.south);
      ids.carer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Carla Zorg", phone: "06-12345678" })).id;
      ids.volunteerA = (await createUser(tx, { neighbourhoodId: ids.north, name: "Vera Vrijwilliger" })).id;
      ids.volunteerB = (await createUser(tx, { neighbourhoodId: ids.north, name: "Bas Buur" })).id;
      ids.vogVolunteer = (await createUser(tx, { neighbourhoodId: ids.south, name: "Vince VOG" })).id;
      ids.farVolunteer = (await createUser(tx, { neighbourhoodId: ids.east, name: "Fien Ver" })).id;
      await createVolunteerProfile(tx, { userId: ids.volunteerA });
      await createVolunteerProfile(tx, { userId: ids.volunteerB });
      await createVolunteerProfile(tx, {
        userId: ids.vogVolunteer,
        travelRange: "adjacent",
        vogStatus: "valid",
        vogValidUntil: "2027-12-31",
      });
      await createVolunteerProfile(tx, { userId: ids.farVolunteer, travelRange: "own" });
      ids.coordNorth = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coördinator Noord" })).id;
      await grantCoordinator(tx, ids.coordNorth, [ids.north]);
      ids.coordSouth = (await createUser(tx, { neighbourhoodId: ids.south, name: "Coördinator Zuid" })).id;
      await grantCoordinator(tx, ids.coordSouth, [ids.south]);
      ids.resident = (await createUser(tx, { neighbourhoodId: ids.north, name: "Rik Rest" })).id;
      ids.admin = (await createUser(tx, { neighbourhoodId: ids.south })).id;
      await grantAdmin(tx, ids.admin);
      ids.dementia = (await createSkill(tx, { slug: `dementie-${Date.now()}`, nameNl: "Dementie", nameEn: "Dementia" })).id;
    });
  });
  afterAll(() => database.cleanup());
}

export function as(who: Who | null, at = now): Promise<Ctx> {
  return ctxAs(database, who === null ? null : ids[who], { now: () => at });
}

export function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}
export const baseFields = () => ({
  kind: "respite",
  schedule: "windows",
  "windows[0].date": "2026-12-01",
  "windows[0].startTime": "14:00",
  "windows[0].endTime": "17:00",
  neighbourhoodId: String(ids.north),
  address: "Dorpsstraat 12",
  urgency: "normal",
  publicText: "Mijn man heeft gezelschap nodig, dan kan ik even boodschappen doen.",
});
export function valid<S extends typeof helpRequestSchema | typeof helpRequestEditSchema | typeof intakeSchema>(
  schema: S,
  fields: Record<string, string | string[]>,
) {
  const submission = parseWithZod(form(fields), { schema });
  if (submission.status !== "success") throw new Error(`expected a valid form: ${JSON.stringify(submission.error)}`);
  return submission.value as S["_output"];
}
export function schemaErrors(schema: typeof helpRequestSchema | typeof intakeSchema, fields: Record<string, string | string[]>) {
  const submission = parseWithZod(form(fields), { schema });
  expect(submission.status).toBe("error");
  return submission.status === "error" ? submission.error : null;
}
export async function conflictKey(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Conflict);
  return (error as Conflict).message;
}

export async function newRequest(extra: Record<string, string | string[]> = {}, who: Who = "carer") {
  return (await createHelpRequest({ ctx: await as(who), input: valid(helpRequestSchema, { ...baseFields(), ...extra }) })).id;
}
export async function setStatus(id: number, status: HelpRequestStatus, matchedVolunteerId?: number) {
  await database.write((tx) =>
    tx
      .update(helpRequest)
      .set({ status, matchedVolunteerId: matchedVolunteerId ?? null })
      .where(eq(helpRequest.id, id)),
  );
}
export async function invite(id: number, who: Who, status: HelpInviteStatus = "asked") {
  await database.write((tx) =>
    tx.insert(helpInvite).values({ requestId: id, volunteerId: ids[who], status, askedById: ids.coordNorth, createdAt: now }),
  );
}
export const inviteOf = async (id: number, who: Who) =>
  database.db.query.helpInvite.findFirst({ where: and(eq(helpInvite.requestId, id), eq(helpInvite.volunteerId, ids[who])) });
export const statusOf = async (id: number) => (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!.status;
export const logsOf = (id: number) =>
  database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, id)).orderBy(asc(careAccessLog.id));
