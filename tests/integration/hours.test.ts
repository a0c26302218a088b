import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signup } from "#db/schema";
import { NotFound } from "~/domain/errors";
import { confirmShiftHours, getMyHours, HELP_REQUESTS_KEY } from "~/domain/activities/hours.server";
import { recordAttendance } from "~/domain/activities/organiser.server";
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
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { fieldErrors } from "#tests/support/errors";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// A volunteer's hours: per month (in their own zone, so a shift at 00:30 on 1 April counts in
// April even though it is still 31 March in UTC) and per organisation, with helping sessions under
// "help requests"; confirming one's own shift hours, with the organiser's record authoritative.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 28, 12, 0);

let database: TestDatabase;
const ids = {} as Record<
  | "vera"
  | "other"
  | "organiser"
  | "sport"
  | "library"
  | "pending"
  | "future"
  | "othersSignup"
  | "pendingSession"
  | "request"
  | "unconfirmed",
  number
>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    ids.vera = (await createUser(tx, { neighbourhoodId: area.id, name: "Vera" })).id;
    ids.other = (await createUser(tx, { neighbourhoodId: area.id, name: "Olaf" })).id;
    ids.organiser = (await createUser(tx, { neighbourhoodId: area.id, name: "Olga" })).id;
    const carer = await createUser(tx, { neighbourhoodId: area.id, name: "Carla" });
    const sport = await createOrganisation(tx, { name: "Sportclub De Esch" });
    const library = await createOrganisation(tx, { name: "Bibliotheek Oost" });
    ids.sport = sport.id;
    ids.library = library.id;
    await addMember(tx, sport.id, ids.organiser, "admin");
    const football = await createActivity(tx, { organisationId: sport.id, neighbourhoodId: area.id, title: "Wandelvoetbal" });
    const reading = await createActivity(tx, { organisationId: library.id, neighbourhoodId: area.id, title: "Voorleesuur" });

    const shiftFor = async (
      activityId: number,
      startsAt: number,
      minutes: number,
      values: Partial<Omit<typeof signup.$inferInsert, "userId">> = {},
      userId = ids.vera,
    ) => {
      const session = await createSession(tx, { activityId, startsAt, endsAt: startsAt + minutes * 60_000 });
      const s = await createShift(tx, { sessionId: session.id, startsAt, endsAt: startsAt + minutes * 60_000 });
      return createSignupRecord(tx, { sessionId: session.id, shiftId: s.id, userId, ...values });
    };
    // 00:30 on 1 April in Amsterdam (summer time), still 31 March in UTC: April.
    await shiftFor(football.id, Date.UTC(2026, 2, 31, 22, 30), 60, { attendance: "present", minutes: 60 });
    // 23:30 on 31 March in Amsterdam: March.
    await shiftFor(reading.id, Date.UTC(2026, 2, 31, 21, 30), 30, { attendance: "present", minutes: 30 });
    // 00:30 on 1 November in Amsterdam (winter time again), 31 October in UTC: November, self-confirmed.
    await shiftFor(football.id, Date.UTC(2026, 9, 31, 23, 30), 90, { minutes: 90 });
    // Absent, cancelled, or someone else's: not counted.
    await shiftFor(football.id, Date.UTC(2026, 9, 31, 22, 30), 60, { attendance: "absent" });
    await shiftFor(football.id, Date.UTC(2026, 5, 1, 10, 0), 60, { status: "cancelled", minutes: 60 });
    ids.othersSignup = (await shiftFor(football.id, Date.UTC(2026, 5, 2, 10, 0), 60, { attendance: "present", minutes: 60 }, ids.other)).id;
    // 00:30 on New Year's Day in Amsterdam, still 2025 in UTC: January 2026.
    await shiftFor(reading.id, Date.UTC(2025, 11, 31, 23, 30), 45, { attendance: "present", minutes: 45 });
    // Over two days ago, nothing recorded yet: to confirm.
    const pending = await shiftFor(football.id, NOW - 2 * DAY, 120);
    ids.pending = pending.id;
    ids.pendingSession = pending.sessionId;
    ids.future = (await shiftFor(football.id, NOW + 2 * DAY, 60)).id;

    const request = await createHelpRequest(tx, {
      neighbourhoodId: area.id,
      requesterId: carer.id,
      status: "matched",
      matchedVolunteerId: ids.vera,
      matchedAt: Date.UTC(2026, 3, 1),
    });
    ids.request = request.id;
    await createHelpSession(tx, {
      requestId: request.id,
      startsAt: Date.UTC(2026, 4, 10, 9, 0),
      confirmedAt: Date.UTC(2026, 4, 10, 12, 0),
      minutes: 120,
    });
    ids.unconfirmed = (await createHelpSession(tx, { requestId: request.id, startsAt: NOW - 3 * DAY })).id;
    const othersRequest = await createHelpRequest(tx, {
      neighbourhoodId: area.id,
      requesterId: carer.id,
      status: "matched",
      matchedVolunteerId: ids.other,
      matchedAt: Date.UTC(2026, 3, 1),
    });
    await createHelpSession(tx, {
      requestId: othersRequest.id,
      startsAt: Date.UTC(2026, 4, 11, 9, 0),
      confirmedAt: Date.UTC(2026, 4, 11, 12, 0),
      minutes: 600,
    });
  });
});
afterAll(() => database.cleanup());

