import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { activitySession, emailOutbox, helpSession, signup } from "#db/schema";
import { cancelSession } from "~/domain/activities/activities.server";
import { getHelpMatch, scheduleHelpSessions } from "~/domain/help/sessions.server";
import { exportSignups, getManageView } from "~/domain/activities/organiser.server";
import { reminderLinkToken } from "~/domain/notifications/reminder-links.server";
import { signUp } from "~/domain/activities/signups.server";
import {
  addMember,
  createActivity,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// One-click Confirm / Cancel links from reminder emails, over HTTP: no sign-in needed, GET only
// shows, POST acts once; tampered 400, expired 410, replayed "already done" 200, never a 500.

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 4, 4, 8, 0); // Monday 4 May 2026, 10:00 in Amsterdam
let now = T0;
let server: TestServer;
const p = {} as Record<"organiser" | "alice" | "bob" | "carol" | "volunteer" | "carer" | "coordinator", number>;
let neighbourhoodId: number;
let organisationId: number;

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    organisationId = (await createOrganisation(tx)).id;
    for (const key of ["organiser", "alice", "bob", "carol", "volunteer", "carer", "coordinator"] as const) {
      p[key] = (await createUser(tx, { neighbourhoodId, name: `Naam ${key}` })).id;
    }
    await addMember(tx, organisationId, p.organiser, "admin");
    await grantCoordinator(tx, p.coordinator, [neighbourhoodId]);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  now = T0;
});

const ctxOf = (who: keyof typeof p) => ctxAs(server.database, p[who], { now: () => now, keys: server.services.keys, appUrl: server.url });

async function sessionWith(values: { capacity?: number; cancelCutoffHours?: number } = {}) {
  return server.database.write(async (tx) => {
    const a = await createActivity(tx, {
      organisationId,
      neighbourhoodId,
      title: "Samen koken",
      address: "Kerkstraat 5",
      cancelCutoffHours: values.cancelCutoffHours ?? 0,
    });
    return createSession(tx, { activityId: a.id, startsAt: T0 + 3 * 24 * HOUR, capacity: values.capacity ?? null });
  });
}

/** The links of the first reminder of a person, as the email carries them (paths on our server). */
async function linksFor(userId: number, topic: string) {
  const [row] = await server.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.template, "reminder"), eq(emailOutbox.userId, userId), eq(emailOutbox.topic, topic)))
    .orderBy(asc(emailOutbox.runAt));
  const secrets = server.services.keys.open(row!.sealedSecrets!) as { confirmUrl?: string; cancelUrl?: string };
  const path = (url: string | undefined) => (url ? new URL(url).pathname : undefined);
  return { confirm: path(secrets.confirmUrl), cancel: path(secrets.cancelUrl) };
}

async function placeFor(who: keyof typeof p, sessionId: number) {
  const result = await signUp({ ctx: await ctxOf(who), input: { sessionId, shiftId: null } });
  return (result as { signupId: number }).signupId;
}

/** A client signed in as `who` (a login session row and its cookie). */
const signedIn = (who: keyof typeof p) => signedInClient(server, p[who], now);

const signupRow = async (id: number) => (await server.database.db.select().from(signup).where(eq(signup.id, id)))[0]!;

