import { exitOnEnvError } from "~/server/load-env";
import { loadDatabaseEnv } from "~/server/env.server";
import { backupDatabase, restoreDatabase } from "#db/backup";
import { createDatabase } from "#db/client";

// npm run db:backup [-- <folder>]            writes a snapshot (default ./data/backups)
// npm run db:restore -- <backup file>         restores it over DATABASE_URL (stop the app first)
// Only the database settings: the db:* commands need no secret, mail or public URL.
const env = exitOnEnvError(() => loadDatabaseEnv(process.env));
const [command, argument] = process.argv.slice(2);
if (command === "restore") {
  if (!argument) throw new Error("Usage: npm run db:restore -- <backup file>");
  const target = restoreDatabase(argument, env.DATABASE_URL);
  process.stdout.write(`${JSON.stringify({ level: "info", msg: "restored", target })}\n`);
} else {
  const database = createDatabase({ url: env.DATABASE_URL });
  const file = await backupDatabase(database, argument ?? "./data/backups", { now: Date.now() });
  database.close();
  process.stdout.write(`${JSON.stringify({ level: "info", msg: "backup written", file })}\n`);
}
