import { createDatabase, migrateDatabase, type Database } from "#db/client";
import type { Env } from "~/server/env.server";
import { createMailboxTransport, createResendTransport, type EmailTransport } from "~/server/email-transport.server";
import { createJsonLogger, type Logger } from "~/server/logger.server";
import { createMaintenanceTicker } from "~/server/maintenance.server";
import { guardEmail } from "~/domain/notifications";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { createDatabaseSendSlots, createSendRate } from "~/server/send-rate.server";
import { createServices, type AppServices } from "~/server/services.server";

export { exitOnEnvError, loadEnvOrExit } from "./load-env";

export async function openDatabase(env: Pick<Env, "DATABASE_URL" | "DATABASE_AUTH_TOKEN">): Promise<Database> {
  const database = createDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
  await migrateDatabase(database);
  return database;
}

export function createTransport(env: Env, database: Database, now: () => number): EmailTransport {
  // loadEnv guarantees a Resend key whenever the mailbox is off.
  return env.mailboxEnabled || !env.RESEND_API_KEY
    ? createMailboxTransport(database, now)
    : createResendTransport(env.RESEND_API_KEY, env.RESEND_BASE_URL);
}

export function startWorker(services: AppServices) {
  const { database, keys, env, now } = services;
  const worker = createOutboxWorker({
    database,
    transport: createTransport(env, database, now),
    keys,
    logger: services.logger,
    from: env.EMAIL_FROM,
    now,
    guard: (row) => guardEmail({ database, keys, appUrl: env.APP_URL, now }, row),
    // Resend allows EMAIL_RATE_PER_SECOND calls per second; the local mailbox needs no pacing.
    // Pacing is about real seconds at the provider, so it runs on the wall clock even when the
    // app's clock is fixed (tests).
    // A sliding window shared through the database by every worker (decision 042); 40 ms of margin
    // per window keeps arrival jitter from tipping a call over the provider's limit. One round more
    // than the window holds calls claims and renders the next batch while the others are in flight.
    ...(!env.mailboxEnabled
      ? {
          sendRate: createSendRate({
            ratePerSecond: env.EMAIL_RATE_PER_SECOND,
            marginMs: 40,
            slots: createDatabaseSendSlots(database, env.EMAIL_RATE_PER_SECOND),
          }),
          concurrency: Math.floor(env.EMAIL_RATE_PER_SECOND) + 1,
        }
      : {}),
    sendInBatches: true,
  });
  worker.start();
  // Help-request upkeep (expire, flag unmet, tell coordinators) runs wherever the outbox worker runs.
  const maintenance = createMaintenanceTicker({
    database: services.database,
    keys: services.keys,
    logger: services.logger,
    appUrl: services.env.APP_URL,
    defaultTimeZone: services.env.DEFAULT_TIME_ZONE,
    now: services.now,
  });
  maintenance.start();
  return {
    ...worker,
    async stop() {
      await maintenance.stop();
      await worker.stop();
    },
  };
}

export function makeServices(env: Env, database: Database, logger: Logger = createJsonLogger()) {
  return createServices({ env, database, logger });
}
