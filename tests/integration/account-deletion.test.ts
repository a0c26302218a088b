import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { calendarFeedToken, emailOutbox, helpRequest, organisation, session, signup, user } from "#db/schema";
import { closeMyAccount, getAccountDeletion } from "~/domain/accounts";
import { listActivities } from "~/domain/activities";
import { NotFound, Validation } from "~/domain/errors";
import { eraseIntakeRequester, getIntakeErasure } from "~/domain/help";
import { listInitiatives } from "~/domain/organisations";
import { sha256 } from "~/domain/keyring.server";
import {
  addMember,
  createActivity,
  createCareConsent,
  createHelpRequest,
  createHelpSession,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { createTestSession } from "#tests/support/sessions";

// Deleting one's own account and a coordinator erasing an intake person (issue 14): what is pending
// ends first (with the usual mails to the others involved), then the erasure.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 9, 1, 8, 0);
const now = () => NOW;
let database: TestDatabase;
let areaId: number;
let otherAreaId: number;
const p = {} as Record<"person" | "waiter" | "volunteer" | "carer" | "coordinator" | "elsewhere" | "coAdmin", number>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    areaId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    otherAreaId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    for (const key of Object.keys({
      person: 1,
      waiter: 1,
      volunteer: 1,
      carer: 1,
      coordinator: 1,
      elsewhere: 1,
      coAdmin: 1,
    }) as (keyof typeof p)[])
      p[key] = (await createUser(tx, { neighbourhoodId: areaId, name: `Test ${key}` })).id;
    await grantCoordinator(tx, p.coordinator, [areaId]);
    await grantCoordinator(tx, p.elsewhere, [otherAreaId]);
  });
});
afterAll(() => database.cleanup());

const emailOf = async (id: number) => (await database.db.query.user.findFirst({ where: eq(user.id, id) }))!.email;
const mailTo = (address: string) => database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));

/** Everything the person to be deleted has going on. */
async function personWithPendingThings() {
  return database.write(async (tx) => {
    const alone = await createOrganisation(tx, { name: "Alleen Ik" });
    await addMember(tx, alone.id, p.person, "admin");
    await addMember(tx, alone.id, p.waiter, "member");
    const shared = await createOrganisation(tx, { name: "Samen" });
    await addMember(tx, shared.id, p.person, "admin");
    await addMember(tx, shared.id, p.coAdmin, "admin");
    const act = await createActivity(tx, { organisationId: alone.id, neighbourhoodId: areaId, title: "Archiefactiviteit" });
    const initiative = await createInitiative(tx, { organisationId: alone.id, title: "Archiefinitiatief" });
    const full = await createSession(tx, { activityId: act.id, startsAt: NOW + 3 * DAY, capacity: 1 });
    const mine = await createSignupRecord(tx, { sessionId: full.id, userId: p.person, status: "confirmed" });
    const waiting = await createSignupRecord(tx, { sessionId: full.id, userId: p.waiter, status: "waitlisted" });
    const consent = await createCareConsent(tx, p.person);
    const open = await createHelpRequest(tx, {
      neighbourhoodId: areaId,
      requesterId: p.person,
      status: "open",
      privateText: "Geheim",
      careConsentId: consent.id,
    });
    const matchedOwn = await createHelpRequest(tx, {
      neighbourhoodId: areaId,
      requesterId: p.person,
      status: "matched",
      matchedVolunteerId: p.volunteer,
      matchedAt: NOW - DAY,
      address: "Geheimstraat 9",
    });
    await createHelpSession(tx, { requestId: matchedOwn.id, startsAt: NOW + 2 * DAY });
    const helping = await createHelpRequest(tx, {
      neighbourhoodId: areaId,
      requesterId: p.carer,
      status: "matched",
      matchedVolunteerId: p.person,
      matchedAt: NOW - DAY,
    });
    await tx.insert(calendarFeedToken).values({ userId: p.person, tokenHash: sha256(`feed-${NOW}`), createdAt: NOW });
    await createTestSession(tx, p.person, NOW);
    return { alone, shared, act, initiative, mine, waiting, open, matchedOwn, helping };
  });
}

