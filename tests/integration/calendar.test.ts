import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cancelSession, moveSession } from "~/domain/activities/activities.server";
import { feedForToken, regenerateFeedToken, seriesIcs, sessionIcs } from "~/domain/calendar/feeds.server";
import { NotFound } from "~/domain/errors";
import { localToInstant } from "~/domain/scheduling/local-time";
import { activitySeries } from "#db/schema";
import {
  addMember,
  createCareConsent,
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
import { createBrowserlessClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Calendar feeds (RFC 5545): every output is read back with an independent parser (ical.js).

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 2, 1, 10, 0); // Sunday 1 March 2026
const now = () => NOW;
const ams = (date: string, time: string) => {
  const r = localToInstant(date, time, "Europe/Amsterdam");
  if (!r.ok) throw new Error(`bad local time ${date} ${time}`);
  return r.epochMs;
};

interface Parsed {
  uid: string;
  start: string;
  end: string;
  summary: string;
  location: string | null;
  url: string | null;
  sequence: number;
  status: string | null;
  stamp: string;
}

function parse(ics: string): Parsed[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents("vevent").map((v) => {
    const start = v.getFirstPropertyValue("dtstart") as ICAL.Time;
    const end = v.getFirstPropertyValue("dtend") as ICAL.Time;
    // Written in UTC: the parser must see a UTC time (Z), not a floating or zoned one.
    expect(start.zone?.tzid).toBe("UTC");
    expect(end.zone?.tzid).toBe("UTC");
    return {
      uid: String(v.getFirstPropertyValue("uid")),
      start: start.toJSDate().toISOString(),
      end: end.toJSDate().toISOString(),
      summary: String(v.getFirstPropertyValue("summary")),
      location: (v.getFirstPropertyValue("location") as string | null) ?? null,
      url: (v.getFirstPropertyValue("url") as string | null) ?? null,
      sequence: Number(v.getFirstPropertyValue("sequence") ?? 0),
      status: (v.getFirstPropertyValue("status") as string | null) ?? null,
      stamp: (v.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate().toISOString(),
    };
  });
}

let database: TestDatabase;
const p = {} as Record<"anna" | "organiser" | "carer", number>;
const ids = {} as Record<string, number>;
const tuesdays = ["2026-03-24", "2026-03-31", "2026-10-20", "2026-10-27"];

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    p.anna = (await createUser(tx, { neighbourhoodId: area.id, name: "Anna" })).id;
    p.organiser = (await createUser(tx, { neighbourhoodId: area.id, name: "Olga" })).id;
    p.carer = (await createUser(tx, { neighbourhoodId: area.id, name: "Carla" })).id;
    const org = await createOrganisation(tx);
    await addMember(tx, org.id, p.organiser, "admin");
    const act = await createActivity(tx, {
      organisationId: org.id,
      neighbourhoodId: area.id,
      title: "Koor",
      address: "Kerkplein 3, Zwolle",
    });
    ids.activity = act.id;
    const [series] = await tx
      .insert(activitySeries)
      .values({ activityId: act.id, rule: { kind: "weekly" }, createdAt: NOW - DAY })
      .returning();
    ids.series = series!.id;
    // Weekly Tuesday 19:00 in Amsterdam, across both DST changes of 2026.
    for (const date of tuesdays) {
      const s = await createSession(tx, {
        activityId: act.id,
        seriesId: series!.id,
        startsAt: ams(date, "19:00"),
        endsAt: ams(date, "21:00"),
        occurrenceDate: date,
      });
      ids[date] = s.id;
      await createSignupRecord(tx, { sessionId: s.id, userId: p.anna });
    }
    const extra = await createSession(tx, { activityId: act.id, startsAt: ams("2026-04-07", "19:00"), occurrenceDate: "2026-04-07" });
    ids.extra = extra.id;
    const sh = await createShift(tx, {
      sessionId: extra.id,
      role: "Koffie",
      startsAt: ams("2026-04-07", "18:30"),
      endsAt: ams("2026-04-07", "21:00"),
    });
    ids.shift = sh.id;
    await createSignupRecord(tx, { sessionId: extra.id, shiftId: sh.id, userId: p.anna });
    // Anna helps Carla; the request holds care details that must never reach a feed.
    const request = await createHelpRequest(tx, {
      neighbourhoodId: area.id,
      requesterId: p.carer,
      status: "matched",
      matchedVolunteerId: p.anna,
      matchedAt: NOW - DAY,
      kind: "shopping",
      address: "Geheimestraat 99",
      privateText: "Mevrouw is slechthorend",
      careConsentId: (await createCareConsent(tx, p.carer)).id,
    });
    ids.help = (await createHelpSession(tx, { requestId: request.id, startsAt: ams("2026-03-05", "14:00") })).id;
  });
});

