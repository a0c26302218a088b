import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, passkey, recoveryCode, securityEvent, session, totpCredential } from "#db/schema";
import { verifyRecoveryCode } from "~/domain/accounts";
import { formatDateTime } from "~/domain/time";
import { createMunicipality, createNeighbourhood, createUser, grantAdmin, grantCoordinator } from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { createTestSession } from "#tests/support/sessions";

// Issue 13 over the real HTTP stack: /me/security (passkeys, the authenticator app, recovery codes,
// sign-ins, the log), the staff list on /admin and /admin/staff/:id with the admin's reset.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0);
let neighbourhoodId = 0;
let credential = 0;

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    neighbourhoodId = (await createNeighbourhood(tx, { municipalityId: town.id })).id;
  });
});
afterAll(() => server.close());

async function person(name: string, role: "resident" | "coordinator" | "admin" = "resident") {
  return server.database.write(async (tx) => {
    const row = await createUser(tx, { neighbourhoodId, name });
    if (role === "coordinator") await grantCoordinator(tx, row.id, [neighbourhoodId]);
    if (role === "admin") await grantAdmin(tx, row.id);
    return row;
  });
}

async function addPasskey(userId: number, name: string, lastUsedAt: number | null = null) {
  credential += 1;
  const [row] = await server.database.write((tx) =>
    tx
      .insert(passkey)
      .values({ userId, credentialId: `cred-${credential}`, publicKey: "pk", name, createdAt: t - 86_400_000, lastUsedAt })
      .returning(),
  );
  return row!;
}

async function addApp(userId: number) {
  await server.database.write((tx) =>
    tx.insert(totpCredential).values({ userId, secretSealed: server.services.keys.seal("JBSWY3DPEHPK3PXP"), createdAt: t, confirmedAt: t }),
  );
}