const asVera = () => ctxAs(database, ids.vera, { now: () => NOW });

describe("getMyHours", () => {
  test("per month in the person's zone, across both DST changes and the new year", async () => {
    const hours = await getMyHours({ ctx: await asVera(), input: {} });
    expect(hours.year).toBe(2026);
    expect(hours.problem).toBeNull();
    expect(hours.months).toEqual([
      { month: "2026-01", shiftMinutes: 45, helpMinutes: 0, totalMinutes: 45 },
      { month: "2026-03", shiftMinutes: 30, helpMinutes: 0, totalMinutes: 30 },
      { month: "2026-04", shiftMinutes: 60, helpMinutes: 0, totalMinutes: 60 },
      { month: "2026-05", shiftMinutes: 0, helpMinutes: 120, totalMinutes: 120 },
      { month: "2026-11", shiftMinutes: 90, helpMinutes: 0, totalMinutes: 90 },
    ]);
    expect(hours.total).toEqual({ shiftMinutes: 225, helpMinutes: 120, totalMinutes: 345 });
    expect(hours.selfReportedMinutes).toBe(90);
  });

  test("per organisation, helping sessions under help requests (last)", async () => {
    const hours = await getMyHours({ ctx: await asVera(), input: {} });
    expect(hours.organisations).toEqual([
      { key: String(ids.library), name: "Bibliotheek Oost", shiftMinutes: 75, helpMinutes: 0, totalMinutes: 75 },
      { key: String(ids.sport), name: "Sportclub De Esch", shiftMinutes: 150, helpMinutes: 0, totalMinutes: 150 },
      { key: HELP_REQUESTS_KEY, name: null, shiftMinutes: 0, helpMinutes: 120, totalMinutes: 120 },
    ]);
  });

  test("another year; a bad year shows this year with a problem", async () => {
    const earlier = await getMyHours({ ctx: await asVera(), input: { year: "2025" } });
    expect(earlier.total.totalMinutes).toBe(0);
    expect(earlier.nextYear).toBe(2026);
    const bad = await getMyHours({ ctx: await asVera(), input: { year: "20x6" } });
    expect(bad).toMatchObject({ year: 2026, problem: "myHours.errors.year", nextYear: null, previousYear: 2025 });
  });

  test("what is still to confirm, and where to log help hours", async () => {
    const hours = await getMyHours({ ctx: await asVera(), input: {} });
    expect(hours.shiftsToConfirm.map((s) => s.signupId)).toEqual([ids.pending]);
    expect(hours.shiftsToConfirm[0]).toMatchObject({ shiftMinutes: 120, title: "Wandelvoetbal" });
    expect(hours.helpToConfirm).toEqual([expect.objectContaining({ sessionId: ids.unconfirmed, requestId: ids.request, kind: "respite" })]);
    expect(hours.logHours).toEqual([{ requestId: ids.request, kind: "respite", status: "matched" }]);
  });
});

