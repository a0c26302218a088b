import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { initiative, initiativePartner } from "#db/schema";
import type { InitiativeInput } from "~/domain/organisations/schemas";
import type { Ctx } from "~/domain/context.server";
import { NotFound, Unauthenticated } from "~/domain/errors";
import {
  createInitiative,
  getInitiative,
  getInitiativeForEdit,
  getNewInitiativeForm,
  INITIATIVES_PER_PAGE,
  listInitiatives,
  toggleInterest,
  updateInitiative,
} from "~/domain/organisations/initiatives.server";
import {
  addMember,
  createActivity,
  createInitiative as createInitiativeRow,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSignupRecord,
  createUser,
  grantAdmin,
  grantCoordinator,
  serveNeighbourhoods,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";

let database: TestDatabase;
// 28 November 2026, 10:00 UTC: "today" is 2026-11-28 in Amsterdam.
const now = Date.UTC(2026, 10, 28, 10, 0);
const HOUR = 3_600_000;

const ids = {} as Record<
  | "area"
  | "otherArea"
  | "admin"
  | "coordinator"
  | "resident"
  | "clubAdmin"
  | "clubMember"
  | "partnerAdmin"
  | "otherAdmin"
  | "club"
  | "partner"
  | "pendingOrg"
  | "otherClub",
  number
>;
let clubSlug = "";

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.area = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    ids.otherArea = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    const person = async () => (await createUser(tx, { neighbourhoodId: ids.area })).id;
    ids.admin = await person();
    await grantAdmin(tx, ids.admin);
    ids.coordinator = await person();
    await grantCoordinator(tx, ids.coordinator, [ids.otherArea]);
    ids.resident = await person();
    ids.clubAdmin = await person();
    ids.clubMember = await person();
    ids.partnerAdmin = await person();
    ids.otherAdmin = await person();
    const club = await createOrganisation(tx, { name: "Buurthuis Centrum" });
    clubSlug = club.slug;
    ids.club = club.id;
    await serveNeighbourhoods(tx, club.id, [ids.area]);
    await addMember(tx, club.id, ids.clubAdmin, "admin");
    await addMember(tx, club.id, ids.clubMember, "member");
    ids.partner = (await createOrganisation(tx, { name: "Bibliotheek" })).id;
    await addMember(tx, ids.partner, ids.partnerAdmin, "admin");
    ids.otherClub = (await createOrganisation(tx, { name: "Tennisclub" })).id;
    await addMember(tx, ids.otherClub, ids.otherAdmin, "admin");
    ids.pendingOrg = (await createOrganisation(tx, { name: "Nog niet goedgekeurd", status: "pending" })).id;
    await serveNeighbourhoods(tx, ids.pendingOrg, [ids.area]);
  });
});
afterAll(() => database.cleanup());

async function ctxFor(userId: number | null, timeZone?: string): Promise<Ctx> {
  const ctx = await ctxAs(database, userId, { now: () => now });
  return { ...ctx, actor: ctx.actor && timeZone ? { ...ctx.actor, timeZone } : ctx.actor };
}
const as = (who: keyof typeof ids | null) => ctxFor(who === null ? null : ids[who]);

const input = (values: Partial<InitiativeInput> = {}): InitiativeInput => ({
  title: "Samen koken",
  goal: "Minder eenzaamheid onder ouderen.",
  description: "Elke week koken en eten we samen.",
  targetGroups: ["older-people", "newcomers"],
  startsOn: "2026-12-01",
  endsOn: "2027-06-30",
  partnerIds: [],
  ...values,
});

