import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createCareConsent,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createBrowserlessClient, htmlWithBrackets as html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

const NOW = Date.UTC(2026, 5, 10, 12); // 10 June 2026
const DAY = 86_400_000;
let server: TestServer;
const ids = { coordinator: 0, resident: 0, elsewhere: 0, north: 0 };
// Personal data in the source rows that must never reach the report or the CSV.
const PERSONAL = ["Pietje Puk", "pietje@example.org", "Lindelaan 12", "Sleutel ligt onder de mat", "0612345678", "Oma Truus"];

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Hoflanden-test", timeZone: "Europe/Amsterdam" });
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    const south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    ids.coordinator = (await createUser(tx, { neighbourhoodId: ids.north, name: "Cora Coördinator" })).id;
    await grantCoordinator(tx, ids.coordinator, [ids.north, south]);
    const carer = await createUser(tx, {
      neighbourhoodId: ids.north,
      name: "Pietje Puk",
      email: "pietje@example.org",
      phone: "0612345678",
    });
    ids.resident = carer.id;
    const consent = await createCareConsent(tx, carer.id);
    for (let i = 0; i < 12; i++) {
      await createHelpRequest(tx, {
        requesterId: carer.id,
        neighbourhoodId: i < 9 ? ids.north : south,
        kind: i % 3 === 0 ? "shopping" : "respite",
        address: "Lindelaan 12",
        privateText: "Sleutel ligt onder de mat",
        careConsentId: consent.id,
        contactName: "Oma Truus",
        status: i === 0 ? "expired" : "open",
        createdAt: Date.UTC(2026, 1, 3) + i * 5 * DAY,
      });
    }
    const other = await createMunicipality(tx);
    const far = (await createNeighbourhood(tx, { municipalityId: other.id })).id;
    ids.elsewhere = (await createUser(tx, { neighbourhoodId: far })).id;
    await grantCoordinator(tx, ids.elsewhere, [far]);
  });
});
afterAll(() => server.close());

const clientFor = (who: keyof typeof ids | null) =>
  who === null ? createBrowserlessClient(server.url) : signedInClient(server, ids[who], NOW);

describe("/signals", () => {
  test("a coordinator sees the overview with server-rendered charts, the tables and the nav link", async () => {
    const response = await (await clientFor("coordinator")).get("/signals?from=2026-01&to=2026-05");
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toContain("Signalen en cijfers");
    expect(page).toContain('href="/signals"');
    expect(page).toMatch(/<svg[^>]*role="img"/);
    expect(page).toContain('<title id="trend-requests-title">');
    expect(page).toContain('<desc id="trend-requests-desc">');
    expect(page).toContain("Hulpvragen: per wijk en categorie");
    expect(page).toContain("< 5");
    expect(page).toContain('href="/signals/new"');
  });

  test("residents get 403, visitors go to log in, on every signals page", async () => {
    const resident = await clientFor("resident");
    for (const path of ["/signals", "/signals/report", "/signals/report.csv", "/signals/new", "/signals/thresholds"]) {
      expect((await resident.get(path)).status, path).toBe(403);
      const visitor = await (await clientFor(null)).get(path);
      expect(visitor.status, path).toBe(302);
      expect(visitor.headers.get("location")).toContain("/login");
    }
  });

  test("bad period input keeps what was typed and says what is wrong (400, not 500)", async () => {
    const response = await (await clientFor("coordinator")).get("/signals/report?from=2026-13&to=2026-03");
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain('value="2026-13"');
    expect(page).toContain("Vul een maand in zoals 2026-03");
    const reversed = await html(await (await clientFor("coordinator")).get("/signals?from=2026-05&to=2026-02"));
    expect(reversed).toContain("Het einde ligt voor het begin");
  });
});

