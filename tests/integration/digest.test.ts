import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, helpRequestEvent, notificationSetting } from "#db/schema";
import { renderEmail } from "#emails/render";
import { DIGEST_LATE_LIMIT_MS, sendWeeklyDigests } from "~/domain/notifications/digest.server";
import {
  addAvailability,
  addHelpWindows,
  createActivity,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
  createVolunteerProfile,
  makeAdjacent,
} from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// The weekly digest: opt-in only, Monday 08:00 in the person's zone (DST-correct), what is new since
// the last one (own and adjacent neighbourhoods; shifts that fit; open help requests near a
// volunteer, without care details), in their language; nothing new means no mail, but the window
// still moves on; one per person per week even when the tick runs twice.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 30 November 2026, 08:00 in Amsterdam (CET, UTC+1). */
const MONDAY = Date.UTC(2026, 10, 30, 7, 0);
const LAST_MONDAY = MONDAY - 7 * DAY;

let database: TestDatabase;
const ids = {} as Record<
  "vera" | "emma" | "nora" | "sam" | "off" | "newHere" | "newNext" | "newFar" | "oldHere" | "request" | "oldRequest" | "area",
  number
>;

async function setDigest(userId: number, values: { digest: boolean; digestCoveredUntil?: number | null }) {
  await database.write((tx) =>
    tx
      .insert(notificationSetting)
      .values({ userId, updatedAt: LAST_MONDAY, ...values })
      .onConflictDoUpdate({ target: notificationSetting.userId, set: values }),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const here = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" });
    const next = await createNeighbourhood(tx, { municipalityId: town.id, name: "Oosterpoort" });
    const far = await createNeighbourhood(tx, { municipalityId: town.id, name: "Verweg" });
    const quiet = await createNeighbourhood(tx, { municipalityId: town.id, name: "Stilleweg" });
    ids.area = here.id;
    await makeAdjacent(tx, here.id, next.id);
    ids.vera = (await createUser(tx, { neighbourhoodId: here.id, name: "Vera" })).id;
    ids.emma = (await createUser(tx, { neighbourhoodId: here.id, name: "Emma", locale: "en" })).id;
    ids.nora = (await createUser(tx, { neighbourhoodId: far.id, name: "Nora" })).id;
    ids.sam = (await createUser(tx, { neighbourhoodId: quiet.id, name: "Sam" })).id;
    ids.off = (await createUser(tx, { neighbourhoodId: here.id, name: "Otto" })).id;
    const carer = await createUser(tx, { neighbourhoodId: here.id, name: "Carla Geheim" });
    await createVolunteerProfile(tx, { userId: ids.vera, travelRange: "adjacent" });
    await addAvailability(
      tx,
      ids.vera,
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: "08:00", endTime: "22:00" })),
    );

    const org = await createOrganisation(tx);
    const posted = MONDAY - 2 * DAY;
    const upcoming = MONDAY + 3 * DAY + 2 * HOUR; // Thursday 10:00 local
    const newActivity = async (neighbourhoodId: number, title: string, createdAt: number, withShift = false) => {
      const a = await createActivity(tx, { organisationId: org.id, neighbourhoodId, title, createdAt, updatedAt: createdAt });
      const s = await createSession(tx, { activityId: a.id, startsAt: upcoming, endsAt: upcoming + 2 * HOUR });
      if (withShift) await createShift(tx, { sessionId: s.id, role: "Gastvrouw", startsAt: upcoming, endsAt: upcoming + 2 * HOUR });
      return a.id;
    };
    ids.newHere = await newActivity(here.id, "Repair Café", posted, true);
    ids.newNext = await newActivity(next.id, "Buurtmoestuin", posted);
    ids.newFar = await newActivity(far.id, "Schaakclub", posted);
    ids.oldHere = await newActivity(here.id, "Koor", LAST_MONDAY - DAY, true);

    const request = await createHelpRequest(tx, {
      neighbourhoodId: here.id,
      requesterId: carer.id,
      status: "open",
      kind: "shopping",
      address: "Geheimstraat 7",
      publicText: "Boodschappen voor mijn moeder",
    });
    ids.request = request.id;
    await tx.insert(helpRequestEvent).values([
      { requestId: request.id, fromStatus: null, toStatus: "submitted", at: LAST_MONDAY - 2 * DAY },
      { requestId: request.id, fromStatus: "submitted", toStatus: "open", at: MONDAY - DAY },
    ]);
    await addHelpWindows(tx, request.id, [{ startsAt: MONDAY + DAY + 2 * HOUR, endsAt: MONDAY + DAY + 4 * HOUR }]);
    // Open since before last week's digest: not new.
    const old = await createHelpRequest(tx, { neighbourhoodId: here.id, requesterId: carer.id, status: "open", kind: "transport" });
    ids.oldRequest = old.id;
    await tx.insert(helpRequestEvent).values({ requestId: old.id, fromStatus: "submitted", toStatus: "open", at: LAST_MONDAY - DAY });
    await addHelpWindows(tx, old.id, [{ startsAt: MONDAY + DAY, endsAt: MONDAY + DAY + HOUR }]);
  });
  await setDigest(ids.vera, { digest: true, digestCoveredUntil: LAST_MONDAY });
  await setDigest(ids.emma, { digest: true, digestCoveredUntil: LAST_MONDAY });
  await setDigest(ids.nora, { digest: true, digestCoveredUntil: LAST_MONDAY });
  await setDigest(ids.sam, { digest: true, digestCoveredUntil: LAST_MONDAY });
  await setDigest(ids.off, { digest: false, digestCoveredUntil: null });
});
afterAll(() => database.cleanup());

