import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { sha256 } from "~/domain/keyring.server";
import { pendingSignup, session, user } from "#db/schema";
import { createUser } from "~/demo/builders";
import { createResendMock } from "#tests/mocks/resend";
import { createBrowserlessClient, withoutInlinedMessages } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { requestSignInMail, resendEnv, resendWorker, seedResident } from "#tests/support/sign-in";

/**
 * Issue 11, point 3: the first sign-in lives on the server. The cookie holds only a random id;
 * `/login/welcome` only ever creates a new account, once, within 30 minutes, and never signs into
 * an account that exists.
 */
const mock = createResendMock();
let server: TestServer;
let worker: ReturnType<typeof resendWorker>;
let t = Date.UTC(2026, 10, 28, 11, 0, 0);
const now = () => t;
let seeded: Awaited<ReturnType<typeof seedResident>>;
const MINUTE = 60_000;
const GONE = "Deze link is al gebruikt of verlopen. Log opnieuw in.";
const roomy = { windowMs: 60_000, limit: 100_000 };
let serial = 0;

beforeAll(async () => {
  mock.server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  server = await startTestServer({ env: resendEnv, now, rateLimits: { general: roomy, strict: roomy } });
  worker = resendWorker(server, now);
  seeded = await seedResident(server, { email: "anna@example.org", name: "Anna de Vries" });
});
afterAll(async () => {
  await server.close();
  mock.server.close();
});
beforeEach(() => {
  t += 60 * MINUTE;
});
afterEach(() => mock.reset());

type Client = ReturnType<typeof createBrowserlessClient>;
const COOKIE = "noaber_signup";
const pageText = async (response: Response) =>
  withoutInlinedMessages(await response.text())
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
const fresh = () => `new-${++serial}-${t}@example.org`;
const profile = { name: "Nieuw Persoon", postcode: "7511 AB", consent: "on" };

/** Proves a new address with the emailed code; ends on the welcome form with a pending cookie. */
async function reachWelcome(email: string, redirectTo?: string): Promise<Client> {
  const client = createBrowserlessClient(server.url);
  const { code } = await requestSignInMail(client, worker, mock, email);
  const response = await client.post("/login", { intent: "code", email, code: code!, ...(redirectTo ? { redirectTo } : {}) });
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("/login/welcome");
  expect(client.jar.has(COOKIE)).toBe(true);
  expect(client.jar.has("noaber_session")).toBe(false);
  return client;
}

/** A second client that sends the same pending cookie (a copied or stolen cookie). */
function withCookie(raw: string): Client {
  const client = createBrowserlessClient(server.url);
  client.jar.set(COOKIE, raw);
  return client;
}

async function expectGone(client: Client, response: Response) {
  expect(response.status).toBe(410);
  const text = await pageText(response);
  expect(text).toContain(GONE);
  expect(text).not.toContain("Account maken");
  expect(response.headers.getSetCookie().some((c) => c.startsWith("noaber_session="))).toBe(false);
  expect(client.jar.has("noaber_session")).toBe(false);
  // The useless cookie is cleared; without it the page sends the visitor to /login.
  expect(client.jar.has(COOKIE)).toBe(false);
}

const rowsFor = (email: string) => server.database.db.select().from(pendingSignup).where(eq(pendingSignup.email, email));
const accounts = async (email: string) => (await server.database.db.select({ n: count() }).from(user).where(eq(user.email, email)))[0]!.n;

describe("the pending-sign-up cookie", () => {
  test("holds only a random id: not the address, also not base64-decoded; the id is stored hashed", async () => {
    const email = fresh();
    const client = await reachWelcome(email);
    const raw = client.jar.get(COOKIE)!;
    const decodedValue = decodeURIComponent(raw);
    const payload = decodedValue.slice(0, decodedValue.lastIndexOf("."));
    const fromBase64 = Buffer.from(payload, "base64").toString("utf8");
    let fullyDecoded = fromBase64;
    try {
      fullyDecoded = decodeURIComponent(fromBase64);
    } catch {
      // not percent-encoded
    }
    const local = email.split("@")[0]!;
    for (const form of [raw, decodedValue, fromBase64, fullyDecoded]) {
      expect(form).not.toContain(email);
      expect(form).not.toContain(local);
    }

    const id: unknown = await server.services.cookies.pendingSignup.parse(`${COOKIE}=${raw}`);
    expect(typeof id).toBe("string");
    const [row] = await rowsFor(email);
    expect(row).toMatchObject({ idHash: sha256(id as string), usedAt: null, expiresAt: t + 30 * MINUTE });
    expect(JSON.stringify(row)).not.toContain(id as string);
  });

  test("a forged cookie for an existing account does not sign into it", async () => {
    // The old cookie format, signed with the real secret: the address came from the cookie.
    const oldFormat = await server.services.cookies.pendingSignup.serialize({ email: "anna@example.org", redirectTo: "/" });
    const forged = createBrowserlessClient(server.url);
    forged.jar.set(COOKIE, oldFormat.split(";")[0]!.slice(COOKIE.length + 1));
    const response = await forged.post("/login/welcome", profile);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
    expect(forged.jar.has("noaber_session")).toBe(false);

    // A signed cookie with an id the server never gave out.
    const unknown = await server.services.cookies.pendingSignup.serialize("made-up-id-0123456789abcdefghijklmnop");
    const unknownRaw = unknown.split(";")[0]!.slice(COOKIE.length + 1);
    const guesser = withCookie(unknownRaw);
    await expectGone(guesser, await guesser.get("/login/welcome"));
    const poster = withCookie(unknownRaw);
    await expectGone(poster, await poster.post("/login/welcome", profile));

    const sessions = await server.database.db.select().from(session).where(eq(session.userId, seeded.person.id));
    expect(sessions).toEqual([]);
  });
});

