import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import {
  careAccessLog,
  careRecipient,
  consent,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpRequestWindow,
  neighbourhood,
  neighbourhoodAdjacency,
  roleGrant,
  skill,
  user,
  volunteerProfile,
} from "#db/schema";
import type { HelpRequestStatus } from "~/domain/vocabulary";
import type { Ctx } from "../context.server";
import { Conflict, NotFound, Validation } from "../errors";
import { matchVolunteer, notifyHelp, pendingInvites, transitionRequest } from "./match.server";
import {
  CARE_DETAILS_CONSENT_VERSION,
  type HelpRequestEditForm,
  type HelpRequestForm,
  type IntakeForm,
} from "./request-schemas";
import { fieldsToLog, visibleFields, type HelpRequestField, type ViewerRelation } from "./visibility";
import { can, ensure, requireActor, type Actor } from "../permissions";
import { expandRecurrence, type RecurrenceRule } from "../scheduling/recurrence";
import { instantToLocal, localDateOf, localToInstant, minutesOf } from "../scheduling/local-time";
import { formatDateTime, formatTimeRange } from "../time";
import { effectiveVog } from "../accounts/volunteer-profile.server";

// The request side of help requests: asking (resident or coordinator intake), changing and
// withdrawing, the request page with per-relation visibility and the care access log, answering
// an invite, and "open requests near me" with offers. Matching and triage live elsewhere.

const E = "helpRequest.errors";
const EDITABLE: readonly HelpRequestStatus[] = ["submitted", "open", "asked"];
const VISIBLE_TO_VOLUNTEERS: readonly HelpRequestStatus[] = ["open", "asked"];

type FieldErrors = Record<string, string[]>;
const addError = (errors: FieldErrors, name: string, key: string) => void (errors[name] ??= []).push(`${E}.${key}`);

// ── Form options ─────────────────────────────────────────────────────────────────────────────

async function municipalityNeighbourhoods(db: Queryable, homeNeighbourhoodId: number) {
  const [home] = await db.select({ municipalityId: neighbourhood.municipalityId }).from(neighbourhood).where(eq(neighbourhood.id, homeNeighbourhoodId));
  if (!home) return [];
  return db
    .select({ id: neighbourhood.id, name: neighbourhood.name })
    .from(neighbourhood)
    .where(eq(neighbourhood.municipalityId, home.municipalityId))
    .orderBy(asc(neighbourhood.name));
}

