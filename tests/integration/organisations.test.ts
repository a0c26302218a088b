import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, migrateDatabase } from "#db/client";
import {
  initiative,
  initiativePartner,
  neighbourhoodAdjacency,
  organisation,
  organisationMembership,
  organisationNeighbourhood,
  skill,
  user,
  volunteerAvailability,
  volunteerProfile,
} from "#db/schema";
import { DEMO_ACCOUNTS, seedDatabase } from "#db/seed";
import { DEMO_ADJACENCY, DEMO_SKILLS } from "#db/seed-community";
import type { Ctx } from "~/domain/context.server";
import { DomainError, Forbidden, NotFound, Unauthenticated } from "~/domain/errors";
import {
  addMemberByEmail,
  approveOrganisation,
  changeMemberRole,
  firstFreeSlug,
  getOrganisationForEdit,
  getOrganisationPage,
  listMembersForManagement,
  listPendingOrganisations,
  registerOrganisation,
  removeMember,
  slugify,
  updateOrganisation,
} from "~/domain/organisations.server";
import type { OrganisationInput } from "~/domain/community-schemas";
import {
  addMember,
  createActivity,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  grantAdmin,
  grantCoordinator,
  serveNeighbourhoods,
} from "#tests/factories";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";

let database: TestDatabase;
const now = Date.UTC(2026, 10, 28, 10, 0);

const ids = {} as Record<
  "north" | "south" | "admin" | "coordNorth" | "coordSouth" | "resident" | "clubAdmin" | "clubMember" | "otherAdmin" | "club" | "otherClub",
  number
>;
let clubSlug = "";

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    const person = async (email: string, neighbourhoodId = ids.north) => (await createUser(tx, { email, neighbourhoodId })).id;
    ids.admin = await person("admin@example.org");
    await grantAdmin(tx, ids.admin);
    ids.coordNorth = await person("coord.noord@example.org");
    await grantCoordinator(tx, ids.coordNorth, [ids.north]);
    ids.coordSouth = await person("coord.zuid@example.org", ids.south);
    await grantCoordinator(tx, ids.coordSouth, [ids.south]);
    ids.resident = await person("bewoner@example.org");
    ids.clubAdmin = await person("club.admin@example.org");
    ids.clubMember = await person("club.lid@example.org");
    ids.otherAdmin = await person("andere.club@example.org", ids.south);
    const club = await createOrganisation(tx, { name: "Voetbalclub Noord", contactEmail: "info@vcnoord.example.org" });
    clubSlug = club.slug;
    ids.club = club.id;
    await serveNeighbourhoods(tx, club.id, [ids.north]);
    await addMember(tx, club.id, ids.clubAdmin, "admin");
    await addMember(tx, club.id, ids.clubMember, "member");
    ids.otherClub = (await createOrganisation(tx, { name: "Zangkoor Zuid" })).id;
    await serveNeighbourhoods(tx, ids.otherClub, [ids.south]);
    await addMember(tx, ids.otherClub, ids.otherAdmin, "admin");
    const initiative = await createInitiative(tx, { organisationId: club.id, title: "Iedereen beweegt" });
    await createActivity(tx, { organisationId: club.id, neighbourhoodId: ids.north, initiativeId: initiative.id, title: "Wandelvoetbal" });
  });
});
afterAll(() => database.cleanup());

function ctxFor(userId: number | null): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => now });
}

const as = (who: keyof typeof ids | null) => ctxFor(who === null ? null : ids[who]);

const registration = (values: Partial<OrganisationInput> = {}): OrganisationInput => ({
  name: "Sportclub Oost",
  kind: "sports",
  description: "Sporten voor iedereen.",
  contactEmail: "info@oost.example.org",
  contactPhone: "053 123 45 67",
  website: "www.oost.example.org",
  neighbourhoodIds: [ids.north],
  ...values,
});

describe("slugs", () => {
  test("are derived from the name without accents or punctuation", () => {
    expect(slugify("Café 't Hoekje!")).toBe("cafe-t-hoekje");
    expect(slugify("  Ökumenische  Zangvereniging  ")).toBe("okumenische-zangvereniging");
    expect(slugify("!!")).toBe("organisatie");
    expect(slugify("x".repeat(100))).toHaveLength(56);
  });

  test("get a number when the name is taken", () => {
    expect(firstFreeSlug("club", new Set())).toBe("club");
    expect(firstFreeSlug("club", new Set(["club", "club-2"]))).toBe("club-3");
  });
});

