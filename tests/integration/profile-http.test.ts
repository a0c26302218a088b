import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailChange, emailOutbox, securityEvent, session, user } from "#db/schema";
import { renderEmail } from "#emails/render";
import { createMunicipality, createNeighbourhood, createUser, grantCoordinator } from "~/demo/builders";
import { createResendMock } from "#tests/mocks/resend";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { resendEnv, resendWorker } from "#tests/support/sign-in";

// Privacy rights (issue 14) over HTTP: a person corrects their name, postcode (and so their
// neighbourhood), phone and language on /me, and changes their email address only through the
// link mailed to the new address.

const start = Date.UTC(2026, 10, 28, 10, 0);
const HOUR = 3_600_000;
let clock = start;

const mock = createResendMock();
let server: TestServer;
let worker: ReturnType<typeof resendWorker>;
let north = 0;
let south = 0;

beforeAll(async () => {
  mock.server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  server = await startTestServer({ env: resendEnv, now: () => clock });
  worker = resendWorker(server, () => clock);
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord", postcodes: ["7511"] })).id;
    south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid", postcodes: ["7512"] })).id;
  });
});
afterAll(async () => {
  await server.close();
  mock.server.close();
});

async function person(email: string, name = "Anna de Vries") {
  return server.database.write((tx) => createUser(tx, { name, email, neighbourhoodId: north, postcodeArea: "7511" }));
}

const account = async (id: number) => (await server.database.db.query.user.findFirst({ where: eq(user.id, id) }))!;

/** The visible text of the page's main content, without markup. */
const mainText = (page: string) =>
  (/<main[^>]*>([\s\S]*?)<\/main>/.exec(page)?.[1] ?? page)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const profileForm = (values: Partial<Record<"name" | "postcode" | "phone" | "locale", string>>) => ({
  intent: "profile",
  name: "Anna de Vries",
  postcode: "7511 AB",
  phone: "",
  locale: "nl",
  ...values,
});

/** The path of the link in the newest confirmation mail to this address. */
async function linkFor(email: string): Promise<string> {
  const [row] = await server.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "email-change-confirm")))
    .orderBy(desc(emailOutbox.id))
    .limit(1);
  const { link } = server.services.keys.open(row!.sealedSecrets!) as { link: string };
  return new URL(link).pathname;
}