describe("creating and editing initiatives", () => {
  test("a member of the organisation creates one with partners", async () => {
    const ctx = await as("clubMember");
    const form = await getNewInitiativeForm({ ctx, input: { organisationSlug: clubSlug } });
    // Partners: approved organisations other than the own one; pending ones are not offered.
    expect(form.partnerChoices.map((p) => p.name)).toEqual(["Bibliotheek", "Tennisclub"]);
    const { id } = await createInitiative({ ctx, input: { ...input({ partnerIds: [ids.partner] }), organisationSlug: clubSlug } });
    const page = await getInitiative({ ctx: await as(null), input: { id } });
    expect(page.initiative).toMatchObject({
      title: "Samen koken",
      targetGroups: ["older-people", "newcomers"],
      startsOn: "2026-12-01",
      endsOn: "2027-06-30",
    });
    expect(page.organisation.slug).toBe(clubSlug);
    expect(page.partners.map((p) => p.name)).toEqual(["Bibliotheek"]);
    expect(page.canEdit).toBe(false);
  });

  test("a resident, another organisation's admin, a partner's admin and a coordinator may not create or edit", async () => {
    const existing = await database.write((tx) =>
      createInitiativeRow(tx, { organisationId: ids.club, title: "Bestaand", partnerIds: [ids.partner] }),
    );
    for (const who of ["resident", "otherAdmin", "partnerAdmin", "coordinator"] as const) {
      const ctx = await as(who);
      await expect(createInitiative({ ctx, input: { ...input(), organisationSlug: clubSlug } })).rejects.toBeInstanceOf(NotFound);
      await expect(getInitiativeForEdit({ ctx, input: { id: existing.id } })).rejects.toBeInstanceOf(NotFound);
      await expect(updateInitiative({ ctx, input: { ...input({ title: "Gekaapt" }), id: existing.id } })).rejects.toBeInstanceOf(NotFound);
    }
    await expect(createInitiative({ ctx: await as(null), input: { ...input(), organisationSlug: clubSlug } })).rejects.toBeInstanceOf(
      Unauthenticated,
    );
    const row = await database.db.query.initiative.findFirst({ where: eq(initiative.id, existing.id) });
    expect(row?.title).toBe("Bestaand");
  });

  test("bad input gives field messages: end before start, end in the past, no group, a date that does not exist, a partner not on the list", async () => {
    const ctx = await as("clubAdmin");
    const create = (values: Partial<InitiativeInput>) => createInitiative({ ctx, input: { ...input(values), organisationSlug: clubSlug } });
    expect(await fieldErrors(create({ startsOn: "2027-01-10", endsOn: "2027-01-01" }))).toEqual({
      endsOn: ["community.errors.endBeforeStart"],
    });
    expect(await fieldErrors(create({ startsOn: "2026-01-01", endsOn: "2026-11-27" }))).toEqual({
      endsOn: ["community.errors.dateInPast"],
    });
    expect(await fieldErrors(create({ targetGroups: [] }))).toEqual({ targetGroups: ["community.errors.targetGroupsRequired"] });
    expect(await fieldErrors(create({ startsOn: "2026-02-30", endsOn: undefined }))).toEqual({
      startsOn: ["community.errors.dateInvalid"],
    });
    expect(await fieldErrors(create({ partnerIds: [ids.pendingOrg] }))).toEqual({ partnerIds: ["community.errors.partnerInvalid"] });
    expect(await fieldErrors(create({ partnerIds: [ids.club] }))).toEqual({ partnerIds: ["community.errors.partnerInvalid"] });
    expect(await fieldErrors(create({ title: "x".repeat(121) }))).toEqual({ title: ["community.errors.tooLong"] });
  });

  test("an initiative that already ended can still be edited without moving its end date", async () => {
    const ended = await database.write((tx) =>
      createInitiativeRow(tx, { organisationId: ids.club, startsOn: "2025-01-01", endsOn: "2025-12-31" }),
    );
    const ctx = await as("clubAdmin");
    const { values } = await getInitiativeForEdit({ ctx, input: { id: ended.id } });
    await updateInitiative({
      ctx,
      input: { ...values, description: "Afgerond met een feest.", partnerIds: [ids.partner, ids.otherClub], id: ended.id },
    });
    const row = await database.db.query.initiative.findFirst({ where: eq(initiative.id, ended.id) });
    expect(row).toMatchObject({ description: "Afgerond met een feest.", endsOn: "2025-12-31" });
    const partners = await database.db.select().from(initiativePartner).where(eq(initiativePartner.initiativeId, ended.id));
    expect(partners.map((p) => p.organisationId).sort()).toEqual([ids.partner, ids.otherClub].sort());
    expect(await fieldErrors(updateInitiative({ ctx, input: { ...values, endsOn: "2026-01-31", id: ended.id } }))).toEqual({
      endsOn: ["community.errors.dateInPast"],
    });
  });

  test("'today' is the person's own date: just after midnight in Amsterdam, yesterday there is the past", async () => {
    // 2026-03-28 23:30 UTC is already 29 March 00:30 in Amsterdam (the night the clocks go forward).
    const justAfterMidnight = Date.UTC(2026, 2, 28, 23, 30);
    const amsterdam = { ...(await as("clubAdmin")), now: () => justAfterMidnight };
    const newYork = { ...(await ctxFor(ids.clubAdmin, "America/New_York")), now: () => justAfterMidnight };
    const values = { ...input({ startsOn: "2026-03-01", endsOn: "2026-03-28" }), organisationSlug: clubSlug };
    expect(await fieldErrors(createInitiative({ ctx: amsterdam, input: values }))).toEqual({ endsOn: ["community.errors.dateInPast"] });
    await expect(createInitiative({ ctx: newYork, input: values })).resolves.toHaveProperty("id");
  });
});

