import { eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { passkey, session } from "#db/schema";
import { createSession, loadActor, resolveSession } from "~/domain/accounts/sessions.server";
import {
  addMember,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  createVolunteerProfile,
  grantCoordinator,
} from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { statementsOf } from "#tests/support/query-plans";

// Every signed-in request starts by resolving its session: who, with which grants, memberships and
// second factor. It is one statement (decision 046); these tests check it still says all of it.

const t = Date.UTC(2026, 10, 28, 9, 0);
const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.cleanup()));
});

describe("resolving a session", () => {
  test("one statement gives the person with grants, memberships, volunteering and second factor", async () => {
    const database = await createTestDatabase();
    open.push(database);
    const { coordinator, resident, area, club, raw, residentRaw } = await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const area = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
      const club = (await createOrganisation(tx)).id;
      const coordinator = (await createUser(tx, { neighbourhoodId: area, name: "Karin" })).id;
      await grantCoordinator(tx, coordinator, [area]);
      await addMember(tx, club, coordinator, "admin");
      await createVolunteerProfile(tx, { userId: coordinator });
      const resident = (await createUser(tx, { neighbourhoodId: area })).id;
      await tx.insert(passkey).values({ userId: resident, credentialId: "cred-1", publicKey: "key", name: "Telefoon", createdAt: t });
      return {
        coordinator,
        resident,
        area,
        club,
        raw: await createSession(tx, coordinator, t),
        residentRaw: await createSession(tx, resident, t),
      };
    });
    const ctx = await ctxAs(database, null, { now: () => t });

    // Not proved a second factor yet: a coordinator acts as a resident until then.
    const before = await statementsOf(database, () => resolveSession(ctx, raw));
    expect(before.sent).toHaveLength(1);
    expect(before.result).toMatchObject({
      userId: coordinator,
      name: "Karin",
      isVolunteer: true,
      isAdmin: false,
      coordinatorOf: [],
      memberships: [{ organisationId: club, role: "admin" }],
      secondFactor: { status: "enrol", staff: true },
    });

    await database.write((tx) => tx.update(session).set({ secondFactorAt: t }).where(eq(session.userId, coordinator)));
    const after = await statementsOf(database, () => resolveSession(ctx, raw));
    expect(after.sent).toHaveLength(1);
    expect(after.result).toEqual({
      ...(await loadActor(database.db, coordinator)),
      secondFactor: { status: "verified", at: t, staff: true },
    });
    expect(after.result).toMatchObject({ coordinatorOf: [area], isAdmin: false });

    // A resident with a passkey who has not used it in this session has to prove it.
    expect((await resolveSession(ctx, residentRaw))?.secondFactor).toEqual({ status: "needed", at: null, staff: false });
    expect(await loadActor(database.db, resident)).toMatchObject({ isVolunteer: false, memberships: [], coordinatorOf: [] });
    expect(await resolveSession(ctx, "not-a-session")).toBeNull();
  });
});
