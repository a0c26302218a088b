import { z } from "zod";
import type { Keyring } from "../keyring.server";

// One-click Confirm and Cancel links in reminder emails. The link itself is the credential: it
// names one sign-up (or one helping session and its volunteer), one action and an expiry (the
// session's start), signed with the current SESSION_SECRET (any secret in rotation verifies).

export type ReminderLinkPayload =
  | { kind: "signup"; id: number; userId: number; action: "confirm" | "cancel"; expiresAt: number }
  | { kind: "help-session"; id: number; userId: number; action: "confirm"; expiresAt: number };

const payloadSchema = z.discriminatedUnion("k", [
  z.object({
    k: z.literal("s"),
    i: z.number().int().positive(),
    u: z.number().int().positive(),
    a: z.enum(["confirm", "cancel"]),
    e: z.number().int(),
  }),
  z.object({
    k: z.literal("h"),
    i: z.number().int().positive(),
    u: z.number().int().positive(),
    a: z.literal("confirm"),
    e: z.number().int(),
  }),
]);

export type ReminderLinkCheck = { ok: true; payload: ReminderLinkPayload } | { ok: false; reason: "tampered" | "expired" };

export function reminderLinkToken(keys: Keyring, payload: ReminderLinkPayload): string {
  const compact = { k: payload.kind === "signup" ? "s" : "h", i: payload.id, u: payload.userId, a: payload.action, e: payload.expiresAt };
  const body = Buffer.from(JSON.stringify(compact), "utf8").toString("base64url");
  return `${body}.${keys.sign(`reminder-link:${body}`)}`;
}

export function reminderLinkUrl(appUrl: string, keys: Keyring, payload: ReminderLinkPayload): string {
  return `${appUrl}/reminders/${reminderLinkToken(keys, payload)}`;
}

/** Checks the signature first (anything unsigned or altered is "tampered"), then the expiry. */
export function verifyReminderLink(keys: Keyring, token: string, now: number): ReminderLinkCheck {
  const [body, signature, ...rest] = token.split(".");
  if (!body || !signature || rest.length > 0 || token.length > 1000) return { ok: false, reason: "tampered" };
  if (!keys.verify(`reminder-link:${body}`, signature)) return { ok: false, reason: "tampered" };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "tampered" };
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: "tampered" };
  const p = parsed.data;
  if (now >= p.e) return { ok: false, reason: "expired" };
  const payload: ReminderLinkPayload =
    p.k === "s"
      ? { kind: "signup", id: p.i, userId: p.u, action: p.a, expiresAt: p.e }
      : { kind: "help-session", id: p.i, userId: p.u, action: p.a, expiresAt: p.e };
  return { ok: true, payload };
}
