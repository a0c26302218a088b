import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  careAccessLog,
  circleAccessLog,
  circleInvitation,
  circleMember,
  conversation,
  emailOutbox,
  helpRequest,
  message,
  notificationSetting,
} from "#db/schema";
import {
  postMessage,
  setConversationClosed,
  unreadMessagesForRequest,
  viewConversation,
  type ConversationSubject,
  unreadMessagesInMyCircles,
} from "~/domain/conversations";
import { NotFound, Validation } from "~/domain/errors";
import { guardEmail } from "~/domain/notifications/email-guard.server";
import {
  createCareRecipient,
  createCircle,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { renderEmail } from "#emails/render";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// Conversations (issue 16, decision 048) against a real database: who takes part in a circle's
// and a help request's conversation (everyone else: NotFound), read status, closing by a
// coordinator, one conversation under concurrency, mail without the text and only when wanted,
// logging of reads, and an erased author shown neutrally.

const NOW = Date.UTC(2026, 10, 28, 10, 0);
let database: TestDatabase;
const WHO = ["carer", "member", "former", "invitee", "otherCarer", "helper", "coordinator", "otherCoordinator", "admin"] as const;
type Who = (typeof WHO)[number];
const users = {} as Record<Who, number>;
const people = {} as Record<Who, { email: string; phone: string }>;
let circleId = 0;
let requestId = 0;
let n1 = 0;

const as = (who: Who, at = NOW) => ctxAs(database, users[who], { now: () => at });
const circle = (): ConversationSubject => ({ kind: "circle", id: circleId });
const request = (): ConversationSubject => ({ kind: "request", id: requestId });
const post = async (who: Who, subject: ConversationSubject, body: string, at = NOW) =>
  postMessage({ ctx: await as(who, at), input: { subject, body } });
const view = async (who: Who, subject: ConversationSubject, at = NOW) => viewConversation({ ctx: await as(who, at), input: { subject } });
/** The new-message mails an action queued (to whom). */
async function mailedBy(action: () => Promise<unknown>) {
  const all = () => database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, "new-message/%"));
  const before = new Set((await all()).map((r) => r.id));
  await action();
  return (await all()).filter((r) => !before.has(r.id));
}

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    n1 = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    const n2 = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    let i = 0;
    for (const who of WHO) {
      i++;
      const email = `${who.toLowerCase()}@example.org`;
      const phone = `06 1234 56${String(i).padStart(2, "0")}`;
      people[who] = { email, phone };
      users[who] = (await createUser(tx, { neighbourhoodId: n1, name: `Naam ${who}`, email, phone, locale: "nl" })).id;
    }
    await grantCoordinator(tx, users.coordinator, [n1]);
    await grantCoordinator(tx, users.otherCoordinator, [n2]);
    await grantAdmin(tx, users.admin);
    const recipient = await createCareRecipient(tx, { carerId: users.carer, neighbourhoodId: n1, firstName: "Opa Jan" });
    circleId = (
      await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId: n1,
        leadId: users.carer,
        members: [{ userId: users.member }, { userId: users.former }],
      })
    ).id;
    await tx
      .update(circleMember)
      .set({ leftAt: NOW - 1000, leftReason: "left" })
      .where(and(eq(circleMember.circleId, circleId), eq(circleMember.userId, users.former)));
    await tx.insert(circleInvitation).values({
      circleId,
      email: people.invitee.email,
      role: "member",
      tokenHash: "not-a-real-token-hash",
      createdAt: NOW - 1000,
      expiresAt: NOW + 14 * 86_400_000,
    });
    const other = await createCareRecipient(tx, { carerId: users.otherCarer, neighbourhoodId: n1 });
    await createCircle(tx, { careRecipientId: other.id, neighbourhoodId: n1, leadId: users.otherCarer });
    requestId = (
      await createHelpRequest(tx, {
        neighbourhoodId: n1,
        requesterId: users.carer,
        careRecipientId: recipient.id,
        status: "matched",
        matchedVolunteerId: users.helper,
        matchedAt: NOW - 86_400_000,
      })
    ).id;
  });
});

afterAll(() => database.cleanup());

const CIRCLE_PARTICIPANTS: Who[] = ["carer", "member"];
const REQUEST_PARTICIPANTS: Who[] = ["carer", "helper", "coordinator"];

