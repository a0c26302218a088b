import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, organisationInvitation, organisationMembership } from "#db/schema";
import { addMember, createMunicipality, createNeighbourhood, createOrganisation, createUser, serveNeighbourhoods } from "~/demo/builders";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Membership by invitation over HTTP: the members form answers the same for every address, and
// the invitation page works signed out, signed in as the invited address and as someone else.

const now = Date.UTC(2026, 10, 28, 10, 0);

let server: TestServer;
const ids = {} as Record<"north" | "clubAdmin" | "member" | "known" | "other" | "club" | "pendingAdmin", number>;
let clubSlug = "";
let pendingSlug = "";

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    const person = async (name: string, email: string) => (await createUser(tx, { name, email, neighbourhoodId: ids.north })).id;
    ids.clubAdmin = await person("Chris Clubbeheer", "chris@example.org");
    ids.member = await person("Mira Lidmaat", "mira@example.org");
    ids.known = await person("Karel Bekende", "karel@example.org");
    ids.other = await person("Olga Ander", "olga@example.org");
    ids.pendingAdmin = await person("Piet Wachter", "piet@example.org");
    const club = await createOrganisation(tx, { name: "Tennisclub Noord", kind: "sports" });
    clubSlug = club.slug;
    ids.club = club.id;
    await serveNeighbourhoods(tx, club.id, [ids.north]);
    await addMember(tx, club.id, ids.clubAdmin, "admin");
    await addMember(tx, club.id, ids.member, "member");
    const pending = await createOrganisation(tx, { name: "Nieuwe Buurtclub", status: "pending" });
    pendingSlug = pending.slug;
    await serveNeighbourhoods(tx, pending.id, [ids.north]);
    await addMember(tx, pending.id, ids.pendingAdmin, "admin");
  });
});
afterAll(() => server.close());

const clientFor = (who: keyof typeof ids | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], now);

/** The visible text of the page's main content, without markup (the same page, compared as text). */
const mainText = (page: string) =>
  (/<main[^>]*>([\s\S]*?)<\/main>/.exec(page)?.[1] ?? page)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The token in the newest invitation mail to this address. */
async function tokenFor(email: string): Promise<string> {
  const [row] = await server.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "organisation-invitation")))
    .orderBy(desc(emailOutbox.id))
    .limit(1);
  expect(row, `an invitation mail to ${email}`).toBeDefined();
  const { link } = server.services.keys.open(row!.sealedSecrets!) as { link: string };
  expect(link.startsWith(`${server.url}/invitations/`)).toBe(true);
  return link.slice(link.lastIndexOf("/") + 1);
}

const membershipOf = (userId: number) =>
  server.database.db.query.organisationMembership.findFirst({
    where: and(eq(organisationMembership.organisationId, ids.club), eq(organisationMembership.userId, userId)),
  });

const members = () => `/organisations/${clubSlug}/members`;