describe("the welcome form", () => {
  test("is single use: a replayed cookie gets the message and no session", async () => {
    const email = fresh();
    const client = await reachWelcome(email);
    const raw = client.jar.get(COOKIE)!;
    const done = await client.post("/login/welcome", profile);
    expect(done.status).toBe(302);
    expect(client.jar.has("noaber_session")).toBe(true);
    expect(client.jar.has(COOKIE)).toBe(false);

    const replay = withCookie(raw);
    await expectGone(replay, await replay.post("/login/welcome", profile));
    const reopen = withCookie(raw);
    await expectGone(reopen, await reopen.get("/login/welcome"));
    expect(await accounts(email)).toBe(1);
    const created = await server.database.db.query.user.findFirst({ where: eq(user.email, email) });
    expect(await server.database.db.select().from(session).where(eq(session.userId, created!.id))).toHaveLength(1);
  });

  test("a form error keeps what was typed and does not use the sign-up up", async () => {
    const email = fresh();
    const client = await reachWelcome(email);
    const wrong = await client.post("/login/welcome", { ...profile, postcode: "1011 AA" });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain("Deze postcode hoort niet bij onze gemeente");
    expect(html).toContain('value="Nieuw Persoon"');
    const noConsent = await client.post("/login/welcome", { name: "Nieuw Persoon", postcode: "7511 AB" });
    expect(noConsent.status).toBe(400);
    expect((await rowsFor(email))[0]!.usedAt).toBeNull();
    expect(client.jar.has("noaber_session")).toBe(false);

    const done = await client.post("/login/welcome", profile);
    expect(done.status).toBe(302);
    expect(client.jar.has("noaber_session")).toBe(true);
  });

  test("works for 30 minutes and not after (fixed clock)", async () => {
    const early = await reachWelcome(fresh());
    const late = await reachWelcome(fresh());
    t += 29 * MINUTE;
    expect(await pageText(await early.get("/login/welcome"))).toContain("Account maken");
    expect((await early.post("/login/welcome", profile)).status).toBe(302);

    t += MINUTE + 1000;
    const lateCookie = late.jar.get(COOKIE)!;
    await expectGone(late, await late.get("/login/welcome"));
    const again = withCookie(lateCookie);
    await expectGone(again, await again.post("/login/welcome", profile));
  });

  test("an expired sign-up is cleared away with the old sign-in tokens", async () => {
    const email = fresh();
    await reachWelcome(email);
    expect(await rowsFor(email)).toHaveLength(1);
    t += 31 * MINUTE;
    await createBrowserlessClient(server.url).post("/login", { intent: "request", email: fresh() });
    expect(await rowsFor(email)).toEqual([]);
  });

  test("the redirect target from before sign-in is kept, and a hostile one becomes /", async () => {
    const kept = await reachWelcome(fresh(), "/me");
    const done = await kept.post("/login/welcome", profile);
    expect(done.headers.get("location")).toBe("/me");

    const hostile = await reachWelcome(fresh(), "//evil.example/");
    const safe = await hostile.post("/login/welcome", profile);
    expect(safe.headers.get("location")).toBe("/");
  });
});

