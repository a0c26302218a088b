import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "#db/client";
import type { HelpRequestKind } from "~/domain/vocabulary";
import { activity, activitySession, helpRequest, helpSession, shift, signup, user } from "#db/schema";
import type { VerbArgs } from "../context.server";
import { Validation } from "../errors";
import { verifyReminderLink, type ReminderLinkPayload } from "./reminder-links.server";
import { selectSignupPlaces } from "../activities/signup-places.server";
import { cancelSignupByPerson } from "../activities/signups.server";

// What a one-click link from a reminder shows (GET) and does (POST). The signed link is the
// credential, so no one needs to be signed in; it only ever acts on the one sign-up or helping
// session it names, for the person it was sent to.

export type ClosedReason = "session-cancelled" | "not-confirmed" | "cutoff" | "match-ended";

export interface LinkItem {
  about: "activity" | "help";
  title: string | null;
  helpKind: HelpRequestKind | null;
  role: string | null;
  startsAt: number;
  endsAt: number;
  address: string | null;
  /** The recipient's zone: the page shows the time as the email did. */
  timeZone: string;
  /** Where to go next: the activity, or the match's sessions page. */
  path: string;
}

export type ReminderLinkView =
  | { state: "invalid"; reason: "tampered" | "expired" }
  | { state: "ready"; action: "confirm" | "cancel"; item: LinkItem }
  | { state: "done"; action: "confirm" | "cancel"; item: LinkItem }
  | { state: "already"; action: "confirm" | "cancel"; item: LinkItem }
  | { state: "closed"; action: "confirm" | "cancel"; reason: ClosedReason; item: LinkItem };

const HOUR = 3_600_000;

async function inspectSignup(db: Queryable, payload: Extract<ReminderLinkPayload, { kind: "signup" }>, now: number) {
  const [row] = await selectSignupPlaces(db, {
    signup,
    sessionStatus: activitySession.status,
    sessionStartsAt: activitySession.startsAt,
    sessionEndsAt: activitySession.endsAt,
    activityId: activity.id,
    title: activity.title,
    address: activity.address,
    cutoffHours: activity.cancelCutoffHours,
    role: shift.role,
    shiftStartsAt: shift.startsAt,
    shiftEndsAt: shift.endsAt,
    timeZone: user.timeZone,
  })
    .innerJoin(user, eq(user.id, signup.userId))
    .where(and(eq(signup.id, payload.id), eq(signup.userId, payload.userId)));
  if (!row) return null;
  const startsAt = row.shiftStartsAt ?? row.sessionStartsAt;
  const item: LinkItem = {
    about: "activity",
    title: row.title,
    helpKind: null,
    role: row.role,
    startsAt,
    endsAt: row.shiftEndsAt ?? row.sessionEndsAt,
    address: row.address,
    timeZone: row.timeZone,
    path: `/activities/${row.activityId}`,
  };
  const base = { action: payload.action, item };
  let view: ReminderLinkView;
  if (payload.action === "cancel" && row.signup.status === "cancelled") view = { state: "already", ...base };
  else if (row.sessionStatus !== "scheduled") view = { state: "closed", reason: "session-cancelled", ...base };
  else if (startsAt <= now) view = { state: "invalid", reason: "expired" };
  else if (payload.action === "confirm" && row.signup.status !== "confirmed") view = { state: "closed", reason: "not-confirmed", ...base };
  else if (payload.action === "confirm" && row.signup.confirmedAt !== null) view = { state: "already", ...base };
  else if (payload.action === "cancel" && row.signup.status === "confirmed" && now > startsAt - row.cutoffHours * HOUR) {
    view = { state: "closed", reason: "cutoff", ...base };
  } else view = { state: "ready", ...base };
  return { view, signup: row.signup };
}

