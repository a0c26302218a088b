import { randomUUID } from "node:crypto";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { Database } from "#db/client";
import { emailOutbox } from "#db/schema";
import { renderEmail } from "#emails/render";
import type { Keyring } from "~/domain/keyring.server";
import type { EmailTransport, SendResult } from "./email-transport.server";
import { isLocale } from "./i18n";
import { maskEmail, type Logger } from "./logger.server";

export interface OutboxWorkerOptions {
  database: Database;
  transport: EmailTransport;
  keys: Keyring;
  logger: Logger;
  from: string;
  now?: () => number;
  random?: () => number;
  /** Rows claimed per round. */
  batchSize?: number;
  /** How long a claim lasts before another worker may take the row over. */
  leaseMs?: number;
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, with jitter, up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  pollIntervalMs?: number;
}

type OutboxRow = typeof emailOutbox.$inferSelect;

export function createOutboxWorker(options: OutboxWorkerOptions) {
  const {
    database,
    transport,
    keys,
    logger,
    from,
    now = Date.now,
    random = Math.random,
    batchSize = 10,
    leaseMs = 60_000,
    maxAttempts = 6,
    baseBackoffMs = 30_000,
    maxBackoffMs = 60 * 60_000,
    pollIntervalMs = 1000,
  } = options;
  const owner = randomUUID();

  /**
   * Claims due rows in one statement, so two workers (threads, processes or instances on one
   * libSQL server) never hold the same row. A row whose lease ran out (its worker died) is due again.
   */
  async function claim(): Promise<OutboxRow[]> {
    const at = now();
    return database.write((tx) => {
      const due = tx
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(
          or(
            and(eq(emailOutbox.status, "pending"), lte(emailOutbox.runAt, at)),
            and(eq(emailOutbox.status, "sending"), lte(emailOutbox.leaseUntil, at)),
          ),
        )
        .orderBy(emailOutbox.runAt, emailOutbox.id)
        .limit(batchSize);
      return tx
        .update(emailOutbox)
        .set({ status: "sending", leaseOwner: owner, leaseUntil: at + leaseMs, attempts: sql`${emailOutbox.attempts} + 1` })
        .where(inArray(emailOutbox.id, due))
        .returning();
    });
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** Math.max(0, attempt - 1));
    // "Equal jitter": at least half the delay, so retries spread out but never hammer.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  async function settle(row: OutboxRow, result: SendResult): Promise<void> {
    const at = now();
    const mine = and(eq(emailOutbox.id, row.id), eq(emailOutbox.leaseOwner, owner));
    const log = { outboxId: row.id, template: row.template, to: maskEmail(row.toAddress), attempt: row.attempts };
    if (result.ok) {
      await database.write((tx) =>
        tx
          .update(emailOutbox)
          .set({ status: "sent", sentAt: at, providerId: result.providerId, sealedSecrets: null, leaseOwner: null, leaseUntil: null, lastError: null })
          .where(mine),
      );
      logger.log("info", "email sent", { ...log, transport: transport.name });
      return;
    }
    if (result.kind === "rate-limited") {
      // Being told to slow down is not the email's fault: it does not use up an attempt.
      await database.write((tx) =>
        tx
          .update(emailOutbox)
          .set({ status: "pending", runAt: at + result.retryAfterMs, attempts: sql`${emailOutbox.attempts} - 1`, leaseOwner: null, leaseUntil: null, lastError: result.error })
          .where(mine),
      );
      logger.log("warn", "email rate limited", { ...log, retryAfterMs: result.retryAfterMs });
      return;
    }
    if (result.kind === "permanent" || row.attempts >= maxAttempts) {
      await database.write((tx) =>
        tx
          .update(emailOutbox)
          .set({ status: "dead", sealedSecrets: null, leaseOwner: null, leaseUntil: null, lastError: result.error })
          .where(mine),
      );
      logger.log("error", "email dead", { ...log, reason: result.kind, error: result.error });
      return;
    }
    const delay = backoff(row.attempts);
    await database.write((tx) =>
      tx
        .update(emailOutbox)
        .set({ status: "pending", runAt: at + delay, leaseOwner: null, leaseUntil: null, lastError: result.error })
        .where(mine),
    );
    logger.log("warn", "email retry scheduled", { ...log, delayMs: delay, error: result.error });
  }

  async function deliver(row: OutboxRow): Promise<SendResult> {
    try {
      const rendered = await renderEmail({
        template: row.template,
        locale: isLocale(row.locale) ? row.locale : "nl",
        timeZone: row.timeZone,
        props: row.props,
        secrets: row.sealedSecrets ? keys.open(row.sealedSecrets) : {},
      });
      return await transport.send({ from, to: row.toAddress, idempotencyKey: row.idempotencyKey, ...rendered });
    } catch (error) {
      // A template that cannot render will not render next time either.
      return { ok: false, kind: "permanent", error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  /** One round: claim what is due, send it, record the outcome. Returns how many rows it handled. */
  async function runOnce(): Promise<number> {
    const rows = await claim();
    for (const row of rows) await settle(row, await deliver(row));
    return rows.length;
  }

  let running = false;
  let stopped: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;

  return {
    owner,
    runOnce,
    start() {
      if (running) return;
      running = true;
      stopped = (async () => {
        while (running) {
          let handled = 0;
          try {
            handled = await runOnce();
          } catch (error) {
            logger.log("error", "outbox round failed", { error: error instanceof Error ? error.message : String(error) });
          }
          if (handled === 0 && running) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollIntervalMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await stopped;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
