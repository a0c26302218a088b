import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { loginToken, user } from "#db/schema";
import { createMunicipality, createNeighbourhood, createUser, grantCoordinator } from "~/demo/builders";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// The request-level defences of issue 11 over the real HTTP stack: rate limits keyed on what is
// asked (every spelling), redirects that stay on the site, body limits before anything reads a
// body, no-store for signed-in people, and logs without tokens or care text.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0);
const ids = {} as Record<"north" | "south" | "resident" | "coordinator", number>;

beforeAll(async () => {
  server = await startTestServer({
    now: () => t,
    env: { RESEND_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
    rateLimits: {
      general: { windowMs: 60_000, limit: 100_000 },
      strict: { windowMs: 15 * 60_000, limit: 1 },
      webhook: { windowMs: 60_000, limit: 2 },
    },
  });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, postcodes: ["7511"] })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, postcodes: ["7512"] })).id;
    ids.resident = (await createUser(tx, { neighbourhoodId: ids.north, name: "Rianne Rest" })).id;
    ids.coordinator = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coco Coördinator" })).id;
    await grantCoordinator(tx, ids.coordinator, [ids.north]);
  });
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.database.client.execute("DELETE FROM rate_limit_hit");
});

const signedIn = (who: keyof typeof ids | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], t);

describe("the strict sign-in limit holds for every spelling of every sign-in endpoint", () => {
  const spellings = [
    "/login",
    "/login?index",
    "/login/",
    "/LOGIN",
    "/%6cogin",
    "/%6Cogin?index",
    "//login",
    "/login.data?index",
    "/login.data",
    "/login/verify",
    "/login/verify.data",
    "/LOGIN/VERIFY/",
    "/login/%76erify",
    "/login/welcome",
    "/login/welcome.data",
    "/Login/Welcome",
  ];
  test.each(spellings)("POST %s is counted by the strict tier", async (path) => {
    const client = await signedIn(null);
    const first = await client.post(`${server.url}${path}`, { intent: "request", email: "someone@example.org" });
    expect(first.status).not.toBe(429);
    expect(first.status).toBeLessThan(500);
    const second = await client.post(`${server.url}${path}`, { intent: "request", email: "someone@example.org" });
    expect(second.status).toBe(429);
  });

  test("the limit is one budget across spellings", async () => {
    const client = await signedIn(null);
    expect((await client.post("/login", { intent: "request", email: "a@example.org" })).status).toBe(200);
    expect((await client.post("/login.data?index", { intent: "request", email: "a@example.org" })).status).toBe(429);
    expect((await client.post("/LOGIN/welcome", { name: "x" })).status).toBe(429);
  });
});

describe("redirects stay on the site", () => {
  test.each([
    ["tab then slash", "/\t/evil.example/"],
    ["tab then backslash", "/\t\\evil.example"],
    ["CR/LF", "/me\r\nSet-Cookie: evil=1"],
    ["protocol-relative", "//evil.example"],
  ])("a signed-in visit to /login?redirectTo=%s lands on /", async (_name, target) => {
    const client = await signedIn("resident");
    const response = await client.get(`/login?${new URLSearchParams({ redirectTo: target })}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  test("a sign-in started signed out, with a hostile redirectTo in the code form, lands on /", async () => {
    const email = "rianne@example.org";
    await server.database.write((tx) => tx.update(user).set({ email }).where(eq(user.id, ids.resident)));
    await server.database.write((tx) =>
      tx.insert(loginToken).values({
        email,
        linkHash: server.services.keys.hash("link:unused-in-this-test"),
        codeHash: server.services.keys.hash(`code:${email}:ABCDEF`),
        requesterHash: "test",
        createdAt: t,
        expiresAt: t + 10 * 60_000,
      }),
    );
    const client = await signedIn(null);
    const page = await client.get(`/login?${new URLSearchParams({ redirectTo: "/\t/evil.example/" })}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toMatch(/name="redirectTo" value="[^"]*evil/);
    const response = await client.post("/login", { intent: "code", email, code: "ABCDEF", redirectTo: "/\t/evil.example/" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  test("the language switch refuses a returnTo off the site", async () => {
    const response = await (await signedIn(null)).post("/locale", { locale: "en", returnTo: "/\t/evil.example/" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });
});

/** A raw request, so the body can be chunked or left open (Node's fetch always finishes it). */
function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks: (Buffer | string)[]; keepOpen?: boolean },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, server.url), {
      method: options.method ?? "POST",
      headers: { origin: server.url, ...options.headers },
    });
    request.on("response", (response) => {
      let body = "";
      const done = () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers });
      };
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      // The server closes the connection after a 413 while the body is still coming.
      response.on("end", done);
      response.on("close", done);
    });
    // The server may close the connection after answering 413; that is the point, not a failure.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") reject(error);
    });
    request.flushHeaders();
    for (const chunk of options.chunks) request.write(chunk);
    if (!options.keepOpen) request.end();
  });
}