describe("correcting my details", () => {
  test("name, postcode (and so the neighbourhood), phone and language are saved in one form", async () => {
    const me = await person("correct@example.org");
    const client = await signedInClient(server, me.id, clock);
    const page = await html(await client.get("/me"));
    expect(page).toContain('autoComplete="name"');
    expect(page).toContain('autoComplete="postal-code"');
    expect(page).toContain('autoComplete="tel"');
    // "7511 ab" is fine: the browser leaves checking to the schema (no native pattern check).
    expect(page).toMatch(/<form[^>]*id="profile"[^>]*novalidate/);

    const saved = await client.post(
      "/me?index",
      profileForm({ name: "Anna van Dijk", postcode: "7512 cd", phone: "053 123 45 67", locale: "en" }),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/me?saved=profile#profile");
    expect(saved.headers.getSetCookie().join(";")).toMatch(/locale=/);
    const row = await account(me.id);
    expect(row).toMatchObject({ name: "Anna van Dijk", postcode: "7512CD", neighbourhoodId: south, phone: "053 123 45 67", locale: "en" });

    const after = await html(await client.get("/me?saved=profile"));
    expect(after).toContain("Your details have been saved.");
    expect(after).toContain("Zuid");

    // Left empty, the phone number is removed.
    expect((await client.post("/me?index", profileForm({ postcode: "7512CD", phone: "" }))).status).toBe(302);
    expect((await account(me.id)).phone).toBeNull();
  });

  test("a wrong postcode or phone gets a message next to the field, what was typed stays, nothing is saved", async () => {
    const me = await person("typo@example.org");
    const client = await signedInClient(server, me.id, clock);
    const before = await account(me.id);

    const format = await client.post("/me?index", profileForm({ name: "Nieuwe Naam", postcode: "75 11" }));
    expect(format.status).toBe(400);
    const formatPage = await html(format);
    expect(formatPage).toContain("Vul een postcode in zoals 7511 AB.");
    expect(formatPage).toContain('value="75 11"');
    expect(formatPage).toContain('value="Nieuwe Naam"');

    const outside = await client.post("/me?index", profileForm({ postcode: "1011 AA" }));
    expect(outside.status).toBe(400);
    const outsidePage = await html(outside);
    expect(outsidePage).toContain("Deze postcode hoort niet bij onze gemeente.");
    expect(outsidePage).toContain('value="1011 AA"');

    const phone = await client.post("/me?index", profileForm({ phone: "bel me maar" }));
    expect(phone.status).toBe(400);
    const phonePage = await html(phone);
    expect(phonePage).toContain("Vul een telefoonnummer in met alleen cijfers");
    expect(phonePage).toContain('value="bel me maar"');

    const name = await client.post("/me?index", profileForm({ name: "  " }));
    expect(name.status).toBe(400);
    expect(await html(name)).toContain("Vul uw naam in.");

    // A tampered language is a message too, never a 500.
    expect((await client.post("/me?index", profileForm({ locale: "xx" }))).status).toBe(400);
    expect(await account(me.id)).toEqual(before);
  });

  test("a visitor is sent to sign in", async () => {
    const response = await createBrowserlessClient(server.url).post("/me?index", profileForm({}));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("a new email address", () => {
  test("nothing changes until the link is used; a GET changes nothing; the link works once", async () => {
    const me = await person("oud@example.org", "Olga Oud");
    const here = await signedInClient(server, me.id, clock);
    const elsewhere = await signedInClient(server, me.id, clock);

    const asked = await here.post("/me?index", { intent: "email", email: " Nieuw@Example.org " });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe("/me?saved=email#email");
    expect(mainText(await html(await here.get("/me?saved=email")))).toContain("Wij hebben een link gestuurd naar het nieuwe adres.");
    expect((await account(me.id)).email).toBe("oud@example.org");
    // The link goes out through the outbox, to the new address only.
    await worker.runOnce();
    const invite = mock.sent.find((m) => m.to.includes("nieuw@example.org"));
    expect(invite?.subject).toBe("Bevestig uw nieuwe e-mailadres voor Noaber");
    expect(mock.sent.some((m) => m.to.includes("oud@example.org"))).toBe(false);
    const link = new URL(/https?:\/\/\S+\/me\/email\/[\w-]+/.exec(invite!.text)![0]).pathname;
    // Once sent, the outbox no longer holds the link.
    const [sent] = await server.database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "nieuw@example.org"));
    expect(sent!.sealedSecrets).toBeNull();
    expect(link).toMatch(/^\/me\/email\/[A-Za-z0-9_-]{43}$/);
    // Only a keyed hash of the token is stored.
    const stored = await server.database.db.select().from(emailChange).where(eq(emailChange.userId, me.id));
    expect(JSON.stringify(stored)).not.toContain(link.split("/").pop());

    // Opening the link (as a mail scanner does) only shows the page.
    for (let i = 0; i < 2; i++) {
      const opened = await createBrowserlessClient(server.url).get(link);
      expect(opened.status).toBe(200);
      const page = await html(opened);
      expect(page).toContain("n•••••@example.org");
      expect(page).toContain('method="post"');
    }
    expect((await account(me.id)).email).toBe("oud@example.org");
    expect(await server.database.db.$count(emailOutbox, eq(emailOutbox.template, "email-changed"))).toBe(0);

    // Confirmed from this device: this session stays, every other one ends.
    const confirmed = await here.post(link, {});
    expect(confirmed.status).toBe(200);
    expect(await html(confirmed)).toContain("Uw e-mailadres is aangepast");
    expect((await account(me.id)).email).toBe("nieuw@example.org");
    expect(await server.database.db.$count(session, eq(session.userId, me.id))).toBe(1);
    expect((await here.get("/me")).status).toBe(200);
    const signedOut = await elsewhere.get("/me");
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login/);

    // The person's security log says so, naming neither address.
    const logged = await server.database.db
      .select({ detail: securityEvent.detail })
      .from(securityEvent)
      .where(and(eq(securityEvent.userId, me.id), eq(securityEvent.kind, "email-changed")));
    expect(logged).toEqual([{ detail: null }]);

    // The old address is told, without a link that could undo anything.
    const [notice] = await server.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "email-changed"), eq(emailOutbox.userId, me.id)));
    expect(notice!.toAddress).toBe("oud@example.org");
    expect(notice!.sealedSecrets).toBeNull();
    const mail = await renderEmail({
      template: "email-changed",
      locale: "nl",
      timeZone: "Europe/Amsterdam",
      props: notice!.props,
      secrets: {},
    });
    expect(mail.subject).toBe("Uw e-mailadres voor Noaber is veranderd");
    expect(mail.text).toContain("n•••••@example.org");
    expect(mail.text).toContain("Neem dan meteen contact op met de coördinator");
    expect(mail.html).not.toMatch(/href="[^"]*\/me\/email/);
    const english = await renderEmail({
      template: "email-changed",
      locale: "en",
      timeZone: "Europe/Amsterdam",
      props: notice!.props,
      secrets: {},
    });
    expect(english.text).toContain("contact the coordinator");
    await worker.runOnce();
    const told = mock.sent.find((m) => m.to.includes("oud@example.org"));
    expect(told?.subject).toBe("Uw e-mailadres voor Noaber is veranderd");
    expect(told?.text).toContain("coördinator");

    // Used once: the same link now does not work.
    const again = await here.post(link, {});
    expect(again.status).toBe(404);
    expect(await html(again)).toContain("Deze link werkt niet");
    expect((await createBrowserlessClient(server.url).get(link)).status).toBe(404);
  });

  test("confirmed while signed out: every session ends", async () => {
    const me = await person("uit@example.org");
    const client = await signedInClient(server, me.id, clock);
    await client.post("/me?index", { intent: "email", email: "uit-nieuw@example.org" });
    const confirmed = await createBrowserlessClient(server.url).post(await linkFor("uit-nieuw@example.org"), {});
    expect(confirmed.status).toBe(200);
    expect((await account(me.id)).email).toBe("uit-nieuw@example.org");
    expect(await server.database.db.$count(session, eq(session.userId, me.id))).toBe(0);
    expect((await client.get("/me")).status).toBe(302);
  });

  test("the link expires after 24 hours", async () => {
    const me = await person("traag@example.org");
    const client = await signedInClient(server, me.id, clock);
    await client.post("/me?index", { intent: "email", email: "traag-nieuw@example.org" });
    const late = await linkFor("traag-nieuw@example.org");
    await client.post("/me?index", { intent: "email", email: "traag-op-tijd@example.org" });
    const onTime = await linkFor("traag-op-tijd@example.org");
    try {
      // The newer request replaced the older one.
      expect((await createBrowserlessClient(server.url).get(late)).status).toBe(404);

      clock = start + 24 * HOUR - 60_000;
      expect((await createBrowserlessClient(server.url).get(onTime)).status).toBe(200);
      clock = start + 24 * HOUR;
      expect((await createBrowserlessClient(server.url).get(onTime)).status).toBe(404);
      const expired = await createBrowserlessClient(server.url).post(onTime, {});
      expect(expired.status).toBe(404);
      expect((await account(me.id)).email).toBe("traag@example.org");
    } finally {
      clock = start;
    }
  });

  test("an address of another account: the same answer on the form, a neutral failure on the link", async () => {
    const me = await person("mijn@example.org");
    const other = await person("bezet@example.org", "Bert Bezet");
    const client = await signedInClient(server, me.id, clock);

    const free = await client.post("/me?index", { intent: "email", email: "vrij@example.org" });
    const taken = await client.post("/me?index", { intent: "email", email: "bezet@example.org" });
    expect(taken.status).toBe(free.status);
    expect(taken.headers.get("location")).toBe(free.headers.get("location"));
    // The link goes out in both cases, so the mail itself tells nothing either.
    const link = await linkFor("bezet@example.org");

    const failed = await client.post(link, {});
    expect(failed.status).toBe(404);
    const never = await client.post("/me/email/bm90LWFuLWVtYWlsLWNoYW5nZS10b2tlbi1hdC1hbGw", {});
    expect(never.status).toBe(404);
    expect(mainText(await html(failed))).toBe(mainText(await html(never)));
    expect((await account(me.id)).email).toBe("mijn@example.org");
    expect((await account(other.id)).email).toBe("bezet@example.org");
    expect((await client.get("/me")).status).toBe(200);
    expect(
      await server.database.db.$count(emailOutbox, and(eq(emailOutbox.template, "email-changed"), eq(emailOutbox.userId, me.id))),
    ).toBe(0);
  });

  test("a coordinator signed in by email only confirms with the second factor first", async () => {
    const coordinator = await person("coordinator-mail@example.org", "Cor Coördinator");
    await server.database.write((tx) => grantCoordinator(tx, coordinator.id, [north]));
    const client = await signedInClient(server, coordinator.id, clock, { emailOnly: true });
    const asked = await client.post("/me?index", { intent: "email", email: "cor-nieuw@example.org" });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toMatch(/^\/login\/second-factor\?/);
    expect(await server.database.db.$count(emailChange, eq(emailChange.userId, coordinator.id))).toBe(0);

    const verified = await signedInClient(server, coordinator.id, clock);
    expect((await verified.post("/me?index", { intent: "email", email: "cor-nieuw@example.org" })).headers.get("location")).toBe(
      "/me?saved=email#email",
    );
  });

  test("a wrong address or one's own address gets a message; at most 3 requests a day", async () => {
    const me = await person("vaak@example.org");
    const client = await signedInClient(server, me.id, clock);

    const wrong = await client.post("/me?index", { intent: "email", email: "geen-adres" });
    expect(wrong.status).toBe(400);
    const wrongPage = await html(wrong);
    expect(wrongPage).toContain("Dit is geen geldig e-mailadres.");
    expect(wrongPage).toContain('value="geen-adres"');

    const same = await client.post("/me?index", { intent: "email", email: "VAAK@example.org" });
    expect(same.status).toBe(400);
    expect(await html(same)).toContain("Dit is al uw e-mailadres.");

    for (const n of [1, 2, 3]) {
      expect((await client.post("/me?index", { intent: "email", email: `vaak-${n}@example.org` })).status).toBe(302);
    }
    const fourth = await client.post("/me?index", { intent: "email", email: "vaak-4@example.org" });
    expect(fourth.status).toBe(400);
    expect(await html(fourth)).toContain("U hebt vandaag al 3 keer een link gevraagd.");
    expect(await server.database.db.$count(emailOutbox, eq(emailOutbox.toAddress, "vaak-4@example.org"))).toBe(0);
  });
});
