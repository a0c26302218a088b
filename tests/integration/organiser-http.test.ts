import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activity, activitySession, signup } from "#db/schema";
import {
  addMember,
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createUser,
  grantCoordinator,
} from "~/demo/builders";
import { createBrowserlessClient, signedInClient, withoutInlinedMessages } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

/** Sunday 1 March 2026, 10:00 in Amsterdam. */
const T0 = Date.UTC(2026, 2, 1, 9, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let server: TestServer;
const ids = {
  area: 0,
  otherArea: 0,
  org: 0,
  member: 0,
  otherMember: 0,
  resident: 0,
  coordinator: 0,
  otherCoordinator: 0,
  activity: 0,
  session: 0,
  pastSession: 0,
  pastShiftSignup: 0,
};

beforeAll(async () => {
  server = await startTestServer({ now: () => T0 });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.area = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad" })).id;
    ids.otherArea = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
    ids.org = (await createOrganisation(tx, { name: "Sportclub De Esch" })).id;
    const otherOrg = (await createOrganisation(tx)).id;
    const person = async (name: string, email?: string) =>
      (await createUser(tx, { neighbourhoodId: ids.area, name, ...(email ? { email } : {}) })).id;
    ids.member = await person("Fatima El Amrani");
    ids.otherMember = await person("Jan Muziek");
    ids.resident = await person("Piet Bewoner");
    ids.coordinator = await person("Carla Coördinator");
    ids.otherCoordinator = await person("Bram Coördinator");
    await addMember(tx, ids.org, ids.member);
    await addMember(tx, otherOrg, ids.otherMember);
    await grantCoordinator(tx, ids.coordinator, [ids.area]);
    await grantCoordinator(tx, ids.otherCoordinator, [ids.otherArea]);
    // An existing activity with sign-ups, one of them by someone whose name is a spreadsheet formula.
    const a = await createActivity(tx, { organisationId: ids.org, neighbourhoodId: ids.area, title: "Taalcafé, met koffie" });
    ids.activity = a.id;
    const s = await createSession(tx, { activityId: a.id, startsAt: Date.UTC(2026, 2, 10, 18, 0), capacity: 5 });
    ids.session = s.id;
    const sh = await createShift(tx, { sessionId: s.id, startsAt: s.startsAt, endsAt: s.startsAt + HOUR, role: "Koffie" });
    const formula = await person(`=HYPERLINK("http://evil.test","klik")`, "formula@example.org");
    const plain = await person("Anna de Vries", "anna@example.org");
    await tx.insert(signup).values([
      { sessionId: s.id, userId: plain, status: "confirmed", createdAt: T0 },
      { sessionId: s.id, shiftId: sh.id, userId: formula, status: "confirmed", createdAt: T0 },
    ]);
    // A session that took place this morning, with a volunteer on a 90-minute shift.
    const past = await createSession(tx, { activityId: a.id, startsAt: T0 - 3 * HOUR, capacity: 5 });
    ids.pastSession = past.id;
    const pastShift = await createShift(tx, {
      sessionId: past.id,
      startsAt: past.startsAt,
      endsAt: past.startsAt + 90 * 60_000,
      role: "Koffie",
    });
    const [row] = await tx
      .insert(signup)
      .values({ sessionId: past.id, shiftId: pastShift.id, userId: plain, status: "confirmed", createdAt: T0 - DAY })
      .returning();
    ids.pastShiftSignup = row!.id;
  });
});
afterAll(() => server.close());

/** A client signed in as the given person (a real session row and cookie). */
const clientFor = (userId: number | null) => (userId === null ? createBrowserlessClient(server.url) : signedInClient(server, userId, T0));

const pageText = (html: string) =>
  withoutInlinedMessages(html)
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");

