import { eq } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { emailSuppression, notificationSetting, user } from "#db/schema";
import { optionalEmailKinds, type OptionalEmailKind } from "~/domain/vocabulary";
import { emailKindOf, isEmailTemplate } from "#emails/registry";
import { fieldErrorsOf } from "../forms";
import type { Ctx } from "../context.server";
import type { EmailGuard, GuardResult } from "./email-guard.server";
import { Validation } from "../errors";
import type { Keyring } from "../keyring.server";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  notificationSettingsSchema,
  settingsFromForm,
  type NotificationSettings,
  type NotificationSettingsInput,
} from "./schemas";
import { requireActor } from "../permissions";
import { suppressionOf } from "./suppression.server";
import { rescheduleRemindersForUser } from "./reminders.server";

/** A person's mail settings; no row means the defaults. */
export async function settingsOf(db: Queryable, userId: number): Promise<NotificationSettings> {
  const [row] = await db
    .select({
      dayBeforeAt: notificationSetting.dayBeforeAt,
      hoursBefore: notificationSetting.hoursBefore,
      afterSession: notificationSetting.afterSession,
      digest: notificationSetting.digest,
      circleUpdates: notificationSetting.circleUpdates,
      messages: notificationSetting.messages,
    })
    .from(notificationSetting)
    .where(eq(notificationSetting.userId, userId));
  return row ?? { ...DEFAULT_NOTIFICATION_SETTINGS };
}

export function isKindOn(settings: NotificationSettings, kind: OptionalEmailKind): boolean {
  switch (kind) {
    case "reminder":
      return settings.dayBeforeAt !== null || settings.hoursBefore !== null;
    case "after-session":
      return settings.afterSession;
    case "digest":
      return settings.digest;
    case "circle-update":
      return settings.circleUpdates;
    case "message":
      return settings.messages;
  }
}

