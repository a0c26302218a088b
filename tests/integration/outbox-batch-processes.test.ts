import { describe, expect, it } from "vitest";
import { mailboxMessage } from "#db/schema";
import { startChildWorker } from "#tests/support/outbox-child";
import { FROM, transport } from "#tests/support/outbox-world";
import { createMailboxTransport } from "~/server/email-transport.server";
import { batchWorld, keys } from "./outbox-batch-world";

const world = batchWorld();
const { mock, now, enqueueMany, worker, drain, rows, deliveriesPerKey } = world;

describe("batch sending from two processes", () => {
  it("two workers here and one in a second process: every row in exactly one batch call, sent once", async () => {
    const enqueued = await enqueueMany(240);
    const child = await startChildWorker({
      url: world.database.url,
      now: world.t,
      batchSize: 30,
      sendInBatches: true,
      secrets: keys.secrets,
      from: FROM,
      transport,
    });
    const workers = [worker({ sendRate: undefined, batchSize: 30 }), worker({ sendRate: undefined, batchSize: 30 })];
    const drainOne = async (w: (typeof workers)[number]) => {
      let handled = 0;
      for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) handled += n;
      return handled;
    };
    const [childHandled, ...handled] = await Promise.all([child.run(), ...workers.map(drainOne)]);
    const rest = await drainOne(workers[0]!);

    expect(childHandled).toBeGreaterThan(0);
    expect(childHandled + handled.reduce((a, b) => a + b, 0) + rest).toBe(240);
    // No call repeated a key: no row was ever claimed by two workers.
    expect(mock.calls.every((c) => c.status === 200)).toBe(true);
    expect(new Set(mock.calls.map((c) => c.idempotencyKey)).size).toBe(mock.calls.length);
    expect(mock.calls.reduce((sum, c) => sum + c.size, 0)).toBe(240);
    const perKey = deliveriesPerKey();
    expect(new Set(perKey.keys())).toEqual(new Set(enqueued));
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    const all = await rows();
    expect(all.every((r) => r.status === "sent" && r.attempts === 1 && r.batchKey !== null)).toBe(true);
  });
});

describe("batch sending into the local mailbox", () => {
  it("stores each email of a batch once, also when the batch is sent again", async () => {
    const mailbox = createMailboxTransport(world.database, now);
    await enqueueMany(3);
    await drain(worker({ transport: mailbox, sendRate: undefined }));
    const stored = await world.database.db.select().from(mailboxMessage);
    expect(stored.map((m) => m.idempotencyKey).sort()).toEqual(["sign-in/batch-0", "sign-in/batch-1", "sign-in/batch-2"]);
    expect((await rows()).every((r) => r.status === "sent" && r.batchKey !== null)).toBe(true);

    const again = await mailbox.sendBatch!(
      stored.map((m) => ({
        from: m.fromAddress,
        to: m.toAddress,
        subject: m.subject,
        html: m.html,
        text: m.text,
        idempotencyKey: m.idempotencyKey,
      })),
      { idempotencyKey: "batch/again" },
    );
    expect(again.every((r) => r.ok)).toBe(true);
    expect(await world.database.db.select().from(mailboxMessage)).toHaveLength(3);
  });
});