/** What the request form offers: neighbourhoods of the actor's municipality, their care recipients, skills. */
export async function getHelpRequestFormOptions({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const [neighbourhoods, recipients, skills] = await Promise.all([
    municipalityNeighbourhoods(db, actor.neighbourhoodId),
    db
      .select({ id: careRecipient.id, firstName: careRecipient.firstName, birthYear: careRecipient.birthYear })
      .from(careRecipient)
      .where(eq(careRecipient.carerId, actor.userId))
      .orderBy(asc(careRecipient.firstName)),
    db.select().from(skill).where(eq(skill.kind, "skill")).orderBy(asc(actor.locale === "en" ? skill.nameEn : skill.nameNl)),
  ]);
  return {
    timeZone: actor.timeZone,
    today: localDateOf(ctx.now(), actor.timeZone),
    homeNeighbourhoodId: actor.neighbourhoodId,
    neighbourhoods,
    coordinated: actor.isAdmin ? neighbourhoods.map((n) => n.id) : [...actor.coordinatorOf],
    recipients,
    skills: skills.map((s) => ({ id: s.id, name: actor.locale === "en" ? s.nameEn : s.nameNl })),
  };
}

// ── Windows ──────────────────────────────────────────────────────────────────────────────────

type ScheduleInput = Pick<HelpRequestEditForm, "schedule" | "windows" | "weekdays" | "recurStartDate" | "recurStartTime" | "recurEndTime" | "recurUntil" | "recurCount">;

/**
 * Turns the form's windows or weekly pattern into instants in the requester's zone, with field
 * errors for windows in the past, overlapping windows and local times that do not exist (the
 * hour skipped when clocks go forward).
 */
export function resolveWindows(input: ScheduleInput, zone: string, now: number, errors: FieldErrors) {
  if (input.schedule === "weekly") {
    const startTime = input.recurStartTime!;
    const endTime = input.recurEndTime!;
    const rule: RecurrenceRule = {
      startDate: input.recurStartDate!,
      startTime,
      durationMinutes: minutesOf(endTime) - minutesOf(startTime),
      timeZone: zone,
      pattern: { kind: "weekly", interval: 1, weekdays: input.weekdays },
      end: input.recurUntil ? { until: input.recurUntil } : { count: input.recurCount ?? 0 },
    };
    const expanded = expandRecurrence(rule);
    if (!expanded.ok) {
      const code = expanded.error.code;
      if (code === "nonexistent-time") addError(errors, "recurStartTime", "timeDoesNotExist");
      else if (code === "no-end") addError(errors, "recurUntil", "recurrenceNoEnd");
      else if (code === "too-many") addError(errors, "recurUntil", "countTooMany");
      else addError(errors, "recurStartTime", "timeInvalid");
      return { windows: [], rule: null };
    }
    // The end time can also fall in a skipped hour; check each occurrence's local end.
    for (const o of expanded.occurrences) {
      const end = localToInstant(o.localDate, endTime, zone);
      if (!end.ok) {
        addError(errors, "recurEndTime", "timeDoesNotExist");
        return { windows: [], rule: null };
      }
      o.endsAt = end.epochMs;
    }
    const future = expanded.occurrences.filter((o) => o.startsAt > now);
    if (expanded.occurrences.length === 0) addError(errors, "recurUntil", "untilBeforeStart");
    else if (future.length === 0 || expanded.occurrences[0]!.startsAt <= now) addError(errors, "recurStartDate", "dateInPast");
    return { windows: future.map((o) => ({ startsAt: o.startsAt, endsAt: o.endsAt })), rule: rule as unknown as Record<string, unknown> };
  }
  const windows: { index: number; startsAt: number; endsAt: number }[] = [];
  input.windows.forEach((row, index) => {
    if (!row?.date || !row.startTime || !row.endTime) return;
    const start = localToInstant(row.date, row.startTime, zone);
    const end = localToInstant(row.date, row.endTime, zone);
    if (!start.ok) return addError(errors, `windows[${index}].startTime`, start.reason === "nonexistent" ? "timeDoesNotExist" : "timeInvalid");
    if (!end.ok) return addError(errors, `windows[${index}].endTime`, end.reason === "nonexistent" ? "timeDoesNotExist" : "timeInvalid");
    if (end.epochMs <= start.epochMs) return addError(errors, `windows[${index}].endTime`, "endBeforeStart");
    if (start.epochMs <= now) return addError(errors, `windows[${index}].date`, "dateInPast");
    const clash = windows.find((w) => w.startsAt < end.epochMs && start.epochMs < w.endsAt);
    if (clash) return addError(errors, `windows[${index}].startTime`, "windowsOverlap");
    windows.push({ index, startsAt: start.epochMs, endsAt: end.epochMs });
  });
  return { windows: windows.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })).sort((a, b) => a.startsAt - b.startsAt), rule: null };
}

async function checkNeighbourhood(db: Queryable, actor: Actor, neighbourhoodId: number, field: string, errors: FieldErrors) {
  const allowed = await municipalityNeighbourhoods(db, actor.neighbourhoodId);
  if (!allowed.some((n) => n.id === neighbourhoodId)) addError(errors, field, "neighbourhoodOutside");
}

async function checkSkill(db: Queryable, skillId: number | undefined, errors: FieldErrors) {
  if (!skillId) return;
  const found = await db.query.skill.findFirst({ where: eq(skill.id, skillId), columns: { id: true } });
  if (!found) addError(errors, "requiredSkillId", "skillUnknown");
}

