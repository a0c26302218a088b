import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, notificationSetting, signup } from "#db/schema";
import { renderEmail } from "#emails/render";
import { AFTER_SESSION_LOOKBACK_MS, promptAfterSessions } from "~/domain/activities/after-session.server";
import { guardEmail } from "~/domain/notifications/email-guard.server";
import { createMaintenanceTicker } from "~/server/maintenance.server";
import {
  addMember,
  createActivity,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";

// After a session: the organiser is asked once to record attendance, each shift or helping
// volunteer once to confirm their hours; never twice (two ticks, two instances), never for old
// sessions, never to someone who switched these mails off (and the send-time guard agrees).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 28, 12, 0);

let database: TestDatabase;
const ids = {} as Record<
  | "admin"
  | "member"
  | "loneMember"
  | "volunteer"
  | "quiet"
  | "participant"
  | "helper"
  | "session"
  | "oldSession"
  | "shiftSignup"
  | "quietSignup"
  | "helpSession"
  | "request"
  | "soloSession"
  | "recordedSession",
  number
>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    const person = async (name: string, extra: { locale?: "nl" | "en" } = {}) =>
      (await createUser(tx, { neighbourhoodId: area.id, name, ...extra })).id;
    ids.admin = await person("Ada Admin");
    ids.member = await person("Mo Member");
    ids.loneMember = await person("Lone Member", { locale: "en" });
    ids.volunteer = await person("Vera Vrijwilliger");
    ids.quiet = await person("Quinten Stil");
    ids.participant = await person("Piet Deelnemer");
    ids.helper = await person("Hanna Helper", { locale: "en" });
    const carer = await person("Carla Mantelzorger");

    const org = await createOrganisation(tx);
    await addMember(tx, org.id, ids.admin, "admin");
    await addMember(tx, org.id, ids.member, "member");
    const act = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Buurtmaaltijd" });
    const session = await createSession(tx, { activityId: act.id, startsAt: NOW - 4 * HOUR, endsAt: NOW - 2 * HOUR });
    ids.session = session.id;
    await createSignupRecord(tx, { sessionId: session.id, userId: ids.participant });
    const kitchen = await createShift(tx, { sessionId: session.id, role: "Kok", startsAt: NOW - 5 * HOUR, endsAt: NOW - 2 * HOUR });
    ids.shiftSignup = (await createSignupRecord(tx, { sessionId: session.id, shiftId: kitchen.id, userId: ids.volunteer })).id;
    const dishes = await createShift(tx, { sessionId: session.id, role: "Afwas", needed: 2, startsAt: NOW - 3 * HOUR, endsAt: NOW - HOUR });
    ids.quietSignup = (await createSignupRecord(tx, { sessionId: session.id, shiftId: dishes.id, userId: ids.quiet })).id;
    await tx.insert(notificationSetting).values({ userId: ids.quiet, afterSession: false, updatedAt: NOW - DAY });

    // Ended a week ago: before the look-back, so no prompts (no flood after a deploy).
    const old = await createSession(tx, { activityId: act.id, startsAt: NOW - 7 * DAY, endsAt: NOW - 7 * DAY + 2 * HOUR });
    ids.oldSession = old.id;
    await createSignupRecord(tx, { sessionId: old.id, userId: ids.participant });
    const oldShift = await createShift(tx, { sessionId: old.id, startsAt: old.startsAt, endsAt: old.endsAt });
    await createSignupRecord(tx, { sessionId: old.id, shiftId: oldShift.id, userId: ids.volunteer });

    // An organisation without admins: every member may record attendance, so every member is asked.
    const small = await createOrganisation(tx);
    await addMember(tx, small.id, ids.loneMember, "member");
    const smallAct = await createActivity(tx, { organisationId: small.id, neighbourhoodId: area.id, title: "Koffie-ochtend" });
    ids.soloSession = (await createSession(tx, { activityId: smallAct.id, startsAt: NOW - 3 * HOUR, endsAt: NOW - HOUR })).id;
    await createSignupRecord(tx, { sessionId: ids.soloSession, userId: ids.participant });

    // Attendance already recorded for everyone: nothing to ask.
    ids.recordedSession = (await createSession(tx, { activityId: smallAct.id, startsAt: NOW - 30 * HOUR, endsAt: NOW - 28 * HOUR })).id;
    await createSignupRecord(tx, { sessionId: ids.recordedSession, userId: ids.participant, attendance: "present" });

    // A session still running: not yet.
    const running = await createSession(tx, { activityId: act.id, startsAt: NOW - HOUR, endsAt: NOW + HOUR });
    await createSignupRecord(tx, { sessionId: running.id, userId: ids.participant });

    const request = await createHelpRequest(tx, {
      neighbourhoodId: area.id,
      requesterId: carer,
      status: "matched",
      matchedVolunteerId: ids.helper,
      matchedAt: NOW - 5 * DAY,
    });
    ids.request = request.id;
    ids.helpSession = (await createHelpSession(tx, { requestId: request.id, startsAt: NOW - 3 * HOUR, endsAt: NOW - HOUR })).id;
    await createHelpSession(tx, {
      requestId: request.id,
      startsAt: NOW - 6 * HOUR,
      endsAt: NOW - 5 * HOUR,
      confirmedAt: NOW - 4 * HOUR,
      minutes: 60,
    });
    await createHelpSession(tx, { requestId: request.id, startsAt: NOW - 2 * DAY, endsAt: NOW - 2 * DAY + HOUR, status: "cancelled" });
  });
});
afterAll(() => database.cleanup());