describe("visibility and the list", () => {
  test("initiatives of a pending organisation are not listed and not public", async () => {
    const hidden = await database.write((tx) => createInitiativeRow(tx, { organisationId: ids.pendingOrg, title: "Verborgen plan" }));
    const { items } = await listInitiatives({ ctx: await as(null), input: { targetGroup: null, page: 1 } });
    expect(items.map((i) => i.title)).not.toContain("Verborgen plan");
    await expect(getInitiative({ ctx: await as("resident"), input: { id: hidden.id } })).rejects.toBeInstanceOf(NotFound);
    await expect(getInitiative({ ctx: await as("admin"), input: { id: hidden.id } })).resolves.toHaveProperty(
      "initiative.title",
      "Verborgen plan",
    );
    await expect(getInitiative({ ctx: await as(null), input: { id: 999_999 } })).rejects.toBeInstanceOf(NotFound);
  });

  test("the list filters by target group and is paginated", async () => {
    const org = await database.write((tx) => createOrganisation(tx, { name: "Jeugdwerk" }));
    await database.write(async (tx) => {
      for (let i = 0; i < INITIATIVES_PER_PAGE + 1; i++) {
        await createInitiativeRow(tx, {
          organisationId: org.id,
          title: `Jeugd ${i}`,
          targetGroups: ["youth", "low-income"],
          startsOn: "2020-01-01",
        });
      }
    });
    const ctx = await as(null);
    const youth = await listInitiatives({ ctx, input: { targetGroup: "youth", page: 1 } });
    expect(youth.total).toBe(INITIATIVES_PER_PAGE + 1);
    expect(youth.items).toHaveLength(INITIATIVES_PER_PAGE);
    expect(youth.pages).toBe(2);
    expect(youth.items.every((i) => i.targetGroups.includes("youth"))).toBe(true);
    const second = await listInitiatives({ ctx, input: { targetGroup: "youth", page: 2 } });
    expect(second.items).toHaveLength(1);
    const carers = await listInitiatives({ ctx, input: { targetGroup: "carers", page: 1 } });
    expect(carers.items.map((i) => i.title)).not.toContain("Jeugd 0");
    const older = await listInitiatives({ ctx, input: { targetGroup: "older-people", page: 1 } });
    expect(older.items.map((i) => i.title)).toContain("Samen koken");
  });
});