describe("confirm", () => {
  test("GET shows what and when with one button and changes nothing; POST confirms; again is 'already done'; the organiser sees it", async () => {
    const session = await sessionWith();
    const signupId = await placeFor("alice", session.id);
    const { confirm } = await linksFor(p.alice, `activity-session:${session.id}`);
    const client = createBrowserlessClient(server.url);

    const page = await client.get(confirm!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Komt u?");
    expect(html).toContain("Samen koken");
    expect(html).toContain("Kerkstraat 5");
    expect(html).toMatch(/<form method="post"/);
    expect(page.headers.get("cache-control")).toContain("no-store");
    expect((await signupRow(signupId)).confirmedAt).toBeNull();

    now = T0 + HOUR;
    const done = await client.post(confirm!, {});
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("U hebt bevestigd dat u komt");
    expect((await signupRow(signupId)).confirmedAt).toBe(T0 + HOUR);

    now = T0 + 2 * HOUR;
    const again = await client.post(confirm!, {});
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("U had al bevestigd");
    expect((await signupRow(signupId)).confirmedAt).toBe(T0 + HOUR);

    const view = await getManageView({ ctx: await ctxOf("organiser"), input: { activityId: session.activityId } });
    expect(view.sessions[0]!.participants.confirmed).toEqual([expect.objectContaining({ signupId, confirmedAt: T0 + HOUR })]);
    const csv = await exportSignups({ ctx: await ctxOf("organiser"), input: { activityId: session.activityId } });
    expect(csv.rows[0]!.confirmedAt).toBe("2026-05-04 11:00");

    // Over HTTP: a marker next to the name on the manage page, and a column in the CSV.
    const organiser = await signedIn("organiser");
    const manage = await (await organiser.get(`/activities/${session.activityId}/manage`)).text();
    expect(manage).toMatch(/Naam alice(<!-- -->)? <span class="badge" title="Heeft bevestigd te komen">✓ (<!-- -->)?komt zeker<\/span>/);
    const file = (await (await organiser.get(`/activities/${session.activityId}/signups.csv`)).text()).trimEnd().split("\r\n");
    expect(file[0]).toMatch(/,Komst bevestigd op$/);
    expect(file[1]).toMatch(/,2026-05-04 11:00$/);
  });
});

describe("cancel", () => {
  test("POST cancels like the person's own cancel: the waitlist moves up with its mail and reminders, in one go; replay is 'already done'", async () => {
    const session = await sessionWith({ capacity: 1 });
    const aliceSignup = await placeFor("alice", session.id);
    const bobSignup = await placeFor("bob", session.id);
    expect((await signupRow(bobSignup)).status).toBe("waitlisted");
    const { cancel } = await linksFor(p.alice, `activity-session:${session.id}`);
    const client = createBrowserlessClient(server.url);

    const page = await client.get(cancel!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Wilt u zich afmelden?");
    expect((await signupRow(aliceSignup)).status).toBe("confirmed");

    const done = await client.post(cancel!, {});
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("U bent afgemeld");
    expect(await signupRow(aliceSignup)).toMatchObject({ status: "cancelled", cancelledBy: "person" });
    expect((await signupRow(bobSignup)).status).toBe("confirmed");
    const mails = await server.database.db
      .select({ template: emailOutbox.template, userId: emailOutbox.userId, status: emailOutbox.status, key: emailOutbox.idempotencyKey })
      .from(emailOutbox)
      .where(eq(emailOutbox.topic, `activity-session:${session.id}`));
    expect(mails.filter((m) => m.userId === p.alice).map((m) => m.status)).toEqual(["cancelled", "cancelled"]);
    expect(mails.filter((m) => m.userId === p.bob).map((m) => m.status)).toEqual(["pending", "pending"]);
    const promoted = await server.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `signup-promoted/${bobSignup}`));
    expect(promoted).toHaveLength(1);

    const again = await client.post(cancel!, {});
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("U bent al afgemeld");
    expect((await client.get(cancel!)).status).toBe(200);
  });

  test("after the organiser's cut-off the link explains why it cannot cancel (409) and changes nothing", async () => {
    const session = await sessionWith({ cancelCutoffHours: 48 });
    const signupId = await placeFor("carol", session.id);
    // The reminders go out within the cut-off, so they carry no cancel link; an older link still exists.
    expect((await linksFor(p.carol, `activity-session:${session.id}`)).cancel).toBeUndefined();
    const token = reminderLinkToken(server.services.keys, {
      kind: "signup",
      id: signupId,
      userId: p.carol,
      action: "cancel",
      expiresAt: session.startsAt,
    });
    now = session.startsAt - 30 * HOUR;
    const response = await createBrowserlessClient(server.url).post(`/reminders/${token}`, {});
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Afmelden via de e-mail kan niet meer");
    expect((await signupRow(signupId)).status).toBe("confirmed");
  });
});

