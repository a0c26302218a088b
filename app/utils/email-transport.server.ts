import { Resend } from "resend";
import type { Database } from "#db/client";
import { mailboxMessage } from "#db/schema";

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  idempotencyKey: string;
}

export type SendResult =
  | { ok: true; providerId: string }
  | { ok: false; kind: "rate-limited"; retryAfterMs: number; error: string }
  | { ok: false; kind: "retryable"; error: string }
  | { ok: false; kind: "permanent"; error: string };

export interface EmailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}

export function createResendTransport(apiKey: string, baseUrl?: string): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      // The SDK never throws on network failure: it returns { error } (STACK.md).
      const { data, error, headers } = await resend.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers },
        { idempotencyKey: email.idempotencyKey },
      );
      if (data && !error) return { ok: true, providerId: data.id };
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      const message = `${error?.name ?? "error"}: ${error?.message ?? "unknown"}`;
      if (status === 429) {
        const retryAfter = Number(headers?.["retry-after"]);
        return { ok: false, kind: "rate-limited", retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000, error: message };
      }
      if (status === null || status >= 500) return { ok: false, kind: "retryable", error: message };
      // 409 means a request with this key is still being processed: try again later.
      if (status === 409) return { ok: false, kind: "retryable", error: message };
      return { ok: false, kind: "permanent", error: message };
    },
  };
}

/** Delivers into the local mailbox table (shown at /dev/mailbox) when no API key is set. */
export function createMailboxTransport(database: Database, now: () => number): EmailTransport {
  return {
    name: "mailbox",
    async send(email) {
      const [row] = await database.write((tx) =>
        tx
          .insert(mailboxMessage)
          .values({
            idempotencyKey: email.idempotencyKey,
            toAddress: email.to,
            fromAddress: email.from,
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: email.headers ?? {},
            receivedAt: now(),
          })
          .onConflictDoUpdate({ target: mailboxMessage.idempotencyKey, set: { idempotencyKey: email.idempotencyKey } })
          .returning({ id: mailboxMessage.id }),
      );
      return { ok: true, providerId: `mailbox-${row!.id}` };
    },
  };
}
