import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "#db/client";
import { emailOutbox } from "#db/schema";
import { renderEmail } from "#emails/render";
import type { GuardResult } from "~/domain/notifications";
import type { Keyring } from "~/domain/keyring.server";
import { MAX_BATCH_EMAILS, type EmailTransport, type OutgoingEmail, type SendResult } from "./email-transport.server";
import { isLocale } from "../locales/i18n";
import { errorForLog, maskEmail, type Logger } from "./logger.server";
import type { SendRate } from "./send-rate.server";

export interface OutboxWorkerOptions {
  database: Database;
  transport: EmailTransport;
  keys: Keyring;
  logger: Logger;
  from: string;
  now?: () => number;
  random?: () => number;
  /** Rows claimed per round (capped at 100 when sending in batches). */
  batchSize?: number;
  /** How long a claim lasts before another worker may take the row over. */
  leaseMs?: number;
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, with jitter, up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long an idle worker waits before looking again (one read when nothing is due). */
  pollIntervalMs?: number;
  /**
   * Decides just before sending whether a row still goes out (stale reminder, switched-off kind,
   * suppressed address) and which headers and unsubscribe link it gets. Default: send as is.
   */
  guard?: (row: OutboxRow) => Promise<GuardResult>;
  /** Paces provider calls (EMAIL_RATE_PER_SECOND). Without it, calls are not paced. */
  sendRate?: SendRate;
  /**
   * When more than one row is due, claim them as one batch (with a batch key) and send them in
   * one provider call, if the transport can. Off: one call per email.
   */
  sendInBatches?: boolean;
  /**
   * Rounds running at once. With 2 or more, one round claims and renders the next batch while
   * another waits for its slot or for the provider's answer, so the provider is kept at its limit.
   * Each round still leases its rows, sends under its key and records per row. Default 1.
   */
  concurrency?: number;
}

type OutboxRow = typeof emailOutbox.$inferSelect;

/** What became of one row in a round, written in one transaction with the others. */
interface Outcome {
  row: OutboxRow;
  result: SendResult;
  /** A row retried on its own leaves its batch: its payload no longer matches the batch key. */
  leavesBatch: boolean;
}