describe("the members page's invitation form", () => {
  test("answers exactly the same for an unknown address, an account and a member", async () => {
    const admin = await clientFor("clubAdmin");
    const answers = [];
    for (const email of ["niemand@example.org", "karel@example.org", "mira@example.org"]) {
      const response = await admin.post(members(), { intent: "invite", email, role: "admin" });
      answers.push({ status: response.status, location: response.headers.get("location"), body: await response.text() });
    }
    expect(answers[0]).toEqual({ status: 302, location: `${members()}?invited`, body: "" });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const page = await html(await admin.get(`${members()}?invited`));
    expect(page).toContain("Als dit adres nog geen lid is, krijgt het een uitnodiging per e-mail.");
    // Open invitations: masked address, role, expiry, a Revoke button; never a name.
    expect(page).toContain("n•••••@example.org");
    expect(page).toContain("k•••••@example.org");
    expect(page).not.toContain("Karel Bekende");
    expect(page).not.toContain("karel@example.org");
    expect(page).toContain("Uitnodiging voor k•••••@example.org intrekken");
    expect(page).toContain("geldig tot");
    expect(page).toContain("Mira Lidmaat");
    expect(await server.database.db.$count(organisationInvitation, eq(organisationInvitation.email, "mira@example.org"))).toBe(0);
  });

  test("a bad address comes back next to the field with what was typed; the field is labelled with autocomplete=email", async () => {
    const admin = await clientFor("clubAdmin");
    const form = await html(await admin.get(members()));
    expect(form).toMatch(/<label[^>]*for="member-invite-email"[^>]*>E-mailadres<\/label>/);
    expect(form).toMatch(/<input[^>]*autoComplete="email"|<input[^>]*autocomplete="email"/);
    const bad = await admin.post(members(), { intent: "invite", email: "karel@", role: "member" });
    expect(bad.status).toBe(400);
    const page = await html(bad);
    expect(page).toContain('value="karel@"');
    expect(page).toMatch(/id="member-invite-email-error"/);
  });

  test("the admin revokes an invitation; its link then gives the 'no longer works' page", async () => {
    const admin = await clientFor("clubAdmin");
    const token = await tokenFor("niemand@example.org");
    const [row] = await server.database.db
      .select()
      .from(organisationInvitation)
      .where(eq(organisationInvitation.email, "niemand@example.org"));
    expect((await (await clientFor("member")).post(members(), { intent: "revoke", invitationId: String(row!.id) })).status).toBe(404);
    const revoked = await admin.post(members(), { intent: "revoke", invitationId: String(row!.id) });
    expect(revoked.status).toBe(302);
    expect(revoked.headers.get("location")).toBe(`${members()}?revoked`);
    const page = await html(await admin.get(`${members()}?revoked`));
    expect(page).toContain("De uitnodiging is ingetrokken.");
    expect(page).not.toContain("n•••••@example.org");
    const gone = await (await clientFor(null)).get(`/invitations/${token}`);
    expect(gone.status).toBe(404);
    expect(await html(gone)).toContain("Deze uitnodiging werkt niet meer");
  });

  test("a pending organisation shows why it cannot invite, and a POST is refused with that message", async () => {
    const admin = await clientFor("pendingAdmin");
    const page = await html(await admin.get(`/organisations/${pendingSlug}/members`));
    expect(page).toContain("Uw organisatie wacht nog op goedkeuring. Pas daarna kunt u mensen uitnodigen.");
    expect(page).not.toContain('name="intent" value="invite"');
    const refused = await admin.post(`/organisations/${pendingSlug}/members`, {
      intent: "invite",
      email: "vreemde@example.org",
      role: "admin",
    });
    expect(refused.status).toBe(400);
    expect(await html(refused)).toContain("Pas daarna kunt u mensen uitnodigen.");
    expect(await server.database.db.$count(emailOutbox, eq(emailOutbox.toAddress, "vreemde@example.org"))).toBe(0);
  });
});

