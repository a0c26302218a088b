import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Database } from "./client";

/**
 * A consistent copy of an embedded database while the app runs: `VACUUM INTO` writes a compact,
 * transaction-consistent snapshot to a new file. Keeps the newest `keep` backups in the folder.
 */
export async function backupDatabase(database: Database, folder: string, { now, keep = 14 }: { now: number; keep?: number }) {
  if (!database.url.startsWith("file:")) {
    throw new Error("VACUUM INTO backs up an embedded file; back up a libSQL server with its own tooling (docs/deploy.md)");
  }
  mkdirSync(folder, { recursive: true });
  const file = path.join(path.resolve(folder), `noaber-${new Date(now).toISOString().replace(/[:.]/g, "-")}.db`);
  await database.client.execute({ sql: "VACUUM INTO ?", args: [file] });
  const backups = readdirSync(folder)
    .filter((f) => /^noaber-.*\.db$/.test(f))
    .sort();
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) rmSync(path.join(folder, old));
  return file;
}

/**
 * Restores a backup over the database file (the app must be stopped). The WAL and shared-memory
 * files of the old database are removed so they cannot be replayed onto the restored copy.
 */
export function restoreDatabase(backupFile: string, databaseUrl: string) {
  if (!databaseUrl.startsWith("file:")) throw new Error("restoreDatabase restores an embedded file");
  if (!existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  const target = path.resolve(databaseUrl.slice("file:".length).split("?")[0]!);
  mkdirSync(path.dirname(target), { recursive: true });
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backupFile, target);
  return target;
}
