import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { careCircle, circleAccessLog, circleMember, circleUpdate, emailOutbox, notificationSetting } from "#db/schema";
import { deleteCircleUpdate, listCircleUpdates, postCircleUpdate, UPDATES_PAGE_SIZE } from "~/domain/circles";
import { NotFound } from "~/domain/errors";
import { guardEmail } from "~/domain/notifications/email-guard.server";
import {
  getOwnNotificationSettings,
  readUnsubscribeLink,
  unsubscribeByLink,
  unsubscribeToken,
  updateNotificationSettings,
} from "~/domain/notifications";
import {
  createCareRecipient,
  createCircle,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { renderEmail } from "#emails/render";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// The circle's updates board (issue 16, decision 048): who may post (leads; members when the
// circle allows it), newest first and paged, the author deletes their own, the mail is a link
// only and follows the "news in your circle" setting, and every read of others' posts is logged.

const NOW = Date.UTC(2026, 10, 28, 10, 0);
let database: TestDatabase;
const WHO = ["lead", "coLead", "member", "former", "outsider", "coordinator", "admin"] as const;
type Who = (typeof WHO)[number];
const users = {} as Record<Who, number>;
let circleId = 0;

const as = (who: Who, at = NOW) => ctxAs(database, users[who], { now: () => at });
const post = async (who: Who, body: string, at = NOW) => postCircleUpdate({ ctx: await as(who, at), input: { circleId, body } });
const list = async (who: Who, before: number | null = null, at = NOW) =>
  listCircleUpdates({ ctx: await as(who, at), input: { circleId, before } });
const setMembersMayPost = (on: boolean) =>
  database.write((tx) => tx.update(careCircle).set({ membersMayPost: on }).where(eq(careCircle.id, circleId)));
const updateMails = () => database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, "circle-update/%"));

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
    for (const who of WHO) users[who] = (await createUser(tx, { neighbourhoodId: area, name: `Naam ${who}`, locale: "nl" })).id;
    await grantCoordinator(tx, users.coordinator, [area]);
    await grantAdmin(tx, users.admin);
    const recipient = await createCareRecipient(tx, { carerId: users.lead, neighbourhoodId: area, firstName: "Oma Riet" });
    circleId = (
      await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId: area,
        leadId: users.lead,
        members: [{ userId: users.coLead, role: "co-lead" }, { userId: users.member }, { userId: users.former }],
      })
    ).id;
    await tx
      .update(circleMember)
      .set({ leftAt: NOW - 1000, leftReason: "removed" })
      .where(and(eq(circleMember.circleId, circleId), eq(circleMember.userId, users.former)));
  });
});

afterAll(() => database.cleanup());

describe("who may post", () => {
  test.each([
    ["lead", "ok"],
    ["coLead", "ok"],
    ["member", "refused"],
    ["former", "404"],
    ["outsider", "404"],
    ["coordinator", "404"],
    ["admin", "404"],
  ] as const)("%s: %s (members may not post)", async (who, outcome) => {
    await setMembersMayPost(false);
    const attempt = post(who, `Nieuws van ${who}`);
    if (outcome === "ok") await expect(attempt).resolves.toMatchObject({ id: expect.any(Number) });
    else if (outcome === "refused")
      await expect(attempt).rejects.toMatchObject({ fieldErrors: { form: ["conversations.errors.mayNotPost"] } });
    else await expect(attempt).rejects.toBeInstanceOf(NotFound);
  });

  test("with 'members may post' on, a member posts too; outsiders still get NotFound", async () => {
    await setMembersMayPost(true);
    await expect(post("member", "Ik ben vandaag geweest.")).resolves.toMatchObject({ id: expect.any(Number) });
    expect((await list("member")).mayPost).toBe(true);
    await expect(post("former", "Mag dit?")).rejects.toBeInstanceOf(NotFound);
    await setMembersMayPost(false);
    expect((await list("member")).mayPost).toBe(false);
  });

  test("a text of 1–4000 characters, checked after membership", async () => {
    await expect(post("lead", "")).rejects.toMatchObject({ fieldErrors: { body: ["conversations.errors.body.required"] } });
    await expect(post("lead", "x".repeat(4001))).rejects.toMatchObject({ fieldErrors: { body: ["conversations.errors.body.tooLong"] } });
    await expect(post("outsider", "")).rejects.toBeInstanceOf(NotFound);
  });
});

