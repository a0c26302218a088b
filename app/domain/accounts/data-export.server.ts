import { asc, eq } from "drizzle-orm";
import {
  consent,
  neighbourhood,
  notificationSetting,
  organisation,
  organisationMembership,
  roleGrant,
  securityEvent,
  session,
  user,
} from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { requireActor } from "../permissions";
import type { HelpSessionEntry, MyDataExport } from "./data-export-shape";
import { isoInZone } from "../time";
import {
  accessLogRows,
  requestHistoryRows,
  calendarFeedRow,
  careRecipientRows,
  circleRows,
  emailChangeRows,
  emailRows,
  feedbackRows,
  helpedRequestRows,
  helpSessionRows,
  initiativeInterestRows,
  inviteRows,
  ownRequestRows,
  secondFactorRows,
  signupRows,
  volunteerRows,
  windowRows,
} from "./data-export-sections.server";

export { countDataDownload } from "./data-export-limit.server";

// "Download my data" (issue 14, privacy rights): everything Noaber holds about the signed-in person,
// in one documented shape (docs/privacy.md, "Your data as JSON"). Keys are stable: a new key may be
// added, a key is never renamed or removed without raising `version`. Nothing about other people
// beyond what the person already sees (a helper's first name on their own request).

/** Everything Noaber holds about the signed-in person, dates in their own time zone. */
export async function exportMyData({ ctx }: { ctx: Ctx }): Promise<MyDataExport> {
  const actor = requireActor(ctx.actor);
  const me = actor.userId;
  const db = ctx.database.db;
  const [account] = await db
    .select({ u: user, neighbourhood: neighbourhood.name })
    .from(user)
    .innerJoin(neighbourhood, eq(neighbourhood.id, user.neighbourhoodId))
    .where(eq(user.id, me));
  if (!account) throw new NotFound();
  const zone = account.u.timeZone;
  const iso = (ms: number) => isoInZone(ms, zone);
  const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

  const [
    roles,
    consents,
    volunteer,
    signups,
    recipients,
    ownRequests,
    helped,
    invites,
    feedback,
    emails,
    sessions,
    log,
    memberships,
    settings,
    feed,
    factors,
    emailChanges,
    interests,
    circles,
  ] = await Promise.all([
    db
      .select({ role: roleGrant.role, neighbourhood: neighbourhood.name, grantedAt: roleGrant.grantedAt })
      .from(roleGrant)
      .leftJoin(neighbourhood, eq(neighbourhood.id, roleGrant.neighbourhoodId))
      .where(eq(roleGrant.userId, me))
      .orderBy(asc(roleGrant.grantedAt)),
    db
      .select({
        purpose: consent.purpose,
        version: consent.version,
        givenAt: consent.givenAt,
        recordedById: consent.recordedById,
        withdrawnAt: consent.withdrawnAt,
        withdrawnById: consent.withdrawnById,
      })
      .from(consent)
      .where(eq(consent.userId, me))
      .orderBy(asc(consent.givenAt), asc(consent.id)),
    volunteerRows(db, me),
    signupRows(db, me),
    careRecipientRows(db, me),
    ownRequestRows(db, me),
    helpedRequestRows(db, me),
    inviteRows(db, me),
    feedbackRows(db, me),
    emailRows(db, me, account.u.email),
    db
      .select({ createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, device: session.device, method: session.secondFactorMethod })
      .from(session)
      .where(eq(session.userId, me))
      .orderBy(asc(session.createdAt)),
    db
      .select({ kind: securityEvent.kind, at: securityEvent.at, detail: securityEvent.detail, actorId: securityEvent.actorId })
      .from(securityEvent)
      .where(eq(securityEvent.userId, me))
      .orderBy(asc(securityEvent.at), asc(securityEvent.id)),
    db
      .select({
        name: organisation.name,
        slug: organisation.slug,
        role: organisationMembership.role,
        since: organisationMembership.createdAt,
      })
      .from(organisationMembership)
      .innerJoin(organisation, eq(organisation.id, organisationMembership.organisationId))
      .where(eq(organisationMembership.userId, me))
      .orderBy(asc(organisation.name)),
    db.query.notificationSetting.findFirst({ where: eq(notificationSetting.userId, me) }),
    calendarFeedRow(db, me),
    secondFactorRows(db, me),
    emailChangeRows(db, me),
    initiativeInterestRows(db, me),
    circleRows(db, me, account.u.email),
  ]);

  const ownIds = ownRequests.map((r) => r.id);
  const helpedIds = helped.map((r) => r.id);
  const [windows, helpSessions, accessLog, history] = await Promise.all([
    windowRows(db, ownIds),
    helpSessionRows(db, [...new Set([...ownIds, ...helpedIds])]),
    accessLogRows(db, ownIds),
    requestHistoryRows(db, ownIds, me),
  ]);
  const sessionsOf = (requestId: number): HelpSessionEntry[] =>
    helpSessions
      .filter((s) => s.requestId === requestId)
      .map((s) => ({
        startsAt: iso(s.startsAt),
        endsAt: iso(s.endsAt),
        status: s.status,
        cancelReason: s.cancelReason,
        comingConfirmedAt: isoOrNull(s.comingConfirmedAt),
        confirmedAt: isoOrNull(s.confirmedAt),
        minutes: s.minutes,
      }));
  const feedbackOn = (requestId: number) => feedback.find((f) => f.requestId === requestId)?.text ?? null;

  // Hours as /me/hours counts them: shifts with minutes (not marked absent) and confirmed helping sessions.
  const years = new Map<string, { shiftMinutes: number; helpMinutes: number }>();
  const addHours = (at: number, kind: "shiftMinutes" | "helpMinutes", minutes: number) => {
    const year = iso(at).slice(0, 4);
    const bucket = years.get(year) ?? { shiftMinutes: 0, helpMinutes: 0 };
    bucket[kind] += minutes;
    years.set(year, bucket);
  };
  for (const s of signups) {
    if (
      s.shiftStartsAt !== null &&
      s.status === "confirmed" &&
      s.sessionStatus === "scheduled" &&
      s.minutes !== null &&
      s.attendance !== "absent"
    ) {
      addHours(s.shiftStartsAt, "shiftMinutes", s.minutes);
    }
  }
  const helpedIdSet = new Set(helpedIds);
  for (const s of helpSessions) {
    if (helpedIdSet.has(s.requestId) && s.status === "scheduled" && s.confirmedAt !== null && s.minutes !== null) {
      addHours(s.startsAt, "helpMinutes", s.minutes);
    }
  }

  const profile = volunteer.profile;
  return {
    format: "noaber-data-export",
    version: 1,
    exportedAt: iso(ctx.now()),
    account: {
      name: account.u.name,
      email: account.u.email,
      phone: account.u.phone,
      postcode: account.u.postcode,
      neighbourhood: account.neighbourhood,
      locale: account.u.locale,
      timeZone: zone,
      createdAt: iso(account.u.createdAt),
      roles: roles.map((r) => ({ role: r.role, neighbourhood: r.neighbourhood, grantedAt: iso(r.grantedAt) })),
    },
    // Their own consents only (an intake person's consent a coordinator recorded is not the coordinator's).
    // Who recorded or withdrew it is named by role, never by name: "self", or "coordinator" for anyone else.
    consents: consents.map((c) => ({
      purpose: c.purpose,
      version: c.version,
      givenAt: iso(c.givenAt),
      recordedBy: c.recordedById === null || c.recordedById === me ? ("self" as const) : ("coordinator" as const),
      withdrawnAt: isoOrNull(c.withdrawnAt),
      withdrawnBy: c.withdrawnAt === null ? null : c.withdrawnById === me ? ("self" as const) : ("coordinator" as const),
    })),
    volunteerProfile: profile
      ? {
          skills: volunteer.skills.map((s) => ({ slug: s.slug, kind: s.kind, name: account.u.locale === "en" ? s.nameEn : s.nameNl })),
          tags: profile.tags,
          languages: profile.languages,
          availability: volunteer.availability,
          unavailableDates: volunteer.unavailable,
          travelRange: profile.travelRange,
          vogStatus: profile.vogStatus,
          vogValidUntil: profile.vogValidUntil,
          pausedUntil: profile.pausedUntil,
          maxHoursPerMonth: profile.maxHoursPerMonth,
          updatedAt: iso(profile.updatedAt),
        }
      : null,
    signups: signups.map((s) => ({
      id: s.id,
      activity: s.activity,
      organisation: s.organisation,
      sessionStartsAt: iso(s.sessionStartsAt),
      sessionEndsAt: iso(s.sessionEndsAt),
      sessionStatus: s.sessionStatus,
      shift:
        s.shiftRole !== null && s.shiftStartsAt !== null && s.shiftEndsAt !== null
          ? { role: s.shiftRole, startsAt: iso(s.shiftStartsAt), endsAt: iso(s.shiftEndsAt) }
          : null,
      status: s.status,
      createdAt: iso(s.createdAt),
      promotedAt: isoOrNull(s.promotedAt),
      cancelledAt: isoOrNull(s.cancelledAt),
      cancelledBy: s.cancelledBy,
      confirmedAt: isoOrNull(s.confirmedAt),
      attendance: s.attendance,
      minutes: s.minutes,
    })),
    hours: [...years]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, b]) => ({ year, ...b, totalMinutes: b.shiftMinutes + b.helpMinutes })),
    careRecipients: recipients.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    helpRequests: ownRequests.map((r) => ({
      id: r.id,
      relation: r.requesterId === me ? "requester" : "carer",
      careRecipientId: r.careRecipientId,
      // Intake contact details are the requester's own; a request about their care recipient made by someone else shows none.
      contact:
        r.requesterId === me && (r.contactName || r.contactPhone || r.contactEmail)
          ? { name: r.contactName, phone: r.contactPhone, email: r.contactEmail }
          : null,
      kind: r.kind,
      status: r.status,
      urgency: r.urgency,
      neighbourhood: r.neighbourhood,
      address: r.address,
      requiresVog: r.requiresVog,
      language: r.language,
      publicText: r.publicText,
      careDetails: r.privateText,
      weekly: r.weekly !== null,
      helperFirstName: r.helperName === null ? null : (r.helperName.trim().split(/\s+/)[0] ?? null),
      matchedAt: isoOrNull(r.matchedAt),
      endedAt: isoOrNull(r.endedAt),
      endReason: r.endReason,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      windows: windows.filter((w) => w.requestId === r.id).map((w) => ({ startsAt: iso(w.startsAt), endsAt: iso(w.endsAt) })),
      sessions: sessionsOf(r.id),
      history: history
        .filter((h) => h.requestId === r.id)
        .map((h) => ({ from: h.fromStatus, to: h.toStatus, by: h.byThem ? "you" : "other", note: h.note, at: iso(h.at) })),
      feedbackGiven: feedbackOn(r.id),
    })),
    helping: {
      requests: helped.map((r) => ({
        requestId: r.id,
        kind: r.kind,
        status: r.status,
        neighbourhood: r.neighbourhood,
        matchedAt: isoOrNull(r.matchedAt),
        endedAt: isoOrNull(r.endedAt),
        sessions: sessionsOf(r.id),
        feedbackGiven: feedbackOn(r.id),
      })),
      invitations: invites.map((i) => ({
        requestId: i.requestId,
        kind: i.kind,
        status: i.status,
        createdAt: iso(i.createdAt),
        respondedAt: isoOrNull(i.respondedAt),
      })),
    },
    careAccessLog: accessLog.map((a) => ({
      requestId: a.requestId,
      viewer: a.viewer,
      fields: a.fields,
      purpose: a.purpose,
      at: iso(a.at),
    })),
    emails: emails.map((e) => ({ template: e.template, status: e.status, createdAt: iso(e.createdAt), sentAt: isoOrNull(e.sentAt) })),
    sessions: sessions.map((s) => ({
      createdAt: iso(s.createdAt),
      lastSeenAt: iso(s.lastSeenAt),
      device: s.device,
      secondFactorMethod: s.method,
    })),
    securityLog: log.map((e) => ({ kind: e.kind, at: iso(e.at), detail: e.detail, byOther: e.actorId !== null && e.actorId !== me })),
    organisations: memberships.map((m) => ({ name: m.name, slug: m.slug, role: m.role, since: iso(m.since) })),
    notificationSettings: settings
      ? {
          dayBeforeAt: settings.dayBeforeAt,
          hoursBefore: settings.hoursBefore,
          afterSession: settings.afterSession,
          digest: settings.digest,
          circleUpdates: settings.circleUpdates,
          messages: settings.messages,
          updatedAt: iso(settings.updatedAt),
        }
      : { dayBeforeAt: "18:00", hoursBefore: 2, afterSession: true, digest: false, circleUpdates: true, messages: true, updatedAt: null },
    calendarFeed: { exists: !!feed, createdAt: feed ? iso(feed.createdAt) : null },
    secondFactor: {
      passkeys: factors.keys.map((k) => ({ name: k.name, createdAt: iso(k.createdAt), lastUsedAt: isoOrNull(k.lastUsedAt) })),
      authenticatorApp: !factors.app ? "off" : factors.app.confirmedAt === null ? "pending" : "on",
      recoveryCodesLeft: factors.codesLeft,
    },
    emailChanges: emailChanges.map((c) => ({
      newEmail: c.newEmail,
      createdAt: iso(c.createdAt),
      expiresAt: iso(c.expiresAt),
      usedAt: isoOrNull(c.usedAt),
    })),
    initiativeInterests: interests.map((i) => ({ initiative: i.initiative, organisation: i.organisation, createdAt: iso(i.createdAt) })),
    circles: [...new Set(circles.memberships.map((m) => m.circleId))].map((circleId) => ({
      name: circles.memberships.find((m) => m.circleId === circleId)!.name,
      memberships: circles.memberships
        .filter((m) => m.circleId === circleId)
        .map((m) => ({ role: m.role, joinedAt: iso(m.joinedAt), leftAt: isoOrNull(m.leftAt), leftReason: m.leftReason })),
      tasksTaken: circles.claims
        .filter((c) => c.circleId === circleId)
        .map((c) => ({
          kind: c.kind,
          title: c.title,
          startsAt: iso(c.startsAt),
          endsAt: iso(c.endsAt),
          claimedAt: iso(c.claimedAt),
          releasedAt: isoOrNull(c.releasedAt),
          assigned: c.assignedById !== null && c.assignedById !== me,
        })),
      updatesWritten: circles.updates.filter((u) => u.circleId === circleId).map((u) => ({ body: u.body, createdAt: iso(u.createdAt) })),
      messagesWritten: circles.messages.filter((m) => m.circleId === circleId).map((m) => ({ body: m.body, createdAt: iso(m.createdAt) })),
    })),
    circleInvitations: circles.invitations.map((i) => ({
      role: i.role,
      status: i.status,
      createdAt: iso(i.createdAt),
      expiresAt: iso(i.expiresAt),
    })),
    requestMessages: circles.messages
      .filter((m) => m.helpRequestId !== null)
      .map((m) => ({ requestId: m.helpRequestId!, body: m.body, createdAt: iso(m.createdAt) })),
    circleAccessLog: circles.accessLog.map((a) => ({ circle: a.circle, viewer: a.viewer, fields: a.fields, at: iso(a.at) })),
  };
}
