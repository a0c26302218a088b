import { and, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  careAccessLog,
  careRecipient,
  emailChange,
  emailOutbox,
  formDraft,
  helpRequest,
  loginToken,
  mailboxMessage,
  pendingSignup,
  rateLimitHit,
  roleGrant,
  securityEvent,
  session,
  webhookEvent,
} from "#db/schema";
import type { Ctx } from "../context.server";
import { anonymiseHelpRequests, withLogRewrite } from "../accounts/erase.server";
import { SESSION_LIMITS } from "../accounts/sessions.server";
import { Forbidden } from "../errors";
import { periodBefore } from "../scheduling/periods";
import { CLOSED_REQUEST_STATUSES } from "./care-access";
import { eraseInactiveAccounts, warnInactiveAccounts } from "./inactive-accounts.server";
import { RETENTION, type RetentionEntry, type RetentionKey } from "./retention";

/** Rows per write transaction: short transactions, so sign-ins and sign-ups never wait long. */
export const RETENTION_BATCH = 200;

/** What one entry of the table needs to act: the context, the table, the clock and its cutoff. */
export interface RetentionStep {
  ctx: Ctx;
  table: readonly RetentionEntry[];
  entry: RetentionEntry;
  now: number;
  /** `now` minus the entry's period, in the municipality's zone. */
  cutoff: number;
}

type Applier = (step: RetentionStep) => Promise<number>;

/** Runs `batch` until it reports fewer rows than a full batch; returns the total. */
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < RETENTION_BATCH) return total;
  }
}

/** Deletes the rows of `table` that `where` picks, a batch per transaction (optionally as a log rewrite). */
function deleteWhere(ctx: Ctx, table: SQLiteTable, id: SQLiteColumn, where: SQL | undefined, log = false): Promise<number> {
  return inBatches(() =>
    ctx.database.write(async (tx) => {
      const run = async () => {
        const picked = tx.select({ id }).from(table).where(where).limit(RETENTION_BATCH);
        const gone = await tx.delete(table).where(inArray(id, picked)).returning({ id });
        return gone.length;
      };
      return log ? withLogRewrite(tx, "retention", run) : run();
    }),
  );
}

const closedBefore = (cutoff: number) =>
  and(
    inArray(helpRequest.status, [...CLOSED_REQUEST_STATUSES]),
    lte(sql`coalesce(${helpRequest.endedAt}, ${helpRequest.updatedAt})`, cutoff),
    isNull(helpRequest.anonymisedAt),
  );

/**
 * The first step for closed requests: the care text, the address, the contact's phone and email and
 * the notes about the person cared for go. Kind, neighbourhood, dates and who asked stay until the
 * whole request is anonymised. Notes about a person cared for stay while another request for them
 * is not yet this old.
 */
const removeCareDetails: Applier = ({ ctx, now, cutoff }) =>
  inBatches(() =>
    ctx.database.write(async (tx) => {
      const rows = await tx
        .select({ id: helpRequest.id, recipientId: helpRequest.careRecipientId })
        .from(helpRequest)
        .where(
          and(
            closedBefore(cutoff),
            or(
              sql`${helpRequest.privateText} <> ''`,
              sql`${helpRequest.address} <> ''`,
              isNotNull(helpRequest.contactPhone),
              isNotNull(helpRequest.contactEmail),
            ),
          ),
        )
        .limit(RETENTION_BATCH);
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await tx
        .update(helpRequest)
        .set({ privateText: "", address: "", contactPhone: null, contactEmail: null, updatedAt: now })
        .where(inArray(helpRequest.id, ids));
      const recipientIds = rows.map((r) => r.recipientId).filter((id): id is number => id !== null);
      if (recipientIds.length)
        await tx
          .update(careRecipient)
          .set({ notesForHelpers: "" })
          .where(
            and(
              inArray(careRecipient.id, recipientIds),
              sql`NOT EXISTS (SELECT 1 FROM ${helpRequest} r WHERE r.care_recipient_id = ${careRecipient.id}
                AND NOT (r.status IN ('completed', 'withdrawn', 'expired', 'cancelled') AND coalesce(r.ended_at, r.updated_at) <= ${cutoff}))`,
            ),
          );
      return rows.length;
    }),
  );

/** The second step: the whole closed request becomes a bare record (erase.server's anonymiseHelpRequests). */
const anonymiseClosedRequests: Applier = ({ ctx, now, cutoff }) =>
  inBatches(() =>
    ctx.database.write(async (tx) => {
      const rows = await tx.select({ id: helpRequest.id }).from(helpRequest).where(closedBefore(cutoff)).limit(RETENTION_BATCH);
      const ids = rows.map((r) => r.id);
      if (ids.length) await withLogRewrite(tx, "retention", () => anonymiseHelpRequests(tx, ids, now));
      return ids.length;
    }),
  );

