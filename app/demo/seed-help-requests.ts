import { eq, inArray } from "drizzle-orm";
import type { Ctx } from "~/domain/context.server";
import { cancelRequest, flagUnmetRequests, triageRequest } from "~/domain/help/coordinator.server";
import { transitionRequest } from "~/domain/help/match.server";
import { CARE_DETAILS_CONSENT_VERSION } from "~/domain/help/request-schemas";
import { acceptInvite, declineInvite, withdrawHelpRequest } from "~/domain/help";
import { confirmHelpSession, endHelpMatch, leaveHelpFeedback, scheduleHelpSessions } from "~/domain/help/sessions.server";
import { createKeyring } from "~/domain/keyring.server";
import { addDays, localDateOf, localToInstant, weekdayOf } from "~/domain/scheduling/local-time";
import { loadActor } from "~/domain/accounts/sessions.server";
import {
  addHelpWindows,
  createCareConsent,
  createCareRecipient,
  createHelpInvite,
  createHelpRequest,
  createHelpSession,
} from "~/demo/builders";
import { seedMorePeople } from "~/demo/seed-help-people";
import type { Database } from "#db/client";
import { emailOutbox, helpRequest, helpRequestEvent, neighbourhood, skill, user } from "#db/schema";

// The help-request part of the demo seed: carers, the people they care for, and a request in
// every state (submitted, open, asked with invites, matched with sessions, completed with
// feedback, withdrawn, expired, cancelled), mostly in the demo coordinator's neighbourhoods.
// Requests are inserted as a resident's form would leave them (with the "submitted" history row);
// every later step goes through the domain verbs, at past times, so the history reads naturally.
//
// The coordinator's queue tells a story relative to `now`: one request just in (submitted minutes
// ago), an urgent one triaged two hours ago with several fitting volunteers to ask (in range, with
// the driving skill, free in the wanted window, with a VOG — and some left out, each with the rule
// why), one asked within its norm, and two that waited too long (flagged by the maintenance tick
// a day ago, as a running server would have).

