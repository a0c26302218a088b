import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { initiative } from "#db/schema";
import {
  createActivity,
  createCooperation,
  createFacility,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createUser,
} from "~/demo/builders";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// HTTP caching of the anonymous pages (decision 037) over the real stack: the ETag from the public
// data version, the 304 without loading or rendering, the CSP nonce shared by a 200 and its 304s,
// and every signed-in or unusual response kept private.

const t = Date.UTC(2026, 10, 28, 9, 0);
const DAY = 24 * 3_600_000;
let clock = t;
let server: TestServer;
let ids: Awaited<ReturnType<typeof seed>>;

async function seed() {
  return server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" });
    const org = await createOrganisation(tx, { name: "Buurthuis De Kern" });
    const [plan] = await tx
      .insert(initiative)
      .values({
        organisationId: org.id,
        title: "Samen aan tafel",
        goal: "Minder eenzaamheid",
        targetGroups: ["older-people"],
        startsOn: "2026-01-01",
        createdAt: t,
      })
      .returning();
    const dinner = await createActivity(tx, {
      organisationId: org.id,
      neighbourhoodId: area.id,
      initiativeId: plan!.id,
      title: "Buurtmaaltijd",
    });
    const session = await createSession(tx, { activityId: dinner.id, startsAt: t + 2 * DAY, capacity: 5 });
    const clinic = await createFacility(tx, { municipalityId: town.id, neighbourhoodId: area.id });
    const pharmacy = await createFacility(tx, { municipalityId: town.id, neighbourhoodId: area.id });
    await createCooperation(tx, { fromServiceId: clinic.service.id, toServiceId: pharmacy.service.id });
    const bert = await createUser(tx, { neighbourhoodId: area.id, name: "Bert", email: "bert@example.org" });
    return { initiative: plan!.id, dinner: dinner.id, session: session.id, facility: clinic.service.id, bert: bert.id };
  });
}

beforeAll(async () => {
  server = await startTestServer({
    now: () => clock,
    rateLimits: { general: { windowMs: 60_000, limit: 10_000 }, strict: { windowMs: 15 * 60_000, limit: 100 } },
  });
  ids = await seed();
});
afterAll(() => server.close());

const pages = () => [
  "/",
  "/activities",
  `/activities/${ids.dinner}`,
  "/initiatives",
  `/initiatives/${ids.initiative}`,
  "/map",
  `/facilities/${ids.facility}`,
  "/map/cooperation",
];

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });
const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];