async function inspectHelpSession(db: Queryable, payload: Extract<ReminderLinkPayload, { kind: "help-session" }>, now: number) {
  const [row] = await db
    .select({
      session: helpSession,
      requestStatus: helpRequest.status,
      volunteerId: helpRequest.matchedVolunteerId,
      kind: helpRequest.kind,
      timeZone: user.timeZone,
    })
    .from(helpSession)
    .innerJoin(helpRequest, eq(helpRequest.id, helpSession.requestId))
    .innerJoin(user, eq(user.id, payload.userId))
    .where(eq(helpSession.id, payload.id));
  if (!row) return null;
  const item: LinkItem = {
    about: "help",
    title: null,
    helpKind: row.kind,
    role: null,
    startsAt: row.session.startsAt,
    endsAt: row.session.endsAt,
    address: null,
    timeZone: row.timeZone,
    path: `/requests/${row.session.requestId}/sessions`,
  };
  const base = { action: payload.action, item };
  let view: ReminderLinkView;
  if (row.requestStatus !== "matched" || row.volunteerId !== payload.userId) view = { state: "closed", reason: "match-ended", ...base };
  else if (row.session.status !== "scheduled") view = { state: "closed", reason: "session-cancelled", ...base };
  else if (row.session.startsAt <= now) view = { state: "invalid", reason: "expired" };
  else if (row.session.comingConfirmedAt !== null) view = { state: "already", ...base };
  else view = { state: "ready", ...base };
  return { view };
}

async function inspect(db: Queryable, payload: ReminderLinkPayload, now: number): Promise<ReminderLinkView> {
  // A link to something that no longer exists (deleted account) reads as an altered link.
  const found = payload.kind === "signup" ? await inspectSignup(db, payload, now) : await inspectHelpSession(db, payload, now);
  return found?.view ?? { state: "invalid", reason: "tampered" };
}

/** GET: what the link is about and whether its action can still be done. Changes nothing. */
export async function describeReminderLink({ ctx, input }: VerbArgs<{ token: string }>): Promise<ReminderLinkView> {
  const now = ctx.now();
  const check = verifyReminderLink(ctx.keys, input.token, now);
  if (!check.ok) return { state: "invalid", reason: check.reason };
  return inspect(ctx.database.db, check.payload, now);
}

/**
 * POST: does what the link says, once. Confirm records when the person confirmed; cancel is the
 * person's own cancellation (cut-off, waitlist promotion with its mails, reminders cancelled), in
 * one transaction. Doing it again answers "already done".
 */
export async function actOnReminderLink({ ctx, input }: VerbArgs<{ token: string }>): Promise<ReminderLinkView> {
  const now = ctx.now();
  const check = verifyReminderLink(ctx.keys, input.token, now);
  if (!check.ok) return { state: "invalid", reason: check.reason };
  const payload = check.payload;
  return ctx.database.write(async (tx) => {
    if (payload.kind === "help-session") {
      const found = await inspectHelpSession(tx, payload, now);
      if (!found) return { state: "invalid", reason: "tampered" } as const;
      if (found.view.state !== "ready") return found.view;
      await tx
        .update(helpSession)
        .set({ comingConfirmedAt: now })
        .where(and(eq(helpSession.id, payload.id), isNull(helpSession.comingConfirmedAt)));
      return { ...found.view, state: "done" } as const;
    }
    const found = await inspectSignup(tx, payload, now);
    if (!found) return { state: "invalid", reason: "tampered" } as const;
    if (found.view.state !== "ready") return found.view;
    if (payload.action === "confirm") {
      await tx
        .update(signup)
        .set({ confirmedAt: now })
        .where(and(eq(signup.id, payload.id), eq(signup.status, "confirmed"), isNull(signup.confirmedAt)));
      return { ...found.view, state: "done" } as const;
    }
    try {
      await cancelSignupByPerson({ ...ctx, now: () => now }, tx, found.signup);
    } catch (error) {
      if (error instanceof Validation) return { state: "closed", reason: "cutoff", action: "cancel", item: found.view.item } as const;
      throw error;
    }
    return { ...found.view, state: "done" } as const;
  });
}
