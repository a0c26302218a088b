import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { consent, loginToken, recoveryCode, session, totpCredential, user } from "#db/schema";
import { confirmTotpSetup, resolveSession, startTotpSetup } from "~/domain/accounts";
import { grantCoordinator } from "~/demo/builders";
import { createResendMock } from "#tests/mocks/resend";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { requestSignInMail, resendEnv, resendWorker, seedResident } from "#tests/support/sign-in";

const mock = createResendMock();
let server: TestServer;
let worker: ReturnType<typeof resendWorker>;
let t = Date.UTC(2026, 10, 28, 11, 0, 0);
const now = () => t;
let seeded: Awaited<ReturnType<typeof seedResident>>;
const MINUTE = 60_000;

beforeAll(async () => {
  mock.server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  server = await startTestServer({ env: resendEnv, now });
  worker = resendWorker(server, now);
  seeded = await seedResident(server, { email: "anna@example.org", name: "Anna de Vries" });
});
afterAll(async () => {
  await server.close();
  mock.server.close();
});
beforeEach(() => {
  // Each test starts a fresh quarter of an hour, so per-address limits of one test do not leak.
  t += 60 * MINUTE;
});
afterEach(() => mock.reset());

const pageText = async (response: Response) => (await response.text()).replace(/<[^>]+>/g, " ");