describe("the board", () => {
  test("members read it, newest first and paged; others get NotFound", async () => {
    for (let i = 1; i <= UPDATES_PAGE_SIZE + 2; i++) await post("lead", `Update ${i}`, NOW + i);
    const first = await list("member");
    expect(first.updates).toHaveLength(UPDATES_PAGE_SIZE);
    expect(first.updates[0]!.body).toBe(`Update ${UPDATES_PAGE_SIZE + 2}`);
    expect(first.olderBefore).not.toBeNull();
    const next = await list("member", first.olderBefore);
    expect(next.updates[0]!.body).toBe("Update 2");
    for (const who of ["former", "outsider", "coordinator", "admin"] as const) await expect(list(who)).rejects.toBeInstanceOf(NotFound);
  });

  test("the author deletes their own post; nobody else can", async () => {
    const { id } = await post("coLead", "Verkeerd bericht");
    await expect(deleteCircleUpdate({ ctx: await as("lead"), input: { circleId, updateId: id } })).rejects.toBeInstanceOf(NotFound);
    await expect(deleteCircleUpdate({ ctx: await as("outsider"), input: { circleId, updateId: id } })).rejects.toBeInstanceOf(NotFound);
    await deleteCircleUpdate({ ctx: await as("coLead"), input: { circleId, updateId: id } });
    expect(await database.db.select().from(circleUpdate).where(eq(circleUpdate.id, id))).toHaveLength(0);
  });

  test("reads of others' posts are logged (updates); a board with only one's own posts is not", async () => {
    const rows = (who: Who) =>
      database.db
        .select()
        .from(circleAccessLog)
        .where(and(eq(circleAccessLog.circleId, circleId), eq(circleAccessLog.viewerId, users[who])));
    const before = (await rows("member")).length;
    await list("member", null, NOW + 5000);
    expect(await rows("member")).toHaveLength(before + 1);
    expect((await rows("member")).at(-1)).toMatchObject({ fields: ["updates"], at: NOW + 5000 });
    // A board with only the lead's own posts (a circle of one) logs nothing.
    const solo = await database.write(async (tx) => {
      const recipient = await createCareRecipient(tx, {
        carerId: users.outsider,
        neighbourhoodId: (await tx.select().from(careCircle))[0]!.neighbourhoodId,
      });
      return (await createCircle(tx, { careRecipientId: recipient.id, neighbourhoodId: recipient.neighbourhoodId, leadId: users.outsider }))
        .id;
    });
    await postCircleUpdate({ ctx: await as("outsider"), input: { circleId: solo, body: "Alleen van mij." } });
    expect((await listCircleUpdates({ ctx: await as("outsider"), input: { circleId: solo } })).updates).toHaveLength(1);
    expect(await database.db.select().from(circleAccessLog).where(eq(circleAccessLog.circleId, solo))).toHaveLength(0);
  });
});

describe("mail", () => {
  test("to the other current members, a link only, never the text", async () => {
    const text = "Oma Riet heeft een nieuwe medicijnlijst.";
    const before = new Set((await updateMails()).map((r) => r.id));
    const { id } = await post("lead", text);
    const rows = (await updateMails()).filter((r) => !before.has(r.id));
    expect(rows.map((r) => r.userId).sort()).toEqual([users.coLead, users.member].sort());
    for (const row of rows) {
      expect(row.idempotencyKey).toBe(`circle-update/${id}/${row.userId}`);
      expect(JSON.stringify(row.props)).not.toContain("medicijn");
      const mail = await renderEmail({ template: row.template, locale: row.locale, timeZone: row.timeZone, props: row.props, secrets: {} });
      expect(mail.subject).toBe("Nieuws in uw kring");
      expect(mail.text).toContain(`/circles/${circleId}/updates`);
      for (const secret of ["medicijn", "Oma Riet", "Naam lead"]) {
        expect(mail.text).not.toContain(secret);
        expect(mail.html).not.toContain(secret);
      }
    }
  });

  test("'news in your circle' switched off on /me: the send-time guard cancels it", async () => {
    const before = new Set((await updateMails()).map((r) => r.id));
    await post("lead", "Nog meer nieuws.");
    const row = (await updateMails()).find((r) => !before.has(r.id) && r.userId === users.member)!;
    const deps = { database, keys: defaultTestKeys, appUrl: "http://localhost:3000", now: () => NOW };
    expect(await guardEmail(deps, row)).toMatchObject({ send: true });
    const ctx = await as("member");
    await updateNotificationSettings({ ctx, input: { afterSession: true, circleUpdates: false, messages: true } });
    expect((await getOwnNotificationSettings({ ctx })).settings).toMatchObject({ circleUpdates: false, messages: true });
    expect(await guardEmail(deps, row)).toMatchObject({ send: false, reason: "switched off by the recipient (circle-update)" });
    await database.write((tx) => tx.delete(notificationSetting).where(eq(notificationSetting.userId, users.member)));
    expect(await guardEmail(deps, row)).toMatchObject({ send: true });
  });

  test("the one-click unsubscribe link of each new kind switches off only that kind", async () => {
    for (const [kind, setting] of [
      ["circle-update", "circleUpdates"],
      ["message", "messages"],
    ] as const) {
      const ctx = await as("coLead");
      const token = unsubscribeToken(defaultTestKeys, users.coLead, kind);
      expect(await readUnsubscribeLink({ ctx, input: { token } })).toEqual({ valid: true, kind, off: false });
      await unsubscribeByLink({ ctx, input: { token } });
      const { settings } = await getOwnNotificationSettings({ ctx });
      expect(settings[setting]).toBe(false);
      expect(settings.afterSession).toBe(true);
      await database.write((tx) => tx.delete(notificationSetting).where(eq(notificationSetting.userId, users.coLead)));
    }
  });
});
