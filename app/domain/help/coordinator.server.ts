import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import type { HelpRequestStatus, HelpRequestUrgency } from "~/domain/vocabulary";
import {
  careAccessLog,
  careRecipient,
  facilityService,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpRequestWindow,
  neighbourhood,
  roleGrant,
  skill,
  user,
} from "#db/schema";
import type { Ctx } from "../context.server";
import { requireRecentSecondFactor } from "../accounts/factors.server";
import { Conflict, Forbidden, NotFound, Validation } from "../errors";
import { matchVolunteer, notifyHelp, transitionRequest } from "./match.server";
import { suppressedUserIds } from "../notifications/suppression.server";
import { fieldsToLog } from "./visibility";
import { coordinatorMaySeeCare } from "../privacy/shared";
import { listCoordinatedNeighbourhoods } from "../neighbourhoods.server";
import { rankForRequest, type Ranking } from "./matching/rank.server";
import { DAY, HOUR } from "./matching/score";
import { can, ensure, ensureFound, requireActor } from "../permissions";

// The coordinator's side of help requests: the triage queue, the triage page (details, ranked
// volunteers, asking, confirming offers, cancelling) and the periodic flagging of unmet requests.

/**
 * How long a request may wait for a helper before it is marked (and flagged) as waiting too long,
 * counted from when it was made: urgent help cannot wait a week, help that is not urgent can.
 */
export const WAITING_TOO_LONG_MS: Record<HelpRequestUrgency, number> = { high: 1 * DAY, normal: 3 * DAY, low: 7 * DAY };
/** Asked volunteers have this long after the last ask to accept before the request is flagged. */
export const NO_ACCEPTANCE_MS = 48 * HOUR;
/** The queue: requests still waiting for a helper. */
export const QUEUE_STATUSES: readonly HelpRequestStatus[] = ["submitted", "open", "asked"];
const URGENCY_ORDER = sql`CASE ${helpRequest.urgency} WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END`;

/** What the triage page shows of the care details once the coordinator's access to them ended. */
const CARE_ENDED = {
  privateText: "",
  address: "",
  contactName: null,
  contactPhone: null,
  contactEmail: null,
  requesterName: null,
  requesterPhone: null,
  requesterEmail: null,
  recipientFirstName: null,
  recipientBirthYear: null,
  notesForHelpers: null,
} as const;

export function isWaitingTooLong(request: { urgency: HelpRequestUrgency; createdAt: number }, now: number): boolean {
  return now - request.createdAt >= WAITING_TOO_LONG_MS[request.urgency];
}

async function requireCoordinatorOf(ctx: Ctx, requestId: number) {
  const actor = requireActor(ctx.actor);
  const row = await ctx.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, requestId) });
  if (!row) throw new NotFound();
  ensureFound(can.coordinateNeighbourhood(actor, row.neighbourhoodId));
  return { actor, row };
}

