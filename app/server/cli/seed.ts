import { exitOnEnvError, openDatabase } from "~/server/boot";
import { loadDatabaseEnv } from "~/server/env.server";
import { seedDatabase } from "../../demo/seed";

// Only the database settings: the db:* commands need no secret, mail or public URL.
const env = exitOnEnvError(() => loadDatabaseEnv(process.env));
const database = await openDatabase(env);
const result = await seedDatabase(database, { now: Date.now() });
database.close();
process.stdout.write(`${JSON.stringify({ level: "info", msg: result.seeded ? "seeded" : "data present, nothing seeded" })}\n`);