const requestColumns = (input: HelpRequestEditForm | IntakeForm, zone: string, rule: Record<string, unknown> | null) => ({
  kind: input.kind,
  neighbourhoodId: input.neighbourhoodId,
  address: input.address,
  urgency: input.urgency,
  requiresVog: input.requiresVog,
  language: input.language ?? null,
  requiredSkillId: input.requiredSkillId ?? null,
  publicText: input.publicText,
  privateText: input.privateText ?? "",
  scheduleRule: rule,
  timeZone: zone,
});

async function recordConsent(tx: Tx, userId: number, now: number) {
  const [row] = await tx.insert(consent).values({ userId, purpose: "care-details", version: CARE_DETAILS_CONSENT_VERSION, givenAt: now }).returning({ id: consent.id });
  return row!.id;
}

async function insertCreated(ctx: Ctx, tx: Tx, values: typeof helpRequest.$inferInsert, windows: { startsAt: number; endsAt: number }[]) {
  const [created] = await tx.insert(helpRequest).values(values).returning({ id: helpRequest.id });
  const id = created!.id;
  await tx.insert(helpRequestWindow).values(windows.map((w) => ({ requestId: id, ...w })));
  await tx.insert(helpRequestEvent).values({ requestId: id, fromStatus: null, toStatus: "submitted", actorId: ctx.actor?.userId ?? null, at: ctx.now() });
  return id;
}

// ── Asking ───────────────────────────────────────────────────────────────────────────────────

/**
 * A resident asks for help, for themselves or for a person they care for (an existing one of
 * theirs or a new one). Care details need the care-details consent, recorded with its wording
 * version. The request starts as "submitted"; the requester gets a "received" notice.
 */
export async function createHelpRequest({ ctx, input }: { ctx: Ctx; input: HelpRequestForm }): Promise<{ id: number }> {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const now = ctx.now();
  const errors: FieldErrors = {};
  const { windows, rule } = resolveWindows(input, actor.timeZone, now, errors);
  await checkNeighbourhood(db, actor, input.neighbourhoodId, "neighbourhoodId", errors);
  await checkSkill(db, input.requiredSkillId, errors);
  if (input.forWhom === "existing") {
    const mine = await db.query.careRecipient.findFirst({ where: and(eq(careRecipient.id, input.careRecipientId!), eq(careRecipient.carerId, actor.userId)), columns: { id: true } });
    if (!mine) addError(errors, "careRecipientId", "recipientRequired");
  }
  if (input.forWhom === "new") await checkNeighbourhood(db, actor, input.recipientNeighbourhoodId!, "recipientNeighbourhoodId", errors);
  const careDetails = !!input.privateText || (input.forWhom === "new" && !!input.recipientNotes);
  if (careDetails && !input.careConsent) addError(errors, "careConsent", "consentRequired");
  if (Object.keys(errors).length) throw new Validation(errors);

  return ctx.database.write(async (tx) => {
    const careConsentId = careDetails ? await recordConsent(tx, actor.userId, now) : null;
    let careRecipientId: number | null = input.forWhom === "existing" ? input.careRecipientId! : null;
    if (input.forWhom === "new") {
      const [recipient] = await tx
        .insert(careRecipient)
        .values({
          carerId: actor.userId,
          firstName: input.recipientFirstName!,
          birthYear: input.recipientBirthYear ?? null,
          neighbourhoodId: input.recipientNeighbourhoodId!,
          notesForHelpers: input.recipientNotes ?? "",
          createdAt: now,
        })
        .returning({ id: careRecipient.id });
      careRecipientId = recipient!.id;
    }
    const id = await insertCreated(
      ctx,
      tx,
      { ...requestColumns(input, actor.timeZone, rule), requesterId: actor.userId, careRecipientId, careConsentId, createdAt: now, updatedAt: now },
      windows,
    );
    await notifyHelp(ctx, tx, { userId: actor.userId, requestId: id, variant: "received", key: `${id}` });
    return { id };
  });
}

