import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { user } from "#db/schema";
import { retentionPeriod, runRetention } from "~/domain/privacy";
import { periodBefore } from "~/domain/scheduling";
import { createResendTransport } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { createResendMock, RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL } from "#tests/mocks/resend";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { createMemoryLogger } from "#tests/support/logger";

// The inactive-account warning (retention, decision 034) as people get it: queued by the daily job,
// sent by the outbox worker through Resend, in the person's language, with a link to sign in.

/** Thursday 3 December 2026, 13:00 in Amsterdam. */
const NOW = Date.UTC(2026, 11, 3, 12, 0);
const inactiveSince = periodBefore(NOW, retentionPeriod("inactiveWarning"), "Europe/Amsterdam") - 60_000;

let database: TestDatabase;
const mock = createResendMock();

beforeAll(async () => {
  database = await createTestDatabase();
  mock.server.listen({
    // Loopback is the libSQL server when the suite runs against sqld (TEST_DATABASE=sqld).
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
});
afterAll(async () => {
  mock.server.close();
  await database.cleanup();
});

describe("the inactive-account warning", () => {
  test("reaches a Dutch and an English account in their language, with a sign-in link and the date", async () => {
    const [dutch, english] = await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const area = await createNeighbourhood(tx, { municipalityId: town.id });
      return [
        await createUser(tx, { neighbourhoodId: area.id, name: "Anna de Vries", lastActiveAt: inactiveSince }),
        await createUser(tx, { neighbourhoodId: area.id, name: "Ben Smith", locale: "en", lastActiveAt: inactiveSince }),
      ];
    });
    const counts = await runRetention({ ctx: await ctxAs(database, null, { now: () => NOW }) });
    expect(counts.inactiveWarning).toBe(2);

    const worker = createOutboxWorker({
      database,
      transport: createResendTransport(RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL),
      keys: defaultTestKeys,
      logger: createMemoryLogger(),
      from: "Noaber <noreply@noaber.test>",
      now: () => NOW,
    });
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());

    const toDutch = mock.sent.find((m) => m.to.includes(dutch!.email))!;
    const toEnglish = mock.sent.find((m) => m.to.includes(english!.email))!;
    expect(mock.sent).toHaveLength(2);
    expect(toDutch.subject).toBe("Wilt u uw account bij Noaber houden?");
    expect(toDutch.text).toContain("Anna de Vries");
    expect(toDutch.text).toContain("verwijderen we uw account vanaf 3 januari 2027");
    expect(toEnglish.subject).toBe("Do you want to keep your Noaber account?");
    expect(toEnglish.text).toContain("we will delete your account from 3 January 2027");
    for (const mail of [toDutch, toEnglish]) {
      expect(mail.html).toContain("http://localhost:3000/login");
      expect(mail.idempotencyKey).toMatch(/^account-inactive\/\d+\/\d+$/);
    }
    // The warning is recorded once: a second run sends nothing more.
    await runRetention({ ctx: await ctxAs(database, null, { now: () => NOW + 60_000 }) });
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
    expect(mock.sent).toHaveLength(2);
    expect((await database.db.query.user.findFirst({ where: eq(user.id, dutch!.id) }))?.inactivityWarnedAt).toBe(NOW);
  });
});
