import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import {
  careRecipient,
  consent,
  facilityService,
  helpInvite,
  helpRequest,
  helpRequestEvent,
  helpRequestWindow,
  neighbourhood,
  skill,
} from "#db/schema";
import type { Ctx } from "../context.server";
import { Conflict, NotFound, Validation } from "../errors";
import { handOffCircle } from "../circles/hand-off.server";
import { isConsentActive } from "./consent.server";
import { notifyHelp, transitionRequest } from "./match.server";
import { CARE_DETAILS_CONSENT_VERSION, type HelpRequestEditForm, type HelpRequestForm, type IntakeForm } from "./request-schemas";
import { addError, E, EDITABLE, municipalityNeighbourhoods, type FieldErrors } from "./request-rules.server";
import { can, ensure, requireActor, type Actor } from "../permissions";
import type { RecurrenceRule } from "../scheduling/recurrence";
import { instantToLocal, localDateOf } from "../scheduling/local-time";
import { resolveWindows } from "../scheduling/time-windows";
import { formatDateTime, formatTimeRange } from "../time";

// The request side of help requests: asking (resident or coordinator intake), changing and
// withdrawing, and the requester's own list. The request page is in request-view.server.ts,
// invites and open requests in request-invites.server.ts; matching and triage live elsewhere.

// ── Form options ─────────────────────────────────────────────────────────────────────────────

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
    db
      .select()
      .from(skill)
      .where(eq(skill.kind, "skill"))
      .orderBy(asc(actor.locale === "en" ? skill.nameEn : skill.nameNl)),
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

type ScheduleInput = Pick<
  HelpRequestEditForm,
  "schedule" | "windows" | "weekdays" | "recurStartDate" | "recurStartTime" | "recurEndTime" | "recurUntil" | "recurCount"
>;