/** The queue for the coordinator's neighbourhoods (requests still waiting for a helper): most urgent first, then longest waiting. */
export async function listCoordinatorQueue({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const now = ctx.now();
  const db = ctx.database.db;
  const scope = actor.isAdmin ? undefined : inArray(helpRequest.neighbourhoodId, [...actor.coordinatorOf]);
  const rows = await db
    .select({
      id: helpRequest.id,
      kind: helpRequest.kind,
      urgency: helpRequest.urgency,
      status: helpRequest.status,
      createdAt: helpRequest.createdAt,
      flaggedAt: helpRequest.flaggedAt,
      flagReason: helpRequest.flagReason,
      neighbourhood: neighbourhood.name,
      timeZone: helpRequest.timeZone,
      firstWindow: sql<number | null>`(SELECT min(w.starts_at) FROM help_request_window w WHERE w.request_id = help_request.id)`,
      asked: sql<number>`(SELECT count(*) FROM help_invite i WHERE i.request_id = help_request.id AND i.status = 'asked')`,
      offered: sql<number>`(SELECT count(*) FROM help_invite i WHERE i.request_id = help_request.id AND i.status = 'offered')`,
    })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .where(and(scope, inArray(helpRequest.status, [...QUEUE_STATUSES])))
    .orderBy(URGENCY_ORDER, asc(helpRequest.createdAt), asc(helpRequest.id));
  const requests = rows.map((r) => ({
    ...r,
    asked: Number(r.asked),
    offered: Number(r.offered),
    waitingMs: now - r.createdAt,
    waitingTooLong: isWaitingTooLong(r, now),
    flagged: r.flaggedAt !== null,
  }));
  return { neighbourhoods: await listCoordinatedNeighbourhoods({ ctx }), requests };
}

/**
 * Everything the triage page shows: the request with its care details (the coordinator of its
 * neighbourhood sees them all; the read is written to the access log), its history, invites and
 * the ranked volunteers.
 */
export async function getTriage({ ctx, input }: { ctx: Ctx; input: { requestId: number } }) {
  const { actor, row } = await requireCoordinatorOf(ctx, input.requestId);
  // Care details: only with a recent second-factor proof (docs/security.md).
  requireRecentSecondFactor(ctx);
  const db = ctx.database.db;
  const [details, windows, events, invites, ranking] = await Promise.all([
    db
      .select({
        neighbourhood: neighbourhood.name,
        requesterName: user.name,
        requesterPhone: user.phone,
        requesterEmail: user.email,
        recipientFirstName: careRecipient.firstName,
        recipientBirthYear: careRecipient.birthYear,
        notesForHelpers: careRecipient.notesForHelpers,
        skillNl: skill.nameNl,
        skillEn: skill.nameEn,
        // Where it came from: a facility page (a referral) or a care circle's warm hand-off.
        viaFacility: facilityService.name,
        viaCircle: sql<boolean>`${helpRequest.circleId} IS NOT NULL`.mapWith(Boolean),
      })
      .from(helpRequest)
      .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
      .leftJoin(facilityService, eq(facilityService.id, helpRequest.facilityId))
      .leftJoin(user, eq(user.id, helpRequest.requesterId))
      .leftJoin(careRecipient, eq(careRecipient.id, helpRequest.careRecipientId))
      .leftJoin(skill, eq(skill.id, helpRequest.requiredSkillId))
      .where(eq(helpRequest.id, row.id))
      .then((r) => r[0]!),
    db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, row.id)).orderBy(asc(helpRequestWindow.startsAt)),
    db
      .select({
        id: helpRequestEvent.id,
        from: helpRequestEvent.fromStatus,
        to: helpRequestEvent.toStatus,
        actor: user.name,
        note: helpRequestEvent.note,
        at: helpRequestEvent.at,
      })
      .from(helpRequestEvent)
      .leftJoin(user, eq(user.id, helpRequestEvent.actorId))
      .where(eq(helpRequestEvent.requestId, row.id))
      .orderBy(desc(helpRequestEvent.at), desc(helpRequestEvent.id)),
    db
      .select({
        volunteerId: helpInvite.volunteerId,
        name: user.name,
        status: helpInvite.status,
        reason: helpInvite.reason,
        createdAt: helpInvite.createdAt,
        respondedAt: helpInvite.respondedAt,
      })
      .from(helpInvite)
      .innerJoin(user, eq(user.id, helpInvite.volunteerId))
      .where(eq(helpInvite.requestId, row.id))
      .orderBy(asc(helpInvite.createdAt), asc(helpInvite.id)),
    QUEUE_STATUSES.includes(row.status) ? rankForRequest(ctx, row.id) : Promise.resolve(null as Ranking | null),
  ]);
  // The coordinator's view of the care details ends a set time after the help ended (decision 034).
  const care = coordinatorMaySeeCare(row, ctx.now());
  const toLog = fieldsToLog("coordinator", row.status, care);
  if (toLog.length > 0) {
    await ctx.database.write((tx) =>
      tx.insert(careAccessLog).values({ requestId: row.id, viewerId: actor.userId, fields: toLog, purpose: "triage", at: ctx.now() }),
    );
  }
  const now = ctx.now();
  // Volunteers whose address bounced or complained are marked: they may miss reminders.
  const mayMiss = ranking
    ? await suppressedUserIds(
        db,
        ranking.ranked.map((v) => v.userId),
      )
    : new Set<number>();
  return {
    request: {
      id: row.id,
      kind: row.kind,
      status: row.status,
      urgency: row.urgency,
      createdAt: row.createdAt,
      timeZone: row.timeZone,
      requiresVog: row.requiresVog,
      language: row.language,
      publicText: row.publicText,
      privateText: row.privateText,
      address: row.address,
      contactName: row.contactName,
      contactPhone: row.contactPhone,
      contactEmail: row.contactEmail,
      flagReason: row.flagReason,
      flaggedAt: row.flaggedAt,
      waitingTooLong: QUEUE_STATUSES.includes(row.status) && isWaitingTooLong(row, now),
      ...details,
      ...(care ? {} : CARE_ENDED),
      careAccessEnded: !care,
    },
    windows,
    events,
    invites,
    ranking: ranking && { ...ranking, ranked: ranking.ranked.map((v) => ({ ...v, mayMissReminders: mayMiss.has(v.userId) })) },
  };
}