describe("confirmShiftHours", () => {
  test("bad minutes, a shift not over, or someone else's sign-up are refused", async () => {
    const ctx = await asVera();
    expect(await fieldErrors(confirmShiftHours({ ctx, input: { signupId: ids.pending, minutes: 0 } }))).toEqual({
      minutes: ["myHours.errors.minutes"],
    });
    expect(await fieldErrors(confirmShiftHours({ ctx, input: { signupId: ids.future, minutes: 60 } }))).toEqual({
      form: ["myHours.errors.notOver"],
    });
    await expect(confirmShiftHours({ ctx, input: { signupId: ids.othersSignup, minutes: 60 } })).rejects.toBeInstanceOf(NotFound);
  });

  test("the volunteer confirms; the organiser's attendance record then wins and is final", async () => {
    const ctx = await asVera();
    expect(await confirmShiftHours({ ctx, input: { signupId: ids.pending, minutes: 100 } })).toEqual({
      signupId: ids.pending,
      minutes: 100,
    });
    let hours = await getMyHours({ ctx, input: {} });
    expect(hours.shiftsToConfirm).toEqual([]);
    expect(hours.selfReportedMinutes).toBe(190);
    // Changing one's own claim is fine while the organiser has not recorded attendance.
    await confirmShiftHours({ ctx, input: { signupId: ids.pending, minutes: 110 } });

    const organiser = await ctxAs(database, ids.organiser, { now: () => NOW });
    await recordAttendance({
      ctx: organiser,
      input: { sessionId: ids.pendingSession, entries: [{ signupId: ids.pending, attendance: "present", minutes: 120 }] },
    });
    const row = await database.db.query.signup.findFirst({ where: eq(signup.id, ids.pending) });
    expect(row).toMatchObject({ attendance: "present", minutes: 120 });
    hours = await getMyHours({ ctx, input: {} });
    expect(hours.selfReportedMinutes).toBe(90);
    expect(await fieldErrors(confirmShiftHours({ ctx, input: { signupId: ids.pending, minutes: 30 } }))).toEqual({
      form: ["myHours.errors.recorded"],
    });
  });
});

describe("/me/hours over HTTP", () => {
  let server: TestServer;
  const web = {} as Record<"vera" | "shiftSignup", number>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    await server.database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const area = await createNeighbourhood(tx, { municipalityId: town.id });
      web.vera = (await createUser(tx, { neighbourhoodId: area.id, name: "Vera" })).id;
      const org = await createOrganisation(tx, { name: "Sportclub De Esch" });
      const act = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Wandelvoetbal" });
      const startsAt = NOW - 2 * DAY;
      const session = await createSession(tx, { activityId: act.id, startsAt, endsAt: startsAt + 2 * HOUR });
      const s = await createShift(tx, { sessionId: session.id, role: "Scheidsrechter", startsAt, endsAt: startsAt + 2 * HOUR });
      web.shiftSignup = (await createSignupRecord(tx, { sessionId: session.id, shiftId: s.id, userId: web.vera })).id;
    });
  });
  afterAll(() => server.close());

  const signedIn = () => signedInClient(server, web.vera, NOW);

  test("a visitor is sent to sign in", async () => {
    const response = await createBrowserlessClient(server.url).get("/me/hours");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/login?redirectTo=");
  });

  test("the schedule links to the hours page, which lists what to confirm with a labelled field", async () => {
    const client = await signedIn();
    expect(await (await client.get("/me/schedule")).text()).toContain('href="/me/hours"');
    const response = await client.get("/me/hours");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Mijn uren");
    expect(page).toContain("Scheidsrechter bij Wandelvoetbal");
    expect(page).toContain(`id="signup-${web.shiftSignup}"`);
    expect(page).toMatch(/<label[^>]*>Minuten voor Scheidsrechter bij Wandelvoetbal<\/label>/);
    expect(page).toContain("U hebt in 2026 nog geen uren.");
  });

  test("bad minutes: 400 with the message next to the field and the typed value kept", async () => {
    const client = await signedIn();
    const response = await client.post("/me/hours", { signupId: String(web.shiftSignup), minutes: "99999" });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("Vul het aantal minuten in: een heel getal van 1 tot 1440.");
    expect(page).toContain('value="99999"');
  });

  test("confirming redirects back with a thank-you, and the hours show in the overview", async () => {
    const client = await signedIn();
    const response = await client.post("/me/hours", { signupId: String(web.shiftSignup), minutes: "105" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/me/hours?confirmed");
    const page = await (await client.get("/me/hours?confirmed")).text();
    expect(page).toContain("Dank u wel. Uw uren zijn bevestigd.");
    expect(page).toContain("Totaal in 2026: 1 u 45 min");
    expect(page).toContain("Sportclub De Esch");
    expect(page).toContain("U hoeft niets te bevestigen.");
  });

  test("once the organiser has recorded attendance, a late confirmation gets a clear message (400)", async () => {
    await server.database.write((tx) =>
      tx.update(signup).set({ attendance: "absent", minutes: null }).where(eq(signup.id, web.shiftSignup)),
    );
    const response = await (await signedIn()).post("/me/hours", { signupId: String(web.shiftSignup), minutes: "60" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("De organisatie heeft uw aanwezigheid al ingevuld.");
  });

  test("a bad year is a message (400), never a 500", async () => {
    const response = await (await signedIn()).get("/me/hours?year=abc");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Dit jaar klopt niet.");
  });
});