/** The form's windows or weekly pattern as instants in the requester's zone (`resolveWindows`), its problems as field errors. */
function requestWindows(input: ScheduleInput, zone: string, now: number, errors: FieldErrors) {
  const { windows, rule, problems } = resolveWindows(input, zone, now);
  for (const p of problems) addError(errors, p.field, p.problem);
  return { windows, rule };
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

/**
 * The care-details consent of the person the request is about: given by them (`userId`), or — at
 * intake, for a person without an account — recorded for them by the coordinator (`recordedById`).
 */
async function recordConsent(tx: Tx, by: { userId: number } | { recordedById: number }, now: number) {
  const [row] = await tx
    .insert(consent)
    .values({ ...by, purpose: "care-details", version: CARE_DETAILS_CONSENT_VERSION, givenAt: now })
    .returning({ id: consent.id });
  return row!.id;
}

async function insertCreated(ctx: Ctx, tx: Tx, values: typeof helpRequest.$inferInsert, windows: { startsAt: number; endsAt: number }[]) {
  const [created] = await tx.insert(helpRequest).values(values).returning({ id: helpRequest.id });
  const id = created!.id;
  await tx.insert(helpRequestWindow).values(windows.map((w) => ({ requestId: id, ...w })));
  await tx
    .insert(helpRequestEvent)
    .values({ requestId: id, fromStatus: null, toStatus: "submitted", actorId: ctx.actor?.userId ?? null, at: ctx.now() });
  return id;
}

/** A facility id carried from a facility page: kept when the facility exists, else ignored (null). */
async function existingFacility(db: Queryable, facilityId: number | undefined) {
  if (!facilityId) return null;
  const found = await db.query.facilityService.findFirst({ where: eq(facilityService.id, facilityId), columns: { id: true } });
  return found?.id ?? null;
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
  const { windows, rule } = requestWindows(input, actor.timeZone, now, errors);
  await checkNeighbourhood(db, actor, input.neighbourhoodId, "neighbourhoodId", errors);
  await checkSkill(db, input.requiredSkillId, errors);
  // The warm hand-off of a circle (decision 048): only its lead, only while it has open tasks; the
  // request is about the circle's person cared for, whatever the form said.
  const circle = input.circleId ? await handOffCircle(ctx, input.circleId) : null;
  if (circle && circle.openTasks === 0) errors.form = ["circleHandOff.errors.noOpenTasks"];
  const facilityId = await existingFacility(db, input.facilityId);
  if (!circle && input.forWhom === "existing") {
    const mine = await db.query.careRecipient.findFirst({
      where: and(eq(careRecipient.id, input.careRecipientId!), eq(careRecipient.carerId, actor.userId)),
      columns: { id: true },
    });
    if (!mine) addError(errors, "careRecipientId", "recipientRequired");
  }
  const forWhom = circle ? "circle" : input.forWhom;
  if (forWhom === "new") await checkNeighbourhood(db, actor, input.recipientNeighbourhoodId!, "recipientNeighbourhoodId", errors);
  const careDetails = !!input.privateText || (forWhom === "new" && !!input.recipientNotes);
  if (careDetails && !input.careConsent) addError(errors, "careConsent", "consentRequired");
  if (Object.keys(errors).length) throw new Validation(errors);

  return ctx.database.write(async (tx) => {
    const careConsentId = careDetails ? await recordConsent(tx, { userId: actor.userId }, now) : null;
    let careRecipientId: number | null = circle ? circle.careRecipientId : forWhom === "existing" ? input.careRecipientId! : null;
    if (forWhom === "new") {
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
      {
        ...requestColumns(input, actor.timeZone, rule),
        requesterId: actor.userId,
        careRecipientId,
        careConsentId,
        circleId: circle?.id ?? null,
        facilityId,
        createdAt: now,
        updatedAt: now,
      },
      windows,
    );
    await notifyHelp(ctx, tx, { userId: actor.userId, requestId: id, variant: "received", key: `${id}` });
    return { id };
  });
}

/**
 * A coordinator registers a request for someone without an account (phone or walk-in intake),
 * in a neighbourhood they coordinate. The contact is kept as a care detail; the consent for care
 * details is the one the person gave the coordinator: it is theirs (no account), recorded by the coordinator.
 */
export async function registerIntakeRequest({ ctx, input }: { ctx: Ctx; input: IntakeForm }): Promise<{ id: number }> {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const now = ctx.now();
  const errors: FieldErrors = {};
  const { windows, rule } = requestWindows(input, actor.timeZone, now, errors);
  await checkNeighbourhood(ctx.database.db, actor, input.neighbourhoodId, "neighbourhoodId", errors);
  if (!errors.neighbourhoodId && !can.coordinateNeighbourhood(actor, input.neighbourhoodId))
    addError(errors, "neighbourhoodId", "notYourNeighbourhood");
  await checkSkill(ctx.database.db, input.requiredSkillId, errors);
  if (input.privateText && !input.careConsent) addError(errors, "careConsent", "consentRequired");
  if (Object.keys(errors).length) throw new Validation(errors);
  return ctx.database.write(async (tx) => {
    const careConsentId = input.privateText ? await recordConsent(tx, { recordedById: actor.userId }, now) : null;
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
  const row = await ctx.database.db.query.helpRequest.findFirst({
    where: and(eq(helpRequest.id, requestId), eq(helpRequest.requesterId, actor.userId)),
  });
  if (!row) throw new NotFound();
  return { actor, row };
}

/** The requester's request as edit-form values (only while it can still change). */
export async function getHelpRequestForEdit({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const { actor, row } = await ownRequest(ctx, input.id);
  if (!EDITABLE.includes(row.status)) throw new Conflict(`${E}.notEditable`);
  const windows = await ctx.database.db
    .select()
    .from(helpRequestWindow)
    .where(eq(helpRequestWindow.requestId, row.id))
    .orderBy(asc(helpRequestWindow.startsAt));
  const rule = row.scheduleRule as unknown as RecurrenceRule | null;
  const endOf = (w: { startsAt: number; endsAt: number }) => instantToLocal(w.endsAt, row.timeZone).time;
  return {
    id: row.id,
    values: {
      kind: row.kind,
      schedule: rule ? ("weekly" as const) : ("windows" as const),
      windows: rule
        ? []
        : windows.map((w) => ({
            date: instantToLocal(w.startsAt, row.timeZone).date,
            startTime: instantToLocal(w.startsAt, row.timeZone).time,
            endTime: endOf(w),
          })),
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
      careConsent: await isConsentActive(ctx.database.db, row.careConsentId),
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
  const { windows, rule } = requestWindows(input, row.timeZone, now, errors);
  await checkNeighbourhood(ctx.database.db, actor, input.neighbourhoodId, "neighbourhoodId", errors);
  await checkSkill(ctx.database.db, input.requiredSkillId, errors);
  if (input.privateText && !input.careConsent) addError(errors, "careConsent", "consentRequired");
  if (Object.keys(errors).length) throw new Validation(errors);
  await ctx.database.write(async (tx) => {
    // A withdrawn consent stays withdrawn: care details entered again need a new one.
    const careConsentId =
      input.privateText && !(await isConsentActive(tx, row.careConsentId))
        ? await recordConsent(tx, { userId: actor.userId }, now)
        : row.careConsentId;
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
    .select({
      id: helpRequest.id,
      kind: helpRequest.kind,
      status: helpRequest.status,
      createdAt: helpRequest.createdAt,
      neighbourhood: neighbourhood.name,
      recipient: careRecipient.firstName,
    })
    .from(helpRequest)
    .innerJoin(neighbourhood, eq(neighbourhood.id, helpRequest.neighbourhoodId))
    .leftJoin(careRecipient, eq(careRecipient.id, helpRequest.careRecipientId))
    .where(eq(helpRequest.requesterId, actor.userId))
    .orderBy(desc(helpRequest.createdAt), desc(helpRequest.id));
  const windows = rows.length
    ? await db
        .select()
        .from(helpRequestWindow)
        .where(
          inArray(
            helpRequestWindow.requestId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(helpRequestWindow.startsAt))
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
