import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PRIVACY_RIGHTS } from "~/domain/privacy/shared";
import { getT } from "~/locales/i18n.server";
import { buildWorld, NOW, type WorldIds } from "#tests/support/coordinator-world";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Issue 14: /privacy promises only what exists. Every right it names links to a page, and that page
// works for a signed-in person (the carer of the coordinator world, who has a request with care
// details): the page opens, and the form that serves the right is on it.

let server: TestServer;
let ids: WorldIds;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  ids = await buildWorld(server.database);
});
afterAll(() => server.close());

/** What on the right's page shows that the right can be exercised there. */
const SERVED_BY: Record<(typeof PRIVACY_RIGHTS)[number]["key"], (body: string, type: string) => void> = {
  see: (body) => expect(body).toContain('href="/me/data.json"'),
  download: (body, type) => {
    expect(type).toContain("application/json");
    expect(JSON.parse(body)).toHaveProperty("account");
  },
  correct: (body) => {
    expect(body).toMatch(/name="name"/);
    expect(body).toMatch(/name="postcode"/);
    expect(body).toMatch(/name="phone"/);
    expect(body).toMatch(/name="email"/);
  },
  withdraw: (body) => expect(body).toMatch(/href="\/requests\/\d+"/),
  delete: (body) => expect(body).toMatch(/name="confirmEmail"/),
};

describe("the rights on /privacy", () => {
  test.each(["nl", "en"] as const)("are listed as links, one per right (%s)", async (locale) => {
    const t = getT(locale);
    const page = await html(await createBrowserlessClient(server.url).get("/privacy", { headers: { "accept-language": locale } }));
    const listed = [...page.matchAll(/<li[^>]*data-right="([a-z]+)"[^>]*><a[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({
      key: m[1],
      href: m[2],
      text: m[3],
    }));
    expect(listed).toEqual(PRIVACY_RIGHTS.map((r) => ({ key: r.key, href: r.href, text: t(`privacyRights.statement.${r.key}`) })));
  });

  test.each(PRIVACY_RIGHTS.map((r) => [r.key, r.href] as const))("%s: %s works for a signed-in person", async (key, href) => {
    const client = await signedInClient(server, ids.carer, NOW);
    const response = await client.get(href);
    expect(response.status).toBe(200);
    SERVED_BY[key](await response.text(), response.headers.get("content-type") ?? "");
  });

  test("withdrawing consent: the request the list links to has the withdrawal form", async () => {
    const client = await signedInClient(server, ids.carer, NOW);
    const list = await html(await client.get("/requests"));
    const requestPages = [...list.matchAll(/href="(\/requests\/\d+)"/g)].map((m) => m[1]!);
    const forms = await Promise.all(requestPages.map(async (path) => html(await client.get(path))));
    expect(forms.some((body) => body.includes('value="withdrawConsent"'))).toBe(true);
  });

  test("a visitor following a right is sent to sign in, and comes back to it", async () => {
    for (const { href } of PRIVACY_RIGHTS) {
      const response = await createBrowserlessClient(server.url).get(href);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(href)}`);
    }
  });
});
