import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox, signup } from "#db/schema";
import { createBrowserlessClient } from "#tests/support/http";
import { follow, ids, server, setUpActivityPagesWorld, signedIn, text } from "./activity-pages-world";

// The public activity pages over real HTTP: filters, sign-up and cancellation through the forms
// (without JavaScript: plain POSTs and redirects), the clash question, refusals with their reason.

setUpActivityPagesWorld();

describe("/activities/:id", () => {
  test("shows everything public about the activity, its sessions, places, shifts and requirements", async () => {
    const page = await createBrowserlessClient(server.url).get(`/activities/${ids.walking}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/organisations/sportclub-de-esch"');
    expect(html).toContain(`href="/initiatives/${ids.initiative}"`);
    const body = await text(new Response(html));
    for (const part of [
      "Sportclub De Esch",
      "Bewegen in de wijk",
      "Eschweg 12",
      "Binnenstad",
      "Rolstoeltoegankelijk",
      "Ouderen",
      "Sport en bewegen",
    ]) {
      expect(body).toContain(part);
    }
    expect(body).toContain("Afmelden kan tot 24 uur voor het begin.");
    expect(body).toContain("Nog 10 plekken vrij");
    expect(body).toContain("Gastheer");
    expect(body).toContain("Een VOG is nodig");
    expect(body).toContain("Nog 1 van 1 plekken open");
    expect(body).toContain("U moet inloggen om u aan te melden.");
  });

  test("unknown, malformed and unapproved activities are 404", async () => {
    const client = createBrowserlessClient(server.url);
    expect((await client.get("/activities/999999")).status).toBe(404);
    expect((await client.get("/activities/abc")).status).toBe(404);
    expect((await client.get(`/activities/${ids.hidden}`)).status).toBe(404);
  });

  test("signing up without being signed in goes to the login page and back", async () => {
    const response = await createBrowserlessClient(server.url).post(`/activities/${ids.walking}?index`, {
      intent: "signup",
      sessionId: String(ids.roomy),
      returnTo: `/activities/${ids.walking}`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/activities/${ids.walking}`)}`);
  });

  test("sign up, see the place, cancel, see it gone (POST, redirect, GET)", async () => {
    const bert = await signedIn(ids.bert);
    const posted = await bert.post(`/activities/${ids.walking}?index`, {
      intent: "signup",
      sessionId: String(ids.roomy),
      returnTo: `/activities/${ids.walking}`,
    });
    expect(posted.headers.get("location")).toBe(`/activities/${ids.walking}?notice=confirmed`);
    const after = await text(await follow(bert, posted));
    expect(after).toContain("U bent aangemeld. U krijgt een bevestiging per e-mail.");
    expect(after).toContain("U bent aangemeld.");
    const row = await server.database.db.query.signup.findFirst({
      where: and(eq(signup.userId, ids.bert), eq(signup.sessionId, ids.roomy)),
    });
    expect(row?.status).toBe("confirmed");

    const again = await bert.post(`/activities/${ids.walking}?index`, { intent: "signup", sessionId: String(ids.roomy) });
    expect(again.headers.get("location")).toBe(`/activities/${ids.walking}?notice=already`);

    const cancelled = await bert.post(`/signups/${row!.id}`, { intent: "cancel", returnTo: `/activities/${ids.walking}` });
    expect(cancelled.headers.get("location")).toBe(`/activities/${ids.walking}?notice=cancelled`);
    expect(await text(await follow(bert, cancelled))).toContain("U bent afgemeld.");
    expect((await server.database.db.query.signup.findFirst({ where: eq(signup.id, row!.id) }))?.status).toBe("cancelled");
  });

  test("a full session puts you on the waitlist and shows your place in it", async () => {
    const anna = await signedIn(ids.anna);
    const carla = await signedIn(ids.carla);
    await anna.post(`/activities/${ids.walking}?index`, { intent: "signup", sessionId: String(ids.full) });
    const waiting = await carla.post(`/activities/${ids.walking}?index`, { intent: "signup", sessionId: String(ids.full) });
    expect(waiting.headers.get("location")).toBe(`/activities/${ids.walking}?notice=waitlisted`);
    const body = await text(await follow(carla, waiting));
    expect(body).toContain("Het is vol. U staat op de wachtlijst.");
    expect(body).toContain("U staat op de wachtlijst, op plek 1.");
    expect(body).toContain("1 op de wachtlijst");
  });

  test("a shift that needs a VOG is refused with the reason", async () => {
    const anna = await signedIn(ids.anna);
    const response = await anna.post(`/activities/${ids.walking}?index`, {
      intent: "signup",
      sessionId: String(ids.roomy),
      shiftId: String(ids.vogShift),
    });
    expect(response.status).toBe(400);
    const body = await text(response);
    expect(body).toContain("Aanmelden lukt niet");
    expect(body).toContain("Voor deze taak is een geldige VOG nodig.");
    expect(
      await server.database.db.query.signup.findFirst({ where: and(eq(signup.userId, ids.anna), eq(signup.shiftId, ids.vogShift)) }),
    ).toBeUndefined();
  });

  test("an overlapping shift asks first; going ahead signs up, declining leaves nothing", async () => {
    const anna = await signedIn(ids.anna);
    const first = await anna.post(`/activities/${ids.walking}?index`, {
      intent: "signup",
      sessionId: String(ids.roomy),
      shiftId: String(ids.host),
    });
    expect(first.headers.get("location")).toBe(`/activities/${ids.walking}?notice=confirmed`);

    const asked = await anna.post(`/activities/${ids.choir}?index`, {
      intent: "signup",
      sessionId: String(ids.choirSession),
      shiftId: String(ids.choirShift),
      returnTo: `/activities/${ids.choir}`,
    });
    expect(asked.status).toBe(409);
    const html = await asked.text();
    const body = await text(new Response(html));
    expect(body).toContain("Dit valt samen met iets anders");
    expect(body).toContain("Wandelvoetbal:");
    expect(body).toContain("Ja, toch aanmelden");
    expect(html).toContain(`href="/activities/${ids.choir}"`); // "Nee, niet aanmelden" goes back without a POST
    expect(html).toContain('name="acceptClash" value="1"');
    expect(
      await server.database.db.query.signup.findFirst({ where: and(eq(signup.userId, ids.anna), eq(signup.shiftId, ids.choirShift)) }),
    ).toBeUndefined();

    const accepted = await anna.post(`/activities/${ids.choir}?index`, {
      intent: "signup",
      sessionId: String(ids.choirSession),
      shiftId: String(ids.choirShift),
      acceptClash: "1",
      returnTo: `/activities/${ids.choir}`,
    });
    expect(accepted.headers.get("location")).toBe(`/activities/${ids.choir}?notice=confirmed`);
    expect(
      (await server.database.db.query.signup.findFirst({ where: and(eq(signup.userId, ids.anna), eq(signup.shiftId, ids.choirShift)) }))
        ?.status,
    ).toBe("confirmed");
  });

  test("after the cut-off cancelling is refused with a message, and the place stays", async () => {
    const bert = await signedIn(ids.bert);
    await bert.post(`/activities/${ids.walking}?index`, { intent: "signup", sessionId: String(ids.soon) });
    const mine = await server.database.db.query.signup.findFirst({
      where: and(eq(signup.userId, ids.bert), eq(signup.sessionId, ids.soon)),
    });
    const page = await text(await bert.get(`/activities/${ids.walking}`));
    expect(page).toContain("Afmelden kan niet meer via Noaber.");
    const refused = await bert.post(`/signups/${mine!.id}`, { intent: "cancel", returnTo: `/activities/${ids.walking}` });
    expect(refused.headers.get("location")).toBe(`/activities/${ids.walking}?notice=cutoffPassed`);
    expect(await text(await follow(bert, refused))).toContain("Afmelden kan niet meer via Noaber. Neem contact op met de organisatie.");
    expect((await server.database.db.query.signup.findFirst({ where: eq(signup.id, mine!.id) }))?.status).toBe("confirmed");
  });

  test("someone else's sign-up cannot be cancelled (404), and a forged return path is ignored", async () => {
    const anna = await signedIn(ids.anna);
    const bert = await signedIn(ids.bert);
    await bert.post(`/activities/${ids.weekly}?index`, { intent: "signup", sessionId: String(ids.seriesSessions[2]) });
    const bertsRow = await server.database.db.query.signup.findFirst({
      where: and(eq(signup.userId, ids.bert), eq(signup.sessionId, ids.seriesSessions[2]!)),
    });
    expect((await anna.post(`/signups/${bertsRow!.id}`, { intent: "cancel" })).status).toBe(404);
    const forged = await bert.post(`/activities/${ids.walking}?index`, {
      intent: "signup",
      sessionId: String(ids.roomy),
      returnTo: "https://evil.example/",
    });
    expect(forged.headers.get("location")).toMatch(new RegExp(`^/activities/${ids.walking}\\?notice=`));
  });

  test("a malformed form is a 400 with a message, not a 500", async () => {
    const anna = await signedIn(ids.anna);
    const forms: Record<string, string>[] = [{ intent: "dance" }, { intent: "signup", sessionId: "abc" }, { intent: "series" }];
    for (const form of forms) {
      const response = await anna.post(`/activities/${ids.walking}?index`, form);
      expect(response.status).toBe(400);
      expect(await text(response)).toContain("Dit formulier is niet goed verstuurd.");
    }
    expect((await anna.post("/signups/abc", { intent: "cancel" })).status).toBe(404);
    const unknownSession = await anna.post(`/activities/${ids.walking}?index`, { intent: "signup", sessionId: "99999999" });
    expect(unknownSession.status).toBe(404);
  });

  test("signing up for a whole series takes every future session and mails one summary", async () => {
    const carla = await signedIn(ids.carla);
    const before = await text(await carla.get(`/activities/${ids.weekly}`));
    expect(before).toContain("Er zijn nog 3 bijeenkomsten");
    const posted = await carla.post(`/activities/${ids.weekly}?index`, {
      intent: "series",
      seriesId: String(ids.series),
      returnTo: `/activities/${ids.weekly}`,
    });
    // The third session was already taken by Bert in the previous test: Carla is waitlisted there.
    expect(posted.headers.get("location")).toBe(
      `/activities/${ids.weekly}?notice=series&n_confirmed=2&n_waitlisted=1&n_already=0&n_refused=0`,
    );
    expect(await text(await follow(carla, posted))).toContain(
      "U bent aangemeld voor de reeks: 2 keer met een plek, 1 keer op de wachtlijst.",
    );
    const rows = await server.database.db.select().from(signup).where(eq(signup.userId, ids.carla));
    expect(
      rows
        .filter((r) => ids.seriesSessions.includes(r.sessionId))
        .map((r) => r.status)
        .sort(),
    ).toEqual(["confirmed", "confirmed", "waitlisted"]);
    const mails = await server.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, "carla@example.org"), eq(emailOutbox.template, "signup-series")));
    expect(mails).toHaveLength(1);
    expect((mails[0]!.props as { dates: unknown[] }).dates).toHaveLength(3);
  });
});

describe("/activities/open-shifts", () => {
  test("asks to sign in first", async () => {
    const response = await createBrowserlessClient(server.url).get("/activities/open-shifts");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/activities/open-shifts")}`);
  });

  test("without a volunteer profile: an explanation and a link to /me", async () => {
    const html = await (await (await signedIn(ids.bert)).get("/activities/open-shifts")).text();
    expect(html).toContain("U hebt nog geen vrijwilligersprofiel");
    expect(html).toContain('href="/me/volunteer"');
  });

  test("with a profile: open shifts with a sign-up form that posts to the activity", async () => {
    const html = await (await (await signedIn(ids.anna)).get("/activities/open-shifts")).text();
    const body = await text(new Response(html));
    expect(body).toContain("Open taken voor u");
    expect(body).toContain("U hebt geen vaste tijden ingevuld.");
    expect(body).toContain("Schoffelen · Buurttuin");
    expect(body).toContain("Nog 2 van 2 plekken open");
    expect(body).not.toContain("Trainer jeugd"); // needs a VOG Anna does not have
    expect(html).toContain(`action="/activities/${ids.garden}?index"`);
  });

  test("a broken page position is a 400 with a message", async () => {
    const response = await (await signedIn(ids.anna)).get("/activities/open-shifts?after=abc");
    expect(response.status).toBe(400);
    expect(await text(response)).toContain("Deze pagina bestaat niet.");
  });
});