describe("anonymous pages", () => {
  test("answer 200 with an ETag, a short public Cache-Control and Vary on the cookie and the language", async () => {
    for (const path of pages()) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("etag"), path).toMatch(/^W\/"[\w-]+"$/);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=60, stale-while-revalidate=300");
      expect(response.headers.get("vary"), path).toMatch(/Cookie/);
      expect(response.headers.get("vary"), path).toMatch(/Accept-Language/);
      await response.arrayBuffer();
    }
  });

  test("their single-fetch data (client navigations) is cached the same way", async () => {
    for (const path of ["/_root.data", "/activities.data", `/activities/${ids.dinner}.data`]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      const etag = response.headers.get("etag");
      expect(etag, path).toMatch(/^W\//);
      expect(response.headers.get("cache-control"), path).toMatch(/^public, /);
      await response.arrayBuffer();
      expect((await get(path, { "if-none-match": etag! })).status, path).toBe(304);
    }
  });

  test("a matching If-None-Match gets a 304 with an empty body and the very same CSP as the 200", async () => {
    for (const path of pages()) {
      const first = await get(path);
      const etag = first.headers.get("etag")!;
      const html = await first.text();
      const nonce = nonceOf(first);
      // The kept page's scripts carry the nonce that the 304's CSP allows.
      expect(html, path).toContain(`nonce="${nonce}"`);
      const again = await get(path, { "if-none-match": `"other", ${etag}` });
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe("");
      expect(again.headers.get("etag"), path).toBe(etag);
      expect(again.headers.get("cache-control"), path).toBe(first.headers.get("cache-control"));
      expect(again.headers.get("content-security-policy"), path).toBe(first.headers.get("content-security-policy"));
      // A 304 names the same Vary as the 200 (the language, the cookies and the compression).
      expect(again.headers.get("vary"), path).toBe(first.headers.get("vary"));
    }
  });

  test("a 304 is decided before anything is loaded: the ETag alone answers, even for a record a render would not find", async () => {
    const etag = (await get("/activities")).headers.get("etag")!;
    // The same data, language and build: rendering /activities/999999 would be a 404, but the
    // revalidation is answered without calling the loader.
    expect((await get("/activities/999999", { "if-none-match": etag })).status).toBe(304);
    // Without If-None-Match the loader runs, and a 404 is never public.
    const missing = await get("/activities/999999");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("private, no-store");
    expect(missing.headers.get("etag")).toBeNull();
  });

  test("a write through a domain verb (a sign-up) changes the ETag; the old one then gets the page again", async () => {
    const path = `/activities/${ids.dinner}`;
    const before = await get(path);
    const old = before.headers.get("etag")!;
    expect(await before.text()).toContain("Nog 5 plekken vrij");

    const bert = await signedInClient(server, ids.bert, t);
    const posted = await bert.post(`${path}?index`, { intent: "signup", sessionId: String(ids.session), returnTo: path });
    expect(posted.status).toBe(302);

    const after = await get(path, { "if-none-match": old });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(old);
    expect(await after.text()).toContain("Nog 4 plekken vrij");
    // Every page depends on the one version: the list's old ETag is stale too.
    expect((await get("/activities", { "if-none-match": old })).status).toBe(200);
  });

  test("the language is part of the ETag: Accept-Language and the locale cookie each give their own", async () => {
    const dutch = (await get("/activities", { "accept-language": "nl" })).headers.get("etag");
    const english = await get("/activities", { "accept-language": "en" });
    expect(english.headers.get("etag")).not.toBe(dutch);
    const localeCookie = (await server.services.cookies.locale.serialize("en")).split(";")[0]!;
    const chosen = await get("/activities", { "accept-language": "nl", cookie: localeCookie });
    expect(chosen.headers.get("etag")).toBe(english.headers.get("etag"));
    expect((await get("/activities", { "accept-language": "en", "if-none-match": dutch! })).status).toBe(200);
    expect((await get("/activities", { "accept-language": "en", "if-none-match": english.headers.get("etag")! })).status).toBe(304);
  });

  test("the ETag moves on with the clock (pages show what is upcoming and what is open now)", async () => {
    const etag = (await get("/map")).headers.get("etag")!;
    expect((await get("/map", { "if-none-match": etag })).status).toBe(304);
    clock = t + 10 * 60_000;
    try {
      const later = await get("/map", { "if-none-match": etag });
      expect(later.status).toBe(200);
      expect(later.headers.get("etag")).not.toBe(etag);
    } finally {
      clock = t;
    }
  });

  test("other pages and other methods keep private, no-store", async () => {
    const login = await get("/login");
    expect(login.headers.get("cache-control")).toBe("private, no-store");
    expect(login.headers.get("etag")).toBeNull();
    const head = await fetch(`${server.url}/activities`, { method: "HEAD" });
    expect(head.headers.get("etag")).toMatch(/^W\//);
    const posted = await createBrowserlessClient(server.url).post(`/activities/${ids.dinner}?index`, {
      intent: "signup",
      sessionId: String(ids.session),
    });
    expect(posted.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("signed-in requests", () => {
  test("are private, no-store on every cached page, carry no ETag and never get a 304", async () => {
    const anonymous = (await get("/activities")).headers.get("etag")!;
    const bert = await signedInClient(server, ids.bert, t);
    for (const path of pages()) {
      const response = await bert.get(path, { headers: { "if-none-match": anonymous } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      expect(response.headers.get("etag"), path).toBeNull();
      await response.arrayBuffer();
    }
  });

  test("keep a fresh CSP nonce per response", async () => {
    const bert = await signedInClient(server, ids.bert, t);
    const first = await bert.get("/activities");
    const second = await bert.get("/activities");
    expect(nonceOf(first)).toBeTruthy();
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    await Promise.all([first.arrayBuffer(), second.arrayBuffer()]);
  });

  test("a pending sign-up counts as signed in", async () => {
    const anonymous = (await get("/")).headers.get("etag")!;
    const pending = (await server.services.cookies.pendingSignup.serialize("someone@example.org")).split(";")[0]!;
    const response = await get("/", { cookie: pending, "if-none-match": anonymous });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
  });
});

describe("the general rate limit", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      now: () => t,
      rateLimits: { general: { windowMs: 60_000, limit: 3 }, strict: { windowMs: 15 * 60_000, limit: 100 } },
    });
  });
  afterAll(() => limited.close());

  test("does not count revalidations answered 304 (cheaper than counting them); every render still counts", async () => {
    const first = await fetch(`${limited.url}/`);
    const etag = first.headers.get("etag")!;
    await first.arrayBuffer();
    for (let i = 0; i < 5; i++) expect((await fetch(`${limited.url}/`, { headers: { "if-none-match": etag } })).status).toBe(304);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${limited.url}/`);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