/** The error message rendered for a field, found by the input's aria-describedby. */
function errorFor(html: string, name: string): string | null {
  const input = html.match(new RegExp(`<(?:input|select|textarea)[^>]*name="${name.replace(/[[\].]/g, "\\$&")}"[^>]*>`))?.[0];
  const described = input?.match(/aria-describedby="([^"]+)"/)?.[1];
  if (!described) return null;
  for (const id of described.split(" ")) {
    const message = html.match(new RegExp(`<p id="${id}" class="field__error[^"]*">([^<]*)</p>`))?.[1];
    if (message) return message.replace(/&#x27;/g, "'");
  }
  return null;
}

function valueOf(html: string, name: string): string | null {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  return input?.match(/value="([^"]*)"/)?.[1] ?? null;
}

const validForm = {
  title: "Wandelvoetbal voor 60-plussers",
  description: "Rustig voetballen, zonder rennen.",
  category: "sports",
  organisationId: "",
  address: "Eschweg 12",
  neighbourhoodId: "",
  targetGroups: "older-people",
  startDate: "2026-03-17",
  startTime: "19:00",
  endTime: "21:00",
  repeat: "weekly",
  interval: "1",
  weekdays: "2",
  endKind: "count",
  count: "4",
  capacity: "12",
  cancelCutoffHours: "2",
  timeZone: "Europe/Amsterdam",
  "shifts[0].role": "Gastheer",
  "shifts[0].needed": "1",
  "shifts[0].startTime": "19:00",
  "shifts[0].endTime": "20:00",
};
const form = (over: Record<string, string> = {}) => ({
  ...validForm,
  organisationId: String(ids.org),
  neighbourhoodId: String(ids.area),
  ...over,
});

