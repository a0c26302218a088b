import { parseWithZod } from "@conform-to/zod";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { volunteerAvailability, volunteerProfile, volunteerSkill, volunteerUnavailableDate } from "#db/schema";
import { volunteerProfileSchema, type VolunteerProfileForm } from "~/domain/organisations/schemas";
import type { Ctx } from "~/domain/context.server";
import { Forbidden, NotFound, Unauthenticated } from "~/domain/errors";
import {
  collapseDates,
  effectiveVog,
  getOwnVolunteerProfile,
  getOwnVolunteerSummary,
  listVolunteersForVog,
  saveOwnVolunteerProfile,
  setVolunteerVog,
} from "~/domain/accounts/volunteer-profile.server";
import {
  createMunicipality,
  createNeighbourhood,
  createSkill,
  createUser,
  createVolunteerProfile,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";

let database: TestDatabase;
// Saturday 28 November 2026, 10:00 UTC: today is 2026-11-28 in Amsterdam.
const now = Date.UTC(2026, 10, 28, 10, 0);

const ids = {} as Record<
  "north" | "south" | "volunteer" | "southVolunteer" | "coordNorth" | "coordSouth" | "admin" | "resident" | "cooking" | "gardening",
  number
>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    ids.volunteer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Vera Vrijwilliger" })).id;
    ids.southVolunteer = (await createUser(tx, { neighbourhoodId: ids.south, name: "Sam Zuid" })).id;
    await createVolunteerProfile(tx, { userId: ids.southVolunteer });
    ids.coordNorth = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coördinator Noord" })).id;
    await grantCoordinator(tx, ids.coordNorth, [ids.north]);
    await createVolunteerProfile(tx, { userId: ids.coordNorth });
    ids.coordSouth = (await createUser(tx, { neighbourhoodId: ids.south })).id;
    await grantCoordinator(tx, ids.coordSouth, [ids.south]);
    ids.admin = (await createUser(tx, { neighbourhoodId: ids.south })).id;
    await grantAdmin(tx, ids.admin);
    ids.resident = (await createUser(tx, { neighbourhoodId: ids.north })).id;
    ids.cooking = (await createSkill(tx, { slug: "koken", nameNl: "Koken", nameEn: "Cooking" })).id;
    ids.gardening = (await createSkill(tx, { slug: "tuinieren", nameNl: "Tuinieren", nameEn: "Gardening", kind: "interest" })).id;
  });
});
afterAll(() => database.cleanup());

function ctxFor(userId: number | null, at = now): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => at });
}
const as = (who: keyof typeof ids | null, at = now) => ctxFor(who === null ? null : ids[who], at);

/** Parses form fields exactly as the /me/volunteer action does. */
function parseForm(fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  return parseWithZod(form, { schema: volunteerProfileSchema });
}

function valid(fields: Record<string, string | string[]>): VolunteerProfileForm {
  const submission = parseForm(fields);
  if (submission.status !== "success") throw new Error(`expected a valid form: ${JSON.stringify(submission.error)}`);
  return submission.value;
}

function errorsOf(fields: Record<string, string | string[]>) {
  const submission = parseForm(fields);
  expect(submission.status).toBe("error");
  return submission.status === "error" ? submission.error : null;
}

