import { and, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import {
  activity,
  activitySession,
  circleMember,
  circleTask,
  circleTaskClaim,
  circleTaskOccurrence,
  emailOutbox,
  helpRequest,
  helpSession,
  notificationSetting,
  shift,
  signup,
  user,
} from "#db/schema";
import type { EmailProps } from "#emails/registry";
import type { Ctx } from "../context.server";
import { selectSignupPlaces, signupEndsAt, signupStartsAt } from "../activities/signup-places.server";
import { outboxValues } from "./outbox.server";
import { reminderLinkUrl } from "./reminder-links.server";
import { defaultReminderSettings, reminderTimes, type ReminderKind, type ReminderSettings } from "../scheduling/reminder-times";

// Reminders are outbox rows (template "reminder") written in the transaction of the change that
// causes them: a place confirmed → scheduled; cancelled → its pending reminders cancelled; a
// session moved → its pending reminders replaced; settings changed → recomputed.
//
// Each row's Idempotency-Key is `reminder/<sign-up or helping session and person>/<sequence>/<kind>`.
// The session's sequence goes up on every move, so a moved session gets fresh reminders even when
// the old ones were already sent. Within one sequence the key is stable: recomputing (new
// settings) updates a pending row in place, or revives a cancelled one; a sent row stays sent.
//
// Every function here syncs: it computes what should be pending and makes it so. Callers need not
// know whether a reminder existed before.

const HOUR = 3_600_000;
const TEMPLATE = "reminder";

export const activityTopic = (sessionId: number) => `activity-session:${sessionId}`;
export const helpTopic = (helpSessionId: number) => `help-session:${helpSessionId}`;
const signupKeyBase = (signupId: number) => `reminder/signup-${signupId}/`;
const helpKeyBase = (helpSessionId: number, userId: number) => `reminder/help-session-${helpSessionId}-${userId}/`;
export const circleOccurrenceTopic = (occurrenceId: number) => `circle-occurrence:${occurrenceId}`;
const circleClaimKeyBase = (claimId: number) => `reminder/circle-claim-${claimId}/`;

interface Recipient {
  userId: number;
  email: string;
  name: string;
  locale: "nl" | "en";
  timeZone: string;
}

interface DesiredReminder {
  topic: string;
  key: string;
  runAt: number;
  recipient: Recipient;
  props: EmailProps<"reminder">["public"];
  secrets: EmailProps<"reminder">["secret"];
}

/** The reminder settings of each person (defaults when they never changed them). */
async function settingsFor(tx: Tx, userIds: number[]): Promise<Map<number, ReminderSettings>> {
  const unique = [...new Set(userIds)];
  const rows = unique.length
    ? await tx
        .select({
          userId: notificationSetting.userId,
          dayBeforeAt: notificationSetting.dayBeforeAt,
          hoursBefore: notificationSetting.hoursBefore,
        })
        .from(notificationSetting)
        .where(inArray(notificationSetting.userId, unique))
    : [];
  const map = new Map<number, ReminderSettings>(unique.map((id) => [id, defaultReminderSettings]));
  for (const r of rows) map.set(r.userId, { dayBeforeAt: r.dayBeforeAt, hoursBefore: r.hoursBefore });
  return map;
}

/**
 * Makes the pending reminders that `inScope` selects (by topic and key) exactly `desired`: the
 * others are cancelled, the desired ones inserted, updated or revived (never a row already sent
 * or being sent). A handful of statements however many reminders there are.
 */
async function applyReminders(
  ctx: Ctx,
  tx: Tx,
  topics: string[],
  inScope: (topic: string, key: string) => boolean,
  desired: DesiredReminder[],
  reason: string,
) {
  if (topics.length === 0) return;
  const wanted = new Set(desired.map((d) => d.key));
  const pending = await tx
    .select({ id: emailOutbox.id, key: emailOutbox.idempotencyKey, topic: emailOutbox.topic })
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.topic, [...new Set(topics)]), eq(emailOutbox.status, "pending"), eq(emailOutbox.template, TEMPLATE)));
  const stale = pending.filter((row) => inScope(row.topic ?? "", row.key) && !wanted.has(row.key)).map((row) => row.id);
  for (let i = 0; i < stale.length; i += 500) {
    await tx
      .update(emailOutbox)
      .set({ status: "cancelled", lastError: reason, sealedSecrets: null })
      .where(and(inArray(emailOutbox.id, stale.slice(i, i + 500)), eq(emailOutbox.status, "pending")));
  }
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  for (let i = 0; i < desired.length; i += 100) {
    await tx
      .insert(emailOutbox)
      .values(
        desired.slice(i, i + 100).map((d) =>
          outboxValues(ctx, {
            template: TEMPLATE,
            idempotencyKey: d.key,
            to: d.recipient.email,
            userId: d.recipient.userId,
            topic: d.topic,
            locale: d.recipient.locale,
            timeZone: d.recipient.timeZone,
            props: d.props,
            secrets: d.secrets,
            runAt: d.runAt,
          }),
        ),
      )
      .onConflictDoUpdate({
        target: emailOutbox.idempotencyKey,
        set: {
          toAddress: excluded("to_address"),
          userId: excluded("user_id"),
          topic: excluded("topic"),
          locale: excluded("locale"),
          timeZone: excluded("time_zone"),
          props: excluded("props"),
          sealedSecrets: excluded("sealed_secrets"),
          runAt: excluded("run_at"),
          status: "pending",
          lastError: null,
          // A revived row was never handed to the provider: it starts afresh.
          attempts: sql`CASE WHEN ${emailOutbox.status} = 'cancelled' THEN 0 ELSE ${emailOutbox.attempts} END`,
          batchKey: sql`CASE WHEN ${emailOutbox.status} = 'cancelled' THEN NULL ELSE ${emailOutbox.batchKey} END`,
        },
        setWhere: sql`${emailOutbox.status} IN ('pending', 'cancelled')`,
      });
  }
}