describe("I'm interested", () => {
  test("a signed-in person switches it on and off; the count follows; twice on counts once", async () => {
    const { id } = await database.write((tx) => createInitiativeRow(tx, { organisationId: ids.club, title: "Repair café" }));
    const resident = await as("resident");
    await toggleInterest({ ctx: resident, input: { initiativeId: id, interested: true } });
    await toggleInterest({ ctx: resident, input: { initiativeId: id, interested: true } });
    await toggleInterest({ ctx: await as("clubMember"), input: { initiativeId: id, interested: true } });
    expect((await getInitiative({ ctx: resident, input: { id } })).interest).toEqual({ count: 2, mine: true });
    expect((await getInitiative({ ctx: await as(null), input: { id } })).interest).toEqual({ count: 2, mine: false });
    await toggleInterest({ ctx: resident, input: { initiativeId: id, interested: false } });
    expect((await getInitiative({ ctx: resident, input: { id } })).interest).toEqual({ count: 1, mine: false });
    const listed = await listInitiatives({ ctx: resident, input: { targetGroup: null, page: 1 } });
    expect(listed.items.find((i) => i.id === id)?.interested).toBe(1);
  });

  test("needs a signed-in person, and a visible initiative", async () => {
    const hidden = await database.write((tx) => createInitiativeRow(tx, { organisationId: ids.pendingOrg }));
    await expect(toggleInterest({ ctx: await as(null), input: { initiativeId: hidden.id, interested: true } })).rejects.toBeInstanceOf(
      Unauthenticated,
    );
    await expect(
      toggleInterest({ ctx: await as("resident"), input: { initiativeId: hidden.id, interested: true } }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe("reach", () => {
  test("counts participations, unique participants and volunteer hours from the sign-ups of the initiative's activities", async () => {
    const { target, other } = await database.write(async (tx) => {
      const target = await createInitiativeRow(tx, { organisationId: ids.club, title: "Bewegen in de wijk", partnerIds: [ids.partner] });
      const other = await createInitiativeRow(tx, { organisationId: ids.club, title: "Ander initiatief" });
      const act = await createActivity(tx, { organisationId: ids.club, neighbourhoodId: ids.area, initiativeId: target.id });
      const otherAct = await createActivity(tx, { organisationId: ids.club, neighbourhoodId: ids.area, initiativeId: other.id });
      const s1 = await createSession(tx, { activityId: act.id, startsAt: now - 72 * HOUR });
      const s2 = await createSession(tx, { activityId: act.id, startsAt: now - 24 * HOUR });
      const cancelled = await createSession(tx, { activityId: act.id, startsAt: now + 24 * HOUR, status: "cancelled" });
      const shift = await createShift(tx, { sessionId: s1.id, startsAt: s1.startsAt, endsAt: s1.endsAt, needed: 3 });
      const otherSession = await createSession(tx, { activityId: otherAct.id, startsAt: now - 24 * HOUR });
      const people = [];
      for (let i = 0; i < 7; i++) people.push((await createUser(tx, { neighbourhoodId: ids.area })).id);
      const [p1, p2, p3, p4, v1, v2, v3] = people as [number, number, number, number, number, number, number];
      // Counted as participations: p1 twice (two sessions), p2 once with attendance present.
      await createSignupRecord(tx, { sessionId: s1.id, userId: p1, status: "confirmed" });
      await createSignupRecord(tx, { sessionId: s2.id, userId: p1, status: "confirmed" });
      await createSignupRecord(tx, { sessionId: s2.id, userId: p2, status: "confirmed", attendance: "present" });
      // Not counted: waitlisted, cancelled, marked absent, in a cancelled session, another initiative.
      await createSignupRecord(tx, { sessionId: s1.id, userId: p3, status: "waitlisted" });
      await createSignupRecord(tx, { sessionId: s2.id, userId: p3, status: "cancelled" });
      await createSignupRecord(tx, { sessionId: s1.id, userId: p4, status: "confirmed", attendance: "absent" });
      await createSignupRecord(tx, { sessionId: cancelled.id, userId: p4, status: "confirmed" });
      await createSignupRecord(tx, { sessionId: otherSession.id, userId: p4, status: "confirmed" });
      // Volunteers: v1 present 90 minutes, v2 present 45 minutes; v3 absent (minutes ignored).
      await createSignupRecord(tx, {
        sessionId: s1.id,
        shiftId: shift.id,
        userId: v1,
        status: "confirmed",
        attendance: "present",
        minutes: 90,
      });
      await createSignupRecord(tx, {
        sessionId: s1.id,
        shiftId: shift.id,
        userId: v2,
        status: "confirmed",
        attendance: "present",
        minutes: 45,
      });
      await createSignupRecord(tx, {
        sessionId: s1.id,
        shiftId: shift.id,
        userId: v3,
        status: "confirmed",
        attendance: "absent",
        minutes: 120,
      });
      return { target, other };
    });
    const expected = { participations: 3, uniqueParticipants: 2, volunteers: 2, volunteerMinutes: 135 };
    expect((await getInitiative({ ctx: await as("clubMember"), input: { id: target.id } })).reach).toEqual(expected);
    expect((await getInitiative({ ctx: await as("admin"), input: { id: target.id } })).reach).toEqual(expected);
    expect((await getInitiative({ ctx: await as("clubAdmin"), input: { id: other.id } })).reach).toEqual({
      participations: 1,
      uniqueParticipants: 1,
      volunteers: 0,
      volunteerMinutes: 0,
    });
    // Not for the public, a resident, a partner organisation or a coordinator.
    for (const who of [null, "resident", "partnerAdmin", "coordinator"] as const) {
      expect((await getInitiative({ ctx: await as(who), input: { id: target.id } })).reach).toBeNull();
    }
  });
});
