import { parseWithZod } from "@conform-to/zod";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  careAccessLog,
  careCircle,
  careRecipient,
  circleAccessLog,
  circleInvitation,
  circleMember,
  circleTask,
  circleTaskClaim,
  circleTaskOccurrence,
  circleUpdate,
  conversation,
  conversationRead,
  emailOutbox,
  emailSuppression,
  helpFeedback,
  helpRequest,
  helpSession,
  mailboxMessage,
  message,
  organisationMembership,
  passkey,
  pendingSignup,
  rateLimitHit,
  roleGrant,
  signup,
  totpCredential,
  user,
  volunteerAvailability,
  volunteerSkill,
  volunteerUnavailableDate,
} from "#db/schema";
import { ERASURE } from "~/domain/accounts/erasure";
import { eraseAccount, eraseIntakePerson, restoreSuppression } from "~/domain/accounts/erase.server";
import {
  createSession as createSignInSession,
  recordSecurityEvent,
  replaceRecoveryCodes,
  requestEmailChange,
  requestSignIn,
  saveFormDraft,
  updateMyProfile,
} from "~/domain/accounts";
import { signUp } from "~/domain/activities";
import { regenerateFeedToken } from "~/domain/calendar";
import { createHelpRequest, registerIntakeRequest } from "~/domain/help";
import { helpRequestSchema, intakeSchema } from "~/domain/help/request-schemas";
import { recordEmailEvent, suppressionOf, updateNotificationSettings } from "~/domain/notifications";
import { inviteMember, toggleInterest } from "~/domain/organisations";
import {
  createActivity,
  createCareConsent,
  createHelpInvite,
  createHelpRequest as buildHelpRequest,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSkill,
  createUser,
  createVolunteerProfile,
} from "~/demo/builders";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// Issue 14: a person is filled into every table that can hold something of theirs — through the
// real verbs where a verb makes the row (sign-in, profile, email change, sign-up, help request,
// intake, settings, feed, invitation, provider event, drafts, recovery codes), through the demo
// builders for rows that only an HTTP flow or another person makes (a passkey ceremony, an accepted
// membership, a helper's view). Then the account is erased, and no row anywhere holds their id,
// email address, name, phone, address or care text; only the listed pseudonyms remain.

const NOW = Date.UTC(2026, 10, 20, 10, 0);
const HOUR = 3_600_000;

const QUIRINA = {
  email: "quirina.qwist@example.org",
  newEmail: "q.qwist.nieuw@example.org",
  name: "Quirina Qwist",
  phone: "0687650123",
  address: "Wissellaan 77",
  care: "Quirina heeft reuma in beide handen",
  recipient: "Zwanette",
  recipientNotes: "Zwanette hoort slecht",
  tag: "breien-met-quirina",
};

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}
function valid<S extends typeof helpRequestSchema | typeof intakeSchema>(schema: S, fields: Record<string, string>): S["_output"] {
  const submission = parseWithZod(form(fields), { schema });
  if (submission.status !== "success") throw new Error(`expected a valid form: ${JSON.stringify(submission.error)}`);
  return submission.value as S["_output"];
}

let database: TestDatabase;
const ids = {
  olgaCircle: 0,
  qCircle: 0,
  q: 0,
  other: 0,
  vera: 0,
  cor: 0,
  orgAdmin: 0,
  neighbourhood: 0,
  qRequest: 0,
  otherRequest: 0,
  intake: 0,
  signup: 0,
};

