import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activitySeries, emailOutbox, initiative, signup } from "#db/schema";
import { createSession as createLoginSession } from "~/domain/accounts/sessions.server";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
  createVolunteerProfile,
} from "~/demo/builders";
import { createBrowserlessClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// The public activity pages over real HTTP: filters, sign-up and cancellation through the forms
// (without JavaScript: plain POSTs and redirects), the clash question, refusals with their reason.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let ids: Awaited<ReturnType<typeof seed>>;

async function seed() {
  return server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" });
    const org = await createOrganisation(tx, { name: "Sportclub De Esch", slug: "sportclub-de-esch" });
    const pending = await createOrganisation(tx, { status: "pending" });
    const [plan] = await tx
      .insert(initiative)
      .values({
        organisationId: org.id,
        title: "Bewegen in de wijk",
        goal: "Meer bewegen",
        targetGroups: ["older-people"],
        startsOn: "2026-01-01",
        createdAt: t,
      })
      .returning();
    const walking = await createActivity(tx, {
      organisationId: org.id,
      neighbourhoodId: area.id,
      initiativeId: plan!.id,
      title: "Wandelvoetbal",
      category: "sports",
      address: "Eschweg 12",
      accessibility: "Rolstoeltoegankelijk, invalidentoilet aanwezig",
      targetGroups: ["older-people"],
      cancelCutoffHours: 24,
    });
    const full = await createSession(tx, { activityId: walking.id, startsAt: t + 3 * DAY, capacity: 1 });
    const roomy = await createSession(tx, { activityId: walking.id, startsAt: t + 4 * DAY, capacity: 10 });
    const soon = await createSession(tx, { activityId: walking.id, startsAt: t + 10 * HOUR, capacity: 10 });
    const host = await createShift(tx, { sessionId: roomy.id, startsAt: t + 4 * DAY, endsAt: t + 4 * DAY + HOUR, role: "Gastheer" });
    const vogShift = await createShift(tx, {
      sessionId: roomy.id,
      startsAt: t + 4 * DAY,
      endsAt: t + 4 * DAY + HOUR,
      role: "Trainer jeugd",
      requiresVog: true,
    });
    const choir = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Buurtkoor", category: "culture" });
    const choirSession = await createSession(tx, { activityId: choir.id, startsAt: t + 4 * DAY + 30 * 60_000 });
    const choirShift = await createShift(tx, {
      sessionId: choirSession.id,
      startsAt: t + 4 * DAY + 30 * 60_000,
      endsAt: t + 4 * DAY + 2 * HOUR,
      role: "Koffie",
    });
    const garden = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Buurttuin", category: "nature" });
    const gardenSession = await createSession(tx, { activityId: garden.id, startsAt: t + 6 * DAY });
    await createShift(tx, {
      sessionId: gardenSession.id,
      startsAt: t + 6 * DAY,
      endsAt: t + 6 * DAY + HOUR,
      role: "Schoffelen",
      needed: 2,
    });
    const hidden = await createActivity(tx, { organisationId: pending.id, neighbourhoodId: area.id, title: "Verborgen activiteit" });
    await createSession(tx, { activityId: hidden.id, startsAt: t + DAY });
    const weekly = await createActivity(tx, { organisationId: org.id, neighbourhoodId: area.id, title: "Taalcafé" });
    const [series] = await tx.insert(activitySeries).values({ activityId: weekly.id, rule: {}, capacity: 1, createdAt: t }).returning();
    const seriesSessions = [];
    for (let week = 0; week < 3; week++) {
      seriesSessions.push(
        await createSession(tx, {
          activityId: weekly.id,
          seriesId: series!.id,
          startsAt: t + (week * 7 + 5) * DAY,
          capacity: 1,
          occurrenceDate: `2026-12-0${week + 1}`,
        }),
      );
    }
    const anna = await createUser(tx, { neighbourhoodId: area.id, name: "Anna", email: "anna@example.org" });
    const bert = await createUser(tx, { neighbourhoodId: area.id, name: "Bert", email: "bert@example.org" });
    const carla = await createUser(tx, { neighbourhoodId: area.id, name: "Carla", email: "carla@example.org" });
    await createVolunteerProfile(tx, { userId: anna.id, travelRange: "own" });
    return {
      area: area.id,
      walking: walking.id,
      initiative: plan!.id,
      full: full.id,
      roomy: roomy.id,
      soon: soon.id,
      host: host.id,
      vogShift: vogShift.id,
      choir: choir.id,
      choirSession: choirSession.id,
      choirShift: choirShift.id,
      hidden: hidden.id,
      garden: garden.id,
      weekly: weekly.id,
      series: series!.id,
      seriesSessions: seriesSessions.map((s) => s.id),
      anna: anna.id,
      bert: bert.id,
      carla: carla.id,
    };
  });
}

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  ids = await seed();
});
afterAll(() => server.close());

