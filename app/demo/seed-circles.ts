import { and, eq, inArray } from "drizzle-orm";
import { addDays, localDateOf } from "~/domain/scheduling/local-time";
import { expandRecurrence, type RecurrenceRule } from "~/domain/scheduling/recurrence";
import { createCircle } from "~/demo/builders";
import type { Database, Tx } from "#db/client";
import {
  careRecipient,
  circleTask,
  circleTaskClaim,
  circleTaskOccurrence,
  circleUpdate,
  conversation,
  conversationRead,
  message,
  user,
} from "#db/schema";

// The care-circle part of the demo seed (decision 048): the demo carer Maria leads a circle around
// Gerrit (the person she cares for) with three demo users — Willem, Ria and Fatima — and a week
// of tasks from today in the seed's clock: one recurring (a meal every evening), four one-off
// tasks, some claimed and some with a place open, so the calendar, the "open" marks and the
// hand-off all have something to show. Two updates on the board and a short conversation. Rows
// are inserted directly (as the verbs would leave them); nothing is mailed.

const ZONE = "Europe/Amsterdam";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_CIRCLE_NAME = "Kring rond Gerrit";

type Who = "maria" | "willem" | "ria" | "fatima";

export async function seedCircles(
  database: Database,
  { now, accounts }: { now: number; accounts: { carer: string; volunteer: string; organisationMember: string } },
) {
  const emails: Record<Who, string> = {
    maria: accounts.carer,
    willem: accounts.volunteer,
    ria: "vrijwilliger2@example.org",
    fatima: accounts.organisationMember,
  };
  return database.write(async (tx) => {
    const rows = await tx
      .select({ id: user.id, email: user.email })
      .from(user)
      .where(inArray(user.email, Object.values(emails)));
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    const id = (who: Who) => byEmail.get(emails[who])!;
    const [gerrit] = await tx
      .select({ id: careRecipient.id, neighbourhoodId: careRecipient.neighbourhoodId })
      .from(careRecipient)
      .where(and(eq(careRecipient.carerId, id("maria")), eq(careRecipient.firstName, "Gerrit")));
    if (!gerrit || Object.keys(emails).some((w) => !byEmail.has(emails[w as Who]))) return { seeded: false as const };

    const joined = now - 21 * DAY;
    const circle = await createCircle(tx, {
      careRecipientId: gerrit.id,
      neighbourhoodId: gerrit.neighbourhoodId,
      leadId: id("maria"),
      members: [{ userId: id("willem") }, { userId: id("ria"), role: "co-lead" }, { userId: id("fatima") }],
      name: DEMO_CIRCLE_NAME,
      timeZone: ZONE,
      membersMayPost: true,
      createdAt: joined,
    });

    const today = localDateOf(now, ZONE);
    const task = (values: {
      kind: (typeof circleTask.$inferInsert)["kind"];
      title: string;
      notes?: string;
      places?: number;
      rule: RecurrenceRule;
    }) => addTask(tx, circle.id, id("maria"), now, values);
    const once = (day: number, startTime: string, durationMinutes: number): RecurrenceRule => ({
      startDate: addDays(today, day),
      startTime,
      durationMinutes,
      timeZone: ZONE,
      pattern: { kind: "once" },
    });

    // Recurring: a warm meal every evening of the coming week.
    const meals = await task({
      kind: "meal",
      title: "Warm eten brengen",
      notes: "Gerrit eet zoutarm. Graag bij de achterdeur aanbellen.",
      rule: {
        startDate: addDays(today, 1),
        startTime: "17:30",
        durationMinutes: 60,
        timeZone: ZONE,
        pattern: { kind: "weekly", interval: 1, weekdays: [1, 2, 3, 4, 5, 6, 7] },
        end: { until: addDays(today, 7) },
      },
    });
    const ride = await task({
      kind: "ride",
      title: "Naar de huisarts",
      notes: "Pasje en medicijnlijst meenemen.",
      rule: once(2, "10:00", 90),
    });
    const company = await task({ kind: "company", title: "Koffie en kaarten", rule: once(3, "14:00", 120) });
    await task({ kind: "shopping", title: "Boodschappen doen", notes: "Lijstje ligt op de keukentafel.", rule: once(4, "10:00", 60) });
    const garden = await task({ kind: "chores", title: "Tuin winterklaar maken", places: 2, rule: once(6, "13:00", 180) });

    // Claims: Maria takes two meals herself, Willem two and the ride, Ria one and the coffee,
    // Fatima half of the garden; two meals, the shopping and a garden place stay open.
    const claim = (occurrenceId: number, who: Who) =>
      tx.insert(circleTaskClaim).values({ occurrenceId, userId: id(who), claimedAt: now - 2 * DAY });
    const mealClaims: (Who | null)[] = ["maria", "willem", null, "ria", "willem", null, "maria"];
    for (const [i, who] of mealClaims.entries()) if (who && meals[i]) await claim(meals[i], who);
    await claim(ride[0]!, "willem");
    await claim(company[0]!, "ria");
    await claim(garden[0]!, "fatima");

    await tx.insert(circleUpdate).values([
      {
        circleId: circle.id,
        authorId: id("maria"),
        body: "Gerrit was gisteren wat verward, maar vandaag gaat het beter. Dank jullie wel voor de hulp!",
        createdAt: now - 2 * DAY,
      },
      {
        circleId: circle.id,
        authorId: id("ria"),
        body: "Ik heb de nieuwe medicijnen opgehaald bij de apotheek. Ze liggen in de la bij het bed.",
        createdAt: now - DAY,
      },
    ]);

    const [talk] = await tx.insert(conversation).values({ circleId: circle.id, createdAt: joined }).returning({ id: conversation.id });
    const lines: [Who, string, number][] = [
      ["maria", "Wie kan er zaterdag koken? Ik ben dan bij mijn dochter.", now - 26 * HOUR],
      ["willem", "Ik kan zaterdag. Ik neem soep mee.", now - 25 * HOUR],
      ["fatima", "Ik help zondag met de tuin. Heeft iemand een kruiwagen?", now - 3 * HOUR],
    ];
    const posted = await tx
      .insert(message)
      .values(lines.map(([who, body, at]) => ({ conversationId: talk!.id, authorId: id(who), body, createdAt: at })))
      .returning({ id: message.id });
    // Maria read up to Willem's answer; Fatima's message is new for her.
    await tx
      .insert(conversationRead)
      .values({ conversationId: talk!.id, userId: id("maria"), lastReadMessageId: posted[1]!.id, readAt: now - 24 * HOUR });

    return { seeded: true as const, circleId: circle.id };
  });
}

/** A task with its occurrences (expanded from the rule in the circle's zone); returns the occurrence ids. */
async function addTask(
  tx: Tx,
  circleId: number,
  createdById: number,
  now: number,
  values: { kind: (typeof circleTask.$inferInsert)["kind"]; title: string; notes?: string; places?: number; rule: RecurrenceRule },
) {
  const expanded = expandRecurrence(values.rule);
  if (!expanded.ok) throw new Error(`demo circle task "${values.title}": ${expanded.error.code}`);
  const places = values.places ?? 1;
  const [task] = await tx
    .insert(circleTask)
    .values({
      circleId,
      kind: values.kind,
      title: values.title,
      notes: values.notes ?? "",
      places,
      rule: { ...values.rule },
      createdById,
      createdAt: now - 3 * DAY,
      updatedAt: now - 3 * DAY,
    })
    .returning({ id: circleTask.id });
  const occurrences = await tx
    .insert(circleTaskOccurrence)
    .values(
      expanded.occurrences.map((o) => ({
        taskId: task!.id,
        circleId,
        occurrenceDate: o.localDate,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        places,
        updatedAt: now - 3 * DAY,
      })),
    )
    .returning({ id: circleTaskOccurrence.id });
  return occurrences.map((o) => o.id);
}
