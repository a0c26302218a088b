import { and, eq, isNull } from "drizzle-orm";
import { activitySession, circleMember, circleTaskClaim, circleTaskOccurrence, helpRequest, helpSession, shift, signup } from "#db/schema";
import { emailTemplates } from "#emails/registry";
import type { EmailGuard, GuardResult } from "./email-guard.server";

// The stale-reminder guard: a reminder is written when a place is confirmed, and may be due days
// later. Moves and cancellations update pending rows in the same transaction, but a row already
// claimed by the worker (or changed by a path that does not know about reminders) is checked
// once more here, against the database as it is at send time.

const SEND: GuardResult = { send: true, headers: {} };
const stop = (reason: string): GuardResult => ({ send: false, reason: `stale reminder: ${reason}` });

export const reminderGuard: EmailGuard = async ({ database, now }, row) => {
  if (row.template !== "reminder") return SEND;
  const parsed = emailTemplates.reminder.props.safeParse(row.props);
  if (!parsed.success) return stop("unreadable props");
  const props = parsed.data;
  const at = now();
  const db = database.db;

  if (props.signupId !== null) {
    const [place] = await db
      .select({
        status: signup.status,
        userId: signup.userId,
        sessionStatus: activitySession.status,
        sequence: activitySession.sequence,
        startsAt: activitySession.startsAt,
        shiftStartsAt: shift.startsAt,
      })
      .from(signup)
      .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
      .leftJoin(shift, eq(shift.id, signup.shiftId))
      .where(eq(signup.id, props.signupId));
    if (!place) return stop("sign-up gone");
    if (row.userId !== null && place.userId !== row.userId) return stop("sign-up of someone else");
    if (place.sessionStatus !== "scheduled") return stop("session cancelled");
    if (place.status !== "confirmed") return stop(`sign-up ${place.status}`);
    if (place.sequence !== props.sequence) return stop("session changed since the reminder was written");
    if ((place.shiftStartsAt ?? place.startsAt) <= at) return stop("session started");
    return SEND;
  }

  if (props.helpSessionId !== null) {
    const [session] = await db
      .select({
        status: helpSession.status,
        sequence: helpSession.sequence,
        startsAt: helpSession.startsAt,
        requestStatus: helpRequest.status,
        requesterId: helpRequest.requesterId,
        volunteerId: helpRequest.matchedVolunteerId,
      })
      .from(helpSession)
      .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
      .where(eq(helpSession.id, props.helpSessionId));
    if (!session) return stop("helping session gone");
    if (session.status !== "scheduled") return stop("helping session cancelled");
    if (session.requestStatus !== "matched") return stop("match no longer active");
    if (row.userId === null || (row.userId !== session.volunteerId && row.userId !== session.requesterId))
      return stop("no longer part of the match");
    if (session.sequence !== props.sequence) return stop("helping session changed since the reminder was written");
    if (session.startsAt <= at) return stop("helping session started");
    return SEND;
  }

  if (props.circleClaimId !== null) {
    const [place] = await db
      .select({
        userId: circleTaskClaim.userId,
        releasedAt: circleTaskClaim.releasedAt,
        status: circleTaskOccurrence.status,
        sequence: circleTaskOccurrence.sequence,
        startsAt: circleTaskOccurrence.startsAt,
        member: circleMember.id,
      })
      .from(circleTaskClaim)
      .innerJoin(circleTaskOccurrence, eq(circleTaskOccurrence.id, circleTaskClaim.occurrenceId))
      .leftJoin(
        circleMember,
        and(
          eq(circleMember.circleId, circleTaskOccurrence.circleId),
          eq(circleMember.userId, circleTaskClaim.userId),
          isNull(circleMember.leftAt),
        ),
      )
      .where(eq(circleTaskClaim.id, props.circleClaimId));
    if (!place) return stop("place in a circle task gone");
    if (row.userId === null || place.userId !== row.userId) return stop("place of someone else");
    if (place.releasedAt !== null) return stop("place given back");
    if (place.member === null) return stop("no longer in the circle");
    if (place.status !== "scheduled") return stop("circle task cancelled");
    if (place.sequence !== props.sequence) return stop("circle task changed since the reminder was written");
    if (place.startsAt <= at) return stop("circle task started");
    return SEND;
  }

  return stop("refers to nothing");
};
