import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailSuppression, notificationSetting } from "#db/schema";
import type { OptionalEmailKind } from "~/domain/vocabulary";
import { unsubscribeToken } from "~/domain/notifications/preferences.server";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// One-click unsubscribe without signing in (a GET changes nothing; the page's button and the RFC
// 8058 POST both unsubscribe; a tampered link gives a clear 400 page), and the mail settings on /me.

const NOW = Date.UTC(2026, 5, 1, 10, 0);
let server: TestServer;
let neighbourhoodId: number;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
  });
});
afterAll(() => server.close());

async function personWith(settings: Partial<typeof notificationSetting.$inferInsert> = {}) {
  return server.database.write(async (tx) => {
    const person = await createUser(tx, { neighbourhoodId });
    await tx.insert(notificationSetting).values({ userId: person.id, digest: true, updatedAt: NOW, ...settings });
    return person;
  });
}
const settingsOf = async (userId: number) =>
  (await server.database.db.select().from(notificationSetting).where(eq(notificationSetting.userId, userId)))[0]!;
const linkFor = (userId: number, kind: OptionalEmailKind) =>
  `/unsubscribe/${encodeURIComponent(unsubscribeToken(server.services.keys, userId, kind))}`;

const signedIn = (userId: number) => signedInClient(server, userId, NOW);

