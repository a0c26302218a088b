import { eq } from "drizzle-orm";
import { generate, generateSecret } from "otplib";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { formDraft, passkey, totpCredential } from "#db/schema";
import {
  createCareConsent,
  createCareRecipient,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createSignalRecord,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createResendMock } from "#tests/mocks/resend";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { requestSignInMail, resendEnv, resendWorker } from "#tests/support/sign-in";

// Staff who signed in by email alone (link or code) act as residents until they prove a second
// factor: over plain HTTP, every coordinator and admin page, and every page with care details,
// sends them to /login/second-factor and back — and no answer carries the care details.

const mock = createResendMock();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let t = Date.UTC(2026, 10, 28, 11, 0, 0);
const now = () => t;
let server: TestServer;
let worker: ReturnType<typeof resendWorker>;
const CARE = ["Sleutel ligt onder de mat.", "Jan heeft dementie.", "Lindelaan 12"];
const ids = {} as { request: number; signal: number; coordinator: number; admin: number; carer: number };
const COORDINATOR_EMAIL = `karin-${process.pid}@example.org`;
const ADMIN_EMAIL = `anna-${process.pid}@example.org`;

beforeAll(async () => {
  mock.server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  server = await startTestServer({ env: resendEnv, now });
  worker = resendWorker(server, now);
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, postcodes: ["7511"] });
    const person = async (name: string, email?: string) =>
      (await createUser(tx, { name, neighbourhoodId: area.id, postcode: "7511AB", ...(email ? { email } : {}) })).id;
    ids.carer = await person("Carla Mantelzorger");
    ids.coordinator = await person("Karin Noord", COORDINATOR_EMAIL);
    await grantCoordinator(tx, ids.coordinator, [area.id]);
    ids.admin = await person("Anna Beheer", ADMIN_EMAIL);
    await grantAdmin(tx, ids.admin);
    const consent = await createCareConsent(tx, ids.carer);
    const recipient = await createCareRecipient(tx, {
      carerId: ids.carer,
      neighbourhoodId: area.id,
      firstName: "Opa Jan",
      notesForHelpers: "Jan heeft dementie.",
    });
    ids.request = (
      await createHelpRequest(tx, {
        neighbourhoodId: area.id,
        requesterId: ids.carer,
        careRecipientId: recipient.id,
        careConsentId: consent.id,
        status: "open",
        address: "Lindelaan 12",
        privateText: "Sleutel ligt onder de mat.",
        publicText: "Twee middagen gezelschap voor opa.",
        createdAt: t - 2 * HOUR,
        updatedAt: t - 2 * HOUR,
      })
    ).id;
    ids.signal = (await createSignalRecord(tx, { municipalityId: town.id, neighbourhoodId: area.id })).id;
  });
});
afterAll(async () => {
  await server.close();
  mock.server.close();
});
afterEach(() => mock.reset());

/** Signs in for real: asks for the mail, reads the code from it and types it on /login. */
async function signInByCode(email: string) {
  const client = createBrowserlessClient(server.url);
  const { code } = await requestSignInMail(client, worker, mock, email);
  const response = await client.post("/login", { intent: "code", email, code: code!, redirectTo: "/" });
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`/login/second-factor?${new URLSearchParams({ redirectTo: "/" })}`);
  expect(client.jar.has("noaber_session")).toBe(true);
  return client;
}

const toSecondFactor = (page: string) => `/login/second-factor?${new URLSearchParams({ redirectTo: page })}`;

/** The single-fetch URL of a page: `/coordinator.data`, `/_root.data` for the home page. */
const dataUrl = (page: string) => {
  const [pathname, search] = page.split("?") as [string, string | undefined];
  return `${pathname === "/" ? "/_root" : pathname}.data${search ? `?${search}` : ""}`;
};

/** Where an answer sends the browser: Location, or for single fetch (202) X-Remix-Redirect / Location. */
const redirectOf = (response: Response) =>
  response.status === 202
    ? (response.headers.get("x-remix-redirect") ?? response.headers.get("location"))
    : response.status >= 300 && response.status < 400
      ? response.headers.get("location")
      : null;

type Client = ReturnType<typeof createBrowserlessClient>;