const run = async (at: number) => sendWeeklyDigests({ ctx: await ctxAs(database, null, { now: () => at }) });
const digests = () => database.db.select().from(emailOutbox).where(eq(emailOutbox.template, "digest"));
const coveredUntil = async (userId: number) =>
  (await database.db.query.notificationSetting.findFirst({ where: eq(notificationSetting.userId, userId) }))?.digestCoveredUntil;

describe("the weekly digest", () => {
  test("nothing before Monday 08:00 local", async () => {
    expect(await run(MONDAY - 60_000)).toEqual({ sent: 0, empty: 0 });
    expect(await digests()).toHaveLength(0);
  });

  test("at Monday 08:00: one mail per opted-in person with news, once even when two ticks run together", async () => {
    const [a, b] = await Promise.all([run(MONDAY), run(MONDAY)]);
    expect(a.sent + b.sent).toBe(3);
    expect(a.empty + b.empty).toBe(1);
    expect(await run(MONDAY + 5 * 60_000)).toEqual({ sent: 0, empty: 0 });
    const rows = await digests();
    expect(rows.map((r) => r.userId).sort()).toEqual([ids.vera, ids.emma, ids.nora].sort());
    expect(rows.find((r) => r.userId === ids.vera)!.idempotencyKey).toBe(`digest/${ids.vera}/2026-W49`);
    // Opt-in only: Otto never switched it on.
    expect(rows.some((r) => r.userId === ids.off)).toBe(false);
    for (const id of [ids.vera, ids.emma, ids.nora, ids.sam]) expect(await coveredUntil(id)).toBe(MONDAY);
    expect(await coveredUntil(ids.off)).toBeNull();
  });

  test("nothing new nearby: no mail, but the window still moves on", async () => {
    const rows = await digests();
    expect(rows.some((r) => r.userId === ids.sam)).toBe(false);
    expect(await coveredUntil(ids.sam)).toBe(MONDAY);
    // Nora lives far away: only what is new in her own neighbourhood.
    const nora = rows.find((r) => r.userId === ids.nora)!;
    expect((nora.props as { activities: { title: string }[] }).activities.map((a) => a.title)).toEqual(["Schaakclub"]);
  });

  test("content: new activities here and next door, shifts that fit, open requests near a volunteer, no care details", async () => {
    const vera = (await digests()).find((r) => r.userId === ids.vera)!;
    const props = vera.props as {
      activities: { title: string }[];
      shifts: { title: string; role: string }[];
      requests: { kind: string; url: string }[];
    };
    expect(props.activities.map((a) => a.title).sort()).toEqual(["Buurtmoestuin", "Repair Café"]);
    expect(props.shifts).toEqual([expect.objectContaining({ title: "Repair Café", role: "Gastvrouw" })]);
    expect(props.requests).toEqual([expect.objectContaining({ kind: "shopping", url: `http://localhost:3000/requests/${ids.request}` })]);
    const mail = await renderEmail({ template: "digest", locale: vera.locale, timeZone: vera.timeZone, props: vera.props, secrets: {} });
    expect(mail.subject).toBe("Nieuw in uw buurt deze week");
    expect(mail.text).toContain("Repair Café in Binnenstad");
    expect(mail.text).toContain("Gastvrouw bij Repair Café");
    expect(mail.text).toContain("Boodschappen in Binnenstad");
    expect(mail.text).toContain("3 dec 2026, 10:00 – 12:00"); // Thursday 09:00 UTC, in Amsterdam time
    for (const secret of ["Carla", "Geheimstraat", "moeder", "Koor", "Schaakclub", "Vervoer"]) expect(mail.text).not.toContain(secret);
  });

  test("in the person's language; someone who is not a volunteer gets no shifts or requests", async () => {
    const emma = (await digests()).find((r) => r.userId === ids.emma)!;
    expect(emma.locale).toBe("en");
    const props = emma.props as { shifts: unknown[]; requests: unknown[] };
    expect(props.shifts).toEqual([]);
    expect(props.requests).toEqual([]);
    const mail = await renderEmail({ template: "digest", locale: emma.locale, timeZone: emma.timeZone, props: emma.props, secrets: {} });
    expect(mail.subject).toBe("New in your neighbourhood this week");
    expect(mail.text).toMatch(/new activities/i);
    expect(mail.text).toContain("Repair Café in Binnenstad");
  });

  test("the next week only shows what is newer than the last digest", async () => {
    const nextMonday = MONDAY + 7 * DAY;
    expect(await run(nextMonday)).toEqual({ sent: 0, empty: 4 });
    expect(await coveredUntil(ids.vera)).toBe(nextMonday);
  });
});