describe("closeMyAccount", () => {
  let w: Awaited<ReturnType<typeof personWithPendingThings>>;
  beforeAll(async () => {
    w = await personWithPendingThings();
  });

  test("a wrong or missing confirmation is a field error, and nothing is deleted", async () => {
    const ctx = await ctxAs(database, p.person, { now });
    for (const [typed, key] of [
      ["someone@example.org", "accountDeletion.errors.mismatch"],
      ["", "accountDeletion.errors.required"],
    ] as const) {
      const error = await closeMyAccount({ ctx, input: { confirmEmail: typed } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Validation);
      expect((error as Validation).fieldErrors).toEqual({ confirmEmail: [key] });
    }
    expect(await database.db.query.user.findFirst({ where: eq(user.id, p.person) })).toBeTruthy();
    expect((await database.db.query.signup.findFirst({ where: eq(signup.id, w.mine.id) }))?.status).toBe("confirmed");
    expect((await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, w.open.id) }))?.status).toBe("open");
    // The page lists the organisation without another admin, with its members to hand over to.
    const view = await getAccountDeletion({ ctx });
    expect(view.organisations.map((o) => o.name)).toContain("Alleen Ik");
    expect(view.organisations.map((o) => o.name)).not.toContain("Samen");
    expect(view.pending).toMatchObject({ signups: 1, openRequests: 1, matches: 2 });
  });

  test("ends what is pending (the others told without details), archives, then erases", async () => {
    const address = await emailOf(p.person);
    const ctx = await ctxAs(database, p.person, { now });
    await closeMyAccount({ ctx, input: { confirmEmail: `  ${address.toUpperCase()} ` } });
    const db = database.db;

    // The account is gone, with its sessions and calendar link, and no mail to it is left.
    expect(await db.query.user.findFirst({ where: eq(user.id, p.person) })).toBeUndefined();
    expect(await db.select().from(session).where(eq(session.userId, p.person))).toEqual([]);
    expect(await db.select().from(calendarFeedToken).where(eq(calendarFeedToken.userId, p.person))).toEqual([]);
    expect(await mailTo(address)).toEqual([]);

    // The sign-up was cancelled and still counts without a name; the waitlist moved up and was told.
    const mine = await db.query.signup.findFirst({ where: eq(signup.id, w.mine.id) });
    expect(mine).toMatchObject({ status: "cancelled", cancelledBy: "person", userId: null });
    expect((await db.query.signup.findFirst({ where: eq(signup.id, w.waiting.id) }))?.status).toBe("confirmed");
    expect((await mailTo(await emailOf(p.waiter))).map((m) => m.template)).toContain("signup-promoted");
    // The organisers (here the organisation's other member) heard a place was freed, and by whom not.
    const freed = (await mailTo(await emailOf(p.waiter))).find((m) => m.template === "place-freed");
    expect(freed?.props).toMatchObject({ activityTitle: "Archiefactiviteit", promoted: true, role: null });
    expect(JSON.stringify(freed!.props)).not.toContain("Test person");

    // Their open request was withdrawn, their match ended; both are bare records now.
    const open = await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, w.open.id) });
    expect(open).toMatchObject({ status: "withdrawn", requesterId: null, privateText: "" });
    expect(open?.anonymisedAt).toBe(NOW);
    const own = await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, w.matchedOwn.id) });
    expect(own).toMatchObject({ status: "completed", address: "", endReason: null });

    // The helper, the carer they helped and the coordinator heard the match ended, without details.
    for (const [who, requestId] of [
      [p.volunteer, w.matchedOwn.id],
      [p.carer, w.helping.id],
      [p.coordinator, w.helping.id],
    ] as const) {
      const mails = (await mailTo(await emailOf(who))).filter((m) => m.template === "help-notice");
      const ended = mails.find(
        (m) => (m.props as { variant?: string }).variant === "matchEnded" && String(m.props.url).endsWith(`/${requestId}`),
      );
      expect(ended, `matchEnded to ${who}`).toBeTruthy();
      expect(JSON.stringify(ended!.props)).not.toMatch(/Geheim|Test person/);
    }
    expect((await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, w.helping.id) }))?.status).toBe("completed");

    // The organisation without another admin is archived and no longer listed; the other is not.
    expect((await db.query.organisation.findFirst({ where: eq(organisation.id, w.alone.id) }))?.archivedAt).toBe(NOW);
    expect((await db.query.organisation.findFirst({ where: eq(organisation.id, w.shared.id) }))?.archivedAt).toBeNull();
    const visitor = await ctxAs(database, null, { now });
    const activities = await listActivities({ ctx: visitor, input: {} });
    expect(activities.items.map((a) => a.id)).not.toContain(w.act.id);
    const initiatives = await listInitiatives({ ctx: visitor, input: { targetGroup: null, page: 1 } });
    expect(initiatives.items.map((i) => i.id)).not.toContain(w.initiative.id);
  });
});

