import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { careAccessLog, helpRequest } from "#db/schema";
import { RETENTION, retentionPeriod } from "~/domain/privacy";
import { periodBefore } from "~/domain/scheduling";
import { retentionWhen } from "~/components/retention-table";
import { getT } from "~/locales/i18n.server";
import { buildWorld, NOW, type WorldIds } from "#tests/support/coordinator-world";
import { createBrowserlessClient, html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Retention over HTTP (issue 14, decision 034): /privacy shows every entry of the code table, and a
// coordinator's view of care details ends the table's number of days after the help ended.

const DAY = 86_400_000;
let server: TestServer;
let ids: WorldIds;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  ids = await buildWorld(server.database);
});
afterAll(() => server.close());

describe("/privacy", () => {
  test.each(["nl", "en"] as const)("shows every retention entry from the code table, in a table with a caption (%s)", async (locale) => {
    const t = getT(locale);
    const response = await createBrowserlessClient(server.url).get("/privacy", { headers: { "accept-language": locale } });
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toMatch(new RegExp(`<table[^>]*id="retention"[^>]*>\\s*<caption>${t("retention.caption")}</caption>`));
    for (const entry of RETENTION) {
      const row = page.match(new RegExp(`<tr data-retention="${entry.key}">([\\s\\S]*?)</tr>`))?.[1];
      expect(row, entry.key).toBeDefined();
      expect(row).toContain(`<th scope="row">${t(entry.data)}</th>`);
      expect(row).toContain(`<td>${retentionWhen(t, entry)}</td>`);
      expect(row).toContain(t(`retention.actions.${entry.action}`));
    }
    // The statement's own text promises nothing the table does not hold.
    expect(page).toContain(t("privacy.retention.body"));
    expect(page).not.toContain(locale === "nl" ? "worden na een dag gewist" : "erased after a day");
  });

  test("a period is written in words from the table's numbers", () => {
    const t = getT("nl");
    const when = Object.fromEntries(RETENTION.map((e) => [e.key, retentionWhen(t, e)]));
    expect(when.careDetails).toBe("3 maanden nadat de hulp is afgelopen");
    expect(when.careAccessLog).toBe("5 jaar nadat het is opgeschreven");
    expect(when.sessions).toBe("Zodra ze verlopen zijn");
    expect(when.signInTokens).toBe("1 dag nadat ze verlopen zijn");
    expect(when.requestHistory).toBe("Zolang de hulpvraag bestaat");
    expect(getT("en")("retention.units.months", { count: 1 })).toBe("1 month");
  });
});

describe("a coordinator's access to care details after the help ended", () => {
  const accessEnds = periodBefore(NOW, retentionPeriod("coordinatorAccess"), "Europe/Amsterdam");
  const endRequest = (endedAt: number) =>
    server.database.write((tx) =>
      tx.update(helpRequest).set({ status: "withdrawn", endedAt, updatedAt: endedAt }).where(eq(helpRequest.id, ids.request)),
    );
  const logged = async () => (await server.database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, ids.request))).length;

  test("a day before the period ends: the coordinator still sees them, and the read is logged", async () => {
    await endRequest(accessEnds + DAY);
    const coordinator = await signedInClient(server, ids.coordNorth, NOW);
    for (const path of [`/coordinator/requests/${ids.request}`, `/requests/${ids.request}`]) {
      const before = await logged();
      const page = await html(await coordinator.get(path));
      expect(page, path).toContain("Lindelaan 12");
      expect(page, path).toContain("Sleutel ligt onder de mat.");
      expect(await logged(), path).toBe(before + 1);
    }
  });

  test("after the period: the request is still there, without care details, and nothing is logged", async () => {
    await endRequest(accessEnds - 1);
    const coordinator = await signedInClient(server, ids.coordNorth, NOW);
    const before = await logged();
    for (const path of [`/coordinator/requests/${ids.request}`, `/requests/${ids.request}`]) {
      const response = await coordinator.get(path);
      expect(response.status, path).toBe(200);
      const page = await html(response);
      expect(page, path).toContain("Twee middagen gezelschap voor opa.");
      expect(page, path).not.toContain("Lindelaan 12");
      expect(page, path).not.toContain("Sleutel ligt onder de mat.");
      expect(page, path).not.toContain("Jan heeft dementie.");
    }
    expect(await logged()).toBe(before);
    // The requester still sees their own details (until retention removes them).
    const carer = await signedInClient(server, ids.carer, NOW);
    expect(await html(await carer.get(`/requests/${ids.request}`))).toContain("Lindelaan 12");
  });
});