describe("the invitation page", () => {
  test("signed out: the organisation, the role, the masked address and a sign-in link that comes back; accepting asks to sign in", async () => {
    const token = await tokenFor("karel@example.org");
    const visitor = await clientFor(null);
    const response = await visitor.get(`/invitations/${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await html(response);
    expect(page).toContain("Uitnodiging van Tennisclub Noord");
    expect(page).toContain("U bent uitgenodigd om beheerder te worden van Tennisclub Noord.");
    expect(page).toContain("Deze uitnodiging is voor k•••••@example.org.");
    expect(page).toContain(`href="/login?redirectTo=%2Finvitations%2F${token}"`);
    expect(page).not.toContain('value="accept"');
    const accept = await visitor.post(`/invitations/${token}`, { intent: "accept" });
    expect(accept.status).toBe(200);
    expect(await html(accept)).toContain(`href="/login?redirectTo=%2Finvitations%2F${token}"`);
    expect((await membershipOf(ids.known)) ?? null).toBeNull();
  });

  test("signed in as another address: a message naming the masked invited address, no accept", async () => {
    const token = await tokenFor("karel@example.org");
    const other = await clientFor("other");
    const page = await html(await other.get(`/invitations/${token}`));
    expect(page).toContain("U bent ingelogd met een ander e-mailadres. Deze uitnodiging is voor k•••••@example.org.");
    expect(page).not.toContain('value="accept"');
    const accept = await other.post(`/invitations/${token}`, { intent: "accept" });
    expect(accept.status).toBe(200);
    expect(await html(accept)).toContain("U bent ingelogd met een ander e-mailadres.");
    expect((await membershipOf(ids.other)) ?? null).toBeNull();
    expect((await membershipOf(ids.known)) ?? null).toBeNull();
  });

  test("signing in from the page comes back to it; accepting makes the membership; the used link no longer works", async () => {
    const token = await tokenFor("karel@example.org");
    const client = await clientFor(null);
    const redirectTo = `/invitations/${token}`;
    await client.post("/login", { intent: "request", email: "karel@example.org", redirectTo });
    const [mail] = await server.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, "karel@example.org"), eq(emailOutbox.template, "sign-in")))
      .orderBy(desc(emailOutbox.id))
      .limit(1);
    const { code } = server.services.keys.open(mail!.sealedSecrets!) as { code: string };
    const signedIn = await client.post("/login", { intent: "code", email: "karel@example.org", code, redirectTo });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe(redirectTo);
    const page = await html(await client.get(redirectTo));
    expect(page).toContain('value="accept"');
    const accepted = await client.post(redirectTo, { intent: "accept" });
    expect(accepted.status).toBe(200);
    expect(await html(accepted)).toContain("U bent nu beheerder van Tennisclub Noord.");
    expect((await membershipOf(ids.known))?.role).toBe("admin");
    // A second click is harmless.
    const again = await client.post(redirectTo, { intent: "accept" });
    expect(again.status).toBe(200);
    expect(await html(again)).toContain("U bent nu beheerder van Tennisclub Noord.");
    expect(await server.database.db.$count(organisationMembership, eq(organisationMembership.userId, ids.known))).toBe(1);
    const used = await (await clientFor(null)).get(redirectTo);
    expect(used.status).toBe(404);
    // The member list now shows the name.
    expect(await html(await (await clientFor("clubAdmin")).get(members()))).toContain("Karel Bekende");
  });

  test("declining works signed out; afterwards the link gives the same page as an unknown link", async () => {
    const admin = await clientFor("clubAdmin");
    await admin.post(members(), { intent: "invite", email: "weiger@example.org", role: "member" });
    const token = await tokenFor("weiger@example.org");
    const visitor = await clientFor(null);
    const declined = await visitor.post(`/invitations/${token}`, { intent: "decline" });
    expect(declined.status).toBe(200);
    expect(await html(declined)).toContain("U wordt geen lid van Tennisclub Noord.");
    const used = await visitor.get(`/invitations/${token}`);
    const unknown = await visitor.get("/invitations/bestaat-niet-0123456789abcdefghijklmnopqrstu");
    expect(used.status).toBe(404);
    expect(unknown.status).toBe(404);
    const usedText = mainText(await html(used));
    expect(usedText).toContain("Deze uitnodiging werkt niet meer");
    expect(mainText(await html(unknown))).toBe(usedText);
    expect((await visitor.post(`/invitations/${token}`, { intent: "decline" })).status).toBe(404);
  });

  test("an expired link gives the same 'no longer works' page", async () => {
    const admin = await clientFor("clubAdmin");
    await admin.post(members(), { intent: "invite", email: "verlopen@example.org", role: "member" });
    const token = await tokenFor("verlopen@example.org");
    await server.database.write((tx) =>
      tx
        .update(organisationInvitation)
        .set({ createdAt: now - 15 * 24 * 60 * 60_000, expiresAt: now - 1 })
        .where(eq(organisationInvitation.email, "verlopen@example.org")),
    );
    const response = await (await clientFor(null)).get(`/invitations/${token}`);
    expect(response.status).toBe(404);
    expect(await html(response)).toContain("Deze uitnodiging werkt niet meer");
  });
});
