import { and, asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { emailOutbox, notificationSetting } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { scheduleHelpSessions } from "~/domain/help/sessions.server";
import {
  addMember,
  createActivity,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createUser,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// The world reminders.test.ts, reminders-settings-help.test.ts and reminders-guard.test.ts share: one database per
// test file with an organisation and seven people; the outbox and notification settings are emptied before each test.

export const zone = "Europe/Amsterdam";
const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const at = (iso: string, z = zone) => DateTime.fromISO(iso, { zone: z }).toMillis();
export const local = (ms: number, z = zone) => DateTime.fromMillis(ms, { zone: z }).toFormat("yyyy-MM-dd HH:mm ZZ");

export let database: TestDatabase;
/** The clock the tests move; reset before each test. */
export const clock = { now: at("2026-03-20T10:00") };
export let neighbourhoodId: number;
export let organisationId: number;
export const p = {} as Record<"organiser" | "alice" | "bob" | "carol" | "newYorker" | "volunteer" | "carer", number>;

/** Registers the shared world for the calling test file. */
export function setUpRemindersWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
      organisationId = (await createOrganisation(tx)).id;
      for (const key of ["organiser", "alice", "bob", "carol", "volunteer", "carer"] as const) {
        p[key] = (await createUser(tx, { neighbourhoodId, name: key })).id;
      }
      p.newYorker = (await createUser(tx, { neighbourhoodId, name: "newYorker", timeZone: "America/New_York", locale: "en" })).id;
      await addMember(tx, organisationId, p.organiser, "admin");
    });
  });
  afterAll(() => database.cleanup());
  beforeEach(async () => {
    clock.now = at("2026-03-20T10:00");
    await database.write(async (tx) => {
      await tx.delete(emailOutbox);
      await tx.delete(notificationSetting);
    });
  });
}

export const as = (who: keyof typeof p): Promise<Ctx> => ctxAs(database, p[who], { now: () => clock.now });

export async function sessionAt(startsAt: number, values: { capacity?: number | null; cancelCutoffHours?: number } = {}) {
  return database.write(async (tx) => {
    const a = await createActivity(tx, { organisationId, neighbourhoodId, cancelCutoffHours: values.cancelCutoffHours ?? 0 });
    return createSession(tx, { activityId: a.id, startsAt, capacity: values.capacity ?? null });
  });
}

/** A help request of the carer's, matched with the volunteer a day ago. */
export function matchedHelpRequest() {
  return database.write((tx) =>
    createHelpRequest(tx, {
      neighbourhoodId,
      requesterId: p.carer,
      status: "matched",
      matchedVolunteerId: p.volunteer,
      matchedAt: clock.now - DAY,
    }),
  );
}

/** A matched help request (matchedHelpRequest) with one helping session the volunteer planned on `date`, 14:00-16:00. */
export async function helpSessionOn(date: string) {
  const request = await matchedHelpRequest();
  await scheduleHelpSessions({
    ctx: await as("volunteer"),
    input: { requestId: request.id, date, startTime: "14:00", endTime: "16:00", repeat: "once" },
  });
  return request;
}

export async function reminders(filter: { userId?: number; topic?: string } = {}) {
  const rows = await database.db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.template, "reminder"),
        filter.userId === undefined ? undefined : eq(emailOutbox.userId, filter.userId),
        filter.topic === undefined ? undefined : eq(emailOutbox.topic, filter.topic),
      ),
    )
    .orderBy(asc(emailOutbox.runAt), asc(emailOutbox.id));
  return rows;
}

export const brief = (rows: Awaited<ReturnType<typeof reminders>>, z = zone) =>
  rows.map((r) => ({ key: r.idempotencyKey, status: r.status, at: local(r.runAt, z) }));
