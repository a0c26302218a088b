import { eq } from "drizzle-orm";
import { emailOutbox } from "#db/schema";
import { createResendMock } from "#tests/mocks/resend";
import type { TestDatabase } from "#tests/support/database";
import type { createMemoryLogger } from "#tests/support/logger";
import { outboxPerTest, outboxWorker } from "#tests/support/outbox-world";
import type { Ctx } from "~/domain/context.server";
import { createKeyring } from "~/domain/keyring.server";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import type { OutboxWorkerOptions } from "~/server/outbox-worker.server";
import { createSendRate } from "~/server/send-rate.server";

// What outbox-batch.test.ts and outbox-batch-processes.test.ts share beyond tests/support/outbox-world.ts: their key,
// and a world per test file (batchWorld) with its own clock, database, logger and Resend mock and the helpers bound
// to them (the tests move the clock and get a fresh database per test).

export const keys = createKeyring(["outbox-batch-test-secret-".padEnd(48, "x")]);

/** The test file's own state, read at call time. */
interface BatchState {
  database: () => TestDatabase;
  logger: () => ReturnType<typeof createMemoryLogger>;
  mock: ReturnType<typeof createResendMock>;
  now: () => number;
  /** Moves the file's fixed clock on. */
  sleep: (ms: number) => Promise<void>;
}

/** The most calls in any window of one second (or `windowMs`, half-open). */
export function maxCallsPerSecond(calls: { at: number }[], windowMs = 1000) {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j < times.length && times[j]! < times[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** Helpers bound to one test file's clock, database, logger and Resend mock. */
export function batchHelpers(state: BatchState) {
  const { now, sleep } = state;

  function ctx(): Ctx {
    return {
      database: state.database(),
      now,
      actor: null,
      keys,
      appUrl: "http://localhost:3000",
      defaultTimeZone: "Europe/Amsterdam",
      locale: "nl",
    };
  }

  /** `count` sign-in mails due now, in one transaction. Returns their keys in order. */
  async function enqueueMany(count: number, address: (n: number) => string = (n) => `person-${n}@example.org`, prefix = "batch") {
    const enqueued: string[] = [];
    await state.database().write(async (tx) => {
      for (let n = 0; n < count; n++) {
        const key = `sign-in/${prefix}-${n}`;
        await enqueueEmail(ctx(), tx, {
          template: "sign-in",
          idempotencyKey: key,
          to: address(n),
          locale: "nl",
          timeZone: "Europe/Amsterdam",
          props: { name: `Persoon ${n}`, expiresInMinutes: 10 },
          secrets: { link: `http://localhost:3000/login/verify?token=tok-${n}-abcdef`, code: "K7M2QX" },
        });
        enqueued.push(key);
      }
    });
    return enqueued;
  }

  function worker(options: Partial<OutboxWorkerOptions> = {}) {
    return outboxWorker(
      { database: state.database(), keys, logger: state.logger(), now },
      { sendInBatches: true, sendRate: createSendRate({ ratePerSecond: 2, now, sleep }), ...options },
    );
  }

  /** Runs rounds until everything is settled; when nothing is due yet, lets a second pass. */
  async function drain(w: ReturnType<typeof worker>, { maxRounds = 50 } = {}) {
    for (let round = 0; round < maxRounds; round++) {
      const open = await state.database().db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.status, "pending"));
      const sending = await state.database().db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.status, "sending"));
      if (open.length === 0 && sending.length === 0) return;
      if ((await w.runOnce()) === 0) await sleep(1000);
    }
    throw new Error("outbox did not drain");
  }
  const rows = () => state.database().db.select().from(emailOutbox).orderBy(emailOutbox.id);

  function deliveriesPerKey() {
    const counts = new Map<string, number>();
    for (const email of state.mock.sent) counts.set(email.idempotencyKey, (counts.get(email.idempotencyKey) ?? 0) + 1);
    return counts;
  }

  return { enqueueMany, worker, drain, rows, deliveriesPerKey };
}

/**
 * One test file's world: a fixed clock, the Resend mock on that clock, a fresh database and logger per test, and the
 * helpers bound to them. Read `t`, `database` and `logger` through the world: they change per test.
 */
export function batchWorld() {
  const state = outboxPerTest((now) => createResendMock({ now }));
  /** The pacer's sleep moves the fixed clock on: no wall-clock waiting, exact timestamps. */
  const sleep = async (ms: number) => {
    state.t += ms;
  };
  const helpers = batchHelpers({ database: () => state.database, logger: () => state.logger, mock: state.mock, now: state.now, sleep });
  return Object.assign(state, helpers, { sleep });
}
