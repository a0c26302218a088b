import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox } from "#db/schema";
import { START } from "#tests/support/outbox-world";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import { keys, outboxWorld } from "./outbox-worker-world";

const world = outboxWorld();
const { mock, ctxFor, enqueueSignIn, worker, row } = world;

describe("enqueueEmail", () => {
  it("is atomic with the caller's transaction: a rollback leaves no row", async () => {
    await expect(
      world.database.write(async (tx) => {
        await enqueueEmail(ctxFor(world.database), tx, {
          template: "sign-in",
          idempotencyKey: "sign-in/rolled-back",
          to: "rollback@example.org",
          locale: "nl",
          timeZone: "Europe/Amsterdam",
          props: { name: null, expiresInMinutes: 10 },
          secrets: { link: "http://localhost:3000/login/verify?token=abc", code: "K7M2QX" },
        });
        // The row is visible inside the transaction...
        expect(await tx.select().from(emailOutbox)).toHaveLength(1);
        throw new Error("the change that caused the mail failed");
      }),
    ).rejects.toThrow("the change that caused the mail failed");

    // ...and gone after the rollback.
    expect(await world.database.db.select().from(emailOutbox)).toHaveLength(0);
    expect(await worker().runOnce()).toBe(0);
    expect(mock.requests).toHaveLength(0);
  });

  it("ignores a second enqueue with the same idempotency key", async () => {
    await enqueueSignIn({ key: "sign-in/once", to: "first@example.org" });
    world.t += 1000;
    await enqueueSignIn({ key: "sign-in/once", to: "second@example.org" });

    const rows = await world.database.db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, "sign-in/once"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.toAddress).toBe("first@example.org");
    expect(rows[0]!.createdAt).toBe(START);

    expect(await worker().runOnce()).toBe(1);
    expect(mock.sent).toHaveLength(1);
    expect(mock.sent[0]!.to).toEqual(["first@example.org"]);
  });

  it("stores the row with the context's clock, pending and unattempted", async () => {
    world.t = START + 123;
    const { key } = await enqueueSignIn({ locale: "en" });
    const r = await row(key);
    expect(r).toMatchObject({
      status: "pending",
      attempts: 0,
      runAt: START + 123,
      createdAt: START + 123,
      locale: "en",
      template: "sign-in",
    });
    expect(r.props).toEqual({ name: "Anna de Vries", expiresInMinutes: 10 });
    expect(keys.open(r.sealedSecrets!)).toEqual({ link: expect.stringContaining("/login/verify?token="), code: "K7M2QX" });
  });
});
