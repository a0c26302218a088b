import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_ACCOUNTS, seedDatabase } from "#db/seed";
import {
  expectNoViolations,
  launchBrowser,
  openContext,
  signInContext,
  startE2eServer,
  visit,
  type E2eServer,
  type OpenedContext,
} from "#tests/support/browser";

// A tour of the demo municipality as each role sees it: every page answers 200, shows no browser
// errors, has no WCAG 2.2 A/AA violations (axe) and does not scroll sideways at 320 px.
vi.setConfig({ testTimeout: 120_000 });

let srv: E2eServer;
let browser: Browser;
let opened: OpenedContext[] = [];
const tour: Record<string, { who: keyof typeof DEMO_ACCOUNTS | null; paths: string[] }> = {};

beforeAll(async () => {
  [srv, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  await seedDatabase(srv.database, { now: Date.now() });
  const one = async (sql: string) => Number((await srv.database.client.execute(sql)).rows[0]![0]);
  const dinner = await one("SELECT id FROM activity WHERE title = 'Buurtdiner'");
  const football = await one("SELECT id FROM activity WHERE title LIKE 'Wandelvoetbal%'");
  const matched = await one("SELECT id FROM help_request WHERE status = 'matched' ORDER BY id LIMIT 1");
  const asked = await one("SELECT id FROM help_request WHERE status = 'asked' ORDER BY id LIMIT 1");
  Object.assign(tour, {
    visitor: { who: null, paths: ["/", "/activities", `/activities/${dinner}`, "/initiatives", "/organisations/sv-hoflanden"] },
    carer: { who: "carer", paths: ["/requests", "/requests/new", `/requests/${matched}`, `/requests/${matched}/sessions`, "/me"] },
    volunteer: { who: "volunteer", paths: ["/activities/open-shifts", "/requests/open", `/requests/${asked}`, "/me/volunteer"] },
    coordinator: { who: "coordinator", paths: ["/coordinator", `/coordinator/requests/${asked}`, "/coordinator/intake", "/coordinator/volunteers"] },
    organiser: { who: "organisationAdmin", paths: ["/activities/manage", `/activities/${football}/manage`, "/activities/new"] },
  });
});

afterAll(async () => {
  await Promise.all(opened.map((c) => c.context.close()));
  await browser?.close();
  await srv?.close();
});

afterEach(async () => {
  const problems = opened.flatMap((c) => c.problems);
  await Promise.all(opened.map((c) => c.context.close()));
  opened = [];
  expect(problems, "errors inside the browser").toEqual([]);
});

async function userId(email: string) {
  return Number((await srv.database.client.execute({ sql: "SELECT id FROM user WHERE email = ?", args: [email] })).rows[0]![0]);
}

describe.each(["visitor", "carer", "volunteer", "coordinator", "organiser"])("the demo as %s", (role) => {
  it("every page loads, passes axe and reflows at 320 px", async () => {
    const { who, paths } = tour[role]!;
    for (const width of [1024, 320]) {
      const opening = await openContext(browser, { viewport: { width, height: 800 } });
      opened.push(opening);
      if (who) await signInContext(opening.context, srv, await userId(DEMO_ACCOUNTS[who]));
      for (const path of paths) {
        const response = await visit(opening.page, `${srv.url}${path}`);
        expect(response?.status(), `${role} ${path}`).toBe(200);
        if (width === 1024) await expectNoViolations(opening.page);
        else expect(await opening.page.evaluate(() => document.documentElement.scrollWidth), `${role} ${path} at 320 px`).toBeLessThanOrEqual(320);
      }
    }
  });
});