describe("visibility table", () => {
  test.each(WHO.map((who) => [who, CIRCLE_PARTICIPANTS.includes(who)] as const))(
    "circle conversation: %s may read and write: %s",
    async (who, allowed) => {
      if (allowed) {
        await post(who, circle(), `Bericht van ${who}`);
        const seen = await view(who, circle());
        expect(seen.messages.map((m) => m.body)).toContain(`Bericht van ${who}`);
        expect(seen.mayWrite).toBe(true);
      } else {
        await expect(view(who, circle())).rejects.toBeInstanceOf(NotFound);
        await expect(post(who, circle(), "Mag ik meedoen?")).rejects.toBeInstanceOf(NotFound);
        // Even an empty text: a stranger learns nothing from the form's answer.
        await expect(post(who, circle(), "")).rejects.toBeInstanceOf(NotFound);
      }
    },
  );

  test.each(WHO.map((who) => [who, REQUEST_PARTICIPANTS.includes(who)] as const))(
    "help-request conversation: %s may read and write: %s",
    async (who, allowed) => {
      if (allowed) {
        await post(who, request(), `Vraag van ${who}`);
        const seen = await view(who, request());
        expect(seen.messages.map((m) => m.body)).toContain(`Vraag van ${who}`);
        expect(seen.mayWrite).toBe(true);
      } else {
        await expect(view(who, request())).rejects.toBeInstanceOf(NotFound);
        await expect(post(who, request(), "Mag ik meedoen?")).rejects.toBeInstanceOf(NotFound);
        expect(await unreadMessagesForRequest({ ctx: await as(who), input: { helpRequestId: requestId } })).toBeNull();
      }
    },
  );

  test("a circle or request that does not exist: NotFound, the same answer", async () => {
    await expect(view("carer", { kind: "circle", id: 999_999 })).rejects.toBeInstanceOf(NotFound);
    await expect(view("carer", { kind: "request", id: 999_999 })).rejects.toBeInstanceOf(NotFound);
  });

  test("names only: no email address or phone number of anyone in what the page gets", async () => {
    for (const subject of [circle(), request()]) {
      const text = JSON.stringify(await view("carer", subject));
      for (const who of WHO) {
        expect(text).not.toContain(people[who].email);
        expect(text).not.toContain(people[who].phone);
      }
    }
  });
});

describe("messages and read status", () => {
  test("a text of 1–4000 characters; the error names the field", async () => {
    await expect(post("carer", circle(), "   ")).rejects.toMatchObject({ fieldErrors: { body: ["conversations.errors.body.required"] } });
    await expect(post("carer", circle(), "x".repeat(4001))).rejects.toMatchObject({
      fieldErrors: { body: ["conversations.errors.body.tooLong"] },
    });
    await expect(post("carer", circle(), "x".repeat(4000))).resolves.toMatchObject({ id: expect.any(Number) });
  });

  test("unread counts and, per own message, who of the others read it", async () => {
    await view("carer", request());
    await view("helper", request());
    const { id } = await post("helper", request(), "Ik kom dinsdag om twee uur.");
    expect(await unreadMessagesForRequest({ ctx: await as("carer"), input: { helpRequestId: requestId } })).toBe(1);
    const before = await view("helper", request());
    expect(before.messages.find((m) => m.id === id)).toMatchObject({ mine: true, readBy: [] });
    const carerView = await view("carer", request());
    expect(carerView.unread).toBe(1);
    expect(carerView.messages.find((m) => m.id === id)).toMatchObject({ mine: false, isNew: true, readBy: null, author: "Naam helper" });
    expect(await unreadMessagesForRequest({ ctx: await as("carer"), input: { helpRequestId: requestId } })).toBe(0);
    const after = await view("helper", request());
    expect(after.messages.find((m) => m.id === id)?.readBy).toContain("Naam carer");
    expect((await view("carer", request())).unread).toBe(0);
  });

  test("a long conversation is paged: the newest first, older ones behind a link", async () => {
    const subject = { kind: "request", id: 0 } as ConversationSubject;
    subject.id = (
      await database.write((tx) => createHelpRequest(tx, { neighbourhoodId: n1, requesterId: users.carer, status: "open" }))
    ).id;
    for (let i = 1; i <= 55; i++) await post("carer", subject, `Bericht ${i}`);
    const first = await view("carer", subject);
    expect(first.messages).toHaveLength(50);
    expect(first.messages.at(-1)?.body).toBe("Bericht 55");
    expect(first.olderBefore).not.toBeNull();
    const older = await viewConversation({ ctx: await as("carer"), input: { subject, before: first.olderBefore } });
    expect(older.messages.map((m) => m.body)).toEqual(["Bericht 1", "Bericht 2", "Bericht 3", "Bericht 4", "Bericht 5"]);
    expect(older.olderBefore).toBeNull();
  });

  test("created lazily, once, even when two first messages arrive together", async () => {
    const fresh = (await database.write((tx) => createHelpRequest(tx, { neighbourhoodId: n1, requesterId: users.carer, status: "open" })))
      .id;
    const subject: ConversationSubject = { kind: "request", id: fresh };
    expect(await database.db.select().from(conversation).where(eq(conversation.helpRequestId, fresh))).toHaveLength(0);
    await Promise.all([post("carer", subject, "Eerste"), post("coordinator", subject, "Tweede"), view("carer", subject)]);
    const rows = await database.db.select().from(conversation).where(eq(conversation.helpRequestId, fresh));
    expect(rows).toHaveLength(1);
    expect(await database.db.select().from(message).where(eq(message.conversationId, rows[0]!.id))).toHaveLength(2);
  });

  test("an erased author shows as a neutral label, not a name or pseudonym", async () => {
    const { id } = await post("member", circle(), "Tot morgen.");
    await database.write((tx) => tx.update(message).set({ authorId: null, authorPseudonym: "verwijderd-7f3a" }).where(eq(message.id, id)));
    const seen = await view("carer", circle());
    const shown = seen.messages.find((m) => m.id === id)!;
    expect(shown).toMatchObject({ author: null, mine: false });
    expect(JSON.stringify(seen)).not.toContain("verwijderd-7f3a");
  });
});

