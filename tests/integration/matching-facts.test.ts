import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { volunteerAvailability, volunteerProfile, volunteerSkill } from "#db/schema";
import type { VolunteerProfileForm } from "~/domain/organisations/schemas";
import { saveOwnVolunteerProfile } from "~/domain/accounts/volunteer-profile.server";
import { wantedHalfHours } from "~/domain/help/matching/rank.server";
import {
  addAvailability,
  createMunicipality,
  createNeighbourhood,
  createSkill,
  createUser,
  createVolunteerProfile,
  giveSkills,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";

// Decision 045: each volunteer's skill ids, weekly slots and per-weekday slot half hours are kept
// on the profile by triggers in the writing transaction (migration 0012), and the ranking reads
// only those. These tests write in every way the code does and compare the kept facts with what
// the skill and availability tables say.

let database: TestDatabase;
const now = Date.UTC(2026, 10, 28, 10, 0);
const ids = {} as Record<"north" | "cooking" | "driving" | "walking", number>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.cooking = (await createSkill(tx, { slug: "koken", nameNl: "Koken", nameEn: "Cooking" })).id;
    ids.driving = (await createSkill(tx, { slug: "rijden", nameNl: "Rijden", nameEn: "Driving" })).id;
    ids.walking = (await createSkill(tx, { slug: "wandelen", nameNl: "Wandelen", nameEn: "Walking" })).id;
  });
});
afterAll(() => database.cleanup());

/** The half hours a "HH:mm"–"HH:mm" slot touches, worked out independently of the SQL. */
function halves(start: string, end: string): number[] {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const out: number[] = [];
  for (let n = 0; n < 48; n++) if (n * 30 < toMinutes(end) && (n + 1) * 30 > toMinutes(start)) out.push(n);
  return out;
}

/** What the kept facts should be, from the tables themselves. */
async function expected(userId: number) {
  const skills = await database.db.select().from(volunteerSkill).where(eq(volunteerSkill.userId, userId));
  const slots = await database.db.select().from(volunteerAvailability).where(eq(volunteerAvailability.userId, userId));
  const masks = [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
    const on = new Set(slots.filter((s) => s.weekday === weekday).flatMap((s) => halves(s.startTime, s.endTime)));
    return [...on].reduce((sum, n) => sum + 2 ** n, 0);
  });
  return {
    skillIds: skills.map((s) => s.skillId).sort((a, b) => a - b),
    slots: slots.map((s) => `${s.weekday} ${s.startTime} ${s.endTime}`).sort(),
    masks,
  };
}

async function kept(userId: number) {
  const [row] = await database.db.select().from(volunteerProfile).where(eq(volunteerProfile.userId, userId));
  if (!row) throw new Error("no profile");
  return {
    skillIds: row.skillIds
      ? row.skillIds
          .split(",")
          .map(Number)
          .sort((a, b) => a - b)
      : [],
    slots: row.weeklySlots ? row.weeklySlots.split(",").sort() : [],
    masks: [
      row.slotHalfHours1,
      row.slotHalfHours2,
      row.slotHalfHours3,
      row.slotHalfHours4,
      row.slotHalfHours5,
      row.slotHalfHours6,
      row.slotHalfHours7,
    ],
    slotsNull: row.weeklySlots === null,
  };
}

async function expectInStep(userId: number) {
  const want = await expected(userId);
  const have = await kept(userId);
  expect({ skillIds: have.skillIds, slots: have.slots, masks: have.masks }).toEqual(want);
  // No slots at all is NULL (the ranking reads it as "every time of day fits").
  expect(have.slotsNull).toBe(want.slots.length === 0);
  return have;
}

const volunteer = (name: string) => database.write(async (tx) => (await createUser(tx, { neighbourhoodId: ids.north, name })).id);