describe("digest timing across daylight saving", () => {
  test("the Monday after the spring change goes at 08:00 summer time (06:00 UTC)", async () => {
    const spring = Date.UTC(2026, 2, 30, 6, 0);
    await setDigest(ids.emma, { digest: true, digestCoveredUntil: Date.UTC(2026, 2, 23, 7, 0) });
    await database.write((tx) => tx.update(notificationSetting).set({ digest: false }).where(eq(notificationSetting.userId, ids.vera)));
    for (const id of [ids.nora, ids.sam])
      await database.write((tx) => tx.update(notificationSetting).set({ digest: false }).where(eq(notificationSetting.userId, id)));
    expect(await run(spring - 60_000)).toEqual({ sent: 0, empty: 0 });
    expect(await run(spring)).toEqual({ sent: 0, empty: 1 });
    expect(await coveredUntil(ids.emma)).toBe(spring);
  });

  test("the Monday after the autumn change goes at 08:00 winter time (07:00 UTC), not at 07:00 local", async () => {
    const autumn = Date.UTC(2026, 9, 26, 7, 0);
    await setDigest(ids.emma, { digest: true, digestCoveredUntil: Date.UTC(2026, 9, 19, 6, 0) });
    expect(await run(autumn - 30 * 60_000)).toEqual({ sent: 0, empty: 0 });
    expect(await run(autumn)).toEqual({ sent: 0, empty: 1 });
    expect(await coveredUntil(ids.emma)).toBe(autumn);
  });

  test("a digest more than 12 hours late (server down on Monday) waits for next Monday; the window is kept", async () => {
    expect(DIGEST_LATE_LIMIT_MS).toBe(12 * HOUR);
    const covered = Date.UTC(2026, 10, 2, 7, 0);
    await setDigest(ids.emma, { digest: true, digestCoveredUntil: covered });
    // Tuesday after 9 November: too late for that week.
    expect(await run(Date.UTC(2026, 10, 10, 9, 0))).toEqual({ sent: 0, empty: 0 });
    expect(await coveredUntil(ids.emma)).toBe(covered);
    expect(await run(Date.UTC(2026, 10, 16, 7, 0))).toEqual({ sent: 0, empty: 1 });
    expect(await coveredUntil(ids.emma)).toBe(Date.UTC(2026, 10, 16, 7, 0));
  });
});