/**
 * A coordinator registers a request for someone without an account (phone or walk-in intake),
 * in a neighbourhood they coordinate. The contact is kept as a care detail; the consent for care
 * details is the one the person gave the coordinator, recorded under the coordinator's name.
 */
export async function registerIntakeRequest({ ctx, input }: { ctx: Ctx; input: IntakeForm }): Promise<{ id: number }> {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const now = ctx.now();
  const errors: FieldErrors = {};
  const { windows, rule } = resolveWindows(input, actor.timeZone, now, errors);
  await checkNeighbourhood(ctx.database.db, actor, input.neighbourhoodId, "neighbourhoodId", errors);
  if (!errors.neighbourhoodId && !can.coordinateNeighbourhood(actor, input.neighbourhoodId)) addError(errors, "neighbourhoodId", "notYourNeighbourhood");
  await checkSkill(ctx.database.db, input.requiredSkillId, errors);
  if (input.privateText && !input.careConsent) addError(errors, "careConsent", "consentRequired");
  if (Object.keys(errors).length) throw new Validation(errors);
  return ctx.database.write(async (tx) => {
    const careConsentId = input.privateText ? await recordConsent(tx, actor.userId, now) : null;
    const id = await insertCreated(
      ctx,
      tx,
      {
        ...requestColumns(input, actor.timeZone, rule),
        requesterId: null,
        registeredById: actor.userId,
        contactName: input.contactName,
        contactPhone: input.contactPhone ?? null,
        contactEmail: input.contactEmail ?? null,
        careConsentId,
        createdAt: now,
        updatedAt: now,
      },
      windows,
    );
    return { id };
  });
}

// ── Changing and withdrawing ─────────────────────────────────────────────────────────────────

async function ownRequest(ctx: Ctx, requestId: number) {
  const actor = requireActor(ctx.actor);
  // Ownership in the WHERE clause: someone else's id matches nothing.
  const row = await ctx.database.db.query.helpRequest.findFirst({ where: and(eq(helpRequest.id, requestId), eq(helpRequest.requesterId, actor.userId)) });
  if (!row) throw new NotFound();
  return { actor, row };
}

/** The requester's request as edit-form values (only while it can still change). */
export async function getHelpRequestForEdit({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const { actor, row } = await ownRequest(ctx, input.id);
  if (!EDITABLE.includes(row.status)) throw new Conflict(`${E}.notEditable`);
  const windows = await ctx.database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, row.id)).orderBy(asc(helpRequestWindow.startsAt));
  const rule = row.scheduleRule as unknown as RecurrenceRule | null;
  const endOf = (w: { startsAt: number; endsAt: number }) => instantToLocal(w.endsAt, row.timeZone).time;
  return {
    id: row.id,
    values: {
      kind: row.kind,
      schedule: rule ? ("weekly" as const) : ("windows" as const),
      windows: rule ? [] : windows.map((w) => ({ date: instantToLocal(w.startsAt, row.timeZone).date, startTime: instantToLocal(w.startsAt, row.timeZone).time, endTime: endOf(w) })),
      weekdays: rule && rule.pattern.kind === "weekly" ? rule.pattern.weekdays.map(String) : [],
      recurStartDate: rule?.startDate,
      recurStartTime: rule?.startTime,
      recurEndTime: rule && windows[0] ? endOf(windows[0]) : undefined,
      recurUntil: rule?.end && "until" in rule.end ? rule.end.until : undefined,
      recurCount: rule?.end && "count" in rule.end ? rule.end.count : undefined,
      neighbourhoodId: row.neighbourhoodId,
      address: row.address,
      requiresVog: row.requiresVog,
      language: row.language ?? undefined,
      requiredSkillId: row.requiredSkillId ?? undefined,
      urgency: row.urgency,
      publicText: row.publicText,
      privateText: row.privateText,
      careConsent: row.careConsentId !== null,
    },
    options: await getHelpRequestFormOptions({ ctx: { ...ctx, actor } }),
  };
}