export function createOutboxWorker(options: OutboxWorkerOptions) {
  const {
    database,
    transport,
    keys,
    logger,
    from,
    now = Date.now,
    random = Math.random,
    leaseMs = 60_000,
    maxAttempts = 6,
    baseBackoffMs = 30_000,
    maxBackoffMs = 60 * 60_000,
    pollIntervalMs = 250,
    guard = async (): Promise<GuardResult> => ({ send: true, headers: {} }),
    sendRate,
    sendInBatches = false,
    concurrency = 1,
  } = options;
  const batchSize = sendInBatches ? Math.min(options.batchSize ?? MAX_BATCH_EMAILS, MAX_BATCH_EMAILS) : (options.batchSize ?? 10);
  const owner = randomUUID();

  /**
   * Claims due rows in one transaction, so two workers (threads, processes or instances on one
   * libSQL server) never hold the same row. A row whose lease ran out (its worker died) is due again.
   * An unfinished batch is claimed first and whole: the same rows go out again under the same
   * batch key, so a provider that already accepted that call does not send them twice.
   */
  async function claim(): Promise<OutboxRow[]> {
    const at = now();
    const leaseExpired = and(eq(emailOutbox.status, "sending"), lte(emailOutbox.leaseUntil, at));
    const due = or(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.runAt, at)), leaseExpired);
    const take = { status: "sending" as const, leaseOwner: owner, leaseUntil: at + leaseMs, attempts: sql`${emailOutbox.attempts} + 1` };
    // An idle poll is one read, not a write transaction: the worker can look often without taking
    // the write lock that the web requests of the same process queue on.
    const [any] = await database.db.select({ id: emailOutbox.id }).from(emailOutbox).where(due).limit(1);
    if (!any) return [];
    return database.write(async (tx) => {
      const [unfinished] = await tx
        .select({ batchKey: emailOutbox.batchKey })
        .from(emailOutbox)
        .where(and(due, isNotNull(emailOutbox.batchKey)))
        .orderBy(emailOutbox.runAt, emailOutbox.id)
        .limit(1);
      if (unfinished?.batchKey) {
        // Rows of one batch are settled together, so its pending rows are all due together.
        return tx
          .update(emailOutbox)
          .set(take)
          .where(and(eq(emailOutbox.batchKey, unfinished.batchKey), or(eq(emailOutbox.status, "pending"), leaseExpired)))
          .returning();
      }
      const candidates = await tx
        .select({ id: emailOutbox.id, attempts: emailOutbox.attempts })
        .from(emailOutbox)
        .where(and(due, isNull(emailOutbox.batchKey)))
        .orderBy(emailOutbox.runAt, emailOutbox.id)
        .limit(batchSize);
      const first = candidates[0];
      if (!first) return [];
      let ids = candidates.map((c) => c.id);
      let batchKey: string | null = null;
      if (sendInBatches && transport.sendBatch) {
        // A row tried before on its own may have reached the provider under its own key (a
        // network error after acceptance): it goes on its own again, never into a new batch.
        const fresh = candidates.filter((c) => c.attempts === 0).map((c) => c.id);
        ids = first.attempts > 0 ? [first.id] : fresh;
        batchKey = first.attempts === 0 && fresh.length > 1 ? `batch/${randomUUID()}` : null;
      }
      return tx
        .update(emailOutbox)
        .set({ ...take, ...(batchKey ? { batchKey } : {}) })
        .where(inArray(emailOutbox.id, ids))
        .returning();
    });
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** Math.max(0, attempt - 1));
    // "Equal jitter": at least half the delay, so retries spread out but never hammer.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  /** Records what became of the rows of one provider call, in one transaction. */
  async function settle(outcomes: Outcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const at = now();
    // One delay for everything retried together: a batch stays together on its retry.
    const retried = outcomes.filter((o) => !o.result.ok && o.result.kind === "retryable" && o.row.attempts < maxAttempts);
    const delay = retried.length > 0 ? backoff(Math.max(...retried.map((o) => o.row.attempts))) : 0;
    const logs: [Parameters<Logger["log"]>[0], string, Record<string, unknown>][] = [];
    await database.write(async (tx) => {
      for (const { row, result, leavesBatch } of outcomes) {
        const mine = and(eq(emailOutbox.id, row.id), eq(emailOutbox.leaseOwner, owner));
        const log = { outboxId: row.id, template: row.template, to: maskEmail(row.toAddress), attempt: row.attempts };
        const batch = leavesBatch ? { batchKey: null } : {};
        if (result.ok) {
          await tx
            .update(emailOutbox)
            .set({
              status: "sent",
              sentAt: at,
              providerId: result.providerId,
              sealedSecrets: null,
              leaseOwner: null,
              leaseUntil: null,
              lastError: null,
            })
            .where(mine);
          logs.push([
            "info",
            "email sent",
            { ...log, transport: transport.name, ...(row.batchKey && !leavesBatch ? { batch: row.batchKey } : {}) },
          ]);
        } else if (result.kind === "rate-limited") {
          // Being told to slow down is not the email's fault: it does not use up an attempt.
          await tx
            .update(emailOutbox)
            .set({
              status: "pending",
              runAt: at + result.retryAfterMs,
              attempts: sql`${emailOutbox.attempts} - 1`,
              leaseOwner: null,
              leaseUntil: null,
              lastError: result.error,
              ...batch,
            })
            .where(mine);
          logs.push(["warn", "email rate limited", { ...log, retryAfterMs: result.retryAfterMs }]);
        } else if (result.kind === "permanent" || row.attempts >= maxAttempts) {
          await tx
            .update(emailOutbox)
            .set({ status: "dead", sealedSecrets: null, leaseOwner: null, leaseUntil: null, lastError: result.error, ...batch })
            .where(mine);
          logs.push(["error", "email dead", { ...log, reason: result.kind, error: result.error }]);
        } else {
          await tx
            .update(emailOutbox)
            .set({ status: "pending", runAt: at + delay, leaseOwner: null, leaseUntil: null, lastError: result.error, ...batch })
            .where(mine);
          logs.push(["warn", "email retry scheduled", { ...log, delayMs: delay, error: result.error }]);
        }
      }
    });
    for (const [level, msg, fields] of logs) logger.log(level, msg, fields);
  }

  async function cancel(row: OutboxRow, reason: string): Promise<void> {
    await database.write((tx) =>
      tx
        .update(emailOutbox)
        .set({ status: "cancelled", sealedSecrets: null, leaseOwner: null, leaseUntil: null, lastError: reason })
        .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.leaseOwner, owner))),
    );
    logger.log("info", "email cancelled", { outboxId: row.id, template: row.template, to: maskEmail(row.toAddress), reason });
  }

  const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

  /** Asks the guard, then renders: the email to send, or what to record instead. */
  async function prepare(row: OutboxRow): Promise<{ email: OutgoingEmail } | { cancelled: string } | { failed: SendResult }> {
    let verdict: GuardResult;
    try {
      verdict = await guard(row);
    } catch (error) {
      // The guard reads the database; a failure there says nothing about the email.
      return { failed: { ok: false, kind: "retryable", error: `guard failed: ${describe(error)}` } };
    }
    if (!verdict.send) return { cancelled: verdict.reason };
    try {
      const input = {
        template: row.template,
        locale: isLocale(row.locale) ? row.locale : "nl",
        timeZone: row.timeZone,
        props: row.props,
        secrets: row.sealedSecrets ? keys.open(row.sealedSecrets) : {},
        ...(verdict.unsubscribeUrl ? { unsubscribeUrl: verdict.unsubscribeUrl } : {}),
      };
      const rendered = await renderEmail(input);
      const headers = Object.keys(verdict.headers).length > 0 ? { headers: verdict.headers } : {};
      return { email: { from, to: row.toAddress, idempotencyKey: row.idempotencyKey, ...rendered, ...headers } };
    } catch (error) {
      // A template that cannot render will not render next time either.
      return { failed: { ok: false, kind: "permanent", error: describe(error) } };
    }
  }

  /** Tells the pacer how the provider took a call. */
  function paced(results: SendResult[]) {
    const limited = results.find((r): r is Extract<SendResult, { kind: "rate-limited" }> => !r.ok && r.kind === "rate-limited");
    if (!limited) return sendRate?.succeeded();
    // The pacer shares the pause with every worker on the database; if that write fails, this
    // worker still pauses, and the rows are recorded as rate-limited either way.
    return sendRate?.slowDown(limited.retryAfterMs).catch((error: unknown) => {
      logger.log("warn", "send rate pause not shared", { error: errorForLog(error) });
    });
  }

  async function call<T>(send: () => Promise<T>): Promise<T> {
    await sendRate?.take();
    return send();
  }

  /** One round: claim what is due, send it, record the outcome. Returns how many rows it handled. */
  async function runOnce(): Promise<number> {
    const rows = await claim();
    const ready: { row: OutboxRow; email: OutgoingEmail }[] = [];
    const early: Outcome[] = [];
    for (const row of rows) {
      const prepared = await prepare(row);
      if ("email" in prepared) ready.push({ row, email: prepared.email });
      else if ("cancelled" in prepared) await cancel(row, prepared.cancelled);
      else early.push({ row, result: prepared.failed, leavesBatch: true });
    }
    await settle(early);

    const batchKey = rows[0]?.batchKey;
    if (batchKey && transport.sendBatch && ready.length > 0) {
      const sendBatch = transport.sendBatch.bind(transport);
      let results: SendResult[];
      try {
        results = await call(() =>
          sendBatch(
            ready.map((r) => r.email),
            { idempotencyKey: batchKey },
          ),
        );
      } catch (error) {
        const result: SendResult = { ok: false, kind: "retryable", error: describe(error) };
        results = ready.map(() => result);
      }
      await paced(results);
      // A failure of the whole call keeps the rows together under their key; a row that failed
      // alone while the others went out is retried on its own, under its own key.
      const wholeCallFailed = results.every((r) => !r.ok && (r.kind === "rate-limited" || r.kind === "retryable"));
      await settle(
        ready.map(({ row }, i) => ({
          row,
          result: results[i] ?? { ok: false, kind: "retryable", error: "no result" },
          leavesBatch: !wholeCallFailed,
        })),
      );
    } else {
      for (const { row, email } of ready) {
        let result: SendResult;
        try {
          result = await call(() => transport.send(email));
        } catch (error) {
          result = { ok: false, kind: "retryable", error: describe(error) };
        }
        await paced([result]);
        await settle([{ row, result, leavesBatch: true }]);
      }
    }
    return rows.length;
  }

  let running = false;
  let stopped: Promise<void> = Promise.resolve();
  const wakers = new Set<() => void>();

  /** Runs rounds until stopped; when nothing was due, waits a poll interval (or until `stop`). */
  async function loop() {
    while (running) {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (error) {
        logger.log("error", "outbox round failed", { error: errorForLog(error) });
      }
      if (handled === 0 && running) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, pollIntervalMs);
          wakers.add(wake);
        });
      }
    }
  }

  return {
    owner,
    runOnce,
    start() {
      if (running) return;
      running = true;
      stopped = Promise.all(Array.from({ length: Math.max(1, concurrency) }, loop)).then(() => {});
    },
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      await stopped;
    },
  };
}