describe("only ever a new account", () => {
  test("an address that got an account in the meantime gets the message and no session", async () => {
    const email = fresh();
    const first = await reachWelcome(email);
    const second = await reachWelcome(email);
    expect((await second.post("/login/welcome", profile)).status).toBe(302);
    // Making the account ended every other open sign-up for the address.
    expect((await rowsFor(email)).every((row) => row.usedAt !== null)).toBe(true);
    const firstCookie = first.jar.get(COOKIE)!;
    await expectGone(first, await first.get("/login/welcome"));
    const resubmit = withCookie(firstCookie);
    await expectGone(resubmit, await resubmit.post("/login/welcome", profile));

    // An account made another way (e.g. by accepting an invitation) counts too.
    const other = fresh();
    const pending = await reachWelcome(other);
    await server.database.write((tx) => createUser(tx, { email: other, neighbourhoodId: seeded.area.id, postcode: "7511AB" }));
    await expectGone(pending, await pending.post("/login/welcome", profile));
    expect(await accounts(other)).toBe(1);
    const person = await server.database.db.query.user.findFirst({ where: eq(user.email, other) });
    expect(await server.database.db.select().from(session).where(eq(session.userId, person!.id))).toEqual([]);
  });

  test("signing out everywhere ends a pending sign-up for that address", async () => {
    const email = fresh();
    const pending = await reachWelcome(email);
    await server.database.write((tx) => createUser(tx, { email, neighbourhoodId: seeded.area.id, postcode: "7511AB" }));

    const owner = createBrowserlessClient(server.url);
    const { code } = await requestSignInMail(owner, worker, mock, email);
    expect((await owner.post("/login", { intent: "code", email, code: code! })).status).toBe(302);
    expect((await rowsFor(email))[0]!.usedAt).toBeNull();
    const out = await owner.post("/me", { intent: "logout-everywhere" });
    expect(out.headers.get("location")).toBe("/login");
    expect((await rowsFor(email))[0]!.usedAt).toBe(t);

    await expectGone(pending, await pending.post("/login/welcome", profile));
  });

  test("two welcome POSTs at the same time give exactly one account and one session", async () => {
    const email = fresh();
    const client = await reachWelcome(email);
    const raw = client.jar.get(COOKIE)!;
    const tabs = [withCookie(raw), withCookie(raw), withCookie(raw)];
    const responses = await Promise.all(tabs.map((tab) => tab.post("/login/welcome", profile)));
    expect(responses.map((r) => r.status).sort()).toEqual([302, 410, 410]);
    expect(tabs.filter((tab) => tab.jar.has("noaber_session"))).toHaveLength(1);

    // Two different pending sign-ups for one address, submitted together.
    const other = fresh();
    const a = await reachWelcome(other);
    const b = await reachWelcome(other);
    const both = await Promise.all([a.post("/login/welcome", profile), b.post("/login/welcome", profile)]);
    expect(both.map((r) => r.status).sort()).toEqual([302, 410]);

    for (const address of [email, other]) {
      expect(await accounts(address)).toBe(1);
      const person = await server.database.db.query.user.findFirst({ where: eq(user.email, address) });
      const sessions = await server.database.db
        .select({ n: count() })
        .from(session)
        .where(and(eq(session.userId, person!.id)));
      expect(sessions[0]!.n).toBe(1);
    }
  });
});

describe("the sign-in confirm page", () => {
  test("shows the masked address it signs into, not the full one, without using the link", async () => {
    const client = createBrowserlessClient(server.url);
    const { link } = await requestSignInMail(client, worker, mock, "anna@example.org");
    const url = new URL(link!);
    const html = await (await client.get(url.pathname + url.search)).text();
    expect(html).toContain("a•••••@example.org");
    expect(html).not.toContain("anna@example.org");
    expect(await pageText(new Response(html))).toContain("U logt in als a•••••@example.org");
    const signedIn = await client.post("/login/verify", { token: url.searchParams.get("token")! });
    expect(signedIn.status).toBe(302);

    // Used now: the page says so at once, without a button.
    const used = await client.get(url.pathname + url.search);
    expect(used.status).toBe(400);
    const usedText = await pageText(used);
    expect(usedText).toContain("Deze link werkt niet meer");
    expect(usedText).not.toContain("a•••••@example.org");
  });

  test("an unknown or expired link shows the invalid-link page directly", async () => {
    const unknown = await createBrowserlessClient(server.url).get("/login/verify?token=not-a-real-token-0123456789abcdef");
    expect(unknown.status).toBe(400);
    expect(await pageText(unknown)).toContain("Deze link werkt niet meer");

    const client = createBrowserlessClient(server.url);
    const { link } = await requestSignInMail(client, worker, mock, "anna@example.org");
    t += 10 * MINUTE + 1000;
    const url = new URL(link!);
    const expired = await client.get(url.pathname + url.search);
    expect(expired.status).toBe(400);
    const html = await expired.text();
    expect(html).toContain("Deze link werkt niet meer");
    expect(html).not.toContain('name="token"');
  });

  test("in English too", async () => {
    const client = createBrowserlessClient(server.url);
    const { link } = await requestSignInMail(client, worker, mock, "anna@example.org");
    const url = new URL(link!);
    const page = await client.get(url.pathname + url.search, { headers: { "accept-language": "en" } });
    expect(await pageText(page)).toContain("You are signing in as a•••••@example.org");
  });
});