describe("eraseIntakeRequester", () => {
  let serial = 0;
  async function intakePerson() {
    const n = ++serial;
    return database.write(async (tx) => {
      const intake = { requesterId: null, registeredById: p.coordinator, neighbourhoodId: areaId, contactName: "Mevrouw Jansen" } as const;
      const first = await createHelpRequest(tx, {
        ...intake,
        status: "open",
        contactEmail: `jansen-${n}@example.org`,
        publicText: "Boodschappen voor mevrouw Jansen",
      });
      const again = await createHelpRequest(tx, { ...intake, status: "submitted", contactEmail: `JANSEN-${n}@example.org` });
      const matched = await createHelpRequest(tx, {
        ...intake,
        status: "matched",
        contactEmail: `Jansen-${n}@Example.org`,
        matchedVolunteerId: p.volunteer,
        matchedAt: NOW - DAY,
      });
      const stranger = await createHelpRequest(tx, {
        ...intake,
        status: "open",
        contactName: "Iemand Anders",
        contactPhone: `06000000${n}`,
      });
      const account = await createHelpRequest(tx, { neighbourhoodId: areaId, requesterId: p.carer, status: "open" });
      return { first, again, matched, stranger, account };
    });
  }

  test("only a coordinator of the request's neighbourhood, only for intake: everyone else gets NotFound", async () => {
    const w = await intakePerson();
    for (const who of [p.elsewhere, p.volunteer, p.carer]) {
      const ctx = await ctxAs(database, who, { now });
      await expect(getIntakeErasure({ ctx, input: { requestId: w.first.id } })).rejects.toBeInstanceOf(NotFound);
      await expect(eraseIntakeRequester({ ctx, input: { requestId: w.first.id, confirmed: true } })).rejects.toBeInstanceOf(NotFound);
    }
    const coordinator = await ctxAs(database, p.coordinator, { now });
    await expect(getIntakeErasure({ ctx: coordinator, input: { requestId: w.account.id } })).rejects.toBeInstanceOf(NotFound);
    await expect(eraseIntakeRequester({ ctx: coordinator, input: { requestId: w.first.id, confirmed: false } })).rejects.toBeInstanceOf(
      Validation,
    );
    expect((await getIntakeErasure({ ctx: coordinator, input: { requestId: w.first.id } })).count).toBe(3);
    expect((await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, w.first.id) }))?.contactName).toBe("Mevrouw Jansen");
  });

  test("withdraws, ends the match (the helper told), and erases every request of the same contact", async () => {
    const w = await intakePerson();
    const coordinator = await ctxAs(database, p.coordinator, { now });
    expect(await eraseIntakeRequester({ ctx: coordinator, input: { requestId: w.again.id, confirmed: true } })).toEqual({ erased: 3 });
    const rows = await database.db
      .select()
      .from(helpRequest)
      .where(inArray(helpRequest.id, [w.first.id, w.again.id, w.matched.id]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [w.first.id]: "withdrawn",
      [w.again.id]: "withdrawn",
      [w.matched.id]: "completed",
    });
    for (const r of rows) expect(r).toMatchObject({ contactName: null, contactEmail: null, publicText: "", anonymisedAt: NOW });
    const helperMail = (await mailTo(await emailOf(p.volunteer))).find(
      (m) => (m.props as { variant?: string }).variant === "matchEnded" && String(m.props.url).endsWith(`/${w.matched.id}`),
    );
    expect(helperMail).toBeTruthy();
    expect(JSON.stringify(helperMail!.props)).not.toContain("Jansen");
    // Someone else's intake request is untouched; the erased one is gone for the erase page.
    expect((await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, w.stranger.id) }))?.contactName).toBe(
      "Iemand Anders",
    );
    await expect(getIntakeErasure({ ctx: coordinator, input: { requestId: w.first.id } })).rejects.toBeInstanceOf(NotFound);
  });
});