/** submitted → open: the coordinator checked it; volunteers may now see it. */
export async function triageRequest({ ctx, input }: { ctx: Ctx; input: { requestId: number } }) {
  await requireCoordinatorOf(ctx, input.requestId);
  await ctx.database.write((tx) => transitionRequest(ctx, tx, input.requestId, "triage"));
}

/**
 * Asks one or more of the ranked (fitting) volunteers. A submitted request is triaged on the way.
 * Someone already asked, offering or who declined is not asked again.
 */
export async function askVolunteers({ ctx, input }: { ctx: Ctx; input: { requestId: number; volunteerIds: number[] } }) {
  const { actor, row } = await requireCoordinatorOf(ctx, input.requestId);
  const wanted = [...new Set(input.volunteerIds)];
  if (wanted.length === 0) throw new Validation({ volunteerIds: ["helpCoordinator.errors.chooseVolunteer"] });
  if (!QUEUE_STATUSES.includes(row.status)) throw new Conflict("helpRequests.errors.transition.ask");
  const ranking = await rankForRequest(ctx, row.id);
  const fitting = new Set(ranking.ranked.filter((r) => r.invite === null).map((r) => r.userId));
  if (wanted.some((id) => !fitting.has(id))) throw new Validation({ volunteerIds: ["helpCoordinator.errors.notFitting"] });
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const current = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, row.id), columns: { status: true } });
    if (current?.status === "submitted") await transitionRequest(ctx, tx, row.id, "triage");
    const created = await tx
      .insert(helpInvite)
      .values(
        wanted.map((volunteerId) => ({
          requestId: row.id,
          volunteerId,
          status: "asked" as const,
          askedById: actor.userId,
          createdAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: helpInvite.id, volunteerId: helpInvite.volunteerId });
    if (created.length === 0) throw new Conflict("helpCoordinator.errors.alreadyAsked");
    await transitionRequest(ctx, tx, row.id, "ask");
    for (const invite of created)
      await notifyHelp(ctx, tx, { userId: invite.volunteerId, requestId: row.id, variant: "asked", key: `${invite.id}` });
    return { asked: created.length };
  });
}

/** The coordinator confirms a volunteer's offer: the atomic match (first one wins). */
export async function confirmOffer({ ctx, input }: { ctx: Ctx; input: { requestId: number; volunteerId: number } }) {
  await requireCoordinatorOf(ctx, input.requestId);
  const outcome = await ctx.database.write((tx) =>
    matchVolunteer(ctx, tx, { requestId: input.requestId, volunteerId: input.volunteerId, requireInvite: "offered" }),
  );
  if (!outcome.ok)
    throw new Conflict(outcome.reason === "not-invited" ? "helpCoordinator.errors.noOffer" : `helpRequests.errors.${outcome.reason}`);
}

/** The coordinator cancels a request; open invites are withdrawn. */
export async function cancelRequest({ ctx, input }: { ctx: Ctx; input: { requestId: number; reason?: string } }) {
  await requireCoordinatorOf(ctx, input.requestId);
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    await transitionRequest(ctx, tx, input.requestId, "cancel", {}, input.reason?.trim() || undefined);
    await tx
      .update(helpInvite)
      .set({ status: "withdrawn", respondedAt: now })
      .where(and(eq(helpInvite.requestId, input.requestId), inArray(helpInvite.status, ["asked", "offered"])));
  });
}

type FlagReason = "no-fit" | "no-acceptance" | "waiting-too-long";

/** At most this many no-fit checks (a full ranking each) per run, oldest first. */
export const NO_FIT_CHECKS_PER_RUN = 25;