/** The requester changes their request while no one helps yet; windows are replaced. */
export async function updateHelpRequest({ ctx, input }: { ctx: Ctx; input: HelpRequestEditForm & { id: number } }) {
  const { actor, row } = await ownRequest(ctx, input.id);
  if (!EDITABLE.includes(row.status)) throw new Conflict(`${E}.notEditable`);
  const now = ctx.now();
  const errors: FieldErrors = {};
  const { windows, rule } = resolveWindows(input, row.timeZone, now, errors);
  await checkNeighbourhood(ctx.database.db, actor, input.neighbourhoodId, "neighbourhoodId", errors);
  await checkSkill(ctx.database.db, input.requiredSkillId, errors);
  if (input.privateText && !input.careConsent) addError(errors, "careConsent", "consentRequired");
  if (Object.keys(errors).length) throw new Validation(errors);
  await ctx.database.write(async (tx) => {
    const careConsentId = input.privateText ? (row.careConsentId ?? (await recordConsent(tx, actor.userId, now))) : row.careConsentId;
    const updated = await tx
      .update(helpRequest)
      .set({ ...requestColumns(input, row.timeZone, rule), careConsentId, updatedAt: now })
      .where(and(eq(helpRequest.id, row.id), inArray(helpRequest.status, [...EDITABLE])))
      .returning({ id: helpRequest.id });
    if (updated.length === 0) throw new Conflict(`${E}.notEditable`);
    await tx.delete(helpRequestWindow).where(eq(helpRequestWindow.requestId, row.id));
    await tx.insert(helpRequestWindow).values(windows.map((w) => ({ requestId: row.id, ...w })));
  });
}

