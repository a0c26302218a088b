import { and, asc, count, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  activity,
  activitySession,
  calendarFeedToken,
  careAccessLog,
  careCircle,
  careRecipient,
  circleAccessLog,
  circleInvitation,
  circleMember,
  circleTask,
  circleTaskClaim,
  circleTaskOccurrence,
  circleUpdate,
  conversation,
  message,
  emailChange,
  emailOutbox,
  helpFeedback,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpRequestWindow,
  helpSession,
  initiative,
  initiativeInterest,
  neighbourhood,
  organisation,
  passkey,
  recoveryCode,
  shift,
  signup,
  skill,
  totpCredential,
  user,
  volunteerAvailability,
  volunteerProfile,
  volunteerSkill,
  volunteerUnavailableDate,
} from "#db/schema";
import type { Ctx } from "../context.server";

// The queries behind exportMyData (data-export.server.ts): one per concept, every one scoped to the
// person themself. Rows come back raw (epoch ms); the verb turns them into the export's shape.

type Db = Ctx["database"]["db"];

export async function volunteerRows(db: Db, userId: number) {
  const [profile, skills, availability, unavailable] = await Promise.all([
    db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, userId) }),
    db
      .select({ slug: skill.slug, kind: skill.kind, nameNl: skill.nameNl, nameEn: skill.nameEn })
      .from(volunteerSkill)
      .innerJoin(skill, eq(skill.id, volunteerSkill.skillId))
      .where(eq(volunteerSkill.userId, userId))
      .orderBy(asc(skill.slug)),
    db
      .select({
        weekday: volunteerAvailability.weekday,
        startTime: volunteerAvailability.startTime,
        endTime: volunteerAvailability.endTime,
      })
      .from(volunteerAvailability)
      .where(eq(volunteerAvailability.userId, userId))
      .orderBy(asc(volunteerAvailability.weekday), asc(volunteerAvailability.startTime)),
    db
      .select({ date: volunteerUnavailableDate.date, note: volunteerUnavailableDate.note })
      .from(volunteerUnavailableDate)
      .where(eq(volunteerUnavailableDate.userId, userId))
      .orderBy(asc(volunteerUnavailableDate.date)),
  ]);
  return { profile, skills, availability, unavailable };
}

export function signupRows(db: Db, userId: number) {
  return db
    .select({
      id: signup.id,
      activity: activity.title,
      organisation: organisation.name,
      sessionStartsAt: activitySession.startsAt,
      sessionEndsAt: activitySession.endsAt,
      sessionStatus: activitySession.status,
      shiftRole: shift.role,
      shiftStartsAt: shift.startsAt,
      shiftEndsAt: shift.endsAt,
      status: signup.status,
      createdAt: signup.createdAt,
      promotedAt: signup.promotedAt,
      cancelledAt: signup.cancelledAt,
      cancelledBy: signup.cancelledBy,
      confirmedAt: signup.confirmedAt,
      attendance: signup.attendance,
      minutes: signup.minutes,
    })
    .from(signup)
    .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .innerJoin(organisation, eq(organisation.id, activity.organisationId))
    .leftJoin(shift, eq(shift.id, signup.shiftId))
    .where(eq(signup.userId, userId))
    .orderBy(asc(activitySession.startsAt), asc(signup.id));
}

export function careRecipientRows(db: Db, userId: number) {
  return db
    .select({
      id: careRecipient.id,
      firstName: careRecipient.firstName,
      birthYear: careRecipient.birthYear,
      neighbourhood: neighbourhood.name,
      notesForHelpers: careRecipient.notesForHelpers,
      createdAt: careRecipient.createdAt,
    })
    .from(careRecipient)
    .innerJoin(neighbourhood, eq(neighbourhood.id, careRecipient.neighbourhoodId))
    .where(eq(careRecipient.carerId, userId))
    .orderBy(asc(careRecipient.id));
}

/** Requests the person made, or about a care recipient they registered; the helper by name only. */
export function ownRequestRows(db: Db, userId: number) {
  const helper = alias(user, "helper");
  return db
    .select({
      id: helpRequest.id,
      requesterId: helpRequest.requesterId,
      careRecipientId: helpRequest.careRecipientId,
      contactName: helpRequest.contactName,
      contactPhone: helpRequest.contactPhone,
      contactEmail: helpRequest.contactEmail,
      kind: helpRequest.kind,
      status: helpRequest.status,
      urgency: helpRequest.urgency,
      neighbourhood: neighbourhood.name,
      address: helpRequest.address,
      requiresVog: helpRequest.requiresVog,
      language: helpRequest.language,
      publicText: helpRequest.publicText,
      privateText: helpRequest.privateText,
      weekly: helpRequest.scheduleRule,
      helperName: helper.name,
      matchedAt: helpRequest.matchedAt,
      endedAt: helpRequest.endedAt,
      endReason: helpRequest.endReason,
      createdAt: helpRequest.createdAt,
      updatedAt: helpRequest.updatedAt,
    })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .leftJoin(careRecipient, eq(careRecipient.id, helpRequest.careRecipientId))
    .leftJoin(helper, eq(helper.id, helpRequest.matchedVolunteerId))
    .where(or(eq(helpRequest.requesterId, userId), eq(careRecipient.carerId, userId)))
    .orderBy(asc(helpRequest.createdAt), asc(helpRequest.id));
}

