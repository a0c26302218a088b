import { and, desc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { circleInvitation, circleMember, emailOutbox } from "#db/schema";
import { createCareRecipient, createCircle, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Circle members and invitations over HTTP: the invite form answers the same for every address,
// the token page shows the circle only to the holder of a live link and works signed out, signed
// in as the invited address and as someone else; leaving has a confirmation step without JavaScript.

const now = Date.UTC(2026, 11, 4, 10, 0);

let server: TestServer;
const ids = {} as Record<"lead" | "member" | "known" | "other" | "circle", number>;

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    const person = async (name: string, email: string) => (await createUser(tx, { name, email, neighbourhoodId: north })).id;
    ids.lead = await person("Carla de Vries", "carla@example.org");
    ids.member = await person("Mira Lidmaat", "mira@example.org");
    ids.known = await person("Karel Bekende", "karel@example.org");
    ids.other = await person("Olga Ander", "olga@example.org");
    const recipient = await createCareRecipient(tx, { carerId: ids.lead, neighbourhoodId: north, firstName: "Jan" });
    ids.circle = (
      await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId: north,
        leadId: ids.lead,
        name: "Kring rond Opa Jan",
        members: [{ userId: ids.member }],
      })
    ).id;
  });
});
afterAll(() => server.close());

const clientFor = (who: "lead" | "member" | "known" | "other" | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], now);
const members = () => `/circles/${ids.circle}/members`;

async function tokenFor(email: string): Promise<string> {
  const [row] = await server.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "circle-invitation")))
    .orderBy(desc(emailOutbox.id))
    .limit(1);
  expect(row, `an invitation mail to ${email}`).toBeDefined();
  const { link } = server.services.keys.open(row!.sealedSecrets!) as { link: string };
  expect(link.startsWith(`${server.url}/circle-invitations/`)).toBe(true);
  return link.slice(link.lastIndexOf("/") + 1);
}
const isMember = async (userId: number) =>
  !!(await server.database.db.query.circleMember.findFirst({
    where: and(eq(circleMember.circleId, ids.circle), eq(circleMember.userId, userId), isNull(circleMember.leftAt)),
  }));

describe("the members page", () => {
  test("the invite form answers exactly the same for an unknown address, an account and a member", async () => {
    const lead = await clientFor("lead");
    const answers = [];
    for (const email of ["niemand@example.org", "karel@example.org", "mira@example.org"]) {
      const response = await lead.post(members(), { intent: "invite", email, role: "member" });
      answers.push({ status: response.status, location: response.headers.get("location"), body: await response.text() });
    }
    expect(answers[0]).toEqual({ status: 302, location: `${members()}?invited`, body: "" });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const page = await html(await lead.get(`${members()}?invited`));
    expect(page).toContain("Als het adres nog geen lid is, krijgt het een uitnodiging.");
    expect(page).toContain("Uitnodiging voor k•••••@example.org intrekken");
    expect(page).not.toContain("karel@example.org");
    expect(page).not.toContain("Karel Bekende");
    expect(await server.database.db.$count(circleInvitation, eq(circleInvitation.email, "mira@example.org"))).toBe(0);
  });

  test("a bad address comes back next to the field with what was typed", async () => {
    const lead = await clientFor("lead");
    const bad = await lead.post(members(), { intent: "invite", email: "karel@", role: "member" });
    expect(bad.status).toBe(400);
    const page = await html(bad);
    expect(page).toContain('value="karel@"');
    expect(page).toMatch(/id="circle-invite-email-error"/);
    expect(page).toMatch(/autoComplete="email"|autocomplete="email"/);
  });

  test("a member sees names and roles, no lead tools; leaving asks first, without JavaScript", async () => {
    const member = await clientFor("member");
    const page = await html(await member.get(members()));
    expect(page).toContain("Carla de Vries");
    expect(page).toContain("Hoofdmantelzorger");
    expect(page).not.toContain('value="invite"');
    expect(page).not.toContain("@example.org");
    const confirm = await html(await member.get(`${members()}?leave`));
    expect(confirm).toContain("Weet u het zeker?");
    expect(confirm).toContain('value="leave"');
    // Strangers get the same 404 as for a circle that does not exist.
    const other = await clientFor("other");
    const [hidden, missing] = [await other.get(members()), await other.get("/circles/999999/members")];
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    // The page as people see it (the <main> element) is the same, byte for byte.
    const main = (page: string) => /<main[^>]*>[\s\S]*?<\/main>/.exec(page)?.[0];
    const hiddenMain = main(await html(hidden));
    expect(hiddenMain).toBeDefined();
    expect(hiddenMain).toBe(main(await html(missing)));
  });

  test("the last lead is told to hand over first", async () => {
    const refused = await (await clientFor("lead")).post(members(), { intent: "leave" });
    expect(refused.status).toBe(400);
    expect(await html(refused)).toContain("U bent de enige hoofdmantelzorger.");
    expect(await isMember(ids.lead)).toBe(true);
  });
});

describe("the invitation page", () => {
  test("signed out: the circle, the role, the masked address and a sign-in link that comes back", async () => {
    const token = await tokenFor("karel@example.org");
    const visitor = await clientFor(null);
    const response = await visitor.get(`/circle-invitations/${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await html(response);
    expect(page).toContain("Uitnodiging voor Kring rond Opa Jan");
    expect(page).toContain("De uitnodiging is voor k•••••@example.org.");
    expect(page).toContain(`href="/login?redirectTo=%2Fcircle-invitations%2F${token}"`);
    expect(page).not.toContain('value="accept"');
    const accept = await visitor.post(`/circle-invitations/${token}`, { intent: "accept" });
    expect(accept.status).toBe(200);
    expect(await isMember(ids.known)).toBe(false);
  });

  test("signed in as another address: a message with the masked address, and accepting changes nothing", async () => {
    const token = await tokenFor("karel@example.org");
    const other = await clientFor("other");
    const page = await html(await other.get(`/circle-invitations/${token}`));
    expect(page).toContain("U bent ingelogd met een ander e-mailadres. Log in met k•••••@example.org om mee te doen.");
    expect(page).not.toContain('value="accept"');
    const accept = await other.post(`/circle-invitations/${token}`, { intent: "accept" });
    expect(accept.status).toBe(200);
    expect(await html(accept)).toContain("U bent ingelogd met een ander e-mailadres.");
    expect(await isMember(ids.other)).toBe(false);
  });

  test("the invited address accepts; a second accept says 'already a member'; dead links share one 404", async () => {
    const token = await tokenFor("karel@example.org");
    const karel = await clientFor("known");
    const accepted = await karel.post(`/circle-invitations/${token}`, { intent: "accept" });
    expect(accepted.status).toBe(200);
    expect(await html(accepted)).toContain("U bent nu lid van 'Kring rond Opa Jan'.");
    expect(await isMember(ids.known)).toBe(true);
    const again = await karel.post(`/circle-invitations/${token}`, { intent: "accept" });
    expect(await html(again)).toContain("U bent al lid van 'Kring rond Opa Jan'.");
    const used = await (await clientFor(null)).get(`/circle-invitations/${token}`);
    const unknown = await (await clientFor(null)).get(`/circle-invitations/${"x".repeat(43)}`);
    expect([used.status, unknown.status]).toEqual([404, 404]);
    const [usedPage, unknownPage] = [await html(used), await html(unknown)];
    expect(usedPage).toContain("Deze link werkt niet meer");
    expect(usedPage).not.toContain("Kring rond Opa Jan");
    expect(unknownPage).toContain("Deze link werkt niet meer");
  });
});