/** The requester withdraws; open invites are marked withdrawn. */
export async function withdrawHelpRequest({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const { row } = await ownRequest(ctx, input.id);
  await ctx.database.write(async (tx) => {
    await transitionRequest(ctx, tx, row.id, "withdraw");
    await tx
      .update(helpInvite)
      .set({ status: "withdrawn", respondedAt: ctx.now() })
      .where(and(eq(helpInvite.requestId, row.id), inArray(helpInvite.status, ["asked", "offered"])));
  });
}

// ── Lists ────────────────────────────────────────────────────────────────────────────────────

/** The actor's own requests, newest first, with their next window. */
export async function listMyHelpRequests({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const rows = await db
    .select({ id: helpRequest.id, kind: helpRequest.kind, status: helpRequest.status, createdAt: helpRequest.createdAt, neighbourhood: neighbourhood.name, recipient: careRecipient.firstName })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .leftJoin(careRecipient, eq(careRecipient.id, helpRequest.careRecipientId))
    .where(eq(helpRequest.requesterId, actor.userId))
    .orderBy(desc(helpRequest.createdAt), desc(helpRequest.id));
  const windows = rows.length
    ? await db.select().from(helpRequestWindow).where(inArray(helpRequestWindow.requestId, rows.map((r) => r.id))).orderBy(asc(helpRequestWindow.startsAt))
    : [];
  const now = ctx.now();
  return rows.map((r) => {
    const next = windows.find((w) => w.requestId === r.id && w.endsAt > now);
    return {
      ...r,
      createdAt: formatDateTime(r.createdAt, actor.timeZone, actor.locale),
      next: next ? formatTimeRange(next.startsAt, next.endsAt, actor.timeZone, actor.locale) : null,
    };
  });
}

// ── The request page ─────────────────────────────────────────────────────────────────────────

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
  const invite = actor ? await db.query.helpInvite.findFirst({ where: and(eq(helpInvite.requestId, row.id), eq(helpInvite.volunteerId, actor.userId)) }) : undefined;
  // Only when nothing else relates the viewer to the request does the open-requests rule decide.
  const couldBeAsked = !!actor && relationOf(actor, row, invite ?? null, true) === "volunteer" && (await couldBeAskedFor(db, actor, row.id, ctx.now()));
  const relation = relationOf(actor, row, invite ?? null, couldBeAsked);
  const visible = visibleFields(relation, row.status);
  if (visible.size === 0) throw new NotFound();
  const toLog = fieldsToLog(relation, row.status);
  if (toLog.length) {
    await ctx.database.write((tx) => tx.insert(careAccessLog).values({ requestId: row.id, viewerId: actor?.userId ?? null, fields: toLog, purpose: "view", at: ctx.now() }));
  }
  const zone = actor?.timeZone ?? ctx.defaultTimeZone;
  const locale = actor?.locale ?? ctx.locale;
  const has = (f: HelpRequestField) => visible.has(f);
  const [area, windows, requester, recipient] = await Promise.all([
    db.query.neighbourhood.findFirst({ where: eq(neighbourhood.id, row.neighbourhoodId), columns: { name: true } }),
    db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, row.id)).orderBy(asc(helpRequestWindow.startsAt)),
    row.requesterId ? db.query.user.findFirst({ where: eq(user.id, row.requesterId), columns: { name: true, phone: true } }) : undefined,
    row.careRecipientId ? db.query.careRecipient.findFirst({ where: eq(careRecipient.id, row.careRecipientId) }) : undefined,
  ]);
  const history = has("history")
    ? await db
        .select({ from: helpRequestEvent.fromStatus, to: helpRequestEvent.toStatus, at: helpRequestEvent.at, note: helpRequestEvent.note, actor: user.name })
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
  const skillRow = requirements && row.requiredSkillId ? await db.query.skill.findFirst({ where: eq(skill.id, row.requiredSkillId) }) : undefined;
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
    phone: has("phone") ? (requester?.phone ?? row.contactPhone) : null,
    privateText: has("privateText") ? row.privateText : null,
    notesForHelpers: has("notesForHelpers") ? (recipient?.notesForHelpers ?? null) : null,
    intakeContact: has("intakeContact") && row.registeredById ? { name: row.contactName, phone: row.contactPhone, email: row.contactEmail } : null,
    history: history.map((h) => ({ ...h, at: formatDateTime(h.at, zone, locale) })),
    accessLog: accessLog.map((a) => ({ viewer: a.viewer, at: formatDateTime(a.at, zone, locale), fields: a.fields })),
    invite: invite ? { status: invite.status } : null,
    canEdit: relation === "requester" && EDITABLE.includes(row.status),
    canWithdraw: relation === "requester" && ["submitted", "open", "asked", "matched"].includes(row.status),
    canAnswer: relation === "asked-volunteer" && invite?.status === "asked" && VISIBLE_TO_VOLUNTEERS.includes(row.status),
    canOffer: relation === "volunteer" && VISIBLE_TO_VOLUNTEERS.includes(row.status),
  };
}
export type HelpRequestView = Awaited<ReturnType<typeof viewHelpRequest>>;

// ── Answering an invite ──────────────────────────────────────────────────────────────────────

function refusal(status: HelpRequestStatus | undefined): never {
  if (status === "matched" || status === "completed") throw new Conflict(`${E}.filled`);
  throw new Conflict(`${E}.closed`);
}

/**
 * An asked volunteer accepts: the first acceptance wins atomically (matchVolunteer). A request
 * that was just filled, withdrawn or is no longer theirs gives a Conflict with a clear message.
 */
export async function acceptInvite({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write(async (tx) => {
    const row = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.id), columns: { status: true, matchedVolunteerId: true } });
    if (!row) throw new NotFound();
    const invite = await tx.query.helpInvite.findFirst({ where: and(eq(helpInvite.requestId, input.id), eq(helpInvite.volunteerId, actor.userId)) });
    // Never asked: nothing to accept, and no word on whether the request exists.
    if (!invite) throw new NotFound();
    if (row.status === "matched" && row.matchedVolunteerId === actor.userId) return;
    if (!VISIBLE_TO_VOLUNTEERS.includes(row.status)) refusal(row.status);
    const outcome = await matchVolunteer(ctx, tx, { requestId: input.id, volunteerId: actor.userId, requireInvite: "asked" });
    if (!outcome.ok) throw new Conflict(outcome.reason === "filled" ? `${E}.filled` : outcome.reason === "closed" ? `${E}.closed` : `${E}.notInvited`);
  });
}

