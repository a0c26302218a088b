import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox, signal, user } from "#db/schema";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { DEMO_ACCOUNTS, seedDatabase } from "~/demo/seed";
import { seedSignals } from "~/demo/seed-signals";
import { getMunicipalReport } from "~/domain/signals/signals.server";
import { ctxAs } from "#tests/support/ctx";

// The demo seed gives every indicator something to show over the last year, and a signal in each
// status. Always a local file: the seed refuses a libSQL server by design.

const NOW = Date.UTC(2026, 10, 28, 9, 0);
let database: Database;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "noaber-seed-signals-"));
  database = createDatabase({ url: `file:${path.join(dir, "seed.db")}` });
  await migrateDatabase(database);
  expect(await seedDatabase(database, { now: NOW })).toEqual({ seeded: true });
}, 120_000);
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("demo signals and history", () => {
  test("every indicator shows a figure for the last year; a signal in each status", async () => {
    const coordinator = (await database.db.query.user.findFirst({ where: eq(user.email, DEMO_ACCOUNTS.coordinator) }))!;
    const ctx = await ctxAs(database, coordinator.id, { now: () => NOW });
    const { report, signals } = await getMunicipalReport({ ctx, input: { granularity: "month" } });
    expect(report.empty).toBe(false);
    for (const indicator of report.indicators) {
      const shown = [indicator.total, ...indicator.columnTotals, ...indicator.rows.map((r) => r.total)];
      expect(
        shown.some((f) => f !== null && f !== 0),
        indicator.key,
      ).toBe(true);
    }
    expect(report.skills.length).toBeGreaterThan(0);
    expect(new Set(signals.map((s) => s.status))).toEqual(new Set(["draft", "raised", "responded", "resolved"]));
  });

  test("is idempotent and queues no mail", async () => {
    const before = (await database.db.select({ id: signal.id }).from(signal)).length;
    expect(await seedSignals(database, { now: NOW })).toEqual({ seeded: false });
    expect((await database.db.select({ id: signal.id }).from(signal)).length).toBe(before);
    const mail = await database.db.select({ to: emailOutbox.toAddress }).from(emailOutbox);
    expect(mail.filter((m) => m.to.startsWith("historie-"))).toEqual([]);
  });
});
