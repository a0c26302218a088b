import { beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_ACCOUNTS, seedDatabase } from "~/demo/seed";
import { seedDemoSecondFactors } from "~/demo/second-factor";
import { unsubscribeToken } from "~/domain/notifications/preferences.server";
import { reminderLinkToken } from "~/domain/notifications/reminder-links.server";
import { expectNoViolations, setUpBrowserTests, signInByEmailedCode, visit, type E2eServer } from "#tests/support/browser";

// A tour of the demo municipality as each role sees it: every page answers 200, shows no browser
// errors, has no WCAG 2.2 A/AA violations (axe) and does not scroll sideways at 320 px. No tile
// server here (MAP_TILE_URL none), as in the social-map test.
vi.setConfig({ testTimeout: 240_000 });

const e2e = setUpBrowserTests({ env: { MAP_TILE_URL: "none" } });
let srv: E2eServer;
const tour: Record<string, { who: keyof typeof DEMO_ACCOUNTS | null; paths: string[] }> = {};

/** The map loads after hydration: wait for its markers before checking a page that has some. */
const FILTERED_MAP = "/map?category=debt-income&neighbourhood=binnenstad&language=nl";
const withMarkers = new Set(["/map", FILTERED_MAP]);

beforeAll(async () => {
  srv = e2e.srv;
  const now = Date.now();
  await seedDatabase(srv.database, { now });
  await seedDemoSecondFactors(srv.database, { keys: srv.services.keys, now });
  const row = async (sql: string, args: (string | number)[] = []) => (await srv.database.client.execute({ sql, args })).rows[0]!;
  const one = async (sql: string, args: (string | number)[] = []) => Number((await row(sql, args))[0]);
  const dinner = await one("SELECT id FROM activity WHERE title = 'Buurtdiner'");
  const football = await one("SELECT id FROM activity WHERE title LIKE 'Wandelvoetbal%'");
  const matched = await one("SELECT id FROM help_request WHERE status = 'matched' ORDER BY id LIMIT 1");
  const asked = await one("SELECT id FROM help_request WHERE status = 'asked' ORDER BY id LIMIT 1");
  // The urgent request the coordinator can act on: its triage page ranks fitting volunteers.
  const urgent = await one("SELECT id FROM help_request WHERE status = 'open' AND urgency = 'high' ORDER BY id LIMIT 1");
  const facility = async (name: string) => one("SELECT id FROM facility_service WHERE name = ?", [name]);
  // Schuldhulpmaatje (Binnenstad) has cooperation links both ways; the coordinator covers Binnenstad.
  const debt = await facility("Schuldhulpmaatje");
  const respite = await facility("Mantelzorgsteunpunt Hoflanden");
  // Kept by the sports club (a Noaber organisation): its people may update the status.
  const clubFacility = await facility("Buurtsportcoach Westwijk");
  const signal = await one("SELECT id FROM signal ORDER BY id LIMIT 1");
  // A reminder link for the volunteer's next place, and an unsubscribe link for the carer.
  const place = await row(
    "SELECT signup.id, signup.user_id, activity_session.starts_at FROM signup JOIN activity_session ON activity_session.id = signup.session_id JOIN user ON user.id = signup.user_id WHERE user.email = ? AND signup.status = 'confirmed' AND activity_session.starts_at > ? ORDER BY activity_session.starts_at LIMIT 1",
    [DEMO_ACCOUNTS.volunteer, now],
  );
  const reminder = reminderLinkToken(srv.services.keys, {
    kind: "signup",
    id: Number(place[0]),
    userId: Number(place[1]),
    action: "confirm",
    expiresAt: Number(place[2]),
  });
  const carerId = await one("SELECT id FROM user WHERE email = ?", [DEMO_ACCOUNTS.carer]);
  // The demo carer's care circle (issue 16) and one of its tasks.
  const circle = await one(
    "SELECT care_circle.id FROM care_circle JOIN circle_member ON circle_member.circle_id = care_circle.id WHERE circle_member.user_id = ? AND circle_member.role = 'lead'",
    [carerId],
  );
  const circleTask = await one("SELECT id FROM circle_task WHERE circle_id = ? ORDER BY id LIMIT 1", [circle]);
  const unsubscribe = encodeURIComponent(unsubscribeToken(srv.services.keys, carerId, "after-session"));
  Object.assign(tour, {
    visitor: {
      who: null,
      paths: [
        "/",
        "/activities",
        `/activities/${dinner}`,
        "/initiatives",
        "/organisations/sv-hoflanden",
        "/map",
        FILTERED_MAP,
        "/map?q=onvindbaar&openNow=on&noWaitingList=on",
        "/map/cooperation",
        `/facilities/${debt}`,
        `/reminders/${reminder}`,
        `/unsubscribe/${unsubscribe}`,
        "/dev/mailbox",
      ],
    },
    carer: {
      who: "carer",
      paths: [
        "/requests",
        "/requests/new",
        `/requests/new?facility=${respite}`,
        `/requests/${matched}`,
        `/requests/${matched}/sessions`,
        `/requests/${matched}/messages`,
        "/me",
        "/me/data",
        `/facilities/${respite}`,
        "/circles",
        "/circles/new",
        `/circles/${circle}`,
        `/circles/${circle}/tasks/new`,
        `/circles/${circle}/tasks/${circleTask}`,
        `/circles/${circle}/updates`,
        `/circles/${circle}/messages`,
        `/circles/${circle}/members`,
        `/circles/${circle}/hand-off`,
      ],
    },
    volunteer: {
      who: "volunteer",
      paths: ["/activities/open-shifts", "/requests/open", `/requests/${asked}`, "/me/volunteer", "/me/hours", "/me"],
    },
    coordinator: {
      who: "coordinator",
      paths: [
        "/coordinator",
        `/coordinator/requests/${asked}`,
        `/coordinator/requests/${urgent}`,
        "/coordinator/intake",
        "/coordinator/volunteers",
        "/coordinator/facilities",
        "/coordinator/facilities/import",
        `/facilities/${debt}`,
        `/facilities/${debt}/edit`,
        "/signals",
        "/signals/new",
        `/signals/${signal}`,
        "/signals/report",
        "/signals/thresholds",
      ],
    },
    organiser: {
      who: "organisationAdmin",
      paths: [
        "/activities/manage",
        `/activities/${football}/manage`,
        "/activities/new",
        `/facilities/${clubFacility}`,
        `/facilities/${clubFacility}/edit`,
      ],
    },
  });
});