const prompts = () => database.db.select().from(emailOutbox).where(eq(emailOutbox.template, "after-session"));

describe("after-session prompts", () => {
  test("only sessions that ended in the last 72 hours are looked at", () => {
    expect(AFTER_SESSION_LOOKBACK_MS).toBe(72 * HOUR);
  });

  test("asks the organiser to record attendance and each volunteer to confirm hours, once, even with two ticks at once", async () => {
    const ctx = await ctxAs(database, null, { now: () => NOW });
    const [first, second] = await Promise.all([promptAfterSessions({ ctx }), promptAfterSessions({ ctx })]);
    expect(first.queued + second.queued).toBe(4);
    expect((await promptAfterSessions({ ctx })).queued).toBe(0);
    // Another instance's ticker, a tick later, adds nothing either.
    const ticker = createMaintenanceTicker({
      database,
      keys: defaultTestKeys,
      logger: createMemoryLogger(),
      appUrl: "http://localhost:3000",
      defaultTimeZone: "Europe/Amsterdam",
      now: () => NOW + 5 * 60_000,
    });
    expect((await ticker.runOnce()).afterSession).toEqual({ queued: 0 });

    const rows = await prompts();
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual(
      [
        // Admins of the organisation, not its other members.
        `after-session/attendance-${ids.session}/${ids.admin}`,
        // No admin: the members are asked.
        `after-session/attendance-${ids.soloSession}/${ids.loneMember}`,
        `after-session/shift-signup-${ids.shiftSignup}`,
        `after-session/help-session-${ids.helpSession}`,
      ].sort(),
    );
    const of = (userId: number) => rows.find((r) => r.userId === userId)!;
    expect(of(ids.admin)).toMatchObject({ toAddress: expect.stringContaining("@") as string, status: "pending", runAt: NOW });
    expect(of(ids.admin).props).toMatchObject({
      variant: "attendance",
      title: "Buurtmaaltijd",
      url: `http://localhost:3000/sessions/${ids.session}/attendance`,
    });
    expect(of(ids.volunteer).props).toMatchObject({
      variant: "shiftHours",
      role: "Kok",
      url: `http://localhost:3000/me/hours#signup-${ids.shiftSignup}`,
    });
    expect(of(ids.helper).props).toMatchObject({
      variant: "helpHours",
      helpKind: "respite",
      url: `http://localhost:3000/requests/${ids.request}/sessions`,
    });
    expect(of(ids.helper).locale).toBe("en");
  });

  test("no prompt for the old session, for someone who switched them off, or where nothing is left to record", async () => {
    const keys = (await prompts()).map((r) => r.idempotencyKey);
    expect(keys.some((k) => k.includes(`attendance-${ids.oldSession}/`))).toBe(false);
    expect(keys.some((k) => k.includes(`attendance-${ids.recordedSession}/`))).toBe(false);
    expect(keys).not.toContain(`after-session/shift-signup-${ids.quietSignup}`);
    expect((await prompts()).some((r) => r.userId === ids.member || r.userId === ids.quiet)).toBe(false);
  });

  test("a volunteer whose hours are already recorded is not asked", async () => {
    await database.write((tx) => tx.update(signup).set({ attendance: "present", minutes: 180 }).where(eq(signup.id, ids.quietSignup)));
    await database.write((tx) =>
      tx.update(notificationSetting).set({ afterSession: true }).where(eq(notificationSetting.userId, ids.quiet)),
    );
    const ctx = await ctxAs(database, null, { now: () => NOW });
    expect((await promptAfterSessions({ ctx })).queued).toBe(0);
  });

  test("the email asks in the recipient's language and zone, with the link and no care details", async () => {
    const [row] = await database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, `after-session/help-session-%`));
    const mail = await renderEmail({
      template: row!.template,
      locale: row!.locale,
      timeZone: row!.timeZone,
      props: row!.props,
      secrets: {},
    });
    expect(mail.subject).toBe("Your hours for help: a break (respite) or company");
    expect(mail.text).toContain("Confirm hours");
    expect(mail.text).toContain(`/requests/${ids.request}/sessions`);
    expect(mail.text).toContain("10:00 – 12:00"); // 09:00–11:00 UTC is 10:00–12:00 in Amsterdam
    expect(mail.text).not.toContain("Carla");
    expect(mail.text).not.toContain("Dorpsstraat");
    const [nl] = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `after-session/attendance-${ids.session}/${ids.admin}`));
    const dutch = await renderEmail({ template: nl!.template, locale: nl!.locale, timeZone: nl!.timeZone, props: nl!.props, secrets: {} });
    expect(dutch.subject).toBe("Wie was er bij Buurtmaaltijd?");
    expect(dutch.text).toContain("Aanwezigheid invullen");
  });

  test("switched off after it was queued: the send-time guard cancels it", async () => {
    const [row] = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "after-session"), eq(emailOutbox.userId, ids.volunteer)));
    const deps = { database, keys: defaultTestKeys, appUrl: "http://localhost:3000", now: () => NOW };
    expect(await guardEmail(deps, row!)).toMatchObject({ send: true, headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } });
    await database.write((tx) => tx.insert(notificationSetting).values({ userId: ids.volunteer, afterSession: false, updatedAt: NOW }));
    expect(await guardEmail(deps, row!)).toMatchObject({ send: false });
  });
});
