import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { helpRequest, organisationMembership, user } from "#db/schema";
import { addMember, createHelpRequest, createNeighbourhood, createOrganisation, createUser, grantCoordinator } from "~/demo/builders";
import { createResendMock } from "#tests/mocks/resend";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { requestSignInMail, resendEnv, resendWorker, seedResident } from "#tests/support/sign-in";

// /me/delete and /coordinator/requests/:id/erase over HTTP (issue 14): the confirmation, the cleared
// cookie, the old session opening nothing, a first sign-in again with the same address, and who may
// erase an intake person.

const mock = createResendMock();
const roomy = { windowMs: 60_000, limit: 100_000 };
const t = Date.UTC(2026, 10, 28, 11, 0, 0);
const now = () => t;
const SESSION = "noaber_session";
let server: TestServer;
let worker: ReturnType<typeof resendWorker>;
let seeded: Awaited<ReturnType<typeof seedResident>>;
const pageText = async (response: Response) => (await html(response)).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeAll(async () => {
  mock.server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  server = await startTestServer({ env: resendEnv, now, rateLimits: { general: roomy, strict: roomy } });
  worker = resendWorker(server, now);
  seeded = await seedResident(server, { email: "wim.weg@example.org", name: "Wim Weg" });
});
afterAll(async () => {
  await server.close();
  mock.server.close();
});
afterEach(() => mock.reset());