/** A client signed in as the person (a session row and its signed cookie, as sign-in makes them). */
async function signedIn(userId: number) {
  const client = createBrowserlessClient(server.url);
  const raw = await server.database.write((tx) => createLoginSession(tx, userId, t));
  const cookie = await server.services.cookies.session.serialize(raw);
  const [pair] = cookie.split(";");
  const eqAt = pair!.indexOf("=");
  client.jar.set(pair!.slice(0, eqAt), pair!.slice(eqAt + 1));
  return client;
}

const text = async (response: Response) =>
  (await response.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

async function follow(client: ReturnType<typeof createBrowserlessClient>, response: Response) {
  expect(response.status).toBe(302);
  return client.get(response.headers.get("location")!);
}

describe("/activities", () => {
  test("lists public activities with their next session, and keeps the chosen filters in the form", async () => {
    const anonymous = createBrowserlessClient(server.url);
    const page = await anonymous.get("/activities");
    expect(page.status).toBe(200);
    const body = await text(page);
    expect(body).toContain("Wandelvoetbal");
    expect(body).toContain("Buurtkoor");
    expect(body).not.toContain("Verborgen activiteit");
    expect(body).toContain("Volgende keer:");

    const filtered = await anonymous.get(`/activities?category=culture&neighbourhood=${ids.area}&from=2026-11-29&needsVolunteers=on`);
    expect(filtered.status).toBe(200);
    const html = await filtered.text();
    expect(html).toContain("Buurtkoor");
    expect(html).not.toContain(">Wandelvoetbal<");
    expect(html).toMatch(/<option value="culture" selected="">/);
    expect(html).toMatch(new RegExp(`<option value="${ids.area}" selected="">`));
    expect(html).toContain('value="2026-11-29"');
    expect(html.match(/<input[^>]*name="needsVolunteers"[^>]*>/)?.[0]).toContain('checked=""');
  });

  const bad: [string, string][] = [
    ["category=skydiving", "Kies een soort uit de lijst."],
    ["neighbourhood=abc", "Kies een wijk uit de lijst."],
    ["neighbourhood=99999999", "Kies een wijk uit de lijst."],
    ["targetGroup=%3Cscript%3E", "Kies een groep uit de lijst."],
    ["from=2026-02-30", "Vul een datum in zoals 2026-12-01."],
    ["from=2026-12-10&to=2026-12-01", "Deze datum ligt voor de datum bij 'Vanaf'."],
    ["after=not-a-cursor", "Deze pagina bestaat niet."],
    ["needsVolunteers=perhaps", "Dit vakje kan alleen aan of uit staan."],
    [`from=${"9".repeat(5000)}`, "Vul een datum in zoals 2026-12-01."],
  ];
  test.each(bad.map(([query, message]) => [query.slice(0, 40), query, message] as const))(
    "?%s answers 400 with a message next to the field, never 500",
    async (_label, query, message) => {
      const response = await createBrowserlessClient(server.url).get(`/activities?${query}`);
      expect(response.status).toBe(400);
      const body = await text(response);
      expect(body).toContain(message);
      expect(body).toContain("Niet alle filters zijn goed ingevuld.");
    },
  );

  test("the typed value stays in the field after an error", async () => {
    const html = await (await createBrowserlessClient(server.url).get("/activities?from=2026-13-45&category=sports")).text();
    expect(html).toContain('value="2026-13-45"');
    expect(html).toMatch(/<option value="sports" selected="">/);
    expect(html).toMatch(/id="filter-from"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="filter-from"/);
  });
});

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