describe("the profile form's validation (shared by browser and server)", () => {
  test("an end time before the start, a missing day and a bad time get messages on their own fields", () => {
    expect(
      errorsOf({
        travelRange: "own",
        "availability[0].weekday": "2",
        "availability[0].startTime": "14:00",
        "availability[0].endTime": "10:00",
        "availability[1].startTime": "09:00",
        "availability[1].endTime": "9 uur",
      }),
    ).toEqual({
      "availability[0].endTime": ["community.errors.endBeforeStart"],
      "availability[1].weekday": ["community.errors.weekdayRequired"],
      "availability[1].endTime": ["community.errors.timeInvalid"],
    });
  });

  test("overlapping rows on the same day are refused; touching rows and other days are fine", () => {
    const base = { travelRange: "own" };
    expect(
      errorsOf({
        ...base,
        "availability[0].weekday": "3",
        "availability[0].startTime": "09:00",
        "availability[0].endTime": "12:00",
        "availability[1].weekday": "3",
        "availability[1].startTime": "11:30",
        "availability[1].endTime": "13:00",
      }),
    ).toEqual({ "availability[1].startTime": ["community.errors.availabilityOverlap"] });
    const ok = valid({
      ...base,
      "availability[0].weekday": "3",
      "availability[0].startTime": "09:00",
      "availability[0].endTime": "12:00",
      "availability[1].weekday": "3",
      "availability[1].startTime": "12:00",
      "availability[1].endTime": "13:00",
      "availability[2].weekday": "4",
      "availability[2].startTime": "10:00",
      "availability[2].endTime": "11:00",
    });
    expect(ok.availability.filter(Boolean)).toHaveLength(3);
  });

  test("empty spare rows are ignored", () => {
    const ok = valid({
      travelRange: "adjacent",
      "availability[0].weekday": "",
      "availability[0].startTime": "",
      "unavailable[0].from": "",
    });
    const filled = (rows: (object | undefined)[]) => rows.filter((row) => row && Object.values(row).some(Boolean));
    expect(filled(ok.availability)).toEqual([]);
    expect(filled(ok.unavailable)).toEqual([]);
  });

  test("bad dates, a period that ends before it starts and max hours of zero or less get messages", () => {
    expect(
      errorsOf({
        travelRange: "own",
        "unavailable[0].from": "2026-02-30",
        "unavailable[1].from": "2026-12-24",
        "unavailable[1].to": "2026-12-20",
        "unavailable[2].to": "2026-12-31",
        pausedUntil: "morgen",
        maxHoursPerMonth: "0",
      }),
    ).toEqual({
      "unavailable[0].from": ["community.errors.dateInvalid"],
      "unavailable[1].to": ["community.errors.endBeforeStart"],
      "unavailable[2].from": ["community.errors.dateRequired"],
      pausedUntil: ["community.errors.dateInvalid"],
      maxHoursPerMonth: ["community.errors.hoursPositive"],
    });
    expect(errorsOf({ travelRange: "own", maxHoursPerMonth: "-4" })).toEqual({ maxHoursPerMonth: ["community.errors.hoursPositive"] });
    expect(errorsOf({ travelRange: "own", maxHoursPerMonth: "veel" })).toEqual({ maxHoursPerMonth: ["community.errors.hoursInvalid"] });
    expect(errorsOf({ travelRange: "own", maxHoursPerMonth: "2.5" })).toEqual({ maxHoursPerMonth: ["community.errors.hoursInvalid"] });
    expect(errorsOf({ travelRange: "far" })).toEqual({ travelRange: ["community.errors.travelRangeRequired"] });
  });

  test("a form with too many rows is refused as a whole", () => {
    const fields: Record<string, string> = { travelRange: "own" };
    for (let i = 0; i < 31; i++) fields[`unavailable[${i}].from`] = "2027-01-01";
    expect(errorsOf(fields)).toEqual({ unavailable: ["community.errors.tooManyRows"] });
  });

  test("tags and other languages are split on commas, trimmed, lower-cased and de-duplicated", () => {
    const ok = valid({ travelRange: "own", tags: " Fietsen repareren, koken ,KOKEN,, ", otherLanguages: "Fries, Twents" });
    expect(ok.tags).toEqual(["fietsen repareren", "koken"]);
    expect(ok.otherLanguages).toEqual(["fries", "twents"]);
    expect(errorsOf({ travelRange: "own", tags: "x".repeat(41) })).toEqual({ tags: ["community.errors.tagTooLong"] });
  });
});