// ── Activity sessions (a place as participant or a shift) ────────────────────────────────────────

function signupFacts(tx: Tx) {
  return selectSignupPlaces(tx, {
    signupId: signup.id,
    status: signup.status,
    sessionId: activitySession.id,
    sessionStatus: activitySession.status,
    sequence: activitySession.sequence,
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    timeZone: user.timeZone,
    activityId: activity.id,
    title: activity.title,
    address: activity.address,
    cancelCutoffHours: activity.cancelCutoffHours,
    role: shift.role,
    startsAt: signupStartsAt,
    endsAt: signupEndsAt,
  }).innerJoin(user, eq(user.id, signup.userId));
}

type SignupFact = Awaited<ReturnType<ReturnType<typeof signupFacts>["where"]>>[number];

function desiredForSignup(ctx: Ctx, row: SignupFact, settings: ReminderSettings): DesiredReminder[] {
  if (row.status !== "confirmed" || row.sessionStatus !== "scheduled") return [];
  const startsAt = Number(row.startsAt);
  const endsAt = Number(row.endsAt);
  const cutoff = startsAt - row.cancelCutoffHours * HOUR;
  const link = (action: "confirm" | "cancel") =>
    reminderLinkUrl(ctx.appUrl, ctx.keys, { kind: "signup", id: row.signupId, userId: row.userId, action, expiresAt: startsAt });
  return reminderTimes({ startsAt, zone: row.timeZone, settings, now: ctx.now() }).map(({ kind, runAt }) => ({
    topic: activityTopic(row.sessionId),
    key: `${signupKeyBase(row.signupId)}${row.sequence}/${kind}`,
    runAt,
    recipient: row,
    props: {
      about: "activity",
      reminder: kind,
      name: row.name,
      activityTitle: row.title,
      helpKind: null,
      role: row.role,
      startsAt,
      endsAt,
      address: row.address,
      url: `${ctx.appUrl}/activities/${row.activityId}`,
      signupId: row.signupId,
      helpSessionId: null,
      sequence: row.sequence,
    },
    // A cancel link only while cancelling is still allowed when the mail goes out.
    secrets: { confirmUrl: link("confirm"), ...(runAt < cutoff ? { cancelUrl: link("cancel") } : {}) },
  }));
}

