import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBrowserlessClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { seedResident } from "#tests/support/sign-in";

describe("security headers and request checks (test mode)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      rateLimits: { general: { windowMs: 60_000, limit: 1000 }, strict: { windowMs: 15 * 60_000, limit: 3 } },
    });
  });
  afterAll(() => server.close());

  test("every page has an enforced CSP with a fresh nonce that the scripts carry", async () => {
    const first = await fetch(`${server.url}/login`);
    const second = await fetch(`${server.url}/login`);
    const csp = first.headers.get("content-security-policy")!;
    expect(first.headers.get("content-security-policy-report-only")).toBeNull();
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  test("the other headers are set, and HSTS only in production", async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("x-powered-by")).toBeNull();
    const asset = await fetch(`${server.url}/favicon.svg`);
    expect(asset.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  test("a POST from another origin is refused; one from our origin is not", async () => {
    const evil = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "intent=request&email=a%40example.org",
    });
    expect(evil.status).toBe(403);
    const crossSite = await fetch(`${server.url}/logout`, { method: "POST", headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const ours = await createBrowserlessClient(server.url).post("/locale", { locale: "en", returnTo: "/" });
    expect(ours.status).toBe(302);
  });

  test("the strict tier answers 429 after 3 sign-in requests from one address, in the visitor's language", async () => {
    const client = createBrowserlessClient(server.url);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.post("/login", { intent: "request", email: `r${i}@example.org` })).status);
    const limited = await client.post(
      "/login",
      { intent: "code", email: "r0@example.org", code: "AAAAAA" },
      { headers: { "accept-language": "en" } },
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("ratelimit")).toMatch(/remaining=0/);
    expect(await limited.text()).toContain("You tried too often");
    // Reading pages is not limited by the strict tier.
    expect((await client.get("/login")).status).toBe(200);
  });

  test("/healthz reports the database", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
  });

  test("/dev/mailbox exists without a Resend key, and the demo banner is on (the test default)", async () => {
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/privacy`)).text()).toContain(BANNER_NL);
  });
});

const BANNER_NL = "Demo — e-mail blijft op deze computer.";
const BANNER_EN = "Demo — email stays on this machine.";

describe("production without LOCAL_MAILBOX (a Resend key)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production", RESEND_API_KEY: "re_prod_like" } });
  });
  afterAll(() => server.close());

  test("every mailbox route answers 404", async () => {
    for (const path of ["/dev/mailbox", "/dev/mailbox/1", "/dev/mailbox/1/html", "/dev/mailbox.data", "/dev/mailbox/1.data"]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  test("the root loader's data and the pages say nothing about a mailbox", async () => {
    const rootData = await fetch(`${server.url}/_root.data`);
    expect(rootData.status).toBe(200);
    expect(await rootData.text()).not.toMatch(/mailbox/i);
    for (const path of ["/", "/login", "/privacy", "/activities/999999"]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html, path).not.toMatch(/mailbox|postvak|demo-banner/i);
    }
  });
});

describe("production with LOCAL_MAILBOX=true (the demo)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production", LOCAL_MAILBOX: "true" } });
  });
  afterAll(() => server.close());

  test("every page shows the demo banner with a link to the mailbox, in the visitor's language", async () => {
    // A missing record renders inside the app too (a URL no route matches has no root data at all).
    for (const path of ["/", "/login", "/activities", "/privacy", "/activities/999999", "/dev/mailbox", "/dev/mailbox/999999"]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html, path).toMatch(/<aside class="demo-banner" aria-label="Demo-melding">/);
      expect(html, path).toContain(BANNER_NL);
      expect(html, path).toMatch(/<a[^>]*href="\/dev\/mailbox"[^>]*>Bekijk het testpostvak\.<\/a>/);
    }
    const english = await (await fetch(`${server.url}/`, { headers: { "accept-language": "en" } })).text();
    expect(english).toContain(BANNER_EN);
    expect(english).toContain("Open the test mailbox.");
  });

  test("the mailbox exists and the root data says so", async () => {
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/_root.data`)).text()).toMatch(/mailbox/);
  });
});

describe("general tier", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      rateLimits: { general: { windowMs: 60_000, limit: 5 }, strict: { windowMs: 60_000, limit: 100 } },
    });
  });
  afterAll(() => server.close());

  test("limits every kind of request per IP, with the count kept in the database", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/privacy`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const rows = await server.database.client.execute("SELECT key, hits FROM rate_limit_hit WHERE key LIKE 'general:%'");
    expect(rows.rows[0]?.hits).toBe(6);
  });
});

describe("production mode", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production", RESEND_API_KEY: "re_prod_like" } });
    await seedResident(server, { email: "prod@example.org", name: "Prod" });
  });
  afterAll(() => server.close());

  test("sends HSTS and hides the local mailbox", async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(404);
  });

  test("the session cookie is __Host-, Secure, HttpOnly and SameSite=Lax", async () => {
    const cookie = await server.services.cookies.session.serialize("value");
    expect(cookie).toMatch(/^__Host-noaber_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});