afterAll(async () => {
  await database.cleanup();
});

async function feedOf(userId: number) {
  const { token } = await regenerateFeedToken({ ctx: await ctxAs(database, userId, { now }) });
  return { token, read: async () => parse(await feedForToken({ ctx: await ctxAs(database, null, { now }), input: { token } })) };
}

describe("personal feed", () => {
  test("UIDs are stable, times are UTC, DTSTAMP is ctx.now(), SUMMARY/LOCATION/URL filled", async () => {
    const feed = await feedOf(p.anna);
    const first = await feed.read();
    const second = await feed.read();
    expect(second.map((e) => e.uid)).toEqual(first.map((e) => e.uid));
    expect(first.map((e) => e.uid).sort()).toEqual(
      [...tuesdays.map((d) => `activity-session-${ids[d]}@noaber`), `shift-${ids.shift}@noaber`, `help-session-${ids.help}@noaber`].sort(),
    );
    const choir = first.find((e) => e.uid === `activity-session-${ids["2026-03-24"]}@noaber`)!;
    expect(choir).toMatchObject({
      summary: "Koor",
      location: "Kerkplein 3, Zwolle",
      url: `http://localhost:3000/activities/${ids.activity}`,
      status: "CONFIRMED",
      sequence: 0,
    });
    expect(choir.stamp).toBe(new Date(NOW).toISOString());
    expect(first.find((e) => e.uid === `shift-${ids.shift}@noaber`)?.summary).toBe("Koor (Koffie)");
  });

  test("Tuesday 19:00 Amsterdam is 18:00Z in winter and 17:00Z in summer, across 2026-03-29 and 2026-10-25", async () => {
    const events = await (await feedOf(p.anna)).read();
    const startOf = (date: string) => events.find((e) => e.uid === `activity-session-${ids[date]}@noaber`)?.start;
    expect(startOf("2026-03-24")).toBe("2026-03-24T18:00:00.000Z");
    expect(startOf("2026-03-31")).toBe("2026-03-31T17:00:00.000Z");
    expect(startOf("2026-10-20")).toBe("2026-10-20T17:00:00.000Z");
    expect(startOf("2026-10-27")).toBe("2026-10-27T18:00:00.000Z");
  });

  test("a helping session shows only the kind of help and a link: no address, no care text", async () => {
    for (const userId of [p.anna, p.carer]) {
      const { token } = await regenerateFeedToken({ ctx: await ctxAs(database, userId, { now }) });
      const ics = await feedForToken({ ctx: await ctxAs(database, null, { now }), input: { token } });
      expect(ics).not.toContain("Geheimestraat");
      expect(ics).not.toContain("slechthorend");
      const help = parse(ics).find((e) => e.uid === `help-session-${ids.help}@noaber`)!;
      expect(help.summary).toBe("Hulp: Boodschappen");
      expect(help.location).toBeNull();
      expect(help.url).toMatch(/\/requests\/\d+\/sessions$/);
    }
  });

  test("moving a session raises SEQUENCE; cancelling it gives STATUS:CANCELLED and keeps the UID", async () => {
    const feed = await feedOf(p.anna);
    const uid = `activity-session-${ids["2026-10-20"]}@noaber`;
    const before = (await feed.read()).find((e) => e.uid === uid)!;
    const organiser = await ctxAs(database, p.organiser, { now });
    await moveSession({ ctx: organiser, input: { sessionId: ids["2026-10-20"]!, date: "2026-10-21", startTime: "19:00" } });
    const moved = (await feed.read()).find((e) => e.uid === uid)!;
    expect(moved.sequence).toBeGreaterThan(before.sequence);
    expect(moved.start).toBe("2026-10-21T17:00:00.000Z");
    await cancelSession({ ctx: organiser, input: { sessionId: ids["2026-10-20"]! } });
    const cancelled = (await feed.read()).find((e) => e.uid === uid)!;
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
  });

  test("regenerating the token makes the old one unknown", async () => {
    const ctx = await ctxAs(database, p.anna, { now });
    const old = await regenerateFeedToken({ ctx });
    const fresh = await regenerateFeedToken({ ctx });
    expect(fresh.token).not.toBe(old.token);
    expect(fresh.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(feedForToken({ ctx: await ctxAs(database, null, { now }), input: { token: old.token } })).rejects.toBeInstanceOf(NotFound);
    expect(parse(await feedForToken({ ctx: await ctxAs(database, null, { now }), input: { token: fresh.token } })).length).toBeGreaterThan(
      0,
    );
  });
});

describe("downloads for one session or a series", () => {
  test("a single session and a whole series", async () => {
    const ctx = await ctxAs(database, null, { now });
    const one = parse(await sessionIcs({ ctx, input: { activityId: ids.activity!, sessionId: ids["2026-03-24"]! } }));
    expect(one.map((e) => e.uid)).toEqual([`activity-session-${ids["2026-03-24"]}@noaber`]);
    const all = parse(await seriesIcs({ ctx, input: { activityId: ids.activity!, seriesId: ids.series! } }));
    expect(all.map((e) => e.uid)).toEqual(tuesdays.map((d) => `activity-session-${ids[d]}@noaber`));
    await expect(sessionIcs({ ctx, input: { activityId: ids.activity! + 999, sessionId: ids["2026-03-24"]! } })).rejects.toBeInstanceOf(
      NotFound,
    );
  });
});

describe("HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ now });
  });
  afterAll(async () => {
    await server.close();
  });

  test("the feed is text/calendar, private, needs no session, and the token never reaches the log", async () => {
    let userId = 0;
    let activityId = 0;
    let sessionId = 0;
    await server.database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const area = await createNeighbourhood(tx, { municipalityId: town.id });
      userId = (await createUser(tx, { neighbourhoodId: area.id })).id;
      const org = await createOrganisation(tx);
      activityId = (await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Breiclub" })).id;
      sessionId = (await createSession(tx, { activityId, startsAt: NOW + 3 * DAY })).id;
      await createSignupRecord(tx, { sessionId, userId });
    });
    const { token } = await regenerateFeedToken({ ctx: await ctxAs(server.database, userId, { now }) });
    const client = createBrowserlessClient(server.url);
    const response = await client.get(`/calendar/${token}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(parse(await response.text()).map((e) => e.summary)).toEqual(["Breiclub"]);
    expect(server.logger.lines()).toContain("/calendar/");
    expect(server.logger.lines()).not.toContain(token);

    expect((await client.get(`/calendar/${"x".repeat(43)}.ics`)).status).toBe(404);

    // The activity page links each session's download.
    expect(await (await client.get(`/activities/${activityId}`)).text()).toContain(
      `/activities/${activityId}/calendar.ics?session=${sessionId}`,
    );
    const download = await client.get(`/activities/${activityId}/calendar.ics?session=${sessionId}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.ics"$/);
    expect(parse(await download.text()).map((e) => e.uid)).toEqual([`activity-session-${sessionId}@noaber`]);
    expect((await client.get(`/activities/${activityId}/calendar.ics?session=abc`)).status).toBe(404);
  });
});