describe("bad links", () => {
  test("a tampered token gives a clear page with 400, for GET and POST, and changes nothing", async () => {
    const session = await sessionWith();
    const signupId = await placeFor("alice", session.id);
    const { confirm } = await linksFor(p.alice, `activity-session:${session.id}`);
    const token = confirm!.split("/").pop()!;
    // Another sign-up's id with the old signature.
    const body = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...body, i: signupId + 1 })).toString("base64url")}.${token.split(".")[1]}`;
    const client = createBrowserlessClient(server.url);
    for (const path of [
      `/reminders/${forged}`,
      `/reminders/${token.slice(0, -2)}xx`,
      "/reminders/not-a-token",
      `/reminders/${token}.extra`,
    ]) {
      const get = await client.get(path);
      expect(get.status, path).toBe(400);
      expect(await get.text()).toContain("Deze link klopt niet");
      expect((await client.post(path, {})).status, path).toBe(400);
    }
    expect((await signupRow(signupId)).confirmedAt).toBeNull();
  });

  test("a link after the session started gives 410 and changes nothing", async () => {
    const session = await sessionWith();
    const signupId = await placeFor("bob", session.id);
    const { confirm, cancel } = await linksFor(p.bob, `activity-session:${session.id}`);
    now = session.startsAt;
    const client = createBrowserlessClient(server.url);
    for (const path of [confirm!, cancel!]) {
      const get = await client.get(path);
      expect(get.status).toBe(410);
      expect(await get.text()).toContain("Deze link is verlopen");
      expect((await client.post(path, {})).status).toBe(410);
    }
    expect(await signupRow(signupId)).toMatchObject({ status: "confirmed", confirmedAt: null });
  });

  test("a link to a session that was cancelled meanwhile says so (409)", async () => {
    const session = await sessionWith();
    await placeFor("carol", session.id);
    const { confirm } = await linksFor(p.carol, `activity-session:${session.id}`);
    await cancelSession({ ctx: await ctxOf("organiser"), input: { sessionId: session.id } });
    const response = await createBrowserlessClient(server.url).post(confirm!, {});
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Deze afspraak gaat niet door");
    expect((await server.database.db.select().from(activitySession).where(eq(activitySession.id, session.id)))[0]!.status).toBe(
      "cancelled",
    );
  });
});

describe("helping sessions", () => {
  test("the volunteer confirms from the reminder; the coordinator sees it on the sessions page data", async () => {
    const request = await server.database.write((tx) =>
      createHelpRequest(tx, {
        neighbourhoodId,
        requesterId: p.carer,
        status: "matched",
        matchedVolunteerId: p.volunteer,
        matchedAt: T0 - HOUR,
      }),
    );
    await scheduleHelpSessions({
      ctx: await ctxOf("volunteer"),
      input: { requestId: request.id, date: "2026-05-08", startTime: "14:00", endTime: "16:00", repeat: "once" },
    });
    const [session] = await server.database.db.select().from(helpSession).where(eq(helpSession.requestId, request.id));
    const { confirm, cancel } = await linksFor(p.volunteer, `help-session:${session!.id}`);
    expect(cancel).toBeUndefined();
    expect(await linksFor(p.carer, `help-session:${session!.id}`)).toEqual({ confirm: undefined, cancel: undefined });
    const client = createBrowserlessClient(server.url);
    const page = await client.get(confirm!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Hulp: ");
    expect(html).not.toContain("Dorpsstraat");
    const done = await client.post(confirm!, {});
    expect(done.status).toBe(200);
    expect((await server.database.db.select().from(helpSession).where(eq(helpSession.id, session!.id)))[0]!.comingConfirmedAt).toBe(T0);
    const view = await getHelpMatch({ ctx: await ctxOf("coordinator"), input: { requestId: request.id } });
    expect(view.sessions[0]).toMatchObject({ id: session!.id, comingConfirmedAt: T0 });
    const sessionsPage = await (await (await signedIn("coordinator")).get(`/requests/${request.id}/sessions`)).text();
    expect(sessionsPage).toContain("Vrijwilliger heeft bevestigd te komen");
    expect((await client.post(confirm!, {})).status).toBe(200);
  });
});
