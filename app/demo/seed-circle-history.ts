import { eq, like } from "drizzle-orm";
import { addDays, localDateOf, localToInstant } from "~/domain/scheduling/local-time";
import { createCareRecipient, createCircle, createCircleTaskRecord, createHelpRequest } from "~/demo/builders";
import type { Database } from "#db/client";
import { circleTaskClaim, facilityService, helpRequest, helpRequestEvent, user } from "#db/schema";

// A year of history for the signals that care circles and the social map feed (run after the
// signals and facilities seeds): some of the history's help requests were started from a
// facility page (referrals), fictional circles of the history's carers were under strain in some
// months (tasks left open, or the lead doing most), and a few of them handed off open tasks.
// Only counts of these reach the signals; the circles themselves are never shown to anyone else.

const ZONE = "Europe/Amsterdam";
const DAY = 86_400_000;

export async function seedCircleHistory(database: Database, { now }: { now: number }) {
  const db = database.db;
  const services = await db.select({ id: facilityService.id }).from(facilityService).orderBy(facilityService.id);
  const carers = await db
    .select({ id: user.id, area: user.neighbourhoodId })
    .from(user)
    .where(like(user.email, "historie-mantelzorger-%"))
    .orderBy(user.id);
  if (services.length === 0 || carers.length < 2) return { seeded: false };
  const today = localDateOf(now, ZONE);
  /** 10:00 local on a day `daysAgo` before today (DST-safe). */
  const at = (daysAgo: number) => {
    const instant = localToInstant(addDays(today, -daysAgo), "10:00", ZONE);
    return instant.ok ? instant.epochMs : now - daysAgo * DAY;
  };

  await database.write(async (tx) => {
    // Referrals: every sixth request of the history started from a facility page.
    const history = await tx
      .select({ id: helpRequest.id })
      .from(helpRequest)
      .where(like(helpRequest.publicText, "%(demo-historie)%"))
      .orderBy(helpRequest.id);
    for (const [i, request] of history.entries()) {
      if (i % 6 !== 0) continue;
      await tx
        .update(helpRequest)
        .set({ facilityId: services[(i / 6) % services.length]!.id })
        .where(eq(helpRequest.id, request.id));
    }

    // Circles of eight of the history's carers, each with a helper-carer as member.
    for (let c = 0; c < Math.min(8, carers.length - 1); c++) {
      const lead = carers[c]!;
      const member = carers[c + 1]!;
      const person = await createCareRecipient(tx, { carerId: lead.id, neighbourhoodId: lead.area, createdAt: now - 400 * DAY });
      const circle = await createCircle(tx, {
        careRecipientId: person.id,
        neighbourhoodId: lead.area,
        leadId: lead.id,
        members: [{ userId: member.id }],
        name: `Kring (demo-historie) ${c + 1}`,
        createdAt: now - 400 * DAY,
      });
      for (let month = 11; month >= 1; month--) {
        const base = month * 30;
        if ((c + month) % 3 === 0) {
          // Three tasks no one took that month.
          for (const d of [0, 7, 14]) await createCircleTaskRecord(tx, { circleId: circle.id, startsAt: at(base - d), kind: "meal" });
        } else {
          // Five tasks, all taken; in some circles the lead took four of them.
          const leadTakes = c % 4 === 1 ? 4 : 2;
          for (let k = 0; k < 5; k++) {
            const { occurrence } = await createCircleTaskRecord(tx, { circleId: circle.id, startsAt: at(base - 4 * k), kind: "ride" });
            const userId = k < leadTakes ? lead.id : member.id;
            await tx.insert(circleTaskClaim).values({ occurrenceId: occurrence.id, userId, claimedAt: occurrence.startsAt - DAY });
          }
        }
      }
      // Every other circle handed its open tasks off once, 2–6 months ago; the request is done.
      if (c % 2 === 0) {
        const createdAt = at(60 + c * 15);
        const request = await createHelpRequest(tx, {
          neighbourhoodId: lead.area,
          requesterId: lead.id,
          careRecipientId: person.id,
          circleId: circle.id,
          kind: "respite",
          status: "withdrawn",
          endedAt: createdAt + 10 * DAY,
          publicText: "Onze kring zoekt hulp (demo-historie).",
          createdAt,
          updatedAt: createdAt + 10 * DAY,
        });
        await tx.insert(helpRequestEvent).values([
          { requestId: request.id, fromStatus: null, toStatus: "submitted", actorId: lead.id, at: createdAt },
          { requestId: request.id, fromStatus: "submitted", toStatus: "withdrawn", actorId: lead.id, at: createdAt + 10 * DAY },
        ]);
      }
    }
  });
  return { seeded: true };
}
