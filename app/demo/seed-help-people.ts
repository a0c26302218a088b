import type { Database } from "#db/client";
import { skill } from "#db/schema";
import { addDays, type LocalDate } from "~/domain/scheduling/local-time";
import { addAvailability, createUser, createVolunteerProfile, giveSkills } from "~/demo/builders";

/**
 * The demo's extra carers and helpers (fictional: their mail is dropped by the seed), with
 * volunteer profiles so the ranking has people to rank. Part of the help-request seed.
 */
export async function seedMorePeople(
  database: Database,
  { now, today, area, coordinator: cora }: { now: number; today: LocalDate; area: (slug: string) => number; coordinator: number },
) {
  return database.write(async (tx) => {
    const person = (email: string, name: string, slug: string, postcode: string) =>
      createUser(tx, { email, name, neighbourhoodId: area(slug), postcode, createdAt: now });
    const joke = await person("mantelzorger2@example.org", "Joke Hendriks", "oosterveld", "7513DE");
    const ahmed = await person("mantelzorger3@example.org", "Ahmed Benali", "westwijk", "7521GH");
    const ria = await person("vrijwilliger2@example.org", "Ria van Dijk", "binnenstad", "7511KL");
    const tom = await person("vrijwilliger3@example.org", "Tom Wolters", "oosterveld", "7514MN");
    const sanne = await person("vrijwilliger4@example.org", "Sanne Visser", "noorderhaven", "7551PR");
    const kees = await person("vrijwilliger5@example.org", "Kees Brink", "westwijk", "7522ST");
    const skills = new Map((await tx.select({ id: skill.id, slug: skill.slug }).from(skill)).map((k) => [k.slug, k.id]));
    const skillIds = (...slugs: string[]) => slugs.flatMap((slug) => (skills.has(slug) ? [skills.get(slug)!] : []));
    const vog = { vogStatus: "valid" as const, vogValidUntil: addDays(today, 2 * 365), vogSetBy: cora, vogSetAt: now };
    const days = (from: number, to: number, startTime: string, endTime: string) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({ weekday: from + i, startTime, endTime }));
    const adjacent = "adjacent" as const;
    const helpers = [
      {
        id: tom.id,
        profile: { languages: ["nl"], tags: ["auto"], travelRange: adjacent, ...vog },
        skills: ["vervoer", "klussen"],
        slots: days(1, 6, "09:00", "12:00"),
      },
      {
        id: sanne.id,
        profile: { languages: ["nl", "en"], tags: ["boodschappen"], travelRange: adjacent, ...vog, maxHoursPerMonth: 12 },
        skills: ["vervoer", "ehbo"],
        slots: days(1, 5, "08:00", "13:00"),
      },
      {
        id: ria.id,
        profile: { languages: ["nl"], tags: ["auto", "voorlezen"], travelRange: adjacent, ...vog },
        skills: ["papieren", "computer", "ouderen"],
        slots: days(1, 5, "10:00", "16:00"),
      },
      {
        id: kees.id,
        profile: { languages: ["nl", "tr"], tags: [], travelRange: "municipality" as const },
        skills: ["klussen", "tuinieren"],
        slots: days(1, 7, "13:00", "17:00"),
      },
    ];
    for (const h of helpers) {
      await createVolunteerProfile(tx, { userId: h.id, ...h.profile, updatedAt: now });
      await giveSkills(tx, h.id, skillIds(...h.skills));
      await addAvailability(tx, h.id, h.slots);
    }
    return { joke: joke.id, ahmed: ahmed.id, ria: ria.id, tom: tom.id, sanne: sanne.id, kees: kees.id };
  });
}
