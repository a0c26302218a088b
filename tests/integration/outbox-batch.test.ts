import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox } from "#db/schema";
import { START, transport } from "#tests/support/outbox-world";
import type { GuardResult, OutboxRow } from "~/domain/notifications/email-guard.server";
import { type EmailTransport } from "~/server/email-transport.server";
import { createDatabaseSendSlots, createSendRate, type SendRate } from "~/server/send-rate.server";
import { batchWorld, maxCallsPerSecond } from "./outbox-batch-world";

const world = batchWorld();
const { mock, now, sleep, enqueueMany, worker, drain, rows, deliveriesPerKey } = world;

describe("batch sending through Resend", () => {
  it("sends 250 due emails in 3 batch calls of at most 100, one key per call, never faster than 2 calls a second", async () => {
    const enqueued = await enqueueMany(250);
    await drain(worker());

    const batchCalls = mock.calls.filter((c) => c.path === "/emails/batch");
    expect(mock.calls).toHaveLength(3);
    expect(batchCalls.map((c) => c.size)).toEqual([100, 100, 50]);
    expect(batchCalls.every((c) => c.status === 200)).toBe(true);
    const batchKeys = batchCalls.map((c) => c.idempotencyKey);
    expect(new Set(batchKeys).size).toBe(3);
    expect(batchKeys.every((k) => /^batch\/[0-9a-f-]{36}$/.test(k!))).toBe(true);

    // Each email once, traceable by its own key in X-Entity-Ref-ID.
    expect(mock.sent).toHaveLength(250);
    expect(new Set(mock.sent.map((e) => e.idempotencyKey))).toEqual(new Set(enqueued));
    expect(mock.sent.every((e) => e.headers["X-Entity-Ref-ID"] === e.idempotencyKey)).toBe(true);
    expect(mock.sent[0]!.subject).toBe("Uw inloglink voor Noaber");
    expect(mock.sent[0]!.text).toContain("K7M2QX");

    expect(maxCallsPerSecond(mock.calls)).toBeLessThanOrEqual(2);
    // A sliding window of 2 calls a second: the first two together, the third one second later.
    expect(mock.calls.map((c) => c.at - START)).toEqual([0, 0, 1000]);

    const all = await rows();
    expect(all.every((r) => r.status === "sent" && r.attempts === 1 && r.sealedSecrets === null && r.leaseOwner === null)).toBe(true);
    // The rows remember the call that carried them, and their provider ids.
    const byBatch = new Map<string, number>();
    for (const r of all) byBatch.set(r.batchKey!, (byBatch.get(r.batchKey!) ?? 0) + 1);
    expect([...byBatch.entries()].sort((a, b) => b[1] - a[1]).map(([, n]) => n)).toEqual([100, 100, 50]);
    expect(new Set(all.map((r) => r.providerId)).size).toBe(250);
    const providerIdOf = new Map(mock.sent.map((e) => [e.idempotencyKey, e.id]));
    expect(all.every((r) => r.providerId === providerIdOf.get(r.idempotencyKey))).toBe(true);
  });

  it("sends a single due email with the single-email call and its own key", async () => {
    const [key] = await enqueueMany(1);
    expect(await worker().runOnce()).toBe(1);
    expect(mock.calls.map((c) => [c.path, c.idempotencyKey])).toEqual([["/emails", key]]);
    const [r] = await rows();
    expect(r).toMatchObject({ status: "sent", batchKey: null });
  });

  it("without sendInBatches sends one email per call (the pre-batch behaviour)", async () => {
    await enqueueMany(3);
    await drain(worker({ sendInBatches: false }));
    expect(mock.calls.map((c) => c.path)).toEqual(["/emails", "/emails", "/emails"]);
    expect(mock.calls.map((c) => c.at - START)).toEqual([0, 0, 1000]);
    expect((await rows()).every((r) => r.batchKey === null && r.status === "sent")).toBe(true);
  });

  it("a 429 in the middle slows the worker down and every email still goes out exactly once", async () => {
    const enqueued = await enqueueMany(250);
    const w = worker({ maxAttempts: 1 });
    expect(await w.runOnce()).toBe(100);
    mock.failNext({
      status: 429,
      headers: { "retry-after": "3" },
      body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
    });
    expect(await w.runOnce()).toBe(100);

    // The limited batch is back to pending, unattempted, still under its key, due after retry-after.
    const limitedKey = mock.calls[1]!.idempotencyKey!;
    const limited = (await rows()).filter((r) => r.batchKey === limitedKey);
    expect(limited).toHaveLength(100);
    expect(
      limited.every((r) => r.status === "pending" && r.attempts === 0 && r.runAt === mock.calls[1]!.at + 3000 && r.sealedSecrets !== null),
    ).toBe(true);
    expect(world.logger.entries.filter((e) => e.msg === "email rate limited")).toHaveLength(100);

    await drain(w);

    expect(mock.calls.map((c) => c.status)).toEqual([200, 429, 200, 200]);
    // Nothing reached the provider before retry-after was over, and the pace then halved (2 calls in 2 s).
    expect(mock.calls[2]!.at - mock.calls[1]!.at).toBe(3000);
    expect(maxCallsPerSecond(mock.calls)).toBeLessThanOrEqual(2);
    expect(maxCallsPerSecond(mock.calls.slice(2), 2000)).toBeLessThanOrEqual(2);
    // The re-sent batch is the same rows under the same key.
    expect(mock.calls[3]!.idempotencyKey).toBe(limitedKey);
    expect(mock.calls[3]!.size).toBe(100);

    const counts = deliveriesPerKey();
    expect(counts.size).toBe(250);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(enqueued));
    // maxAttempts is 1: had the 429 used up an attempt, these rows would be dead.
    const all = await rows();
    expect(all.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("does not send rows the guard cancels, and passes the guard's headers on", async () => {
    await enqueueMany(5, (n) => (n % 2 === 0 ? `stale-${n}@example.org` : `person-${n}@example.org`));
    const asked: number[] = [];
    const guard = async (row: OutboxRow): Promise<GuardResult> => {
      asked.push(row.id);
      if (row.toAddress.startsWith("stale-")) return { send: false, reason: "session cancelled" };
      const unsubscribeUrl = `http://localhost:3000/unsubscribe/${row.id}`;
      return {
        send: true,
        unsubscribeUrl,
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      };
    };
    await drain(worker({ guard }));

    expect(asked).toHaveLength(5);
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]).toMatchObject({ path: "/emails/batch", size: 2 });
    expect(mock.sent.map((e) => e.to[0]).sort()).toEqual(["person-1@example.org", "person-3@example.org"]);
    for (const email of mock.sent) {
      expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(email.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/\d+>$/);
      // The guard's unsubscribe link also reaches the rendered footer, in both parts.
      const url = email.headers["List-Unsubscribe"]!.slice(1, -1);
      expect(email.html).toContain(url);
      expect(email.text).toContain(url);
    }

    const all = await rows();
    const cancelled = all.filter((r) => r.toAddress.startsWith("stale-"));
    expect(cancelled).toHaveLength(3);
    expect(
      cancelled.every(
        (r) => r.status === "cancelled" && r.lastError === "session cancelled" && r.sealedSecrets === null && r.leaseOwner === null,
      ),
    ).toBe(true);
    expect(all.filter((r) => r.status === "sent")).toHaveLength(2);
    const logged = world.logger.entries.filter((e) => e.msg === "email cancelled");
    expect(logged).toHaveLength(3);
    expect(logged[0]!.fields).toMatchObject({ reason: "session cancelled", to: "s***@e***.org" });
    expect(world.logger.lines()).not.toContain("stale-0@");
  });

  it("a guard that cancels a single email: nothing is sent", async () => {
    await enqueueMany(1);
    await drain(worker({ guard: async () => ({ send: false, reason: "kind switched off" }) }));
    expect(mock.calls).toHaveLength(0);
    expect((await rows())[0]).toMatchObject({ status: "cancelled", lastError: "kind switched off", sealedSecrets: null });
  });

  it("a crash after the provider accepted a batch: the re-claimed batch goes out under the same key and nobody gets it twice", async () => {
    const enqueued = await enqueueMany(40);
    // This worker dies after the provider accepted its call: it never records the outcome.
    const dying: EmailTransport = {
      name: "dying",
      send: () => new Promise(() => {}),
      sendBatch: async (emails, options) => {
        await transport.sendBatch!(emails, options);
        return new Promise(() => {});
      },
    };
    const crashed = worker({ transport: dying, leaseMs: 60_000 });
    void crashed.runOnce();
    for (let i = 0; i < 200 && mock.calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mock.calls).toHaveLength(1);
    expect(mock.sent).toHaveLength(40);
    const key = mock.calls[0]!.idempotencyKey!;

    const inFlight = await rows();
    expect(inFlight.every((r) => r.status === "sending" && r.batchKey === key)).toBe(true);

    // Before the lease runs out nobody touches the rows; after it, another worker takes the batch over.
    const takeOver = worker();
    world.t = START + 59_999;
    expect(await takeOver.runOnce()).toBe(0);
    world.t = START + 60_000;
    expect(await takeOver.runOnce()).toBe(40);

    expect(mock.calls.map((c) => c.idempotencyKey)).toEqual([key, key]);
    expect(mock.calls[1]!.size).toBe(40);
    const counts = deliveriesPerKey();
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(enqueued));
    const after = await rows();
    expect(after.every((r) => r.status === "sent" && r.attempts === 2 && r.batchKey === key && r.sealedSecrets === null)).toBe(true);
    // The provider answered the repeat with the first call's ids.
    const providerIdOf = new Map(mock.sent.map((e) => [e.idempotencyKey, e.id]));
    expect(after.every((r) => r.providerId === providerIdOf.get(r.idempotencyKey))).toBe(true);
  });

  it("a 5xx or network failure retries the whole batch with backoff, the same rows and the same key", async () => {
    await enqueueMany(10);
    mock.failNext({ status: 500 }, "network-error");
    const w = worker();

    expect(await w.runOnce()).toBe(10);
    let all = await rows();
    const key = all[0]!.batchKey!;
    // Attempt 1: ceiling 1000 ms, equal jitter 500 + 0.5 × 500; one delay for the whole batch.
    expect(all.every((r) => r.status === "pending" && r.attempts === 1 && r.batchKey === key && r.runAt === mock.calls[0]!.at + 750)).toBe(
      true,
    );

    world.t = mock.calls[0]!.at + 750;
    expect(await w.runOnce()).toBe(10);
    all = await rows();
    expect(all.every((r) => r.status === "pending" && r.attempts === 2 && r.batchKey === key)).toBe(true);

    world.t = all[0]!.runAt;
    expect(await w.runOnce()).toBe(10);
    expect(mock.calls.map((c) => [c.idempotencyKey, c.size])).toEqual([
      [key, 10],
      [key, 10],
      [key, 10],
    ]);
    expect(mock.sent).toHaveLength(10);
    expect((await rows()).every((r) => r.status === "sent" && r.attempts === 3)).toBe(true);
  });

  it("an email retried after a failed single send goes out alone under its own key, never inside a new batch", async () => {
    const [single] = await enqueueMany(1, undefined, "first");
    mock.failNext("network-error");
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    // The provider may have accepted it before the connection broke: only its own key protects it.
    expect((await rows())[0]).toMatchObject({ status: "pending", attempts: 1, batchKey: null });

    const later = await enqueueMany(4, undefined, "later");
    world.t = START + 750;
    await drain(w);

    const calls = mock.calls.map((c) => [c.path, c.path === "/emails" ? c.idempotencyKey : c.size]);
    expect(calls).toHaveLength(3);
    expect(calls).toContainEqual(["/emails/batch", 4]);
    expect(calls.filter(([p]) => p === "/emails")).toEqual([
      ["/emails", single],
      ["/emails", single],
    ]);
    expect(
      mock.sent
        .filter((e) => e.batchKey)
        .map((e) => e.idempotencyKey)
        .sort(),
    ).toEqual([...later].sort());
    expect((await rows()).every((r) => r.status === "sent")).toBe(true);
  });

  it("one invalid address does not hold up the rest of its batch: it alone is dead", async () => {
    await enqueueMany(5, (n) => (n === 2 ? "not-an-address" : `person-${n}@example.org`));
    await drain(worker());

    expect(mock.calls).toHaveLength(1);
    expect(mock.sent).toHaveLength(4);
    const all = await rows();
    const bad = all.find((r) => r.toAddress === "not-an-address")!;
    expect(bad).toMatchObject({ status: "dead", sealedSecrets: null });
    expect(bad.lastError).toContain("Invalid `to` field");
    expect(all.filter((r) => r.status === "sent")).toHaveLength(4);
    // Each good row got its own provider id, not its neighbour's.
    const providerIdOf = new Map(mock.sent.map((e) => [e.idempotencyKey, e.id]));
    expect(all.filter((r) => r.status === "sent").every((r) => r.providerId === providerIdOf.get(r.idempotencyKey))).toBe(true);
    expect(world.logger.entries.filter((e) => e.msg === "email dead")).toHaveLength(1);
  });

  it("a row whose template cannot render leaves the batch; the others go out together", async () => {
    await enqueueMany(3);
    await world.database.write((tx) =>
      tx
        .update(emailOutbox)
        .set({ props: { wrong: true } })
        .where(eq(emailOutbox.idempotencyKey, "sign-in/batch-1")),
    );
    await drain(worker());
    expect(mock.calls.map((c) => c.size)).toEqual([2]);
    const broken = (await rows()).find((r) => r.idempotencyKey === "sign-in/batch-1")!;
    expect(broken).toMatchObject({ status: "dead", batchKey: null });
    expect(broken.lastError).toContain("EmailRenderError");
  });

  it("two workers sharing the outbox send every row once", async () => {
    const enqueued = await enqueueMany(230);
    const rate = createSendRate({ ratePerSecond: 2, now, sleep });
    const workers = [worker({ sendRate: rate }), worker({ sendRate: rate })];
    const counts = await Promise.all(
      workers.map(async (w) => {
        let handled = 0;
        for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) handled += n;
        return handled;
      }),
    );
    expect(counts[0]! + counts[1]!).toBe(230);
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(mock.calls.every((c) => c.size <= 100)).toBe(true);
    expect(maxCallsPerSecond(mock.calls)).toBeLessThanOrEqual(2);
    const perKey = deliveriesPerKey();
    expect(new Set(perKey.keys())).toEqual(new Set(enqueued));
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
  });

  it("two workers in one database share the send rate: together never more than 2 calls in any second", async () => {
    const enqueued = await enqueueMany(8);
    // Two pacers as two worker processes would have them: each its own queue, the slots in the database.
    const shared = () => createSendRate({ ratePerSecond: 2, now, sleep, slots: createDatabaseSendSlots(world.database, 2) });
    const workers = [worker({ sendRate: shared(), batchSize: 2 }), worker({ sendRate: shared(), batchSize: 2 })];
    await Promise.all(
      workers.map(async (w) => {
        for (let n = await w.runOnce(); n > 0; n = await w.runOnce());
      }),
    );
    expect(mock.calls).toHaveLength(4);
    expect(mock.calls.every((c) => c.status === 200)).toBe(true);
    expect(maxCallsPerSecond(mock.calls)).toBeLessThanOrEqual(2);
    const perKey = deliveriesPerKey();
    expect(new Set(perKey.keys())).toEqual(new Set(enqueued));
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
  });

  it("shared slots: two pacers on one database start at most 2 calls in any second, and a 429 pauses both", async () => {
    const a = createSendRate({ ratePerSecond: 2, marginMs: 15, now, sleep, slots: createDatabaseSendSlots(world.database, 2) });
    const b = createSendRate({ ratePerSecond: 2, marginMs: 15, now, sleep, slots: createDatabaseSendSlots(world.database, 2) });
    const starts: number[] = [];
    const take = async (rate: SendRate) => {
      await rate.take();
      starts.push(now() - START);
    };
    for (const rate of [a, b, a, b, b, a]) await take(rate);
    expect(starts).toEqual([0, 0, 1015, 1015, 2030, 2030]);

    // B hears 429 with retry-after 3 s: A, which saw nothing, waits it out too.
    await b.slowDown(3000);
    await take(a);
    expect(starts.at(-1)).toBe(2030 + 3000);
    expect(maxCallsPerSecond(starts.map((at) => ({ at })))).toBe(2);
  });

  it("with rounds running at once, the next batch is claimed and rendered while a call is in flight", async () => {
    const enqueued = await enqueueMany(6);
    let claimedWhileFirstCallOut: string[] | null = null;
    const watching: EmailTransport = {
      name: "watching",
      send: (email) => transport.send(email),
      sendBatch: async (emails, options) => {
        if (claimedWhileFirstCallOut === null) {
          // Hold the first call until another round has claimed its batch (or give up after 2 s).
          for (let i = 0; i < 200; i++) {
            const sending = await world.database.db
              .selectDistinct({ batchKey: emailOutbox.batchKey })
              .from(emailOutbox)
              .where(eq(emailOutbox.status, "sending"));
            claimedWhileFirstCallOut = sending.map((r) => r.batchKey!).filter((k) => k !== options.idempotencyKey);
            if (claimedWhileFirstCallOut.length > 0) break;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
        return transport.sendBatch!(emails, options);
      },
    };
    const w = worker({ transport: watching, concurrency: 2, pollIntervalMs: 10, batchSize: 2 });
    w.start();
    for (let i = 0; i < 500; i++) {
      const open = await world.database.db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(inArray(emailOutbox.status, ["pending", "sending"]));
      if (open.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await w.stop();

    expect(claimedWhileFirstCallOut).toHaveLength(1);
    expect(mock.calls.map((c) => c.size)).toEqual([2, 2, 2]);
    expect(maxCallsPerSecond(mock.calls)).toBeLessThanOrEqual(2);
    const perKey = deliveriesPerKey();
    expect(new Set(perKey.keys())).toEqual(new Set(enqueued));
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect((await rows()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});