describe("/unsubscribe/:token", () => {
  test("a GET (and a HEAD, as mail scanners send) only shows the question: nothing changes", async () => {
    const person = await personWith();
    const link = linkFor(person.id, "digest");
    const response = await fetch(`${server.url}${link}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await html(response);
    expect(page).toContain("Wilt u geen het weekoverzicht meer krijgen van Noaber?");
    expect(page).toContain('method="post"');
    expect((await fetch(`${server.url}${link}`, { method: "HEAD" })).status).toBe(200);
    expect((await settingsOf(person.id)).digest).toBe(true);
  });

  test("the page's button unsubscribes without a session, and says so", async () => {
    const person = await personWith();
    const client = createBrowserlessClient(server.url);
    const response = await client.post(linkFor(person.id, "digest"), {});
    expect(response.status).toBe(200);
    expect(await html(response)).toContain("Klaar. U krijgt geen het weekoverzicht meer.");
    expect(await settingsOf(person.id)).toMatchObject({ digest: false, afterSession: true, dayBeforeAt: "18:00", hoursBefore: 2 });
  });

  test("the RFC 8058 one-click POST from a mail provider (form body, no cookies, no Origin) unsubscribes", async () => {
    const person = await personWith();
    const post = () =>
      fetch(`${server.url}${linkFor(person.id, "after-session")}`, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
    const response = await post();
    expect(response.status).toBe(200);
    expect((await settingsOf(person.id)).afterSession).toBe(false);
    // Sent twice (providers retry): still fine.
    expect((await post()).status).toBe(200);
    expect(await settingsOf(person.id)).toMatchObject({ afterSession: false, digest: true });
  });

  test("unsubscribing from reminders switches both reminders off, for someone who never changed a setting", async () => {
    const person = await server.database.write((tx) => createUser(tx, { neighbourhoodId }));
    const response = await fetch(`${server.url}${linkFor(person.id, "reminder")}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
    expect(await settingsOf(person.id)).toMatchObject({ dayBeforeAt: null, hoursBefore: null, afterSession: true, digest: false });
    const page = await html(await fetch(`${server.url}${linkFor(person.id, "reminder")}`));
    expect(page).toContain("U krijgt al geen herinneringen.");
  });

  test("a tampered or broken link gives a clear page with 400, never a 500, and changes nothing", async () => {
    const person = await personWith();
    const good = unsubscribeToken(server.services.keys, person.id, "digest");
    const other = await personWith();
    const tampered = [
      good.replace(`${person.id}.`, `${other.id}.`),
      good.replace("digest", "reminder"),
      `${good.slice(0, -3)}abc`,
      "not-a-token",
      `${person.id}.digest.`,
    ];
    for (const token of tampered) {
      const path = `/unsubscribe/${encodeURIComponent(token)}`;
      const get = await fetch(`${server.url}${path}`);
      expect(get.status).toBe(400);
      const page = await html(get);
      expect(page).toContain("Deze link werkt niet");
      const post = await fetch(`${server.url}${path}`, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(post.status).toBe(400);
    }
    expect((await settingsOf(person.id)).digest).toBe(true);
    expect((await settingsOf(other.id)).digest).toBe(true);
  });

  test("a link cut short in the middle of an escape sequence gets a clear 400 page too", async () => {
    for (const method of ["GET", "POST"]) {
      const response = await fetch(`${server.url}/unsubscribe/12.digest.abc%E0%A4%A`, { method });
      expect(response.status).toBe(400);
      expect(await html(response)).toContain("Kopieer de hele link uit de e-mail");
    }
  });
});

describe("mail settings on /me", () => {
  test("the section lists essential mail as always sent and each optional kind with its control, in fieldsets", async () => {
    const person = await personWith({ hoursBefore: null });
    const page = await html(await (await signedIn(person.id)).get("/me"));
    expect(page).toContain('id="notifications"');
    expect(page).toContain("Deze e-mails krijgt u altijd");
    expect(page).toContain("Inloggen: de link en de code om in te loggen.");
    expect(page.match(/<legend/g)!.length).toBeGreaterThanOrEqual(4);
    expect(page).toMatch(/<input[^>]*name="dayBeforeOn"[^>]*checked/);
    expect(page).not.toMatch(/<input[^>]*name="hoursBeforeOn"[^>]*checked/);
    expect(page).toMatch(/<input[^>]*name="digest"[^>]*checked/);
    expect(page).toMatch(/<input[^>]*type="time"[^>]*name="dayBeforeAt"[^>]*value="18:00"|<input[^>]*name="dayBeforeAt"[^>]*value="18:00"/);
    expect(page).toContain('<label for="');
  });

  test("bad input: 400, the error next to the field, what was typed kept, nothing saved", async () => {
    const person = await personWith();
    const client = await signedIn(person.id);
    const response = await client.post("/me", {
      intent: "notifications",
      dayBeforeOn: "on",
      dayBeforeAt: "21:15",
      hoursBeforeOn: "on",
      hoursBefore: "60",
      digest: "on",
    });
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain("Kies een getal van 1 tot en met 48.");
    expect(page).toMatch(/<input[^>]*name="hoursBefore"[^>]*value="60"/);
    expect(page).toMatch(/<input[^>]*name="dayBeforeAt"[^>]*value="21:15"/);
    expect(page).toMatch(/aria-invalid="true"[^>]*name="hoursBefore"|name="hoursBefore"[^>]*aria-invalid="true"/);
    expect(await settingsOf(person.id)).toMatchObject({ dayBeforeAt: "18:00", hoursBefore: 2 });
  });

  test("valid input is saved and the page says so after the redirect; unchecked boxes switch mail off", async () => {
    const person = await personWith();
    const client = await signedIn(person.id);
    const response = await client.post("/me", { intent: "notifications", dayBeforeOn: "on", dayBeforeAt: "20:00", hoursBefore: "5" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/me?saved=notifications#notifications");
    expect(await settingsOf(person.id)).toMatchObject({
      dayBeforeAt: "20:00",
      hoursBefore: null,
      afterSession: false,
      digest: false,
      updatedAt: NOW,
    });
    expect(await html(await client.get("/me?saved=notifications"))).toContain("Uw instellingen zijn opgeslagen.");
  });

  test("a suppressed address is explained with how to fix it, and the person can resume mail", async () => {
    const person = await personWith();
    await server.database.write((tx) =>
      tx.insert(emailSuppression).values({ address: person.email, reason: "bounce", eventId: "msg_1", createdAt: NOW }),
    );
    const client = await signedIn(person.id);
    const page = await html(await client.get("/me"));
    expect(page).toContain(`E-mail naar ${person.email} kwam niet aan.`);
    expect(page).toContain("Kijk of uw mailbox niet vol is");
    const resumed = await client.post("/me", { intent: "resume-mail" });
    expect(resumed.status).toBe(302);
    expect(await server.database.db.select().from(emailSuppression).where(eq(emailSuppression.address, person.email))).toEqual([]);
    expect(await html(await client.get("/me"))).not.toContain("kwam niet aan");
  });

  test("a visitor is sent to sign in", async () => {
    const response = await createBrowserlessClient(server.url).post("/me", { intent: "notifications", digest: "on" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/login?redirectTo=");
  });
});
