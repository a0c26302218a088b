import type { Tx } from "#db/client";
import { emailOutbox } from "#db/schema";
import type { EmailProps, EmailTemplate } from "#emails/registry";
import type { Ctx } from "../context.server";

export interface EnqueueEmail<T extends EmailTemplate> {
  template: T;
  /** `<template>/<entity id>[/<occurrence>]`: also the Resend Idempotency-Key. */
  idempotencyKey: string;
  to: string;
  locale: "nl" | "en";
  timeZone: string;
  props: EmailProps<T>["public"];
  /** One-time secrets (links, codes): stored encrypted and wiped after sending. */
  secrets?: EmailProps<T>["secret"];
  runAt?: number;
  /** The person it is for, when they have an account (preferences, suppression at send time). */
  userId?: number | null;
  /** What a scheduled mail is about, e.g. `activity-session:12` (see email_outbox.topic). */
  topic?: string | null;
}

/** The outbox row for an email; shared by `enqueueEmail` and the reminders' batched upsert. */
export function outboxValues<T extends EmailTemplate>(ctx: Ctx, email: EnqueueEmail<T>): typeof emailOutbox.$inferInsert {
  const now = ctx.now();
  return {
    template: email.template,
    idempotencyKey: email.idempotencyKey,
    toAddress: email.to,
    userId: email.userId ?? null,
    topic: email.topic ?? null,
    locale: email.locale,
    timeZone: email.timeZone,
    props: email.props as Record<string, unknown>,
    sealedSecrets: email.secrets ? ctx.keys.seal(email.secrets) : null,
    runAt: email.runAt ?? now,
    createdAt: now,
  };
}

/**
 * Writes an email to the outbox inside the caller's transaction, so the mail exists if and only if
 * the change that causes it commits. A second enqueue with the same key is ignored.
 */
export async function enqueueEmail<T extends EmailTemplate>(ctx: Ctx, tx: Tx, email: EnqueueEmail<T>) {
  await tx.insert(emailOutbox).values(outboxValues(ctx, email)).onConflictDoNothing({ target: emailOutbox.idempotencyKey });
}