describe("saving the own volunteer profile", () => {
  const fullForm = () =>
    valid({
      skillIds: [String(ids.cooking), String(ids.gardening)],
      tags: "fietsen repareren",
      languages: ["nl", "ar"],
      otherLanguages: "fries",
      "availability[0].weekday": "2",
      "availability[0].startTime": "19:00",
      "availability[0].endTime": "21:30",
      "availability[1].weekday": "6",
      "availability[1].startTime": "09:00",
      "availability[1].endTime": "12:00",
      "unavailable[0].from": "2026-12-24",
      "unavailable[0].to": "2026-12-27",
      "unavailable[1].from": "2027-01-06",
      travelRange: "adjacent",
      pausedUntil: "2026-12-01",
      maxHoursPerMonth: "12",
    });

  test("creates the profile with skills, weekly times, holidays as dates, languages and limits", async () => {
    const ctx = await as("volunteer");
    await saveOwnVolunteerProfile({ ctx, input: fullForm() });
    const profile = await database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.volunteer) });
    expect(profile).toMatchObject({
      languages: ["nl", "ar", "fries"],
      tags: ["fietsen repareren"],
      travelRange: "adjacent",
      pausedUntil: "2026-12-01",
      maxHoursPerMonth: 12,
      vogStatus: "none",
      updatedAt: now,
    });
    const skills = await database.db.select().from(volunteerSkill).where(eq(volunteerSkill.userId, ids.volunteer));
    expect(skills.map((s) => s.skillId).sort()).toEqual([ids.cooking, ids.gardening].sort());
    const slots = await database.db
      .select()
      .from(volunteerAvailability)
      .where(eq(volunteerAvailability.userId, ids.volunteer))
      .orderBy(asc(volunteerAvailability.weekday));
    expect(slots.map((s) => [s.weekday, s.startTime, s.endTime])).toEqual([
      [2, "19:00", "21:30"],
      [6, "09:00", "12:00"],
    ]);
    const dates = await database.db
      .select()
      .from(volunteerUnavailableDate)
      .where(eq(volunteerUnavailableDate.userId, ids.volunteer))
      .orderBy(asc(volunteerUnavailableDate.date));
    expect(dates.map((d) => d.date)).toEqual(["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27", "2027-01-06"]);
  });

  test("reads back as form values, holidays collapsed into periods; the summary for /me agrees", async () => {
    const ctx = await as("volunteer");
    const own = await getOwnVolunteerProfile({ ctx });
    expect(own.exists).toBe(true);
    expect(own.timeZone).toBe("Europe/Amsterdam");
    expect(own.values).toMatchObject({
      languages: ["nl", "ar"],
      otherLanguages: "fries",
      tags: "fietsen repareren",
      availability: [
        { weekday: "2", startTime: "19:00", endTime: "21:30" },
        { weekday: "6", startTime: "09:00", endTime: "12:00" },
      ],
      unavailable: [
        { from: "2026-12-24", to: "2026-12-27" },
        { from: "2027-01-06", to: undefined },
      ],
      maxHoursPerMonth: 12,
    });
    expect(own.skills.map((s) => [s.name, s.kind]).sort()).toEqual([
      ["Koken", "skill"],
      ["Tuinieren", "interest"],
    ]);
    expect(await getOwnVolunteerSummary({ ctx })).toMatchObject({
      skills: 2,
      availabilitySlots: 2,
      vog: "none",
      pausedUntil: "2026-12-01",
    });
    expect(await getOwnVolunteerSummary({ ctx: await as("resident") })).toBeNull();
  });

  test("saving again replaces the lists; a pause that is over is not shown", async () => {
    await saveOwnVolunteerProfile({
      ctx: await as("volunteer"),
      input: valid({
        travelRange: "municipality",
        "availability[0].weekday": "1",
        "availability[0].startTime": "08:00",
        "availability[0].endTime": "09:00",
      }),
    });
    const own = await getOwnVolunteerProfile({ ctx: await as("volunteer", Date.UTC(2026, 11, 5, 10)) });
    expect(own.values.availability).toEqual([{ weekday: "1", startTime: "08:00", endTime: "09:00" }]);
    expect(own.values.unavailable).toEqual([]);
    expect(own.values.skillIds).toEqual([]);
    expect(own.values.travelRange).toBe("municipality");
  });

  test("dates in the past and unknown skills get field messages, and nothing is saved", async () => {
    const ctx = await as("volunteer");
    const input = valid({
      travelRange: "own",
      "unavailable[0].from": "2026-11-01",
      "unavailable[0].to": "2026-11-27",
      "unavailable[1].from": "2026-11-20",
      pausedUntil: "2026-11-27",
      skillIds: ["999999"],
    });
    expect(await fieldErrors(saveOwnVolunteerProfile({ ctx, input }))).toEqual({
      "unavailable[0].to": ["community.errors.dateInPast"],
      "unavailable[1].from": ["community.errors.dateInPast"],
      pausedUntil: ["community.errors.dateInPast"],
      skillIds: ["community.errors.skillUnknown"],
    });
    const profile = await database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.volunteer) });
    expect(profile?.travelRange).toBe("municipality");
  });

  test("a holiday that began before today is kept from today on", async () => {
    await saveOwnVolunteerProfile({
      ctx: await as("volunteer"),
      input: valid({ travelRange: "own", "unavailable[0].from": "2026-11-26", "unavailable[0].to": "2026-11-29" }),
    });
    const dates = await database.db.select().from(volunteerUnavailableDate).where(eq(volunteerUnavailableDate.userId, ids.volunteer));
    expect(dates.map((d) => d.date).sort()).toEqual(["2026-11-28", "2026-11-29"]);
  });

  test("'today' is the volunteer's own date across the spring-forward night", async () => {
    // 2026-03-28 23:30 UTC is 29 March 00:30 in Amsterdam (the night the clocks go forward).
    const ctx = await as("volunteer", Date.UTC(2026, 2, 28, 23, 30));
    expect(await fieldErrors(saveOwnVolunteerProfile({ ctx, input: valid({ travelRange: "own", pausedUntil: "2026-03-28" }) }))).toEqual({
      pausedUntil: ["community.errors.dateInPast"],
    });
    await saveOwnVolunteerProfile({ ctx, input: valid({ travelRange: "own", pausedUntil: "2026-03-29" }) });
    expect((await getOwnVolunteerProfile({ ctx })).today).toBe("2026-03-29");
  });

  test("needs a signed-in person", async () => {
    await expect(saveOwnVolunteerProfile({ ctx: await as(null), input: valid({ travelRange: "own" }) })).rejects.toBeInstanceOf(
      Unauthenticated,
    );
  });
});

