import { loadEnvOrExit, openDatabase } from "~/server/boot";
import { seedDatabase } from "./seed";

const env = loadEnvOrExit();
const database = await openDatabase(env);
const result = await seedDatabase(database, { now: Date.now() });
database.close();
process.stdout.write(`${JSON.stringify({ level: "info", msg: result.seeded ? "seeded" : "data present, nothing seeded" })}\n`);