/** GET, its .data twin and (where the page has an action) a POST that reaches the rights check. */
async function expectSentToSecondFactor(client: Client, page: string, post?: Record<string, string>) {
  const answers: [string, Response][] = [
    [`GET ${page}`, await client.get(page)],
    [`GET ${dataUrl(page)}`, await client.get(dataUrl(page))],
  ];
  if (post) {
    answers.push([`POST ${page}`, await client.post(page, post)]);
    answers.push([`POST ${dataUrl(page)}`, await client.post(dataUrl(page), post)]);
  }
  for (const [what, response] of answers) {
    const body = await response.text();
    expect(redirectOf(response), what).toBe(toSecondFactor(page));
    for (const text of CARE) expect(body, what).not.toContain(text);
  }
}

const coordinatorPages = (): [string, Record<string, string> | undefined][] => [
  ["/coordinator", undefined],
  [`/coordinator/requests/${ids.request}`, { intent: "ask" }],
  ["/coordinator/intake", {}],
  ["/coordinator/volunteers", { userId: String(ids.carer), vogStatus: "none" }],
  ["/coordinator/facilities", undefined],
  ["/signals", undefined],
  [`/signals/${ids.signal}`, { intent: "respond", respondedOn: "2026-11-28", response: "We gaan het bespreken." }],
  ["/signals/report", undefined],
];

describe("a coordinator signed in by link alone gets no care data and no admin page over plain HTTP", () => {
  test("coordinator: every coordinator page and the care details send them to the second step", async () => {
    const client = await signInByCode(COORDINATOR_EMAIL);
    for (const [page, post] of coordinatorPages()) await expectSentToSecondFactor(client, page, post);
    // The CSV export is a resource route: no .data twin.
    const csv = await client.get("/signals/report.csv");
    expect(redirectOf(csv)).toBe(toSecondFactor("/signals/report.csv"));
    expect(await csv.text()).not.toContain("Binnenstad");
    // Someone else's request the coordinator may see once verified: no care details, and as a
    // resident they would get 404; instead, off to the second step.
    const request = `/requests/${ids.request}`;
    for (const response of [await client.get(request), await client.get(dataUrl(request))]) {
      expect(redirectOf(response)).toBe(toSecondFactor(request));
      const body = await response.text();
      for (const text of CARE) expect(body).not.toContain(text);
    }
    await expectSentToSecondFactor(client, "/admin");
    // What a resident may: still there.
    for (const page of ["/", "/activities", "/me", "/requests"]) {
      const response = await client.get(page);
      expect(response.status, page).toBe(200);
      const body = await response.text();
      for (const text of CARE) expect(body, page).not.toContain(text);
    }
  });

  test("admin: the admin page and the coordinator pages send them to the second step", async () => {
    const client = await signInByCode(ADMIN_EMAIL);
    await expectSentToSecondFactor(client, "/admin");
    for (const [page, post] of coordinatorPages()) await expectSentToSecondFactor(client, page, post);
    const request = `/requests/${ids.request}`;
    const response = await client.get(request);
    expect(redirectOf(response)).toBe(toSecondFactor(request));
    const body = await response.text();
    for (const text of CARE) expect(body).not.toContain(text);
    for (const page of ["/", "/activities", "/me", "/requests"]) expect((await client.get(page)).status, page).toBe(200);
  });

  test("the same coordinator with a verified session sees the care details (the test sees what it should)", async () => {
    const client = await signedInClient(server, ids.coordinator, t);
    const triage = await client.get(`/coordinator/requests/${ids.request}`);
    expect(triage.status).toBe(200);
    expect(await triage.text()).toContain("Sleutel ligt onder de mat.");
    const view = await client.get(`/requests/${ids.request}`);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain("Sleutel ligt onder de mat.");
    expect((await client.get("/coordinator")).status).toBe(200);
  });
});

