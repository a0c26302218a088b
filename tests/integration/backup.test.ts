import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { backupDatabase, restoreDatabase } from "#db/backup";
import { createDatabase, migrateDatabase } from "#db/client";
import { seedDatabase } from "~/demo/seed";

const dir = mkdtempSync(path.join(tmpdir(), "noaber-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Always an embedded file: VACUUM INTO backs up files; a libSQL server has its own tooling.
test("a backup taken while the app writes restores to a working database with the same data", async () => {
  const url = `file:${path.join(dir, "live.db")}`;
  const live = createDatabase({ url });
  await migrateDatabase(live);
  await seedDatabase(live, { now: Date.UTC(2026, 10, 28) });
  const users = async (db: typeof live) => (await db.client.execute("SELECT email FROM user ORDER BY id")).rows.map((r) => r.email);
  const before = await users(live);

  // Writes keep coming while the backup runs.
  const writes = Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      live.write((tx) => tx.run(`INSERT INTO rate_limit_hit (key, hits, reset_at) VALUES ('k${i}', 1, 1)`)),
    ),
  );
  const file = await backupDatabase(live, path.join(dir, "backups"), { now: Date.UTC(2026, 10, 28, 3) });
  await writes;
  live.close();

  // Disaster: the live file is lost. Restore and open it as the app would.
  rmSync(path.join(dir, "live.db"));
  restoreDatabase(file, url);
  const restored = createDatabase({ url });
  await migrateDatabase(restored);
  expect((await restored.client.execute("PRAGMA integrity_check")).rows[0]![0]).toBe("ok");
  expect(await users(restored)).toEqual(before);
  restored.close();
});

test("old backups are rotated", async () => {
  const db = createDatabase({ url: `file:${path.join(dir, "rotate.db")}` });
  await migrateDatabase(db);
  for (let day = 1; day <= 5; day++) await backupDatabase(db, path.join(dir, "rotating"), { now: Date.UTC(2026, 10, day), keep: 3 });
  db.close();
  expect(readdirSync(path.join(dir, "rotating")).sort()).toEqual([
    "noaber-2026-11-03T00-00-00-000Z.db",
    "noaber-2026-11-04T00-00-00-000Z.db",
    "noaber-2026-11-05T00-00-00-000Z.db",
  ]);
});