const ZONE = "Europe/Amsterdam";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedHelpRequests(
  database: Database,
  { now, accounts }: { now: number; accounts: { carer: string; volunteer: string; coordinator: string; organisationMember: string } },
) {
  const db = database.db;
  if ((await db.select({ id: helpRequest.id }).from(helpRequest).limit(1)).length > 0) return { seeded: false };
  const areas = new Map(
    (await db.select({ id: neighbourhood.id, slug: neighbourhood.slug }).from(neighbourhood)).map((n) => [n.slug, n.id]),
  );
  const area = (slug: string) => areas.get(slug)!;
  const known = new Map(
    (
      await db
        .select({ id: user.id, email: user.email })
        .from(user)
        .where(inArray(user.email, Object.values(accounts)))
    ).map((u) => [u.email, u.id]),
  );
  const maria = known.get(accounts.carer)!;
  const willem = known.get(accounts.volunteer)!;
  const cora = known.get(accounts.coordinator)!;
  const fatima = known.get(accounts.organisationMember)!;

  const today = localDateOf(now, ZONE);
  // Two more carers and four more helpers (fictional: their mail is dropped below), with volunteer
  // profiles so the ranking has people to rank: three fit the urgent transport request (Tom next
  // door, Sanne and Ria from adjacent neighbourhoods), Kees has no VOG, Willem lives out of range.
  const people = await seedMorePeople(database, { now, today, area, coordinator: cora });

  const keys = createKeyring(["demo-seed-only-secret-0123456789-abcdef"]);
  const as = async (userId: number, at: number): Promise<Ctx> => ({
    database,
    now: () => at,
    actor: await loadActor(db, userId),
    keys,
    appUrl: "http://localhost:3000",
    defaultTimeZone: ZONE,
    locale: "nl",
  });
  /** The first local date after today on an ISO weekday, plus whole weeks. */
  const nextDay = (weekday: number, weeks = 0) => addDays(today, ((weekday - weekdayOf(today) + 7) % 7 || 7) + weeks * 7);
  /** The first working day (Monday to Friday) after today. */
  const nextWorkday = () =>
    addDays(
      today,
      [1, 2, 3, 4, 5].map((d) => (d - weekdayOf(today) + 7) % 7 || 7).reduce((a, b) => Math.min(a, b)),
    );
  const at = (date: string, time: string) => {
    const instant = localToInstant(date, time, ZONE);
    if (!instant.ok) throw new Error(`no such time ${date} ${time}`);
    return instant.epochMs;
  };
  const window = (date: string, start: string, end: string) => ({ startsAt: at(date, start), endsAt: at(date, end) });

  /** A request as the request form leaves it: the row, its windows, the "submitted" history row. */
  const submit = (
    requesterId: number,
    createdAt: number,
    values: Omit<Parameters<typeof createHelpRequest>[1], "neighbourhoodId"> & { neighbourhoodId: number },
    windows: { startsAt: number; endsAt: number }[],
  ) =>
    database.write(async (tx) => {
      const careConsentId = values.privateText
        ? (await createCareConsent(tx, requesterId, { givenAt: createdAt, version: CARE_DETAILS_CONSENT_VERSION })).id
        : null;
      const row = await createHelpRequest(tx, { requesterId, timeZone: ZONE, createdAt, updatedAt: createdAt, careConsentId, ...values });
      await addHelpWindows(tx, row.id, windows);
      await tx
        .insert(helpRequestEvent)
        .values({ requestId: row.id, fromStatus: null, toStatus: "submitted", actorId: requesterId, at: createdAt });
      return row.id;
    });

  const recipients = await database.write(async (tx) => ({
    gerrit: (
      await createCareRecipient(tx, {
        carerId: maria,
        firstName: "Gerrit",
        birthYear: 1938,
        neighbourhoodId: area("binnenstad"),
        notesForHelpers: "Gerrit heeft beginnende dementie. Hij houdt van kaarten en oude muziek. Koffie zonder suiker.",
        createdAt: now - 60 * DAY,
      })
    ).id,
    annie: (
      await createCareRecipient(tx, {
        carerId: people.joke,
        firstName: "Annie",
        birthYear: 1941,
        neighbourhoodId: area("oosterveld"),
        notesForHelpers: "Annie loopt met een rollator en hoort slecht aan de linkerkant.",
        createdAt: now - 90 * DAY,
      })
    ).id,
    mohamed: (
      await createCareRecipient(tx, {
        carerId: people.ahmed,
        firstName: "Mohamed",
        birthYear: 1950,
        neighbourhoodId: area("westwijk"),
        notesForHelpers: "Spreekt Arabisch en een beetje Nederlands.",
        createdAt: now - 30 * DAY,
      })
    ).id,
  }));

  // 1. Submitted: just in, waiting for the coordinator (Maria, shopping).
  await submit(
    maria,
    now - 25 * 60_000,
    {
      kind: "shopping",
      neighbourhoodId: area("binnenstad"),
      careRecipientId: recipients.gerrit,
      address: "Grote Kerkstraat 12, 7511 AB Hoflanden",
      urgency: "normal",
      publicText: "Wie kan één keer per week boodschappen doen voor mijn vader? Het is een korte lijst.",
    },
    [window(nextDay(4), "10:00", "12:00")],
  );

  // 2. Open and urgent: triaged two hours ago, no one asked yet (Joke, transport to the hospital on
  // the next working day; a driver with a VOG). The triage page ranks Tom, Sanne and Ria.
  const drivingSkill = (await db.select({ id: skill.id }).from(skill).where(eq(skill.slug, "vervoer")))[0]?.id ?? null;
  const open = await submit(
    people.joke,
    now - 3 * HOUR,
    {
      kind: "transport",
      neighbourhoodId: area("oosterveld"),
      careRecipientId: recipients.annie,
      address: "Lindelaan 8, 7513 DE Hoflanden",
      urgency: "high",
      requiresVog: true,
      requiredSkillId: drivingSkill,
      publicText: "Mijn moeder moet naar het ziekenhuis voor controle. Wie kan haar brengen en halen?",
      privateText: "De afspraak is bij de polikliniek oogheelkunde. Annie heeft een rollator die in de kofferbak moet.",
    },
    [window(nextWorkday(), "09:30", "11:30")],
  );
  await triageRequest({ ctx: await as(cora, now - 2 * HOUR), input: { requestId: open } });

  // 3. Asked, within its norm: three volunteers invited yesterday, one declined (Maria, a walk for her father). Willem can answer it.
  const asked = await submit(
    maria,
    now - 30 * HOUR,
    {
      kind: "walking",
      neighbourhoodId: area("binnenstad"),
      careRecipientId: recipients.gerrit,
      address: "Grote Kerkstraat 12, 7511 AB Hoflanden",
      publicText: "Mijn vader wandelt graag in het park, maar niet meer alleen. Wie loopt een uurtje met hem mee?",
      privateText: "Gerrit raakt soms de weg kwijt. Laat hem niet alleen. Mijn nummer staat in zijn portemonnee.",
    },
    [window(nextDay(6), "10:00", "11:30"), window(nextDay(6, 1), "10:00", "11:30")],
  );
  await triageRequest({ ctx: await as(cora, now - 28 * HOUR), input: { requestId: asked } });
  await database.write(async (tx) => {
    for (const volunteerId of [willem, people.tom, fatima]) {
      await createHelpInvite(tx, { requestId: asked, volunteerId, askedById: cora, createdAt: now - 26 * HOUR });
    }
    await transitionRequest(await as(cora, now - 26 * HOUR), tx, asked, "ask");
  });
  await declineInvite({ ctx: await as(fatima, now - 20 * HOUR), input: { id: asked, reason: "Op zaterdag werk ik." } });

  // 4. Matched, with sessions: Maria's respite for Gerrit with Willem, every Saturday morning.
  const matchedAt = now - 35 * DAY;
  const matched = await submit(
    maria,
    now - 42 * DAY,
    {
      kind: "respite",
      neighbourhoodId: area("binnenstad"),
      careRecipientId: recipients.gerrit,
      address: "Grote Kerkstraat 12, 7511 AB Hoflanden",
      publicText: "Ik zorg voor mijn vader en wil op zaterdagochtend even vrij zijn. Wie drinkt koffie met hem en doet een spelletje?",
      privateText: "Gerrit heeft beginnende dementie. De sleutel ligt bij de buren op nummer 14. Bel mij bij twijfel.",
      scheduleRule: {
        startDate: nextDay(6, -4),
        startTime: "10:00",
        durationMinutes: 150,
        timeZone: ZONE,
        pattern: { kind: "weekly", interval: 1, weekdays: [6] },
        end: { count: 10 },
      },
    },
    [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5].map((w) => window(nextDay(6, w), "10:00", "12:30")),
  );
  await triageRequest({ ctx: await as(cora, now - 41 * DAY), input: { requestId: matched } });
  await database.write(async (tx) => {
    for (const volunteerId of [willem, people.ria])
      await createHelpInvite(tx, { requestId: matched, volunteerId, askedById: cora, createdAt: now - 40 * DAY });
    await transitionRequest(await as(cora, now - 40 * DAY), tx, matched, "ask");
  });
  await acceptInvite({ ctx: await as(willem, matchedAt), input: { id: matched } });
  // Three Saturdays (at least a week ago) already happened (two confirmed by Willem); six more are planned.
  const past = await database.write(async (tx) => {
    const ids = [];
    for (const w of [-4, -3, -2]) {
      const date = nextDay(6, w);
      ids.push(
        (await createHelpSession(tx, { requestId: matched, startsAt: at(date, "10:00"), endsAt: at(date, "12:30"), createdAt: matchedAt }))
          .id,
      );
    }
    return ids;
  });
  const willemNow = await as(willem, now);
  await confirmHelpSession({ ctx: willemNow, input: { requestId: matched, sessionId: past[0]!, minutes: 150 } });
  await confirmHelpSession({ ctx: willemNow, input: { requestId: matched, sessionId: past[1]!, minutes: 120 } });
  await scheduleHelpSessions({
    ctx: willemNow,
    input: {
      requestId: matched,
      date: nextDay(6),
      startTime: "10:00",
      endTime: "12:30",
      repeat: "weekly",
      weekdays: [6],
      interval: 1,
      count: 6,
    },
  });

  // 5. Completed with feedback: Joke's paperwork, helped by Ria, match ended.
  const done = await submit(
    people.joke,
    now - 70 * DAY,
    {
      kind: "paperwork",
      neighbourhoodId: area("oosterveld"),
      careRecipientId: recipients.annie,
      address: "Lindelaan 8, 7513 DE Hoflanden",
      publicText: "Wie helpt mijn moeder met het aanvragen van huishoudelijke hulp bij de gemeente?",
    },
    [window(addDays(today, -60), "14:00", "16:00")],
  );
  await triageRequest({ ctx: await as(cora, now - 69 * DAY), input: { requestId: done } });
  await database.write(async (tx) => {
    await createHelpInvite(tx, { requestId: done, volunteerId: people.ria, askedById: cora, createdAt: now - 68 * DAY });
    await transitionRequest(await as(cora, now - 68 * DAY), tx, done, "ask");
  });
  await acceptInvite({ ctx: await as(people.ria, now - 67 * DAY), input: { id: done } });
  await database.write(async (tx) => {
    for (const days of [60, 53]) {
      const date = addDays(today, -days);
      await createHelpSession(tx, {
        requestId: done,
        startsAt: at(date, "14:00"),
        endsAt: at(date, "16:00"),
        confirmedAt: at(date, "17:00"),
        minutes: 120,
        createdAt: now - 66 * DAY,
      });
    }
  });
  await endHelpMatch({
    ctx: await as(people.joke, now - 50 * DAY),
    input: { requestId: done, reason: "De aanvraag is ingediend en goedgekeurd." },
  });
  await leaveHelpFeedback({
    ctx: await as(people.joke, now - 49 * DAY),
    input: { requestId: done, text: "Ria was geduldig en heel duidelijk. Mijn moeder vond het fijn." },
  });
  await leaveHelpFeedback({
    ctx: await as(people.ria, now - 48 * DAY),
    input: { requestId: done, text: "Goed contact. Annie kan later misschien hulp bij de post gebruiken." },
  });

  // 6. Withdrawn by the carer (Ahmed, household chores).
  const withdrawn = await submit(
    people.ahmed,
    now - 10 * DAY,
    {
      kind: "household",
      neighbourhoodId: area("westwijk"),
      careRecipientId: recipients.mohamed,
      address: "Veldweg 21, 7521 GH Hoflanden",
      publicText: "Wie kan helpen met het ophangen van een paar lampen en gordijnen?",
    },
    [window(addDays(today, 5), "13:00", "15:00")],
  );
  await withdrawHelpRequest({ ctx: await as(people.ahmed, now - 8 * DAY), input: { id: withdrawn } });

  // 7. Expired: its time passed without a match (Ahmed, help with a phone).
  const expired = await submit(
    people.ahmed,
    now - 40 * DAY,
    {
      kind: "digital",
      neighbourhoodId: area("westwijk"),
      careRecipientId: recipients.mohamed,
      address: "Veldweg 21, 7521 GH Hoflanden",
      language: "ar",
      publicText: "Mijn vader wil leren videobellen met familie. Liefst iemand die Arabisch spreekt.",
    },
    [window(addDays(today, -30), "15:00", "16:00")],
  );
  await triageRequest({ ctx: await as(cora, now - 39 * DAY), input: { requestId: expired } });
  await database.write(async (tx) =>
    transitionRequest(await as(cora, now - 29 * DAY), tx, expired, "expire", {}, "Het gevraagde moment is voorbij."),
  );

  // 8. Cancelled by the coordinator (Joke, something else).
  const cancelled = await submit(
    people.joke,
    now - 14 * DAY,
    {
      kind: "other",
      neighbourhoodId: area("oosterveld"),
      careRecipientId: recipients.annie,
      address: "Lindelaan 8, 7513 DE Hoflanden",
      publicText: "Wie past op de kat als mijn moeder een week in het ziekenhuis ligt?",
    },
    [window(addDays(today, 10), "09:00", "10:00")],
  );
  await cancelRequest({
    ctx: await as(cora, now - 12 * DAY),
    input: { requestId: cancelled, reason: "Dit past beter bij de dierenoppas van de dierenambulance." },
  });

  // 9. Waited too long (normal urgency, open for days): Ahmed, the garden before winter. Kees fits.
  const overdue = await submit(
    people.ahmed,
    now - 5 * DAY,
    {
      kind: "household",
      neighbourhoodId: area("westwijk"),
      careRecipientId: recipients.mohamed,
      address: "Veldweg 21, 7521 GH Hoflanden",
      publicText: "Wie helpt de tuin van mijn vader winterklaar te maken? Bladeren ruimen en de schuur opruimen.",
    },
    [window(addDays(today, 3), "13:00", "16:00"), window(addDays(today, 10), "13:00", "16:00")],
  );
  await triageRequest({ ctx: await as(cora, now - 4 * DAY), input: { requestId: overdue } });

  // 10. Waited too long (low urgency, asked and unanswered for days): Joke, video calls for Annie.
  const unanswered = await submit(
    people.joke,
    now - 9 * DAY,
    {
      kind: "digital",
      neighbourhoodId: area("oosterveld"),
      careRecipientId: recipients.annie,
      address: "Lindelaan 8, 7513 DE Hoflanden",
      urgency: "low",
      publicText: "Mijn moeder wil leren beeldbellen met haar kleinkinderen. Wie legt het rustig uit op haar tablet?",
    },
    [window(nextDay(2), "14:00", "15:30"), window(nextDay(2, 1), "14:00", "15:30")],
  );
  await triageRequest({ ctx: await as(cora, now - 8 * DAY), input: { requestId: unanswered } });
  await database.write(async (tx) => {
    await createHelpInvite(tx, { requestId: unanswered, volunteerId: people.ria, askedById: cora, createdAt: now - 6 * DAY });
    await transitionRequest(await as(cora, now - 6 * DAY), tx, unanswered, "ask");
  });

  // The maintenance tick a day ago flagged the two that had waited too long, as a running server would have.
  await flagUnmetRequests({ ctx: { ...(await as(cora, now - DAY)), actor: null } });

  // Fictional people get no mail: drop what the demo steps queued.
  await database.write((tx) => tx.delete(emailOutbox));
  const ids = { open, asked, matched, completed: done, withdrawn, expired, cancelled, overdue, unanswered };
  return { seeded: true, ids };
}
