import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createHttpApp, type RateLimitTier } from "~/server/http";
import { loadEnv } from "~/server/env.server";
import { createServices, type AppServices } from "~/server/services.server";
import type { Database } from "#db/client";
import { createTestDatabase, type TestDatabase } from "./database";
import { createMemoryLogger } from "./logger";

const root = path.resolve(import.meta.dirname, "../..");
const buildDir = path.join(root, process.env.REMIX_BUILD_DIR ?? "build");

/**
 * The real HTTP stack (Express, security headers, rate limits, the built Remix app) on a free
 * port, with its own fresh database. `npm test` builds the app first.
 */
export async function startTestServer(
  options: {
    env?: Record<string, string>;
    rateLimits?: { general: RateLimitTier; strict: RateLimitTier; webhook?: RateLimitTier };
    now?: () => number;
    /** The host name in APP_URL (the server listens on 127.0.0.1): "localhost" for WebAuthn, which refuses IP addresses. */
    host?: "127.0.0.1" | "localhost";
    /** Share a database with another instance (multi-instance tests); it is then not cleaned up here. */
    database?: Database;
  } = {},
) {
  const database = options.database ?? (await createTestDatabase());
  const logger = createMemoryLogger();
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  // The port is only known after listening; APP_URL must match the Origin browsers send.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  // NODE_ENV=test without a Resend key keeps the local mailbox on (the browser tests read sign-in
  // mails at /dev/mailbox); pass RESEND_API_KEY or LOCAL_MAILBOX in options.env to change that.
  const env = loadEnv({
    NODE_ENV: "test",
    APP_URL: `http://${options.host ?? "127.0.0.1"}:${port}`,
    SESSION_SECRET: "test-secret-0123456789-abcdefghijklmnop",
    ...options.env,
  });
  const services: AppServices = createServices({ env, database, logger, now: options.now });
  const app = createHttpApp({
    services,
    build,
    clientBuildDir: path.join(buildDir, "client"),
    rateLimits: options.rateLimits,
  });
  server.on("request", app);
  return {
    url: env.APP_URL,
    services,
    database,
    logger,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.database) await (database as TestDatabase).cleanup();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