/**
 * Periodic upkeep (run by the maintenance tick, as the system or an admin):
 * - expires waiting requests whose last wanted window has ended (transition 'expire');
 * - flags unflagged waiting requests: asked but nobody accepted within NO_ACCEPTANCE_MS of the
 *   last ask ('no-acceptance'), triaged but no volunteer fits ('no-fit'), or waiting longer than
 *   WAITING_TOO_LONG_MS for its urgency ('waiting-too-long'); a flag counts as unmet;
 * - tells the neighbourhood's coordinators once per request (the 'waiting' notice; its
 *   idempotency key is per request and coordinator).
 */
export async function flagUnmetRequests({ ctx }: { ctx: Ctx }) {
  if (ctx.actor && !ctx.actor.isAdmin) throw new Forbidden();
  const now = ctx.now();
  const db = ctx.database.db;
  const waiting = await db
    .select({
      id: helpRequest.id,
      status: helpRequest.status,
      urgency: helpRequest.urgency,
      createdAt: helpRequest.createdAt,
      flaggedAt: helpRequest.flaggedAt,
      neighbourhoodId: helpRequest.neighbourhoodId,
      lastEnd: sql<number | null>`(SELECT max(w.ends_at) FROM help_request_window w WHERE w.request_id = help_request.id)`,
      lastAsk: sql<
        number | null
      >`(SELECT max(i.created_at) FROM help_invite i WHERE i.request_id = help_request.id AND i.asked_by_id IS NOT NULL)`,
      invites: sql<number>`(SELECT count(*) FROM help_invite i WHERE i.request_id = help_request.id AND i.status IN ('asked', 'offered'))`,
    })
    .from(helpRequest)
    .where(inArray(helpRequest.status, [...QUEUE_STATUSES]))
    .orderBy(asc(helpRequest.createdAt), asc(helpRequest.id));

  const expired: number[] = [];
  const flagged: { id: number; reason: FlagReason }[] = [];
  let noFitChecks = 0;
  for (const r of waiting) {
    if (r.lastEnd !== null && Number(r.lastEnd) <= now) {
      const done = await ctx.database.write(async (tx) => {
        const moved = await transitionRequest(ctx, tx, r.id, "expire").then(
          () => true,
          (e: unknown) => (e instanceof Conflict ? false : Promise.reject(e)),
        );
        if (moved) {
          await tx
            .update(helpInvite)
            .set({ status: "withdrawn", respondedAt: now })
            .where(and(eq(helpInvite.requestId, r.id), inArray(helpInvite.status, ["asked", "offered"])));
        }
        return moved;
      });
      if (done) expired.push(r.id);
      continue;
    }
    if (r.flaggedAt !== null) continue;
    let reason: FlagReason | null = null;
    if (r.status === "asked" && r.lastAsk !== null && Number(r.lastAsk) + NO_ACCEPTANCE_MS <= now) reason = "no-acceptance";
    else if (r.status === "open" && Number(r.invites) === 0 && noFitChecks < NO_FIT_CHECKS_PER_RUN) {
      noFitChecks += 1;
      const ranking = await rankForRequest(ctx, r.id);
      if (ranking.ranked.length === 0) reason = "no-fit";
    }
    if (!reason && isWaitingTooLong(r, now)) reason = "waiting-too-long";
    if (!reason) continue;
    const chosen = reason;
    const done = await ctx.database.write(async (tx) => {
      const set = await tx
        .update(helpRequest)
        .set({ flaggedAt: now, flagReason: chosen, updatedAt: now })
        .where(and(eq(helpRequest.id, r.id), isNull(helpRequest.flaggedAt), inArray(helpRequest.status, [...QUEUE_STATUSES])))
        .returning({ id: helpRequest.id });
      if (set.length === 0) return false;
      await notifyCoordinators(ctx, tx, r.id, r.neighbourhoodId);
      return true;
    });
    if (done) flagged.push({ id: r.id, reason: chosen });
  }
  return { expired, flagged };
}

async function notifyCoordinators(ctx: Ctx, tx: Tx, requestId: number, neighbourhoodId: number) {
  const coordinators = await tx
    .select({ userId: roleGrant.userId })
    .from(roleGrant)
    .where(and(eq(roleGrant.role, "coordinator"), eq(roleGrant.neighbourhoodId, neighbourhoodId)));
  for (const c of coordinators)
    await notifyHelp(ctx, tx, {
      userId: c.userId,
      requestId,
      variant: "waiting",
      key: `${requestId}/${c.userId}`,
      path: `/coordinator/requests/${requestId}`,
    });
}