/** An asked volunteer declines (optional reason); when no one is left to answer, the request goes back to open. */
export async function declineInvite({ ctx, input }: { ctx: Ctx; input: { id: number; reason?: string | undefined } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write(async (tx) => {
    const declined = await tx
      .update(helpInvite)
      .set({ status: "declined", reason: input.reason || null, respondedAt: ctx.now() })
      .where(and(eq(helpInvite.requestId, input.id), eq(helpInvite.volunteerId, actor.userId), eq(helpInvite.status, "asked")))
      .returning({ id: helpInvite.id });
    if (declined.length === 0) {
      const row = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.id), columns: { status: true } });
      const invite = await tx.query.helpInvite.findFirst({ where: and(eq(helpInvite.requestId, input.id), eq(helpInvite.volunteerId, actor.userId)), columns: { id: true } });
      if (!row || !invite) throw new NotFound();
      if (!VISIBLE_TO_VOLUNTEERS.includes(row.status)) refusal(row.status);
      throw new Conflict(`${E}.notInvited`);
    }
    const row = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, input.id), columns: { status: true } });
    if (row?.status === "asked" && (await pendingInvites(tx, input.id)) === 0) await transitionRequest(ctx, tx, input.id, "all-declined");
  });
}

// ── Open requests near me ────────────────────────────────────────────────────────────────────

async function volunteerReach(db: Queryable, actor: Actor) {
  const profile = await db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, actor.userId) });
  if (!profile) return null;
  const home = await db.query.user.findFirst({ where: eq(user.id, actor.userId), columns: { neighbourhoodId: true } });
  const own = home?.neighbourhoodId ?? actor.neighbourhoodId;
  let areas: number[] = [own];
  if (profile.travelRange === "adjacent") {
    const next = await db.select({ id: neighbourhoodAdjacency.adjacentId }).from(neighbourhoodAdjacency).where(eq(neighbourhoodAdjacency.neighbourhoodId, own));
    areas = [own, ...next.map((n) => n.id)];
  } else if (profile.travelRange === "municipality") {
    areas = (await municipalityNeighbourhoods(db, own)).map((n) => n.id);
  }
  return { profile, areas };
}

/**
 * THE rule for "this volunteer could be asked for this request", as a condition on help_request:
 * /requests/open lists exactly these, and a volunteer opens a request by its number (and offers
 * help on it) only under it. Open or asked; in a neighbourhood within their travel range; a VOG
 * valid today when the request needs one; not paused today; not their own request (intake
 * requests have none); a wanted time still to come. Null when the actor is no volunteer.
 */
async function openRequestRule(db: Queryable, actor: Actor, now: number) {
  const reach = await volunteerReach(db, actor);
  if (!reach) return null;
  const today = localDateOf(now, actor.timeZone);
  const vogValid = effectiveVog(reach.profile.vogStatus, reach.profile.vogValidUntil, today) === "valid";
  const paused = !!reach.profile.pausedUntil && reach.profile.pausedUntil >= today;
  const where = paused
    ? sql`0 = 1`
    : and(
        inArray(helpRequest.status, [...VISIBLE_TO_VOLUNTEERS]),
        inArray(helpRequest.neighbourhoodId, reach.areas),
        vogValid ? undefined : eq(helpRequest.requiresVog, false),
        or(isNull(helpRequest.requesterId), ne(helpRequest.requesterId, actor.userId)),
        sql`EXISTS (SELECT 1 FROM ${helpRequestWindow} WHERE ${helpRequestWindow.requestId} = ${helpRequest.id} AND ${helpRequestWindow.endsAt} > ${now})`,
      )!;
  return { reach, paused, where };
}

