import { eq } from "drizzle-orm";
import type { Database } from "#db/client";
import { emailOutbox } from "#db/schema";
import { createResendMock } from "#tests/mocks/resend";
import type { TestDatabase } from "#tests/support/database";
import type { createMemoryLogger } from "#tests/support/logger";
import { outboxPerTest, outboxWorker } from "#tests/support/outbox-world";
import type { Ctx } from "~/domain/context.server";
import { createKeyring } from "~/domain/keyring.server";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import type { OutboxWorkerOptions } from "~/server/outbox-worker.server";

// What outbox-worker.test.ts and outbox-enqueue.test.ts share beyond tests/support/outbox-world.ts: their key, and a
// world per test file (outboxWorld) with its own database, clock, logger and Resend mock and the helpers bound to them
// (the tests move the clock and get a fresh database per test).

export const keys = createKeyring(["outbox-worker-test-secret-".padEnd(48, "x")]);

/** The test file's own state, read at call time. */
interface OutboxState {
  database: () => TestDatabase;
  logger: () => ReturnType<typeof createMemoryLogger>;
  now: () => number;
}

/** Helpers bound to one test file's database, logger and clock. */
export function outboxHelpers(state: OutboxState) {
  const { now } = state;

  function ctxFor(db: Database, locale: "nl" | "en" = "nl"): Ctx {
    return { database: db, now, actor: null, keys, appUrl: "http://localhost:3000", defaultTimeZone: "Europe/Amsterdam", locale };
  }

  let counter = 0;
  async function enqueueSignIn(overrides: { key?: string; to?: string; locale?: "nl" | "en"; name?: string | null } = {}) {
    const database = state.database();
    const n = ++counter;
    const key = overrides.key ?? `sign-in/${n}`;
    const code = "K7M2QX";
    const link = `http://localhost:3000/login/verify?token=tok-${n}-abcdef`;
    await database.write((tx) =>
      enqueueEmail(ctxFor(database), tx, {
        template: "sign-in",
        idempotencyKey: key,
        to: overrides.to ?? `person-${n}@example.org`,
        locale: overrides.locale ?? "nl",
        timeZone: "Europe/Amsterdam",
        props: { name: overrides.name === undefined ? "Anna de Vries" : overrides.name, expiresInMinutes: 10 },
        secrets: { link, code },
      }),
    );
    return { key, link, code };
  }

  function worker(options: Partial<OutboxWorkerOptions> = {}) {
    return outboxWorker({ database: state.database(), keys, logger: state.logger(), now }, options);
  }

  async function row(key: string) {
    const [found] = await state.database().db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, key));
    if (!found) throw new Error(`no outbox row ${key}`);
    return found;
  }

  return { ctxFor, enqueueSignIn, worker, row };
}

/**
 * One test file's world: a fixed clock the tests move, the Resend mock, a fresh database and logger per test, and the
 * helpers bound to them. Read `t`, `database` and `logger` through the world: they change per test.
 */
export function outboxWorld() {
  const state = outboxPerTest(() => createResendMock());
  return Object.assign(state, outboxHelpers({ database: () => state.database, logger: () => state.logger, now: state.now }));
}