describe("registering an organisation", () => {
  test("a signed-in person registers it: pending, they are its admin, contact and neighbourhoods stored", async () => {
    const created = await registerOrganisation({ ctx: await as("resident"), input: registration() });
    expect(created.slug).toBe("sportclub-oost");
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, created.id) });
    expect(row).toMatchObject({
      status: "pending",
      kind: "sports",
      contactEmail: "info@oost.example.org",
      contactPhone: "053 123 45 67",
      website: "https://www.oost.example.org",
      approvedBy: null,
    });
    const members = await database.db.select().from(organisationMembership).where(eq(organisationMembership.organisationId, created.id));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[ids.resident, "admin"]]);
    const served = await database.db.select().from(organisationNeighbourhood).where(eq(organisationNeighbourhood.organisationId, created.id));
    expect(served.map((s) => s.neighbourhoodId)).toEqual([ids.north]);
  });

  test("the same name twice gets a unique slug", async () => {
    const second = await registerOrganisation({ ctx: await as("clubMember"), input: registration() });
    expect(second.slug).toBe("sportclub-oost-2");
  });

  test("bad input gives field messages", async () => {
    const ctx = await as("resident");
    expect(await fieldErrors(registerOrganisation({ ctx, input: registration({ neighbourhoodIds: [] }) }))).toMatchObject({
      neighbourhoodIds: ["community.errors.neighbourhoodsRequired"],
    });
    expect(await fieldErrors(registerOrganisation({ ctx, input: registration({ website: "javascript:alert(1)" }) }))).toMatchObject({
      website: ["community.errors.websiteInvalid"],
    });
    expect(await fieldErrors(registerOrganisation({ ctx, input: registration({ contactPhone: "bel mij" }) }))).toMatchObject({
      contactPhone: ["community.errors.phoneInvalid"],
    });
    expect(await fieldErrors(registerOrganisation({ ctx, input: registration({ neighbourhoodIds: [999_999] }) }))).toMatchObject({
      neighbourhoodIds: ["community.errors.neighbourhoodsRequired"],
    });
  });

  test("needs a signed-in person", async () => {
    await expect(registerOrganisation({ ctx: await as(null), input: registration() })).rejects.toBeInstanceOf(Unauthenticated);
  });
});

describe("pending organisations and approval", () => {
  let pending: { id: number; slug: string };
  beforeAll(async () => {
    pending = await registerOrganisation({ ctx: await as("clubAdmin"), input: registration({ name: "Buurtmoestuin Noord" }) });
  });

  test("are seen only by their members, coordinators of the neighbourhoods they serve, and admins", async () => {
    for (const who of ["clubAdmin", "coordNorth", "admin"] as const) {
      const page = await getOrganisationPage({ ctx: await as(who), input: { slug: pending.slug } });
      expect(page.organisation.status).toBe("pending");
    }
    for (const who of ["resident", "coordSouth", "otherAdmin", null] as const) {
      await expect(getOrganisationPage({ ctx: await as(who), input: { slug: pending.slug } })).rejects.toBeInstanceOf(NotFound);
    }
  });

  test("the approval list holds what the actor may approve; residents have none", async () => {
    const north = await listPendingOrganisations({ ctx: await as("coordNorth") });
    expect(north.map((o) => o.slug)).toContain(pending.slug);
    expect(north.find((o) => o.slug === pending.slug)?.admins.map((a) => a.email)).toEqual(["club.admin@example.org"]);
    const south = await listPendingOrganisations({ ctx: await as("coordSouth") });
    expect(south.map((o) => o.slug)).not.toContain(pending.slug);
    expect((await listPendingOrganisations({ ctx: await as("admin") })).map((o) => o.slug)).toContain(pending.slug);
    await expect(listPendingOrganisations({ ctx: await as("resident") })).rejects.toBeInstanceOf(Forbidden);
  });

  test("its own admin, a resident and a coordinator of another neighbourhood cannot approve", async () => {
    await expect(approveOrganisation({ ctx: await as("clubAdmin"), input: { organisationId: pending.id } })).rejects.toBeInstanceOf(Forbidden);
    await expect(approveOrganisation({ ctx: await as("resident"), input: { organisationId: pending.id } })).rejects.toBeInstanceOf(NotFound);
    await expect(approveOrganisation({ ctx: await as("coordSouth"), input: { organisationId: pending.id } })).rejects.toBeInstanceOf(NotFound);
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, pending.id) });
    expect(row?.status).toBe("pending");
  });

  test("a coordinator of a neighbourhood it serves approves it; who and when are recorded; then it is public", async () => {
    const result = await approveOrganisation({ ctx: await as("coordNorth"), input: { organisationId: pending.id } });
    expect(result).toEqual({ slug: pending.slug, approved: true });
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, pending.id) });
    expect(row).toMatchObject({ status: "approved", approvedBy: ids.coordNorth, approvedAt: now });
    const page = await getOrganisationPage({ ctx: await as(null), input: { slug: pending.slug } });
    expect(page.organisation.name).toBe("Buurtmoestuin Noord");
    const again = await approveOrganisation({ ctx: await as("admin"), input: { organisationId: pending.id } });
    expect(again.approved).toBe(false);
  });

  test("deleting the account of whoever approved keeps the organisation and clears the link", async () => {
    const approver = await database.write(async (tx) => {
      const id = (await createUser(tx, { neighbourhoodId: ids.south })).id;
      await grantCoordinator(tx, id, [ids.south]);
      return id;
    });
    const org = await registerOrganisation({ ctx: await as("otherAdmin"), input: registration({ name: "Fietsclub Zuid", neighbourhoodIds: [ids.south] }) });
    await approveOrganisation({ ctx: await ctxFor(approver), input: { organisationId: org.id } });
    await database.write((tx) => tx.delete(user).where(eq(user.id, approver)));
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, org.id) });
    expect(row).toMatchObject({ status: "approved", approvedBy: null, approvedAt: now });
  });

  test("an admin approves any pending organisation", async () => {
    const other = await registerOrganisation({ ctx: await as("otherAdmin"), input: registration({ name: "Jeugdtheater Zuid", neighbourhoodIds: [ids.south] }) });
    await expect(approveOrganisation({ ctx: await as("coordNorth"), input: { organisationId: other.id } })).rejects.toBeInstanceOf(NotFound);
    expect((await approveOrganisation({ ctx: await as("admin"), input: { organisationId: other.id } })).approved).toBe(true);
  });
});