/** Outbox rows that were sent: their rendered contents and any secrets go; the row (template, date, status) stays. */
const stripSentMail: Applier = ({ ctx, cutoff }) =>
  inBatches(() =>
    ctx.database.write(async (tx) => {
      const picked = tx
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(
          and(
            eq(emailOutbox.status, "sent"),
            lte(emailOutbox.sentAt, cutoff),
            or(sql`${emailOutbox.props} <> '{}'`, isNotNull(emailOutbox.sealedSecrets)),
          ),
        )
        .limit(RETENTION_BATCH);
      const rows = await tx
        .update(emailOutbox)
        .set({ props: {}, sealedSecrets: null })
        .where(inArray(emailOutbox.id, picked))
        .returning({ id: emailOutbox.id });
      return rows.length;
    }),
  );

/**
 * Sessions past their lifetime (decision 004): the resident limits for everyone, the shorter staff
 * limits for people with a role. A session in use is never touched.
 */
const deleteExpiredSessions: Applier = ({ ctx, cutoff }) => {
  const expired = (limits: { idle: number; absolute: number }) =>
    or(lte(session.lastSeenAt, cutoff - limits.idle), lte(session.createdAt, cutoff - limits.absolute));
  const staff = inArray(session.userId, ctx.database.db.select({ userId: roleGrant.userId }).from(roleGrant));
  return deleteWhere(ctx, session, session.idHash, or(expired(SESSION_LIMITS.resident), and(staff, expired(SESSION_LIMITS.elevated))));
};

/** Sign-in links and codes, first sign-ins, email-change links and form drafts, a period after they expired. */
const deleteExpiredTokens: Applier = async ({ ctx, cutoff }) =>
  (await deleteWhere(ctx, loginToken, loginToken.id, lte(loginToken.expiresAt, cutoff))) +
  (await deleteWhere(ctx, pendingSignup, pendingSignup.idHash, lte(pendingSignup.expiresAt, cutoff))) +
  (await deleteWhere(ctx, emailChange, emailChange.id, lte(emailChange.expiresAt, cutoff))) +
  (await deleteWhere(ctx, formDraft, formDraft.idHash, lte(formDraft.expiresAt, cutoff)));

/** What the job does for each key. `keep` and `endAccess` entries are not the job's (see the table). */
const APPLIERS: Record<RetentionKey, Applier | null> = {
  careDetails: removeCareDetails,
  closedRequests: anonymiseClosedRequests,
  coordinatorAccess: null, // enforced when a coordinator opens a request (help/visibility.ts)
  requestHistory: null, // kept with its request; its notes go when the request is anonymised
  careAccessLog: ({ ctx, cutoff }) => deleteWhere(ctx, careAccessLog, careAccessLog.id, lte(careAccessLog.at, cutoff), true),
  securityLog: ({ ctx, cutoff }) => deleteWhere(ctx, securityEvent, securityEvent.id, lte(securityEvent.at, cutoff), true),
  outboxContents: stripSentMail,
  outboxUnsent: ({ ctx, cutoff }) =>
    deleteWhere(
      ctx,
      emailOutbox,
      emailOutbox.id,
      and(inArray(emailOutbox.status, ["dead", "cancelled"]), lte(emailOutbox.createdAt, cutoff)),
    ),
  localMailbox: ({ ctx, cutoff }) => deleteWhere(ctx, mailboxMessage, mailboxMessage.id, lte(mailboxMessage.receivedAt, cutoff)),
  webhookEvents: ({ ctx, cutoff }) => deleteWhere(ctx, webhookEvent, webhookEvent.id, lte(webhookEvent.receivedAt, cutoff)),
  sessions: deleteExpiredSessions,
  signInTokens: deleteExpiredTokens,
  rateLimits: ({ ctx, cutoff }) => deleteWhere(ctx, rateLimitHit, rateLimitHit.key, lte(rateLimitHit.resetAt, cutoff)),
  inactiveWarning: warnInactiveAccounts,
  inactiveErasure: eraseInactiveAccounts,
};

export type RetentionCounts = Partial<Record<RetentionKey, number>>;

/**
 * Applies every entry of the retention table (./retention.ts, decision 034) with the periods written
 * there, each in short write transactions, and returns how many rows each entry deleted or changed
 * (accounts warned or erased). Entries the job does not act on (`keep`, `endAccess`) are left out.
 * Runs daily from the maintenance tick; `input.table` lets a test run it with other periods.
 */
export async function runRetention({ ctx, input = {} }: { ctx: Ctx; input?: { table?: readonly RetentionEntry[] } }) {
  if (ctx.actor && !ctx.actor.isAdmin) throw new Forbidden();
  const table = input.table ?? RETENTION;
  const now = ctx.now();
  const counts: RetentionCounts = {};
  for (const entry of table) {
    const apply = APPLIERS[entry.key];
    if (!apply || !entry.period) continue;
    counts[entry.key] = await apply({ ctx, table, entry, now, cutoff: periodBefore(now, entry.period, ctx.defaultTimeZone) });
  }
  return counts;
}
