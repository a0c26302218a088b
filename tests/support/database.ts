import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { startSqld } from "./sqld";

export type TestDatabase = Database & { cleanup: () => Promise<void> };

/** `TEST_DATABASE=sqld` runs the same tests against a libSQL server instead of an embedded file. */
export const testDatabaseMode = process.env.TEST_DATABASE === "sqld" ? "sqld" : "file";

/**
 * A fresh libSQL database with the real migrations, for one test file: a temporary file (WAL,
 * separate connections and transactions behave as in production), or its own sqld server.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseMode === "sqld") {
    const sqld = await startSqld();
    const database = createDatabase({ url: sqld.url });
    await migrateDatabase(database);
    return Object.assign(database, {
      async cleanup() {
        database.close();
        await sqld.stop();
      },
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-test-"));
  const database = createDatabase({ url: `file:${path.join(dir, "test.db")}` });
  await migrateDatabase(database);
  return Object.assign(database, {
    async cleanup() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
