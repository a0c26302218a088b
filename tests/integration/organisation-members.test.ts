import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { createDatabase, migrateDatabase } from "#db/client";
import {
  emailOutbox,
  initiative,
  initiativePartner,
  neighbourhoodAdjacency,
  organisation,
  organisationInvitation,
  organisationMembership,
  organisationNeighbourhood,
  skill,
  user,
  volunteerAvailability,
  volunteerProfile,
} from "#db/schema";
import { DEMO_ACCOUNTS, seedDatabase } from "~/demo/seed";
import { DEMO_ADJACENCY, DEMO_SKILLS } from "~/demo/seed-community";
import { DomainError, Forbidden, NotFound, Unauthenticated } from "~/domain/errors";
import {
  acceptInvitation,
  declineInvitation,
  describeInvitation,
  INVITATION_TTL,
  INVITATIONS_PER_DAY,
  inviteMember,
  revokeInvitation,
} from "~/domain/organisations/invitations.server";
import {
  approveOrganisation,
  changeMemberRole,
  getOrganisationPage,
  listMembersForManagement,
  registerOrganisation,
  removeMember,
} from "~/domain/organisations/organisations.server";
import { addMember, createOrganisation, createUser, serveNeighbourhoods } from "~/demo/builders";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";
import { as, clubSlug, ctxFor, database, ids, now, registration, setUpOrganisationsWorld } from "./organisations-world";

setUpOrganisationsWorld();

/** The link in the newest invitation mail to this address (opened from the sealed secrets). */
async function invitationLink(email: string): Promise<string> {
  const rows = await database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "organisation-invitation")));
  const row = rows.at(-1);
  expect(row, `an invitation mail to ${email}`).toBeDefined();
  return (defaultTestKeys.open(row!.sealedSecrets!) as { link: string }).link;
}
const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);
const invitationMails = (email: string) =>
  database.db.$count(emailOutbox, and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "organisation-invitation")));

