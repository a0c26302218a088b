import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { loadEnvOrExit, makeServices, openDatabase } from "~/server/boot";
import { createHttpApp } from "~/server/http";
import { root } from "./lib/server-process";

// The production server as app/server/main.ts starts it (no worker, no Vite), but from the build
// folder named by REMIX_BUILD_DIR (default build/), so a benchmark can run against its own build
// while other builds are in progress.

const env = loadEnvOrExit();
const database = await openDatabase(env);
const services = makeServices(env, database);
const buildDir = path.join(root, process.env.REMIX_BUILD_DIR ?? "build");
const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
const app = createHttpApp({ services, build, clientBuildDir: path.join(buildDir, "client") });
const server = app.listen(env.PORT, () => services.logger.log("info", "listening", { url: env.APP_URL, port: env.PORT }));
process.once("SIGTERM", () => {
  server.close();
  database.close();
  process.exit(0);
});
