import { loadEnvOrExit, makeServices, openDatabase, startWorker } from "./boot";

// The outbox worker on its own (`npm run worker`), for deployments with RUN_WORKER=false.
const env = loadEnvOrExit();
const database = await openDatabase(env);
const services = makeServices(env, database);
const worker = startWorker(services);
services.logger.log("info", "outbox worker started", { owner: worker.owner });

async function shutdown() {
  await worker.stop();
  database.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