describe("managing members", () => {
  let slug = "";
  let orgId = 0;
  let newcomer = 0;
  beforeAll(async () => {
    const created = await registerOrganisation({ ctx: await as("clubAdmin"), input: registration({ name: "Schaakclub De Toren" }) });
    slug = created.slug;
    orgId = created.id;
    newcomer = await database.write(
      async (tx) => (await createUser(tx, { email: "nieuw.lid@example.org", neighbourhoodId: ids.north })).id,
    );
  });
  const roleOf = async (userId: number) =>
    (
      await database.db.query.organisationMembership.findFirst({
        where: and(eq(organisationMembership.organisationId, orgId), eq(organisationMembership.userId, userId)),
      })
    )?.role ?? null;
  /** The admin invites; the person accepts from the mail, signed in with that address. */
  async function join(email: string, userId: number, role: "member" | "admin") {
    await inviteMember({ ctx: await as("clubAdmin"), input: { slug, email, role } });
    await acceptInvitation({ ctx: await ctxFor(userId), input: { token: tokenOf(await invitationLink(email)) } });
  }

  test("a pending organisation cannot invite anyone, not even through a platform admin; once approved it can", async () => {
    for (const who of ["clubAdmin", "admin"] as const) {
      expect(
        await fieldErrors(inviteMember({ ctx: await as(who), input: { slug, email: "club.lid@example.org", role: "member" } })),
      ).toEqual({
        form: ["community.errors.invitePending"],
      });
    }
    expect(await invitationMails("club.lid@example.org")).toBe(0);
    await approveOrganisation({ ctx: await as("admin"), input: { organisationId: orgId } });
    await join("club.lid@example.org", ids.clubMember, "member");
    expect(await roleOf(ids.clubMember)).toBe("member");
  });

  test("another organisation's admin, a plain member and a resident cannot invite, revoke or change members", async () => {
    await inviteMember({ ctx: await as("clubAdmin"), input: { slug, email: "iemand@example.org", role: "member" } });
    const { invitations } = await listMembersForManagement({ ctx: await as("clubAdmin"), input: { slug } });
    const open = invitations.find((i) => i.maskedEmail === "i•••••@example.org")!;
    for (const who of ["otherAdmin", "clubMember", "resident"] as const) {
      await expect(
        inviteMember({ ctx: await as(who), input: { slug, email: "bewoner@example.org", role: "admin" } }),
      ).rejects.toBeInstanceOf(DomainError);
      await expect(revokeInvitation({ ctx: await as(who), input: { slug, invitationId: open.id } })).rejects.toBeInstanceOf(DomainError);
      await expect(changeMemberRole({ ctx: await as(who), input: { slug, userId: ids.clubMember, role: "admin" } })).rejects.toBeInstanceOf(
        DomainError,
      );
      await expect(removeMember({ ctx: await as(who), input: { slug, userId: ids.clubAdmin } })).rejects.toBeInstanceOf(DomainError);
    }
    await expect(
      inviteMember({ ctx: await as(null), input: { slug, email: "bewoner@example.org", role: "admin" } }),
    ).rejects.toBeInstanceOf(Unauthenticated);
    expect(await invitationMails("bewoner@example.org")).toBe(0);
    expect(await roleOf(ids.resident)).toBeNull();
    expect(await roleOf(ids.clubMember)).toBe("member");
    expect(await roleOf(ids.clubAdmin)).toBe("admin");
    await revokeInvitation({ ctx: await as("clubAdmin"), input: { slug, invitationId: open.id } });
  });

  test("a bad address is a field message; an invited person with an account becomes a member only by accepting", async () => {
    const ctx = await as("clubAdmin");
    expect(await fieldErrors(inviteMember({ ctx, input: { slug, email: "geen-adres", role: "member" } }))).toEqual({
      email: ["errors.email.invalid"],
    });
    await inviteMember({ ctx, input: { slug, email: " Nieuw.Lid@Example.org ", role: "member" } });
    expect(await roleOf(newcomer)).toBeNull();
    const before = await listMembersForManagement({ ctx, input: { slug } });
    expect(before.members.map((m) => m.email).sort()).toEqual(["club.admin@example.org", "club.lid@example.org"]);
    expect(before.invitations.map((i) => [i.maskedEmail, i.role])).toEqual([["n•••••@example.org", "member"]]);
    await acceptInvitation({ ctx: await ctxFor(newcomer), input: { token: tokenOf(await invitationLink("nieuw.lid@example.org")) } });
    expect(await roleOf(newcomer)).toBe("member");
    const after = await listMembersForManagement({ ctx, input: { slug } });
    expect(after.members.map((m) => m.email).sort()).toEqual(["club.admin@example.org", "club.lid@example.org", "nieuw.lid@example.org"]);
    expect(after.invitations).toEqual([]);
  });

  test("the last admin cannot be demoted or removed, not even by a platform admin", async () => {
    for (const who of ["clubAdmin", "admin"] as const) {
      const ctx = await as(who);
      expect(await fieldErrors(changeMemberRole({ ctx, input: { slug, userId: ids.clubAdmin, role: "member" } }))).toEqual({
        form: ["community.errors.lastAdmin"],
      });
      expect(await fieldErrors(removeMember({ ctx, input: { slug, userId: ids.clubAdmin } }))).toEqual({
        form: ["community.errors.lastAdmin"],
      });
    }
    expect(await roleOf(ids.clubAdmin)).toBe("admin");
  });

  test("with a second admin, the first can step down; a member can leave; removing a non-member is not found", async () => {
    const ctx = await as("clubAdmin");
    await changeMemberRole({ ctx, input: { slug, userId: newcomer, role: "admin" } });
    await changeMemberRole({ ctx, input: { slug, userId: ids.clubAdmin, role: "member" } });
    expect(await roleOf(ids.clubAdmin)).toBe("member");
    expect(await roleOf(newcomer)).toBe("admin");
    await removeMember({ ctx: await as("clubMember"), input: { slug, userId: ids.clubMember } });
    expect(await roleOf(ids.clubMember)).toBeNull();
    await expect(removeMember({ ctx: await as("admin"), input: { slug, userId: ids.resident } })).rejects.toBeInstanceOf(NotFound);
  });

  test("two admins demoting each other at the same time leave one admin", async () => {
    const ctxNew = await ctxFor(newcomer);
    await changeMemberRole({ ctx: ctxNew, input: { slug, userId: ids.clubAdmin, role: "admin" } });
    const [a, b] = await Promise.allSettled([
      changeMemberRole({ ctx: await ctxFor(newcomer), input: { slug, userId: ids.clubAdmin, role: "member" } }),
      changeMemberRole({ ctx: await as("clubAdmin"), input: { slug, userId: newcomer, role: "member" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    const admins = await database.db
      .select()
      .from(organisationMembership)
      .where(and(eq(organisationMembership.organisationId, orgId), eq(organisationMembership.role, "admin")));
    expect(admins).toHaveLength(1);
  });
});

describe("membership by invitation", () => {
  const club = () => ({ slug: clubSlug });
  const invite = async (email: string, role: "member" | "admin" = "member", who: keyof typeof ids = "clubAdmin", at = now) =>
    inviteMember({ ctx: await ctxAs(database, ids[who], { now: () => at }), input: { ...club(), email, role } });
  const membership = (userId: number) =>
    database.db.query.organisationMembership.findFirst({
      where: and(eq(organisationMembership.organisationId, ids.club), eq(organisationMembership.userId, userId)),
    });
  const invitationRow = (email: string) =>
    database.db
      .select()
      .from(organisationInvitation)
      .where(and(eq(organisationInvitation.organisationId, ids.club), eq(organisationInvitation.email, email)));

  test("inviting writes an invitation mail with the organisation, the role and a one-time link; the token is stored hashed", async () => {
    await invite("nieuwkomer@example.org", "admin");
    const rows = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "nieuwkomer@example.org"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: "organisation-invitation", userId: null, status: "pending" });
    expect(rows[0]!.props).toEqual({ organisationName: "Voetbalclub Noord", role: "admin", expiresInDays: 14 });
    const link = await invitationLink("nieuwkomer@example.org");
    expect(link).toMatch(/^http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{43}$/);
    const [row] = await invitationRow("nieuwkomer@example.org");
    expect(row).toMatchObject({
      role: "admin",
      status: "open",
      invitedBy: ids.clubAdmin,
      createdAt: now,
      expiresAt: now + 14 * 24 * 60 * 60_000,
    });
    expect(row!.tokenHash).not.toContain(tokenOf(link));
    expect(INVITATION_TTL).toBe(14 * 24 * 60 * 60_000);
  });

  test("the answer is the same for an unknown address, an account and a member; a member gets no mail", async () => {
    const memberMailsBefore = await invitationMails("club.lid@example.org");
    const outcomes = [await invite("onbekend@example.org"), await invite("bewoner@example.org"), await invite("club.lid@example.org")];
    expect(outcomes).toEqual([undefined, undefined, undefined]);
    expect(await invitationMails("onbekend@example.org")).toBe(1);
    expect(await invitationMails("bewoner@example.org")).toBe(1);
    expect(await invitationMails("club.lid@example.org")).toBe(memberMailsBefore);
    expect((await membership(ids.resident)) ?? null).toBeNull();
    expect((await membership(ids.clubMember))?.role).toBe("member");
  });

  test("the member list shows no name or address of anyone who has not accepted", async () => {
    const list = await listMembersForManagement({ ctx: await as("clubAdmin"), input: club() });
    const resident = await database.db.query.user.findFirst({ where: eq(user.id, ids.resident) });
    const text = JSON.stringify(list);
    const name = new RegExp(`${resident!.name}(?!\\d)`);
    expect(text).not.toMatch(name);
    expect(text).not.toContain("bewoner@example.org");
    expect(text).not.toContain("onbekend@example.org");
    expect(list.invitations.map((i) => i.maskedEmail)).toEqual(expect.arrayContaining(["b•••••@example.org", "o•••••@example.org"]));
    expect(list.members.map((m) => m.userId).sort()).toEqual([ids.clubAdmin, ids.clubMember].sort());
    // The organisation's public page lists members only.
    const page = await getOrganisationPage({ ctx: await as("clubMember"), input: club() });
    expect(JSON.stringify(page.members)).not.toMatch(name);
  });

  test("a pending organisation cannot send invitations", async () => {
    const pending = await database.write(async (tx) => {
      const org = await createOrganisation(tx, { name: "Wachtende Club", status: "pending" });
      await serveNeighbourhoods(tx, org.id, [ids.north]);
      await addMember(tx, org.id, ids.otherAdmin, "admin");
      return org;
    });
    expect(
      await fieldErrors(
        inviteMember({ ctx: await as("otherAdmin"), input: { slug: pending.slug, email: "vreemde@example.org", role: "admin" } }),
      ),
    ).toEqual({ form: ["community.errors.invitePending"] });
    expect(await invitationMails("vreemde@example.org")).toBe(0);
  });

  test("the link shows the organisation, the role and the masked address; it stops working after 14 days", async () => {
    await invite("later@example.org", "member");
    const token = tokenOf(await invitationLink("later@example.org"));
    const view = await describeInvitation({ ctx: await as(null), input: { token } });
    expect(view).toEqual({
      organisation: { name: "Voetbalclub Noord", slug: clubSlug },
      role: "member",
      expiresAt: now + INVITATION_TTL,
      maskedEmail: "l•••••@example.org",
      viewer: "signed-out",
    });
    const at = async (t: number) => ctxAs(database, null, { now: () => t });
    await expect(describeInvitation({ ctx: await at(now + INVITATION_TTL - 1), input: { token } })).resolves.toMatchObject({
      role: "member",
    });
    await expect(describeInvitation({ ctx: await at(now + INVITATION_TTL), input: { token } })).rejects.toBeInstanceOf(NotFound);
    await expect(declineInvitation({ ctx: await at(now + INVITATION_TTL), input: { token } })).rejects.toBeInstanceOf(NotFound);
    await expect(describeInvitation({ ctx: await as(null), input: { token: "onzin" } })).rejects.toBeInstanceOf(NotFound);
  });

  test("an expired invitation cannot be accepted", async () => {
    const person = await database.write(
      async (tx) => (await createUser(tx, { email: "te.laat@example.org", neighbourhoodId: ids.north })).id,
    );
    await invite("te.laat@example.org");
    const token = tokenOf(await invitationLink("te.laat@example.org"));
    await expect(
      acceptInvitation({ ctx: await ctxAs(database, person, { now: () => now + INVITATION_TTL }), input: { token } }),
    ).rejects.toBeInstanceOf(NotFound);
    expect((await membership(person)) ?? null).toBeNull();
  });

  test("a new invitation for the same address replaces the open one", async () => {
    await invite("twee.keer@example.org", "member");
    const first = tokenOf(await invitationLink("twee.keer@example.org"));
    await invite("twee.keer@example.org", "admin");
    const second = tokenOf(await invitationLink("twee.keer@example.org"));
    expect(second).not.toBe(first);
    await expect(describeInvitation({ ctx: await as(null), input: { token: first } })).rejects.toBeInstanceOf(NotFound);
    expect((await describeInvitation({ ctx: await as(null), input: { token: second } })).role).toBe("admin");
    const rows = await invitationRow("twee.keer@example.org");
    expect(rows.map((r) => r.status).sort()).toEqual(["open", "revoked"]);
  });

  test("the admin revokes an open invitation: the link stops working and it leaves the list", async () => {
    await invite("ingetrokken@example.org");
    const token = tokenOf(await invitationLink("ingetrokken@example.org"));
    const ctx = await as("clubAdmin");
    const open = (await listMembersForManagement({ ctx, input: club() })).invitations.find((i) => i.maskedEmail === "i•••••@example.org")!;
    await expect(revokeInvitation({ ctx: await as("otherAdmin"), input: { ...club(), invitationId: open.id } })).rejects.toBeInstanceOf(
      DomainError,
    );
    await revokeInvitation({ ctx, input: { ...club(), invitationId: open.id } });
    await expect(describeInvitation({ ctx: await as(null), input: { token } })).rejects.toBeInstanceOf(NotFound);
    expect((await listMembersForManagement({ ctx, input: club() })).invitations.map((i) => i.id)).not.toContain(open.id);
    await expect(revokeInvitation({ ctx, input: { ...club(), invitationId: open.id } })).rejects.toBeInstanceOf(NotFound);
  });

  test("declining needs only the link; afterwards the link no longer works and nobody became a member", async () => {
    await invite("bewoner@example.org");
    const token = tokenOf(await invitationLink("bewoner@example.org"));
    expect(await declineInvitation({ ctx: await as(null), input: { token } })).toEqual({
      organisation: { name: "Voetbalclub Noord", slug: clubSlug },
    });
    const rows = await invitationRow("bewoner@example.org");
    expect(rows.filter((r) => r.status === "declined")).toHaveLength(1);
    await expect(describeInvitation({ ctx: await as(null), input: { token } })).rejects.toBeInstanceOf(NotFound);
    await expect(acceptInvitation({ ctx: await as("resident"), input: { token } })).rejects.toBeInstanceOf(NotFound);
    expect((await membership(ids.resident)) ?? null).toBeNull();
  });

  test("accepting needs a session of the invited address: signed out or as another account is refused", async () => {
    await invite("bewoner@example.org", "admin");
    const token = tokenOf(await invitationLink("bewoner@example.org"));
    await expect(acceptInvitation({ ctx: await as(null), input: { token } })).rejects.toBeInstanceOf(Unauthenticated);
    expect((await describeInvitation({ ctx: await as("otherAdmin"), input: { token } })).viewer).toBe("other");
    await expect(acceptInvitation({ ctx: await as("otherAdmin"), input: { token } })).rejects.toBeInstanceOf(Forbidden);
    expect((await membership(ids.otherAdmin)) ?? null).toBeNull();
    const [open] = (await invitationRow("bewoner@example.org")).filter((r) => r.status === "open");
    expect(open).toBeDefined();
  });

  test("accepting makes the membership with the offered role and closes the invitation; accepting twice is harmless", async () => {
    const token = tokenOf(await invitationLink("bewoner@example.org"));
    const ctx = await as("resident");
    expect((await describeInvitation({ ctx, input: { token } })).viewer).toBe("invited");
    const first = await acceptInvitation({ ctx, input: { token } });
    expect(first).toMatchObject({ organisation: { slug: clubSlug }, role: "admin", already: false });
    expect((await membership(ids.resident))?.role).toBe("admin");
    const rows = await invitationRow("bewoner@example.org");
    expect(rows.filter((r) => r.status === "accepted")).toEqual([expect.objectContaining({ closedAt: now })]);
    const again = await Promise.all([
      acceptInvitation({ ctx, input: { token } }),
      acceptInvitation({ ctx: await as("resident"), input: { token } }),
    ]);
    expect(again.map((a) => a.already)).toEqual([true, true]);
    expect(
      await database.db.$count(
        organisationMembership,
        and(eq(organisationMembership.organisationId, ids.club), eq(organisationMembership.userId, ids.resident)),
      ),
    ).toBe(1);
    // The used link is gone for everyone else.
    await expect(describeInvitation({ ctx: await as(null), input: { token } })).rejects.toBeInstanceOf(NotFound);
    await expect(acceptInvitation({ ctx: await as("otherAdmin"), input: { token } })).rejects.toBeInstanceOf(NotFound);
    await database.write((tx) =>
      tx
        .delete(organisationMembership)
        .where(and(eq(organisationMembership.organisationId, ids.club), eq(organisationMembership.userId, ids.resident))),
    );
  });

  test("two accepts racing make one membership", async () => {
    await invite("bewoner@example.org");
    const token = tokenOf(await invitationLink("bewoner@example.org"));
    const results = await Promise.allSettled([
      acceptInvitation({ ctx: await as("resident"), input: { token } }),
      acceptInvitation({ ctx: await as("resident"), input: { token } }),
    ]);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value.already : null)).sort()).toEqual([false, true]);
    expect((await membership(ids.resident))?.role).toBe("member");
  });

  test(`an organisation sends at most ${INVITATIONS_PER_DAY} invitations per 24 hours`, async () => {
    const org = await database.write(async (tx) => {
      const row = await createOrganisation(tx, { name: "Drukke Club" });
      await addMember(tx, row.id, ids.otherAdmin, "admin");
      return row;
    });
    const ctx = await as("otherAdmin");
    for (let n = 0; n < INVITATIONS_PER_DAY; n++)
      await inviteMember({ ctx, input: { slug: org.slug, email: `persoon${n}@example.org`, role: "member" } });
    expect(await fieldErrors(inviteMember({ ctx, input: { slug: org.slug, email: "een.te.veel@example.org", role: "member" } }))).toEqual({
      form: ["community.errors.inviteLimit"],
    });
    expect(await invitationMails("een.te.veel@example.org")).toBe(0);
    const nextDay = await ctxAs(database, ids.otherAdmin, { now: () => now + 24 * 60 * 60_000 + 1 });
    await inviteMember({ ctx: nextDay, input: { slug: org.slug, email: "een.te.veel@example.org", role: "member" } });
    expect(await invitationMails("een.te.veel@example.org")).toBe(1);
  });
});

