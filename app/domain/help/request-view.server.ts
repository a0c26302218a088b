import { and, asc, desc, eq } from "drizzle-orm";
import {
  careAccessLog,
  careRecipient,
  consent,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpRequestWindow,
  neighbourhood,
  skill,
  user,
} from "#db/schema";
import type { Ctx } from "../context.server";
import { requireRecentSecondFactor } from "../accounts/factors.server";
import { NotFound } from "../errors";
import { can, type Actor } from "../permissions";
import { formatDateTime, formatTimeRange } from "../time";
import { couldBeAskedFor, EDITABLE, VISIBLE_TO_VOLUNTEERS } from "./request-rules.server";
import { coordinatorMaySeeCare } from "../privacy/shared";
import { fieldsToLog, visibleFields, type HelpRequestField, type ViewerRelation } from "./visibility";

// The request page: the viewer's relation to a request decides which fields they see, and the
// care fields they are shown are written to the access log.

type RequestRow = typeof helpRequest.$inferSelect;
type InviteRow = typeof helpInvite.$inferSelect;

/**
 * The viewer's relation to a request (the visibility table's rows). Pure. `couldBeAsked`: the
 * viewer is a volunteer who could be asked for this request (the /requests/open rule, see
 * `openRequestRule`); any other volunteer is "other" and sees nothing.
 */
export function relationOf(
  actor: Pick<Actor, "userId" | "isAdmin" | "coordinatorOf"> | null,
  request: Pick<RequestRow, "requesterId" | "neighbourhoodId" | "matchedVolunteerId" | "status">,
  invite: Pick<InviteRow, "status"> | null,
  couldBeAsked: boolean,
): ViewerRelation {
  if (!actor) return "other";
  if (request.requesterId === actor.userId) return "requester";
  if (can.coordinateNeighbourhood(actor as Actor, request.neighbourhoodId)) return "coordinator";
  if (request.matchedVolunteerId === actor.userId) return request.status === "matched" ? "accepted-volunteer" : "former-volunteer";
  if (invite) return "asked-volunteer";
  return couldBeAsked ? "volunteer" : "other";
}

/**
 * Loads a request for the actor with only the fields their relation allows, and writes the care
 * fields they are shown to the access log in the same call. Someone who may see nothing gets
 * "not found", exactly as for a request that does not exist: a volunteer sees a request only
 * when they could be asked for it (the same rule as /requests/open) or were asked or matched.
 */