describe("creating an activity over HTTP", () => {
  test("the form is shown to a member; a resident is told how to get access", async () => {
    const member = await (await clientFor(ids.member)).get("/activities/new");
    expect(member.status).toBe(200);
    const html = await member.text();
    expect(html).toContain('name="title"');
    expect(html).toMatch(/<legend[^>]*>Hoe vaak\?<\/legend>/);
    expect(html).toContain(`<option value="${ids.org}" selected="">Sportclub De Esch</option>`);
    const resident = await (await clientFor(ids.resident)).get("/activities/new");
    expect(resident.status).toBe(200);
    expect(pageText(await resident.text())).toContain("U kunt een activiteit maken als u lid bent van een organisatie");
    const anonymous = await (await clientFor(null)).get("/activities/new");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Factivities%2Fnew");
  });

  test("bad input: status 400, messages next to the fields, typed values kept", async () => {
    const client = await clientFor(ids.member);
    const response = await client.post(
      "/activities/new",
      form({ title: "x".repeat(121), endTime: "18:00", capacity: "0", "shifts[0].endTime": "23:00", count: "" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(errorFor(html, "title")).toBe("Dit mag hoogstens 120 tekens zijn.");
    expect(errorFor(html, "endTime")).toBe("De eindtijd moet na de begintijd zijn.");
    expect(errorFor(html, "capacity")).toBe("Er moet minstens 1 plek zijn. Laat het veld leeg als er geen maximum is.");
    expect(errorFor(html, "count")).toBe("Vul in hoeveel keer.");
    expect(errorFor(html, "address")).toBeNull();
    expect(valueOf(html, "title")).toBe("x".repeat(121));
    expect(valueOf(html, "address")).toBe("Eschweg 12");
    expect(valueOf(html, "shifts\\[0\\]\\.role")).toBe("Gastheer");
    expect(
      await server.database.db
        .select()
        .from(activity)
        .where(eq(activity.title, "x".repeat(121))),
    ).toHaveLength(0);
  });

  test("a recurrence without an end, a past date, and a time that does not exist", async () => {
    const client = await clientFor(ids.member);
    const noEnd = await client.post("/activities/new", form({ endKind: "" }));
    expect(noEnd.status).toBe(400);
    expect(errorFor(await noEnd.text(), "endKind")).toBe("Kies wanneer de reeks stopt: op een datum of na een aantal keer.");
    const past = await client.post("/activities/new", form({ startDate: "2026-02-01" }));
    expect(past.status).toBe(400);
    expect(errorFor(await past.text(), "startDate")).toBe("Deze datum is al voorbij. Kies een datum in de toekomst.");
    const spring = await client.post(
      "/activities/new",
      form({
        weekdays: "7",
        startDate: "2026-03-22",
        startTime: "02:30",
        endTime: "03:30",
        "shifts[0].startTime": "02:30",
        "shifts[0].endTime": "03:00",
      }),
    );
    expect(spring.status).toBe(400);
    const html = await spring.text();
    expect(errorFor(html, "startTime")).toBe(
      "Op zondag 29 maart 2026 bestaat 02:30 niet: die nacht gaat de klok een uur vooruit (zomertijd). Kies een andere tijd.",
    );
    expect(valueOf(html, "startDate")).toBe("2026-03-22");
  });

  test("adding a task without JavaScript returns the form with one more task, not an error", async () => {
    const client = await clientFor(ids.member);
    const response = await client.post("/activities/new", {
      ...form(),
      __intent__: JSON.stringify({ type: "insert", payload: { name: "shifts" } }),
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="shifts[1].role"');
    expect(valueOf(html, "shifts\\[0\\]\\.role")).toBe("Gastheer");
    const tampered = await client.post("/activities/new", { ...form(), __intent__: "{not json" });
    expect(tampered.status).toBe(400);
  });

  test("valid input creates the series and leads to the manage page", async () => {
    const client = await clientFor(ids.member);
    const response = await client.post("/activities/new", form());
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/activities\/\d+\/manage\?created=4$/);
    const id = Number(location.split("/")[2]);
    const sessions = await server.database.db
      .select()
      .from(activitySession)
      .where(eq(activitySession.activityId, id))
      .orderBy(asc(activitySession.startsAt));
    expect(sessions).toHaveLength(4);
    const page = await client.get(location);
    expect(page.status).toBe(200);
    const text = pageText(await page.text());
    expect(text).toContain("De activiteit is opgeslagen, met 4 bijeenkomsten.");
    expect(text).toContain("Deelnemers: 0 van 12. Wachtlijst: 0.");
    expect(text).toContain("Gastheer: 0 van 1 vrijwilligers.");
  });

  test("another organisation's member cannot post for this one", async () => {
    const response = await (await clientFor(ids.otherMember)).post("/activities/new", form({ title: "Niet van mij" }));
    expect(response.status).toBe(403);
  });
});

describe("the manage page and the CSV export", () => {
  test("the organiser and the neighbourhood's coordinator see the page; others get 404, as for a bad id", async () => {
    const member = await (await clientFor(ids.member)).get(`/activities/${ids.activity}/manage`);
    expect(member.status).toBe(200);
    expect(pageText(await member.text())).toContain("Bericht sturen");
    const coordinator = await (await clientFor(ids.coordinator)).get(`/activities/${ids.activity}/manage`);
    expect(coordinator.status).toBe(200);
    const coordinatorText = pageText(await coordinator.text());
    expect(coordinatorText).toContain("U kunt de aanmeldingen bekijken, maar niets veranderen.");
    expect(coordinatorText).not.toContain("Bericht sturen");
    for (const who of [ids.otherMember, ids.resident, ids.otherCoordinator]) {
      expect((await (await clientFor(who)).get(`/activities/${ids.activity}/manage`)).status).toBe(404);
    }
    expect((await (await clientFor(ids.member)).get(`/activities/abc/manage`)).status).toBe(404);
    expect((await (await clientFor(ids.member)).get(`/activities/999999/manage`)).status).toBe(404);
  });

  test("the organiser downloads the CSV, escaped and with formulas neutralised", async () => {
    const response = await (await clientFor(ids.member)).get(`/activities/${ids.activity}/signups.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="aanmeldingen-${ids.activity}.csv"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines).toEqual([
      "Activiteit,Begin bijeenkomst,Taak,Naam,E-mailadres,Status,Aanwezig,Minuten,Komst bevestigd op",
      '"Taalcafé, met koffie",2026-03-01 07:00,Koffie,Anna de Vries,anna@example.org,Aangemeld,,,',
      '"Taalcafé, met koffie",2026-03-10 19:00,,Anna de Vries,anna@example.org,Aangemeld,,,',
      `"Taalcafé, met koffie",2026-03-10 19:00,Koffie,"'=HYPERLINK(""http://evil.test"",""klik"")",formula@example.org,Aangemeld,,,`,
    ]);
  });

  test("the neighbourhood's coordinator may export; others may not; nobody signed in goes to the login", async () => {
    expect((await (await clientFor(ids.coordinator)).get(`/activities/${ids.activity}/signups.csv`)).status).toBe(200);
    for (const who of [ids.otherMember, ids.resident, ids.otherCoordinator]) {
      const response = await (await clientFor(who)).get(`/activities/${ids.activity}/signups.csv`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("@example.org");
    }
    const anonymous = await (await clientFor(null)).get(`/activities/${ids.activity}/signups.csv`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("changing a session over HTTP", () => {
  test("capacity below the confirmed number: 400 with the message next to the field", async () => {
    const client = await clientFor(ids.member);
    const response = await client.post(`/sessions/${ids.session}/edit`, { intent: "capacity", capacity: "0" });
    expect(response.status).toBe(400);
    expect(errorFor(await response.text(), "capacity")).toBe("Er moet minstens 1 plek zijn. Laat het veld leeg als er geen maximum is.");
    const moved = await client.post(`/sessions/${ids.session}/edit`, { intent: "move", date: "2026-03-29", startTime: "02:30" });
    expect(moved.status).toBe(400);
    const html = await moved.text();
    expect(errorFor(html, "startTime")).toContain("Op zondag 29 maart 2026 bestaat 02:30 niet");
    expect(valueOf(html, "date")).toBe("2026-03-29");
    const ok = await client.post(`/sessions/${ids.session}/edit`, { intent: "capacity", capacity: "8" });
    expect(ok.status).toBe(302);
    expect((await server.database.db.query.activitySession.findFirst({ where: eq(activitySession.id, ids.session) }))?.capacity).toBe(8);
  });

  test("the coordinator may not change a session", async () => {
    const response = await (await clientFor(ids.coordinator)).post(`/sessions/${ids.session}/edit`, { intent: "capacity", capacity: "20" });
    expect(response.status).toBe(404);
  });
});

describe("the other organiser pages", () => {
  test("the list of my activities links to the manage page and to a new activity", async () => {
    const response = await (await clientFor(ids.member)).get("/activities/manage");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/activities/${ids.activity}/manage"`);
    expect(html).toContain('href="/activities/new"');
    expect(html).toContain('href="/activities/manage"');
  });

  test("attendance after the session: shown with the shift length, saved, and refused to a coordinator", async () => {
    const client = await clientFor(ids.member);
    const page = await client.get(`/sessions/${ids.pastSession}/attendance`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(pageText(html)).toContain("De taak duurde 90 minuten.");
    expect(valueOf(html, "entries\\[0\\]\\.minutes")).toBe("90");
    const saved = await client.post(`/sessions/${ids.pastSession}/attendance`, {
      "entries[0].signupId": String(ids.pastShiftSignup),
      "entries[0].attendance": "present",
      "entries[0].minutes": "80",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/sessions/${ids.pastSession}/attendance?saved=1`);
    const row = await server.database.db.query.signup.findFirst({ where: eq(signup.id, ids.pastShiftSignup) });
    expect(row).toMatchObject({ attendance: "present", minutes: 80 });
    expect((await (await clientFor(ids.coordinator)).get(`/sessions/${ids.pastSession}/attendance`)).status).toBe(404);
    // Before the session starts the page says so instead of showing the form.
    const early = await client.get(`/sessions/${ids.session}/attendance`);
    expect(pageText(await early.text())).toContain("De bijeenkomst is nog niet begonnen.");
  });

  test("the session page shows the move form with the current local date and time", async () => {
    const response = await (await clientFor(ids.member)).get(`/sessions/${ids.session}/edit`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(valueOf(html, "date")).toBe("2026-03-10");
    expect(valueOf(html, "startTime")).toBe("19:00");
  });
});