describe("/signals/report", () => {
  test("the report shows aggregates with small counts suppressed and no personal data", async () => {
    const response = await (await clientFor("coordinator")).get("/signals/report?from=2026-02&to=2026-04");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const page = await html(response);
    expect(page).toContain("Knelpunten in Hoflanden-test");
    expect(page).toContain("Samenvatting per wijk");
    expect(page).toContain("2026-02-01 tot en met 2026-04-30");
    expect(page).toContain("< 5");
    for (const text of PERSONAL) expect(page, text).not.toContain(text);
  });

  test("the area filter narrows the report to one neighbourhood and keeps the choice", async () => {
    const page = await html(await (await clientFor("coordinator")).get(`/signals/report?from=2026-02&to=2026-04&area=${ids.north}`));
    expect(page).toContain("Rapport voor de gemeente · 2026-02-01 tot en met 2026-04-30 · Noord");
    expect(page).toMatch(new RegExp(`<option value="${ids.north}" selected`));
    expect(page).not.toContain("<dt>Zuid</dt>");
  });

  test("an empty period says so", async () => {
    const page = await html(await (await clientFor("coordinator")).get("/signals/report?from=2020-01&to=2020-03"));
    expect(page).toContain("In deze periode is er niets gebeurd in Noaber");
  });

  test("the CSV has the same disclosed figures, in rows, without personal data", async () => {
    const response = await (await clientFor("coordinator")).get("/signals/report.csv?from=2026-02&to=2026-04");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toContain("signalen-2026-02-01-2026-04-30.csv");
    const csv = await response.text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("indicator,wijk,categorie,periode,van,tot en met,waarde,eenheid");
    // Shopping in Zuid: one request → "< 5"; the 12 requests in total are shown.
    expect(lines).toContain("requests,Zuid,shopping,2026-02/2026-04,2026-02-01,2026-04-30,< 5,count");
    expect(lines).toContain("requests,totaal,totaal,2026-02/2026-04,2026-02-01,2026-04-30,12,count");
    for (const text of PERSONAL) expect(csv, text).not.toContain(text);
    expect((await (await clientFor("coordinator")).get("/signals/report.csv?from=bad")).status).toBe(400);
  });
});

describe("signals over HTTP", () => {
  test("create with field errors kept, then raise; wrong steps and other municipalities are refused", async () => {
    const client = await clientFor("coordinator");
    const invalid = await client.post("/signals/new", { kind: "supply", title: "", description: "Te weinig vrijwilligers" });
    expect(invalid.status).toBe(400);
    const form = await html(invalid);
    expect(form).toContain("Vul een korte titel in.");
    expect(form).toContain("Te weinig vrijwilligers");

    const created = await client.post("/signals/new", {
      kind: "supply",
      neighbourhoodId: String(ids.north),
      category: "kind:respite",
      title: "Respijt schiet tekort",
      description: "Mantelzorgers wachten te lang.",
      evidenceIndicator: "requests",
    });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    const id = Number(/\/signals\/(\d+)/.exec(location)![1]);

    const wrongStep = await client.post(`/signals/${id}`, { intent: "resolve", resolvedOn: "2026-06-01" });
    expect(wrongStep.status).toBe(400);
    expect(await html(wrongStep)).toContain("Een signaal kan pas opgelost zijn als de gemeente heeft geantwoord.");

    const future = await client.post(`/signals/${id}`, { intent: "raise", raisedOn: "2026-07-01", raisedWith: "Wethouder" });
    expect(future.status).toBe(400);
    expect(await html(future)).toContain("Deze datum ligt in de toekomst.");

    expect((await client.post(`/signals/${id}`, { intent: "raise", raisedOn: "2026-06-02", raisedWith: "Wethouder" })).status).toBe(302);
    const detail = await html(await client.get(`/signals/${id}`));
    expect(detail).toContain("Gemeld bij de gemeente");
    expect(detail).toContain("Gemeld op 2026-06-02 bij Wethouder");
    expect(detail).toContain("Hulpvragen, Noord");

    const report = await html(await client.get("/signals/report?from=2026-02&to=2026-04"));
    expect(report).toContain("Respijt schiet tekort");

    expect((await client.get("/signals/999999")).status).toBe(404);
    expect((await (await clientFor("elsewhere")).get(`/signals/${id}`)).status).toBe(404);
    expect(
      (await (await clientFor("resident")).post(`/signals/${id}`, { intent: "respond", respondedOn: "2026-06-03", response: "x" })).status,
    ).toBe(404);
  });

  test("thresholds page saves and shows errors next to the fields", async () => {
    const client = await clientFor("coordinator");
    const bad = await client.post("/signals/thresholds", {
      waitDays: "0",
      facilityWaitWeeks: "8",
      respiteRequests: "3",
      respiteMonths: "3",
    });
    expect(bad.status).toBe(400);
    expect(await html(bad)).toContain("Vul een heel getal in dat past bij deze drempel.");
    const ok = await client.post("/signals/thresholds", {
      waitDays: "14",
      facilityWaitWeeks: "8",
      respiteRequests: "3",
      respiteMonths: "3",
    });
    expect(ok.status).toBe(302);
    expect(await html(await client.get("/signals"))).toContain("langer dan 14 dagen");
  });
});