/** Requests the person helps (or helped) with as the matched volunteer: nothing about the requester. */
export function helpedRequestRows(db: Db, userId: number) {
  return db
    .select({
      id: helpRequest.id,
      kind: helpRequest.kind,
      status: helpRequest.status,
      neighbourhood: neighbourhood.name,
      matchedAt: helpRequest.matchedAt,
      endedAt: helpRequest.endedAt,
    })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .where(eq(helpRequest.matchedVolunteerId, userId))
    .orderBy(asc(helpRequest.matchedAt), asc(helpRequest.id));
}

export function inviteRows(db: Db, userId: number) {
  return db
    .select({
      requestId: helpInvite.requestId,
      kind: helpRequest.kind,
      status: helpInvite.status,
      createdAt: helpInvite.createdAt,
      respondedAt: helpInvite.respondedAt,
    })
    .from(helpInvite)
    .innerJoin(helpRequest, eq(helpRequest.id, helpInvite.requestId))
    .where(eq(helpInvite.volunteerId, userId))
    .orderBy(asc(helpInvite.createdAt), asc(helpInvite.id));
}

export function windowRows(db: Db, requestIds: number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .select({ requestId: helpRequestWindow.requestId, startsAt: helpRequestWindow.startsAt, endsAt: helpRequestWindow.endsAt })
    .from(helpRequestWindow)
    .where(inArray(helpRequestWindow.requestId, requestIds))
    .orderBy(asc(helpRequestWindow.startsAt));
}

export function helpSessionRows(db: Db, requestIds: number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      requestId: helpSession.requestId,
      startsAt: helpSession.startsAt,
      endsAt: helpSession.endsAt,
      status: helpSession.status,
      cancelReason: helpSession.cancelReason,
      comingConfirmedAt: helpSession.comingConfirmedAt,
      confirmedAt: helpSession.confirmedAt,
      minutes: helpSession.minutes,
    })
    .from(helpSession)
    .where(inArray(helpSession.requestId, requestIds))
    .orderBy(asc(helpSession.startsAt), asc(helpSession.id));
}

/** Feedback the person wrote (never what the other side wrote). */
export function feedbackRows(db: Db, userId: number) {
  return db
    .select({ requestId: helpFeedback.requestId, text: helpFeedback.text, createdAt: helpFeedback.createdAt })
    .from(helpFeedback)
    .where(eq(helpFeedback.authorId, userId))
    .orderBy(asc(helpFeedback.createdAt));
}

/**
 * The status history of the person's own requests: each change, when, and whether they made it
 * themselves (anyone else — a coordinator, a helper, the system — is not named). A coordinator's
 * note on the change is about their request, so it is theirs to see.
 */
export function requestHistoryRows(db: Db, requestIds: number[], userId: number) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      requestId: helpRequestEvent.requestId,
      fromStatus: helpRequestEvent.fromStatus,
      toStatus: helpRequestEvent.toStatus,
      byThem: sql<number>`coalesce(${helpRequestEvent.actorId} = ${userId}, 0)`,
      note: helpRequestEvent.note,
      at: helpRequestEvent.at,
    })
    .from(helpRequestEvent)
    .where(inArray(helpRequestEvent.requestId, requestIds))
    .orderBy(asc(helpRequestEvent.at), asc(helpRequestEvent.id));
}

/** Who saw the care details of the person's own requests: the same names their request page shows. */
export function accessLogRows(db: Db, requestIds: number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      requestId: careAccessLog.requestId,
      viewer: user.name,
      fields: careAccessLog.fields,
      purpose: careAccessLog.purpose,
      at: careAccessLog.at,
    })
    .from(careAccessLog)
    .leftJoin(user, eq(user.id, careAccessLog.viewerId))
    .where(inArray(careAccessLog.requestId, requestIds))
    .orderBy(asc(careAccessLog.at), asc(careAccessLog.id));
}

/** Mail to the person (by account or address): what kind and when, never its contents. */
export function emailRows(db: Db, userId: number, email: string) {
  return db
    .select({ template: emailOutbox.template, status: emailOutbox.status, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt })
    .from(emailOutbox)
    .where(or(eq(emailOutbox.userId, userId), eq(emailOutbox.toAddress, email)))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id));
}

export function calendarFeedRow(db: Db, userId: number) {
  return db.query.calendarFeedToken.findFirst({ where: and(eq(calendarFeedToken.userId, userId)), columns: { createdAt: true } });
}