describe("VOG status", () => {
  test("a coordinator of the volunteer's neighbourhood sets it; who and when are recorded; saving the own profile keeps it", async () => {
    await setVolunteerVog({
      ctx: await as("coordNorth"),
      input: { userId: ids.volunteer, vogStatus: "valid", vogValidUntil: "2029-11-30" },
    });
    const profile = await database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.volunteer) });
    expect(profile).toMatchObject({ vogStatus: "valid", vogValidUntil: "2029-11-30", vogSetBy: ids.coordNorth, vogSetAt: now });
    await saveOwnVolunteerProfile({ ctx: await as("volunteer"), input: valid({ travelRange: "own" }) });
    const own = await getOwnVolunteerProfile({ ctx: await as("volunteer") });
    expect(own.vog).toEqual({ status: "valid", validUntil: "2029-11-30" });
    // After the date it counts as expired.
    expect((await getOwnVolunteerProfile({ ctx: await as("volunteer", Date.UTC(2029, 11, 1, 12)) })).vog.status).toBe("expired");
  });

  test("a coordinator of another neighbourhood, a resident and the volunteer themself are refused", async () => {
    await expect(
      setVolunteerVog({ ctx: await as("coordSouth"), input: { userId: ids.volunteer, vogStatus: "none" } }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      setVolunteerVog({ ctx: await as("resident"), input: { userId: ids.volunteer, vogStatus: "none" } }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      setVolunteerVog({ ctx: await as("coordNorth"), input: { userId: ids.coordNorth, vogStatus: "valid", vogValidUntil: "2030-01-01" } }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      setVolunteerVog({ ctx: await as("coordNorth"), input: { userId: ids.resident, vogStatus: "requested" } }),
    ).rejects.toBeInstanceOf(NotFound);
    const profile = await database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.volunteer) });
    expect(profile?.vogStatus).toBe("valid");
  });

  test("valid needs a date that is not in the past; other statuses clear the date", async () => {
    const ctx = await as("admin");
    expect(await fieldErrors(setVolunteerVog({ ctx, input: { userId: ids.southVolunteer, vogStatus: "valid" } }))).toEqual({
      vogValidUntil: ["community.errors.vogDateRequired"],
    });
    expect(
      await fieldErrors(setVolunteerVog({ ctx, input: { userId: ids.southVolunteer, vogStatus: "valid", vogValidUntil: "2026-11-27" } })),
    ).toEqual({
      vogValidUntil: ["community.errors.dateInPast"],
    });
    await setVolunteerVog({ ctx, input: { userId: ids.southVolunteer, vogStatus: "requested", vogValidUntil: "2030-01-01" } });
    const profile = await database.db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, ids.southVolunteer) });
    expect(profile).toMatchObject({ vogStatus: "requested", vogValidUntil: null, vogSetBy: ids.admin });
  });

  test("the coordinator's list holds only volunteers living in their neighbourhoods; residents may not see it", async () => {
    const north = await listVolunteersForVog({ ctx: await as("coordNorth"), input: { page: 1, status: null } });
    expect(north.volunteers.map((v) => v.name).sort()).toEqual(["Coördinator Noord", "Vera Vrijwilliger"]);
    const vera = north.volunteers.find((v) => v.userId === ids.volunteer);
    expect(vera).toMatchObject({ effective: "valid", vogSetBy: "Coördinator Noord", neighbourhood: "Noord" });
    const south = await listVolunteersForVog({ ctx: await as("coordSouth"), input: { page: 1, status: null } });
    expect(south.volunteers.map((v) => v.name)).toEqual(["Sam Zuid"]);
    const requested = await listVolunteersForVog({ ctx: await as("admin"), input: { page: 1, status: "requested" } });
    expect(requested.volunteers.map((v) => v.name)).toEqual(["Sam Zuid"]);
    await expect(listVolunteersForVog({ ctx: await as("resident"), input: { page: 1, status: null } })).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("pure helpers", () => {
  test("collapseDates joins consecutive dates, also over a month end", () => {
    expect(collapseDates(["2026-12-31", "2026-12-30", "2027-01-01", "2027-01-03"])).toEqual([
      { from: "2026-12-30", to: "2027-01-01" },
      { from: "2027-01-03", to: "2027-01-03" },
    ]);
  });

  test("effectiveVog: valid until and including the date", () => {
    expect(effectiveVog("valid", "2026-11-28", "2026-11-28")).toBe("valid");
    expect(effectiveVog("valid", "2026-11-27", "2026-11-28")).toBe("expired");
    expect(effectiveVog("requested", null, "2026-11-28")).toBe("requested");
  });
});