describe("the organisation page", () => {
  test("shows kind, contact, neighbourhoods, initiatives and activities to everyone, members only to members and admins", async () => {
    const page = await getOrganisationPage({ ctx: await as(null), input: { slug: clubSlug } });
    expect(page.organisation).toMatchObject({ name: "Voetbalclub Noord", contactEmail: "info@vcnoord.example.org", status: "approved" });
    expect(page.neighbourhoods.map((n) => n.name)).toEqual(["Noord"]);
    expect(page.initiatives.map((i) => i.title)).toEqual(["Iedereen beweegt"]);
    expect(page.initiatives[0]?.reach).toBeNull();
    expect(page.activities.map((a) => a.title)).toEqual(["Wandelvoetbal"]);
    expect(page.members).toBeNull();
    for (const who of ["resident", "otherAdmin", "coordNorth"] as const) {
      expect((await getOrganisationPage({ ctx: await as(who), input: { slug: clubSlug } })).members).toBeNull();
    }
    const asMember = await getOrganisationPage({ ctx: await as("clubMember"), input: { slug: clubSlug } });
    expect(asMember.members?.map((m) => m.role).sort()).toEqual(["admin", "member"]);
    expect(asMember.initiatives[0]?.reach).toEqual({ participations: 0, uniqueParticipants: 0, volunteers: 0, volunteerMinutes: 0 });
    expect(asMember.access).toMatchObject({ canManage: false, canPost: true });
    expect((await getOrganisationPage({ ctx: await as("admin"), input: { slug: clubSlug } })).members).toHaveLength(2);
  });

  test("an unknown slug is not found", async () => {
    await expect(getOrganisationPage({ ctx: await as(null), input: { slug: "bestaat-niet" } })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("editing an organisation", () => {
  test("its admin edits content and neighbourhoods; the slug stays", async () => {
    const ctx = await as("clubAdmin");
    const current = await getOrganisationForEdit({ ctx, input: { slug: clubSlug } });
    await updateOrganisation({
      ctx,
      input: { ...current, slug: clubSlug, description: "Nieuwe tekst", contactPhone: "+31 53 000 00 00", neighbourhoodIds: [ids.north, ids.south] },
    });
    const page = await getOrganisationPage({ ctx, input: { slug: clubSlug } });
    expect(page.organisation).toMatchObject({ description: "Nieuwe tekst", contactPhone: "+31 53 000 00 00", slug: clubSlug });
    expect(page.neighbourhoods.map((n) => n.name)).toEqual(["Noord", "Zuid"]);
  });

  test("a plain member, another organisation's admin and a coordinator may not", async () => {
    for (const who of ["clubMember", "otherAdmin", "coordNorth"] as const) {
      await expect(getOrganisationForEdit({ ctx: await as(who), input: { slug: clubSlug } })).rejects.toBeInstanceOf(Forbidden);
      await expect(
        updateOrganisation({ ctx: await as(who), input: { ...registration({ name: "Overgenomen" }), slug: clubSlug } }),
      ).rejects.toBeInstanceOf(Forbidden);
    }
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, ids.club) });
    expect(row?.name).toBe("Voetbalclub Noord");
  });

  test("bad contact details give field messages and change nothing", async () => {
    const errors = await fieldErrors(
      updateOrganisation({ ctx: await as("clubAdmin"), input: { ...registration({ contactEmail: "geen-adres" as string }), slug: clubSlug } }),
    );
    expect(errors.contactEmail).toEqual(["errors.email.invalid"]);
  });
});

describe("managing members", () => {
  let slug = "";
  let orgId = 0;
  let newcomer = 0;
  beforeAll(async () => {
    const created = await registerOrganisation({ ctx: await as("clubAdmin"), input: registration({ name: "Schaakclub De Toren" }) });
    slug = created.slug;
    orgId = created.id;
    newcomer = await database.write(async (tx) => (await createUser(tx, { email: "nieuw.lid@example.org", neighbourhoodId: ids.north })).id);
  });
  const roleOf = async (userId: number) =>
    (
      await database.db.query.organisationMembership.findFirst({
        where: and(eq(organisationMembership.organisationId, orgId), eq(organisationMembership.userId, userId)),
      })
    )?.role ?? null;

  test("another organisation's admin, a plain member and a resident cannot add or change members", async () => {
    await addMemberByEmail({ ctx: await as("clubAdmin"), input: { slug, email: "club.lid@example.org", role: "member" } });
    for (const who of ["otherAdmin", "clubMember", "resident"] as const) {
      await expect(addMemberByEmail({ ctx: await as(who), input: { slug, email: "bewoner@example.org", role: "admin" } })).rejects.toBeInstanceOf(
        DomainError,
      );
      await expect(changeMemberRole({ ctx: await as(who), input: { slug, userId: ids.clubMember, role: "admin" } })).rejects.toBeInstanceOf(DomainError);
      await expect(removeMember({ ctx: await as(who), input: { slug, userId: ids.clubAdmin } })).rejects.toBeInstanceOf(DomainError);
    }
    expect(await roleOf(ids.resident)).toBeNull();
    expect(await roleOf(ids.clubMember)).toBe("member");
    expect(await roleOf(ids.clubAdmin)).toBe("admin");
  });

  test("the admin adds an existing account by e-mail; unknown or duplicate addresses give a field message", async () => {
    const ctx = await as("clubAdmin");
    await addMemberByEmail({ ctx, input: { slug, email: " Nieuw.Lid@Example.org ", role: "member" } });
    expect(await roleOf(newcomer)).toBe("member");
    expect(await fieldErrors(addMemberByEmail({ ctx, input: { slug, email: "niemand@example.org", role: "member" } }))).toEqual({
      email: ["community.errors.noAccount"],
    });
    expect(await fieldErrors(addMemberByEmail({ ctx, input: { slug, email: "nieuw.lid@example.org", role: "admin" } }))).toEqual({
      email: ["community.errors.alreadyMember"],
    });
    const { members } = await listMembersForManagement({ ctx, input: { slug } });
    expect(members.map((m) => m.email).sort()).toEqual(["club.admin@example.org", "club.lid@example.org", "nieuw.lid@example.org"]);
  });

  test("the last admin cannot be demoted or removed, not even by a platform admin", async () => {
    for (const who of ["clubAdmin", "admin"] as const) {
      const ctx = await as(who);
      expect(await fieldErrors(changeMemberRole({ ctx, input: { slug, userId: ids.clubAdmin, role: "member" } }))).toEqual({
        form: ["community.errors.lastAdmin"],
      });
      expect(await fieldErrors(removeMember({ ctx, input: { slug, userId: ids.clubAdmin } }))).toEqual({ form: ["community.errors.lastAdmin"] });
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
      for (const a of adjacency) expect(adjacency.some((b) => b.neighbourhoodId === a.adjacentId && b.adjacentId === a.neighbourhoodId)).toBe(true);
      const organisations = await db.select().from(organisation);
      for (const o of organisations) {
        expect(await db.$count(organisationNeighbourhood, eq(organisationNeighbourhood.organisationId, o.id))).toBeGreaterThan(0);
        expect(await db.$count(organisationMembership, and(eq(organisationMembership.organisationId, o.id), eq(organisationMembership.role, "admin")))).toBe(1);
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
      expect(await db.$count(volunteerProfile)).toBe(2);
      // Idempotent: a second run changes nothing.
      expect(await seedDatabase(demo, { now: seededAt + 1000 })).toEqual({ seeded: false });
      expect(await db.$count(skill)).toBe(DEMO_SKILLS.length);
    } finally {
      demo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
