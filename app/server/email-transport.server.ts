import { desc, eq } from "drizzle-orm";
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
  /**
   * Sends up to 100 emails in one provider call under one Idempotency-Key (the batch key), and
   * returns one result per email, in order. Without it the worker sends the emails one by one.
   */
  sendBatch?(emails: OutgoingEmail[], options: { idempotencyKey: string }): Promise<SendResult[]>;
}

/** Resend's batch endpoint takes at most this many emails per call. */
export const MAX_BATCH_EMAILS = 100;

type ResendError = { name?: string; message?: string; statusCode?: number | null } | null;

/** Maps a failed Resend call (single or batch) to what the worker should do with its email(s). */
function failure(error: ResendError, headers: Record<string, string> | null): Exclude<SendResult, { ok: true }> {
  const status = error?.statusCode ?? null;
  const message = `${error?.name ?? "error"}: ${error?.message ?? "unknown"}`;
  if (status === 429) {
    const retryAfter = Number(headers?.["retry-after"]);
    return {
      ok: false,
      kind: "rate-limited",
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000,
      error: message,
    };
  }
  if (status === null || status >= 500) return { ok: false, kind: "retryable", error: message };
  // 409 means a request with this key is still being processed: try again later.
  if (status === 409) return { ok: false, kind: "retryable", error: message };
  return { ok: false, kind: "permanent", error: message };
}

export function createResendTransport(apiKey: string, baseUrl?: string): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      // The SDK never throws on network failure: it returns { error } (docs/stack-notes.md, Resend).
      const { data, error, headers } = await resend.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers },
        { idempotencyKey: email.idempotencyKey },
      );
      if (data && !error) return { ok: true, providerId: data.id };
      return failure(error as ResendError, headers);
    },
    async sendBatch(emails, { idempotencyKey }) {
      // Permissive validation: an invalid email comes back in `errors` (by index) and the valid
      // ones are still sent, so one bad address does not hold up the other 99.
      const { data, error, headers } = await resend.batch.send(
        emails.map((email) => ({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          // One Idempotency-Key covers the whole call; each email keeps its own key in a header
          // so it stays traceable at the provider (and mail clients do not thread reminders).
          headers: { ...email.headers, "X-Entity-Ref-ID": email.idempotencyKey },
        })),
        { idempotencyKey, batchValidation: "permissive" },
      );
      if (!data || error) {
        const result = failure(error as ResendError, headers);
        return emails.map(() => result);
      }
      const rejected = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
      const ids = data.data.map((d) => d.id);
      let next = 0;
      return emails.map((_, index): SendResult => {
        const reason = rejected.get(index);
        if (reason !== undefined) return { ok: false, kind: "permanent", error: `validation_error: ${reason}` };
        // Accepted emails get their ids in order, skipping the rejected ones.
        const id = ids[next++];
        return id ? { ok: true, providerId: id } : { ok: false, kind: "retryable", error: "no id for this email in the batch answer" };
      });
    },
  };
}

/** Delivers into the local mailbox table (shown at /dev/mailbox) when no API key is set. */
export function createMailboxTransport(database: Database, now: () => number): EmailTransport {
  const transport: EmailTransport = {
    name: "mailbox",
    async sendBatch(emails) {
      // Each email is stored once under its own key, so a re-sent batch changes nothing.
      const results: SendResult[] = [];
      for (const email of emails) results.push(await transport.send(email));
      return results;
    },
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
  return transport;
}

/** The newest messages in the local mailbox, for /dev/mailbox (the table this transport writes). */
export async function listMailboxMessages(database: Database) {
  return database.db
    .select({
      id: mailboxMessage.id,
      toAddress: mailboxMessage.toAddress,
      subject: mailboxMessage.subject,
      receivedAt: mailboxMessage.receivedAt,
    })
    .from(mailboxMessage)
    .orderBy(desc(mailboxMessage.id))
    .limit(200);
}

/** One message of the local mailbox, or undefined. */
export async function findMailboxMessage(database: Database, id: number) {
  return database.db.query.mailboxMessage.findFirst({ where: eq(mailboxMessage.id, id) });
}
