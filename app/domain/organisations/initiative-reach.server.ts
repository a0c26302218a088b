import { eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { activity, activitySession, signup } from "#db/schema";

export interface Reach {
  /** Sign-ups as participant that are confirmed and not marked absent, in sessions that take place. */
  participations: number;
  /** Different people among those participations. */
  uniqueParticipants: number;
  /** Different people who worked a shift and were marked present. */
  volunteers: number;
  /** Minutes recorded for shifts with attendance "present". */
  volunteerMinutes: number;
}

const emptyReach: Reach = { participations: 0, uniqueParticipants: 0, volunteers: 0, volunteerMinutes: 0 };

/** How many people the initiatives reached through their activities, from the sign-ups. */
export async function reachByInitiative(db: Queryable, initiativeIds: number[]): Promise<Map<number, Reach>> {
  const result = new Map<number, Reach>(initiativeIds.map((id) => [id, { ...emptyReach }]));
  if (initiativeIds.length === 0) return result;
  const participant = sql`${signup.shiftId} IS NULL AND ${signup.status} = 'confirmed' AND ${activitySession.status} = 'scheduled' AND coalesce(${signup.attendance}, 'present') = 'present'`;
  const worked = sql`${signup.shiftId} IS NOT NULL AND ${signup.status} = 'confirmed' AND ${signup.attendance} = 'present'`;
  const rows = await db
    .select({
      initiativeId: activity.initiativeId,
      participations: sql<number>`coalesce(sum(CASE WHEN ${participant} THEN 1 ELSE 0 END), 0)`,
      uniqueParticipants: sql<number>`count(DISTINCT CASE WHEN ${participant} THEN ${signup.userId} END)`,
      volunteers: sql<number>`count(DISTINCT CASE WHEN ${worked} THEN ${signup.userId} END)`,
      volunteerMinutes: sql<number>`coalesce(sum(CASE WHEN ${worked} THEN coalesce(${signup.minutes}, 0) ELSE 0 END), 0)`,
    })
    .from(signup)
    .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .where(inArray(activity.initiativeId, initiativeIds))
    .groupBy(activity.initiativeId);
  for (const row of rows) {
    if (row.initiativeId === null) continue;
    result.set(row.initiativeId, {
      participations: Number(row.participations),
      uniqueParticipants: Number(row.uniqueParticipants),
      volunteers: Number(row.volunteers),
      volunteerMinutes: Number(row.volunteerMinutes),
    });
  }
  return result;
}
