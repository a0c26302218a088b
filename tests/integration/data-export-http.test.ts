import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  careAccessLog,
  circleAccessLog,
  circleInvitation,
  circleMember,
  circleTaskClaim,
  circleUpdate,
  consent,
  conversation,
  emailOutbox,
  helpFeedback,
  helpRequestEvent,
  message,
  session,
} from "#db/schema";
import {
  addHelpWindows,
  createActivity,
  createCareConsent,
  createCareRecipient,
  createCircle,
  createCircleTaskRecord,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSignupRecord,
  createUser,
  createVolunteerProfile,
} from "~/demo/builders";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Issue 14 over the real HTTP stack: /me/data (the readable page) and /me/data.json (the download):
// everything about the person, nothing about anyone else, signed-in only, never cached, 10 an hour.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0);
const HOUR = 3_600_000;
let neighbourhoodId = 0;

interface World {
  me: { id: number; email: string; name: string };
  other: { id: number; email: string; name: string };
  helper: { id: number };
}
let world: World;

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  world = await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" })).id;
    const me = await createUser(tx, {
      neighbourhoodId,
      name: "Dirk Downloader",
      email: "dirk.downloader@example.org",
      phone: "0612345678",
    });
    const other = await createUser(tx, { neighbourhoodId, name: "Olga Anderen", email: "olga.anderen@example.org" });
    const helper = await createUser(tx, { neighbourhoodId, name: "Henk Helper", email: "henk.helper@example.org" });
    await createVolunteerProfile(tx, { userId: me.id, travelRange: "adjacent" });
    await createVolunteerProfile(tx, { userId: helper.id });
    await tx.insert(consent).values({ userId: me.id, purpose: "privacy-statement", version: "2026-1", givenAt: t - 30 * 24 * HOUR });

    // A sign-up for a shift, with minutes recorded.
    const org = await createOrganisation(tx, { name: "Buurthuis De Linde" });
    const act = await createActivity(tx, { organisationId: org.id, neighbourhoodId, title: "Repair Café" });
    const ses = await createSession(tx, { activityId: act.id, startsAt: t - 48 * HOUR });
    const sh = await createShift(tx, { sessionId: ses.id, startsAt: t - 48 * HOUR, endsAt: t - 46 * HOUR, role: "Koffie schenken" });
    await createSignupRecord(tx, { sessionId: ses.id, shiftId: sh.id, userId: me.id, attendance: "present", minutes: 120 });

    // My own help request about a care recipient, with care details, matched to Henk.
    const careMine = await createCareConsent(tx, me.id);
    const recipient = await createCareRecipient(tx, {
      carerId: me.id,
      neighbourhoodId,
      firstName: "Moeder Dina",
      notesForHelpers: "Dina hoort slecht.",
    });
    const mine = await createHelpRequest(tx, {
      neighbourhoodId,
      requesterId: me.id,
      careRecipientId: recipient.id,
      publicText: "Wie wandelt met mijn moeder?",
      privateText: "Mijn moeder gebruikt een rollator.",
      careConsentId: careMine.id,
      kind: "walking",
      status: "matched",
      matchedVolunteerId: helper.id,
      matchedAt: t - 10 * 24 * HOUR,
    });
    await addHelpWindows(tx, mine.id, [{ startsAt: t + 24 * HOUR, endsAt: t + 26 * HOUR }]);
    await tx.insert(helpRequestEvent).values([
      { requestId: mine.id, fromStatus: null, toStatus: "submitted", actorId: me.id, at: t - 12 * 24 * HOUR },
      {
        requestId: mine.id,
        fromStatus: "open",
        toStatus: "matched",
        actorId: helper.id,
        note: "Past goed bij Dina.",
        at: t - 10 * 24 * HOUR,
      },
    ]);
    await createHelpSession(tx, { requestId: mine.id, startsAt: t - 3 * 24 * HOUR, confirmedAt: t - 3 * 24 * HOUR, minutes: 90 });
    await tx.insert(helpFeedback).values({ requestId: mine.id, authorId: me.id, text: "Henk is heel vriendelijk.", createdAt: t - HOUR });
    await tx
      .insert(careAccessLog)
      .values({ requestId: mine.id, viewerId: helper.id, fields: ["address", "privateText"], purpose: "view", at: t - 2 * HOUR });

    // Someone else's request, which I help with as the matched volunteer: none of its details may leak.
    const careOther = await createCareConsent(tx, other.id);
    const theirs = await createHelpRequest(tx, {
      neighbourhoodId,
      requesterId: other.id,
      address: "Geheimstraat 99",
      publicText: "Boodschappen voor Olga, graag.",
      privateText: "Olga heeft diabetes.",
      careConsentId: careOther.id,
      kind: "shopping",
      status: "matched",
      matchedVolunteerId: me.id,
      matchedAt: t - 5 * 24 * HOUR,
    });
    await createHelpSession(tx, { requestId: theirs.id, startsAt: t - 2 * 24 * HOUR, confirmedAt: t - 2 * 24 * HOUR, minutes: 60 });
    await tx.insert(helpFeedback).values({ requestId: theirs.id, authorId: other.id, text: "Olga vindt het fijn.", createdAt: t - HOUR });
    await tx.insert(careAccessLog).values({ requestId: theirs.id, viewerId: me.id, fields: ["address"], purpose: "view", at: t - HOUR });

    // Mail: one to me (by account), one to my address only, one to Olga (never mine to see).
    const mail = (values: { template: string; to: string; userId: number | null; key: string; status?: "sent" | "pending" }) =>
      tx.insert(emailOutbox).values({
        template: values.template,
        idempotencyKey: values.key,
        toAddress: values.to,
        userId: values.userId,
        locale: "nl",
        timeZone: "Europe/Amsterdam",
        props: { name: "Geheime props-tekst" },
        status: values.status ?? "sent",
        runAt: t - 4 * HOUR,
        createdAt: t - 4 * HOUR,
        sentAt: values.status === "pending" ? null : t - 4 * HOUR + 60_000,
      });
    await mail({ template: "help-request-matched", to: me.email, userId: me.id, key: "export-1" });
    await mail({ template: "sign-in", to: me.email, userId: null, key: "export-2", status: "pending" });
    await mail({ template: "help-request-matched", to: other.email, userId: other.id, key: "export-3" });

    // Care circles: I lead the circle around Dina (Henk is a member); I was in Olga's circle and left.
    const dinaCircle = await createCircle(tx, {
      careRecipientId: recipient.id,
      neighbourhoodId,
      leadId: me.id,
      members: [{ userId: helper.id }],
      name: "Kring rond Dina",
      createdAt: t - 20 * 24 * HOUR,
    });
    const soup = await createCircleTaskRecord(tx, { circleId: dinaCircle.id, startsAt: t + 24 * HOUR, title: "Soep", notes: "Geen zout." });
    await tx.insert(circleTaskClaim).values([
      { occurrenceId: soup.occurrence.id, userId: me.id, claimedAt: t - 2 * HOUR },
      { occurrenceId: soup.occurrence.id, userId: helper.id, assignedById: me.id, claimedAt: t - 2 * HOUR },
    ]);
    await tx.insert(circleUpdate).values([
      { circleId: dinaCircle.id, authorId: me.id, body: "Dina is thuis.", createdAt: t - 3 * HOUR },
      { circleId: dinaCircle.id, authorId: helper.id, body: "Henks eigen bericht.", createdAt: t - 2 * HOUR },
    ]);
    const [thread] = await tx
      .insert(conversation)
      .values({ circleId: dinaCircle.id, createdAt: t - 3 * HOUR })
      .returning();
    await tx.insert(message).values([
      { conversationId: thread!.id, authorId: me.id, body: "Wie kan zaterdag?", createdAt: t - 3 * HOUR },
      { conversationId: thread!.id, authorId: helper.id, body: "Henk kan zaterdag.", createdAt: t - 2 * HOUR },
    ]);
    const [requestThread] = await tx
      .insert(conversation)
      .values({ helpRequestId: mine.id, createdAt: t - 3 * HOUR })
      .returning();
    await tx.insert(message).values({ conversationId: requestThread!.id, authorId: me.id, body: "Bedankt Henk!", createdAt: t - HOUR });
    await tx.insert(circleAccessLog).values({ circleId: dinaCircle.id, viewerId: helper.id, fields: ["updates"], at: t - HOUR });
    const olgaFor = await createCareRecipient(tx, { carerId: other.id, neighbourhoodId, firstName: "Oom Otto" });
    const olgaCircle = await createCircle(tx, { careRecipientId: olgaFor.id, neighbourhoodId, leadId: other.id, name: "Kring rond Otto" });
    await tx.insert(circleMember).values({
      circleId: olgaCircle.id,
      userId: me.id,
      role: "member",
      joinedAt: t - 9 * 24 * HOUR,
      leftAt: t - 8 * 24 * HOUR,
      leftReason: "left",
    });
    await tx
      .insert(circleUpdate)
      .values({ circleId: olgaCircle.id, authorId: other.id, body: "Otto's geheime update.", createdAt: t - HOUR });
    await tx.insert(circleInvitation).values({
      circleId: olgaCircle.id,
      email: me.email,
      role: "member",
      tokenHash: "export-invitation",
      invitedById: other.id,
      createdAt: t - HOUR,
      expiresAt: t + 14 * 24 * HOUR - HOUR,
    });
    return { me, other, helper };
  });
});
afterAll(() => server.close());