describe("/me/delete", () => {
  test("explains, refuses a wrong address next to the field, deletes, and the old session opens nothing", async () => {
    const client = await signedInClient(server, seeded.person.id, t);
    const oldCookie = client.jar.get(SESSION)!;

    const page = await client.get("/me/delete");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    const text = await pageText(page);
    expect(text).toContain("Uw account verwijderen");
    expect(text).toContain("Wat wij moeten bewaren, en waarom");
    expect(text).toContain("Het bewijs dat u toestemming gaf");

    const wrong = await client.post("/me/delete", { intent: "delete", confirmEmail: "iemand@example.org" });
    expect(wrong.status).toBe(400);
    const body = await html(wrong);
    expect(body).toContain("Dit is niet het e-mailadres van uw account.");
    expect(body).toContain('value="iemand@example.org"');
    expect(await server.database.db.query.user.findFirst({ where: eq(user.id, seeded.person.id) })).toBeTruthy();

    const done = await client.post("/me/delete", { intent: "delete", confirmEmail: "wim.weg@EXAMPLE.org" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/account-deleted");
    expect(done.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=;`) || /^noaber_session=[^;]*;.*Max-Age=0/i.test(c))).toBe(
      true,
    );
    expect(client.jar.has(SESSION)).toBe(false);
    expect(await server.database.db.query.user.findFirst({ where: eq(user.id, seeded.person.id) })).toBeUndefined();

    const landing = await client.get("/account-deleted");
    expect(landing.status).toBe(200);
    expect(await pageText(landing)).toContain("Uw account is verwijderd");

    // The old cookie, replayed, is a visitor's.
    const replay = createBrowserlessClient(server.url);
    replay.jar.set(SESSION, oldCookie);
    const me = await replay.get("/me");
    expect(me.status).toBe(302);
    expect(me.headers.get("location")).toBe("/login?redirectTo=%2Fme");

    // Signing in with the same address again is a first sign-in: the welcome form.
    const again = createBrowserlessClient(server.url);
    const { code } = await requestSignInMail(again, worker, mock, "wim.weg@example.org");
    expect(code).toBeTruthy();
    const signIn = await again.post("/login", { intent: "code", email: "wim.weg@example.org", code: code! });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/login/welcome");
    expect(again.jar.has(SESSION)).toBe(false);
  });
});

describe("/me/delete: organisations and staff", () => {
  test("the last admin hands an organisation over to a member first", async () => {
    const { leaver, member, slug } = await server.database.write(async (tx) => {
      const leaver = await createUser(tx, { neighbourhoodId: seeded.area.id, name: "Lies Laatste" });
      const member = await createUser(tx, { neighbourhoodId: seeded.area.id, name: "Mo Opvolger" });
      const org = await createOrganisation(tx, { name: "Buurtclub Overdracht" });
      await addMember(tx, org.id, leaver.id, "admin");
      await addMember(tx, org.id, member.id, "member");
      return { leaver: leaver.id, member: member.id, slug: org.slug };
    });
    const client = await signedInClient(server, leaver, t);
    const page = await pageText(await client.get("/me/delete"));
    expect(page).toContain("Organisaties waar u de enige beheerder bent");
    expect(page).toContain("Wie wordt beheerder van Buurtclub Overdracht?");
    expect(page).toContain("Mo Opvolger");

    const nobody = await client.post("/me/delete", { intent: "handover", organisation: slug, member: "" });
    expect(nobody.status).toBe(400);
    expect(await pageText(nobody)).toContain("Kies wie beheerder wordt.");

    const handed = await client.post("/me/delete", { intent: "handover", organisation: slug, member: String(member) });
    expect(handed.status).toBe(302);
    expect(handed.headers.get("location")).toBe("/me/delete?handedOver=1#organisations");
    const membership = await server.database.db.query.organisationMembership.findFirst({
      where: and(eq(organisationMembership.userId, member)),
    });
    expect(membership?.role).toBe("admin");
    expect(await pageText(await client.get("/me/delete"))).not.toContain("Buurtclub Overdracht");
  });

  test("a coordinator whose session has not proved the second step is sent there first, and nothing is deleted", async () => {
    const coordinator = await server.database.write(async (tx) => {
      const person = await createUser(tx, { neighbourhoodId: seeded.area.id, name: "Stefan Stap" });
      await grantCoordinator(tx, person.id, [seeded.area.id]);
      return person;
    });
    const client = await signedInClient(server, coordinator.id, t, { emailOnly: true });
    const response = await client.post("/me/delete", { intent: "delete", confirmEmail: coordinator.email });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login\/second-factor\?/);
    expect(await server.database.db.query.user.findFirst({ where: eq(user.id, coordinator.id) })).toBeTruthy();
  });
});

describe("/coordinator/requests/:id/erase", () => {
  test("only a coordinator of the neighbourhood; the confirmation box; the request becomes a bare record", async () => {
    const { coordinator, elsewhere, resident, requestId } = await server.database.write(async (tx) => {
      const other = await createNeighbourhood(tx, { municipalityId: seeded.town.id });
      const coordinator = await createUser(tx, { neighbourhoodId: seeded.area.id, name: "Coby Coördinator" });
      const elsewhere = await createUser(tx, { neighbourhoodId: other.id, name: "Elsa Elders" });
      const resident = await createUser(tx, { neighbourhoodId: seeded.area.id, name: "Rik Buur" });
      await grantCoordinator(tx, coordinator.id, [seeded.area.id]);
      await grantCoordinator(tx, elsewhere.id, [other.id]);
      const request = await createHelpRequest(tx, {
        neighbourhoodId: seeded.area.id,
        requesterId: null,
        registeredById: coordinator.id,
        contactName: "Meneer Telefoon",
        contactPhone: "0612345678",
        status: "open",
      });
      return { coordinator: coordinator.id, elsewhere: elsewhere.id, resident: resident.id, requestId: request.id };
    });
    const path = `/coordinator/requests/${requestId}/erase`;

    const visitor = await createBrowserlessClient(server.url).get(path);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    for (const id of [elsewhere, resident]) {
      const client = await signedInClient(server, id, t);
      expect((await client.get(path)).status).toBe(404);
      expect((await client.post(path, { confirm: "on" })).status).toBe(404);
    }

    const client = await signedInClient(server, coordinator, t);
    const page = await client.get(path);
    expect(page.headers.get("cache-control")).toContain("no-store");
    expect(page.status).toBe(200);
    expect(await pageText(page)).toContain("Meneer Telefoon");
    const triage = await client.get(`/coordinator/requests/${requestId}`);
    expect(triage.status).toBe(200);
    expect(await html(triage)).toContain(`href="${path}"`);

    const unconfirmed = await client.post(path, {});
    expect(unconfirmed.status).toBe(400);
    expect(await pageText(unconfirmed)).toContain("Zet een vinkje om te bevestigen.");

    const erased = await client.post(path, { confirm: "on" });
    expect(erased.status).toBe(302);
    expect(erased.headers.get("location")).toBe(`/coordinator/requests/${requestId}`);
    const row = await server.database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, requestId) });
    expect(row).toMatchObject({ status: "withdrawn", contactName: null, contactPhone: null, anonymisedAt: t });
    // Nothing left to erase: the page is gone.
    expect((await client.get(path)).status).toBe(404);
  });
});