const codeAt = (secret: string) => generate({ secret, epoch: Math.floor(t / 1000) });
const recoveryCodesIn = (page: string) => [...page.matchAll(/<code translate="no">([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);

describe("/me/security", () => {
  test("a visitor is sent to sign in", async () => {
    const response = await createBrowserlessClient(server.url).get("/me/security");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fme%2Fsecurity");
  });

  test("/me links to it in plain words", async () => {
    const me = await person("Mees Link");
    const page = await html(await (await signedInClient(server, me.id, t)).get("/me"));
    expect(page).toContain('href="/me/security"');
    expect(page).toContain("Beveiliging: passkeys, app met codes en waar u bent ingelogd");
  });

  test("lists passkeys with dates in the person's time zone; rename and remove them", async () => {
    const me = await person("Pien Passkey");
    const key = await addPasskey(me.id, "Laptop", t - 3_600_000);
    const client = await signedInClient(server, me.id, t);
    const page = await html(await client.get("/me/security"));
    expect(page).toContain("Laptop");
    expect(page).toContain(formatDateTime(t - 86_400_000, "Europe/Amsterdam", "nl"));
    expect(page).toContain(formatDateTime(t - 3_600_000, "Europe/Amsterdam", "nl"));
    expect(page).toContain('<th scope="col">');
    expect(page).toContain("Passkey toevoegen");
    expect(page).toContain("<noscript>");

    const empty = await client.post("/me/security", { intent: "passkey-rename", id: String(key.id), name: "  " });
    expect(empty.status).toBe(400);
    expect(await html(empty)).toContain("Vul een naam in.");

    const renamed = await client.post("/me/security", { intent: "passkey-rename", id: String(key.id), name: "Werklaptop" });
    expect(renamed.status).toBe(302);
    expect(renamed.headers.get("location")).toBe("/me/security?saved=renamed#passkeys");
    expect(await html(await client.get("/me/security?saved=renamed"))).toContain("Werklaptop");

    // Someone else's passkey is not found.
    const other = await person("Olaf Ander");
    const theirs = await addPasskey(other.id, "Telefoon");
    expect((await client.post("/me/security", { intent: "passkey-rename", id: String(theirs.id), name: "Mijn" })).status).toBe(404);
    expect((await client.post("/me/security", { intent: "passkey-remove", id: String(theirs.id) })).status).toBe(404);

    // A resident may remove their last passkey.
    const removed = await client.post("/me/security", { intent: "passkey-remove", id: String(key.id) });
    expect(removed.status).toBe(302);
    expect(await server.database.db.select().from(passkey).where(eq(passkey.userId, me.id))).toEqual([]);
    const log = await html(await client.get("/me/security"));
    expect(log).toContain("Passkey een andere naam gegeven");
    expect(log).toContain("Passkey verwijderd");
  });

  test("a staff member's last factor cannot be removed; the refusal is next to the form", async () => {
    const coordinator = await person("Cor Laatste", "coordinator");
    const key = await addPasskey(coordinator.id, "Sleutel");
    const client = await signedInClient(server, coordinator.id, t);
    const refused = await client.post("/me/security", { intent: "passkey-remove", id: String(key.id) });
    expect(refused.status).toBe(409);
    expect(await html(refused)).toContain("Dit is uw laatste manier om te bevestigen. Voeg eerst een andere toe.");
    expect(await server.database.db.select().from(passkey).where(eq(passkey.userId, coordinator.id))).toHaveLength(1);

    await addApp(coordinator.id);
    const appOff = await client.post("/me/security", { intent: "totp-disable" });
    expect(appOff.status).toBe(302);
    // Now the passkey is the last factor again.
    expect((await client.post("/me/security", { intent: "passkey-remove", id: String(key.id) })).status).toBe(409);
  });

  test("a staff member's app cannot be switched off when it is their last factor", async () => {
    const coordinator = await person("Cor App", "coordinator");
    await addApp(coordinator.id);
    const client = await signedInClient(server, coordinator.id, t);
    const refused = await client.post("/me/security", { intent: "totp-disable" });
    expect(refused.status).toBe(409);
    expect(await html(refused)).toContain("Dit is uw laatste manier om te bevestigen. Voeg eerst een andere toe.");
    expect(await server.database.db.select().from(totpCredential).where(eq(totpCredential.userId, coordinator.id))).toHaveLength(1);
  });

  test("a staff session that has not proved its factor is sent to prove it before changing one", async () => {
    const coordinator = await person("Cor Bewijs", "coordinator");
    const key = await addPasskey(coordinator.id, "Sleutel");
    await addPasskey(coordinator.id, "Reserve");
    const client = await signedInClient(server, coordinator.id, t, { emailOnly: true });
    const response = await client.post("/me/security", { intent: "passkey-remove", id: String(key.id) });
    expect(response.status).toBe(302);
    // Sent to prove it first; the form is kept and offered again afterwards (/login/resume).
    const detour = new URL(response.headers.get("location")!, server.url);
    expect(detour.pathname).toBe("/login/second-factor");
    expect(detour.searchParams.get("redirectTo")).toMatch(/^\/login\/resume\?draft=[\w-]+$/);
    expect((await server.database.db.select().from(passkey).where(eq(passkey.userId, coordinator.id))).length).toBe(2);
  });

  test("the authenticator app: set up, a wrong code kept with the error, then confirmed with the first recovery codes", async () => {
    const me = await person("Tess Totp");
    const client = await signedInClient(server, me.id, t);
    expect(await html(await client.get("/me/security"))).toContain("De app met codes staat uit.");

    const start = await client.post("/me/security", { intent: "totp-start" });
    expect(start.status).toBe(302);
    const page = await html(await client.get("/me/security"));
    const secret = /<code class="totp-secret" translate="no">([A-Z2-7]+)<\/code>/.exec(page)?.[1];
    expect(secret).toBeTruthy();
    expect(page).toContain('role="img"');
    expect(page).toContain('aria-label="QR-code om de app met codes in te stellen"');
    expect(page).toContain("<svg");
    expect(page).toMatch(/autoComplete="one-time-code"|autocomplete="one-time-code"/);
    expect(page).toMatch(/inputMode="numeric"|inputmode="numeric"/);

    const right = await codeAt(secret!);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    const refused = await client.post("/me/security", { intent: "totp-confirm", code: wrong });
    expect(refused.status).toBe(400);
    const refusedPage = await html(refused);
    expect(refusedPage).toContain("Deze code klopt niet.");
    expect(refusedPage).toContain(`value="${wrong}"`);

    const confirmed = await client.post("/me/security", { intent: "totp-confirm", code: right });
    expect(confirmed.status).toBe(200);
    const codes = recoveryCodesIn(await html(confirmed));
    expect(codes).toHaveLength(10);
    const row = await server.database.db.query.totpCredential.findFirst({ where: eq(totpCredential.userId, me.id) });
    expect(row?.confirmedAt).toBe(t);
    const after = await html(await client.get("/me/security"));
    expect(after).toContain("De app met codes staat aan.");
    expect(after).toContain("Herstelcodes die u nog kunt gebruiken: 10");
    expect(after).toContain("App met codes aangezet");
  });

  test("too many wrong codes: the wait in minutes", async () => {
    const me = await person("Lot Slot");
    const client = await signedInClient(server, me.id, t);
    await client.post("/me/security", { intent: "totp-start" });
    await server.database.write((tx) =>
      tx.insert(securityEvent).values(
        Array.from({ length: 5 }, (_, i) => ({
          userId: me.id,
          kind: "second-factor-failed" as const,
          at: t - 60_000 * (5 - i),
          detail: "totp",
        })),
      ),
    );
    const locked = await client.post("/me/security", { intent: "totp-confirm", code: "123456" });
    expect(locked.status).toBe(400);
    expect(await html(locked)).toContain("Probeer het over 14 minuten opnieuw.");
  });

  test("new recovery codes are shown once and the old ones stop working", async () => {
    const me = await person("Rik Herstel");
    await addPasskey(me.id, "Laptop");
    const client = await signedInClient(server, me.id, t);
    const first = recoveryCodesIn(await html(await client.post("/me/security", { intent: "codes-new" })));
    expect(first).toHaveLength(10);
    const page = await html(await client.get("/me/security"));
    expect(page).toContain("Als u nieuwe codes maakt, werken de oude codes niet meer.");
    expect(recoveryCodesIn(page)).toEqual([]);

    const second = await client.post("/me/security", { intent: "codes-new" });
    expect(second.status).toBe(200);
    const secondPage = await html(second);
    expect(secondPage).toContain("Uw oude herstelcodes werken nu niet meer.");
    const fresh = recoveryCodesIn(secondPage);
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(first[0]);
    expect(await server.database.db.select().from(recoveryCode).where(eq(recoveryCode.userId, me.id))).toHaveLength(10);

    const ctx = await ctxAs(server.database, me.id, { now: () => t, keys: server.services.keys });
    const sessionId = await server.database.write((tx) => createTestSession(tx, me.id, t, { emailOnly: true }));
    expect(await verifyRecoveryCode({ ctx, input: { sessionId, code: first[0]! } })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyRecoveryCode({ ctx, input: { sessionId, code: fresh[0]! } })).toEqual({ ok: true });
  });

  test("recent sign-ins with their device, and the sign-out-everywhere link to /me", async () => {
    const me = await person("Sam Sessie");
    await server.database.write((tx) =>
      tx.insert(securityEvent).values({ userId: me.id, kind: "sign-in", at: t - 7_200_000, detail: "Firefox op Windows" }),
    );
    const page = await html(await (await signedInClient(server, me.id, t)).get("/me/security"));
    expect(page).toContain("Laatste keren ingelogd");
    expect(page).toContain("Firefox op Windows");
    expect(page).toContain(formatDateTime(t - 7_200_000, "Europe/Amsterdam", "nl"));
    expect(page).toContain('href="/me#sessions"');
    expect(page).not.toContain('value="logout-everywhere"');
  });
});

describe("admins: staff and their second factor", () => {
  test("the staff list on /admin, a person's log, and the reset", async () => {
    const admin = await person("Anna Beheer", "admin");
    const coordinator = await person("Coen Kwijt", "coordinator");
    await addPasskey(coordinator.id, "Telefoon");
    await addApp(coordinator.id);
    await server.database.write((tx) =>
      tx.insert(securityEvent).values({ userId: coordinator.id, kind: "second-factor-verified", at: t - 3_600_000, detail: "passkey" }),
    );
    const theirs = await signedInClient(server, coordinator.id, t);
    expect((await theirs.get("/me")).status).toBe(200);

    const client = await signedInClient(server, admin.id, t);
    const overview = await html(await client.get("/admin"));
    expect(overview).toContain("Medewerkers en tweede stap");
    expect(overview).toContain(`href="/admin/staff/${coordinator.id}"`);
    expect(overview).toContain("Coen Kwijt");
    expect(overview).toContain(formatDateTime(t - 3_600_000, "Europe/Amsterdam", "nl"));

    const staffPage = await client.get(`/admin/staff/${coordinator.id}`);
    expect(staffPage.status).toBe(200);
    const staffHtml = await html(staffPage);
    expect(staffHtml).toContain("Tweede stap van Coen Kwijt");
    expect(staffHtml).toContain("Tweede stap bevestigd");
    expect(staffHtml).toContain("met een passkey");

    const unconfirmed = await client.post(`/admin/staff/${coordinator.id}`, {});
    expect(unconfirmed.status).toBe(400);
    expect(await html(unconfirmed)).toContain("Vink aan dat u dit zeker weet.");
    expect(await server.database.db.select().from(passkey).where(eq(passkey.userId, coordinator.id))).toHaveLength(1);

    const reset = await client.post(`/admin/staff/${coordinator.id}`, { confirm: "on" });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toBe(`/admin/staff/${coordinator.id}?reset`);
    const done = await html(await client.get(`/admin/staff/${coordinator.id}?reset`));
    expect(done).toContain("De tweede stap is teruggezet.");
    expect(done).toContain("Tweede stap teruggezet");
    expect(done).toContain("Door een beheerder: Anna Beheer");

    const db = server.database.db;
    expect(await db.select().from(passkey).where(eq(passkey.userId, coordinator.id))).toEqual([]);
    expect(await db.select().from(totpCredential).where(eq(totpCredential.userId, coordinator.id))).toEqual([]);
    expect(await db.select().from(session).where(eq(session.userId, coordinator.id))).toEqual([]);
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "second-factor-reset"), eq(emailOutbox.userId, coordinator.id)));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(coordinator.email);
    const line = await db.query.securityEvent.findFirst({
      where: and(eq(securityEvent.userId, coordinator.id), eq(securityEvent.kind, "second-factor-reset")),
    });
    expect(line?.actorId).toBe(admin.id);
    // Their old session is gone: back to signing in.
    const signedOut = await theirs.get("/me");
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login\?/);
  });

  test("an admin cannot reset their own second factor", async () => {
    const admin = await person("Arie Zelf", "admin");
    await addPasskey(admin.id, "Sleutel");
    const client = await signedInClient(server, admin.id, t);
    const refused = await client.post(`/admin/staff/${admin.id}`, { confirm: "on" });
    expect(refused.status).toBe(409);
    expect(await html(refused)).toContain("U kunt uw eigen tweede stap niet terugzetten.");
    expect(await server.database.db.select().from(passkey).where(eq(passkey.userId, admin.id))).toHaveLength(1);
  });

  test("anyone but an admin gets the 404 of a missing person; a bad id is 404 too", async () => {
    const admin = await person("Ada Kijk", "admin");
    const coordinator = await person("Cas Kijk", "coordinator");
    const resident = await person("Ria Kijk");
    for (const who of [coordinator, resident]) {
      const client = await signedInClient(server, who.id, t);
      for (const target of [admin.id, coordinator.id, 999_999]) {
        expect((await client.get(`/admin/staff/${target}`)).status).toBe(404);
        expect((await client.post(`/admin/staff/${target}`, { confirm: "on" })).status).toBe(404);
        expect((await client.post(`/admin/staff/${target}`, {})).status).toBe(404);
      }
    }
    const client = await signedInClient(server, admin.id, t);
    expect((await client.get("/admin/staff/abc")).status).toBe(404);
    expect((await client.get(`/admin/staff/${resident.id}`)).status).toBe(404);
    expect((await client.get("/admin/staff/999999")).status).toBe(404);
    const visitor = await createBrowserlessClient(server.url).get(`/admin/staff/${coordinator.id}`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/login\?/);
  });

  test("an admin whose session has only the email step is sent to the second factor", async () => {
    const admin = await person("Abel Half", "admin");
    const coordinator = await person("Cato Half", "coordinator");
    await addPasskey(admin.id, "Sleutel");
    const client = await signedInClient(server, admin.id, t, { emailOnly: true });
    const overview = await client.get("/admin");
    expect(overview.status).toBe(302);
    expect(overview.headers.get("location")).toBe("/login/second-factor?redirectTo=%2Fadmin");
    const staff = await client.get(`/admin/staff/${coordinator.id}`);
    expect(staff.status).toBe(302);
    expect(staff.headers.get("location")).toBe(`/login/second-factor?redirectTo=${encodeURIComponent(`/admin/staff/${coordinator.id}`)}`);
    const reset = await client.post(`/admin/staff/${coordinator.id}`, { confirm: "on" });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toMatch(/^\/login\/second-factor\?/);
  });
});
