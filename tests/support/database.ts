import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase, type Database } from "#db/client";

/**
 * A fresh libSQL database with the real migrations, for one test file. A temporary file (not
 * :memory:) so WAL, separate connections and transactions behave as in production. When
 * TEST_DATABASE_URL points at a libSQL server, each call gets its own namespace there instead.
 */
export async function createTestDatabase(): Promise<Database & { cleanup: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-test-"));
  const database = createDatabase({ url: `file:${path.join(dir, "test.db")}` });
  await migrateDatabase(database);
  return Object.assign(database, {
    cleanup() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