describe("sign-in with the emailed link", () => {
  test("opening the link only shows a confirm page; its POST signs in once", async () => {
    const client = createBrowserlessClient(server.url);
    const { response, mail, link } = await requestSignInMail(client, worker, mock, "Anna@Example.org");
    expect(response.status).toBe(200);
    expect(mail?.subject).toBe("Uw inloglink voor Noaber");
    expect(mail?.html).toContain("Inloggen");
    const token = new URL(link!).searchParams.get("token")!;

    // A mail scanner opening the link twice uses nothing up.
    for (let i = 0; i < 2; i++) {
      const confirm = await client.get(new URL(link!).pathname + new URL(link!).search);
      expect(confirm.status).toBe(200);
      const html = await confirm.text();
      expect(html).toContain('name="token"');
      // It says which account it signs into, masked (login CSRF), never the full address.
      expect(html).toContain("a•••••@example.org");
      expect(html).not.toContain("anna@example.org");
    }
    const signedIn = await client.post("/login/verify", { token });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/");
    const cookie = signedIn.headers.get("set-cookie")!;
    expect(cookie).toMatch(/noaber_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const home = await client.get("/");
    expect(await pageText(home)).toContain("Welkom, Anna de Vries");

    // The session id is stored only as a hash; the raw value in the cookie is not in the table.
    const rows = await server.database.db.select().from(session).where(eq(session.userId, seeded.person.id));
    const raw = decodeURIComponent(client.jar.get("noaber_session")!);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(raw).not.toContain(row.idHash);

    // Reuse is refused.
    const again = createBrowserlessClient(server.url);
    const reuse = await again.post("/login/verify", { token });
    expect(reuse.status).toBe(400);
    expect(await pageText(reuse)).toContain("Deze link werkt niet meer");
    expect(again.jar.has("noaber_session")).toBe(false);
  });

  test("tokens and codes are stored only as hashes", async () => {
    const client = createBrowserlessClient(server.url);
    const { link, code } = await requestSignInMail(client, worker, mock, "anna@example.org");
    const token = new URL(link!).searchParams.get("token")!;
    const rows = await server.database.db.select().from(loginToken);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(code);
    // The outbox no longer holds the secrets once the mail is sent.
    const outbox = await server.database.client.execute("SELECT props, sealed_secrets FROM email_outbox");
    expect(JSON.stringify(outbox.rows)).not.toContain(token);
  });

  test("a link older than 10 minutes is refused", async () => {
    const client = createBrowserlessClient(server.url);
    const { link } = await requestSignInMail(client, worker, mock, "anna@example.org");
    t += 10 * MINUTE + 1000;
    const response = await client.post("/login/verify", { token: new URL(link!).searchParams.get("token")! });
    expect(response.status).toBe(400);
    expect(client.jar.has("noaber_session")).toBe(false);
  });
});

describe("sign-in with the code", () => {
  test("the code from the mail signs in, with spaces and lower case forgiven", async () => {
    const client = createBrowserlessClient(server.url);
    const { code } = await requestSignInMail(client, worker, mock, "anna@example.org");
    const typed = `${code!.slice(0, 3).toLowerCase()} ${code!.slice(3)}`;
    const response = await client.post("/login", { intent: "code", email: "anna@example.org", code: typed, redirectTo: "/me" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/me");
    expect((await client.get("/me")).status).toBe(200);
  });

  test("a wrong code gives a message next to the field; after 5 wrong codes the right one fails too", async () => {
    const client = createBrowserlessClient(server.url);
    const { code } = await requestSignInMail(client, worker, mock, "anna@example.org");
    const wrong = code === "AAAAAA" ? "BBBBBB" : "AAAAAA";
    const first = await client.post("/login", { intent: "code", email: "anna@example.org", code: wrong });
    expect(first.status).toBe(400);
    const html = await first.text();
    expect(html).toContain("Deze code klopt niet");
    expect(html).toMatch(/aria-invalid="true"/);
    for (let i = 0; i < 4; i++) await client.post("/login", { intent: "code", email: "anna@example.org", code: wrong });
    const right = await client.post("/login", { intent: "code", email: "anna@example.org", code: code! });
    expect(right.status).toBe(400);
    expect(client.jar.has("noaber_session")).toBe(false);
  });

  test("a badly formed code is explained and the form stays", async () => {
    const client = createBrowserlessClient(server.url);
    const response = await client.post("/login", { intent: "code", email: "anna@example.org", code: "12" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("De code heeft 6 tekens.");
  });
});

describe("no account enumeration", () => {
  test("known and unknown addresses get the same answer, and both get a mail", async () => {
    const known = await createBrowserlessClient(server.url).post("/login", { intent: "request", email: "anna@example.org" });
    const unknown = await createBrowserlessClient(server.url).post("/login", { intent: "request", email: "nobody@example.org" });
    const normalise = async (r: Response) =>
      (await r.text()).replace(/nonce="[^"]+"/g, "").replace(/anna@example\.org|nobody@example\.org/g, "ADDRESS");
    expect(known.status).toBe(unknown.status);
    expect(await normalise(known)).toBe(await normalise(unknown));
    await worker.runOnce();
    expect(mock.sent.map((m) => m.to[0]).sort()).toEqual(["anna@example.org", "nobody@example.org"]);
  });

  test("past the per-address limit the answer is the same but no mail is sent", async () => {
    const client = createBrowserlessClient(server.url);
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const r = await client.post("/login", { intent: "request", email: "limit@example.org" }, { headers: { "x-test": String(i) } });
      answers.push(r.status);
    }
    await worker.runOnce();
    expect(answers).toEqual([200, 200, 200, 200]);
    expect(mock.sent.filter((m) => m.to.includes("limit@example.org"))).toHaveLength(3);
  });

  test("an invalid address is explained next to the field and kept", async () => {
    const response = await createBrowserlessClient(server.url).post("/login", { intent: "request", email: "anna@" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Dit is geen geldig e-mailadres");
    expect(html).toContain('value="anna@"');
  });
});

describe("first sign-in", () => {
  test("asks for name and postcode, refuses a postcode outside the municipality, records consent", async () => {
    const client = createBrowserlessClient(server.url);
    const { link } = await requestSignInMail(client, worker, mock, "new.person@example.org");
    const verify = await client.post("/login/verify", { token: new URL(link!).searchParams.get("token")! });
    expect(verify.headers.get("location")).toBe("/login/welcome");
    expect(client.jar.has("noaber_session")).toBe(false);
    expect(await pageText(await client.get("/login/welcome"))).toContain("new.person@example.org");

    const outside = await client.post("/login/welcome", { name: "Nieuw Persoon", postcode: "1011 AA", consent: "on" });
    expect(outside.status).toBe(400);
    const html = await outside.text();
    expect(html).toContain("Deze postcode hoort niet bij onze gemeente");
    expect(html).toContain('value="Nieuw Persoon"');

    const noConsent = await client.post("/login/welcome", { name: "Nieuw Persoon", postcode: "7511 ab" });
    expect(noConsent.status).toBe(400);
    expect(await pageText(noConsent)).toContain("akkoord gaan met de privacyverklaring");

    const done = await client.post("/login/welcome", { name: "Nieuw Persoon", postcode: "7511 ab", consent: "on" });
    expect(done.status).toBe(302);
    expect(await pageText(await client.get("/"))).toContain("Welkom, Nieuw Persoon");
    const created = await server.database.db.query.user.findFirst({ where: eq(user.email, "new.person@example.org") });
    expect(created).toMatchObject({ postcode: "7511AB", neighbourhoodId: seeded.area.id });
    const consents = await server.database.db.select().from(consent).where(eq(consent.userId, created!.id));
    expect(consents).toEqual([expect.objectContaining({ purpose: "privacy-statement", version: "2026-12", givenAt: t })]);
  });

  test("the welcome form is not reachable without a verified address", async () => {
    const response = await createBrowserlessClient(server.url).post("/login/welcome", { name: "X", postcode: "7511AB", consent: "on" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
  });
});

async function signIn(email: string) {
  const client = createBrowserlessClient(server.url);
  const { code } = await requestSignInMail(client, worker, mock, email);
  const response = await client.post("/login", { intent: "code", email, code: code! });
  expect(response.status).toBe(302);
  return client;
}

/**
 * A staff member's session passes the second step as the person would: they add an authenticator
 * app (the domain verbs behind /login/second-factor) and confirm it with its current code.
 */
async function addAppAndProve(client: ReturnType<typeof createBrowserlessClient>) {
  const raw: unknown = await server.services.cookies.session.parse(`noaber_session=${client.jar.get("noaber_session")}`);
  if (typeof raw !== "string") throw new Error("no session cookie");
  const base = {
    database: server.database,
    now,
    actor: null,
    keys: server.services.keys,
    appUrl: server.url,
    defaultTimeZone: "Europe/Amsterdam",
    locale: "nl" as const,
  };
  const ctx = { ...base, actor: await resolveSession(base, raw) };
  expect(ctx.actor?.secondFactor?.status).toBe("enrol");
  const { secret } = await startTotpSetup({ ctx });
  const result = await confirmTotpSetup({ ctx, input: { sessionId: raw, code: await generate({ secret, epoch: Math.floor(t / 1000) }) } });
  expect(result.ok).toBe(true);
}

describe("sessions", () => {
  test("logout is a POST; afterwards the old cookie no longer works", async () => {
    const client = await signIn("anna@example.org");
    const cookie = client.jar.get("noaber_session")!;
    expect((await client.get("/logout")).headers.get("location")).toBe("/");
    expect((await client.get("/me")).status).toBe(200);
    const out = await client.post("/logout", {});
    expect(out.status).toBe(302);
    expect(client.jar.has("noaber_session")).toBe(false);
    const replay = await fetch(`${server.url}/me`, { headers: { cookie: `noaber_session=${cookie}` }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fme/);
  });

  test("a resident's session ends after 14 idle days, but activity keeps it alive", async () => {
    const client = await signIn("anna@example.org");
    t += 13 * 24 * 60 * MINUTE;
    expect((await client.get("/me")).status).toBe(200);
    t += 13 * 24 * 60 * MINUTE;
    expect((await client.get("/me")).status).toBe(200);
    t += 15 * 24 * 60 * MINUTE;
    expect((await client.get("/me")).status).toBe(302);
  });

  test("a resident's session ends after 30 days even when used every day (absolute timeout)", async () => {
    const client = await signIn("anna@example.org");
    for (let week = 0; week < 4; week++) {
      t += 7 * 24 * 60 * MINUTE;
      expect((await client.get("/me")).status).toBe(200);
    }
    t += 3 * 24 * 60 * MINUTE;
    expect((await client.get("/me")).status).toBe(302);
  });

  test("a coordinator's session ends sooner: 2 idle hours", async () => {
    await server.database.write((tx) => grantCoordinator(tx, seeded.person.id, [seeded.area.id]));
    try {
      const client = await signIn("anna@example.org");
      // Signed in by email alone, a coordinator first proves a second factor.
      expect((await client.get("/coordinator")).headers.get("location")).toMatch(/^\/login\/second-factor\?/);
      await addAppAndProve(client);
      t += 90 * MINUTE;
      expect((await client.get("/coordinator")).status).toBe(200);
      t += 121 * MINUTE;
      expect((await client.get("/coordinator")).status).toBe(302);
    } finally {
      await server.database.write(async (tx) => {
        await tx.delete(session);
        await tx.delete(totpCredential).where(eq(totpCredential.userId, seeded.person.id));
        await tx.delete(recoveryCode).where(eq(recoveryCode.userId, seeded.person.id));
      });
      await server.database.client.execute("DELETE FROM role_grant");
    }
  });

  test("signing out everywhere ends the sessions on every device", async () => {
    const phone = await signIn("anna@example.org");
    const laptop = await signIn("anna@example.org");
    const response = await laptop.post("/me", { intent: "logout-everywhere" });
    expect(response.headers.get("location")).toBe("/login");
    expect((await phone.get("/me")).status).toBe(302);
    expect((await laptop.get("/me")).status).toBe(302);
  });

  test("a resident cannot open the coordinator or admin pages", async () => {
    // A session made directly: this is about rights, and a fourth sign-in mail for the same
    // address in this window would depend on the send rate of the moment.
    const client = await signedInClient(server, seeded.person.id, t);
    expect((await client.get("/coordinator")).status).toBe(403);
    expect((await client.get("/admin")).status).toBe(403);
  });
});

describe("logs", () => {
  test("request and mail logs hold no address, token or code in full", async () => {
    const client = createBrowserlessClient(server.url);
    const { link, code } = await requestSignInMail(client, worker, mock, "anna@example.org");
    await client.get(new URL(link!).pathname + new URL(link!).search);
    const lines = server.logger.lines();
    expect(lines).toContain('"path":"/login/verify"');
    expect(lines).not.toContain("anna@example.org");
    expect(lines).not.toContain(new URL(link!).searchParams.get("token")!);
    expect(lines).not.toContain(code!);
  });
});