async function as(userId: number | null) {
  return ctxAs(database, userId, { now: () => NOW, keys: defaultTestKeys });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const world = await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const hood = await createNeighbourhood(tx, { municipalityId: town.id, name: "Wipstrik", postcodes: ["8024"] });
    const mk = (name: string, email: string) => createUser(tx, { neighbourhoodId: hood.id, name, email, postcode: "8024AB" });
    const q = await createUser(tx, { neighbourhoodId: hood.id, name: QUIRINA.name, email: QUIRINA.email, postcode: "8024QQ" });
    const other = await mk("Olga Overig", "olga.overig@example.org");
    const vera = await mk("Vera Vrijwilliger", "vera.vrijwilliger@example.org");
    const cor = await mk("Cor Coördinator", "cor.coordinator@example.org");
    const orgAdmin = await mk("Otto Organisator", "otto.organisator@example.org");
    await tx.insert(roleGrant).values([
      { userId: cor.id, role: "coordinator", neighbourhoodId: hood.id, grantedAt: NOW - 400 * 24 * HOUR },
      // Quirina coordinates too (a second hat), so her looks at someone's care details are logged.
      { userId: q.id, role: "coordinator", neighbourhoodId: hood.id, grantedAt: NOW - 400 * 24 * HOUR },
    ]);
    await createVolunteerProfile(tx, { userId: vera.id });
    const org = await createOrganisation(tx, { name: "Breiclub Wipstrik", status: "approved" });
    await tx.insert(organisationMembership).values([
      { organisationId: org.id, userId: orgAdmin.id, role: "admin", createdAt: NOW - 100 * 24 * HOUR },
      { organisationId: org.id, userId: q.id, role: "member", createdAt: NOW - 100 * 24 * HOUR },
    ]);
    const other2 = await createOrganisation(tx, { name: "Koor De Stem", status: "approved", slug: "koor-de-stem" });
    await tx.insert(organisationMembership).values({ organisationId: other2.id, userId: orgAdmin.id, role: "admin", createdAt: NOW });
    const act = await createActivity(tx, { organisationId: org.id, neighbourhoodId: hood.id, title: "Breicafé" });
    const session = await createSession(tx, { activityId: act.id, startsAt: NOW + 48 * HOUR });
    const shift = await createShift(tx, { sessionId: session.id, startsAt: NOW + 48 * HOUR, endsAt: NOW + 50 * HOUR, role: "Koffie" });
    const initiative = await createInitiative(tx, { organisationId: org.id, neighbourhoodIds: [hood.id] } as never);
    const skill = await createSkill(tx);
    // Someone else's request: Quirina helps with it as a volunteer and, as coordinator, looked at it.
    const otherConsent = await createCareConsent(tx, other.id);
    const otherRequest = await buildHelpRequest(tx, {
      neighbourhoodId: hood.id,
      requesterId: other.id,
      privateText: "Olga's eigen zorgtekst",
      careConsentId: otherConsent.id,
      status: "matched",
      matchedVolunteerId: q.id,
      matchedAt: NOW - 10 * 24 * HOUR,
    });
    return { q, other, vera, cor, orgAdmin, hood, org, other2, session, shift, initiative, skill, otherRequest };
  });
  Object.assign(ids, {
    q: world.q.id,
    other: world.other.id,
    vera: world.vera.id,
    cor: world.cor.id,
    orgAdmin: world.orgAdmin.id,
    neighbourhood: world.hood.id,
    otherRequest: world.otherRequest.id,
  });

  // ── through the verbs ────────────────────────────────────────────────────────────────────
  await requestSignIn({ ctx: await as(null), input: { email: QUIRINA.email, requester: "203.0.113.9" } });
  await database.write(async (tx) => {
    const raw = await createSignInSession(tx, ids.q, NOW - HOUR, "Firefox · Linux");
    expect(raw).toBeTruthy();
  });
  const q = await as(ids.q);
  await database.write((tx) =>
    recordSecurityEvent(tx, { userId: ids.q, kind: "sign-in", at: NOW - HOUR, actorId: ids.q, detail: "Firefox · Linux" }),
  );
  await updateMyProfile({ ctx: q, input: { name: QUIRINA.name, postcode: "8024QQ", phone: QUIRINA.phone, locale: "nl" } as never });
  await requestEmailChange({ ctx: await as(ids.q), input: { email: QUIRINA.newEmail } });
  await saveFormDraft({ ctx: q, input: { path: "/requests/new", fields: { privateText: QUIRINA.care } } as never });
  await database.write((tx) => replaceRecoveryCodes(q, tx, ids.q).then(() => undefined));
  await updateNotificationSettings({ ctx: q, input: { dayBeforeOn: true, dayBeforeAt: "19:30", afterSession: true, digest: true } });
  await regenerateFeedToken({ ctx: q });
  const placed = await signUp({ ctx: q, input: { sessionId: world.session.id, shiftId: world.shift.id } });
  expect(placed).toBeTruthy();
  await toggleInterest({ ctx: q, input: { initiativeId: world.initiative.id, interested: true } });
  await inviteMember({ ctx: await as(ids.orgAdmin), input: { slug: world.other2.slug, email: QUIRINA.email, role: "member" } });
  const own = await createHelpRequest({
    ctx: q,
    input: valid(helpRequestSchema, {
      kind: "respite",
      schedule: "windows",
      "windows[0].date": "2026-12-01",
      "windows[0].startTime": "14:00",
      "windows[0].endTime": "17:00",
      neighbourhoodId: String(ids.neighbourhood),
      address: QUIRINA.address,
      urgency: "normal",
      publicText: `Oppas gevraagd voor ${QUIRINA.recipient}, ik ben ${QUIRINA.name}.`,
      privateText: QUIRINA.care,
      careConsent: "on",
      forWhom: "new",
      recipientFirstName: QUIRINA.recipient,
      recipientNeighbourhoodId: String(ids.neighbourhood),
      recipientNotes: QUIRINA.recipientNotes,
    }),
  });
  ids.qRequest = own.id;
  // A request a coordinator registered for someone without an account.
  const intake = await registerIntakeRequest({
    ctx: await as(ids.cor),
    input: valid(intakeSchema, {
      kind: "transport",
      schedule: "windows",
      "windows[0].date": "2026-12-02",
      "windows[0].startTime": "09:00",
      "windows[0].endTime": "11:00",
      neighbourhoodId: String(ids.neighbourhood),
      address: "Hoofdweg 3",
      urgency: "normal",
      publicText: "Rit naar de fysiotherapeut",
      privateText: "Henk loopt met een rollator",
      careConsent: "on",
      contactName: "Henk Intake",
      contactPhone: "0611112222",
      contactEmail: "henk.intake@example.org",
    }),
  });
  ids.intake = intake.id;
  await recordEmailEvent({
    ctx: await as(null),
    input: { id: "msg_bounce_1", payload: { type: "email.bounced", data: { to: [QUIRINA.email], bounce: { type: "Permanent" } } } },
  });

  // ── through the builders: rows another person or an HTTP ceremony makes ───────────────────
  await database.write(async (tx) => {
    await tx.insert(pendingSignup).values({ idHash: "pending-q", email: QUIRINA.email, createdAt: NOW, expiresAt: NOW + HOUR } as never);
    await tx
      .insert(passkey)
      .values({ userId: ids.q, credentialId: "cred-q", publicKey: "pk", counter: 0, name: "Quirina's telefoon", createdAt: NOW } as never);
    await tx.insert(totpCredential).values({ userId: ids.q, secretSealed: "sealed", createdAt: NOW } as never);
    await tx.insert(rateLimitHit).values({ key: `data-export:${ids.q}`, hits: 1, resetAt: NOW + HOUR });
    await tx.insert(mailboxMessage).values({
      idempotencyKey: "mbx-q",
      toAddress: QUIRINA.email,
      fromAddress: "noaber@example.org",
      subject: `Hallo ${QUIRINA.name}`,
      html: QUIRINA.care,
      text: QUIRINA.care,
      headers: {},
      receivedAt: NOW,
    } as never);
    await tx.insert(volunteerSkill).values({ userId: ids.q, skillId: world.skill.id } as never);
    await tx.insert(volunteerAvailability).values({ userId: ids.q, weekday: 1, startTime: "09:00", endTime: "12:00" } as never);
    await tx.insert(volunteerUnavailableDate).values({ userId: ids.q, date: "2026-12-24", note: "Bij Zwanette" } as never);
    await createVolunteerProfile(tx, { userId: ids.q, tags: [QUIRINA.tag] } as never);
    // Vera helps Quirina; the session and feedback on Quirina's request; Vera looked at the details.
    await tx.update(helpRequest).set({ status: "matched", matchedVolunteerId: ids.vera, matchedAt: NOW }).where(eq(helpRequest.id, own.id));
    await tx.insert(helpSession).values({
      requestId: own.id,
      startsAt: NOW + 24 * HOUR,
      endsAt: NOW + 26 * HOUR,
      status: "cancelled",
      cancelledById: ids.q,
      cancelReason: `${QUIRINA.recipient} is ziek`,
      createdAt: NOW,
    } as never);
    await tx.insert(helpFeedback).values({ requestId: own.id, authorId: ids.vera, text: `Fijn bij ${QUIRINA.name}`, createdAt: NOW });
    await tx
      .insert(helpFeedback)
      .values({ requestId: world.otherRequest.id, authorId: ids.q, text: "Quirina schreef dit", createdAt: NOW });
    await tx.insert(careAccessLog).values({ requestId: own.id, viewerId: ids.vera, fields: ["address"], purpose: "view", at: NOW });
    await tx
      .insert(careAccessLog)
      .values({ requestId: world.otherRequest.id, viewerId: ids.q, fields: ["address"], purpose: "view", at: NOW });
    await createHelpInvite(tx, { requestId: world.otherRequest.id, volunteerId: ids.q, askedById: ids.cor } as never);
    await tx.insert(emailOutbox).values({
      template: "help-notice",
      idempotencyKey: "to-q-by-id",
      toAddress: QUIRINA.email,
      userId: ids.q,
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: { name: QUIRINA.name },
      status: "sent",
      runAt: NOW,
      createdAt: NOW,
      sentAt: NOW,
    });
    // Care circles (decision 048): Quirina is a member of Olga's circle (claims, posts, messages,
    // reads, looks) and is invited to it at her address; she leads her own circle around Zwanette,
    // of which she is the last member, so it goes.
    const olgaFor = await tx
      .insert(careRecipient)
      .values({ carerId: ids.other, firstName: "Oma Olga", neighbourhoodId: ids.neighbourhood, createdAt: NOW })
      .returning();
    const [olgaCircle] = await tx
      .insert(careCircle)
      .values({
        careRecipientId: olgaFor[0]!.id,
        name: "Kring van Olga",
        neighbourhoodId: ids.neighbourhood,
        timeZone: "Europe/Amsterdam",
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning();
    const [zwanette] = await tx.select().from(careRecipient).where(eq(careRecipient.carerId, ids.q));
    const [qCircle] = await tx
      .insert(careCircle)
      .values({
        careRecipientId: zwanette!.id,
        name: `Kring rond ${QUIRINA.recipient}`,
        neighbourhoodId: ids.neighbourhood,
        timeZone: "Europe/Amsterdam",
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning();
    await tx.insert(circleMember).values([
      { circleId: olgaCircle!.id, userId: ids.other, role: "lead", joinedAt: NOW },
      { circleId: olgaCircle!.id, userId: ids.q, role: "member", joinedAt: NOW },
      { circleId: qCircle!.id, userId: ids.q, role: "lead", joinedAt: NOW },
    ]);
    await tx.insert(circleInvitation).values({
      circleId: olgaCircle!.id,
      email: QUIRINA.email,
      role: "co-lead",
      tokenHash: "circle-invite-q",
      invitedById: ids.other,
      createdAt: NOW,
      expiresAt: NOW + 14 * 24 * HOUR,
    });
    const [task] = await tx
      .insert(circleTask)
      .values({ circleId: olgaCircle!.id, kind: "meal", title: "Soep", rule: {}, createdById: ids.q, createdAt: NOW, updatedAt: NOW })
      .returning();
    const [occurrence] = await tx
      .insert(circleTaskOccurrence)
      .values({
        taskId: task!.id,
        circleId: olgaCircle!.id,
        occurrenceDate: "2026-11-21",
        startsAt: NOW + 24 * HOUR,
        endsAt: NOW + 25 * HOUR,
        places: 1,
        updatedAt: NOW,
      })
      .returning();
    await tx.insert(circleTaskClaim).values({ occurrenceId: occurrence!.id, userId: ids.q, assignedById: ids.q, claimedAt: NOW });
    await tx.insert(circleUpdate).values({ circleId: olgaCircle!.id, authorId: ids.q, body: "Ik kom dinsdag langs.", createdAt: NOW });
    const [thread] = await tx.insert(conversation).values({ circleId: olgaCircle!.id, createdAt: NOW }).returning();
    const [said] = await tx
      .insert(message)
      .values({ conversationId: thread!.id, authorId: ids.q, body: "Goed plan.", createdAt: NOW })
      .returning();
    await tx.insert(conversationRead).values({ conversationId: thread!.id, userId: ids.q, lastReadMessageId: said!.id, readAt: NOW });
    await tx.insert(circleAccessLog).values({ circleId: olgaCircle!.id, viewerId: ids.q, fields: ["updates"], at: NOW });
    ids.olgaCircle = olgaCircle!.id;
    ids.qCircle = qCircle!.id;
  });
}, 60_000);
afterAll(async () => await database.cleanup());

type Row = Record<string, unknown>;
async function allRows(table: string): Promise<Row[]> {
  return (await database.client.execute(`SELECT * FROM "${table}"`)).rows as unknown as Row[];
}
async function tables(): Promise<string[]> {
  const { rows } = await database.client.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'",
  );
  return rows.map((r) => String(r.name));
}
/** Columns that refer to a person: foreign keys to user, and security_event.actor_id (no foreign key). */
async function personColumns(table: string): Promise<string[]> {
  const { rows } = await database.client.execute(`PRAGMA foreign_key_list("${table}")`);
  const refs = rows.filter((r) => r.table === "user").map((r) => String(r.from));
  return table === "security_event" ? [...refs, "actor_id"] : refs;
}

/** The rows of `table` that are the person's, by the erasure table's `rowsOf` columns. */
async function rowsOfPerson(table: keyof typeof ERASURE, requestIds: number[]): Promise<number> {
  const entry = ERASURE[table];
  const rows = await allRows(table);
  return rows.filter((row) =>
    entry.rowsOf.some((column) => {
      const value = row[column];
      if (column === "request_id") return requestIds.includes(Number(value));
      if (column === "key" || column === "payload") return String(value).includes(`:${ids.q}`) || String(value).includes(QUIRINA.email);
      if (typeof value === "string") return value.toLowerCase() === QUIRINA.email;
      return Number(value) === ids.q;
    }),
  ).length;
}

describe("erasing an account", () => {
  it("starts from a person in every table that can hold something of theirs", async () => {
    // Webhook events store masked recipients only ("q***@example.org"): nothing to find by address.
    const notReachable = new Set(["webhook_event"]);
    const missing: string[] = [];
    for (const [table, entry] of Object.entries(ERASURE) as [keyof typeof ERASURE, (typeof ERASURE)[keyof typeof ERASURE]][]) {
      if (entry.rowsOf.length === 0 || notReachable.has(table)) continue;
      if ((await rowsOfPerson(table, [ids.qRequest])) === 0) missing.push(table);
    }
    expect(missing).toEqual([]);
  });

  it("leaves no row anywhere with their id, email, name, phone, address or care text; the logs keep one pseudonym", async () => {
    const signupBefore = await database.db.select().from(signup).where(eq(signup.userId, ids.q));
    const result = await eraseAccount(database, defaultTestKeys, ids.q, NOW);
    expect(result?.pseudonym).toMatch(/^erased-/);
    const sentinels = [
      QUIRINA.email,
      QUIRINA.newEmail,
      QUIRINA.name,
      "Quirina",
      QUIRINA.phone,
      QUIRINA.address,
      QUIRINA.care,
      QUIRINA.recipient,
      QUIRINA.recipientNotes,
      QUIRINA.tag,
    ].map((s) => s.toLowerCase());
    const found: string[] = [];
    const pseudonyms = new Set<string>();
    for (const table of await tables()) {
      const refs = await personColumns(table);
      for (const row of await allRows(table)) {
        for (const [column, value] of Object.entries(row)) {
          if (refs.includes(column) && Number(value) === ids.q) found.push(`${table}.${column} = their id`);
          if (typeof value !== "string") continue;
          if (column.endsWith("pseudonym")) pseudonyms.add(value);
          const text = value.toLowerCase();
          for (const s of sentinels) if (text.includes(s)) found.push(`${table}.${column} holds "${s}"`);
        }
      }
    }
    expect(found).toEqual([]);
    expect([...pseudonyms]).toEqual([result!.pseudonym]);

    // What keeps counting: the place and the request, without them.
    const [place] = await database.db.select().from(signup).where(eq(signup.id, signupBefore[0]!.id));
    expect(place).toMatchObject({ userId: null, status: signupBefore[0]!.status });
    const [request] = await database.db.select().from(helpRequest).where(eq(helpRequest.id, ids.qRequest));
    expect(request).toMatchObject({ kind: "respite", status: "matched", requesterId: null, privateText: "", anonymisedAt: NOW });
    expect(request!.neighbourhoodId).toBe(ids.neighbourhood);
    // The care access log of their request and of the one they looked at: complete, naming no one.
    const log = await database.db
      .select()
      .from(careAccessLog)
      .where(inArray(careAccessLog.requestId, [ids.qRequest, ids.otherRequest]));
    expect(log).toHaveLength(2);
    expect(log.find((l) => l.requestId === ids.otherRequest)).toMatchObject({ viewerId: null, viewerPseudonym: result!.pseudonym });
  });

  it("keeps their part in others' circles under the pseudonym and deletes the circle they were the last member of", async () => {
    const circles = await allRows("care_circle");
    expect(circles.map((c) => c.id)).toEqual([ids.olgaCircle]);
    const members = await allRows("circle_member");
    expect(members.map((m) => m.user_id)).toEqual([ids.other]);
    const [claim] = await allRows("circle_task_claim");
    expect(claim).toMatchObject({ user_id: null, assigned_by_id: null });
    expect(String(claim!.user_pseudonym)).toMatch(/^erased-/);
    const [post] = await allRows("circle_update");
    expect(post).toMatchObject({ author_id: null, body: "Ik kom dinsdag langs.", author_pseudonym: claim!.user_pseudonym });
    expect(await allRows("circle_invitation")).toEqual([]);
    expect(await allRows("conversation_read")).toEqual([]);
  });

  it("leaves everyone else's data as it was", async () => {
    const [olga] = await database.db.select().from(helpRequest).where(eq(helpRequest.id, ids.otherRequest));
    expect(olga).toMatchObject({ requesterId: ids.other, privateText: "Olga's eigen zorgtekst", anonymisedAt: null });
    expect(olga!.matchedVolunteerId).toBeNull();
    expect(olga!.matchedAt).not.toBeNull();
    const people = await database.db.select({ id: user.id }).from(user);
    expect(people.map((p) => p.id).sort()).toEqual([ids.other, ids.vera, ids.cor, ids.orgAdmin].sort());
    const [intake] = await database.db.select().from(helpRequest).where(eq(helpRequest.id, ids.intake));
    expect(intake).toMatchObject({ contactName: "Henk Intake", privateText: "Henk loopt met een rollator" });
  });

  it("keeps the bounce as a keyed hash, which holds again when the address gets a new account", async () => {
    expect(await suppressionOf(database.db, QUIRINA.email)).toBeNull();
    const rows = await database.db.select().from(emailSuppression);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.address).toMatch(/^hashed:/);
    await database.write((tx) => restoreSuppression(tx, defaultTestKeys, QUIRINA.email));
    expect(await suppressionOf(database.db, QUIRINA.email)).toBe("bounce");
  });

  it("is refused as a plain DELETE: only the erasure verb may rewrite the logs", async () => {
    await expect(database.client.execute(`DELETE FROM user WHERE id = ${ids.vera}`)).rejects.toThrow(/append-only/);
    expect(await eraseAccount(database, defaultTestKeys, ids.q, NOW)).toBeNull();
  });

  it("erases a person registered at intake: contact, address and texts go, the consent keeps a pseudonym", async () => {
    const { pseudonym } = await eraseIntakePerson(database, defaultTestKeys, [ids.intake], NOW);
    const [intake] = await database.db.select().from(helpRequest).where(eq(helpRequest.id, ids.intake));
    expect(intake).toMatchObject({
      contactName: null,
      contactPhone: null,
      contactEmail: null,
      address: "",
      privateText: "",
      publicText: "",
    });
    expect(intake!.anonymisedAt).toBe(NOW);
    const text = JSON.stringify(await allRows("help_request")) + JSON.stringify(await allRows("email_outbox"));
    expect(text).not.toMatch(/Henk|henk\.intake|0611112222|rollator|Hoofdweg/);
    const consents = await allRows("consent");
    expect(consents.find((c) => c.id === intake!.careConsentId)).toMatchObject({ subject_pseudonym: pseudonym, recorded_by_id: ids.cor });
  });
});