describe("closing a help-request conversation", () => {
  test("only the request's coordinators close and reopen; closed it is read-only for all", async () => {
    for (const who of ["carer", "helper", "otherCoordinator", "admin", "member"] as const) {
      await expect(
        setConversationClosed({ ctx: await as(who), input: { helpRequestId: requestId, close: "close" } }),
      ).rejects.toBeInstanceOf(NotFound);
    }
    await expect(
      setConversationClosed({ ctx: await as("coordinator"), input: { helpRequestId: requestId, close: "close" } }),
    ).resolves.toEqual({
      closed: true,
    });
    const seen = await view("carer", request());
    expect(seen).toMatchObject({ closed: true, mayWrite: false });
    expect(seen.messages.length).toBeGreaterThan(0);
    await expect(post("carer", request(), "Nog één ding")).rejects.toBeInstanceOf(Validation);
    await expect(post("coordinator", request(), "Nog één ding")).rejects.toMatchObject({
      fieldErrors: { form: ["conversations.errors.closed"] },
    });
    await setConversationClosed({ ctx: await as("coordinator"), input: { helpRequestId: requestId, close: "reopen" } });
    expect((await view("carer", request())).mayWrite).toBe(true);
  });

  test("a circle's conversation cannot be closed (not even by its lead)", async () => {
    await expect(
      setConversationClosed({ ctx: await as("carer"), input: { helpRequestId: circleId, close: "close" } }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe("new-message mail", () => {
  const mailsFor = (who: Who, conversationId: number) =>
    database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, users[who]), like(emailOutbox.idempotencyKey, `new-message/${conversationId}/%`)));

  test("a link, never the text; one per person until they read the conversation again", async () => {
    const text = "Opa is gevallen, de sleutel ligt bij de buren.";
    const { conversationId } = await view("carer", circle());
    const before = (await mailsFor("carer", conversationId)).length;
    await post("member", circle(), text);
    await post("member", circle(), "En nog iets.");
    const rows = await mailsFor("carer", conversationId);
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(JSON.stringify(row.props)).not.toContain("gevallen");
    const mail = await renderEmail({ template: row.template, locale: row.locale, timeZone: row.timeZone, props: row.props, secrets: {} });
    expect(mail.text).toContain(`/circles/${circleId}/messages`);
    expect(mail.text).not.toContain("gevallen");
    expect(mail.html).not.toContain("gevallen");
    expect(mail.text).not.toContain("Naam member");
    // Neither the author nor someone who still has not read it gets another.
    expect(await mailedBy(() => post("member", circle(), "Nog een."))).toEqual([]);
    // After the carer read it again, the next message mails again.
    await view("carer", circle());
    await post("member", circle(), "Derde bericht.");
    expect(await mailsFor("carer", conversationId)).toHaveLength(before + 2);
  });

  test("help request: to the requester, the matched helper and the coordinators of its neighbourhood only", async () => {
    await view("carer", request());
    await view("coordinator", request());
    const mailed = await mailedBy(() => post("helper", request(), "Ik ben er om twee uur."));
    expect(mailed.map((r) => r.userId).sort()).toEqual([users.carer, users.coordinator].sort());
    expect(mailed.map((r) => r.toAddress).sort()).toEqual([people.carer.email, people.coordinator.email].sort());
  });

  test("switched off ('new messages' on /me): the send-time guard cancels it", async () => {
    const { conversationId } = await view("carer", circle());
    await post("member", circle(), "Weer een bericht.");
    const row = (await mailsFor("carer", conversationId)).at(-1)!;
    const deps = { database, keys: defaultTestKeys, appUrl: "http://localhost:3000", now: () => NOW };
    expect(await guardEmail(deps, row)).toMatchObject({ send: true, headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } });
    await database.write((tx) => tx.insert(notificationSetting).values({ userId: users.carer, messages: false, updatedAt: NOW }));
    expect(await guardEmail(deps, row)).toMatchObject({ send: false });
    await database.write((tx) => tx.delete(notificationSetting).where(eq(notificationSetting.userId, users.carer)));
  });
});

describe("logging reads", () => {
  test("help request: a care access log row (messages, conversation) when messages by others are shown", async () => {
    const rows = () =>
      database.db
        .select()
        .from(careAccessLog)
        .where(and(eq(careAccessLog.requestId, requestId), eq(careAccessLog.viewerId, users.coordinator)));
    const before = (await rows()).length;
    await view("coordinator", request(), NOW + 5000);
    const after = await rows();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ fields: ["messages"], purpose: "conversation", at: NOW + 5000 });
  });

  test("help request: the requester's own reads are not in their care access log (as on the request page)", async () => {
    const mine = () =>
      database.db
        .select()
        .from(careAccessLog)
        .where(and(eq(careAccessLog.requestId, requestId), eq(careAccessLog.viewerId, users.carer)));
    await post("coordinator", request(), "Ik bel u morgen.");
    await view("carer", request(), NOW + 5500);
    expect(await mine()).toHaveLength(0);
  });

  test("circle: a circle access log row (messages); nothing when only one's own messages are shown", async () => {
    const rows = (who: Who) =>
      database.db
        .select()
        .from(circleAccessLog)
        .where(and(eq(circleAccessLog.circleId, circleId), eq(circleAccessLog.viewerId, users[who])));
    const before = (await rows("member")).length;
    await view("member", circle(), NOW + 6000);
    expect((await rows("member")).at(-1)).toMatchObject({ fields: ["messages"], at: NOW + 6000 });
    expect(await rows("member")).toHaveLength(before + 1);
    // A conversation with only the viewer's own messages logs nothing.
    const own = (await database.write((tx) => createHelpRequest(tx, { neighbourhoodId: n1, requesterId: users.carer, status: "open" }))).id;
    await post("carer", { kind: "request", id: own }, "Alleen van mij.");
    await view("carer", { kind: "request", id: own });
    expect(await database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, own))).toHaveLength(0);
  });
});