async function download(userId: number) {
  const client = await signedInClient(server, userId, t);
  await server.database.write((tx) => tx.update(session).set({ device: "Firefox op Windows" }).where(eq(session.userId, userId)));
  return client.get("/me/data.json");
}

describe("/me/data.json", () => {
  test("has the person's account, consents, sign-ups, requests with care details, helping, mail and sessions", async () => {
    const response = await download(world.me.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="noaber-mijn-gegevens-2026-11-28.json"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.text();
    const data = JSON.parse(body);
    expect(data).toMatchObject({ format: "noaber-data-export", version: 1, exportedAt: "2026-11-28T10:00:00+01:00" });
    expect(data.account).toMatchObject({
      name: "Dirk Downloader",
      email: "dirk.downloader@example.org",
      phone: "0612345678",
      neighbourhood: "Binnenstad",
      timeZone: "Europe/Amsterdam",
      createdAt: "2026-01-01T01:00:00+01:00",
    });
    expect(data.consents).toEqual(
      expect.arrayContaining([
        {
          purpose: "privacy-statement",
          version: "2026-1",
          givenAt: "2026-10-29T10:00:00+01:00",
          recordedBy: "self",
          withdrawnAt: null,
          withdrawnBy: null,
        },
        expect.objectContaining({ purpose: "care-details", recordedBy: "self", withdrawnAt: null }),
      ]),
    );
    expect(data.volunteerProfile).toMatchObject({ travelRange: "adjacent", vogStatus: "none" });
    expect(data.signups).toHaveLength(1);
    expect(data.signups[0]).toMatchObject({
      activity: "Repair Café",
      organisation: "Buurthuis De Linde",
      status: "confirmed",
      attendance: "present",
      minutes: 120,
      shift: { role: "Koffie schenken", startsAt: "2026-11-26T10:00:00+01:00" },
    });
    expect(data.hours).toEqual([{ year: "2026", shiftMinutes: 120, helpMinutes: 60, totalMinutes: 180 }]);
    expect(data.careRecipients).toEqual([expect.objectContaining({ firstName: "Moeder Dina", notesForHelpers: "Dina hoort slecht." })]);
    expect(data.helpRequests).toHaveLength(1);
    expect(data.helpRequests[0]).toMatchObject({
      relation: "requester",
      kind: "walking",
      publicText: "Wie wandelt met mijn moeder?",
      careDetails: "Mijn moeder gebruikt een rollator.",
      helperFirstName: "Henk",
      feedbackGiven: "Henk is heel vriendelijk.",
      windows: [{ startsAt: "2026-11-29T10:00:00+01:00", endsAt: "2026-11-29T12:00:00+01:00" }],
      sessions: [expect.objectContaining({ minutes: 90 })],
      // The status history: who made a change is "you" or "other", never another person's name.
      history: [
        { from: null, to: "submitted", by: "you", note: null, at: "2026-11-16T10:00:00+01:00" },
        { from: "open", to: "matched", by: "other", note: "Past goed bij Dina.", at: "2026-11-18T10:00:00+01:00" },
      ],
    });
    expect(data.helping.requests).toEqual([
      expect.objectContaining({
        kind: "shopping",
        status: "matched",
        feedbackGiven: null,
        sessions: [expect.objectContaining({ minutes: 60 })],
      }),
    ]);
    expect(data.careAccessLog).toEqual([
      {
        requestId: data.helpRequests[0].id,
        viewer: "Henk Helper",
        fields: ["address", "privateText"],
        purpose: "view",
        at: "2026-11-28T08:00:00+01:00",
      },
    ]);
    expect(data.emails).toEqual([
      { template: "help-request-matched", status: "sent", createdAt: "2026-11-28T06:00:00+01:00", sentAt: "2026-11-28T06:01:00+01:00" },
      { template: "sign-in", status: "pending", createdAt: "2026-11-28T06:00:00+01:00", sentAt: null },
    ]);
    expect(data.sessions).toEqual([expect.objectContaining({ device: "Firefox op Windows", createdAt: "2026-11-28T10:00:00+01:00" })]);
    expect(data.notificationSettings).toEqual({
      dayBeforeAt: "18:00",
      hoursBefore: 2,
      afterSession: true,
      digest: false,
      circleUpdates: true,
      messages: true,
      updatedAt: null,
    });
    expect(data.calendarFeed).toEqual({ exists: false, createdAt: null });
    expect(data.secondFactor).toEqual({ passkeys: [], authenticatorApp: "off", recoveryCodesLeft: 0 });
    expect(data.emailChanges).toEqual([]);
    expect(data.initiativeInterests).toEqual([]);
    expect(data.circles).toEqual([
      {
        name: "Kring rond Dina",
        memberships: [{ role: "lead", joinedAt: "2026-11-08T10:00:00+01:00", leftAt: null, leftReason: null }],
        tasksTaken: [
          {
            kind: "meal",
            title: "Soep",
            startsAt: "2026-11-29T10:00:00+01:00",
            endsAt: "2026-11-29T11:00:00+01:00",
            claimedAt: "2026-11-28T08:00:00+01:00",
            releasedAt: null,
            assigned: false,
          },
        ],
        updatesWritten: [{ body: "Dina is thuis.", createdAt: "2026-11-28T07:00:00+01:00" }],
        messagesWritten: [{ body: "Wie kan zaterdag?", createdAt: "2026-11-28T07:00:00+01:00" }],
      },
      {
        name: "Kring rond Otto",
        memberships: [{ role: "member", joinedAt: "2026-11-19T10:00:00+01:00", leftAt: "2026-11-20T10:00:00+01:00", leftReason: "left" }],
        tasksTaken: [],
        updatesWritten: [],
        messagesWritten: [],
      },
    ]);
    expect(data.circleInvitations).toEqual([
      { role: "member", status: "open", createdAt: "2026-11-28T09:00:00+01:00", expiresAt: "2026-12-12T09:00:00+01:00" },
    ]);
    expect(data.requestMessages).toEqual([
      { requestId: data.helpRequests[0].id, body: "Bedankt Henk!", createdAt: "2026-11-28T09:00:00+01:00" },
    ]);
    expect(data.circleAccessLog).toEqual([
      { circle: "Kring rond Dina", viewer: "Henk Helper", fields: ["updates"], at: "2026-11-28T09:00:00+01:00" },
    ]);
  });

  test("never holds another person's request, care text, feedback, address, name or mail", async () => {
    const body = await (await download(world.me.id)).text();
    for (const secret of [
      world.other.name,
      "Olga",
      world.other.email,
      "Geheimstraat",
      "diabetes",
      "Boodschappen voor Olga",
      "Geheime props-tekst",
      "henk.helper@example.org",
      "Henks eigen bericht",
      "Henk kan zaterdag",
      "Otto's geheime update",
      "export-invitation",
    ]) {
      expect(body).not.toContain(secret);
    }
  });

  test("a visitor is sent to sign in", async () => {
    const response = await createBrowserlessClient(server.url).get("/me/data.json");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fme%2Fdata.json");
  });

  test("the 11th download within the hour is refused with a page in the person's language", async () => {
    const person = await server.database.write((tx) => createUser(tx, { neighbourhoodId, name: "Frits Vaak" }));
    const client = await signedInClient(server, person.id, t);
    for (let i = 0; i < 10; i++) expect((await client.get("/me/data.json")).status).toBe(200);
    const refused = await client.get("/me/data.json");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("text/html");
    expect(refused.headers.get("cache-control")).toBe("private, no-store");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await html(refused)).toContain("al 10 keer gedownload");
    // The page itself is not limited.
    expect((await client.get("/me/data")).status).toBe(200);
  });
});

describe("/me/data", () => {
  test("shows every section in plain Dutch with the download link, never cached", async () => {
    const client = await signedInClient(server, world.me.id, t);
    const response = await client.get("/me/data");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const page = await html(response);
    expect(page).toContain('href="/me/data.json"');
    for (const text of [
      "Uw account",
      "Toestemmingen",
      "Uw hulpvragen",
      "Mijn moeder gebruikt een rollator.",
      "Repair Café",
      "Waar u bent ingelogd",
    ]) {
      expect(page).toContain(text);
    }
    expect(page).not.toContain("diabetes");
    expect(page).not.toContain(world.other.email);
  });

  test("a visitor is sent to sign in, and /me links to it", async () => {
    const visitor = await createBrowserlessClient(server.url).get("/me/data");
    expect(visitor.headers.get("location")).toBe("/login?redirectTo=%2Fme%2Fdata");
    const me = await html(await (await signedInClient(server, world.me.id, t)).get("/me"));
    expect(me).toContain('href="/me/data"');
  });
});
