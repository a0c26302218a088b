import { exitOnEnvError } from "~/server/load-env";
import { loadDatabaseEnv } from "~/server/env.server";
import { createDatabase, migrateDatabase } from "#db/client";

const env = exitOnEnvError(() => loadDatabaseEnv(process.env));
const database = createDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
await migrateDatabase(database);
database.close();
process.stdout.write(`${JSON.stringify({ level: "info", msg: "migrations applied" })}\n`);
