import { eq, inArray } from "drizzle-orm";
import { createActivity } from "~/domain/activities/activities.server";
import type { Ctx } from "~/domain/context.server";
import { createKeyring } from "~/domain/keyring.server";
import { addDays, localDateOf, weekdayOf } from "~/domain/scheduling/local-time";
import { loadActor } from "~/domain/accounts/sessions.server";
import { signUp, signUpForSeries } from "~/domain/activities/signups.server";
import { createUser } from "~/demo/builders";
import type { Database } from "#db/client";
import { activitySeries, activitySession, emailOutbox, initiative, neighbourhood, organisation, shift, skill, user } from "#db/schema";

// The activities part of the demo seed, made through the same domain verbs organisers and
// residents use: recurring and one-off activities over the coming weeks, shifts partly filled,
// and a full dinner with a waitlist.

const ZONE = "Europe/Amsterdam";
const RESIDENTS = [
  ["Henk Visser", "binnenstad"],
  ["Ans Mulder", "binnenstad"],
  ["Kees de Jong", "oosterveld"],
  ["Yasmina Haddou", "westwijk"],
  ["Piet Bos", "de-esch"],
  ["Truus Meijer", "de-esch"],
  ["Daan Peters", "kanaalzone"],
  ["Sanne Vos", "boswijk"],
] as const;