describe("kept matching facts", () => {
  test("skills and slots written before the profile exists are picked up when it is made", async () => {
    const userId = await volunteer("Eerst slots");
    await database.write(async (tx) => {
      await giveSkills(tx, userId, [ids.cooking, ids.driving]);
      await addAvailability(tx, userId, [{ weekday: 2, startTime: "09:00", endTime: "12:30" }]);
      await createVolunteerProfile(tx, { userId });
    });
    const have = await expectInStep(userId);
    expect(have.skillIds).toEqual([ids.cooking, ids.driving]);
    // 09:00–12:30 on Tuesday: half hours 18 up to and including 24.
    expect(have.masks[1]).toBe(halves("09:00", "12:30").reduce((sum, n) => sum + 2 ** n, 0));
  });

  test("inserts, updates and deletes of single rows keep the facts in step", async () => {
    const userId = await volunteer("Losse rijen");
    await database.write((tx) => createVolunteerProfile(tx, { userId }));
    expect((await expectInStep(userId)).slotsNull).toBe(true);

    await database.write(async (tx) => {
      await giveSkills(tx, userId, [ids.walking]);
      await addAvailability(tx, userId, [
        { weekday: 1, startTime: "00:00", endTime: "00:01" },
        { weekday: 1, startTime: "13:59", endTime: "14:31" },
        { weekday: 7, startTime: "21:30", endTime: "24:00" },
      ]);
    });
    await expectInStep(userId);

    await database.write(async (tx) => {
      await tx
        .update(volunteerAvailability)
        .set({ weekday: 3, startTime: "02:30", endTime: "03:00" })
        .where(and(eq(volunteerAvailability.userId, userId), eq(volunteerAvailability.weekday, 7)));
      await tx.update(volunteerSkill).set({ skillId: ids.cooking }).where(eq(volunteerSkill.userId, userId));
    });
    const afterUpdate = await expectInStep(userId);
    expect(afterUpdate.masks[6]).toBe(0);
    expect(afterUpdate.skillIds).toEqual([ids.cooking]);

    await database.write(async (tx) => {
      await tx.delete(volunteerAvailability).where(eq(volunteerAvailability.userId, userId));
      await tx.delete(volunteerSkill).where(eq(volunteerSkill.userId, userId));
    });
    const emptied = await expectInStep(userId);
    expect(emptied).toMatchObject({ skillIds: [], slots: [], masks: [0, 0, 0, 0, 0, 0, 0], slotsNull: true });
  });

  test("saving the profile form (delete and insert in one transaction) keeps the facts in step", async () => {
    const userId = await volunteer("Formulier");
    const ctx = await ctxAs(database, userId, { now: () => now });
    const form = (availability: VolunteerProfileForm["availability"], skillIds: number[]): VolunteerProfileForm => ({
      skillIds,
      languages: ["nl"],
      otherLanguages: [],
      tags: [],
      travelRange: "own",
      availability,
      unavailable: [],
    });
    await saveOwnVolunteerProfile({
      ctx,
      input: form(
        [
          { weekday: "2", startTime: "09:00", endTime: "17:00" },
          { weekday: "4", startTime: "18:15", endTime: "20:45" },
        ],
        [ids.cooking, ids.walking],
      ),
    });
    await expectInStep(userId);
    await saveOwnVolunteerProfile({ ctx, input: form([{ weekday: "5", startTime: "10:00", endTime: "11:00" }], [ids.driving]) });
    const have = await expectInStep(userId);
    expect(have.slots).toEqual(["5 10:00 11:00"]);
    expect(have.skillIds).toEqual([ids.driving]);
  });

  test("the wanted half hours and a slot's kept half hours share a bit whenever the slot may overlap (never a wrong no)", () => {
    // A slot overlaps a wanted day when start < until and end > from (prefilter.ts). The masks may
    // say "maybe" within a half hour, never "no" where the strings say "yes".
    const times = ["00:00", "00:01", "02:30", "09:00", "13:59", "14:00", "14:29", "14:30", "14:31", "17:00", "17:01", "23:59", "24:00"];
    for (const from of ["", ...times.slice(0, -1)])
      for (const until of [...times.slice(1), "~"]) {
        if (until <= from) continue; // a wanted day's bounds are in order
        const [[, wanted] = [0, 0]] = wantedHalfHours([{ weekday: 3, from, until }]);
        for (const start of times)
          for (const end of times) {
            if (start >= end) continue;
            const slot = halves(start, end).reduce((sum, n) => sum + 2 ** n, 0);
            const shares = BigInt(slot) & BigInt(wanted);
            if (start < until && end > from) expect(shares, `${start}-${end} in ${from}-${until}`).not.toBe(0n);
          }
      }
  });
});
