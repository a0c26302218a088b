import { eq, inArray } from "drizzle-orm";
import {
  createActivity,
  createHelpInvite,
  createHelpRequest,
  createSession,
  createShift,
  createSignalRecord,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import type { Database } from "#db/client";
import type { Tx } from "#db/client";
import { helpRequestEvent, municipality, neighbourhood, organisation, signal, signalEvidence, user } from "#db/schema";
import type { HelpRequestStatus } from "../domain/vocabulary";
import { helpRequestKinds } from "~/domain/vocabulary";

// The signals part of the demo seed: a year of history so every indicator shows something —
// help requests in every outcome (matched after a few days or after weeks, expired, withdrawn;
// none still waiting, so the coordinator's queue holds only the live requests of
// seed-help-requests.ts), volunteer offers, carers who keep asking for respite, past shifts with open places
// and waitlists — and four signals, one in each status. Deterministic (a fixed pseudo-random
// sequence) and idempotent (does nothing once any signal exists). Fictional people only; rows are
// written directly, so no mail is queued.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Writes a request's history as the state machine would have: submitted first, then each step. */
async function history(tx: Tx, requestId: number, steps: [HelpRequestStatus, number][]) {
  let from: HelpRequestStatus | null = null;
  for (const [to, at] of steps) {
    await tx.insert(helpRequestEvent).values({ requestId, fromStatus: from, toStatus: to, actorId: null, at });
    from = to;
  }
}

export async function seedSignals(database: Database, { now }: { now: number }) {
  const db = database.db;
  if ((await db.select({ id: signal.id }).from(signal).limit(1)).length > 0) return { seeded: false };
  const [town] = await db.select().from(municipality).limit(1);
  if (!town) return { seeded: false };
  const areas = await db
    .select({ id: neighbourhood.id, slug: neighbourhood.slug })
    .from(neighbourhood)
    .where(eq(neighbourhood.municipalityId, town.id))
    .orderBy(neighbourhood.id);
  const coordinator = (await db.select({ id: user.id }).from(user).where(eq(user.email, "coordinator@example.org")))[0]?.id ?? null;
  const orgs = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(inArray(organisation.slug, ["sv-hoflanden", "buurthuis-de-esch", "muziekschool-hoflanden"]));

  let state = 20260601;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

  await database.write(async (tx) => {
    // Fictional carers and helpers for the history (example.org addresses; never mailed).
    const carers: { id: number; area: number }[] = [];
    const helpers: number[] = [];
    for (const [index, area] of areas.entries()) {
      for (let i = 0; i < 4; i++) {
        const person = await createUser(tx, {
          email: `historie-mantelzorger-${area.slug}-${i}@example.org`,
          name: `Mantelzorger ${index + 1}.${i + 1}`,
          neighbourhoodId: area.id,
          createdAt: now - 400 * DAY,
        });
        carers.push({ id: person.id, area: area.id });
      }
      for (let i = 0; i < 2; i++) {
        const helper = await createUser(tx, {
          email: `historie-helper-${area.slug}-${i}@example.org`,
          name: `Helper ${index + 1}.${i + 1}`,
          neighbourhoodId: area.id,
          createdAt: now - 400 * DAY,
        });
        helpers.push(helper.id);
      }
    }

    // Twelve months of help requests; the first two neighbourhoods get more demand than supply.
    for (let month = 12; month >= 1; month--) {
      for (const [index, area] of areas.entries()) {
        const count = (index < 2 ? 9 : 4) + Math.floor(random() * 5);
        for (let i = 0; i < count; i++) {
          const createdAt = now - month * 30 * DAY + Math.floor(random() * 28 * DAY);
          const carer = pick(carers.filter((c) => c.area === area.id));
          const kind = random() < 0.35 ? "respite" : pick(helpRequestKinds);
          const outcome = random();
          const slow = index < 2 ? 2.5 : 1;
          const base = {
            requesterId: carer.id,
            neighbourhoodId: area.id,
            kind,
            address: "Demostraat 1",
            publicText: "Hulp gevraagd (demo-historie).",
            createdAt,
            updatedAt: createdAt,
          };
          let requestId: number;
          let accepted: number | null = null;
          const opened = createdAt + 2 * HOUR;
          if (outcome < 0.55) {
            const matchedAt = Math.min(createdAt + Math.floor((0.5 + random() * 6 * slow) * DAY), now - HOUR);
            const helper = pick(helpers);
            const completed = matchedAt < now - 14 * DAY;
            requestId = (
              await createHelpRequest(tx, { ...base, status: completed ? "completed" : "matched", matchedVolunteerId: helper, matchedAt })
            ).id;
            await createHelpInvite(tx, {
              requestId,
              volunteerId: helper,
              status: "accepted",
              createdAt: matchedAt - HOUR,
              respondedAt: matchedAt,
            });
            await history(tx, requestId, [
              ["submitted", createdAt],
              ["open", opened],
              ["asked", matchedAt - HOUR],
              ["matched", matchedAt],
              ...(completed ? ([["completed", matchedAt + 14 * DAY]] as [HelpRequestStatus, number][]) : []),
            ]);
            accepted = helper;
          } else if (outcome < 0.75) {
            const expiredAt = Math.min(createdAt + 21 * DAY, now - HOUR);
            const flaggedAt = Math.min(createdAt + 3 * DAY, expiredAt);
            requestId = (await createHelpRequest(tx, { ...base, status: "expired", flaggedAt, flagReason: "no-fit" })).id;
            await history(tx, requestId, [
              ["submitted", createdAt],
              ["open", opened],
              ["expired", expiredAt],
            ]);
          } else if (outcome < 0.85) {
            requestId = (await createHelpRequest(tx, { ...base, status: "withdrawn", endedAt: createdAt + 2 * DAY })).id;
            await history(tx, requestId, [
              ["submitted", createdAt],
              ["open", opened],
              ["withdrawn", createdAt + 2 * DAY],
            ]);
          } else {
            const expiredAt = Math.min(createdAt + 21 * DAY, now - HOUR);
            requestId = (await createHelpRequest(tx, { ...base, status: "expired" })).id;
            await history(tx, requestId, [
              ["submitted", createdAt],
              ["open", opened],
              ["expired", expiredAt],
            ]);
          }
          const offering = pick(helpers);
          if (random() < 0.3 && offering !== accepted)
            await createHelpInvite(tx, { requestId, volunteerId: offering, status: "offered", createdAt: createdAt + DAY });
        }
      }
    }
    // Carers who keep asking for respite (possible overload): three requests within ten weeks.
    for (const carer of carers.filter((_, i) => i % 5 === 0)) {
      for (let k = 0; k < 3; k++) {
        const createdAt = now - (20 + k * 25) * DAY;
        const request = await createHelpRequest(tx, {
          requesterId: carer.id,
          neighbourhoodId: carer.area,
          kind: "respite",
          address: "Demostraat 1",
          publicText: "Even vrij (demo-historie).",
          status: "expired",
          createdAt,
          updatedAt: createdAt,
        });
        await history(tx, request.id, [
          ["submitted", createdAt],
          ["open", createdAt + 2 * HOUR],
          ["expired", Math.min(createdAt + 14 * DAY, now - HOUR)],
        ]);
      }
    }

    // Past sessions with volunteer shifts that stayed partly open, and full sessions with a waitlist.
    for (const [index, area] of areas.entries()) {
      const org = orgs[index % Math.max(1, orgs.length)];
      if (!org) break;
      const past = await createActivity(tx, {
        organisationId: org.id,
        neighbourhoodId: area.id,
        title: `Buurtmiddag ${index + 1} (afgelopen jaar)`,
        category: pick(["social", "sports", "culture", "care"] as const),
        createdAt: now - 380 * DAY,
        updatedAt: now - 380 * DAY,
      });
      for (let month = 12; month >= 1; month--) {
        const startsAt = now - month * 30 * DAY + 10 * DAY;
        const session = await createSession(tx, { activityId: past.id, startsAt, capacity: 4, updatedAt: startsAt });
        const shift = await createShift(tx, {
          sessionId: session.id,
          startsAt,
          endsAt: startsAt + 2 * HOUR,
          needed: 3,
          role: "Koffie schenken",
        });
        const filled = Math.floor(random() * 3);
        for (let k = 0; k < filled; k++)
          await createSignupRecord(tx, {
            sessionId: session.id,
            shiftId: shift.id,
            userId: helpers[(index * 2 + k) % helpers.length]!,
            status: "confirmed",
            createdAt: startsAt - 5 * DAY,
          });
        const wanting = 4 + Math.floor(random() * (index < 3 ? 5 : 2));
        for (let k = 0; k < wanting; k++) {
          await createSignupRecord(tx, {
            sessionId: session.id,
            userId: carers[(index * 4 + k) % carers.length]!.id,
            status: k < 4 ? "confirmed" : "waitlisted",
            createdAt: startsAt - 7 * DAY + k * HOUR,
          });
        }
      }
    }

    // Four signals, one in each status, with evidence as it was when linked.
    const [first, second, third] = areas;
    const month = (offset: number) => new Date(now - offset * 30 * DAY).toISOString().slice(0, 10);
    const draft = await createSignalRecord(tx, {
      municipalityId: town.id,
      kind: "throughput",
      neighbourhoodId: third?.id ?? null,
      category: "facility:youth-care",
      title: "Lange wachttijd jeugdzorg na verwijzing",
      description: "Gezinnen wachten na een verwijzing lang op jeugdzorg. Verwijzers weten niet waar nog plek is.",
      createdById: coordinator,
      createdAt: now - 5 * DAY,
    });
    const raised = await createSignalRecord(tx, {
      municipalityId: town.id,
      kind: "supply",
      neighbourhoodId: first?.id ?? null,
      category: "kind:respite",
      title: "Te weinig respijt voor mantelzorgers",
      description: "Vragen om respijt blijven vaak liggen. Er zijn te weinig vrijwilligers die een dagdeel kunnen overnemen.",
      status: "raised",
      raisedOn: month(2),
      raisedWith: "Wethouder zorg en welzijn",
      createdById: coordinator,
      createdAt: now - 70 * DAY,
    });
    await createSignalRecord(tx, {
      municipalityId: town.id,
      kind: "access",
      neighbourhoodId: second?.id ?? null,
      category: "kind:transport",
      title: "Vervoer naar de dagbesteding ontbreekt",
      description: "Bewoners zonder eigen vervoer komen moeilijk bij de dagbesteding.",
      status: "responded",
      raisedOn: month(5),
      raisedWith: "Beleidsadviseur Wmo",
      respondedOn: month(4),
      response: "De gemeente onderzoekt een vrijwilligersvervoerdienst.",
      createdById: coordinator,
      createdAt: now - 160 * DAY,
    });
    await createSignalRecord(tx, {
      municipalityId: town.id,
      kind: "supply",
      neighbourhoodId: null,
      category: "activity:social",
      title: "Wachtlijst bij buurtmiddagen",
      description: "Buurtmiddagen zaten vol; er waren te weinig vrijwilligers voor een tweede middag.",
      status: "resolved",
      raisedOn: month(10),
      raisedWith: "Gemeenteraad, commissie sociaal domein",
      respondedOn: month(9),
      response: "Subsidie voor een tweede middag per week.",
      resolvedOn: month(7),
      createdById: coordinator,
      createdAt: now - 320 * DAY,
    });
    await tx.insert(signalEvidence).values([
      {
        signalId: raised.id,
        indicator: "unmet",
        neighbourhoodId: first?.id ?? null,
        category: "respite",
        periodStart: month(12),
        periodEnd: month(2),
        value: "18",
        createdAt: now - 70 * DAY,
      },
      {
        signalId: draft.id,
        indicator: "facilitiesUnderPressure",
        neighbourhoodId: null,
        category: "youth-care",
        periodStart: month(1),
        periodEnd: month(0),
        value: "< 5",
        createdAt: now - 5 * DAY,
      },
    ]);
  });
  return { seeded: true };
}
