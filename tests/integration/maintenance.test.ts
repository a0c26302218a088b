import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { helpRequest } from "#db/schema";
import { createMaintenanceTicker, MAINTENANCE_INTERVAL_MS } from "~/server/maintenance.server";
import { addRequest, buildWorld, NOW, testKeys, type WorldIds } from "#tests/support/coordinator-world";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";

let database: TestDatabase;
let ids: WorldIds;

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await buildWorld(database);
});
afterAll(() => database.cleanup());

const options = { keys: testKeys, appUrl: "http://localhost:3000", defaultTimeZone: "Europe/Amsterdam" };
const flagOf = async (id: number) => (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))?.flagReason ?? null;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 3000) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("timed out");
}

describe("the maintenance tick", () => {
  test("runs every 5 minutes by default", () => {
    expect(MAINTENANCE_INTERVAL_MS).toBe(300_000);
  });

  test("runOnce flags unmet requests and logs what it did", async () => {
    const logger = createMemoryLogger();
    const request = await addRequest(database, ids, { requiresVog: true });
    const ticker = createMaintenanceTicker({ database, logger, now: () => NOW, ...options });
    const result = await ticker.runOnce();
    expect(result.flagged).toContainEqual({ id: request.id, reason: "no-fit" });
    expect(await flagOf(request.id)).toBe("no-fit");
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: "info", msg: "help requests maintained" }));
  });

  test("start runs a round at once and keeps going after a failing round; stop ends it", async () => {
    const logger = createMemoryLogger();
    let calls = 0;
    const now = () => {
      calls += 1;
      if (calls === 1) throw new Error("clock broke");
      return NOW;
    };
    const request = await addRequest(database, ids, { requiresVog: true });
    const ticker = createMaintenanceTicker({ database, logger, now, intervalMs: 20, ...options });
    ticker.start();
    await waitFor(async () => (await flagOf(request.id)) === "no-fit");
    await ticker.stop();
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: "error",
        msg: "maintenance round failed",
        fields: { error: expect.stringMatching(/^Error: clock broke\n\s+at /) },
      }),
    );
    const after = calls;
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toBe(after);
  });
});
