import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { circleInvitation, circleMember, emailOutbox } from "#db/schema";
import { createCareRecipient, createCircle, createUser } from "~/demo/builders";
import { Forbidden, NotFound } from "~/domain/errors";
import {
  acceptCircleInvitation,
  CIRCLE_INVITATION_TTL,
  CIRCLE_INVITATIONS_PER_DAY,
  describeCircleInvitation,
  getCircleSummary,
  inviteToCircle,
  leaveCircle,
  listCircleMembers,
  revokeCircleInvitation,
} from "~/domain/circles";
import { renderEmail } from "#emails/render";
import { fieldErrors } from "#tests/support/errors";
import { ctxFor, database, emails, ids, invitationMails, invitationToken, now, setUpCirclesWorld } from "./circles-world";

setUpCirclesWorld();

const DAY = 24 * 60 * 60_000;
const invite = async (email: string, role: "member" | "co-lead" = "member", at = now, circleId = ids.circle) =>
  inviteToCircle({ ctx: await ctxFor(ids.carer, at), input: { circleId, email, role } });
const describeAs = async (userId: number | null, token: string, at = now) =>
  describeCircleInvitation({ ctx: await ctxFor(userId, at), input: { token } });
const acceptAs = async (userId: number, token: string, at = now) =>
  acceptCircleInvitation({ ctx: await ctxFor(userId, at), input: { token } });