/**
 * Brings the reminders of these sign-ups in line with them: a confirmed place in a scheduled
 * session gets its reminders (per the person's zone and settings); anything else (waitlisted,
 * cancelled, session cancelled) has its pending reminders cancelled.
 */
export async function syncSignupReminders(ctx: Ctx, tx: Tx, signupIds: number[]): Promise<void> {
  if (signupIds.length === 0) return;
  const rows = await signupFacts(tx).where(inArray(signup.id, signupIds));
  const settings = await settingsFor(
    tx,
    rows.map((r) => r.userId),
  );
  const bases = new Set(rows.map((r) => signupKeyBase(r.signupId)));
  await applyReminders(
    ctx,
    tx,
    rows.map((r) => activityTopic(r.sessionId)),
    (_topic, key) => bases.has(key.slice(0, key.indexOf("/", "reminder/".length) + 1)),
    rows.flatMap((r) => desiredForSignup(ctx, r, settings.get(r.userId)!)),
    "reminder no longer due: sign-up or settings changed",
  );
}

/**
 * Recomputes every reminder of these sessions (after a move or a cancellation): confirmed places
 * get reminders for the session's current time and sequence, every other pending reminder of the
 * session is cancelled.
 */
export async function syncSessionReminders(ctx: Ctx, tx: Tx, sessionIds: number[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const rows = await signupFacts(tx).where(and(inArray(signup.sessionId, sessionIds), ne(signup.status, "cancelled")));
  const settings = await settingsFor(
    tx,
    rows.map((r) => r.userId),
  );
  await applyReminders(
    ctx,
    tx,
    sessionIds.map(activityTopic),
    () => true,
    rows.flatMap((r) => desiredForSignup(ctx, r, settings.get(r.userId)!)),
    "reminder no longer due: session moved or cancelled",
  );
}

// ── Helping sessions (the matched volunteer and the requester) ───────────────────────────────────

async function helpFacts(tx: Tx, helpSessionIds: number[]) {
  return tx
    .select({
      id: helpSession.id,
      status: helpSession.status,
      sequence: helpSession.sequence,
      startsAt: helpSession.startsAt,
      endsAt: helpSession.endsAt,
      requestId: helpRequest.id,
      requestStatus: helpRequest.status,
      kind: helpRequest.kind,
      requesterId: helpRequest.requesterId,
      volunteerId: helpRequest.matchedVolunteerId,
    })
    .from(helpSession)
    .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
    .where(inArray(helpSession.id, helpSessionIds));
}

/**
 * Brings the reminders of these helping sessions in line with them, for both sides (or only for
 * `onlyUserId`): a scheduled session of an active match reminds the volunteer (with a Confirm link)
 * and the requester; otherwise pending reminders are cancelled.
 */
export async function syncHelpSessionReminders(ctx: Ctx, tx: Tx, helpSessionIds: number[], onlyUserId?: number): Promise<void> {
  if (helpSessionIds.length === 0) return;
  const sessions = await helpFacts(tx, helpSessionIds);
  const userIds = sessions.flatMap((s) => [s.requesterId, s.volunteerId]).filter((id): id is number => id !== null);
  const people = userIds.length
    ? await tx
        .select({ userId: user.id, email: user.email, name: user.name, locale: user.locale, timeZone: user.timeZone })
        .from(user)
        .where(inArray(user.id, userIds))
    : [];
  const settings = await settingsFor(tx, userIds);
  const now = ctx.now();
  const desired: DesiredReminder[] = [];
  for (const s of sessions) {
    if (s.status !== "scheduled" || s.requestStatus !== "matched") continue;
    const sides = [
      { userId: s.volunteerId, role: "volunteer" as const },
      { userId: s.requesterId, role: "requester" as const },
    ];
    for (const side of sides) {
      if (side.userId === null || (onlyUserId !== undefined && side.userId !== onlyUserId)) continue;
      const recipient = people.find((p) => p.userId === side.userId);
      if (!recipient) continue;
      for (const { kind, runAt } of reminderTimes({
        startsAt: s.startsAt,
        zone: recipient.timeZone,
        settings: settings.get(side.userId)!,
        now,
      })) {
        desired.push(helpReminder(ctx, s, recipient, side.role, kind, runAt));
      }
    }
  }
  await applyReminders(
    ctx,
    tx,
    sessions.map((s) => helpTopic(s.id)),
    (_topic, key) => onlyUserId === undefined || sessions.some((s) => key.startsWith(helpKeyBase(s.id, onlyUserId))),
    desired,
    "reminder no longer due: helping session, match or settings changed",
  );
}

function helpReminder(
  ctx: Ctx,
  s: Awaited<ReturnType<typeof helpFacts>>[number],
  recipient: Recipient,
  role: "volunteer" | "requester",
  kind: ReminderKind,
  runAt: number,
): DesiredReminder {
  return {
    topic: helpTopic(s.id),
    key: `${helpKeyBase(s.id, recipient.userId)}${s.sequence}/${kind}`,
    runAt,
    recipient,
    props: {
      about: "help",
      reminder: kind,
      name: recipient.name,
      activityTitle: null,
      helpKind: s.kind,
      role: null,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      address: null,
      url: `${ctx.appUrl}/requests/${s.requestId}/sessions`,
      signupId: null,
      helpSessionId: s.id,
      sequence: s.sequence,
    },
    secrets:
      role === "volunteer"
        ? {
            confirmUrl: reminderLinkUrl(ctx.appUrl, ctx.keys, {
              kind: "help-session",
              id: s.id,
              userId: recipient.userId,
              action: "confirm",
              expiresAt: s.startsAt,
            }),
          }
        : {},
  };
}

// ── Care circle tasks (a place taken by a member) ───────────────────────────────────────────────

async function circleClaimFacts(tx: Tx, where: ReturnType<typeof and>) {
  return tx
    .select({
      claimId: circleTaskClaim.id,
      releasedAt: circleTaskClaim.releasedAt,
      occurrenceId: circleTaskOccurrence.id,
      status: circleTaskOccurrence.status,
      sequence: circleTaskOccurrence.sequence,
      startsAt: circleTaskOccurrence.startsAt,
      endsAt: circleTaskOccurrence.endsAt,
      circleId: circleTaskOccurrence.circleId,
      kind: circleTask.kind,
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      timeZone: user.timeZone,
      member: circleMember.id,
    })
    .from(circleTaskClaim)
    .innerJoin(circleTaskOccurrence, eq(circleTaskOccurrence.id, circleTaskClaim.occurrenceId))
    .innerJoin(circleTask, eq(circleTask.id, circleTaskOccurrence.taskId))
    .innerJoin(user, eq(user.id, circleTaskClaim.userId))
    .leftJoin(
      circleMember,
      and(eq(circleMember.circleId, circleTaskOccurrence.circleId), eq(circleMember.userId, user.id), isNull(circleMember.leftAt)),
    )
    .where(where);
}

type CircleClaimFact = Awaited<ReturnType<typeof circleClaimFacts>>[number];

/**
 * The reminders of one place in a circle task. They say only "a task in your circle", its kind,
 * the time and a link to the circle: no title, no notes, no name of the person cared for.
 */
function desiredForCircleClaim(ctx: Ctx, row: CircleClaimFact, settings: ReminderSettings): DesiredReminder[] {
  if (row.releasedAt !== null || row.status !== "scheduled" || row.member === null) return [];
  return reminderTimes({ startsAt: row.startsAt, zone: row.timeZone, settings, now: ctx.now() }).map(({ kind, runAt }) => ({
    topic: circleOccurrenceTopic(row.occurrenceId),
    key: `${circleClaimKeyBase(row.claimId)}${row.sequence}/${kind}`,
    runAt,
    recipient: row,
    props: {
      about: "circle-task",
      reminder: kind,
      name: row.name,
      activityTitle: null,
      helpKind: null,
      circleTaskKind: row.kind,
      role: null,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      address: null,
      url: `${ctx.appUrl}/circles/${row.circleId}`,
      signupId: null,
      helpSessionId: null,
      circleClaimId: row.claimId,
      sequence: row.sequence,
    },
    secrets: {},
  }));
}

async function applyCircleReminders(ctx: Ctx, tx: Tx, rows: CircleClaimFact[], topics: string[], inScope: (key: string) => boolean) {
  const settings = await settingsFor(
    tx,
    rows.map((r) => r.userId),
  );
  await applyReminders(
    ctx,
    tx,
    topics,
    (_topic, key) => inScope(key),
    rows.flatMap((r) => desiredForCircleClaim(ctx, r, settings.get(r.userId)!)),
    "reminder no longer due: place in a circle task given back, cancelled or settings changed",
  );
}

/** Brings the reminders of these places in circle tasks in line with them (taken, given back, …). */
export async function syncCircleClaimReminders(ctx: Ctx, tx: Tx, claimIds: number[]): Promise<void> {
  if (claimIds.length === 0) return;
  await syncCirclePlaces(ctx, tx, and(inArray(circleTaskClaim.id, claimIds)));
}

/** The reminders of the places `where` selects, each kept to its own keys. */
async function syncCirclePlaces(ctx: Ctx, tx: Tx, where: ReturnType<typeof and>) {
  const rows = await circleClaimFacts(tx, where);
  const bases = new Set(rows.map((r) => circleClaimKeyBase(r.claimId)));
  await applyCircleReminders(
    ctx,
    tx,
    rows,
    rows.map((r) => circleOccurrenceTopic(r.occurrenceId)),
    (key) => [...bases].some((base) => key.startsWith(base)),
  );
}

/** Recomputes every reminder of these occurrences (after a cancellation): active places only. */
export async function syncCircleOccurrenceReminders(ctx: Ctx, tx: Tx, occurrenceIds: number[]): Promise<void> {
  if (occurrenceIds.length === 0) return;
  const rows = await circleClaimFacts(tx, and(inArray(circleTaskOccurrence.id, occurrenceIds), isNull(circleTaskClaim.releasedAt)));
  await applyCircleReminders(ctx, tx, rows, occurrenceIds.map(circleOccurrenceTopic), () => true);
}

// ── A person's settings changed ──────────────────────────────────────────────────────────────────

/**
 * Recomputes every future reminder of one person (after they changed their reminder settings),
 * in the caller's transaction: their confirmed places, their helping sessions on either side and
 * their places in circle tasks.
 */
export async function rescheduleRemindersForUser(ctx: Ctx, tx: Tx, userId: number): Promise<void> {
  const now = ctx.now();
  const places = await tx
    .select({ id: signup.id })
    .from(signup)
    .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
    .where(
      and(
        eq(signup.userId, userId),
        eq(signup.status, "confirmed"),
        eq(activitySession.status, "scheduled"),
        gt(activitySession.endsAt, now),
      ),
    );
  await syncSignupReminders(
    ctx,
    tx,
    places.map((p) => p.id),
  );
  const helping = await tx
    .select({ id: helpSession.id })
    .from(helpSession)
    .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
    .where(
      and(
        or(eq(helpRequest.requesterId, userId), eq(helpRequest.matchedVolunteerId, userId)),
        eq(helpRequest.status, "matched"),
        eq(helpSession.status, "scheduled"),
        gt(helpSession.startsAt, now),
      ),
    );
  await syncHelpSessionReminders(
    ctx,
    tx,
    helping.map((h) => h.id),
    userId,
  );
  await syncCirclePlaces(
    ctx,
    tx,
    and(
      eq(circleTaskClaim.userId, userId),
      isNull(circleTaskClaim.releasedAt),
      eq(circleTaskOccurrence.status, "scheduled"),
      gt(circleTaskOccurrence.startsAt, now),
    ),
  );
}
