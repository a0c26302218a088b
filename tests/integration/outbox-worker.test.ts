import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox } from "#db/schema";
import { readSignIn, RESEND_TEST_API_KEY } from "#tests/mocks/resend";
import { createMemoryLogger } from "#tests/support/logger";
import { statementsOf } from "#tests/support/query-plans";
import { startChildWorker } from "#tests/support/outbox-child";
import { FROM, START, transport } from "#tests/support/outbox-world";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { keys, outboxWorld } from "./outbox-worker-world";

const world = outboxWorld();
const { mock, now, ctxFor, enqueueSignIn, worker, row } = world;

const requestKeys = () => mock.requests.map((r) => r.idempotencyKey);

describe("outbox worker with the Resend transport", () => {
  it("looks for due mail with one read when nothing is due, without a write transaction", async () => {
    // A row that is not due yet: the look finds nothing and claims nothing.
    const { key } = await enqueueSignIn({ to: "later@example.nl" });
    await world.database.write((tx) =>
      tx
        .update(emailOutbox)
        .set({ runAt: world.t + 60_000 })
        .where(eq(emailOutbox.idempotencyKey, key)),
    );
    const { result, sent } = await statementsOf(world.database, () => worker().runOnce());
    expect(result).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^select/i);
    expect((await row(key)).status).toBe("pending");
    // Once it is due, the next look claims and sends it.
    world.t += 60_000;
    expect(await worker().runOnce()).toBe(1);
    expect((await row(key)).status).toBe("sent");
  });

  it("renders a pending row, sends it with the row's key, marks it sent and wipes its secrets", async () => {
    const { key, link, code } = await enqueueSignIn({ to: "anna.devries@example.nl" });
    const before = await row(key);
    expect(before.status).toBe("pending");
    expect(before.sealedSecrets).not.toBeNull();
    expect(before.sealedSecrets).not.toContain(code);
    expect(before.sealedSecrets).not.toContain("tok-");

    world.t += 5;
    expect(await worker().runOnce()).toBe(1);

    expect(mock.sent).toHaveLength(1);
    const email = mock.sent[0]!;
    expect(email.idempotencyKey).toBe(key);
    expect(mock.requests).toEqual([{ idempotencyKey: key, authorization: `Bearer ${RESEND_TEST_API_KEY}` }]);
    expect(email.to).toEqual(["anna.devries@example.nl"]);
    expect(email.from).toBe(FROM);
    expect(email.subject).toBe("Uw inloglink voor Noaber");
    expect(email.html).toMatch(/<html/i);
    expect(email.html).toContain(code);
    expect(email.html).toContain(link);
    expect(email.html).toContain("Anna de Vries");
    expect(email.text.length).toBeGreaterThan(0);
    expect(email.text).not.toMatch(/<html|<table|<a /i);
    expect(readSignIn(email)).toEqual({ link, code });

    const after = await row(key);
    expect(after.status).toBe("sent");
    expect(after.sentAt).toBe(START + 5);
    expect(after.providerId).toBe(email.id);
    expect(after.sealedSecrets).toBeNull();
    expect(after.attempts).toBe(1);
    expect(after.leaseOwner).toBeNull();
    expect(after.leaseUntil).toBeNull();
    expect(after.lastError).toBeNull();

    expect(world.logger.entries).toContainEqual(expect.objectContaining({ level: "info", msg: "email sent" }));
    expect(world.logger.lines()).not.toContain("anna.devries");
    expect(world.logger.lines()).not.toContain(code);

    // Sent is final: nothing more to do.
    world.t += 24 * 60 * 60_000;
    expect(await worker().runOnce()).toBe(0);
    expect(mock.requests).toHaveLength(1);
  });

  it("renders in the recipient's language", async () => {
    const nl = await enqueueSignIn({ locale: "nl" });
    const en = await enqueueSignIn({ locale: "en" });
    expect(await worker().runOnce()).toBe(2);
    const byKey = new Map(mock.sent.map((e) => [e.idempotencyKey, e]));
    expect(byKey.get(nl.key)!.subject).toBe("Uw inloglink voor Noaber");
    expect(byKey.get(en.key)!.subject).toBe("Your sign-in link for Noaber");
    expect(byKey.get(en.key)!.html).toMatch(/lang="en"/);
    expect(byKey.get(nl.key)!.html).toMatch(/lang="nl"/);
  });

  it("does not send a row before its runAt", async () => {
    const key = "sign-in/later";
    await world.database.write((tx) =>
      enqueueEmail(ctxFor(world.database), tx, {
        template: "sign-in",
        idempotencyKey: key,
        to: "later@example.org",
        locale: "nl",
        timeZone: "Europe/Amsterdam",
        props: { name: null, expiresInMinutes: 10 },
        secrets: { link: "http://localhost:3000/login/verify?token=abc", code: "K7M2QX" },
        runAt: START + 60_000,
      }),
    );
    expect(await worker().runOnce()).toBe(0);
    world.t = START + 59_999;
    expect(await worker().runOnce()).toBe(0);
    world.t = START + 60_000;
    expect(await worker().runOnce()).toBe(1);
    expect(mock.sent.map((e) => e.idempotencyKey)).toEqual([key]);
  });

  it("on 429 puts the row back for retry-after seconds without using up an attempt, then resends with the same key", async () => {
    const { key } = await enqueueSignIn();
    mock.failNext({
      status: 429,
      headers: { "retry-after": "7" },
      body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
    });
    const w = worker({ maxAttempts: 1 });

    expect(await w.runOnce()).toBe(1);
    let r = await row(key);
    expect(r.status).toBe("pending");
    expect(r.runAt).toBe(START + 7000);
    expect(r.attempts).toBe(0);
    expect(r.sealedSecrets).not.toBeNull();
    expect(r.leaseOwner).toBeNull();
    expect(r.lastError).toContain("rate_limit_exceeded");
    expect(mock.sent).toHaveLength(0);
    expect(world.logger.entries).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "email rate limited", fields: expect.objectContaining({ retryAfterMs: 7000 }) }),
    );

    world.t = START + 6999;
    expect(await w.runOnce()).toBe(0);
    world.t = START + 7000;
    expect(await w.runOnce()).toBe(1);

    // maxAttempts is 1: had the 429 counted, the row would be dead instead of sent.
    r = await row(key);
    expect(r.status).toBe("sent");
    expect(r.attempts).toBe(1);
    expect(mock.sent).toHaveLength(1);
    expect(requestKeys()).toEqual([key, key]);
  });

  it("on 500 retries with exponential backoff and the same key", async () => {
    const { key } = await enqueueSignIn();
    mock.failNext({ status: 500 }, { status: 500 });
    const w = worker({ random: () => 0.5, baseBackoffMs: 1000 });

    expect(await w.runOnce()).toBe(1);
    let r = await row(key);
    // Attempt 1: ceiling 1000 ms, equal jitter 500 + 0.5 × 500.
    expect(r).toMatchObject({ status: "pending", attempts: 1, runAt: START + 750 });
    expect(r.lastError).toContain("500");
    expect(r.sealedSecrets).not.toBeNull();

    world.t = START + 749;
    expect(await w.runOnce()).toBe(0);
    world.t = START + 750;
    expect(await w.runOnce()).toBe(1);
    r = await row(key);
    // Attempt 2: the ceiling doubles to 2000 ms.
    expect(r).toMatchObject({ status: "pending", attempts: 2, runAt: START + 750 + 1500 });

    world.t = START + 2250;
    expect(await w.runOnce()).toBe(1);
    r = await row(key);
    expect(r).toMatchObject({ status: "sent", attempts: 3, sealedSecrets: null, lastError: null });
    expect(requestKeys()).toEqual([key, key, key]);
    expect(mock.sent).toHaveLength(1);
    expect(world.logger.entries.filter((e) => e.msg === "email retry scheduled").map((e) => e.fields.delayMs)).toEqual([750, 1500]);
  });

  it("keeps the backoff within its jitter bounds and under maxBackoffMs", async () => {
    for (const [random, expected] of [
      [() => 0, [500, 1000, 2000, 2500]],
      [() => 0.999999, [1000, 2000, 4000, 5000]],
    ] as const) {
      const { key } = await enqueueSignIn();
      mock.failNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
      const w = worker({ random, baseBackoffMs: 1000, maxBackoffMs: 5000, maxAttempts: 10 });
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        expect(await w.runOnce()).toBe(1);
        const r = await row(key);
        expect(r.status).toBe("pending");
        delays.push(r.runAt - world.t);
        world.t = r.runAt;
      }
      expect(delays).toEqual(expected);
      expect(await w.runOnce()).toBe(1);
      expect((await row(key)).status).toBe("sent");
    }
  });

  it("retries after a network error with the same key", async () => {
    const { key } = await enqueueSignIn();
    mock.failNext("network-error");
    const w = worker();

    expect(await w.runOnce()).toBe(1);
    let r = await row(key);
    expect(r).toMatchObject({ status: "pending", attempts: 1, runAt: START + 750 });
    expect(r.lastError).toBeTruthy();
    expect(mock.sent).toHaveLength(0);

    world.t = START + 750;
    expect(await w.runOnce()).toBe(1);
    r = await row(key);
    expect(r.status).toBe("sent");
    expect(mock.sent.map((e) => e.idempotencyKey)).toEqual([key]);
    expect(requestKeys()).toEqual([key, key]);
  });

  it("on 422 gives up at once, wipes the secrets and logs an error with a masked address", async () => {
    const address = "willem.deboer@hoflanden-mail.nl";
    const { key, code } = await enqueueSignIn({ to: address });
    mock.failNext({ status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } });
    const w = worker({ maxAttempts: 6 });

    expect(await w.runOnce()).toBe(1);
    const r = await row(key);
    expect(r.status).toBe("dead");
    expect(r.attempts).toBe(1);
    expect(r.sealedSecrets).toBeNull();
    expect(r.lastError).toContain("validation_error");

    const dead = world.logger.entries.find((e) => e.msg === "email dead");
    expect(dead).toBeDefined();
    expect(dead!.level).toBe("error");
    expect(dead!.fields.to).toBe("w***@h***.nl");
    expect(dead!.fields.outboxId).toBe(r.id);
    const lines = world.logger.lines();
    expect(lines).not.toContain(address);
    expect(lines).not.toContain("willem.deboer");
    expect(lines).not.toContain("hoflanden-mail");
    expect(lines).not.toContain(code);

    world.t += 24 * 60 * 60_000;
    expect(await w.runOnce()).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(mock.sent).toHaveLength(0);
  });

  it("gives up after maxAttempts server errors", async () => {
    const { key } = await enqueueSignIn();
    mock.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const w = worker({ maxAttempts: 3 });

    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await w.runOnce()).toBe(1);
      const r = await row(key);
      expect(r).toMatchObject({ status: "pending", attempts: attempt });
      world.t = r.runAt;
    }
    expect(await w.runOnce()).toBe(1);
    const r = await row(key);
    expect(r).toMatchObject({ status: "dead", attempts: 3, sealedSecrets: null });
    expect(world.logger.entries.filter((e) => e.level === "error").map((e) => e.msg)).toEqual(["email dead"]);

    world.t += 24 * 60 * 60_000;
    expect(await w.runOnce()).toBe(0);
    expect(requestKeys()).toEqual([key, key, key]);
    expect(mock.sent).toHaveLength(0);
  });

  it("sends every row exactly once when two workers and a worker in a second process run at the same time", async () => {
    const keysEnqueued: string[] = [];
    for (let i = 0; i < 30; i++) keysEnqueued.push((await enqueueSignIn({ key: `sign-in/concurrent-${i}` })).key);

    // The second process has its own libSQL client on the same file; its sends come back here
    // over IPC so one Resend mock sees every request.
    const child = await startChildWorker({
      url: world.database.url,
      now: world.t,
      batchSize: 4,
      secrets: keys.secrets,
      from: FROM,
      transport,
    });
    const loggers = [createMemoryLogger(), createMemoryLogger()];
    const workers = loggers.map((l) =>
      createOutboxWorker({ database: world.database, transport, keys, logger: l, from: FROM, now, batchSize: 4 }),
    );
    const drain = async (w: (typeof workers)[number]) => {
      let handled = 0;
      for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) handled += n;
      return handled;
    };
    const [childHandled, ...handled] = await Promise.all([child.run(), ...workers.map(drain)]);
    // A worker that found nothing due may have stopped while another was still sending: finish stragglers.
    const rest = await drain(workers[0]!);

    expect(childHandled).toBeGreaterThan(0);
    expect(handled.every((n) => n > 0)).toBe(true);
    expect(childHandled + handled.reduce((a, b) => a + b, 0) + rest).toBe(30);
    expect(mock.sent).toHaveLength(30);
    expect(new Set(mock.sent.map((e) => e.idempotencyKey))).toEqual(new Set(keysEnqueued));
    expect(mock.requests).toHaveLength(30);
    const perKey = new Map<string, number>();
    for (const k of requestKeys()) perKey.set(k!, (perKey.get(k!) ?? 0) + 1);
    expect(perKey.size).toBe(30);
    expect([...perKey.values()].every((count) => count === 1)).toBe(true);

    const rows = await world.database.db.select().from(emailOutbox);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.sealedSecrets === null)).toBe(true);
  });

  it("serialises two workers sharing one client: every row once", async () => {
    for (let i = 0; i < 30; i++) await enqueueSignIn({ key: `sign-in/shared-${i}` });
    const workers = [worker({ batchSize: 3 }), worker({ batchSize: 3 })];
    const counts = await Promise.all(
      workers.map(async (w) => {
        let handled = 0;
        for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) handled += n;
        return handled;
      }),
    );
    expect(counts[0]! + counts[1]!).toBe(30);
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(mock.sent).toHaveLength(30);
    expect(new Set(requestKeys()).size).toBe(30);
    expect(mock.requests).toHaveLength(30);
  });

  it("takes over a row whose worker died mid-send once the lease has expired", async () => {
    const { key } = await enqueueSignIn();
    // A worker claimed the row and died before settling it.
    await world.database.write((tx) =>
      tx
        .update(emailOutbox)
        .set({ status: "sending", leaseOwner: "dead-worker", leaseUntil: START + 60_000, attempts: 1 })
        .where(eq(emailOutbox.idempotencyKey, key)),
    );
    const w = worker();

    world.t = START + 59_999;
    expect(await w.runOnce()).toBe(0);
    expect(mock.requests).toHaveLength(0);

    world.t = START + 60_000;
    expect(await w.runOnce()).toBe(1);
    const r = await row(key);
    expect(r).toMatchObject({ status: "sent", attempts: 2, leaseOwner: null, sealedSecrets: null, sentAt: START + 60_000 });
    expect(mock.sent.map((e) => e.idempotencyKey)).toEqual([key]);
  });

  it("a late outcome from a worker whose lease was taken over changes nothing", async () => {
    const { key } = await enqueueSignIn();
    const fast = worker({ leaseMs: 1000 });
    // The slow worker's send hangs past its lease; meanwhile another worker takes the row over
    // and sends it. Then the slow send fails: that must not put the sent row back.
    const slowTransport = {
      name: "slow",
      async send() {
        world.t = START + 1000;
        expect(await fast.runOnce()).toBe(1);
        return { ok: false as const, kind: "retryable" as const, error: "timeout" };
      },
    };
    const slow = createOutboxWorker({
      database: world.database,
      transport: slowTransport,
      keys,
      logger: world.logger,
      from: FROM,
      now,
      leaseMs: 1000,
    });
    expect(await slow.runOnce()).toBe(1);

    const r = await row(key);
    expect(r).toMatchObject({ status: "sent", attempts: 2, lastError: null, sealedSecrets: null });
    world.t += 24 * 60 * 60_000;
    expect(await fast.runOnce()).toBe(0);
    expect(requestKeys()).toEqual([key]);
  });
});