export async function seedActivities(
  database: Database,
  { now, adminEmail, volunteerEmail, memberEmail }: { now: number; adminEmail: string; volunteerEmail: string; memberEmail: string },
) {
  const db = database.db;
  const areas = new Map(
    (await db.select({ id: neighbourhood.id, slug: neighbourhood.slug }).from(neighbourhood)).map((n) => [n.slug, n.id]),
  );
  const orgs = new Map((await db.select({ id: organisation.id, slug: organisation.slug }).from(organisation)).map((o) => [o.slug, o.id]));
  const skills = new Map((await db.select({ id: skill.id, slug: skill.slug }).from(skill)).map((s) => [s.slug, s.id]));
  const residents = await database.write(async (tx) => {
    const ids: number[] = [];
    for (const [i, [name, area]] of RESIDENTS.entries()) {
      ids.push(
        (
          await createUser(tx, {
            email: `bewoner${i + 1}@example.org`,
            name,
            neighbourhoodId: areas.get(area)!,
            postcode: "7511AB",
            createdAt: now,
          })
        ).id,
      );
    }
    return ids;
  });
  const people = new Map(
    (
      await db
        .select({ id: user.id, email: user.email })
        .from(user)
        .where(inArray(user.email, [adminEmail, volunteerEmail, memberEmail]))
    ).map((p) => [p.email, p.id]),
  );
  const keys = createKeyring(["demo-seed-only-secret-0123456789-abcdef"]);
  const ctxFor = async (userId: number): Promise<Ctx> => ({
    database,
    now: () => now,
    actor: await loadActor(db, userId),
    keys,
    appUrl: "http://localhost:3000",
    defaultTimeZone: ZONE,
    locale: "nl",
  });
  const organiser = await ctxFor(people.get(adminEmail)!);
  const today = localDateOf(now, ZONE);
  /** The first date after today that falls on an ISO weekday. */
  const next = (weekday: number, weeksLater = 0) => addDays(today, ((weekday - weekdayOf(today) + 7) % 7 || 7) + weeksLater * 7);
  const initiativeOf = async (slug: string) =>
    (await db.query.initiative.findFirst({ where: eq(initiative.organisationId, orgs.get(slug)!) }))?.id;

  const base = { targetGroups: ["everyone" as const], cancelCutoffHours: 12, timeZone: ZONE };
  const football = await createActivity({
    ctx: organiser,
    input: {
      ...base,
      title: "Wandelvoetbal voor 60-plussers",
      description: "Voetbal in wandeltempo. Geen ervaring nodig, wel sportschoenen. Daarna koffie in de kantine.",
      category: "sports",
      organisationId: orgs.get("sv-hoflanden")!,
      initiativeId: await initiativeOf("sv-hoflanden"),
      address: "Sportpark Westwijk, Veldweg 4",
      neighbourhoodId: areas.get("westwijk")!,
      accessibility: "Kantine en kleedkamers zijn rolstoeltoegankelijk. Invalidenparkeerplaats bij de ingang.",
      targetGroups: ["older-people"],
      startDate: next(2),
      startTime: "19:00",
      endTime: "21:00",
      repeat: "weekly",
      interval: 1,
      weekdays: [2],
      endKind: "count",
      count: 12,
      capacity: 16,
      shifts: [{ role: "Gastheer of gastvrouw", needed: 2, startTime: "19:00", endTime: "21:00" }],
    },
  });
  const languageCafe = await createActivity({
    ctx: organiser,
    input: {
      ...base,
      title: "Taalcafé",
      description: "Oefen Nederlands praten met buren, onder het genot van koffie of thee.",
      category: "learning",
      organisationId: orgs.get("buurthuis-de-esch")!,
      initiativeId: await initiativeOf("buurthuis-de-esch"),
      address: "Buurthuis De Esch, Eschplein 1",
      neighbourhoodId: areas.get("de-esch")!,
      accessibility: "Gelijkvloers. Ringleiding aanwezig.",
      targetGroups: ["newcomers"],
      startDate: next(4),
      startTime: "10:00",
      endTime: "12:00",
      repeat: "weekly",
      interval: 1,
      weekdays: [4],
      endKind: "count",
      count: 10,
      capacity: 12,
      shifts: [{ role: "Taalmaatje", needed: 3, startTime: "10:00", endTime: "12:00", requiredSkillId: skills.get("taalmaatje") }],
    },
  });
  const dinner = await createActivity({
    ctx: organiser,
    input: {
      ...base,
      title: "Buurtdiner",
      description: "Samen eten met de buurt. Vol is vol: kom op de wachtlijst als er geen plek meer is.",
      category: "social",
      organisationId: orgs.get("buurthuis-de-esch")!,
      address: "Buurthuis De Esch, Eschplein 1",
      neighbourhoodId: areas.get("de-esch")!,
      accessibility: "Gelijkvloers. Geef dieetwensen door aan de organisator.",
      startDate: next(5, 2),
      startTime: "17:30",
      endTime: "20:30",
      repeat: "once",
      capacity: 4,
      shifts: [
        { role: "Koken", needed: 2, startTime: "17:30", endTime: "20:30", requiredSkillId: skills.get("koken") },
        { role: "Bewoners ophalen", needed: 1, startTime: "17:30", endTime: "18:00", requiresVog: true },
      ],
    },
  });
  await createActivity({
    ctx: organiser,
    input: {
      ...base,
      title: "Muziekmiddag in De Linde",
      description: "Leerlingen van de muziekschool spelen voor de bewoners van zorgcentrum De Linde.",
      category: "culture",
      organisationId: orgs.get("muziekschool-hoflanden")!,
      initiativeId: await initiativeOf("muziekschool-hoflanden"),
      address: "Zorgcentrum De Linde, Lindelaan 20",
      neighbourhoodId: areas.get("binnenstad")!,
      accessibility: "Rolstoeltoegankelijk, lift aanwezig.",
      targetGroups: ["older-people", "disability"],
      startDate: next(4),
      startTime: "14:30",
      endTime: "16:00",
      repeat: "monthly",
      monthlyNth: -1,
      monthlyWeekday: 4,
      endKind: "count",
      count: 4,
      shifts: [{ role: "Begeleider van bewoners", needed: 2, startTime: "14:30", endTime: "16:00", requiresVog: true }],
    },
  });
  await createActivity({
    ctx: organiser,
    input: {
      ...base,
      title: "Boswandeling",
      description: "Elke twee weken een rustige wandeling van een uur door het Hoflandse bos.",
      category: "nature",
      organisationId: orgs.get("sv-hoflanden")!,
      address: "Parkeerplaats Boswijk, Bosrand 2",
      neighbourhoodId: areas.get("boswijk")!,
      accessibility: "Verharde paden, geschikt voor rollators.",
      startDate: next(6),
      startTime: "10:00",
      endTime: "11:30",
      repeat: "weekly",
      interval: 2,
      weekdays: [6],
      endKind: "until",
      until: addDays(today, 70),
    },
  });
  await createActivity({
    ctx: organiser,
    input: {
      ...base,
      title: "Huiswerkklas",
      description: "Hulp bij huiswerk voor kinderen van groep 6 tot en met de brugklas.",
      category: "learning",
      organisationId: orgs.get("buurthuis-de-esch")!,
      address: "Bibliotheek Kanaalzone, Havenkade 8",
      neighbourhoodId: areas.get("kanaalzone")!,
      targetGroups: ["youth", "low-income"],
      startDate: next(1),
      startTime: "15:30",
      endTime: "17:00",
      repeat: "weekly",
      interval: 1,
      weekdays: [1, 3],
      endKind: "count",
      count: 16,
      capacity: 10,
      shifts: [{ role: "Huiswerkbegeleider", needed: 2, startTime: "15:30", endTime: "17:00", requiresVog: true }],
    },
  });

  const sessionsOf = (activityId: number) =>
    db.select().from(activitySession).where(eq(activitySession.activityId, activityId)).orderBy(activitySession.startsAt);
  const seriesOf = async (activityId: number) =>
    (await db.query.activitySeries.findFirst({ where: eq(activitySeries.activityId, activityId) }))!.id;
  const shiftsOf = (sessionId: number) => db.select().from(shift).where(eq(shift.sessionId, sessionId));

  // Participants: the dinner fills up and gets a waitlist; football and the café partly.
  const [dinnerSession] = await sessionsOf(dinner.activityId);
  for (const id of residents.slice(0, 6)) await signUp({ ctx: await ctxFor(id), input: { sessionId: dinnerSession!.id, shiftId: null } });
  const footballSessions = await sessionsOf(football.activityId);
  for (const id of residents.slice(0, 5))
    await signUpForSeries({ ctx: await ctxFor(id), input: { seriesId: await seriesOf(football.activityId), shiftRole: null } });
  for (const id of residents.slice(3, 8))
    await signUp({ ctx: await ctxFor(id), input: { sessionId: (await sessionsOf(languageCafe.activityId))[0]!.id, shiftId: null } });
  // Volunteers: Willem (valid VOG) hosts the first football evenings; Fatima helps once.
  const willem = await ctxFor(people.get(volunteerEmail)!);
  for (const s of footballSessions.slice(0, 3)) {
    const [host] = await shiftsOf(s.id);
    await signUp({ ctx: willem, input: { sessionId: s.id, shiftId: host!.id, acceptClash: true } });
  }
  const [firstFootball] = footballSessions;
  const [host] = await shiftsOf(firstFootball!.id);
  await signUp({
    ctx: await ctxFor(people.get(memberEmail)!),
    input: { sessionId: firstFootball!.id, shiftId: host!.id, acceptClash: true },
  });

  // Fictional people get no mail: drop what the demo sign-ups queued.
  await database.write((tx) => tx.delete(emailOutbox));
}