const isMember = async (userId: number, circleId = ids.circle) =>
  !!(await database.db.query.circleMember.findFirst({
    where: and(eq(circleMember.circleId, circleId), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
  }));

describe("inviting", () => {
  test("the form answers the same for any address; an existing member gets no mail", async () => {
    // Unknown address, an address with an account, and a member's address: all resolve alike.
    await expect(invite("nobody-yet@example.org")).resolves.toBeUndefined();
    await expect(invite(emails.otherCarer)).resolves.toBeUndefined();
    await expect(invite(emails.member)).resolves.toBeUndefined();
    expect(await invitationMails("nobody-yet@example.org")).toHaveLength(1);
    expect(await invitationMails(emails.otherCarer)).toHaveLength(1);
    expect(await invitationMails(emails.member)).toHaveLength(0);
    expect(await database.db.$count(circleInvitation, eq(circleInvitation.email, emails.member))).toBe(0);
  });

  test("the mail names who invites and the expiry, not the circle or the person cared for", async () => {
    await invite("lees@example.org", "co-lead");
    const [mail] = await invitationMails("lees@example.org");
    expect(mail!.props).toEqual({ inviterName: "Carla de Vries", expiresInDays: 14 });
    const token = await invitationToken("lees@example.org");
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Stored only as a keyed hash.
    const row = await database.db.query.circleInvitation.findFirst({ where: eq(circleInvitation.email, "lees@example.org") });
    expect(row!.tokenHash).not.toContain(token);
    const rendered = await renderEmail({
      template: mail!.template,
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: mail!.props,
      secrets: { link: `http://localhost:3000/circle-invitations/${token}` },
    });
    expect(rendered.html + rendered.text + rendered.subject).toContain("Carla de Vries");
    expect(rendered.text).toContain("14");
    expect(rendered.html + rendered.text + rendered.subject).not.toMatch(/Opa|Jan\b|Kring rond/);
    const english = await renderEmail({
      template: mail!.template,
      locale: "en",
      timeZone: "Europe/Amsterdam",
      props: mail!.props,
      secrets: { link: `http://localhost:3000/circle-invitations/${token}` },
    });
    expect(english.subject).toBe("Invitation to a circle on Noaber");
    expect(english.text).toContain("Carla de Vries invites you to a care circle on Noaber.");
    expect(english.text).toContain("This link works for 14 days.");
    expect(english.text).toContain(`/circle-invitations/${token}`);
  });

  test("a new invitation to the same address replaces the open one", async () => {
    await invite("twice@example.org");
    const first = await invitationToken("twice@example.org");
    await invite("twice@example.org", "co-lead");
    const second = await invitationToken("twice@example.org");
    await expect(describeAs(null, first)).rejects.toBeInstanceOf(NotFound);
    expect(await describeAs(null, second)).toMatchObject({ role: "co-lead", circle: { name: "Kring rond Opa Jan" }, viewer: "signed-out" });
    expect(
      await database.db.$count(circleInvitation, and(eq(circleInvitation.email, "twice@example.org"), eq(circleInvitation.status, "open"))),
    ).toBe(1);
  });

  test("bad input is a field error; a circle has a daily cap", async () => {
    expect(await fieldErrors(invite("not-an-address"))).toHaveProperty("email");
    const recipient = await database.write((tx) => createCareRecipient(tx, { carerId: ids.carer, neighbourhoodId: ids.north }));
    const circle = await database.write((tx) =>
      createCircle(tx, { careRecipientId: recipient.id, neighbourhoodId: ids.north, leadId: ids.carer }),
    );
    for (let i = 0; i < CIRCLE_INVITATIONS_PER_DAY; i++) await invite(`cap-${i}@example.org`, "member", now, circle.id);
    expect(await fieldErrors(invite("one-more@example.org", "member", now, circle.id))).toEqual({ form: ["circles.errors.inviteLimit"] });
    // The same answer for a member's address at the limit (the lead's own, here): nothing tells them apart.
    expect(await fieldErrors(invite(emails.carer, "member", now, circle.id))).toEqual({ form: ["circles.errors.inviteLimit"] });
    // A day later it works again.
    await expect(invite("one-more@example.org", "member", now + DAY + 1, circle.id)).resolves.toBeUndefined();
  });
});

describe("the token page and accepting", () => {
  test("the holder sees the circle's name and role; visitors and other accounts are told how to go on", async () => {
    await invite(emails.invitee);
    const token = await invitationToken(emails.invitee);
    expect(await describeAs(null, token)).toMatchObject({
      circle: { name: "Kring rond Opa Jan" },
      role: "member",
      expiresAt: now + CIRCLE_INVITATION_TTL,
      viewer: "signed-out",
      maskedEmail: expect.not.stringContaining("ivo@"),
    });
    expect((await describeAs(ids.invitee, token)).viewer).toBe("invited");
    expect((await describeAs(ids.otherCarer, token)).viewer).toBe("other");
    // Another account cannot accept it.
    await expect(acceptAs(ids.otherCarer, token)).rejects.toBeInstanceOf(Forbidden);
    expect(await isMember(ids.otherCarer)).toBe(false);
  });

  test("valid for exactly 14 days", async () => {
    await invite("clock@example.org");
    const token = await invitationToken("clock@example.org");
    const person = await database.write(
      async (tx) => (await createUser(tx, { email: "clock@example.org", neighbourhoodId: ids.north })).id,
    );
    await expect(describeAs(null, token, now + CIRCLE_INVITATION_TTL - 1)).resolves.toMatchObject({ role: "member" });
    await expect(describeAs(null, token, now + CIRCLE_INVITATION_TTL)).rejects.toBeInstanceOf(NotFound);
    await expect(acceptAs(person, token, now + CIRCLE_INVITATION_TTL)).rejects.toBeInstanceOf(NotFound);
    await expect(acceptAs(person, token, now + CIRCLE_INVITATION_TTL - 1)).resolves.toMatchObject({ already: false });
    expect(CIRCLE_INVITATION_TTL).toBe(14 * DAY);
  });

  test("accepting makes a member once; a second accept answers 'already a member'; the link is used up", async () => {
    const token = await invitationToken(emails.invitee);
    expect(await acceptAs(ids.invitee, token)).toEqual({
      circle: { id: ids.circle, name: "Kring rond Opa Jan" },
      role: "member",
      already: false,
    });
    expect(await isMember(ids.invitee)).toBe(true);
    expect((await getCircleSummary({ ctx: await ctxFor(ids.invitee), input: { circleId: ids.circle } })).role).toBe("member");
    expect(await acceptAs(ids.invitee, token)).toMatchObject({ already: true });
    expect(await database.db.$count(circleMember, and(eq(circleMember.circleId, ids.circle), eq(circleMember.userId, ids.invitee)))).toBe(
      1,
    );
    // Used: the page gives the one answer for all dead links.
    await expect(describeAs(ids.invitee, token)).rejects.toBeInstanceOf(NotFound);
  });

  test("a revoked link stops working; revoking again or someone else's is NotFound", async () => {
    await invite("revoked@example.org");
    const token = await invitationToken("revoked@example.org");
    const { invitations } = await listCircleMembers({ ctx: await ctxFor(ids.carer), input: { circleId: ids.circle } });
    const open = invitations.find((i) => i.maskedEmail.startsWith("r"))!;
    await expect(
      revokeCircleInvitation({ ctx: await ctxFor(ids.member), input: { circleId: ids.circle, invitationId: open.id } }),
    ).rejects.toBeInstanceOf(NotFound);
    await revokeCircleInvitation({ ctx: await ctxFor(ids.carer), input: { circleId: ids.circle, invitationId: open.id } });
    await expect(describeAs(null, token)).rejects.toBeInstanceOf(NotFound);
    await expect(
      revokeCircleInvitation({ ctx: await ctxFor(ids.carer), input: { circleId: ids.circle, invitationId: open.id } }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  test("unknown, empty and organisation-style tokens: NotFound", async () => {
    for (const token of ["", "x".repeat(43), "y".repeat(201)]) await expect(describeAs(null, token)).rejects.toBeInstanceOf(NotFound);
    await expect(acceptAs(ids.invitee, "x".repeat(43))).rejects.toBeInstanceOf(NotFound);
  });

  test("a former member who is invited again becomes a member again (a new row)", async () => {
    await invite(emails.formerMember, "co-lead");
    const token = await invitationToken(emails.formerMember);
    expect(await acceptAs(ids.formerMember, token)).toMatchObject({ role: "co-lead", already: false });
    const rows = await database.db.query.circleMember.findMany({
      where: and(eq(circleMember.circleId, ids.circle), eq(circleMember.userId, ids.formerMember)),
      orderBy: asc(circleMember.id),
    });
    expect(rows.map((r) => [r.role, r.leftReason])).toEqual([
      ["member", "left"],
      ["co-lead", null],
    ]);
    // And may leave again.
    await leaveCircle({ ctx: await ctxFor(ids.formerMember), input: { circleId: ids.circle } });
    expect(await isMember(ids.formerMember)).toBe(false);
  });

  test("no mail was ever written with the circle's name", async () => {
    const all = await database.db.select({ props: emailOutbox.props }).from(emailOutbox);
    expect(JSON.stringify(all)).not.toContain("Opa Jan");
  });
});
