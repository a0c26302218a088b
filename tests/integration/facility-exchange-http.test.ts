import { randomUUID } from "node:crypto";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { facilityImport, facilityService } from "#db/schema";
import { createBrowserlessClient, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { createExchangeFacilities, createExchangeWorld, exchangeNow } from "#tests/support/facility-exchange";

let server: TestServer;
let world: Awaited<ReturnType<typeof createExchangeWorld>>;

beforeAll(async () => {
  server = await startTestServer({ now: () => exchangeNow });
  world = await server.database.write((tx) => createExchangeWorld(tx));
  await server.database.write((tx) => createExchangeFacilities(tx, world));
});
afterAll(() => server.close());

/** A client signed in as the given person (a real session row and cookie). */
const as = (userId: number | null) => (userId === null ? createBrowserlessClient(server.url) : signedInClient(server, userId, exchangeNow));

function upload(client: Awaited<ReturnType<typeof as>>, format: "json" | "csv", files: { name: string; text: string; type?: string }[]) {
  const body = new FormData();
  body.set("format", format);
  for (const f of files) body.append("files", new Blob([f.text], { type: f.type ?? "application/octet-stream" }), f.name);
  return client.get("/coordinator/facilities/import", { method: "POST", body, headers: { origin: server.url } });
}

async function waitUntilFinished(client: Awaited<ReturnType<typeof as>>, location: string) {
  for (let i = 0; i < 100; i++) {
    const html = await (await client.get(location)).text();
    if (!html.includes('http-equiv="refresh"')) return html;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("import did not finish");
}

const service = (postcode = "7511 AB") => ({
  id: randomUUID(),
  name: "Maatjesproject",
  status: "active",
  organization: { id: randomUUID(), name: "Humanitas", description: "" },
  service_at_locations: [
    {
      id: randomUUID(),
      location: {
        id: randomUUID(),
        location_type: "physical",
        name: "Kantoor",
        addresses: [
          {
            id: randomUUID(),
            address_1: "Markt 1",
            city: "Enschede",
            state_province: "",
            postal_code: postcode,
            country: "NL",
            address_type: "physical",
          },
        ],
      },
    },
  ],
  languages: [{ id: randomUUID(), code: "nl" }],
  attributes: [
    {
      id: randomUUID(),
      value: "mental-health",
      taxonomy_term: { id: randomUUID(), code: "noaber:category", name: "category", description: "" },
    },
    {
      id: randomUUID(),
      value: "everyone",
      taxonomy_term: { id: randomUUID(), code: "noaber:target-group", name: "target-group", description: "" },
    },
    { id: randomUUID(), value: "referral", taxonomy_term: { id: randomUUID(), code: "noaber:access", name: "access", description: "" } },
  ],
});

const services = async () => (await server.database.db.select({ n: count() }).from(facilityService))[0]!.n;

describe("the import page", () => {
  test("a coordinator sees the upload form and the export links", async () => {
    const client = await as(world.coordinator.id);
    const response = await client.get("/coordinator/facilities/import");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toMatch(/<input[^>]*type="file"[^>]*name="files"[^>]*multiple/);
    expect(html).toContain("<legend>Soort bestand</legend>");
    expect(html).toContain('href="/facilities/export.json"');
    expect(html).toContain('href="/facilities/export/services.csv"');
  });

  test("a good file: upload, redirect to the progress page, done", async () => {
    const client = await as(world.coordinator.id);
    const before = await services();
    const response = await upload(client, "json", [{ name: "kaart.json", text: JSON.stringify([service()]), type: "application/json" }]);
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/coordinator\/facilities\/import\/\d+$/);
    const html = await waitUntilFinished(client, location);
    expect(html).toContain("Klaar: ingelezen");
    expect(html).toMatch(/<progress[^>]*max="1"[^>]*value="1"/);
    expect(await services()).toBe(before + 1);
  });

  test("a file with errors: each row is listed, nothing is written", async () => {
    const client = await as(world.coordinator.id);
    const before = await services();
    const response = await upload(client, "json", [
      { name: "kaart.json", text: JSON.stringify([service(), service("8011 AA"), service("oops")]) },
    ]);
    const html = await waitUntilFinished(client, response.headers.get("location")!);
    expect(html).toContain("Niet ingelezen: er zijn fouten");
    expect(html).toMatch(
      /<td>3<\/td><td><code>service_at_locations\[0\]\.location\.addresses\[0\]\.postal_code<\/code><\/td><td>Vul een postcode in zoals 7511 AB\.<\/td>/,
    );
    expect(html).toMatch(
      /<td>2<\/td><td><code>service_at_locations\[0\]\.location\.addresses\[0\]\.postal_code<\/code><\/td><td>Deze postcode hoort niet bij onze gemeente/,
    );
    expect(await services()).toBe(before);
  });

  test("while an import runs, the page refreshes itself", async () => {
    const [job] = await server.database.write((tx) =>
      tx
        .insert(facilityImport)
        .values({
          municipalityId: world.town.id,
          format: "csv",
          status: "validating",
          total: 10,
          processed: 4,
          payload: null,
          createdAt: exchangeNow,
        })
        .returning(),
    );
    const html = await (await (await as(world.coordinator.id)).get(`/coordinator/facilities/import/${job!.id}`)).text();
    expect(html).toContain('<meta http-equiv="refresh" content="2"/>');
    expect(html).toMatch(/<progress[^>]*max="10"[^>]*value="4"/);
    expect(html).toContain("4 van 10 voorzieningen gecontroleerd");
  });

  test("an upload over the size limit gets a clear message", async () => {
    const client = await as(world.coordinator.id);
    const response = await upload(client, "json", [{ name: "groot.json", text: " ".repeat(10 * 1024 * 1024 + 10) }]);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("Het bestand is te groot. Het mag hoogstens 10 MB zijn.");
  });

  test("no file chosen: 400 with a message", async () => {
    const client = await as(world.coordinator.id);
    const response = await upload(client, "csv", []);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Kies een bestand.");
  });

  test("only coordinators: residents get 403, visitors go to the login, other towns' coordinators and residents 404 on an import", async () => {
    const resident = await as(world.resident.id);
    expect((await resident.get("/coordinator/facilities/import")).status).toBe(403);
    expect((await upload(resident, "json", [{ name: "x.json", text: "[]" }])).status).toBe(403);
    const visitor = await as(null);
    const login = await visitor.get("/coordinator/facilities/import");
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toMatch(/^\/login\?redirectTo=/);

    const coordinator = await as(world.coordinator.id);
    const response = await upload(coordinator, "json", [{ name: "kaart.json", text: JSON.stringify([service()]) }]);
    const location = response.headers.get("location")!;
    await waitUntilFinished(coordinator, location);
    expect((await (await as(world.otherCoordinator.id)).get(location)).status).toBe(404);
    expect((await resident.get(location)).status).toBe(404);
  });
});

describe("the export downloads", () => {
  test("JSON and CSV tables for coordinators; residents 403; unknown tables 404", async () => {
    const client = await as(world.coordinator.id);
    const json = await client.get("/facilities/export.json");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(json.headers.get("cache-control")).toBe("private, no-store");
    const page = (await json.json()) as { contents: unknown[] };
    expect(page.contents.length).toBeGreaterThanOrEqual(3);

    const csv = await client.get("/facilities/export/service_at_location.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="service_at_location.csv"');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // UTF-8 byte-order mark first, so spreadsheets read the names right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8").split("\r\n")[0]).toBe("id,service_id,location_id,description");

    expect((await client.get("/facilities/export/users.csv")).status).toBe(404);
    const resident = await as(world.resident.id);
    expect((await resident.get("/facilities/export.json")).status).toBe(403);
    expect((await resident.get("/facilities/export/services.csv")).status).toBe(403);
  });
});
