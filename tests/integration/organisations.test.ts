import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { organisation, organisationMembership, organisationNeighbourhood, user } from "#db/schema";
import { Forbidden, NotFound, Unauthenticated } from "~/domain/errors";
import {
  approveOrganisation,
  firstFreeSlug,
  getOrganisationForEdit,
  getOrganisationPage,
  listPendingOrganisations,
  registerOrganisation,
  slugify,
  updateOrganisation,
} from "~/domain/organisations/organisations.server";
import { createUser, grantCoordinator } from "~/demo/builders";
import { fieldErrors } from "#tests/support/errors";
import { as, clubSlug, ctxFor, database, ids, now, registration, setUpOrganisationsWorld } from "./organisations-world";

setUpOrganisationsWorld();

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
    const served = await database.db
      .select()
      .from(organisationNeighbourhood)
      .where(eq(organisationNeighbourhood.organisationId, created.id));
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
    await expect(approveOrganisation({ ctx: await as("clubAdmin"), input: { organisationId: pending.id } })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(approveOrganisation({ ctx: await as("resident"), input: { organisationId: pending.id } })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(approveOrganisation({ ctx: await as("coordSouth"), input: { organisationId: pending.id } })).rejects.toBeInstanceOf(
      NotFound,
    );
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
    const org = await registerOrganisation({
      ctx: await as("otherAdmin"),
      input: registration({ name: "Fietsclub Zuid", neighbourhoodIds: [ids.south] }),
    });
    await approveOrganisation({ ctx: await ctxFor(approver), input: { organisationId: org.id } });
    await database.write((tx) => tx.delete(user).where(eq(user.id, approver)));
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, org.id) });
    expect(row).toMatchObject({ status: "approved", approvedBy: null, approvedAt: now });
  });

  test("an admin approves any pending organisation", async () => {
    const other = await registerOrganisation({
      ctx: await as("otherAdmin"),
      input: registration({ name: "Jeugdtheater Zuid", neighbourhoodIds: [ids.south] }),
    });
    await expect(approveOrganisation({ ctx: await as("coordNorth"), input: { organisationId: other.id } })).rejects.toBeInstanceOf(
      NotFound,
    );
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
      input: {
        ...current,
        slug: clubSlug,
        description: "Nieuwe tekst",
        contactPhone: "+31 53 000 00 00",
        neighbourhoodIds: [ids.north, ids.south],
      },
    });
    const page = await getOrganisationPage({ ctx, input: { slug: clubSlug } });
    expect(page.organisation).toMatchObject({ description: "Nieuwe tekst", contactPhone: "+31 53 000 00 00", slug: clubSlug });
    expect(page.neighbourhoods.map((n) => n.name)).toEqual(["Noord", "Zuid"]);
  });

  test("a plain member, another organisation's admin and a coordinator may not", async () => {
    for (const who of ["clubMember", "otherAdmin", "coordNorth"] as const) {
      await expect(getOrganisationForEdit({ ctx: await as(who), input: { slug: clubSlug } })).rejects.toBeInstanceOf(NotFound);
      await expect(
        updateOrganisation({ ctx: await as(who), input: { ...registration({ name: "Overgenomen" }), slug: clubSlug } }),
      ).rejects.toBeInstanceOf(NotFound);
    }
    const row = await database.db.query.organisation.findFirst({ where: eq(organisation.id, ids.club) });
    expect(row?.name).toBe("Voetbalclub Noord");
  });

  test("bad contact details give field messages and change nothing", async () => {
    const errors = await fieldErrors(
      updateOrganisation({
        ctx: await as("clubAdmin"),
        input: { ...registration({ contactEmail: "geen-adres" as string }), slug: clubSlug },
      }),
    );
    expect(errors.contactEmail).toEqual(["errors.email.invalid"]);
  });
});
