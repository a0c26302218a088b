import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  careCircle,
  careRecipient,
  circleMember,
  circleTask,
  circleTaskClaim,
  circleTaskOccurrence,
  circleUpdate,
  conversation,
  message,
  user,
} from "#db/schema";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { getCircleHandOff, loadCircleForMember } from "~/domain/circles";
import { NotFound } from "~/domain/errors";
import { DEMO_ACCOUNTS, seedDatabase } from "~/demo/seed";
import { DEMO_CIRCLE_NAME } from "~/demo/seed-circles";
import { ctxAs } from "#tests/support/ctx";

// The demo seed's care circle: the demo carer leads a circle around the person she cares for, with
// three more demo users, a week of tasks from the seed's "today" (one recurring, some claimed, some
// open), two updates and a short conversation. Seeded on a Saturday and on the spring DST day.

const DAY = 86_400_000;

describe.each([
  { label: "on a Saturday morning", now: Date.UTC(2026, 10, 28, 9, 0) },
  { label: "on the spring DST day", now: Date.UTC(2026, 2, 29, 12, 0) },
])("the demo circle, seeded $label", ({ now }) => {
  let database: Database;
  let dir: string;
  let circleId: number;
  const idOf = async (email: string) => (await database.db.query.user.findFirst({ where: eq(user.email, email) }))!.id;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "noaber-seed-circles-"));
    database = createDatabase({ url: `file:${path.join(dir, "seed.db")}` });
    await migrateDatabase(database);
    expect(await seedDatabase(database, { now })).toEqual({ seeded: true });
    const [circle] = await database.db.select().from(careCircle).where(eq(careCircle.name, DEMO_CIRCLE_NAME));
    circleId = circle!.id;
  });
  afterAll(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the carer leads it, around Gerrit, with 4 demo users as members", async () => {
    const maria = await idOf(DEMO_ACCOUNTS.carer);
    const [circle] = await database.db
      .select({ recipient: careRecipient.firstName, carer: careRecipient.carerId })
      .from(careCircle)
      .innerJoin(careRecipient, eq(careRecipient.id, careCircle.careRecipientId))
      .where(eq(careCircle.id, circleId));
    expect(circle).toEqual({ recipient: "Gerrit", carer: maria });
    const members = await database.db
      .select({ email: user.email, role: circleMember.role, leftAt: circleMember.leftAt })
      .from(circleMember)
      .innerJoin(user, eq(user.id, circleMember.userId))
      .where(eq(circleMember.circleId, circleId));
    expect(members.filter((m) => m.leftAt === null)).toHaveLength(4);
    expect(members.find((m) => m.role === "lead")!.email).toBe(DEMO_ACCOUNTS.carer);
    expect(members.map((m) => m.email)).toEqual(
      expect.arrayContaining([DEMO_ACCOUNTS.volunteer, DEMO_ACCOUNTS.organisationMember, "vrijwilliger2@example.org"]),
    );
  });

  test("a week of tasks from today: one recurring, some claimed, some with a place open", async () => {
    const tasks = await database.db.select().from(circleTask).where(eq(circleTask.circleId, circleId));
    expect(tasks).toHaveLength(5);
    const occurrences = await database.db.select().from(circleTaskOccurrence).where(eq(circleTaskOccurrence.circleId, circleId));
    const perTask = (taskId: number) => occurrences.filter((o) => o.taskId === taskId).length;
    expect(tasks.filter((t) => perTask(t.id) > 1).map((t) => perTask(t.id))).toEqual([7]);
    expect(occurrences.every((o) => o.startsAt > now && o.startsAt < now + 8 * DAY)).toBe(true);
    // Every evening meal at 17:30 local, on both sides of a clock change.
    const meals = tasks.find((t) => t.kind === "meal")!;
    const times = occurrences
      .filter((o) => o.taskId === meals.id)
      .map((o) => new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", timeStyle: "short" }).format(o.startsAt));
    expect(new Set(times)).toEqual(new Set(["17:30"]));
    const claims = await database.db.select().from(circleTaskClaim);
    const taken = (occurrenceId: number) => claims.filter((c) => c.occurrenceId === occurrenceId).length;
    expect(occurrences.filter((o) => taken(o.id) > 0).length).toBeGreaterThanOrEqual(3);
    expect(occurrences.filter((o) => taken(o.id) < o.places)).toHaveLength(4);
  });

  test("two updates on the board and a short conversation", async () => {
    expect(await database.db.select().from(circleUpdate).where(eq(circleUpdate.circleId, circleId))).toHaveLength(2);
    const [talk] = await database.db.select().from(conversation).where(eq(conversation.circleId, circleId));
    expect(await database.db.select().from(message).where(eq(message.conversationId, talk!.id))).toHaveLength(3);
  });

  test("members see it, the coordinator does not; the carer can hand off the open tasks", async () => {
    const as = async (email: string) => ctxAs(database, await idOf(email), { now: () => now });
    expect((await loadCircleForMember(await as(DEMO_ACCOUNTS.volunteer), circleId)).member.role).toBe("member");
    await expect(loadCircleForMember(await as(DEMO_ACCOUNTS.coordinator), circleId)).rejects.toBeInstanceOf(NotFound);
    const handOff = await getCircleHandOff({ ctx: await as(DEMO_ACCOUNTS.carer), input: { id: circleId } });
    expect(handOff.openTasks).toBe(4);
    expect(handOff.kinds).toEqual(expect.arrayContaining(["meal", "shopping", "chores"]));
  });
});
