import { and, count, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { careAccessLog, circleMember, conversation, conversationRead, helpRequest, message, roleGrant, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { requireRecentSecondFactor } from "../accounts/factors.server";
import { loadCircleForMember, logCircleCareRead } from "../circles/access.server";
import { NotFound, Validation } from "../errors";
import { fieldErrorsOf } from "../forms";
import { enqueueEmail } from "../notifications/outbox.server";
import { requireActor } from "../permissions";
import { coordinatorMaySeeCare } from "../privacy/shared";
import { formatDateTime } from "../time";
import { closeConversationSchema, conversationPath, messageSchema, type ConversationSubject } from "./shared";

// Conversations (decision 048): one per help request (the requester — the carer when it is about a
// person cared for —, the matched helper, the coordinators of the request's neighbourhood within
// their care-access window) and one per circle (its current members). Anyone else gets NotFound,
// the same answer as for a request or circle that does not exist. Nobody's email address or phone
// number is ever shown: names only, and a neutral label for an erased author.

/** How many messages one page shows (the newest first loaded; older ones behind a link). */
export const MESSAGES_PAGE_SIZE = 50;

export type ParticipantRole = "requester" | "helper" | "former-helper" | "coordinator" | "member";

interface Access {
  subject: ConversationSubject;
  role: ParticipantRole;
  /** May write while the conversation is open (a former helper only reads). */
  mayWrite: boolean;
  /** Coordinators of the request may close and reopen it; a circle's conversation is never closed. */
  mayClose: boolean;
  /** The circle's name (circle pages only; never in an email). */
  circleName: string | null;
  /** Who else takes part, for "new message" mail. */
  others: (tx: Queryable) => Promise<number[]>;
}

function validId(id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound();
}

/** The actor's place in the conversation about this subject; NotFound when they have none. */
async function accessFor(ctx: Ctx, subject: ConversationSubject, db: Queryable): Promise<Access> {
  const actor = requireActor(ctx.actor);
  validId(subject.id);
  if (subject.kind === "circle") {
    const circle = await loadCircleForMember(ctx, subject.id, db as Tx);
    return {
      subject,
      role: "member",
      mayWrite: true,
      mayClose: false,
      circleName: circle.circle.name,
      others: async (tx) =>
        (
          await tx
            .select({ userId: circleMember.userId })
            .from(circleMember)
            .where(and(eq(circleMember.circleId, subject.id), isNull(circleMember.leftAt), ne(circleMember.userId, actor.userId)))
        ).map((r) => r.userId),
    };
  }
  const [row] = await db
    .select({
      requesterId: helpRequest.requesterId,
      neighbourhoodId: helpRequest.neighbourhoodId,
      matchedVolunteerId: helpRequest.matchedVolunteerId,
      status: helpRequest.status,
      endedAt: helpRequest.endedAt,
      updatedAt: helpRequest.updatedAt,
      timeZone: helpRequest.timeZone,
    })
    .from(helpRequest)
    .where(eq(helpRequest.id, subject.id));
  if (!row) throw new NotFound();
  // Coordinators take part under the rule that shows them the request's care details: only of
  // their own neighbourhood (an admin grant is not enough) and within the care-access window.
  const coordinatorsTakePart = coordinatorMaySeeCare(row, ctx.now());
  let role: ParticipantRole;
  if (row.requesterId === actor.userId) role = "requester";
  else if (actor.coordinatorOf.includes(row.neighbourhoodId) && coordinatorsTakePart) role = "coordinator";
  else if (row.matchedVolunteerId === actor.userId) role = row.status === "matched" ? "helper" : "former-helper";
  else throw new NotFound();
  // As on the request page: a coordinator sees care details only with a recent second factor.
  if (role === "coordinator") requireRecentSecondFactor(ctx);
  return {
    subject,
    role,
    mayWrite: role !== "former-helper",
    mayClose: role === "coordinator",
    circleName: null,
    others: async (tx) => {
      const coordinators = coordinatorsTakePart
        ? await tx
            .select({ userId: roleGrant.userId })
            .from(roleGrant)
            .where(and(eq(roleGrant.role, "coordinator"), eq(roleGrant.neighbourhoodId, row.neighbourhoodId)))
        : [];
      const ids = [row.requesterId, row.status === "matched" ? row.matchedVolunteerId : null, ...coordinators.map((c) => c.userId)];
      return [...new Set(ids.filter((id): id is number => id !== null && id !== actor.userId))];
    },
  };
}

function subjectWhere(subject: ConversationSubject) {
  return subject.kind === "request" ? eq(conversation.helpRequestId, subject.id) : eq(conversation.circleId, subject.id);
}

const conversationColumns = { id: conversation.id, closedAt: conversation.closedAt, closedById: conversation.closedById };

/**
 * The conversation about the subject, created on first use. One INSERT … ON CONFLICT DO NOTHING on
 * the subject's unique index: two first messages at once never make two conversations.
 */
async function ensureConversation(ctx: Ctx, tx: Tx, subject: ConversationSubject) {
  await tx
    .insert(conversation)
    .values(
      subject.kind === "request" ? { helpRequestId: subject.id, createdAt: ctx.now() } : { circleId: subject.id, createdAt: ctx.now() },
    )
    .onConflictDoNothing();
  const [row] = await tx.select(conversationColumns).from(conversation).where(subjectWhere(subject));
  return row!;
}

/** Moves the person's read mark forward to `messageId` (never back: an older page keeps it). */
async function markRead(ctx: Ctx, tx: Tx, conversationId: number, userId: number, messageId: number) {
  await tx
    .insert(conversationRead)
    .values({ conversationId, userId, lastReadMessageId: messageId, readAt: ctx.now() })
    .onConflictDoUpdate({
      target: [conversationRead.conversationId, conversationRead.userId],
      set: { lastReadMessageId: sql`max(${conversationRead.lastReadMessageId}, excluded.last_read_message_id)`, readAt: ctx.now() },
    });
}

/** Messages by someone else than the person (an erased author counts as someone else). */
const byOthers = (userId: number) => or(isNull(message.authorId), ne(message.authorId, userId));

/**
 * A conversation for one of its participants: a page of messages (the newest, or those before
 * `before`), oldest first, with per message whether the others have read it. Marks it read up to
 * the newest message shown and logs the read of messages written by others (help request: the
 * care access log; circle: the circle access log).
 */
export async function viewConversation({ ctx, input }: { ctx: Ctx; input: { subject: ConversationSubject; before?: number | null } }) {
  const actor = requireActor(ctx.actor);
  const { subject } = input;
  const access = await accessFor(ctx, subject, ctx.database.db);
  const before = input.before && Number.isSafeInteger(input.before) && input.before > 0 ? input.before : null;
  const loaded = await ctx.database.write(async (tx) => {
    const conv = await ensureConversation(ctx, tx, subject);
    const [own] = await tx
      .select({ last: conversationRead.lastReadMessageId })
      .from(conversationRead)
      .where(and(eq(conversationRead.conversationId, conv.id), eq(conversationRead.userId, actor.userId)));
    const lastRead = own?.last ?? 0;
    const rows = await tx
      .select({
        id: message.id,
        authorId: message.authorId,
        authorName: user.name,
        body: message.body,
        createdAt: message.createdAt,
      })
      .from(message)
      .leftJoin(user, eq(user.id, message.authorId))
      .where(and(eq(message.conversationId, conv.id), before ? lt(message.id, before) : undefined))
      .orderBy(desc(message.id))
      .limit(MESSAGES_PAGE_SIZE + 1);
    const shown = rows.slice(0, MESSAGES_PAGE_SIZE).reverse();
    const [unread] = await tx
      .select({ n: count() })
      .from(message)
      .where(and(eq(message.conversationId, conv.id), gt(message.id, lastRead), byOthers(actor.userId)));
    const reads = await tx
      .select({ userId: conversationRead.userId, last: conversationRead.lastReadMessageId, name: user.name })
      .from(conversationRead)
      .innerJoin(user, eq(user.id, conversationRead.userId))
      .where(and(eq(conversationRead.conversationId, conv.id), ne(conversationRead.userId, actor.userId)));
    const newest = shown.at(-1)?.id;
    if (newest !== undefined) await markRead(ctx, tx, conv.id, actor.userId, newest);
    const othersShown = shown.some((m) => m.authorId !== actor.userId);
    // The care access log tells a requester who saw their care details: their own reads are not in it
    // (as on the request page); everyone else's are.
    if (othersShown && subject.kind === "request" && access.role !== "requester") {
      await tx
        .insert(careAccessLog)
        .values({ requestId: subject.id, viewerId: actor.userId, fields: ["messages"], purpose: "conversation", at: ctx.now() });
    }
    return { conv, lastRead, rows, shown, unread: unread?.n ?? 0, reads, othersShown };
  });
  if (loaded.othersShown && subject.kind === "circle") await logCircleCareRead(ctx, subject.id, ["messages"]);
  const zone = actor.timeZone;
  const locale = actor.locale;
  const { conv, shown, reads } = loaded;
  return {
    conversationId: conv.id,
    subject,
    role: access.role,
    circleName: access.circleName,
    closed: conv.closedAt !== null,
    mayWrite: access.mayWrite && conv.closedAt === null,
    mayClose: access.mayClose,
    unread: loaded.unread,
    /** The id to ask `before` for the previous page, or null when these are the oldest. */
    olderBefore: loaded.rows.length > MESSAGES_PAGE_SIZE ? (shown[0]?.id ?? null) : null,
    isNewest: before === null,
    messages: shown.map((m) => {
      const mine = m.authorId === actor.userId;
      return {
        id: m.id,
        mine,
        /** Null for an erased author: the page shows a neutral label. */
        author: m.authorId === null ? null : (m.authorName ?? null),
        body: m.body,
        at: formatDateTime(m.createdAt, zone, locale),
        iso: new Date(m.createdAt).toISOString(),
        isNew: !mine && m.id > loaded.lastRead,
        /** For one's own messages: who of the others has read it (names only). */
        readBy: mine ? reads.filter((r) => r.last >= m.id).map((r) => r.name) : null,
      };
    }),
  };
}

/**
 * Posts a message (1–4000 characters) and mails the other participants "new message" with a link
 * only. One mail per person until they have read the conversation again: the key holds their
 * read mark. The optional "message" kind is checked at send time (notification_setting.messages).
 */
export async function postMessage({ ctx, input }: { ctx: Ctx; input: { subject: ConversationSubject; body: unknown } }) {
  const actor = requireActor(ctx.actor);
  const { subject } = input;
  // Rights first: someone outside the conversation learns nothing from the form's answer.
  await accessFor(ctx, subject, ctx.database.db);
  const parsed = messageSchema.safeParse({ body: input.body });
  if (!parsed.success) throw new Validation(fieldErrorsOf(parsed.error));
  const body = parsed.data.body;
  return ctx.database.write(async (tx) => {
    const access = await accessFor(ctx, subject, tx);
    if (!access.mayWrite) throw new Validation({ form: ["conversations.errors.closed"] });
    const conv = await ensureConversation(ctx, tx, subject);
    // One conditional statement: the message goes in only while the conversation is open.
    const [inserted] = await tx.all<{ id: number }>(sql`
      INSERT INTO message (conversation_id, author_id, body, created_at)
      SELECT ${conv.id}, ${actor.userId}, ${body}, ${ctx.now()} FROM conversation
      WHERE id = ${conv.id} AND closed_at IS NULL
      RETURNING id`);
    if (!inserted) throw new Validation({ form: ["conversations.errors.closed"] });
    // The author has seen their own message.
    await markRead(ctx, tx, conv.id, actor.userId, inserted.id);
    const others = await access.others(tx);
    if (others.length) {
      const people = await tx
        .select({
          id: user.id,
          name: user.name,
          email: user.email,
          locale: user.locale,
          timeZone: user.timeZone,
          lastRead: conversationRead.lastReadMessageId,
        })
        .from(user)
        .leftJoin(conversationRead, and(eq(conversationRead.conversationId, conv.id), eq(conversationRead.userId, user.id)))
        .where(inArray(user.id, others));
      const url = `${ctx.appUrl}${conversationPath(subject)}`;
      for (const person of people) {
        await enqueueEmail(ctx, tx, {
          template: "new-message",
          idempotencyKey: `new-message/${conv.id}/${person.id}/${person.lastRead ?? 0}`,
          to: person.email,
          userId: person.id,
          locale: person.locale,
          timeZone: person.timeZone,
          props: { name: person.name, about: subject.kind, url },
        });
      }
    }
    return { id: inserted.id };
  });
}

/** A coordinator of the request closes its conversation (read-only for all) or opens it again. */
export async function setConversationClosed({ ctx, input }: { ctx: Ctx; input: { helpRequestId: number; close: unknown } }) {
  const actor = requireActor(ctx.actor);
  const subject: ConversationSubject = { kind: "request", id: input.helpRequestId };
  const access = await accessFor(ctx, subject, ctx.database.db);
  if (!access.mayClose) throw new NotFound();
  const parsed = closeConversationSchema.safeParse({ close: input.close });
  if (!parsed.success) throw new Validation({ form: ["errors.validation"] });
  const close = parsed.data.close === "close";
  await ctx.database.write(async (tx) => {
    const conv = await ensureConversation(ctx, tx, subject);
    await tx
      .update(conversation)
      .set(close ? { closedAt: ctx.now(), closedById: actor.userId } : { closedAt: null, closedById: null })
      .where(eq(conversation.id, conv.id));
  });
  return { closed: close };
}

/**
 * How many messages by others the actor has not read in the conversation about a help request;
 * null when they take no part in it (the request pages show a "Messages" link only then).
 */
export async function unreadMessagesForRequest({ ctx, input }: { ctx: Ctx; input: { helpRequestId: number } }) {
  const actor = ctx.actor;
  if (!actor) return null;
  const subject: ConversationSubject = { kind: "request", id: input.helpRequestId };
  try {
    await accessFor(ctx, subject, ctx.database.db);
  } catch {
    return null;
  }
  const db = ctx.database.db;
  const [row] = await db
    .select({ n: count(message.id) })
    .from(conversation)
    .innerJoin(message, eq(message.conversationId, conversation.id))
    .leftJoin(conversationRead, and(eq(conversationRead.conversationId, conversation.id), eq(conversationRead.userId, actor.userId)))
    .where(and(subjectWhere(subject), byOthers(actor.userId), sql`${message.id} > coalesce(${conversationRead.lastReadMessageId}, 0)`));
  return row?.n ?? 0;
}

/**
 * Messages by others the actor has not read yet in the conversations of the circles they are a
 * current member of, per circle (the "My circles" list). One statement; circles without unread
 * messages are left out.
 */
export async function unreadMessagesInMyCircles({ ctx }: { ctx: Ctx }): Promise<Record<number, number>> {
  const actor = requireActor(ctx.actor);
  const rows = await ctx.database.db
    .select({ circleId: conversation.circleId, n: count(message.id) })
    .from(circleMember)
    .innerJoin(conversation, eq(conversation.circleId, circleMember.circleId))
    .innerJoin(message, eq(message.conversationId, conversation.id))
    .leftJoin(conversationRead, and(eq(conversationRead.conversationId, conversation.id), eq(conversationRead.userId, actor.userId)))
    .where(
      and(
        eq(circleMember.userId, actor.userId),
        isNull(circleMember.leftAt),
        byOthers(actor.userId),
        sql`${message.id} > coalesce(${conversationRead.lastReadMessageId}, 0)`,
      ),
    )
    .groupBy(conversation.circleId);
  return Object.fromEntries(rows.map((r) => [r.circleId!, r.n]));
}