describe("the demo seed's community data", () => {
  // Always a local file: the seed refuses a libSQL server by design.
  test("skills, adjacency, organisations with neighbourhoods, contact and an admin, initiatives with partners, volunteer profiles", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "noaber-seed-community-"));
    const demo = createDatabase({ url: `file:${path.join(dir, "seed.db")}` });
    try {
      await migrateDatabase(demo);
      const seededAt = Date.UTC(2026, 10, 1, 9, 0);
      expect(await seedDatabase(demo, { now: seededAt })).toEqual({ seeded: true });
      const db = demo.db;
      expect(await db.$count(skill)).toBe(DEMO_SKILLS.length);
      expect(await db.$count(skill, eq(skill.kind, "interest"))).toBeGreaterThan(0);
      const adjacency = await db.select().from(neighbourhoodAdjacency);
      expect(adjacency).toHaveLength(DEMO_ADJACENCY.length * 2);
      for (const a of adjacency)
        expect(adjacency.some((b) => b.neighbourhoodId === a.adjacentId && b.adjacentId === a.neighbourhoodId)).toBe(true);
      const organisations = await db.select().from(organisation);
      for (const o of organisations) {
        expect(await db.$count(organisationNeighbourhood, eq(organisationNeighbourhood.organisationId, o.id))).toBeGreaterThan(0);
        expect(
          await db.$count(
            organisationMembership,
            and(eq(organisationMembership.organisationId, o.id), eq(organisationMembership.role, "admin")),
          ),
        ).toBe(1);
        expect(o.contactEmail ?? o.contactPhone ?? o.website).toBeTruthy();
      }
      expect(organisations.filter((o) => o.status === "pending").map((o) => o.slug)).toEqual(["bakkerij-van-dam"]);
      expect(await db.$count(initiative)).toBeGreaterThanOrEqual(3);
      expect(await db.$count(initiativePartner)).toBeGreaterThanOrEqual(3);
      const [willem] = await db.select().from(user).where(eq(user.email, DEMO_ACCOUNTS.volunteer));
      const profile = await db.query.volunteerProfile.findFirst({ where: eq(volunteerProfile.userId, willem!.id) });
      expect(profile?.vogStatus).toBe("valid");
      expect(profile!.vogValidUntil! > "2029-01-01").toBe(true);
      expect(await db.$count(volunteerAvailability, eq(volunteerAvailability.userId, willem!.id))).toBe(2);
      // Willem and Fatima here; four more helpers come with the demo's help requests (app/demo/seed-help-requests.ts).
      expect(await db.$count(volunteerProfile)).toBe(6);
      // Idempotent: a second run changes nothing.
      expect(await seedDatabase(demo, { now: seededAt + 1000 })).toEqual({ seeded: false });
      expect(await db.$count(skill)).toBe(DEMO_SKILLS.length);
    } finally {
      demo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
