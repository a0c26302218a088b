import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL, type createResendMock } from "#tests/mocks/resend";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";
import { stopChildWorkers } from "#tests/support/outbox-child";
import { createResendTransport } from "~/server/email-transport.server";
import { createOutboxWorker, type OutboxWorkerOptions } from "~/server/outbox-worker.server";

// What the outbox tests (outbox-worker, outbox-enqueue, outbox-batch, outbox-batch-processes) share: the clock's
// start, the sender, the Resend transport and the per-test setup. Each test file keeps its own clock, database and
// logger variables (the tests move the clock and read the logger directly) and lets outboxPerTest refill them.

export const START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const transport = createResendTransport(RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL);
export const FROM = "Noaber <noreply@noaber.test>";

/** How the Resend mock listens: loopback is the libSQL server when the suite runs against sqld (TEST_DATABASE=sqld). */
export const mockListenOptions = {
  onUnhandledRequest: (request: Request, print: { error: () => void }) => {
    if (new URL(request.url).hostname !== "127.0.0.1") print.error();
  },
};

/** What each test starts from: a fresh database, the clock back at START and an empty logger. */
export interface FreshOutbox {
  database: TestDatabase;
  t: number;
  logger: ReturnType<typeof createMemoryLogger>;
}

/**
 * Registers the file's hooks: the Resend mock listens for the whole file; before each test `reset` gets a fresh
 * database (the worker claims every due row, so leftovers would leak between tests), clock and logger, and the mock
 * forgets what it saw; after each test child workers stop and the database goes.
 */
export function outboxPerTest(mock: ReturnType<typeof createResendMock>, reset: (fresh: FreshOutbox) => void) {
  let database: TestDatabase | undefined;
  beforeAll(() => mock.server.listen(mockListenOptions));
  afterAll(() => mock.server.close());
  beforeEach(async () => {
    database = await createTestDatabase();
    reset({ database, t: START, logger: createMemoryLogger() });
    mock.reset();
  });
  afterEach(async () => {
    stopChildWorkers();
    await database?.cleanup();
  });
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
