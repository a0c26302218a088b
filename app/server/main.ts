import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { loadEnvOrExit } from "./load-env";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const demo = process.argv.includes("--demo");
// The demo has no secret of its own (a published one is refused): it makes a random one for this
// run, so sign-ins last until the demo stops. A real deployment sets SESSION_SECRET.
const generatedSecret = demo && !process.env.SESSION_SECRET;
if (generatedSecret) process.env.SESSION_SECRET = randomBytes(48).toString("base64url");
const env = loadEnvOrExit();
// Only a valid environment loads the rest of the app (a refusal is quick and says only what is wrong).
const { makeServices, openDatabase, startWorker } = await import("./boot");
const { createHttpApp } = await import("./http");
const { seedDatabase } = await import("~/demo/seed");
const database = await openDatabase(env);
const services = makeServices(env, database);

if (generatedSecret) services.logger.log("info", "demo: random session secret for this run; sign-ins end when the demo stops");
if (demo) {
  const result = await seedDatabase(database, { now: services.now() });
  services.logger.log("info", result.seeded ? "demo data seeded" : "demo data already present");
  // The demo's staff confirm with an app code shown on /dev/mailbox; sealed with this run's secret.
  const { seedDemoSecondFactors } = await import("~/demo/second-factor");
  await seedDemoSecondFactors(database, { keys: services.keys, now: services.now() });
}

let app;
if (env.NODE_ENV === "development") {
  const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
  app = createHttpApp({
    services,
    before: vite.middlewares,
    build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
  });
} else {
  // REMIX_BUILD_DIR (a build-tool setting, as in vite.config.ts) lets a benchmark run its own build.
  const buildDir = path.join(root, process.env.REMIX_BUILD_DIR ?? "build");
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  app = createHttpApp({ services, build, clientBuildDir: path.join(buildDir, "client") });
}

const worker = env.RUN_WORKER ? startWorker(services) : null;
const server = app.listen(env.PORT, () => {
  services.logger.log("info", "listening", { url: env.APP_URL, port: env.PORT, worker: !!worker, mailbox: env.mailboxEnabled });
});

async function shutdown(signal: string) {
  services.logger.log("info", "shutting down", { signal });
  server.close();
  await worker?.stop();
  database.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