describe("body limits", () => {
  const form = "application/x-www-form-urlencoded";
  const big = (bytes: number) => `intent=request&email=${"a".repeat(bytes)}`;

  test("an 8 MB form to the anonymous /login is refused with 413 before it is read, and the process stays healthy", async () => {
    const body = big(8 * 1024 * 1024);
    const response = await rawRequest("/login", {
      headers: { "content-type": form, "content-length": String(body.length), "accept-language": "en" },
      chunks: [body],
    });
    expect(response.status).toBe(413);
    expect(response.body).toContain("You sent too much at once");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("a chunked form without Content-Length is counted as it arrives", async () => {
    const chunk = "a".repeat(16 * 1024);
    const response = await rawRequest("/login", {
      headers: { "content-type": form, "transfer-encoding": "chunked" },
      chunks: ["intent=request&email=", ...Array.from({ length: 8 }, () => chunk)],
      keepOpen: true,
    });
    expect(response.status).toBe(413);
  });

  test("a form within the limit works as before", async () => {
    const response = await (await signedIn(null)).post("/login", { intent: "request", email: "ok@example.org" });
    expect(response.status).toBe(200);
  });

  test("a signed-in form over 64 KB is refused too (single fetch included)", async () => {
    const client = await signedIn("resident");
    const response = await client.post("/me.data", { intent: "locale", locale: "en", pad: "x".repeat(70 * 1024) });
    expect(response.status).toBe(413);
  });

  test("the webhook takes at most 256 KB, chunked or not", async () => {
    const declared = await rawRequest("/webhooks/resend", {
      headers: { "content-type": "application/json", "content-length": String(300 * 1024) },
      chunks: [],
      keepOpen: true,
    });
    expect(declared.status).toBe(413);
    await server.database.client.execute("DELETE FROM rate_limit_hit");
    const chunked = await rawRequest("/webhooks/resend", {
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      chunks: Array.from({ length: 20 }, () => "x".repeat(16 * 1024)),
      keepOpen: true,
    });
    expect(chunked.status).toBe(413);
  });

  test("the webhook is rate limited per IP", async () => {
    const post = () =>
      fetch(`${server.url}/webhooks/resend`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const statuses = [(await post()).status, (await post()).status, (await post()).status];
    expect(statuses.slice(0, 2)).toEqual([400, 400]);
    expect(statuses[2]).toBe(429);
  });

  test("the import checks the role before it reads the upload: a resident is refused while the body is still open", async () => {
    const [pair] = [...(await signedIn("resident")).jar].map(([k, v]) => `${k}=${v}`);
    const response = await rawRequest("/coordinator/facilities/import", {
      headers: { "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked", cookie: pair! },
      chunks: ['--x\r\nContent-Disposition: form-data; name="files"; filename="a.json"\r\n\r\n', "[".repeat(1024)],
      keepOpen: true,
    });
    expect([403, 404]).toContain(response.status);
  });

  test("the import refuses a declared size over 10 MB at once, even for a coordinator", async () => {
    const [pair] = [...(await signedIn("coordinator")).jar].map(([k, v]) => `${k}=${v}`);
    const response = await rawRequest("/coordinator/facilities/import", {
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(11 * 1024 * 1024), cookie: pair! },
      chunks: [],
      keepOpen: true,
    });
    expect(response.status).toBe(413);
  });
});

describe("Cache-Control", () => {
  test.each(["/me", "/me.data", "/requests", "/requests.data", "/", "/_root.data", "/activities"])(
    "a signed-in person's %s is private, no-store",
    async (path) => {
      const response = await (await signedIn("resident")).get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
    },
  );

  test("a signed-in person's coordinator page and its data are no-store", async () => {
    const client = await signedIn("coordinator");
    for (const path of ["/coordinator", "/coordinator.data"]) {
      const response = await client.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
    }
  });

  test("anonymous pages without a rule of their own are not stored either; static assets keep their caching", async () => {
    expect((await fetch(`${server.url}/privacy`)).headers.get("cache-control")).toBe("private, no-store");
    expect((await fetch(`${server.url}/favicon.svg`)).headers.get("cache-control")).toMatch(/max-age=3600/);
  });
});

describe("logs", () => {
  test("token-shaped paths are masked in the request log", async () => {
    const signed = "eyJrIjoicyIsImkiOjEyLCJ1Ijo0fQ.Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA";
    await (await fetch(`${server.url}/reminders/${signed}`)).text();
    await (await fetch(`${server.url}/unsubscribe/${signed}`)).text();
    await (await fetch(`${server.url}/calendar/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde.ics`)).text();
    // The request line is written when the response finishes, which may be just after the client has it.
    await expect.poll(() => server.logger.lines()).toContain("/calendar/[redacted]");
    const log = server.logger.lines();
    expect(log).toContain("/reminders/[redacted]");
    expect(log).not.toContain(signed);
    expect(log).not.toContain("Zm9vYmFy");
    expect(log).not.toContain("AbCdEfGh");
  });

  test("a failing write with care text logs the failure without the care text or the address", async () => {
    await server.database.client.execute(
      "CREATE TRIGGER fail_help_request BEFORE INSERT ON help_request BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
    );
    try {
      const client = await signedIn("resident");
      const response = await client.post("/requests/new", {
        forWhom: "self",
        kind: "shopping",
        schedule: "windows",
        "windows[0].date": "2026-12-02",
        "windows[0].startTime": "10:00",
        "windows[0].endTime": "12:00",
        neighbourhoodId: String(ids.north),
        address: "Geheimeweg 13",
        urgency: "normal",
        publicText: "Boodschappen doen bij de supermarkt, graag wekelijks.",
        privateText: "Heeft beginnende dementie, sleutel ligt onder de mat.",
        careConsent: "on",
      });
      expect(response.status).toBe(500);
      const log = server.logger.lines();
      expect(log).toContain("disk is full");
      expect(log).not.toContain("dementie");
      expect(log).not.toContain("Geheimeweg");
    } finally {
      await server.database.client.execute("DROP TRIGGER fail_help_request");
    }
  });
});