/** The signed-in person's settings for /me, with whether their address is suppressed. */
export async function getOwnNotificationSettings({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const db = ctx.database.db;
  const [settings, suppressed] = await Promise.all([settingsOf(db, actor.userId), suppressionOf(db, actor.email)]);
  return { settings, suppressed, email: actor.email, timeZone: actor.timeZone };
}

async function saveSettings(ctx: Ctx, userId: number, next: NotificationSettings) {
  await ctx.database.write(async (tx) => {
    const before = await settingsOf(tx, userId);
    const updatedAt = ctx.now();
    await tx
      .insert(notificationSetting)
      .values({ userId, ...next, updatedAt })
      .onConflictDoUpdate({ target: notificationSetting.userId, set: { ...next, updatedAt } });
    // Pending reminders follow the new settings in the same transaction: moved, added or cancelled.
    if (before.dayBeforeAt !== next.dayBeforeAt || before.hoursBefore !== next.hoursBefore) {
      await rescheduleRemindersForUser(ctx, tx, userId);
    }
  });
}

/** Saves the signed-in person's mail settings (the form on /me). */
export async function updateNotificationSettings({ ctx, input }: { ctx: Ctx; input: NotificationSettingsInput }) {
  const actor = requireActor(ctx.actor);
  const parsed = notificationSettingsSchema.safeParse(input);
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const settings = settingsFromForm(parsed.data);
  await saveSettings(ctx, actor.userId, settings);
  return settings;
}

/**
 * "My email works again": the signed-in person lifts the suppression of their own address. They
 * just signed in with a link sent to it, so it receives mail; a complaint they made themselves
 * they may take back.
 */
export async function resumeOwnMail({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write((tx) => tx.delete(emailSuppression).where(eq(emailSuppression.address, actor.email.toLowerCase())));
}

// --- One-click unsubscribe links -------------------------------------------------------------

const TOKEN_PURPOSE = "unsubscribe:v1";

/**
 * A link that switches one kind of optional mail off for one person, without signing in. It does
 * not expire: it sits in mail archives, and all it can do is stop mail. Signed with the session
 * secret (rotation keeps old links working while the old secret is listed).
 */
export function unsubscribeToken(keys: Keyring, userId: number, kind: OptionalEmailKind): string {
  const payload = `${userId}.${kind}`;
  return `${payload}.${keys.sign(`${TOKEN_PURPOSE}:${payload}`)}`;
}

export function readUnsubscribeToken(keys: Keyring, token: string): { userId: number; kind: OptionalEmailKind } | null {
  const match = /^([1-9]\d{0,15})\.([a-z-]{1,32})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!match) return null;
  const [, id, kind, signature] = match;
  if (!(optionalEmailKinds as readonly string[]).includes(kind!)) return null;
  if (!keys.verify(`${TOKEN_PURPOSE}:${id}.${kind}`, signature!)) return null;
  return { userId: Number(id), kind: kind as OptionalEmailKind };
}

export function unsubscribeUrlFor(appUrl: string, token: string): string {
  return `${appUrl}/unsubscribe/${encodeURIComponent(token)}`;
}

export type UnsubscribeLinkState = { valid: false } | { valid: true; kind: OptionalEmailKind; off: boolean };

/** What an unsubscribe link is for, and whether that mail is already off. Changes nothing (a GET). */
export async function readUnsubscribeLink({ ctx, input }: { ctx: Ctx; input: { token: string } }): Promise<UnsubscribeLinkState> {
  const link = readUnsubscribeToken(ctx.keys, input.token);
  if (!link) return { valid: false };
  const db = ctx.database.db;
  const [person] = await db.select({ id: user.id }).from(user).where(eq(user.id, link.userId));
  // A deleted account gets no mail at all: the link has nothing left to switch off.
  if (!person) return { valid: true, kind: link.kind, off: true };
  return { valid: true, kind: link.kind, off: !isKindOn(await settingsOf(db, link.userId), link.kind) };
}

/**
 * Switches the link's kind of mail off (the page's button and RFC 8058 one-click POST). The link
 * is the credential; no session needed. Doing it twice is harmless.
 */
export async function unsubscribeByLink({ ctx, input }: { ctx: Ctx; input: { token: string } }): Promise<UnsubscribeLinkState> {
  const link = readUnsubscribeToken(ctx.keys, input.token);
  if (!link) return { valid: false };
  return ctx.database.write(async (tx) => {
    const [person] = await tx.select({ id: user.id }).from(user).where(eq(user.id, link.userId));
    if (!person) return { valid: true, kind: link.kind, off: true };
    const before = await settingsOf(tx, link.userId);
    if (!isKindOn(before, link.kind)) return { valid: true, kind: link.kind, off: true };
    const next: NotificationSettings = { ...before };
    if (link.kind === "reminder") Object.assign(next, { dayBeforeAt: null, hoursBefore: null });
    else if (link.kind === "after-session") next.afterSession = false;
    else if (link.kind === "circle-update") next.circleUpdates = false;
    else if (link.kind === "message") next.messages = false;
    else next.digest = false;
    const updatedAt = ctx.now();
    await tx
      .insert(notificationSetting)
      .values({ userId: link.userId, ...next, updatedAt })
      .onConflictDoUpdate({ target: notificationSetting.userId, set: { ...next, updatedAt } });
    if (link.kind === "reminder") await rescheduleRemindersForUser(ctx, tx, link.userId);
    return { valid: true, kind: link.kind, off: true };
  });
}

// --- Send-time guard ---------------------------------------------------------------------------

/** Which reminder a reminder row is (emails/reminder.tsx props), to check the matching setting. */
function reminderVariantOf(props: Record<string, unknown>): "day-before" | "hours-before" | null {
  const value = props.reminder;
  return value === "day-before" || value === "hours-before" ? value : null;
}

/**
 * Essential mail always passes. Optional mail is cancelled when its address is suppressed (bounce,
 * complaint), when it has no account to hold preferences, or when the person switched its kind
 * off; otherwise it gets a one-click unsubscribe (RFC 8058 headers and a footer link).
 */
export const preferenceGuard: EmailGuard = async (deps, row): Promise<GuardResult> => {
  if (!isEmailTemplate(row.template)) return { send: true, headers: {} };
  const kind = emailKindOf(row.template);
  if (kind === "essential") return { send: true, headers: {} };
  const db = deps.database.db;
  const suppressed = await suppressionOf(db, row.toAddress);
  if (suppressed) return { send: false, reason: `address suppressed (${suppressed})` };
  if (row.userId === null) return { send: false, reason: `optional mail (${kind}) without an account` };
  const settings = await settingsOf(db, row.userId);
  const variant = kind === "reminder" ? reminderVariantOf(row.props) : null;
  const on =
    variant === "day-before"
      ? settings.dayBeforeAt !== null
      : variant === "hours-before"
        ? settings.hoursBefore !== null
        : isKindOn(settings, kind);
  if (!on) return { send: false, reason: `switched off by the recipient (${variant ?? kind})` };
  const unsubscribeUrl = unsubscribeUrlFor(deps.appUrl, unsubscribeToken(deps.keys, row.userId, kind));
  return {
    send: true,
    unsubscribeUrl,
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
};