async function userId(email: string) {
  return Number((await srv.database.client.execute({ sql: "SELECT id FROM user WHERE email = ?", args: [email] })).rows[0]![0]);
}

describe.each(["visitor", "carer", "volunteer", "coordinator", "organiser"])("the demo as %s", (role) => {
  it("every page loads, passes axe and reflows at 320 px", async () => {
    const { who, paths } = tour[role]!;
    for (const width of [1024, 320]) {
      const as = who ? await userId(DEMO_ACCOUNTS[who]) : undefined;
      const { page } = await e2e.open({ viewport: { width, height: 800 }, as });
      for (const path of paths) {
        const response = await visit(page, `${srv.url}${path}`);
        expect(response?.status(), `${role} ${path}`).toBe(200);
        // Not sent elsewhere (a sign-in page would answer 200 too).
        expect(page.url(), `${role} ${path}`).toBe(`${srv.url}${path}`);
        if (withMarkers.has(path)) {
          // The map loads when its place comes near the screen (issue 15).
          await page.locator(".facility-map-slot").scrollIntoViewIfNeeded();
          await page.locator(".facility-marker").first().waitFor();
        }
        if (width === 1024) await expectNoViolations(page);
        else expect(await page.evaluate(() => document.documentElement.scrollWidth), `${role} ${path} at 320 px`).toBeLessThanOrEqual(320);
      }
    }
  });
});

describe("the demo's staff sign in as staff do: the mail's code, then the app's code from the mailbox page", () => {
  it.each([
    ["coordinator", "Cora Jansen", "/coordinator"],
    ["admin", "Bram Beheer", "/admin"],
  ] as const)("%s", async (who, name, staffPage) => {
    const email = DEMO_ACCOUNTS[who];
    const { context, page } = await e2e.open();
    await signInByEmailedCode(context, page, srv, email);
    await page.getByRole("heading", { level: 1, name: "Bevestig dat u het bent" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login/second-factor");

    // The demo's mailbox page shows the account's current app code.
    const mailTab = await context.newPage();
    await visit(mailTab, `${srv.url}/dev/mailbox`);
    await mailTab.getByRole("heading", { level: 2, name: "Codes voor de tweede stap (alleen in de demo)" }).waitFor();
    const appCode = (await mailTab.locator(`[data-demo-code="${email}"]`).innerText()).trim();
    expect(appCode).toMatch(/^\d{6}$/);
    await mailTab.close();

    await page.getByLabel("Code uit de app").fill(appCode);
    await page.getByRole("button", { name: "Bevestigen" }).click();
    await page.getByRole("heading", { level: 1, name: `Welkom, ${name}` }).waitFor();
    const response = await visit(page, `${srv.url}${staffPage}`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${srv.url}${staffPage}`);
  });
});