describe("after the match ended", () => {
  test("the former helper reads, does not write, and gets no mail; a coordinator past the care window is out", async () => {
    await database.write((tx) =>
      tx.update(helpRequest).set({ status: "completed", endedAt: NOW, updatedAt: NOW }).where(eq(helpRequest.id, requestId)),
    );
    const seen = await view("helper", request());
    expect(seen).toMatchObject({ role: "former-helper", mayWrite: false });
    await expect(post("helper", request(), "Nog even dit")).rejects.toBeInstanceOf(Validation);
    const mailed = await mailedBy(() => post("carer", request(), "Bedankt voor alles."));
    expect(mailed.map((r) => r.userId)).toEqual([users.coordinator]);
    // Two years on, the coordinator's care-access window has closed: the conversation is gone for them.
    await expect(view("coordinator", request(), NOW + 2 * 365 * 86_400_000)).rejects.toBeInstanceOf(NotFound);
    expect((await view("carer", request(), NOW + 2 * 365 * 86_400_000)).mayWrite).toBe(true);
  });
});

describe("unread messages on the My circles list", () => {
  test("counts messages by others not read yet, per circle of a current member; reading clears it; former members get nothing", async () => {
    const unread = async (who: Who) => unreadMessagesInMyCircles({ ctx: await as(who) });
    await view("member", circle(), NOW + 7000);
    expect((await unread("member"))[circleId]).toBeUndefined();
    await post("carer", circle(), "Wie kan donderdag?", NOW + 7100);
    await post("carer", circle(), "Of vrijdag?", NOW + 7200);
    expect((await unread("member"))[circleId]).toBe(2);
    // One's own messages are never unread for oneself.
    expect((await unread("carer"))[circleId]).toBeUndefined();
    await view("member", circle(), NOW + 7300);
    expect((await unread("member"))[circleId]).toBeUndefined();
    expect(await unread("former")).toEqual({});
  });
});
