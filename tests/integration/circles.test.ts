import { and, eq, inArray, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { careCircle, careRecipient, circleMember, circleTaskClaim, emailOutbox } from "#db/schema";
import { createCareRecipient, createCircle, createCircleTaskRecord, createUser } from "~/demo/builders";
import { NotFound } from "~/domain/errors";
import {
  changeCircleMemberRole,
  changeCirclePlace,
  getCircleSummary,
  inviteToCircle,
  leaveCircle,
  listCircleMembers,
  listMyCircles,
  removeCircleMember,
  revokeCircleInvitation,
  setMembersMayPost,
  startCircle,
  startCircleOptions,
} from "~/domain/circles";
import type { Ctx } from "~/domain/context.server";
import { ctxAs } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";
import { ctxFor, database, emails, ids, now, setUpCirclesWorld } from "./circles-world";

setUpCirclesWorld();

const DAY = 86_400_000;
const rejects = (work: Promise<unknown>) => expect(work).rejects.toBeInstanceOf(NotFound);

/** Every verb on a circle, as one actor; each must answer NotFound for a non-member. */
const verbs: Record<string, (ctx: Ctx, circleId: number) => Promise<unknown>> = {
  summary: (ctx, circleId) => getCircleSummary({ ctx, input: { circleId } }),
  members: (ctx, circleId) => listCircleMembers({ ctx, input: { circleId } }),
  invite: (ctx, circleId) => inviteToCircle({ ctx, input: { circleId, email: "nieuw@example.org", role: "member" } }),
  revoke: (ctx, circleId) => revokeCircleInvitation({ ctx, input: { circleId, invitationId: 1 } }),
  leave: (ctx, circleId) => leaveCircle({ ctx, input: { circleId } }),
  remove: (ctx, circleId) => removeCircleMember({ ctx, input: { circleId, userId: ids.member } }),
  role: (ctx, circleId) => changeCircleMemberRole({ ctx, input: { circleId, userId: ids.member, role: "co-lead" } }),
  settings: (ctx, circleId) => setMembersMayPost({ ctx, input: { circleId, membersMayPost: true } }),
};

describe("who sees a circle (decision 048)", () => {
  beforeAll(async () => {
    // Ivo is invited, and has not accepted.
    await inviteToCircle({ ctx: await ctxFor(ids.carer), input: { circleId: ids.circle, email: emails.invitee, role: "member" } });
  });

  test("a member sees the circle, its members and their roles; no addresses", async () => {
    const ctx = await ctxFor(ids.member);
    const summary = await getCircleSummary({ ctx, input: { circleId: ids.circle } });
    expect(summary).toMatchObject({ name: "Kring rond Opa Jan", role: "member", leads: false, mayPost: false });
    const list = await listCircleMembers({ ctx, input: { circleId: ids.circle } });
    expect(list.members.map((m) => [m.name, m.role])).toEqual([
      ["Carla de Vries", "lead"],
      ["Mo Bakker", "member"],
    ]);
    expect(JSON.stringify(list)).not.toContain("@");
    // Open invitations are for leads only.
    expect(list.invitations).toEqual([]);
    const lead = await listCircleMembers({ ctx: await ctxFor(ids.carer), input: { circleId: ids.circle } });
    expect(lead.invitations).toEqual([expect.objectContaining({ role: "member", maskedEmail: expect.stringMatching(/^i.*@/) })]);
  });

  test.each([
    ["a former member", "formerMember"],
    ["an invitee who has not accepted", "invitee"],
    ["another carer", "otherCarer"],
    ["the helper matched on the carer's request", "helper"],
    ["the neighbourhood's coordinator", "coordinator"],
    ["an admin", "admin"],
  ] as const)("%s gets NotFound from every verb, as for a circle that does not exist", async (_, who) => {
    const ctx = await ctxFor(ids[who]);
    for (const [name, verb] of Object.entries(verbs)) {
      await expect(verb(ctx, ids.circle), name).rejects.toBeInstanceOf(NotFound);
      await expect(verb(ctx, 999_999), `${name} (no such circle)`).rejects.toBeInstanceOf(NotFound);
    }
    expect(await listMyCircles({ ctx })).toEqual([]);
  });

  test("a plain member gets NotFound from the lead's verbs", async () => {
    const ctx = await ctxFor(ids.member);
    for (const name of ["invite", "revoke", "remove", "role", "settings"]) {
      await expect(verbs[name]!(ctx, ids.circle), name).rejects.toBeInstanceOf(NotFound);
    }
  });
});

describe("starting a circle", () => {
  let starter = 0;
  beforeAll(async () => {
    starter = await database.write(
      async (tx) =>
        (
          await createUser(tx, {
            email: "sanne@example.org",
            name: "Sanne Mulder",
            neighbourhoodId: ids.south,
            timeZone: "Europe/Amsterdam",
          })
        ).id,
    );
  });

  test("for a new person: named after them, in the starter's neighbourhood, the starter is lead", async () => {
    const ctx = await ctxFor(starter);
    const { id } = await startCircle({ ctx, input: { careRecipient: "new", firstName: "Anna" } });
    const circle = await database.db.query.careCircle.findFirst({ where: eq(careCircle.id, id) });
    expect(circle).toMatchObject({
      name: "Kring rond Anna",
      neighbourhoodId: ids.south,
      timeZone: "Europe/Amsterdam",
      membersMayPost: false,
    });
    const recipient = await database.db.query.careRecipient.findFirst({ where: eq(careRecipient.id, circle!.careRecipientId) });
    expect(recipient).toMatchObject({ carerId: starter, firstName: "Anna", neighbourhoodId: ids.south });
    expect(await listMyCircles({ ctx })).toEqual([{ id, name: "Kring rond Anna", role: "lead", members: 1 }]);
    // The form now offers Anna, marked as having a circle; starting again is a clear field error.
    const options = await startCircleOptions({ ctx });
    expect(options.careRecipients).toEqual([{ id: recipient!.id, firstName: "Anna", hasCircle: true }]);
    expect(await fieldErrors(startCircle({ ctx, input: { careRecipient: String(recipient!.id) } }))).toEqual({
      careRecipient: ["circles.errors.alreadyHasCircle"],
    });
  });

  test("for one of the carer's own people cared for, with a name of their own (English default too)", async () => {
    const jet = await database.write((tx) => createCareRecipient(tx, { carerId: starter, neighbourhoodId: ids.north, firstName: "Jet" }));
    const ctx = await ctxFor(starter);
    const named = await startCircle({ ctx, input: { careRecipient: String(jet.id), name: "  Team Jet  " } });
    const circle = await database.db.query.careCircle.findFirst({ where: eq(careCircle.id, named.id) });
    expect(circle).toMatchObject({ name: "Team Jet", neighbourhoodId: ids.north, careRecipientId: jet.id });
    const piet = await database.write((tx) => createCareRecipient(tx, { carerId: starter, neighbourhoodId: ids.north, firstName: "Piet" }));
    const english = await startCircle({
      ctx: await ctxAs(database, starter, { now: () => now, locale: "en" }),
      input: { careRecipient: String(piet.id) },
    });
    expect((await database.db.query.careCircle.findFirst({ where: eq(careCircle.id, english.id) }))?.name).toBe("Circle for Piet");
  });

  test("for myself: a person cared for with my own first name and me as carer; only once", async () => {
    const ctx = await ctxFor(starter);
    const { id } = await startCircle({ ctx, input: { careRecipient: "self" } });
    const circle = await database.db.query.careCircle.findFirst({ where: eq(careCircle.id, id) });
    expect(circle?.name).toBe("Kring rond Sanne");
    expect(await database.db.query.careRecipient.findFirst({ where: eq(careRecipient.id, circle!.careRecipientId) })).toMatchObject({
      carerId: starter,
      firstName: "Sanne",
    });
    expect(await fieldErrors(startCircle({ ctx, input: { careRecipient: "self" } }))).toEqual({
      careRecipient: ["circles.errors.alreadyHasCircle"],
    });
  });

  test("someone else's person cared for, a missing first name or a long name: field errors, nothing made", async () => {
    const ctx = await ctxFor(starter);
    const before = await database.db.$count(careCircle);
    expect(await fieldErrors(startCircle({ ctx, input: { careRecipient: String(ids.recipient) } }))).toEqual({
      careRecipient: ["circles.errors.careRecipientRequired"],
    });
    expect(await fieldErrors(startCircle({ ctx, input: { careRecipient: "new", firstName: " " } }))).toEqual({
      firstName: ["circles.errors.firstNameRequired"],
    });
    expect(await fieldErrors(startCircle({ ctx, input: { careRecipient: "new", firstName: "Kees", name: "x".repeat(81) } }))).toEqual({
      name: ["circles.errors.nameTooLong"],
    });
    expect(await fieldErrors(startCircle({ ctx, input: { careRecipient: "bogus" } }))).toEqual({
      careRecipient: ["circles.errors.careRecipientRequired"],
    });
    expect(await database.db.$count(careCircle)).toBe(before);
  });

  test("a visitor is asked to sign in", async () => {
    await expect(startCircle({ ctx: await ctxFor(null), input: { careRecipient: "self" } })).rejects.toMatchObject({
      kind: "unauthenticated",
    });
  });
});

describe("roles, leaving and removing", () => {
  const people = {} as Record<"lead" | "co" | "a" | "b", number>;
  let circleId = 0;
  beforeAll(async () => {
    await database.write(async (tx) => {
      for (const key of ["lead", "co", "a", "b"] as const)
        people[key] = (await createUser(tx, { neighbourhoodId: ids.north, name: `Rol ${key}` })).id;
      const recipient = await createCareRecipient(tx, { carerId: people.lead, neighbourhoodId: ids.north });
      circleId = (
        await createCircle(tx, {
          careRecipientId: recipient.id,
          neighbourhoodId: ids.north,
          leadId: people.lead,
          members: [{ userId: people.co, role: "co-lead" }, { userId: people.a }, { userId: people.b }],
        })
      ).id;
    });
  });
  const roleOf = async (userId: number) =>
    (
      await database.db.query.circleMember.findFirst({
        where: and(eq(circleMember.circleId, circleId), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
      })
    )?.role ?? null;
  const as = (key: keyof typeof people) => ctxFor(people[key]);

  test("the last lead can neither leave nor step down while others remain", async () => {
    expect(await fieldErrors(leaveCircle({ ctx: await as("lead"), input: { circleId } }))).toEqual({
      form: ["circles.errors.lastLeadLeave"],
    });
    expect(
      await fieldErrors(changeCircleMemberRole({ ctx: await as("lead"), input: { circleId, userId: people.lead, role: "member" } })),
    ).toEqual({ form: ["circles.errors.lastLeadDemote"] });
    expect(await roleOf(people.lead)).toBe("lead");
  });

  test("a co-lead manages members, but not the lead role", async () => {
    const co = await as("co");
    await changeCircleMemberRole({ ctx: co, input: { circleId, userId: people.a, role: "co-lead" } });
    expect(await roleOf(people.a)).toBe("co-lead");
    await changeCircleMemberRole({ ctx: co, input: { circleId, userId: people.a, role: "member" } });
    expect(await fieldErrors(changeCircleMemberRole({ ctx: co, input: { circleId, userId: people.a, role: "lead" } }))).toEqual({
      form: ["circles.errors.onlyLeadChangesLead"],
    });
    expect(await fieldErrors(removeCircleMember({ ctx: co, input: { circleId, userId: people.lead } }))).toEqual({
      form: ["circles.errors.onlyLeadChangesLead"],
    });
    // A plain member has no such verbs at all.
    await rejects(changeCircleMemberRole({ ctx: await as("a"), input: { circleId, userId: people.b, role: "co-lead" } }));
    await rejects(removeCircleMember({ ctx: await as("a"), input: { circleId, userId: people.b } }));
  });

  test("the lead hands over the lead role, then may step down; two leads, then one may leave", async () => {
    const lead = await as("lead");
    await changeCircleMemberRole({ ctx: lead, input: { circleId, userId: people.co, role: "lead" } });
    await changeCircleMemberRole({ ctx: lead, input: { circleId, userId: people.lead, role: "co-lead" } });
    expect([await roleOf(people.lead), await roleOf(people.co)]).toEqual(["co-lead", "lead"]);
    await changeCircleMemberRole({ ctx: await as("co"), input: { circleId, userId: people.lead, role: "lead" } });
    await leaveCircle({ ctx: await as("co"), input: { circleId } });
    expect(await roleOf(people.co)).toBeNull();
    // Gone at once: the former member sees nothing.
    await rejects(getCircleSummary({ ctx: await as("co"), input: { circleId } }));
  });

  test("a lead removes a member: the row stays, marked removed, and the member sees nothing", async () => {
    await removeCircleMember({ ctx: await as("lead"), input: { circleId, userId: people.b } });
    const row = await database.db.query.circleMember.findFirst({
      where: and(eq(circleMember.circleId, circleId), eq(circleMember.userId, people.b)),
    });
    expect(row).toMatchObject({ leftReason: "removed", removedById: people.lead, leftAt: now });
    await rejects(listCircleMembers({ ctx: await as("b"), input: { circleId } }));
    // Removing someone who is not (or no longer) a member, or oneself: refused.
    await rejects(removeCircleMember({ ctx: await as("lead"), input: { circleId, userId: people.b } }));
    expect(await fieldErrors(removeCircleMember({ ctx: await as("lead"), input: { circleId, userId: people.lead } }))).toEqual({
      form: ["circles.errors.removeSelf"],
    });
  });

  test("the setting 'members may post' is the leads'", async () => {
    await rejects(setMembersMayPost({ ctx: await as("a"), input: { circleId, membersMayPost: true } }));
    expect((await getCircleSummary({ ctx: await as("a"), input: { circleId } })).mayPost).toBe(false);
    await setMembersMayPost({ ctx: await as("lead"), input: { circleId, membersMayPost: true } });
    expect((await getCircleSummary({ ctx: await as("a"), input: { circleId } })).mayPost).toBe(true);
  });

  test("when the last member leaves, the circle is deleted", async () => {
    expect(await leaveCircle({ ctx: await as("a"), input: { circleId } })).toEqual({ circleDeleted: false });
    // The lead is alone now: leaving is allowed, and takes the circle with it.
    expect(await leaveCircle({ ctx: await as("lead"), input: { circleId } })).toEqual({ circleDeleted: true });
    expect(await database.db.query.careCircle.findFirst({ where: eq(careCircle.id, circleId) })).toBeUndefined();
    await rejects(getCircleSummary({ ctx: await as("lead"), input: { circleId } }));
  });
});

describe("leaving gives back the places still to come", () => {
  test("a member who leaves or is removed: future places open again with their reminders stopped; past places stay", async () => {
    const people = await database.write(async (tx) => ({
      lead: (await createUser(tx, { neighbourhoodId: ids.north, name: "Plaats lead" })).id,
      leaver: (await createUser(tx, { neighbourhoodId: ids.north, name: "Plaats vertrekker" })).id,
      removed: (await createUser(tx, { neighbourhoodId: ids.north, name: "Plaats verwijderd" })).id,
    }));
    const { circleId, past, future } = await database.write(async (tx) => {
      const recipient = await createCareRecipient(tx, { carerId: people.lead, neighbourhoodId: ids.north });
      const circle = await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId: ids.north,
        leadId: people.lead,
        members: [{ userId: people.leaver }, { userId: people.removed }],
      });
      const past = await createCircleTaskRecord(tx, { circleId: circle.id, startsAt: now - 2 * DAY, places: 2 });
      const future = await createCircleTaskRecord(tx, { circleId: circle.id, startsAt: now + 3 * DAY, places: 2 });
      await tx.insert(circleTaskClaim).values([
        { occurrenceId: past.occurrence.id, userId: people.leaver, claimedAt: now - 3 * DAY },
        { occurrenceId: past.occurrence.id, userId: people.removed, claimedAt: now - 3 * DAY },
      ]);
      return { circleId: circle.id, past: past.occurrence.id, future: future.occurrence.id };
    });
    for (const who of [people.leaver, people.removed])
      await changeCirclePlace({ ctx: await ctxFor(who), input: { circleId, form: { intent: "claim", occurrenceId: future } } });
    const pendingReminders = async (userId: number) =>
      (
        await database.db
          .select()
          .from(emailOutbox)
          .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.template, "reminder"), eq(emailOutbox.status, "pending")))
      ).length;
    expect(await pendingReminders(people.leaver)).toBeGreaterThan(0);

    await leaveCircle({ ctx: await ctxFor(people.leaver), input: { circleId } });
    await removeCircleMember({ ctx: await ctxFor(people.lead), input: { circleId, userId: people.removed } });

    const claims = await database.db
      .select()
      .from(circleTaskClaim)
      .where(inArray(circleTaskClaim.occurrenceId, [past, future]));
    const of = (occurrenceId: number, userId: number) => claims.find((c) => c.occurrenceId === occurrenceId && c.userId === userId)!;
    for (const who of [people.leaver, people.removed]) {
      expect(of(future, who).releasedAt).toBe(now);
      expect(of(past, who).releasedAt).toBeNull();
      expect(await pendingReminders(who)).toBe(0);
    }
  });
});