export async function viewHelpRequest({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = ctx.actor;
  const db = ctx.database.db;
  const row = await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.id) });
  if (!row) throw new NotFound();
  const invite = actor
    ? await db.query.helpInvite.findFirst({ where: and(eq(helpInvite.requestId, row.id), eq(helpInvite.volunteerId, actor.userId)) })
    : undefined;
  // Only when nothing else relates the viewer to the request does the open-requests rule decide.
  const couldBeAsked =
    !!actor && relationOf(actor, row, invite ?? null, true) === "volunteer" && (await couldBeAskedFor(db, actor, row.id, ctx.now()));
  const relation = relationOf(actor, row, invite ?? null, couldBeAsked);
  // A coordinator's view of the care details ends a set time after the help ended (decision 034).
  const coordinatorCare = relation !== "coordinator" || coordinatorMaySeeCare(row, ctx.now());
  const visible = visibleFields(relation, row.status, coordinatorCare);
  if (visible.size === 0) throw new NotFound();
  // A coordinator sees care details only with a recent second-factor proof (docs/security.md).
  if (relation === "coordinator") requireRecentSecondFactor(ctx);
  const toLog = fieldsToLog(relation, row.status, coordinatorCare);
  if (toLog.length) {
    await ctx.database.write((tx) =>
      tx
        .insert(careAccessLog)
        .values({ requestId: row.id, viewerId: actor?.userId ?? null, fields: toLog, purpose: "view", at: ctx.now() }),
    );
  }
  const zone = actor?.timeZone ?? ctx.defaultTimeZone;
  const locale = actor?.locale ?? ctx.locale;
  const has = (f: HelpRequestField) => visible.has(f);
  const [area, windows, requester, recipient, careConsent] = await Promise.all([
    db.query.neighbourhood.findFirst({ where: eq(neighbourhood.id, row.neighbourhoodId), columns: { name: true } }),
    db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, row.id)).orderBy(asc(helpRequestWindow.startsAt)),
    row.requesterId ? db.query.user.findFirst({ where: eq(user.id, row.requesterId), columns: { name: true, phone: true } }) : undefined,
    row.careRecipientId ? db.query.careRecipient.findFirst({ where: eq(careRecipient.id, row.careRecipientId) }) : undefined,
    row.careConsentId
      ? db.query.consent.findFirst({ where: eq(consent.id, row.careConsentId), columns: { withdrawnAt: true } })
      : undefined,
  ]);
  // After the care-details consent is withdrawn, the requester's phone (from their account) is no
  // longer shown either: the request then carries no way to reach them but Noaber itself.
  const consentWithdrawn = careConsent?.withdrawnAt != null;
  const history = has("history")
    ? await db
        .select({
          from: helpRequestEvent.fromStatus,
          to: helpRequestEvent.toStatus,
          at: helpRequestEvent.at,
          note: helpRequestEvent.note,
          actor: user.name,
        })
        .from(helpRequestEvent)
        .leftJoin(user, eq(user.id, helpRequestEvent.actorId))
        .where(eq(helpRequestEvent.requestId, row.id))
        .orderBy(asc(helpRequestEvent.at), asc(helpRequestEvent.id))
    : [];
  const accessLog = has("accessLog")
    ? await db
        .select({ viewer: user.name, at: careAccessLog.at, fields: careAccessLog.fields })
        .from(careAccessLog)
        .leftJoin(user, eq(user.id, careAccessLog.viewerId))
        .where(eq(careAccessLog.requestId, row.id))
        .orderBy(desc(careAccessLog.at), desc(careAccessLog.id))
        .limit(100)
    : [];
  const requirements = relation === "requester" || relation === "coordinator";
  const skillRow =
    requirements && row.requiredSkillId ? await db.query.skill.findFirst({ where: eq(skill.id, row.requiredSkillId) }) : undefined;
  return {
    id: row.id,
    relation,
    fields: [...visible],
    kind: row.kind,
    neighbourhood: area?.name ?? "",
    windows: windows.map((w) => formatTimeRange(w.startsAt, w.endsAt, zone, locale)),
    weekly: row.scheduleRule !== null,
    publicText: row.publicText,
    status: has("status") ? row.status : null,
    urgency: requirements ? row.urgency : null,
    requirements: requirements
      ? { vog: row.requiresVog, language: row.language, skill: skillRow ? (locale === "en" ? skillRow.nameEn : skillRow.nameNl) : null }
      : null,
    requesterName: has("requesterName") ? (requester?.name ?? row.contactName) : null,
    careRecipientFirstName: has("careRecipientFirstName") ? (recipient?.firstName ?? null) : null,
    address: has("address") ? row.address : null,
    phone: has("phone") && !consentWithdrawn ? (requester?.phone ?? row.contactPhone) : null,
    privateText: has("privateText") ? row.privateText : null,
    notesForHelpers: has("notesForHelpers") ? (recipient?.notesForHelpers ?? null) : null,
    intakeContact:
      has("intakeContact") && row.registeredById ? { name: row.contactName, phone: row.contactPhone, email: row.contactEmail } : null,
    history: history.map((h) => ({ ...h, at: formatDateTime(h.at, zone, locale) })),
    accessLog: accessLog.map((a) => ({ viewer: a.viewer, at: formatDateTime(a.at, zone, locale), fields: a.fields })),
    invite: invite ? { status: invite.status } : null,
    canEdit: relation === "requester" && EDITABLE.includes(row.status),
    canWithdraw: relation === "requester" && ["submitted", "open", "asked", "matched"].includes(row.status),
    canAnswer: relation === "asked-volunteer" && invite?.status === "asked" && VISIBLE_TO_VOLUNTEERS.includes(row.status),
    canOffer: relation === "volunteer" && VISIBLE_TO_VOLUNTEERS.includes(row.status),
  };
}
