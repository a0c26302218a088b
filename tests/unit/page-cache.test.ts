import { describe, expect, test } from "vitest";
import { isCacheablePage, matchesIfNoneMatch } from "~/server/page-cache";
import { applyCachePolicy } from "~/server/remix-handler";

// The page cache's rules that the HTTP test cannot reach with a real page (decision 037).

const etag = 'W/"abc"';
const pageCache = { etag };

function respond(status: number, headers: Record<string, string> = {}) {
  return new Response(null, { status, headers });
}

describe("applyCachePolicy", () => {
  test("a 200 of a cached page without cookies is public, with the ETag and Vary", () => {
    const response = respond(200);
    applyCachePolicy(response, { signedIn: false, pageCache });
    expect(response.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=300");
    expect(response.headers.get("etag")).toBe(etag);
    expect(response.headers.get("vary")).toBe("Cookie, Accept-Language");
  });

  test("a response that sets a cookie is never public", () => {
    const response = respond(200, { "set-cookie": "noaber_locale=en; Path=/" });
    applyCachePolicy(response, { signedIn: false, pageCache });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
  });

  test("a redirect, a 400 or a 404 of a cached page is private, no-store", () => {
    for (const status of [302, 400, 404, 500]) {
      const response = respond(status, { "cache-control": "public, max-age=600" });
      applyCachePolicy(response, { signedIn: false, pageCache });
      expect(response.headers.get("cache-control"), String(status)).toBe("private, no-store");
      expect(response.headers.get("etag"), String(status)).toBeNull();
    }
  });

  test("signed in: private, no-store, whatever the page said", () => {
    const response = respond(200, { "cache-control": "public, max-age=600" });
    applyCachePolicy(response, { signedIn: true, pageCache });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
  });

  test("another anonymous response keeps its own rule, or gets no-store without one", () => {
    const own = respond(200, { "cache-control": "public, max-age=3600" });
    applyCachePolicy(own, { signedIn: false, pageCache: null });
    expect(own.headers.get("cache-control")).toBe("public, max-age=3600");
    const none = respond(200);
    applyCachePolicy(none, { signedIn: false, pageCache: null });
    expect(none.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("the pages and the ETag comparison", () => {
  test("the anonymous pages, their data and their spellings are cached; nothing else", () => {
    for (const path of [
      "/",
      "/_root.data",
      "/activities",
      "/activities.data",
      "/Activities/",
      "/activities/12",
      "/activities/12.data",
      "/initiatives",
      "/initiatives/3",
      "/map",
      "/map/cooperation",
      "/facilities/7",
    ]) {
      expect(isCacheablePage(path), path).toBe(true);
    }
    for (const path of [
      "/login",
      "/me",
      "/activities/open-shifts",
      "/activities/12/manage",
      "/activities/new",
      "/facilities/new",
      "/facilities/7/edit",
      "/initiatives/new",
      "/requests/1",
    ]) {
      expect(isCacheablePage(path), path).toBe(false);
    }
  });

  test("If-None-Match matches weakly, in a list, and not by a prefix or a star", () => {
    expect(matchesIfNoneMatch('W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('W/"ab"', etag)).toBe(false);
    expect(matchesIfNoneMatch("*", etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });
});