/** Whether the volunteer could be asked for this one request (the open-requests rule). */
async function couldBeAskedFor(db: Queryable, actor: Actor, requestId: number, now: number): Promise<boolean> {
  const rule = await openRequestRule(db, actor, now);
  if (!rule) return false;
  const [row] = await db.select({ id: helpRequest.id }).from(helpRequest).where(and(eq(helpRequest.id, requestId), rule.where));
  return !!row;
}

/** The requests the volunteer could be asked for (`openRequestRule`), with only what any volunteer may read. */
export async function listOpenRequestsNearMe({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const now = ctx.now();
  const rule = await openRequestRule(db, actor, now);
  if (!rule) return { isVolunteer: false as const, paused: false, requests: [] };
  const all = await db
    .select({ id: helpRequest.id, kind: helpRequest.kind, publicText: helpRequest.publicText, neighbourhood: neighbourhood.name })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .where(rule.where)
    .orderBy(asc(helpRequest.createdAt), asc(helpRequest.id))
    .limit(200);
  const ids = all.map((r) => r.id);
  const [windows, invites] = ids.length
    ? await Promise.all([
        db.select().from(helpRequestWindow).where(inArray(helpRequestWindow.requestId, ids)).orderBy(asc(helpRequestWindow.startsAt)),
        db.select({ requestId: helpInvite.requestId, status: helpInvite.status }).from(helpInvite).where(and(inArray(helpInvite.requestId, ids), eq(helpInvite.volunteerId, actor.userId))),
      ])
    : [[], []];
  return {
    isVolunteer: true as const,
    paused: rule.paused,
    requests: all.map((r) => ({
      id: r.id,
      kind: r.kind,
      neighbourhood: r.neighbourhood,
      publicText: r.publicText,
      windows: windows.filter((w) => w.requestId === r.id && w.endsAt > now).map((w) => formatTimeRange(w.startsAt, w.endsAt, actor.timeZone, actor.locale)),
      invite: invites.find((i) => i.requestId === r.id)?.status ?? null,
    })),
  };
}

/**
 * "I can help": a volunteer offers help on a request they could be asked for (the open-requests
 * rule; any other request is "not found", as if it did not exist). Creates an "offered" invite
 * and tells the coordinators of the neighbourhood, who confirm it on their triage page.
 */
export async function offerHelp({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const rule = await openRequestRule(db, actor, ctx.now());
  if (!rule) throw new Conflict(`${E}.notVolunteer`);
  const [row] = await db.select().from(helpRequest).where(and(eq(helpRequest.id, input.id), rule.where));
  if (!row) throw new NotFound();
  await ctx.database.write(async (tx) => {
    const [invite] = await tx
      .insert(helpInvite)
      .values({ requestId: row.id, volunteerId: actor.userId, status: "offered", createdAt: ctx.now() })
      .onConflictDoNothing()
      .returning({ id: helpInvite.id });
    if (!invite) throw new Conflict(`${E}.alreadyOffered`);
    // The status may have changed since the read above; the write lock makes this check final.
    const current = await tx.query.helpRequest.findFirst({ where: eq(helpRequest.id, row.id), columns: { status: true } });
    if (!current || !VISIBLE_TO_VOLUNTEERS.includes(current.status)) refusal(current?.status);
    const coordinators = await tx
      .select({ userId: roleGrant.userId })
      .from(roleGrant)
      .where(and(eq(roleGrant.role, "coordinator"), eq(roleGrant.neighbourhoodId, row.neighbourhoodId)));
    for (const c of coordinators) await notifyHelp(ctx, tx, { userId: c.userId, requestId: row.id, variant: "offer", key: `${invite.id}/${c.userId}`, path: `/coordinator/requests/${row.id}` });
  });
}
