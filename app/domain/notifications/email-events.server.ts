import { z } from "zod";
import { emailSuppression, webhookEvent } from "#db/schema";
import type { Ctx } from "../context.server";
import { normaliseAddress } from "./suppression.server";

/** The parts of a Resend webhook event we use; anything else in it is ignored and not stored. */
const resendEventSchema = z.object({
  type: z.string().max(100),
  created_at: z.string().max(100).optional(),
  data: z
    .object({
      email_id: z.string().max(200).optional(),
      to: z.union([z.array(z.string().max(320)).max(100), z.string().max(320)]).optional(),
      bounce: z.object({ type: z.string().max(100).optional(), subType: z.string().max(100).optional() }).optional(),
    })
    .optional(),
});

/** "Ann <ann@example.org>" or "ann@example.org" → "ann@example.org"; null when there is no address. */
function addressOf(recipient: string): string | null {
  const inner = /<([^<>\s]+@[^<>\s]+)>/.exec(recipient)?.[1] ?? recipient;
  const address = normaliseAddress(inner);
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

/** "ann@example.org" → "a***@example.org": enough to recognise a case, not to harvest addresses. */
function mask(address: string): string {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

/**
 * A hard bounce or a complaint: non-essential mail stops. Resend's `email.bounced` means the
 * receiving server rejected the mail for good; should it ever carry a transient bounce type, that
 * one is only recorded.
 */
function suppressionReason(event: z.infer<typeof resendEventSchema>): "bounce" | "complaint" | null {
  if (event.type === "email.complained") return "complaint";
  if (event.type !== "email.bounced") return null;
  const bounceType = event.data?.bounce?.type?.toLowerCase();
  return bounceType === "transient" || bounceType === "temporary" || bounceType === "undetermined" ? null : "bounce";
}

/**
 * Records one verified provider event, once per event id (Svix message id): a replay changes
 * nothing. On a hard bounce or a complaint, the recipient addresses are suppressed in the same
 * transaction. The stored payload is minimal: type, email id, bounce type and masked recipients.
 */
export async function recordEmailEvent({ ctx, input }: { ctx: Ctx; input: { id: string; payload: unknown } }) {
  const parsed = resendEventSchema.safeParse(input.payload);
  const event = parsed.success ? parsed.data : { type: "unrecognised" };
  const recipients = [...new Set([event.data?.to ?? []].flat().map(addressOf))].filter((a): a is string => a !== null);
  const reason = suppressionReason(event);
  const now = ctx.now();
  return ctx.database.write(async (tx) => {
    const inserted = await tx
      .insert(webhookEvent)
      .values({
        id: input.id,
        type: event.type,
        providerId: event.data?.email_id ?? null,
        payload: {
          type: event.type,
          ...(event.created_at ? { createdAt: event.created_at } : {}),
          ...(event.data?.bounce?.type ? { bounceType: event.data.bounce.type } : {}),
          recipients: recipients.map(mask),
        },
        receivedAt: now,
      })
      .onConflictDoNothing({ target: webhookEvent.id })
      .returning({ id: webhookEvent.id });
    if (inserted.length === 0) return { stored: false, suppressed: 0 };
    if (!reason || recipients.length === 0) return { stored: true, suppressed: 0 };
    const added = await tx
      .insert(emailSuppression)
      .values(recipients.map((address) => ({ address, reason, eventId: input.id, createdAt: now })))
      .onConflictDoNothing({ target: emailSuppression.address })
      .returning({ address: emailSuppression.address });
    return { stored: true, suppressed: added.length };
  });
}
