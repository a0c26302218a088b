import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL, type createResendMock } from "#tests/mocks/resend";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";
import { stopChildWorkers } from "#tests/support/outbox-child";
import { createResendTransport } from "~/server/email-transport.server";
import { createOutboxWorker, type OutboxWorkerOptions } from "~/server/outbox-worker.server";

// What the outbox tests (outbox-worker, outbox-enqueue, outbox-batch, outbox-batch-processes) share: the clock's
// start, the sender, the Resend transport, the per-test setup and the worker as the tests run it.

export const START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const transport = createResendTransport(RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL);
export const FROM = "Noaber <noreply@noaber.test>";

/** How the Resend mock listens: loopback is the libSQL server when the suite runs against sqld (TEST_DATABASE=sqld). */
export const mockListenOptions = {
  onUnhandledRequest: (request: Request, print: { error: () => void }) => {
    if (new URL(request.url).hostname !== "127.0.0.1") print.error();
  },
};

/**
 * A test file's outbox state, with its hooks: a clock at START that the tests move, the Resend mock (made on that
 * clock) listening for the whole file, and per test a fresh database (the worker claims every due row, so leftovers
 * would leak between tests), an empty logger, the clock back at START and a mock that forgot what it saw; after each
 * test child workers stop and the database goes. Read `t`, `database` and `logger` through it: they change per test.
 */
export function outboxPerTest(createMock: (now: () => number) => ReturnType<typeof createResendMock>) {
  let database: TestDatabase | undefined;
  let t = START;
  let logger = createMemoryLogger();
  const now = () => t;
  const mock = createMock(now);
  beforeAll(() => mock.server.listen(mockListenOptions));
  afterAll(() => mock.server.close());
  beforeEach(async () => {
    database = await createTestDatabase();
    t = START;
    logger = createMemoryLogger();
    mock.reset();
  });
  afterEach(async () => {
    stopChildWorkers();
    await database?.cleanup();
  });
  return {
    mock,
    now,
    get t() {
      return t;
    },
    set t(value: number) {
      t = value;
    },
    get database() {
      return database!;
    },
    get logger() {
      return logger;
    },
  };
}

/**
 * An outbox worker on the Resend transport as the outbox tests run it: from FROM, with fixed jitter (random 0.5) and a
 * base backoff of one second; `options` override any of these.
 */
export function outboxWorker(
  base: Pick<OutboxWorkerOptions, "database" | "keys" | "logger" | "now">,
  options: Partial<OutboxWorkerOptions> = {},
) {
  return createOutboxWorker({ ...base, transport, from: FROM, random: () => 0.5, baseBackoffMs: 1000, ...options });
}
