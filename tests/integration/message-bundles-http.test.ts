import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { en } from "~/locales/en";
import { messageFileUrl, type Locale, type PageMessagesData } from "~/locales/i18n";
import { nl } from "~/locales/nl";
import { createActivity, createMunicipality, createNeighbourhood, createOrganisation } from "~/demo/builders";
import { createBrowserlessClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Messages per language and namespace (decision 039): a page inlines only the namespaces it uses,
// in its own language; the client build holds one file per language and namespace and no
// catalogue in its JavaScript.

const catalogues = { nl, en } as Record<Locale, Record<string, unknown>>;
const other = { nl: "en", en: "nl" } as const;
const clientDir = path.resolve(import.meta.dirname, "../..", process.env.REMIX_BUILD_DIR ?? "build", "client");

/** Every leaf of a nested message object as [dotted key, value]. */
function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

/** The texts only one language has: a message of `lng` that is no message of the other language. */
function onlyIn(lng: Locale) {
  const theirs = new Set(leaves(catalogues[other[lng]]).map(([, v]) => v));
  return new Set(
    leaves(catalogues[lng])
      .map(([, v]) => v)
      .filter((v) => !theirs.has(v)),
  );
}

function inlinedMessages(page: string): PageMessagesData {
  const json = /<script type="application\/json" id="noaber-messages"(?: nonce="[^"]*")?>([^<]*)<\/script>/.exec(page)?.[1];
  expect(json, "the page inlines its messages").toBeDefined();
  return JSON.parse(json!) as PageMessagesData;
}

let server: TestServer;
let activityId: number;

beforeAll(async () => {
  server = await startTestServer();
  activityId = await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    const club = await createOrganisation(tx, { name: "Buurthuis Binnenstad" });
    return (await createActivity(tx, { organisationId: club.id, neighbourhoodId: area.id, title: "Koffie in de wijk" })).id;
  });
});
afterAll(() => server.close());

describe("the messages a page inlines", () => {
  test.each(["nl", "en"] as const)("/activities holds only its own namespaces, in %s only", async (lng) => {
    const response = await createBrowserlessClient(server.url).get("/activities", { headers: { "accept-language": lng } });
    expect(response.status).toBe(200);
    const data = inlinedMessages(await response.text());
    expect(data.lng).toBe(lng);
    const namespaces = Object.keys(data.resources);
    expect(namespaces).toEqual(expect.arrayContaining(["app", "nav", "activityPages"]));
    expect(namespaces).not.toContain("privacy");
    expect(namespaces).not.toContain("signals");
    expect(namespaces).not.toContain("email");
    // Each namespace is the page language's own, whole; no text of the other language slipped in.
    for (const ns of namespaces) expect(data.resources[ns], ns).toEqual(catalogues[lng][ns]);
    const foreign = onlyIn(other[lng]);
    expect(leaves(data.resources).filter(([, v]) => foreign.has(v))).toEqual([]);
  });

  test("an activity page, the home page and /login carry their own namespaces", async () => {
    const client = createBrowserlessClient(server.url);
    const pages = { [`/activities/${activityId}`]: "activityPages", "/": "home", "/login": "login" };
    for (const [url, ns] of Object.entries(pages)) {
      const data = inlinedMessages(await (await client.get(url)).text());
      expect(Object.keys(data.resources), url).toContain(ns);
      expect(Object.keys(data.resources), url).not.toContain("privacy");
    }
  });

  test("the inlined JSON cannot close its script element", async () => {
    const page = await (await createBrowserlessClient(server.url).get("/")).text();
    const json = /<script type="application\/json" id="noaber-messages"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
    expect(json).not.toMatch(/<\/script|<!--/i);
    expect(json).not.toContain("<");
  });

  test.each(["nl", "en"] as const)("points the browser at a file of every namespace, in %s", async (lng) => {
    const data = inlinedMessages(
      await (await createBrowserlessClient(server.url).get("/", { headers: { "accept-language": lng } })).text(),
    );
    expect(Object.keys(data.files[lng]).sort()).toEqual(Object.keys(catalogues[lng]).sort());
    // A namespace this page does not have yet (privacy) comes from its file, in the same language.
    const response = await fetch(new URL(messageFileUrl(lng, "privacy", data.files[lng].privacy!), server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(catalogues[lng].privacy);
  });
});

describe("the client build", () => {
  test.each(["nl", "en"] as const)("holds one file per namespace of %s, in that language only", async (lng) => {
    const dir = path.join(clientDir, "assets/messages", lng);
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
    expect(files.map((f) => f.split(".")[0]).sort()).toEqual(Object.keys(catalogues[lng]).sort());
    const foreign = onlyIn(other[lng]);
    for (const file of files) {
      const messages: unknown = JSON.parse(await readFile(path.join(dir, file), "utf8"));
      expect(messages, file).toEqual(catalogues[lng][file.split(".")[0]!]);
      expect(
        leaves(messages).filter(([, v]) => foreign.has(v)),
        file,
      ).toEqual([]);
    }
  });

  test("no JavaScript file holds the message catalogue", async () => {
    const scripts = (await readdir(path.join(clientDir, "assets"))).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(10);
    for (const file of scripts) {
      const code = await readFile(path.join(clientDir, "assets", file), "utf8");
      expect(code, file).not.toContain(nl.privacy.careData.body);
      expect(code, file).not.toContain(en.privacy.careData.body);
      expect(code, file).not.toContain(nl.home.intro);
    }
  });
});