describe("step-up: a proof older than STEP_UP_MAX_AGE_HOURS", () => {
  test("sends a verified coordinator to the second step from care data; other coordinator pages still work", async () => {
    const stepUp = await startTestServer({ env: { STEP_UP_MAX_AGE_HOURS: "1" }, now, database: server.database });
    try {
      const client = await signedInClient(stepUp, ids.coordinator, t);
      const triage = `/coordinator/requests/${ids.request}`;
      const view = `/requests/${ids.request}`;
      expect((await client.get(triage)).status).toBe(200);
      // Past the hour (within the session's 2 idle hours: a page in between keeps it alive).
      t += 40 * MINUTE;
      expect((await client.get("/coordinator")).status).toBe(200);
      t += 21 * MINUTE;
      for (const page of [triage, view]) {
        for (const response of [await client.get(page), await client.get(dataUrl(page))]) {
          expect(redirectOf(response), page).toBe(toSecondFactor(page));
          const body = await response.text();
          for (const text of CARE) expect(body, page).not.toContain(text);
        }
      }
      for (const page of ["/coordinator", "/coordinator/intake", "/coordinator/volunteers", "/signals", "/signals/report"]) {
        expect((await client.get(page)).status, page).toBe(200);
      }
    } finally {
      await stepUp.close();
    }
  });
  test("a form sent with a too-old proof is kept: after confirming, /login/resume sends it again with what was typed", async () => {
    const stepUp = await startTestServer({ env: { STEP_UP_MAX_AGE_HOURS: "1" }, now, database: server.database });
    const secret = generateSecret();
    try {
      const passkeyId = await stepUp.database.write(async (tx) => {
        await tx
          .insert(totpCredential)
          .values({ userId: ids.coordinator, secretSealed: stepUp.services.keys.seal(secret), createdAt: t, confirmedAt: t });
        const [row] = await tx
          .insert(passkey)
          .values({ userId: ids.coordinator, credentialId: `cred-${process.pid}`, publicKey: "AAAA", name: "Laptop", createdAt: t })
          .returning({ id: passkey.id });
        return row!.id;
      });
      const client = await signedInClient(stepUp, ids.coordinator, t);
      t += 40 * MINUTE;
      expect((await client.get("/coordinator")).status).toBe(200);
      t += 21 * MINUTE;

      // The rename is refused for now, but what was typed is kept and the way back leads to it.
      const sent = await client.post("/me/security", { intent: "passkey-rename", id: String(passkeyId), name: "Werklaptop" });
      const detour = redirectOf(sent)!;
      const resume = new URL(detour, stepUp.url).searchParams.get("redirectTo")!;
      expect(new URL(detour, stepUp.url).pathname).toBe("/login/second-factor");
      expect(resume).toMatch(/^\/login\/resume\?draft=[\w-]+$/);
      expect((await stepUp.database.db.select({ name: passkey.name }).from(passkey).where(eq(passkey.id, passkeyId)))[0]!.name).toBe(
        "Laptop",
      );
      // The kept fields are sealed: the typed name is nowhere in plain text.
      const drafts = await stepUp.database.db.select().from(formDraft);
      expect(JSON.stringify(drafts)).not.toContain("Werklaptop");

      // Confirming with the app returns to the resume page …
      const code = await generate({ secret, epoch: Math.floor(t / 1000) });
      const confirmed = await client.post(detour, { intent: "totp", code });
      expect(redirectOf(confirmed)).toBe(resume);
      // … which offers the form again with what was typed, as hidden fields aimed at the page.
      const page = await html(await client.get(resume));
      expect(page).toContain('action="/me/security"');
      expect(page).toContain('name="name" value="Werklaptop"');
      expect(page).toContain('name="intent" value="passkey-rename"');
      // Sending it again now works.
      expect(
        redirectOf(await client.post("/me/security", { intent: "passkey-rename", id: String(passkeyId), name: "Werklaptop" })),
      ).toMatch(/^\/me\/security/);
      expect((await stepUp.database.db.select({ name: passkey.name }).from(passkey).where(eq(passkey.id, passkeyId)))[0]!.name).toBe(
        "Werklaptop",
      );
      // A draft id that is not theirs (or is gone after 15 minutes) offers nothing.
      t += 16 * MINUTE;
      expect(await html(await client.get(resume))).not.toContain("Werklaptop");
    } finally {
      await stepUp.database.write(async (tx) => {
        await tx.delete(passkey).where(eq(passkey.userId, ids.coordinator));
        await tx.delete(totpCredential).where(eq(totpCredential.userId, ids.coordinator));
        await tx.delete(formDraft);
      });
      await stepUp.close();
    }
  });
});