/** The second factor as /me/security shows it: passkey names and dates, never keys, secrets or codes. */
export async function secondFactorRows(db: Db, userId: number) {
  const [keys, app, codes] = await Promise.all([
    db
      .select({ name: passkey.name, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt })
      .from(passkey)
      .where(eq(passkey.userId, userId))
      .orderBy(asc(passkey.createdAt), asc(passkey.id)),
    db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, userId), columns: { createdAt: true, confirmedAt: true } }),
    db
      .select({ n: count() })
      .from(recoveryCode)
      .where(and(eq(recoveryCode.userId, userId), isNull(recoveryCode.usedAt))),
  ]);
  return { keys, app, codesLeft: codes[0]?.n ?? 0 };
}

/** Requests to use a new email address (never the link's token). */
export function emailChangeRows(db: Db, userId: number) {
  return db
    .select({
      newEmail: emailChange.newEmail,
      createdAt: emailChange.createdAt,
      expiresAt: emailChange.expiresAt,
      usedAt: emailChange.usedAt,
    })
    .from(emailChange)
    .where(eq(emailChange.userId, userId))
    .orderBy(asc(emailChange.createdAt), asc(emailChange.id));
}

export function initiativeInterestRows(db: Db, userId: number) {
  return db
    .select({ initiative: initiative.title, organisation: organisation.name, createdAt: initiativeInterest.createdAt })
    .from(initiativeInterest)
    .innerJoin(initiative, eq(initiative.id, initiativeInterest.initiativeId))
    .innerJoin(organisation, eq(organisation.id, initiative.organisationId))
    .where(eq(initiativeInterest.userId, userId))
    .orderBy(asc(initiativeInterest.createdAt));
}

/**
 * The person's part in care circles (decision 048): their memberships (also former ones), the
 * tasks they took, the updates and messages they wrote (never what others wrote), invitations sent
 * to their address, their messages in help-request conversations, and who saw the care details of
 * circles around a person they care for.
 */
export async function circleRows(db: Db, userId: number, email: string) {
  const [memberships, claims, updates, messages, invitations, accessLog] = await Promise.all([
    db
      .select({
        circleId: circleMember.circleId,
        name: careCircle.name,
        role: circleMember.role,
        joinedAt: circleMember.joinedAt,
        leftAt: circleMember.leftAt,
        leftReason: circleMember.leftReason,
      })
      .from(circleMember)
      .innerJoin(careCircle, eq(careCircle.id, circleMember.circleId))
      .where(eq(circleMember.userId, userId))
      .orderBy(asc(circleMember.joinedAt), asc(circleMember.id)),
    db
      .select({
        circleId: circleTaskOccurrence.circleId,
        kind: circleTask.kind,
        title: circleTask.title,
        startsAt: circleTaskOccurrence.startsAt,
        endsAt: circleTaskOccurrence.endsAt,
        claimedAt: circleTaskClaim.claimedAt,
        releasedAt: circleTaskClaim.releasedAt,
        assignedById: circleTaskClaim.assignedById,
      })
      .from(circleTaskClaim)
      .innerJoin(circleTaskOccurrence, eq(circleTaskOccurrence.id, circleTaskClaim.occurrenceId))
      .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
      .where(eq(circleTaskClaim.userId, userId))
      .orderBy(asc(circleTaskOccurrence.startsAt), asc(circleTaskClaim.id)),
    db
      .select({ circleId: circleUpdate.circleId, body: circleUpdate.body, createdAt: circleUpdate.createdAt })
      .from(circleUpdate)
      .where(eq(circleUpdate.authorId, userId))
      .orderBy(asc(circleUpdate.createdAt), asc(circleUpdate.id)),
    db
      .select({
        circleId: conversation.circleId,
        helpRequestId: conversation.helpRequestId,
        body: message.body,
        createdAt: message.createdAt,
      })
      .from(message)
      .innerJoin(conversation, eq(conversation.id, message.conversationId))
      .where(eq(message.authorId, userId))
      .orderBy(asc(message.createdAt), asc(message.id)),
    db
      .select({
        role: circleInvitation.role,
        status: circleInvitation.status,
        createdAt: circleInvitation.createdAt,
        expiresAt: circleInvitation.expiresAt,
      })
      .from(circleInvitation)
      .where(eq(circleInvitation.email, email))
      .orderBy(asc(circleInvitation.createdAt), asc(circleInvitation.id)),
    db
      .select({ circle: careCircle.name, viewer: user.name, fields: circleAccessLog.fields, at: circleAccessLog.at })
      .from(circleAccessLog)
      .innerJoin(careCircle, eq(careCircle.id, circleAccessLog.circleId))
      .innerJoin(careRecipient, eq(careRecipient.id, careCircle.careRecipientId))
      .leftJoin(user, eq(user.id, circleAccessLog.viewerId))
      .where(eq(careRecipient.carerId, userId))
      .orderBy(asc(circleAccessLog.at), asc(circleAccessLog.id)),
  ]);
  return { memberships, claims, updates, messages, invitations, accessLog };
}
